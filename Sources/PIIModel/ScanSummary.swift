/// Counts for a whole scan. Built in input order, so it is identical for any thread count.
public struct ScanSummary: Sendable, Equatable {
    /// Inputs that were read (fully or partly).
    public var files = 0
    /// Decoded bytes scanned.
    public var bytes: Int64 = 0
    /// Database rows scanned (0 for text inputs).
    public var rows: Int64 = 0
    /// Reported findings per category, masked look-alikes included under their own ids.
    public var counts: [Category: Int] = [:]
    /// Reported findings per verdict.
    public var verdicts: [Verdict: Int] = [:]
    /// Per input path: findings per category (only inputs with findings).
    public var perFile: [String: [Category: Int]] = [:]
    /// Number of inputs with an error.
    public var errors = 0
    /// Number of inputs skipped on purpose.
    public var skipped = 0
    /// Wall-clock duration in seconds (not part of goldens; reporters may omit it).
    public var elapsedSeconds: Double = 0
    /// False when the scan was interrupted or an input could not be read completely.
    public var complete = true

    public init() {}

    /// Findings that count as exposures (masked look-alikes excluded).
    public var exposures: Int { counts.filter { !$0.key.isMasked }.reduce(0) { $0 + $1.value } }

    /// Records one reported finding.
    public mutating func add(_ finding: Finding) {
        counts[finding.category, default: 0] += 1
        verdicts[finding.verdict, default: 0] += 1
        perFile[finding.path, default: [:]][finding.category, default: 0] += 1
    }
}
