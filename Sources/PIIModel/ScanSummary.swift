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
    /// Database columns scanned, in scan order (database order, then table and column order):
    /// rows scanned and rows with findings per category. Empty for text inputs.
    public var columns: [ColumnSummary] = []
    /// Number of inputs with an error.
    public var errors = 0
    /// Number of inputs skipped on purpose.
    public var skipped = 0
    /// Findings not reported because a `piiscan:allow` comment on their line covers them.
    public var suppressed = 0
    /// Findings not reported because a baseline (`--baseline`) accepts them.
    public var baselined = 0
    /// Findings not reported because their value is in the project allowlist (`.piiscan.toml`).
    public var allowlisted = 0
    /// Wall-clock duration in seconds (not part of goldens; reporters may omit it).
    public var elapsedSeconds: Double = 0
    /// False when the scan was interrupted or an input could not be read completely.
    public var complete = true
    /// Distinct values, record linkage and weak values for the breach-scale estimator, built from
    /// the findings' keyed fingerprints.
    public var exposure = ExposureSketch()
    /// Identifies the fingerprint key (not the key itself): reports merge only when it is equal.
    public var keyID: String?
    /// Whether the key was random for this run (fingerprints comparable within the run only).
    public var keyIsEphemeral = false
    /// A digest of the detection settings (rules, thresholds, policy): reports merge only when it
    /// is equal (`nil`: not recorded, as by older versions).
    public var settings: String?
    /// The retention view (files with exposures by age of last modification), when asked for.
    public var retention: RetentionSummary?

    public init() {}

    /// Findings that count as exposures (masked look-alikes excluded).
    public var exposures: Int { counts.filter { !$0.key.isMasked }.reduce(0) { $0 + $1.value } }

    /// Records one reported finding. (The scan engine counts through `SummaryTally`, which gives
    /// the same summary with fewer dictionary lookups per finding.)
    public mutating func add(_ finding: Finding) {
        counts[finding.category, default: 0] += 1
        verdicts[finding.verdict, default: 0] += 1
        perFile[finding.path, default: [:]][finding.category, default: 0] += 1
        exposure.add(finding)
    }

    /// Adds the counts of one database column (merged with an entry for the same column).
    public mutating func add(_ column: ColumnSummary) {
        // A position index, not a search: a database of thousands of tables has tens of
        // thousands of columns. `columns` is public, so the index is checked before it is trusted
        // and rebuilt when it does not describe `columns` (after an append, sort or removal).
        if columnIndex.indexed != columns.count { columnIndex.rebuild(columns) }
        if let index = columnIndex.positions[column.key] {
            if columns[index].key != column.key {
                columnIndex.rebuild(columns)
                add(column)
                return
            }
            columns[index].merge(column)
        } else {
            columnIndex.positions[column.key] = columns.count
            columns.append(column)
            columnIndex.indexed = columns.count
        }
    }

    /// Where each column's entry is in ``columns``. Not part of the summary's value: every
    /// index equals every other (`==`), so summaries with equal columns are equal however built.
    private var columnIndex = ColumnIndex()

    private struct ColumnIndex: Sendable, Equatable {
        /// The first entry of each key.
        var positions: [ColumnKey: Int] = [:]
        /// How many entries `positions` describes.
        var indexed = 0

        mutating func rebuild(_ columns: [ColumnSummary]) {
            positions.removeAll(keepingCapacity: true)
            for (index, column) in columns.enumerated() where positions[column.key] == nil { positions[column.key] = index }
            indexed = columns.count
        }

        static func == (lhs: ColumnIndex, rhs: ColumnIndex) -> Bool { true }
    }
}

/// Identifies a database column: the input it is in, its table and its name.
public struct ColumnKey: Hashable, Sendable, Comparable {
    public var path: String
    public var table: String
    public var column: String

    public init(path: String, table: String, column: String) {
        self.path = path
        self.table = table
        self.column = column
    }

