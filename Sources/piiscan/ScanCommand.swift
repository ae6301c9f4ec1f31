#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIEstimate
import PIIModel
import PIIReport
import PIIRules
import PIIScan

extension ReportFormat: ExpressibleByArgument {}

/// `piiscan scan`: the default command.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, directories (recursively), compressed files and archives, office documents or standard input.")

    @Argument(help: "Files or directories to scan; '-' reads standard input (the default when it is a pipe).")
    var paths: [String] = []

    @Option(help: "Report format: text, json, ndjson, sarif, csv or csv-summary.")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: "Write the report to FILE (atomically, mode 0600) instead of standard output.")
    var output: String?

    @Option(
        help: ArgumentHelp(
            "SARIF: write at most N results (default 25000: GitHub code scanning rejects a run with more; 0: all). A warning notification counts the rest.",
            valueName: "N"))
    var sarifMaxResults: Int = SARIFReporter.gitHubResultLimit

    // `.unconditional`: `--threads -1` takes -1 as the value (and is refused by validate())
    // instead of failing with "Missing value" because -1 looks like an option.
    @Option(parsing: .unconditional, help: "Worker threads (default: number of cores).")
    var threads: Int?

    @Option(help: "Directory of extra *.toml rule files; a rule with a built-in id replaces it.")
    var rules: String?

    @Option(
        help: ArgumentHelp("Report only these categories (comma-separated; 'kr-rrn' includes 'kr-rrn-masked').",
            valueName: "CATEGORY,..."))
    var only: [String] = []

    @Option(parsing: .unconditional, help: "Report findings with at least this confidence (0–1; default 0.5, or min_confidence in .piiscan.toml).")
    var minConfidence: Double?

    @Flag(help: "Print raw matched values. Reports then contain personal data: handle them accordingly.")
    var showValues = false

    @Option(help: ArgumentHelp("Skip paths matching GLOB (gitignore syntax; repeatable).", valueName: "GLOB"))
    var exclude: [String] = []

    @Flag(help: "Do not read .piiscanignore files.")
    var noIgnore = false

    @Flag(help: "Report what `piiscan:allow` comments mark: for sweeps over data that people or programs write (logs, exports), where the marker could hide values.")
    var noInlineAllow = false

    @Option(help: "File whose contents key the fingerprints (default: $PIISCAN_KEY, else a random key per run).")
    var keyFile: String?

    @Flag(
        name: .shortAndLong,
        help: "Text report: print nothing when there is no finding and no error (skipped files and suppressed counts are not shown then), as the pre-commit hook does.")
    var quiet = false

    @Option(help: "Colour in text reports: auto, always or never.")
    var color: String = "auto"

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Scan a uniformly random sample of N rows per database table (the same rows on every run); the column summary records each table's row count.",
            valueName: "N"))
    var sampleRows: Int?

    @Flag(help: "After the report, estimate distinct people, legal duties and cost (see `piiscan estimate`, whose options are accepted here too).")
    var estimate = false

    @OptionGroup(visibility: .hidden) var estimateOptions: EstimateOptions

    @OptionGroup(title: "Commits, pull requests and project settings") var workflow: WorkflowOptions

    @OptionGroup(title: "Scheduled sweeps") var sweepOptions: SweepOptions

    @OptionGroup(title: "Scaling out (shards, path lists, JSON lines)") var scaleOut: ScaleOutOptions

    @Flag(help: "Do not look for values hidden by percent-encoding, \\u escapes, HTML entities, full-width forms or Base64.")
    var noDecode = false

    @Option(parsing: .unconditional, help: "Stop decompressing a gzip input past this ratio of decompressed to compressed bytes (gzip bombs; 0: no limit).")
    var gzipMaxRatio: Int64 = 1000
    @Option(help: ArgumentHelp("Stop decompressing a gzip input after this many bytes (K/M/G/T suffixes; 0: no limit).", valueName: "SIZE"))
    var gzipMaxSize = ByteSize(bytes: 64 << 30)
    @Option(help: .hidden) var gzipRatioAfter: ByteSize?

    @Option(help: .hidden) var bufferSize: Int?
    @Option(help: .hidden) var chunkSize: Int64?

    func validate() throws {
        if quiet && format != .text { throw ValidationError("--quiet applies to the text report (--format text)") }
        if let minConfidence, !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
        if workflow.staged || workflow.diff != nil {
            if workflow.staged && workflow.diff != nil { throw ValidationError("--staged and --diff cannot be combined") }
            if !paths.isEmpty { throw ValidationError("--staged and --diff scan the repository's changes: give no paths") }
        }
        try scaleOut.validate(paths: paths, gitMode: workflow.staged || workflow.diff != nil)
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if sarifMaxResults < 0 { throw ValidationError("--sarif-max-results must not be negative") }
        if let bufferSize, bufferSize < 4096 { throw ValidationError("--buffer-size must be at least 4096") }
        if let chunkSize, chunkSize < 1 { throw ValidationError("--chunk-size must be positive") }
        if gzipMaxRatio < 0 { throw ValidationError("--gzip-max-ratio must not be negative") }
        if let sampleRows, sampleRows < 1 { throw ValidationError("--sample-rows must be at least 1") }
        guard ["auto", "always", "never"].contains(color) else { throw ValidationError("--color must be auto, always or never") }
    }

    func run() throws {
        let ruleSet: RuleSet
        do {
            // The engine compiles the rules below (and reports a bad one the same way).
            ruleSet = try loadRules(rules, examples: false, compile: false)
        } catch {
            throw fail("rules: \(error)")
        }

        let settings = try WorkflowSettings(command: self, ruleSet: ruleSet)
        var configuration = ScanConfiguration()
        if let threads { configuration.threads = threads }
        if let bufferSize { configuration.bufferSize = bufferSize }
        if let chunkSize { configuration.chunkSize = chunkSize }
        configuration.minConfidence = settings.minConfidence
        configuration.gzipLimits.maxRatio = gzipMaxRatio > 0 ? gzipMaxRatio : nil
        configuration.gzipLimits.maxBytes = gzipMaxSize.bytes > 0 ? gzipMaxSize.bytes : nil
        if let gzipRatioAfter { configuration.gzipLimits.ratioAfterBytes = gzipRatioAfter.bytes }
        configuration.showValues = showValues
        if noInlineAllow { configuration.inlineSuppression = false }
        configuration.decodeValues = !noDecode
        configuration.sampleRows = sampleRows.map(Int64.init)
        configuration.excludes = settings.excludes
        configuration.useIgnoreFiles = !noIgnore
        // SARIF columns count UTF-16 code units; only that report pays for counting them.
        configuration.utf16Columns = format == .sarif
        scaleOut.apply(to: &configuration)
        let categories = only.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if !categories.isEmpty {
            let known = Set(ruleSet.rules.map(\.category.rawValue) + Category.builtIn.map(\.rawValue) + ["kr-frn", Category.rrnPartial.rawValue, Category.phoneSafe.rawValue])
            for name in categories where !known.contains(name) && !known.contains(name + "-masked") {
                throw fail("--only: unknown category '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
            }
            configuration.onlyCategories = Set(categories.map { Category($0) })
        }
        configuration.fingerprinter = try makeFingerprinter(configKeyFile: settings.project?.keyFile)
        let stableKey = hasStableKey || settings.project?.keyFile != nil
        try settings.applyPolicy(to: &configuration, ruleSet: ruleSet, stableKey: stableKey)
        if settings.diff != nil && (sweepOptions.state != nil || sweepOptions.olderThan != nil) {
            throw fail("--state and --older-than scan files, not a commit's added lines (--staged/--diff)")
        }
        let sweep = try ScanWorkflow(
            options: sweepOptions, rules: ruleSet, configuration: configuration, keyIsRandom: !stableKey,
            version: PiiScanCommand.configuration.version)

        let scanner: ScanEngine
        do {
            scanner = try ScanEngine(configuration: configuration, rules: ruleSet)
        } catch {
            throw fail("rules: \(error)")
        }

        var inputs = paths
        if settings.diff == nil {
            if let listed = try scaleOut.inputs(paths) {
                inputs = listed
            } else {
                inputs = !standardInputCarriesData() && scaleOut.stdinFormat == .text ? ["."] : ["-"]
            }
        }
        if showValues {
            FileHandle.standardError.write("piiscan: warning: --show-values prints raw personal data\n")
        }
        // Never write over a file this run reads: `-o e.csv e.csv` would replace the input with
        // the report, and scan nothing.
        try refuseOverwritingInputs(
            inputs, outputs: [("--output", output), ("--state", sweepOptions.state), ("--write-baseline", settings.writeBaseline?.path)])

        let destination = try ReportDestination(path: output)
        let useColor = color == "always" || (color == "auto" && output == nil && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        // `baseline create` records findings instead of reporting them.
        let reporter = settings.writeBaseline != nil ? nil : makeReporter(
            format, sink: destination.sink, color: useColor,
            rules: sarifRules(ruleSet),
            version: PiiScanCommand.configuration.version, showValues: showValues)
        (reporter as? TextReporter)?.quiet = quiet
        (reporter as? SARIFReporter)?.maxResults = sarifMaxResults == 0 ? nil : sarifMaxResults
        if estimate, let reporter { try attachEstimate(to: reporter) }
        var showPath: (String) -> String = { $0 }
        // File names can hold values (`customers/681028-1417774/…`): what people read — the text
        // report, errors and logs on stderr — shows them masked; JSON, SARIF and CSV keep the exact
        // path for the tools that open the file.
        if !showValues {
            let paths = ValueMasker(engine: scanner)
            (reporter as? TextReporter)?.showPath = paths.path
            sweep.showPath = paths.path
            showPath = paths.path
        }
        var newBaseline = settings.writeBaseline.map { Baseline(paths: $0.paths, keyID: configuration.fingerprinter.keyID) }

        var wroteExposure = false
        var failing = 0
        var outputFailure: OutputSink.Failure?
        func handle(_ event: ScanEvent) {
            sweep.observe(event)
            guard outputFailure == nil else { return }
            do {
                switch event {
                case .finding(let finding):
                    newBaseline?.insert(finding)
                    try reporter?.finding(finding)
                    if settings.failOn.fails(finding) {
                        failing += 1
                        wroteExposure = true
                    }
                case .issue(let issue):
                    if issue.kind == .error {
                        // Escaped like the text report: a file name can hold ESC or a newline.
                        FileHandle.standardError.write(
                            "piiscan: error: \(TextReporter.escape(showPath(issue.path))): \(TextReporter.escape(issue.message))\n")
                    }
                    try reporter?.issue(issue)
                }
            } catch {
                outputFailure = error
            }
        }
        var summary: ScanSummary
        if let diff = settings.diff {
            do {
                var diffScanner = try GitDiffScanner(engine: scanner, mode: diff.mode)
                diffScanner.excludes = settings.excludes
                diffScanner.useIgnoreFiles = !noIgnore
                summary = try diffScanner.scan(topLevel: diff.topLevel, emit: handle)
            } catch {
                destination.discard()
                throw fail("\(error)")
            }
        } else {
            // The report, state and baseline this run writes (and their temporary files).
            let ownFiles = [output, sweepOptions.state, settings.writeBaseline?.path].compactMap { $0 }
                .flatMap { [$0, OutputTarget.temporaryName(for: $0)] }
            let walker = Walker(excludes: settings.excludes, useIgnoreFiles: !noIgnore, ownFiles: ownFiles)
            // Pipes and devices named on the command line are read (`scan <(zcat x.gz)`).
            let entries = sweep.prepare(scaleOut.select(walker.walk(inputs, streams: Set(paths))))
            summary = scanner.scan(entries, carried: sweep.carried, fileFinished: sweep.fileFinished, emit: handle)
        }
        summary.settings = ScanState.settingsDigest(rules: ruleSet, configuration: configuration)
        sweep.finish(&summary)
        if let newBaseline, let target = settings.writeBaseline {
            try settings.write(newBaseline, to: target.path)
        }
        if outputFailure == nil {
            (reporter as? SARIFReporter)?.failing = failing > 0
            do { try reporter?.finish(summary) } catch { outputFailure = error }
        }
        if outputFailure != nil { sweep.discardState() }
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
            sweep.commitState()
        }
        if !summary.complete { throw ExitCode(2) }
        throw ExitCode(failing > 0 ? 1 : 0)
    }

    /// `--estimate`: the estimate of the finished scan, after the summary, in the report's format.
    private func attachEstimate(to reporter: any Reporter) throws {
        let constants = try estimateOptions.loadConstants()
        let options = estimateOptions
        func render(_ summary: ScanSummary, json: Bool) -> String {
            let result = Estimator.estimate(options.input(for: summary), constants: constants)
            return json ? EstimateRenderer.json(result) : EstimateRenderer.text(result)
        }
        switch reporter {
        case let text as TextReporter: text.appendix = { render($0, json: false) }
        case let json as JSONReporter: json.appendix = { render($0, json: true) }
        case let ndjson as NDJSONReporter: ndjson.appendix = { render($0, json: true) }
        default: throw fail("--estimate works with --format text, json or ndjson")
        }
    }

    /// Whether fingerprints use a key given by the user (the same in every run).
    var hasStableKey: Bool {
        keyFile != nil || !(ProcessInfo.processInfo.environment["PIISCAN_KEY"] ?? "").isEmpty
    }

    private func makeFingerprinter(configKeyFile: String? = nil) throws -> Fingerprinter {
        if let keyFile = keyFile ?? (hasStableKey ? nil : configKeyFile) {
            guard let data = FileManager.default.contents(atPath: keyFile), !data.isEmpty else {
                throw fail("\(self.keyFile != nil ? "--key-file" : "config: key_file"): cannot read '\(keyFile)' (or it is empty)")
            }
            warnIfWeak(key: data.count, source: self.keyFile != nil ? "--key-file" : "key_file")
            return Fingerprinter(secret: Array(data))
        }
        if let key = ProcessInfo.processInfo.environment["PIISCAN_KEY"], !key.isEmpty {
            warnIfWeak(key: key.utf8.count, source: "PIISCAN_KEY")
            return Fingerprinter(secret: Array(key.utf8))
        }
        return .random()
    }

    /// The fingerprints (and `key_id`) of a report can be checked against guessed keys offline,
    /// and under a known key a masked resident number is one of 100,000 (a phone's, one of
    /// 10,000): a short key makes every keyed hash of the report as good as the value.
    private func warnIfWeak(key bytes: Int, source: String) {
        guard bytes < 16 else { return }
        FileHandle.standardError.write(
            "piiscan: warning: the fingerprint key (\(source)) is only \(bytes) byte\(bytes == 1 ? "" : "s"): anyone who guesses it can recover values from fingerprints; use 32 random bytes (head -c 32 /dev/urandom > key)\n")
    }
}

