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

    /// Whether a finding in an integer with its leading zero restored (`restored`: `0` + the
    /// digits) is reported: a phone or resident number covering the whole value, then with
    /// ``lostZeroPenalty`` less confidence and the length (and value) of the stored digits, if
    /// that confidence still reaches the threshold. `finding` is adjusted in place.
    func lostZero(_ finding: inout Finding, restored: UnsafeRawBufferPointer) -> Bool {
        guard finding.category == .phone || finding.category == .rrn || finding.category == .frn, finding.offset == 0,
            finding.length == restored.count
        else { return false }
        finding.confidence = max(0, ((finding.confidence - CellScanner.lostZeroPenalty) * 100).rounded() / 100)
        guard finding.confidence >= configuration.minConfidence else { return false }
        finding.length = restored.count - 1
        if finding.value != nil { finding.value = String(decoding: UnsafeRawBufferPointer(rebasing: restored[1...]), as: UTF8.self) }
        return true
    }

    /// Reports the findings of one record (in cell order): each gets the record's location
    /// (line and column 0: offsets are within the cell), and each column counts the record
    /// once per category it holds.
    func report<Findings: Collection<CellFinding>>(
        _ findings: Findings, table: String, columnNames: [String], rowid: Int64?, primaryKey: String?,
        keyFingerprint: String? = nil, columns: inout [ColumnSummary], sink: (Finding) -> Void
    ) {
        // Categories already counted for the current column (a handful: a list beats a set).
        var seen: [Category] = []
        var lastColumn = -1
        for item in findings {
            if item.column != lastColumn {
                seen.removeAll(keepingCapacity: true)
                lastColumn = item.column
            }
            var finding = item.finding
            finding.line = 0
            finding.column = 0
            finding.record = RecordLocation(
                table: table, column: columnNames[item.column], rowid: rowid, primaryKey: primaryKey,
                keyFingerprint: keyFingerprint)
            if !seen.contains(finding.category) {
                seen.append(finding.category)
                columns[item.column].rowsWithFindings[finding.category, default: 0] += 1
            }
            sink(finding)
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
