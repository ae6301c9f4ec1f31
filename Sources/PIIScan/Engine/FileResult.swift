import PIIModel

/// What one input file contributed to a scan besides its findings: reported once the file is
/// done (all its work units assembled), in input order, for incremental state, progress and
/// logging.
public struct FileResult: Sendable, Equatable {
    /// Display path, as in findings.
    public var path: String
    /// Whether the file counts as an input that was read (`files` in the summary).
    public var opened = false
    /// Decoded bytes scanned.
    public var bytes: Int64 = 0
    /// Database or dump rows scanned.
    public var rows: Int64 = 0
    /// Column-level counts (databases and dumps).
    public var columns: [ColumnSummary] = []
    /// Errors and skip notes of this file.
    public var issues: [InputIssue] = []
    /// Reported findings.
    public var findings = 0
    /// Seconds the workers spent on the file (0 for carried-over results).
    public var seconds: Double = 0
    /// Whether the result was carried over from an earlier scan rather than scanned now.
    public var carried = false

    public init(path: String) { self.path = path }

    /// Whether the file was read completely (no error issue), so its result may be reused.
    public var isComplete: Bool { !issues.contains { $0.kind == .error } }
}

/// The stored result of a file that did not change since an earlier scan: its counts, plus a
/// function that replays its findings (stored masked, with fingerprints). The engine feeds the
/// replayed findings through the same path as fresh ones, so reports and summaries are
/// identical to a full scan.
public struct CarriedFile: Sendable {
    /// Counts and issues of the earlier scan (`findings` and `seconds` are recomputed).
    public var result: FileResult
    /// Calls its argument with every stored finding of the file, in report order, on a worker
    /// thread. Returns an error message when the stored findings could not all be read (the
    /// file is then reported as an error: the scan is incomplete).
    public var replay: @Sendable (_ sink: (consuming Finding) -> Void) -> String?

    public init(result: FileResult, replay: @escaping @Sendable (_ sink: (consuming Finding) -> Void) -> String?) {
        self.result = result
        self.replay = replay
    }
}