    public static func < (lhs: ColumnKey, rhs: ColumnKey) -> Bool {
        (lhs.path, lhs.table, lhs.column) < (rhs.path, rhs.table, rhs.column)
    }
}

/// Column-level counts for one database column: how many rows were scanned and how many of
/// them held at least one reported finding, per category.
public struct ColumnSummary: Sendable, Equatable {
    public var key: ColumnKey
    /// Rows scanned (every row of the table, whatever the cell held, or the sampled rows).
    public var rows: Int64
    /// Rows in the table, when only a sample of them was scanned (`--sample-rows`); the sampling
    /// fraction is `rows / tableRows`.
    public var tableRows: Int64?
    /// Rows whose cell in this column gave at least one reported finding, per category.
    public var rowsWithFindings: [Category: Int64]

    public init(key: ColumnKey, rows: Int64 = 0, tableRows: Int64? = nil, rowsWithFindings: [Category: Int64] = [:]) {
        self.key = key
        self.rows = rows
        self.tableRows = tableRows
        self.rowsWithFindings = rowsWithFindings
    }

    /// The share of scanned rows with a finding of `category`, in [0, 1] (0 without rows).
    public func share(of category: Category) -> Double {
        rows == 0 ? 0 : Double(rowsWithFindings[category, default: 0]) / Double(rows)
    }

    /// Adds the counts of `other` (the same column scanned in parts).
    public mutating func merge(_ other: ColumnSummary) {
        rows += other.rows
        if let more = other.tableRows { tableRows = (tableRows ?? 0) + more }
        for (category, count) in other.rowsWithFindings { rowsWithFindings[category, default: 0] += count }
    }
}

extension ScanSummary {
    /// Why two summaries cannot be merged.
    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Adds the counts and sketches of `other` (a scan of other inputs: a shard). Merging is
    /// associative and commutative, and merging the shards of a scan gives the summary of the
    /// whole scan. Both summaries must come from scans with the same fingerprint key.
    public mutating func merge(_ other: ScanSummary) throws(MergeError) {
        if keyID != other.keyID || (keyIsEphemeral || other.keyIsEphemeral) {
            throw MergeError(
                description: keyIsEphemeral || other.keyIsEphemeral
                    ? "a report was made with a random per-run key; scan with --key-file or PIISCAN_KEY to merge reports"
                    : "the reports were made with different fingerprint keys (key ids \(keyID ?? "none") and \(other.keyID ?? "none"))")
        }
        if let mine = settings, let theirs = other.settings, mine != theirs {
            throw MergeError(
                description: "the reports were made with different detection settings (rules, --min-confidence, --only, --sample-rows, --baseline, .piiscan.toml policy or --no-decode): their counts would not add up to one scan's")
        }
        if (retention == nil) != (other.retention == nil) || retention?.olderThan != other.retention?.olderThan {
            throw MergeError(
                description: retention == nil || other.retention == nil
                    ? "one report has the retention view (--retention/--older-than) and another not: scan every shard with the same options"
                    : "the reports were made with different --older-than ages (\(retention?.olderThan ?? "none") and \(other.retention?.olderThan ?? "none"))")
        }
        if settings == nil { settings = other.settings }
        files += other.files
        bytes += other.bytes
        rows += other.rows
        for (category, count) in other.counts { counts[category, default: 0] += count }
        for (verdict, count) in other.verdicts { verdicts[verdict, default: 0] += count }
        for (path, perCategory) in other.perFile {
            for (category, count) in perCategory { perFile[path, default: [:]][category, default: 0] += count }
        }
        for column in other.columns { add(column) }
        columns.sort { $0.key < $1.key }
        errors += other.errors
        skipped += other.skipped
        suppressed += other.suppressed
        baselined += other.baselined
        allowlisted += other.allowlisted
        elapsedSeconds = max(elapsedSeconds, other.elapsedSeconds)
        complete = complete && other.complete
        exposure.merge(other.exposure)
        if let theirs = other.retention {
            if retention == nil { retention = theirs } else { retention!.merge(theirs) }
        }
    }
}