/// Prints `piiscan: error: …` and returns the exit code for a usage/configuration error.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write("piiscan: error: \(message)\n")
    return ExitCode(2)
}

/// Fails when a file named for output (`--output`, `--state`, a baseline) is a regular file that
/// an input named on the command line also is (the same file, by device and inode: through a
/// link or another path too). A directory's own files are left out by the walker instead.
func refuseOverwritingInputs(_ inputs: [String], outputs: [(option: String, path: String?)]) throws {
    for (option, path) in outputs {
        guard let path else { continue }
        var written = stat()
        guard stat(path, &written) == 0, written.st_mode & S_IFMT == S_IFREG else { continue }
        for input in inputs where input != "-" {
            var read = stat()
            guard stat(input, &read) == 0, read.st_dev == written.st_dev, read.st_ino == written.st_ino else { continue }
            throw fail("\(option): '\(path)' is also an input; piiscan never writes over what it scans")
        }
    }
}

/// Standard output, or the file of `--output` (see ``OutputTarget``): a regular or new file is
/// written to a temporary file renamed over it only when the report is complete, so a failed
/// run never leaves a partial report that looks whole; a device, FIFO or socket (`/dev/null`,
/// `/dev/stdout`) is written in place and never replaced.
final class ReportDestination {
    let sink: OutputSink
    private let finalPath: String?
    private let temporaryPath: String?
    private let fd: Int32
    /// False for standard output, which stays open.
    private let ownsDescriptor: Bool
    private let what: String

