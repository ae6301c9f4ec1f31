/// One detected value, located in its input. Carries the masked form only; the raw value is
/// present only when the user asked for it (`--show-values`).
public struct Finding: Sendable, Equatable {
    /// Display path of the input (as given on the command line, or `-` for stdin).
    public var path: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in bytes.
    public var column: Int
    /// 1-based column of the value's first character in UTF-16 code units of its line (what
    /// SARIF's `columnKind: utf16CodeUnits` counts), and of the character after its last;
    /// both 0 when not computed (only a scan with ``ScanConfiguration``'s `utf16Columns`
    /// computes them, for text findings). Clamped to `Int32.max` (a line of 2 G characters).
    public var utf16Column: Int32 = 0
    public var utf16EndColumn: Int32 = 0
    /// The 1-based line `utf16EndColumn` counts on when the value's text ends on a later line
    /// than `line` (a decoded value whose encoded text crosses a line break, as a mail body's
    /// Base64 block does); 0 when it ends on `line` or the columns were not computed.
    public var utf16EndLine: Int32 = 0
    /// 0-based byte offset in the decoded content (after gzip).
    public var offset: Int64
    /// Length in bytes.
    public var length: Int
    public var category: Category
    /// Id of the rule that matched.
    public var rule: String
    public var verdict: Verdict
    /// Confidence in [0, 1], rounded to two decimals.
    public var confidence: Double
    /// The value with its identifying part masked (`900101-1******`).
    public var masked: String
    /// Keyed hash of the normalised value: `hmac-sha256:<hex>`.
    public var fingerprint: Fingerprint
    /// The raw matched text; `nil` unless `--show-values` was given.
    public var value: String? {
        get { rare?.value }
        set { setRare(value: newValue, record: record, decoding: decoding) }
    }
    /// For values found in a database cell: where the cell is. `line`/`column` are then 0 and
    /// `offset`/`length` are within the cell value. For values found in a row of a SQL dump
    /// (scanned as text), `line`/`column`/`offset` keep their text meaning and `record.rowid` is
    /// the 1-based number of the row within its table in the dump (see ``hasTextLocation``).
    public var record: RecordLocation? {
        get { rare?.record }
        set { setRare(value: value, record: newValue, decoding: decoding) }
    }
    /// Set by the scanner when a `piiscan:allow` comment on the finding's line covers it; the
    /// engine counts such findings as suppressed and never reports them.
    public var suppressed = false
    /// The decoding that revealed the value (`percent`, `json-escape`, `html-entity`,
    /// `fullwidth`, `base64`, `hex` for a SQL dump's BLOB); `nil` for values found as they are. `offset`/`length` then span
    /// the encoded text in the input.
    public var decoding: String? {
        get { rare?.decoding }
        set { setRare(value: value, record: record, decoding: newValue) }
    }
    /// The structured-text field the value sits in: a JSON key, a logfmt key or a CSV/TSV
    /// header column name; `nil` when there is none.
    public var field: String?

    /// Whether `line`, `column` and `offset` locate the finding in text (files, streams, SQL
    /// dumps), rather than in a database cell (where `line` is 0).
    public var hasTextLocation: Bool { line > 0 }

    public init(
        path: String, line: Int, column: Int, offset: Int64, length: Int, category: Category,
        rule: String, verdict: Verdict, confidence: Double, masked: String, fingerprint: Fingerprint,
        value: String? = nil, record: RecordLocation? = nil
    ) {
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
        self.length = length
        self.category = category
        self.rule = rule
        self.verdict = verdict
        self.confidence = confidence
        self.masked = masked
        self.fingerprint = fingerprint
        rare = Finding.box(value: value, record: record, decoding: nil)
    }

    /// The fields most findings leave `nil` (a text file's findings have no record, no raw value,
    /// no decoding), kept out of line: a finding is copied from stage to stage (scanner, engine,
    /// report), and each copy then moves a third fewer bytes and retains fewer strings. Never
    /// changed in place (a finding that changes one gets a new box), so copies share it safely.
    private final class Rare: Sendable, Equatable {
        let value: String?
        let record: RecordLocation?
        let decoding: String?

        init(value: String?, record: RecordLocation?, decoding: String?) {
            self.value = value
            self.record = record
            self.decoding = decoding
        }

        static func == (lhs: Rare, rhs: Rare) -> Bool {
            lhs === rhs || (lhs.value == rhs.value && lhs.record == rhs.record && lhs.decoding == rhs.decoding)
        }
    }
    /// `nil` when all of them are `nil` (so that `==` need not tell an empty box from none).
    private var rare: Rare?

    /// The box for these fields (`nil` when all are `nil`). The values are consumed: setting
    /// `record` on every database finding would otherwise copy the location once more.
    private static func box(value: consuming String?, record: consuming RecordLocation?, decoding: consuming String?) -> Rare? {
        if case .none = value, case .none = record, case .none = decoding { return nil }
        return Rare(value: value, record: record, decoding: decoding)
    }

    private mutating func setRare(value: consuming String?, record: consuming RecordLocation?, decoding: consuming String?) {
        rare = Finding.box(value: value, record: record, decoding: decoding)
    }
}

/// The database cell, or the value of a SQL dump row, a finding was made in.
public struct RecordLocation: Sendable, Equatable {
    public var table: String
    /// Column name.
    public var column: String
    /// The row's rowid, for tables that have one; in a SQL dump, the 1-based number of the row
    /// within its table (INSERT tuples and COPY lines of that table, in dump order).
    public var rowid: Int64?
    /// The row's primary key (`WITHOUT ROWID` tables), as text; composite keys joined by `|`.
    /// For display only: without `--show-values` the personal values in it are masked, so
    /// different keys can read alike (`h***@naver.com`).
    public var primaryKey: String?
    /// For rows located by primary key: the keyed fingerprint (HMAC with the scan's key) of the
    /// exact key cells. It identifies the record for the breach-scale linkage, whatever the
    /// masking or `--show-values`; it is not part of any report.
    public var keyFingerprint: String?

    public init(
        table: String, column: String, rowid: Int64? = nil, primaryKey: String? = nil, keyFingerprint: String? = nil
    ) {
        self.table = table
        self.column = column
        self.rowid = rowid
        self.primaryKey = primaryKey
        self.keyFingerprint = keyFingerprint
    }
}
