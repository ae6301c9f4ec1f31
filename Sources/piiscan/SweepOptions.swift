import ArgumentParser

/// Options for scheduled sweeps and unattended runs: incremental state, the retention view,
/// progress and logging (`piiscan scan`).
struct SweepOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Incremental sweeps: rescan only files whose identity, size or modification time changed since the run that wrote FILE (an SQLite state file, mode 0600); carry the other results over.",
            valueName: "FILE"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "Report only files last modified more than AGE ago (N followed by d, w, m or y: 365d, 12w, 6m, 3y); adds the retention view.",
            valueName: "AGE"))
    var olderThan: String?

    @Flag(help: "Add the retention view to the summary: files with personal data by age of last modification and category.")
    var retention = false

    @Option(help: "Progress on stderr: auto (when stderr is a terminal), always or never.")
    var progress: String = "auto"

    @Flag(name: .shortAndLong, help: "Log each file on stderr (path, bytes, findings, time); -vv logs more. Never values.")
    var verbose: Int

    func validate() throws {
        guard ["auto", "always", "never"].contains(progress) else { throw ValidationError("--progress must be auto, always or never") }
        if let olderThan, SweepOptions.seconds(olderThan) == nil {
            throw ValidationError("--older-than: '\(olderThan)' is not an age like 30d, 12w, 6m or 1y")
        }
        if state?.isEmpty == true { throw ValidationError("--state needs a file name") }
    }

    /// `N` days, weeks, months (30 days) or years (365 days) in seconds; nil if malformed.
    static func seconds(_ age: String) -> Double? {
        guard let unit = age.last, let count = Int(age.dropLast()), count >= 0 else { return nil }
        let days: Int
        switch unit {
        case "d": days = 1
        case "w": days = 7
        case "m": days = 30
        case "y": days = 365
        default: return nil
        }
        return Double(count * days) * 86_400
    }
}
