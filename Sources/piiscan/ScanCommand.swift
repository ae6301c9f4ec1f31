#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIModel
import PIIReport
import PIIRules
import PIIScan

extension ReportFormat: ExpressibleByArgument {}

/// `piiscan scan`: the default command.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, directories (recursively), gzip archives or standard input.")

    @Argument(help: "Files or directories to scan; '-' reads standard input (the default when it is a pipe).")
    var paths: [String] = []

    @Option(help: "Report format: text, json or ndjson.")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: "Write the report to FILE (atomically, mode 0600) instead of standard output.")
    var output: String?

    @Option(help: "Worker threads (default: number of cores).")
    var threads: Int?

    @Option(help: "Directory of extra *.toml rule files; a rule with a built-in id replaces it.")
    var rules: String?

    @Option(
        help: ArgumentHelp("Report only these categories (comma-separated; 'kr-rrn' includes 'kr-rrn-masked').",
            valueName: "CATEGORY,..."))
    var only: [String] = []

    @Option(help: "Report findings with at least this confidence (0–1).")
    var minConfidence: Double = 0.5

    @Flag(help: "Print raw matched values. Reports then contain personal data: handle them accordingly.")
    var showValues = false

    @Option(help: ArgumentHelp("Skip paths matching GLOB (gitignore syntax; repeatable).", valueName: "GLOB"))
    var exclude: [String] = []

    @Flag(help: "Do not read .piiscanignore files.")
    var noIgnore = false

    @Option(help: "File whose contents key the fingerprints (default: $PIISCAN_KEY, else a random key per run).")
    var keyFile: String?

    @Option(help: "Colour in text reports: auto, always or never.")
    var color: String = "auto"

    @Option(
        help: ArgumentHelp(
            "Scan a uniformly random sample of N rows per database table (the same rows on every run); the column summary records each table's row count.",
            valueName: "N"))
    var sampleRows: Int?

    @Option(help: "Stop decompressing a gzip input past this ratio of decompressed to compressed bytes (gzip bombs; 0: no limit).")
    var gzipMaxRatio: Int64 = 1000
    @Option(help: ArgumentHelp("Stop decompressing a gzip input after this many bytes (K/M/G/T suffixes; 0: no limit).", valueName: "SIZE"))
    var gzipMaxSize = ByteSize(bytes: 64 << 30)
    @Option(help: .hidden) var gzipRatioAfter: ByteSize?

    @Option(help: .hidden) var bufferSize: Int?
    @Option(help: .hidden) var chunkSize: Int64?

    func validate() throws {
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let bufferSize, bufferSize < 4096 { throw ValidationError("--buffer-size must be at least 4096") }
        if let chunkSize, chunkSize < 1 { throw ValidationError("--chunk-size must be positive") }
        if gzipMaxRatio < 0 { throw ValidationError("--gzip-max-ratio must not be negative") }
        if let sampleRows, sampleRows < 1 { throw ValidationError("--sample-rows must be at least 1") }
        guard ["auto", "always", "never"].contains(color) else { throw ValidationError("--color must be auto, always or never") }
    }

    func run() throws {
        let ruleSet: RuleSet
        do {
            ruleSet = try loadRules(rules)
        } catch {
            throw fail("rules: \(error)")
        }

        var configuration = ScanConfiguration()
        if let threads { configuration.threads = threads }
        if let bufferSize { configuration.bufferSize = bufferSize }
        if let chunkSize { configuration.chunkSize = chunkSize }
        configuration.minConfidence = minConfidence
        configuration.gzipLimits.maxRatio = gzipMaxRatio > 0 ? gzipMaxRatio : nil
        configuration.gzipLimits.maxBytes = gzipMaxSize.bytes > 0 ? gzipMaxSize.bytes : nil
        if let gzipRatioAfter { configuration.gzipLimits.ratioAfterBytes = gzipRatioAfter.bytes }
        configuration.showValues = showValues
        configuration.sampleRows = sampleRows.map(Int64.init)
        configuration.excludes = exclude
        configuration.useIgnoreFiles = !noIgnore
        let categories = only.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if !categories.isEmpty {
            let known = Set(ruleSet.rules.map(\.category.rawValue) + Category.builtIn.map(\.rawValue) + ["kr-frn"])
            for name in categories where !known.contains(name) && !known.contains(name + "-masked") {
                throw fail("--only: unknown category '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
            }
            configuration.onlyCategories = Set(categories.map { Category($0) })
        }
        configuration.fingerprinter = try makeFingerprinter()

        let scanner: ScanEngine
        do {
            scanner = try ScanEngine(configuration: configuration, rules: ruleSet)
        } catch {
            throw fail("rules: \(error)")
        }

        var inputs = paths
        if inputs.isEmpty { inputs = isatty(STDIN_FILENO) == 1 ? ["."] : ["-"] }
        if showValues {
            FileHandle.standardError.write("piiscan: warning: --show-values prints raw personal data\n")
        }

        let destination = try ReportDestination(path: output)
        let useColor = color == "always" || (color == "auto" && output == nil && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let reporter = makeReporter(format, sink: destination.sink, color: useColor)

        let entries = Walker(excludes: exclude, useIgnoreFiles: !noIgnore).walk(inputs)
        var wroteExposure = false
        var outputFailure: OutputSink.Failure?
        let summary = scanner.scan(entries) { event in
            guard outputFailure == nil else { return }
            do {
                switch event {
                case .finding(let finding):
                    try reporter.finding(finding)
                    if !finding.category.isMasked { wroteExposure = true }
                case .issue(let issue):
                    if issue.kind == .error {
                        FileHandle.standardError.write("piiscan: error: \(issue.path): \(issue.message)\n")
                    }
                    try reporter.issue(issue)
                }
            } catch let error as OutputSink.Failure {
                outputFailure = error
            } catch {
                outputFailure = .writeFailed("\(error)")
            }
        }
        if outputFailure == nil {
            do { try reporter.finish(summary) } catch { outputFailure = error }
        }
        switch outputFailure {
        case .brokenPipe?:
            // The reader went away (`| head`): stop quietly; the code still says what was found.
            destination.discard()
            throw ExitCode(wroteExposure ? 1 : 0)
        case .writeFailed(let reason)?:
            destination.discard()
            throw fail("cannot write the report: \(reason)")
        case nil:
            try destination.commit()
        }
        if !summary.complete { throw ExitCode(2) }
        throw ExitCode(summary.exposures > 0 ? 1 : 0)
    }

    private func makeFingerprinter() throws -> Fingerprinter {
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile), !data.isEmpty else {
                throw fail("--key-file: cannot read '\(keyFile)' (or it is empty)")
            }
            return Fingerprinter(secret: Array(data))
        }
        if let key = ProcessInfo.processInfo.environment["PIISCAN_KEY"], !key.isEmpty {
            return Fingerprinter(secret: Array(key.utf8))
        }
        return .random()
    }
}

/// Prints `piiscan: error: …` and returns the exit code for a usage/configuration error.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write("piiscan: error: \(message)\n")
    return ExitCode(2)
}

/// Standard output, or a temporary file renamed over `--output` only when the report is
/// complete, so a failed run never leaves a partial report that looks whole.
final class ReportDestination {
    let sink: OutputSink
    private let finalPath: String?
    private let temporaryPath: String?
    private let fd: Int32

    init(path: String?) throws {
        guard let path else {
            sink = OutputSink(fd: STDOUT_FILENO)
            finalPath = nil
            temporaryPath = nil
            fd = STDOUT_FILENO
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw fail("--output: cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        fd = descriptor
        sink = OutputSink(fd: descriptor)
        finalPath = path
        temporaryPath = temporary
    }

    func commit() throws {
        guard let finalPath, let temporaryPath else { return }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw fail("--output: cannot write '\(finalPath)': \(reason)")
        }
    }

    func discard() {
        guard let temporaryPath else { return }
        close(fd)
        unlink(temporaryPath)
    }
}
