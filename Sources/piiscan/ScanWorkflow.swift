#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PIIModel
import PIIReport
import PIIRules
import PIIScan

/// The sweep side of a scan: the `--older-than` filter, incremental state, the retention view,
/// progress and `-v` logging. ScanCommand calls it at fixed points (after the walk, per event,
/// per finished file, before the summary is written, after the report is committed).
final class ScanWorkflow {
    private let options: SweepOptions
    private let console: Console
    private let now = Date().timeIntervalSince1970
    private var metadata: [String: FileMetadata] = [:]
    private var state: ScanState?
    private var writer: ScanStateWriter?
    private var decisions: [String: ScanState.Decision] = [:]
    private(set) var carried: [String: CarriedFile] = [:]
    private var scannedFiles = 0
    /// Files scanned now but not read (binary, special or unreadable: not among the summary's
    /// `files`); `scannedFiles` are those read, `carriedFiles` those carried over.
    private var skippedFiles = 0
    private var carriedFiles = 0
    private var progress: Progress?
    private var stateWarning: String?
    /// How `-v` logs show a file path (values in it masked unless `--show-values`).
    var showPath: (String) -> String = { $0 }

    /// Opens the state (if any). Throws an exit code for a state file that must not be touched.
    init(options: SweepOptions, rules: RuleSet, configuration: ScanConfiguration, keyIsRandom: Bool, version: String) throws {
        self.options = options
        console = Console(verbosity: options.verbose)
        if let path = options.state {
            if configuration.showValues {
                console.warning("--state is not used with --show-values (the state never holds raw values, so nothing could be carried over); the state file is left as it is")
            } else {
                if keyIsRandom {
                    console.warning("--state without --key-file or PIISCAN_KEY: fingerprints change on every run, so every sweep rescans everything")
                }
                let digest = ScanState.configurationDigest(rules: rules, configuration: configuration, version: version)
                do {
                    state = try ScanState(path: path, configurationDigest: digest)
                } catch .foreign(let message) {
                    throw fail("--state: \(message)")
                }
                stateWarning = state?.warning
                if let warning = stateWarning { console.warning("--state: \(warning)") }
                if let reason = state?.fullRescanReason { console.log(1, "state", ["path": path, "full_rescan": reason]) }
                do {
                    writer = try state?.makeWriter()
                } catch {
                    throw fail("--state: \(error)")
                }
            }
        }
        let wantsProgress = options.progress == "always" || (options.progress == "auto" && isatty(STDERR_FILENO) == 1)
        if wantsProgress { progress = Progress(console: console) }
    }

    /// Applies `--older-than`, captures file metadata and decides what the state carries over.
    func prepare(_ entries: [WalkEntry]) -> [WalkEntry] {
        var entries = entries
        metadata = Walker.metadata(of: entries)
        if let age = options.olderThan.flatMap(SweepOptions.seconds) {
            let cutoff = now - age
            entries = entries.compactMap { entry in
                switch entry {
                case .file(let path, _):
                    guard let modified = metadata[path]?.modifiedSeconds, modified < cutoff else {
                        metadata.removeValue(forKey: path)
                        return nil
                    }
                    return entry
                case .standardInput:
                    return .issue(InputIssue(
                        kind: .skipped, path: "-", message: "standard input has no modification time; skipped with --older-than"))
                case .stream(let path):
                    return .issue(InputIssue(
                        kind: .skipped, path: path, message: "a named pipe or device has no modification time; skipped with --older-than"))
                case .issue:
                    return entry
                }
            }
        }
        if let state {
            (carried, decisions) = state.plan(metadata)
            if let warning = state.warning, warning != stateWarning { console.warning("--state: \(warning)") }
        }
        let files = entries.reduce(0) { count, entry in if case .file = entry { count + 1 } else { count } }
        console.log(2, "walk", ["files": String(files), "bytes": String(metadata.values.reduce(0) { $0 + $1.size }),
                                "carried": String(carried.count)])
        progress?.start(files: files, bytes: metadata.values.reduce(0) { $0 + $1.size })
        return entries
    }

    /// Every event, in report order.
    func observe(_ event: ScanEvent) {
        switch event {
        case .finding(let finding):
            if let writer, metadata[finding.path] != nil { writer.record(finding) }
        case .issue(let issue):
            if issue.kind == .error { console.clearProgress() }  // ScanCommand prints it next
        }
    }

    /// A file's last event has been reported.
    func fileFinished(_ result: FileResult) {
        if result.carried { carriedFiles += 1 } else if result.opened { scannedFiles += 1 } else { skippedFiles += 1 }
        if let writer, let identity = metadata[result.path] { writer.record(result, metadata: identity) }
        if console.verbosity >= 1 {
            let outcome = result.carried ? "carried" : !result.isComplete ? "error" : result.opened ? "scanned" : "skipped"
            var fields: [(String, String)] = [
                ("path", Console.quoted(showPath(result.path))), ("bytes", String(result.bytes)), ("findings", String(result.findings)),
                ("ms", String(Int((result.seconds * 1000).rounded()))), ("result", outcome),
            ]
            if console.verbosity >= 2 {
                if result.rows > 0 { fields.append(("rows", String(result.rows))) }
                if case .rescan(let reason)? = decisions[result.path] { fields.append(("reason", Console.quoted(reason))) }
                if let modified = metadata[result.path]?.modifiedSeconds {
                    fields.append(("age_days", String(Int(max(0, now - modified) / 86_400))))
                }
                for issue in result.issues { fields.append((issue.kind.rawValue, Console.quoted(issue.message))) }
            }
            console.log(1, "file", fields)
        }
        // The name shown as `-v` and errors show it: masked (`김민수_850315-2******.txt`).
        progress?.advance(name: (showPath(result.path) as NSString).lastPathComponent, bytes: metadata[result.path]?.size ?? result.bytes)
    }

