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

/// `scan` options for commits, pull requests and project settings.
struct WorkflowOptions: ParsableArguments {
    @Flag(help: "Scan only the lines the next commit adds (the staged changes), as the pre-commit hook does.")
    var staged = false

    @Option(
        help: ArgumentHelp(
            "Scan only the lines HEAD adds since it branched off REV (REV...HEAD, e.g. origin/main): a pull request in CI.",
            valueName: "REV"))
    var diff: String?

    @Option(help: ArgumentHelp("Report only findings not in this baseline (see `piiscan baseline create`).", valueName: "FILE"))
    var baseline: String?

    @Option(
        help: ArgumentHelp(
            "Exit 1 only for these findings: any (default), confirmed, none, or categories (comma-separated; combine: confirmed,kr-rrn).",
            valueName: "TERMS"))
    var failOn: String?

    @Option(help: ArgumentHelp("Project settings file (default: .piiscan.toml here, else at the repository's top level).", valueName: "FILE"))
    var config: String?

    @Flag(help: "Do not read .piiscan.toml.")
    var noConfig = false

    /// `piiscan baseline create`: write the findings to this baseline file instead of reporting them.
    @Option(help: .hidden) var writeBaseline: String?
}

/// The scan's settings after merging `.piiscan.toml` with the command line (flags win).
struct WorkflowSettings {
    struct Diff {
        var mode: GitDiffScanner.Mode
        var topLevel: String
    }

    var diff: Diff?
    var project: ProjectConfig?
    /// The user's threshold (flag, else config, else 0.5).
    var minConfidence: Double
    var minConfidenceByCategory: [Category: Double] = [:]
    var excludes: [String]
    var failOn: FailThreshold
    var baseline: Baseline?
    var writeBaseline: (path: String, paths: BaselinePaths)?
    var known: Set<String>

    init(command: ScanCommand, ruleSet: RuleSet) throws {
        let options = command.workflow
        known = Set(ruleSet.rules.map(\.category.rawValue) + Category.builtIn.map(\.rawValue) + ["kr-frn", Category.rrnPartial.rawValue, Category.phoneSafe.rawValue])
        // (Masked look-alike categories come from the rules that report them: `kr-rrn-masked`
        // exists, `kr-passport-masked` does not, and `--fail-on` with it would never fail.)
        if options.staged || options.diff != nil {
            let what = options.staged ? "--staged" : "--diff"
            let topLevel: String
            do { topLevel = try Git.topLevel() } catch { throw fail("\(what): \(error)") }
            diff = Diff(mode: options.diff.map { .range($0) } ?? .staged, topLevel: topLevel)
        }

        // The project file: --config, else ./.piiscan.toml, else the one at the top level.
        if !options.noConfig {
            var path = options.config
            if path == nil {
                if access(ProjectConfig.fileName, F_OK) == 0 {
                    path = ProjectConfig.fileName
                } else if let topLevel = diff?.topLevel ?? enclosingRepositoryRoot(),
                    access(topLevel + "/" + ProjectConfig.fileName, F_OK) == 0
                {
                    path = topLevel + "/" + ProjectConfig.fileName
                }
            }
            if let path {
                do { project = try ProjectConfig.load(path: path) } catch { throw fail("config: \(error)") }
            }
        }

        minConfidence = command.minConfidence ?? project?.minConfidence ?? 0.5
        for (name, value) in project?.minConfidenceByCategory ?? [:] {
            guard known.contains(name) else {
                throw fail("config: \(project!.source): min_confidence_by_category: unknown category '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
            }
            minConfidenceByCategory[Category(name)] = value
        }
        excludes = (project?.excludes ?? []) + command.exclude
        do {
            if let terms = options.failOn {
                failOn = try FailThreshold(terms: [terms], known: known)
            } else if let terms = project?.failOn {
                failOn = try FailThreshold(terms: terms, known: known)
            } else {
                failOn = FailThreshold()
            }
        } catch {
            throw fail(options.failOn == nil ? "config: \(project!.source): fail_on: \(error)" : "--fail-on: \(error)")
        }

        let base = diff?.topLevel ?? FileManager.default.currentDirectoryPath
        if let target = options.writeBaseline {
            writeBaseline = (target, BaselinePaths(base: base, baselineDirectory: try Self.directory(of: target)))
        } else if let path = options.baseline ?? project?.baseline {
            let source = options.baseline != nil ? "--baseline" : "config: \(project!.source): baseline"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fail("\(source): cannot read '\(path)' (create it with `piiscan baseline create`)")
            }
            let paths = BaselinePaths(base: base, baselineDirectory: try Self.directory(of: path))
            do {
                baseline = try Baseline.parse(String(decoding: data, as: UTF8.self), source: path, paths: paths)
            } catch {
                throw fail("--baseline: \(error)")
            }
        }
    }