    /// `what` names the option in error messages; `mode` is the new file's (before the umask).
    init(path: String?, what: String = "--output", mode: mode_t = 0o600) throws {
        self.what = what
        guard let path else {
            sink = OutputSink(fd: STDOUT_FILENO)
            finalPath = nil
            temporaryPath = nil
            fd = STDOUT_FILENO
            ownsDescriptor = false
            return
        }
        ownsDescriptor = true
        let target: OutputTarget
        do { target = try OutputTarget.resolve(path) } catch { throw fail("\(what): cannot create \(error)") }
        let descriptor: Int32
        switch target {
        case .inPlace(let device):
            // No O_CREAT or O_TRUNC: it exists and is not a file. A FIFO blocks here until it has a reader.
            descriptor = open(device, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            finalPath = nil
            temporaryPath = nil
        case .replace(let file, let temporary):
            unlink(temporary)  // a leftover of a killed run with the same process id
            OutputTarget.removeStaleTemporaries(for: file)  // and those of other killed runs
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            finalPath = file
            temporaryPath = temporary
        }
        guard descriptor >= 0 else {
            throw fail("\(what): cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        fd = descriptor
        sink = OutputSink(fd: descriptor)
    }

    /// Renames the finished temporary file into place (or closes the device written in place).
    func commit() throws {
        guard ownsDescriptor else { return }
        guard let finalPath, let temporaryPath else {
            close(fd)
            return
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw fail("\(what): cannot write '\(finalPath)': \(reason)")
        }
    }

    /// Drops the temporary file; the target is left as it was (a device written in place keeps
    /// what it was sent).
    func discard() {
        guard ownsDescriptor else { return }
        close(fd)
        if let temporaryPath { unlink(temporaryPath) }
    }
}

/// Whether standard input is a pipe, a socket or a redirected file — data to scan when no path
/// is given. A terminal, `/dev/null` (cron, CI runners, `ssh -n`) or a closed descriptor is not:
/// the scan then covers the current directory.
func standardInputCarriesData() -> Bool {
    var status = stat()
    guard fstat(STDIN_FILENO, &status) == 0 else { return false }
    let type = status.st_mode & S_IFMT
    return type == S_IFIFO || type == S_IFSOCK || type == S_IFREG
}

/// The SARIF reporting descriptors of `ruleSet`: one per rule and, after a rule that can report
/// `kr-rrn-partial` (validator `kr-rrn-masked`), one for that category, whose results are
/// exposures and must not be filed under the masked rule's `note` (see ``SARIFReporter``).
func sarifRules(_ ruleSet: RuleSet) -> [RuleDescriptor] {
    var descriptors: [RuleDescriptor] = []
    let partial = Category.rrnPartial.rawValue
    var needsPartial = !ruleSet.rules.contains { $0.id == partial }
    for rule in ruleSet.rules {
        descriptors.append(RuleDescriptor(id: rule.id, description: rule.description, category: rule.category))
        if needsPartial && rule.validator == "kr-rrn-masked" {
            needsPartial = false
            descriptors.append(RuleDescriptor(
                id: partial,
                description: "Partial resident registration number: a masked RRN with at least 4 of its 7 back digits visible "
                    + "(900101-1234***, ******-1234567) is an exposure, not a masked look-alike",
                category: .rrnPartial))
        }
    }
    return descriptors
}
