import PIIModel

/// How standard input is read (`--stdin-format`).
public enum StandardInputFormat: String, Sendable, CaseIterable {
    /// A text stream (or gzip, sniffed by content), like a file.
    case text
    /// JSON lines: one object per line (a table's rows, as Spark's `DataFrame.toJSON` writes
    /// them), scanned cell by cell like a database table (see ``JSONLinesScanner``).
    case jsonl
}

/// Scans JSON lines as the rows of one table: every string or number field of a line is a cell,
/// scanned with the column's name as keyword context exactly like a SQLite cell
/// (``CellScanner``). Findings carry a ``RecordLocation`` (the table, the field name as column,
/// the 1-based line number as rowid) and column summaries count, per field, the lines that have
/// it and the lines with findings in it.
///
/// - Nested objects are flattened with dots (`{"a":{"b":1}}` is column `a.b`); the elements of
///   an array are cells of the array's column. `true`, `false` and `null` are not scanned.
/// - A field counts as a row of its column only in the lines that have it (Spark's `toJSON`
///   omits null fields), so the counts of several partitions of a table add up exactly to the
///   counts of the whole table.
/// - A line that is not a JSON object is skipped and counted; the input then has one error that
///   says how many lines were invalid and which (the scan of the other lines goes on).
struct JSONLinesScanner {
    let cells: CellScanner

    /// Lines longer than this are not parsed (reported as invalid); memory stays bounded.
    static let maxLineBytes = 64 << 20
    /// Bytes read from the stream at a time.
    static let readSize = 1 << 20

    /// What scanning the stream produced besides its findings.
    struct Outcome {
        var issues: [InputIssue] = []
        var rows: Int64 = 0
        /// Cell bytes scanned.
        var bytes: Int64 = 0
        var columns: [ColumnSummary] = []
    }

    /// Scans `source` to its end as the rows of `table`; findings and columns are under `path`.
    func scan<Source: ByteSource>(_ source: inout Source, table: String, path: String, sink: (consuming Finding) -> Void) -> Outcome {
        var state = State(
            table: table, path: path,
            packing: cells.configuration.packCells && cells.scanner.canPackCells,
            byteBudget: cells.configuration.bufferSize)
        var chunk = [UInt8](repeating: 0, count: JSONLinesScanner.readSize)
        var line: [UInt8] = []
        var tooLong = false
        var readError: String?
        reading: while true {
            let read = chunk.withUnsafeMutableBytes { buffer -> Result<Int, InputError> in
                do throws(InputError) { return .success(try source.read(into: buffer)) } catch { return .failure(error) }
            }
            guard case .success(let count) = read else {
                if case .failure(let error) = read { readError = error.message }
                break
            }
            if count == 0 { break }
            var start = 0
            while start < count {
                let newline = chunk[start..<count].firstIndex(of: 0x0A)
                let end = newline ?? count
                if !tooLong {
                    if line.count + (end - start) > JSONLinesScanner.maxLineBytes {
                        tooLong = true
                        line.removeAll()
                    } else {
                        line.append(contentsOf: chunk[start..<end])
                    }
                }
                guard newline != nil else { break }
                if Interruption.isRequested {
                    flush(&state, sink: sink)
                    state.outcome.issues.append(InputIssue(
                        kind: .error, path: path, message: "scan interrupted after \(state.lineNumber) lines"))
                    break reading
                }
                process(line, tooLong: tooLong, state: &state, sink: sink)
                line.removeAll(keepingCapacity: line.capacity <= JSONLinesScanner.readSize)
                tooLong = false
                start = end + 1
            }
        }
        if (!line.isEmpty || tooLong) && !Interruption.isRequested { process(line, tooLong: tooLong, state: &state, sink: sink) }
        flush(&state, sink: sink)
        if state.invalidLines > 0 {
            let shown = state.invalidExamples.joined(separator: "; ")
            let more = state.invalidLines > state.invalidExamples.count ? "; …" : ""
            state.outcome.issues.append(InputIssue(
                kind: .error, path: path,
                message: "JSON lines: \(state.invalidLines) invalid line\(state.invalidLines == 1 ? "" : "s") skipped (\(shown)\(more))"))
        }
        if let readError { state.outcome.issues.append(InputIssue(kind: .error, path: path, message: readError)) }
        return state.outcome
    }

