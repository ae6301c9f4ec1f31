import PIIModel

/// Scans the cells of records — SQLite rows, JSON lines — with the detectors of a
/// ``UnitScanner`` (a ``CellBatch`` at a time, see ``scan(_:path:into:)``), and attributes the
/// findings of a record to its table and columns. Shared by ``SQLiteScanner`` and
/// ``JSONLinesScanner`` so that a value gets the same verdict, confidence and column summary
/// whichever way its table reached piiscan.
struct CellScanner {
    let scanner: UnitScanner
    let configuration: ScanConfiguration

    /// Confidence taken off a value found only after restoring an integer's leading zero.
    static let lostZeroPenalty = 0.4

    /// A cell's finding, held until the record is complete (its primary key may come later).
    struct CellFinding {
        var finding: Finding
        /// Column number within the record's reported columns.
        var column: Int
    }

    /// How many leading zeros an integer of `digits` digits (no leading zero) may have lost, one
    /// count per try: one for a phone or resident number (`1023456789` → `010…`, `501013123456`
    /// → `050101…`), two or three for a resident number of a birth in 2000 (`10151234567` →
    /// `001015…`, `1013123456` → `000101…`).
    static func lostZeroCounts(digits: Int) -> [Int] {
        switch digits {
        case 8, 9, 12: [1]
        case 10: [1, 3]
        case 11: [2]
        default: []
        }
    }

    /// Confidence taken off a finding in an integer with its leading zeros restored:
    /// ``lostZeroPenalty``, except for phone numbers other than a standard mobile (`010` and an
    /// exchange starting 2–9): a landline, 070, 050x or legacy mobile scores 0.2–0.25 less than
    /// a standard mobile and lost another 0.1 for having no separator, which an integer cannot have;
    /// they get both back, so that, like a mobile, they reach 0.5 in a phone-named column
    /// (`tel INTEGER` 212345678 = 02-1234-5678) and stay below it elsewhere.
    static func lostZeroPenalty(_ category: PIIModel.Category, restored: UnsafeRawBufferPointer) -> Double {
        guard category == .phone || category == .phoneSafe else { return CellScanner.lostZeroPenalty }
        let standardMobile = restored.count == 11 && restored[1] == UInt8(ascii: "1") && restored[2] == UInt8(ascii: "0")
            && restored[3] >= UInt8(ascii: "2")
        return standardMobile ? CellScanner.lostZeroPenalty : CellScanner.lostZeroPenalty - 0.2
    }

    /// Whether a finding in an integer with its leading zeros restored (`restored`: `0`s + the
    /// digits, which never start with `0`) is reported: a phone (one zero) or resident number
    /// covering the whole value, then with ``lostZeroPenalty(_:restored:)`` less confidence and the length (and
    /// value) of the stored digits, if that confidence still reaches the threshold — and 0.5 when
    /// two or three zeros were restored, whatever the threshold (any 10-digit integer reads as a
    /// birth date in 2000 three times in ten: only a resident-number column makes it one).
    /// `finding` is adjusted in place.
    func lostZero(_ finding: inout Finding, restored: UnsafeRawBufferPointer) -> Bool {
        CellScanner.lostZero(&finding, restored: restored, minConfidence: configuration.minConfidence)
    }

    /// ``lostZero(_:restored:)`` with the scan's minimum confidence given (no scanner needed).
    static func lostZero(_ finding: inout Finding, restored: UnsafeRawBufferPointer, minConfidence: Double) -> Bool {
        let zeros = restored.prefix { $0 == UInt8(ascii: "0") }.count
        guard finding.category == .rrn || finding.category == .frn || ((finding.category == .phone || finding.category == .phoneSafe) && zeros == 1),
            finding.offset == 0, finding.length == restored.count
        else { return false }
        // Ten stored digits that form a valid business registration number are one (`1258709505`:
        // tax office 125, the first Seoul offices read as January), not a resident number of
        // 2000 with three zeros lost (spec §8.3); a person's lost by this is one in ten of those
        // born January–September 2000.
        if zeros == 3 && (finding.category == .rrn || finding.category == .frn) {
            var digits = DigitBuffer()
            for byte in restored[3...] { _ = digits.append(byte &- 0x30) }
            if BRNValidator.isValid(digits) { return false }
        }
        finding.confidence = max(0, ((finding.confidence - lostZeroPenalty(finding.category, restored: restored)) * 100).rounded() / 100)
        guard finding.confidence >= (zeros > 1 ? max(minConfidence, 0.5) : minConfidence) else { return false }
        finding.length = restored.count - zeros
        if finding.value != nil {
            finding.value = String(decoding: UnsafeRawBufferPointer(rebasing: restored[zeros...]), as: UTF8.self)
        }
        return true
    }

    /// Reports the findings of one record (in cell order): each gets the record's location
    /// (line and column 0: offsets are within the cell), and each column counts the record
    /// once per category it holds.
    func report<Findings: Collection<CellFinding>>(
        _ findings: Findings, table: String, columnNames: [String], rowid: Int64?, primaryKey: String?,
        keyFingerprint: String? = nil, columns: inout [ColumnSummary], sink: (consuming Finding) -> Void
    ) {
        var report = RecordReport(
            table: table, columnNames: columnNames, rowid: rowid, primaryKey: primaryKey, keyFingerprint: keyFingerprint)
        for item in findings { report.add(item.finding, column: item.column, columns: &columns, sink: sink) }
    }

    /// ``report(_:table:columnNames:rowid:primaryKey:keyFingerprint:columns:sink:)`` one finding
    /// at a time, for findings that are moved rather than copied out of where they wait.
    struct RecordReport {
        let table: String
        let columnNames: [String]
        let rowid: Int64?
        let primaryKey: String?
        let keyFingerprint: String?
        /// Categories already counted for the current column (a handful: a list beats a set).
        private var seen: [Category] = []
        private var lastColumn = -1

        init(table: String, columnNames: [String], rowid: Int64?, primaryKey: String?, keyFingerprint: String?) {
            self.table = table
            self.columnNames = columnNames
            self.rowid = rowid
            self.primaryKey = primaryKey
            self.keyFingerprint = keyFingerprint
        }

        /// Reports the record's next finding (findings come in cell order).
        mutating func add(
            _ finding: consuming Finding, column: Int, columns: inout [ColumnSummary], sink: (consuming Finding) -> Void
        ) {
            if column != lastColumn {
                seen.removeAll(keepingCapacity: true)
                lastColumn = column
            }
            finding.line = 0
            finding.column = 0
            finding.utf16Column = 0
            finding.utf16EndColumn = 0
            finding.utf16EndLine = 0
            finding.record = RecordLocation(
                table: table, column: columnNames[column], rowid: rowid, primaryKey: primaryKey,
                keyFingerprint: keyFingerprint)
            if !seen.contains(finding.category) {
                seen.append(finding.category)
                columns[column].rowsWithFindings[finding.category, default: 0] += 1
            }
            sink(consume finding)
        }
    }

    /// Keyword context for the cells of a column: its name, plus `timestamp` for names that
    /// say the column holds a point in time (`created_at`, `updated_ts`, `login_time`).
    static func context(forColumn name: String) -> [UInt8] {
        let lower = name.lowercased()
        let timeLike = lower.hasSuffix("_at") || lower.hasSuffix("_ts") || lower.hasSuffix("time")
            || lower.contains("timestamp") || lower.hasPrefix("created")
            || lower.hasPrefix("updated") || lower.hasPrefix("modified") || lower.hasPrefix("deleted")
        return Array(name.utf8) + (timeLike ? Array(" timestamp".utf8) : [])
    }
}
