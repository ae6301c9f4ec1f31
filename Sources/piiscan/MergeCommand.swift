import ArgumentParser
import Foundation
import PIIModel
import PIIReport

/// Output formats of `piiscan merge`: the report formats that carry the summary's sketches, so
/// that a merged report can be merged and estimated again. (SARIF would need the rule set, CSV
/// and text lose the sketches.)
enum MergeFormat: String, ExpressibleByArgument, CaseIterable {
    case json, ndjson

    var reportFormat: ReportFormat { self == .json ? .json : .ndjson }
}

/// `piiscan merge REPORT...`: combines shard reports exactly.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine scan reports of disjoint inputs (shards) into one report.",
        discussion: """
            Counts add, column summaries combine, distinct-value sketches merge exactly (HyperLogLog registers \
            take the maximum, exact samples add), so the merged report equals the report of one scan over all \
            inputs. Findings and input errors are concatenated in argument order. Reports must be made with the \
            same --key-file or PIISCAN_KEY and the same detection settings (rules, --min-confidence, --only, \
            --sample-rows, --baseline, .piiscan.toml policy, --no-decode), and cover disjoint inputs: the same report twice, or two reports \
            naming the same input, is an error. Exit code: as for a scan of everything (0, 1 findings, 2 incomplete).
            """)

    @Argument(help: "Scan reports (JSON or NDJSON; '-' reads standard input).")
    var reports: [String]

    @Option(help: "Output format: json or ndjson (the formats merge and estimate read back).")
    var format: MergeFormat = .json

    @Option(name: [.short, .long], help: "Write the merged report to FILE (atomically, mode 0600).")
    var output: String?

    func validate() throws {
        if reports.isEmpty { throw ValidationError("give at least one report") }
    }

    func run() throws {
        var disjoint = DisjointReports()
        if let problem = disjoint.checkFiles(reports) { throw fail(problem) }
        let destination = try ReportDestination(path: output)
        let reporter = makeReporter(format.reportFormat, sink: destination.sink)
        var merged: ScanSummary?
        var warnedAboutValues = false
        do {
            // One report in memory at a time: its findings stream out before the next is read.
            for path in reports {
                let document: ReportDocument
                do {
                    document = try ReportReader.read(path: path)
                } catch {
                    destination.discard()
                    throw fail("\(error)")
                }
                if let problem = disjoint.admit(document, from: path) {
                    destination.discard()
                    throw fail(problem)
                }
                if !warnedAboutValues, document.findings.contains(where: { $0.value != nil }) {
                    // The same warning as `scan --show-values`: the values are copied through.
                    FileHandle.standardError.write(
                        "piiscan: warning: '\(path)' was made with --show-values: the merged report prints raw personal data\n")
                    warnedAboutValues = true
                }
                if !document.summary.complete {
                    FileHandle.standardError.write(
                        "piiscan: warning: '\(path)' is marked incomplete (its scan was interrupted or could not read everything): so is the merged report (exit code 2)\n")
                }
                for finding in document.findings { try reporter.finding(finding) }
                for issue in document.issues { try reporter.issue(issue) }
                if merged == nil {
                    merged = document.summary
                } else {
                    do {
                        try merged!.merge(document.summary)
                    } catch {
                        destination.discard()
                        throw fail("\(path): \(error)")
                    }
                }
            }
            try reporter.finish(merged!)
        } catch let error as OutputSink.Failure {
            destination.discard()
            if case .brokenPipe = error { throw ExitCode(2) }
            throw fail("cannot write the merged report: \(error)")
        }
        try destination.commit()
        if !merged!.complete { throw ExitCode(2) }
        throw ExitCode(merged!.exposures > 0 ? 1 : 0)
    }
}