    /// Everything that lives across lines.
    private struct State {
        let table: String
        let path: String
        var outcome = Outcome()
        var lineNumber: Int64 = 0
        var invalidLines = 0
        var invalidExamples: [String] = []
        var scannerIssue = false
        /// Column number by flattened field name, in order of first appearance.
        var columnIndex: [String: Int] = [:]
        var names: [String] = []
        var contexts: [[UInt8]] = []
        /// The last line each column was counted in (a field repeated in a line counts once).
        var lastLine: [Int64] = []
        var fields: [JSONFlattener.Field] = []
        /// Lines waiting to be scanned (lanes `2 × column` for values, `2 × column + 1` for
        /// integers with a restored leading zero), and their line numbers.
        var batch: CellBatch
        var batchLines: [Int64] = []
        var batchFindings = CellBatchFindings()

        init(table: String, path: String, packing: Bool, byteBudget: Int) {
            self.table = table
            self.path = path
            batch = CellBatch(packing: packing, byteBudget: byteBudget)
        }

        mutating func column(_ name: String) -> Int {
            if let index = columnIndex[name] { return index }
            let index = names.count
            columnIndex[name] = index
            names.append(name)
            let context = CellScanner.context(forColumn: name)
            contexts.append(context)
            _ = batch.addLane(column: index, kind: .plain, context: context)
            _ = batch.addLane(column: index, kind: .lostZero, context: context)
            lastLine.append(0)
            outcome.columns.append(ColumnSummary(key: ColumnKey(path: path, table: table, column: name)))
            return index
        }
    }

    private func process(_ line: [UInt8], tooLong: Bool, state: inout State, sink: (consuming Finding) -> Void) {
        state.lineNumber += 1
        func invalid(_ reason: String) {
            state.invalidLines += 1
            if state.invalidExamples.count < 3 { state.invalidExamples.append("line \(state.lineNumber): \(reason)") }
        }
        if tooLong {
            invalid("longer than \(JSONLinesScanner.maxLineBytes >> 20) MiB")
            return
        }
        // Blank lines (a trailing CR, an empty last line) are not rows.
        guard line.contains(where: { !JSONFlattener.isSpace($0) }) else { return }
        state.fields.removeAll(keepingCapacity: true)
        // The parse returns its failure instead of throwing it out of the closure: a typed throw
        // through `withUnsafeBytes` crashes this Swift compiler (6.3.1).
        let failure = line.withUnsafeBytes { bytes -> JSONFlattener.Failure? in
            var parser = JSONFlattener(bytes)
            do throws(JSONFlattener.Failure) {
                try parser.parseLine(into: &state.fields)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            invalid(failure.reason)
            return
        }
        state.outcome.rows += 1
        state.batch.beginRecord()
        state.batchLines.append(state.lineNumber)
        for field in state.fields {
            let column = state.column(field.name)
            if state.lastLine[column] != state.lineNumber {
                state.lastLine[column] = state.lineNumber
                state.outcome.columns[column].rows += 1
            }
            if field.value.isEmpty { continue }
            state.outcome.bytes += Int64(field.value.count)
            field.value.withUnsafeBytes { value in
                state.batch.add(value, lane: 2 * column)
                // An integer that may have lost leading zeros is scanned again with them restored.
                if field.isInteger && value.first != UInt8(ascii: "0") {
                    for zeros in CellScanner.lostZeroCounts(digits: value.count) {
                        state.batch.add(value, zeros: zeros, lane: 2 * column + 1)
                    }
                }
            }
        }
        if state.batch.isFull { flush(&state, sink: sink) }
    }

    /// Scans the lines of the batch and reports their findings.
    private func flush(_ state: inout State, sink: (consuming Finding) -> Void) {
        guard !state.batch.isEmpty else { return }
        cells.scan(state.batch, path: state.path, into: &state.batchFindings)
        if let issue = state.batchFindings.firstIssue, !state.scannerIssue {
            state.scannerIssue = true
            state.outcome.issues.append(InputIssue(
                kind: .error, path: state.path,
                message: "line \(state.batchLines[issue.record]), field \(cells.scanner.displayName(state.names[issue.column])): \(issue.message)"))
        }
        for record in 0..<state.batch.recordCount {
            let findings = state.batchFindings.findings(ofRecord: record)
            guard !findings.isEmpty else { continue }
            // A column's cells may be apart (objects inside an array, a repeated key): group the
            // findings by column, in cell order within a column, so a row counts once per column.
            var ordered = Array(findings)
            if zip(ordered, ordered.dropFirst()).contains(where: { $0.column > $1.column }) {
                ordered = ordered.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }
                    .map(\.element)
            }
            cells.report(
                ordered, table: cells.scanner.displayName(state.table), columnNames: state.names.map(cells.scanner.displayName),
                rowid: state.batchLines[record], primaryKey: nil,
                columns: &state.outcome.columns, sink: sink)
        }
        state.batch.removeAll()
        state.batchLines.removeAll(keepingCapacity: true)
    }
}
