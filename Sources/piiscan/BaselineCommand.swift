import ArgumentParser
import PIIScan

/// `piiscan baseline create`: accept today's findings.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Record accepted findings, so that scans report only new ones.",
        subcommands: [Create.self])

    /// Without a subcommand: a usage error (exit 2), not help and exit 0, so that a script
    /// calling `piiscan baseline` by mistake does not pass.
    func run() throws { throw fail("baseline: missing subcommand (create); see `piiscan baseline --help`") }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan PATHS (default: .) and write every finding to a baseline file.",
            discussion: """
                Entries are path, rule and the keyed fingerprint of the normalised value: no values, no \
                line numbers. Lines may move without resurfacing a finding; a different value is new. \
                Fingerprints depend on the key: set PIISCAN_KEY or --key-file, the same for every scan \
                that uses the baseline (`piiscan scan --baseline FILE`, or `baseline = "FILE"` in .piiscan.toml).
                """)

        @Argument(help: "Files or directories to scan (default: the current directory).")
        var paths: [String] = []

        @Option(name: [.short, .long], help: "The baseline file to write.")
        var output: String = ".piiscan-baseline"

        @Flag(help: "Record only what the staged changes add.")
        var staged = false

        @Option(help: "File whose contents key the fingerprints (default: $PIISCAN_KEY).")
        var keyFile: String?

        @Option(help: "Directory of extra *.toml rule files.")
        var rules: String?

        @Option(help: ArgumentHelp("Record only these categories (comma-separated).", valueName: "CATEGORY,..."))
        var only: [String] = []

        @Option(parsing: .unconditional, help: "Record findings with at least this confidence (default: as for scan).")
        var minConfidence: Double?

        @Option(help: ArgumentHelp("Skip paths matching GLOB (gitignore syntax; repeatable).", valueName: "GLOB"))
        var exclude: [String] = []

        @Flag(help: "Do not read .piiscanignore files.")
        var noIgnore = false

        @Option(help: ArgumentHelp("Project settings file (default: .piiscan.toml).", valueName: "FILE"))
        var config: String?

        @Flag(help: "Do not read .piiscan.toml.")
        var noConfig = false

        @Option(parsing: .unconditional, help: "Worker threads (default: number of cores).")
        var threads: Int?

        func run() throws {
            // The same scan as `piiscan scan`, with its findings going to the baseline.
            var arguments = ["--write-baseline", output]
            if staged { arguments.append("--staged") }
            if let keyFile { arguments += ["--key-file", keyFile] }
            if let rules { arguments += ["--rules", rules] }
            for list in only { arguments += ["--only", list] }
            if let minConfidence { arguments += ["--min-confidence", String(minConfidence)] }
            for glob in exclude { arguments += ["--exclude", glob] }
            if noIgnore { arguments.append("--no-ignore") }
            if let config { arguments += ["--config", config] }
            if noConfig { arguments.append("--no-config") }
            if let threads { arguments += ["--threads", String(threads)] }
            if !staged { arguments += ["--"] + (paths.isEmpty ? ["."] : paths) }
            let scan = try ScanCommand.parse(arguments)
            do {
                try scan.run()
            } catch let exit as ExitCode where exit.rawValue == 1 {
                // Findings were recorded: that is the point, not a failure.
            }
        }

        func validate() throws {
            if staged && !paths.isEmpty { throw ValidationError("--staged takes no paths") }
        }
    }
}