    /// Adds the retention view to the summary and ends the progress display.
    func finish(_ summary: inout ScanSummary) {
        progress?.end()
        if options.retention || options.olderThan != nil {
            let ages = metadata.mapValues { max(0, now - $0.modifiedSeconds) }
            summary.retention = RetentionSummary(perFile: summary.perFile, ageSeconds: ages, olderThan: options.olderThan)
        }
        console.log(1, "summary", [
            ("files", String(summary.files)), ("scanned", String(scannedFiles)), ("carried", String(carriedFiles)),
            ("not_read", String(skippedFiles)),
            ("findings", String(summary.counts.values.reduce(0, +))), ("errors", String(summary.errors)),
            ("seconds", String(format: "%.3f", summary.elapsedSeconds)),
        ])
    }

    /// Replaces the state file with the new state (after the report was written).
    func commitState() {
        guard let writer else { return }
        state?.close()
        do {
            try writer.commit()
            console.log(2, "state", ["path": options.state ?? "", "written": "true"])
        } catch {
            console.warning("--state: the state was not updated: \(error)")
        }
        self.writer = nil
    }

    deinit { writer?.discard() }

    /// Leaves the old state as it was (the report could not be written).
    func discardState() {
        writer?.discard()
        writer = nil
    }
}

/// Standard error for logs, warnings and the progress line: a log line first clears the
/// progress line, so the two never mix.
final class Console {
    let verbosity: Int
    /// Whether a progress line is on screen.
    var progressShown = false

    init(verbosity: Int) { self.verbosity = verbosity }

    func write(_ text: String) {
        FileHandle.standardError.write(text)
    }

    func clearProgress() {
        if progressShown {
            write("\r\u{1B}[K")
            progressShown = false
        }
    }

    func warning(_ message: String) {
        clearProgress()
        write("piiscan: warning: \(message)\n")
    }

    /// A structured (logfmt) line `piiscan: EVENT key=value …`, shown from `level` on. Values
    /// are paths, counts and messages — never scanned values.
    func log(_ level: Int, _ event: String, _ fields: [(String, String)]) {
        guard verbosity >= level else { return }
        clearProgress()
        write("piiscan: \(event) " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "\n")
    }

    func log(_ level: Int, _ event: String, _ fields: [String: String]) {
        log(level, event, fields.sorted { $0.key < $1.key }.map { ($0.key, Console.logValue($0.value)) })
    }

    /// A logfmt value: control characters, C1 controls and bidirectional overrides escaped as in
    /// the text report (a file name can hold them: they must not reach a terminal raw), then
    /// double-quoted if it holds a blank or a quote.
    static func logValue(_ value: String) -> String {
        let escaped = TextReporter.escape(value)
        guard escaped.contains(" ") || escaped.contains("\"") || escaped.isEmpty else { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `value` escaped like ``logValue(_:)`` and always double-quoted (paths, messages).
    static func quoted(_ value: String) -> String {
        "\"" + TextReporter.escape(value).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// The progress line on stderr: files and bytes done of the total, rate and ETA, and the name
/// (not the path) of the last file done. Redrawn at most ten times a second.
final class Progress {
    private let console: Console
    private var totalFiles = 0
    private var totalBytes: Int64 = 0
    private var files = 0
    private var bytes: Int64 = 0
    private var started = Date()
    private var lastDraw = Date.distantPast

    init(console: Console) { self.console = console }

    func start(files: Int, bytes: Int64) {
        totalFiles = files
        totalBytes = bytes
        started = Date()
        draw(name: "")
    }

    func advance(name: String, bytes: Int64) {
        files += 1
        self.bytes += bytes
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || files == totalFiles else { return }
        draw(name: name)
    }

    private func draw(name: String) {
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(bytes) / elapsed
        var line = "piiscan: \(files)/\(totalFiles) files, \(Progress.size(bytes))/\(Progress.size(totalBytes)), \(Progress.size(Int64(rate)))/s"
        if rate > 0 && bytes < totalBytes {
            let eta = Int(Double(totalBytes - bytes) / rate)
            line += String(format: ", ETA %d:%02d", eta / 60, eta % 60)
        }
        if !name.isEmpty { line += "  " + String(name.prefix(40)) }
        console.write("\r\u{1B}[K" + line)
        console.progressShown = true
    }

    func end() {
        if console.progressShown {
            console.write("\r\u{1B}[K")
            console.progressShown = false
        }
    }

    /// `12.3 MB` (decimal units).
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f ", value) + units[unit]
    }
}
