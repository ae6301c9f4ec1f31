import Foundation
import PIIModel

/// Everything that shapes a scan, independent of how it was asked for (CLI, tests, library).
public struct ScanConfiguration: Sendable {
    /// Worker threads (≥ 1).
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Read-buffer size per worker in bytes (≥ 4 KiB). Results do not depend on it.
    public var bufferSize: Int = 1 << 20
    /// Plain files larger than this are split into newline-aligned work units.
    public var chunkSize: Int64 = 4 << 20
    /// Large SQLite tables (in databases of at least `chunkSize` bytes) are split into work
    /// units of this many rows (consecutive rowids). Results do not depend on it. Small enough
    /// that a unit's findings fit in what a worker may hold while an earlier unit is still
    /// being reported (a customer table has several findings per row).
    public var databaseRowidsPerUnit: Int64 = 4_096
    /// Findings below this confidence are not reported.
    public var minConfidence: Double = 0.5
    /// Report only these categories (a base category includes its `-masked` look-alike);
    /// `nil` reports all.
    public var onlyCategories: Set<Category>?
    /// Keep raw values in findings (`--show-values`).
    public var showValues = false
    /// Also look for values hidden by encodings in text (percent, `\\u`, HTML entities,
    /// full-width forms, Base64 field values); on unless `--no-decode`.
    public var decodeValues = true
    /// Runs every rule over the whole of each decoded line instead of only the rules and stretches
    /// a decoded character can take part in: the reference the tests compare the fast path with.
    var exhaustiveDecodedScan = false
    /// Glob patterns of paths to skip (`--exclude`), in addition to `.piiscanignore` files.
    public var excludes: [String] = []
    /// Honour `.piiscanignore` files.
    public var useIgnoreFiles = true
    /// The scan date, for rejecting birth dates in the future.
    public var today: CalendarDate = ScanConfiguration.currentDate()
    /// Scan only a uniformly random sample of this many rows per database table (`--sample-rows`);
    /// the sample depends only on the table's name and size, so it is the same on every run.
    public var sampleRows: Int64?
    /// How long to wait for a locked SQLite database before reporting it as locked.
    public var databaseBusyTimeoutMilliseconds: Int32 = 2000
    /// Bounds on gzip decompression (gzip bombs).
    public var gzipLimits = GzipLimits()
    /// Keys the fingerprints.
    public var fingerprinter: Fingerprinter = .random()
    /// Scan database cells packed into large buffers, one per column (see ``CellBatch``).
    /// Results do not depend on it; tests turn it off to compare.
    var packCells = true
    /// Honour `piiscan:allow` comments (see ``InlineSuppression``).
    public var inlineSuppression = true
    /// Per-category thresholds, allowlist and baseline applied to every finding before it is
    /// reported (see ``FindingPolicy``).
    public var policy = FindingPolicy()
    /// How standard input is read (`--stdin-format`): text, or JSON lines scanned as a table.
    public var standardInputFormat: StandardInputFormat = .text
    /// With ``StandardInputFormat/jsonl``: the table name (`--source-name`), also the input's
    /// path in reports.
    public var standardInputName = "stdin"
    /// Also locate text findings in UTF-16 code units of their line (``Finding/utf16Column``),
    /// as SARIF columns count; set for `--format sarif` only, since it costs a count of the
    /// line's bytes before each finding. Byte columns are computed either way.
    public var utf16Columns = false

    public init() {}

    /// This configuration reporting every candidate of every rule, at any confidence, with no
    /// category filter, inline suppression, finding policy or raw values: for scanning one value
    /// (an allowlisted value, a database key cell) so that it is normalised, fingerprinted and
    /// masked exactly as the same value in a scanned file.
    public var reportingEveryCandidate: ScanConfiguration {
        var plain = self
        plain.minConfidence = 0
        plain.onlyCategories = nil
        plain.inlineSuppression = false
        plain.showValues = false
        plain.policy = FindingPolicy()
        plain.utf16Columns = false
        return plain
    }

    /// Whether findings of `category` are wanted.
    public func wants(_ category: Category) -> Bool {
        guard let onlyCategories else { return true }
        if onlyCategories.contains(category) { return true }
        return category.base != category && onlyCategories.contains(category.base)
    }

    /// Today's date in the local time zone.
    public static func currentDate() -> CalendarDate {
        let components = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: components.year!, month: components.month!, day: components.day!)
    }
}