    /// The real directory a (possibly not yet existing) file is in.
    private static func directory(of path: String) throws -> String {
        let directory = (path as NSString).deletingLastPathComponent
        guard let resolved = realpath(directory.isEmpty ? "." : directory, nil) else {
            throw fail("cannot resolve the directory of '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Per-category thresholds, the allowlist and the baseline, into the scan's configuration.
    func applyPolicy(to configuration: inout ScanConfiguration, ruleSet: RuleSet, stableKey: Bool) throws {
        if (baseline != nil || writeBaseline != nil) && !stableKey {
            throw fail(
                "baselines need a stable fingerprint key: set PIISCAN_KEY or --key-file (the same key the baseline was made with)")
        }
        if let made = baseline?.keyID, made != configuration.fingerprinter.keyID {
            throw fail(
                "--baseline: the baseline was made with the fingerprint key whose id is \(made), but this scan's key has id \(configuration.fingerprinter.keyID): no entry could match. Use the key the baseline was made with (PIISCAN_KEY, --key-file or key_file in .piiscan.toml), or re-create the baseline")
        }
        var policy = FindingPolicy()
        policy.defaultMinConfidence = minConfidence
        policy.minConfidenceByCategory = minConfidenceByCategory
        policy.baseline = baseline
        if let values = project?.allowValues, !values.isEmpty {
            // Each allowlisted value is scanned on its own, at any confidence, so that it is
            // normalised and fingerprinted exactly as the same value in a scanned file.
            let engine: ScanEngine
            do { engine = try ScanEngine(configuration: configuration.reportingEveryCandidate, rules: ruleSet) } catch { throw fail("rules: \(error)") }
            for (index, value) in values.enumerated() {
                let findings = engine.scan(text: value)
                if findings.isEmpty {
                    FileHandle.standardError.write(
                        "piiscan: warning: config: \(project!.source): allow_values entry \(index + 1) is not detected by any rule; ignored\n")
                }
                policy.allowedFingerprints.formUnion(findings.map(\.fingerprint))
            }
        }
        configuration.minConfidence = policy.lowestMinimum
        configuration.policy = policy
    }

    /// Writes a baseline file atomically, like a report (through a symbolic link; in place on a
    /// device), but readable by everyone: it is meant to be committed.
    func write(_ baseline: Baseline, to path: String) throws {
        let destination = try ReportDestination(path: path, what: "baseline", mode: 0o666)  // less the umask
        do {
            try destination.sink.write(baseline.serialized())
            try destination.sink.flush()
        } catch {
            destination.discard()
            let reason = if case .writeFailed(let reason) = error { reason } else { "broken pipe" }
            throw fail("baseline: cannot write '\(path)': \(reason)")
        }
        try destination.commit()
        FileHandle.standardError.write(
            "piiscan: baseline: \(baseline.entries.count) \(baseline.entries.count == 1 ? "entry" : "entries") written to \(path)\n")
    }
}

/// The nearest directory at or above the current one that holds a `.git` entry (a directory, or
/// the file of a worktree or submodule): the repository's top level, found without running git —
/// a plain scan starts no process and opens no socket (Foundation's `Process` uses local sockets).
func enclosingRepositoryRoot() -> String? {
    var directory = FileManager.default.currentDirectoryPath
    while true {
        if access(directory + "/.git", F_OK) == 0 { return directory }
        guard directory != "/", let slash = directory.lastIndex(of: "/") else { return nil }
        directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
    }
}
