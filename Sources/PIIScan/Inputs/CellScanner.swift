import PIIModel

/// Scans the cells of records — SQLite rows, JSON lines — with the detectors of a
/// ``UnitScanner``, and attributes the findings of a record to its table and columns. Shared by
/// ``SQLiteScanner`` and ``JSONLinesScanner`` so that a value gets the same verdict, confidence
/// and column summary whichever way its table reached piiscan.
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

    /// Scans one cell (`context`: the column's keyword context, see ``context(forColumn:)``).
    /// `integer`: the cell holds an integer that may have lost a leading zero (a phone or
    /// resident number stored as a number); it is scanned again with the zero restored.
    /// Returns the scanner's issues (match limits), if any.
    func scan(
        cell: [UInt8], column: Int, context: [UInt8], path: String, integer: Bool, into findings: inout [CellFinding]
    ) -> [InputIssue] {
        var source = MemorySource(cell)
        let result = scanner.scan(&source, path: path, context: context) { finding in
            findings.append(CellFinding(finding: finding, column: column))
        }
        if integer && [8, 9, 10, 12].contains(cell.count) && cell.first != UInt8(ascii: "0") {
            scanLostZero(cell, column: column, context: context, path: path, into: &findings)
        }
        return result.issues
    }

    /// Scans an integer cell again with its leading zero restored; keeps phone and resident
    /// numbers covering the whole value, with less confidence.
    private func scanLostZero(_ digits: [UInt8], column: Int, context: [UInt8], path: String, into findings: inout [CellFinding]) {
        var source = MemorySource([UInt8(ascii: "0")] + digits)
        let wanted: Set<Category> = [.phone, .rrn, .frn]
        _ = scanner.scan(&source, path: path, context: context) { finding in
            guard wanted.contains(finding.category), finding.offset == 0, finding.length == digits.count + 1 else { return }
            var finding = finding
            finding.confidence = max(0, ((finding.confidence - CellScanner.lostZeroPenalty) * 100).rounded() / 100)
            guard finding.confidence >= configuration.minConfidence else { return }
            finding.length = digits.count
            if finding.value != nil { finding.value = String(decoding: digits, as: UTF8.self) }
            findings.append(CellFinding(finding: finding, column: column))
        }
    }

    /// Reports the findings of one record (in cell order): each gets the record's location
    /// (line and column 0: offsets are within the cell), and each column counts the record
    /// once per category it holds.
    func report(
        _ findings: [CellFinding], table: String, columnNames: [String], rowid: Int64?, primaryKey: String?,
        columns: inout [ColumnSummary], sink: (Finding) -> Void
    ) {
        var seen: Set<Category> = []
        var lastColumn = -1
        for item in findings {
            if item.column != lastColumn {
                seen.removeAll(keepingCapacity: true)
                lastColumn = item.column
            }
            var finding = item.finding
            finding.line = 0
            finding.column = 0
            finding.record = RecordLocation(table: table, column: columnNames[item.column], rowid: rowid, primaryKey: primaryKey)
            if seen.insert(finding.category).inserted { columns[item.column].rowsWithFindings[finding.category, default: 0] += 1 }
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
