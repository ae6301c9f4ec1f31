import CCompression
import PIIModel

/// Scans a Parquet file's rows as the rows of a database table: every text, integer and
/// integral floating value of a row is a cell, scanned with its column's name as keyword
/// context exactly like a SQLite cell (``CellScanner``; integers that lost a leading zero are
/// tried with it). Findings carry a ``RecordLocation`` (the table, the column's dotted name,
/// the 1-based row of the file as rowid).
///
/// - Nested columns are named by their path (`contact.phone`; the elements of a list are cells
///   of the list's column, several in one row).
/// - Dates, times, timestamps, booleans, decimals with a scale (amounts) and binary values
///   (UUIDs, BSON) are not scanned: they hold no personal data, and an epoch timestamp would
///   be a resident number's candidate.
/// - A row group is read in blocks of ``blockRows`` rows, one column after another; memory is
///   one page per column plus one block of cells.
struct ParquetScanner {
    let cells: CellScanner

    /// Rows read from each column at a time.
    static let blockRows: Int64 = 4096

    /// What scanning the file produced besides its findings.
    struct Outcome {
        var issues: [InputIssue] = []
        var rows: Int64 = 0
        /// Cell bytes scanned.
        var bytes: Int64 = 0
        var columns: [ColumnSummary] = []
    }

    /// How a column's values become cell text; nil for the columns not scanned.
    enum Rendering {
        case text
        case integer
        /// An unscaled decimal of scale 0 stored as bytes (big-endian two's complement).
        case decimalBytes
        /// A floating value that is a whole number (pandas writes an integer column with
        /// nulls as doubles).
        case integralFloating

        init?(_ column: ParquetColumn) {
            switch column.kind {
            case .text: self = .text
            case .integer: self = .integer
            case .decimal(let scale) where scale == 0:
                self = column.physicalType == .int32 || column.physicalType == .int64 ? .integer : .decimalBytes
            // A FLOAT holds 24 bits of mantissa: a phone number in one is already rounded.
            case .floating where column.physicalType == .double: self = .integralFloating
            case .binary, .decimal, .floating, .temporal, .boolean, .other: return nil
            }
        }
    }

    /// The cells of one column for a block of rows.
    private struct ColumnBlock {
        var bytes: [UInt8] = []
        /// Per value: its row within the block, its start in `bytes`, its length, whether it
        /// is an integer (tried with lost leading zeros).
        var rows: [Int32] = []
        var starts: [Int32] = []
        var lengths: [Int32] = []
        var integers: [Bool] = []

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            rows.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            lengths.removeAll(keepingCapacity: true)
            integers.removeAll(keepingCapacity: true)
        }

        mutating func append(row: Int32, integer: Bool, _ write: (inout [UInt8]) -> Void) {
            let start = bytes.count
            write(&bytes)
            guard bytes.count > start else { return }
            rows.append(row)
            starts.append(Int32(start))
            lengths.append(Int32(bytes.count - start))
            integers.append(integer)
        }
    }

    /// Scans every row of `file` as a row of `table`; findings and columns are under `path`.
    func scan(_ file: ParquetFile, table: String, path: String, sink: (consuming Finding) -> Void) -> Outcome {
        var outcome = Outcome()
        let scanned = file.columns.indices.compactMap { index in Rendering(file.columns[index]).map { (index, $0) } }
        let names = scanned.map { cells.scanner.displayName(file.columns[$0.0].name) }
        outcome.columns = scanned.map { ColumnSummary(key: ColumnKey(path: path, table: table, column: file.columns[$0.0].name)) }
        var batch = CellBatch(packing: cells.configuration.packCells && cells.scanner.canPackCells, byteBudget: cells.configuration.bufferSize)
        for (position, column) in scanned.enumerated() {
            let context = CellScanner.context(forColumn: file.columns[column.0].name)
            _ = batch.addLane(column: position, kind: .plain, context: context)
            _ = batch.addLane(column: position, kind: .lostZero, context: context)
        }
        var batchRows: [Int64] = []
        var batchFindings = CellBatchFindings()
        var scannerIssue = false
        let displayTable = cells.scanner.displayName(table)

        func flush() {
            guard !batch.isEmpty else { return }
            cells.scan(batch, path: path, into: &batchFindings)
            if let issue = batchFindings.firstIssue, !scannerIssue {
                scannerIssue = true
                outcome.issues.append(InputIssue(
                    kind: .error, path: path, message: "row \(batchRows[issue.record]), column \(names[issue.column]): \(issue.message)"))
            }
            for record in 0..<batch.recordCount {
                let findings = batchFindings.findings(ofRecord: record)
                guard !findings.isEmpty else { continue }
                cells.report(
                    findings, table: displayTable, columnNames: names, rowid: batchRows[record], primaryKey: nil,
                    columns: &outcome.columns, sink: sink)
            }
            batch.removeAll()
            batchRows.removeAll(keepingCapacity: true)
        }

        var blocks = [ColumnBlock](repeating: ColumnBlock(), count: scanned.count)
        var next = [Int](repeating: 0, count: scanned.count)
        var firstRow: Int64 = 0
        var failedGroups = 0
        groups: for (group, rowCount) in file.rowGroupRowCounts.enumerated() {
            defer { firstRow += rowCount }
            var cursors: [ParquetColumnCursor] = []
            var start: Int64 = 0
            do {
                cursors = try scanned.map { column throws(InputError) in try file.cursor(rowGroup: group, column: column.0) }
                while start < rowCount {
                    if Interruption.isRequested {
                        outcome.issues.append(InputIssue(kind: .error, path: path, message: "scan interrupted after \(firstRow + start) rows"))
                        break groups
                    }
                    let end = min(rowCount, start + Self.blockRows)
                    for (position, cursor) in cursors.enumerated() {
                        blocks[position].removeAll()
                        let rendering = scanned[position].1
                        try cursor.read(untilRow: end) { row, value in
                            Self.append(value, rendering: rendering, row: Int32(row - start), to: &blocks[position])
                        }
                    }
                    // Rows in order, each row's cells column by column.
                    for position in next.indices { next[position] = 0 }
                    for row in 0..<Int32(end - start) {
                        batch.beginRecord()
                        batchRows.append(firstRow + start + Int64(row) + 1)
                        for position in blocks.indices {
                            var index = next[position]
                            let block = blocks[position]
                            guard index < block.rows.count, block.rows[index] == row else { continue }
                            outcome.columns[position].rows += 1
                            block.bytes.withUnsafeBytes { bytes in
                                while index < block.rows.count && block.rows[index] == row {
                                    let value = UnsafeRawBufferPointer(
                                        rebasing: bytes[Int(block.starts[index])..<Int(block.starts[index] + block.lengths[index])])
                                    outcome.bytes += Int64(value.count)
                                    batch.add(value, lane: 2 * position)
                                    if block.integers[index] && value.first != UInt8(ascii: "0") && value.first != UInt8(ascii: "-") {
                                        for zeros in CellScanner.lostZeroCounts(digits: value.count) {
                                            batch.add(value, zeros: zeros, lane: 2 * position + 1)
                                        }
                                    }
                                    index += 1
                                }
                            }
                            next[position] = index
                        }
                        if batch.isFull { flush() }
                    }
                    outcome.rows += end - start
                    start = end
                }
            } catch {
                // A damaged row group: what was read is scanned, the other row groups still are.
                failedGroups += 1
                if failedGroups == 1 {
                    let message = error.message.contains("row group")
                        ? error.message : "row group \(group) (0-based) of \(file.rowGroupRowCounts.count): \(error.message)"
                    outcome.issues.append(InputIssue(kind: .error, path: path, message: message))
                }
                outcome.rows += start
            }
        }
        flush()
        if failedGroups > 1 {
            outcome.issues.append(InputIssue(kind: .error, path: path, message: "\(failedGroups) row groups could not be read"))
        }
        return outcome
    }

    /// Writes a value as cell text (nothing for a value that is not scanned).
    private static func append(_ value: ParquetValue, rendering: Rendering, row: Int32, to block: inout ColumnBlock) {
        switch (value, rendering) {
        case (.bytes(let bytes), .text):
            block.append(row: row, integer: false) { $0.append(contentsOf: bytes) }
        case (.int(let number), .integer):
            block.append(row: row, integer: true) { appendDecimal(number, to: &$0) }
        case (.bytes(let bytes), .decimalBytes):
            // A big-endian two's complement, 16 bytes for Spark's DECIMAL(38,0): the value
            // when it fits 64 bits once the sign's extension bytes are dropped (a number
            // beyond that is no identifier).
            guard let first = bytes.first else { return }
            let sign: UInt8 = first >= 0x80 ? 0xFF : 0x00
            var digits = bytes[...]
            while digits.count > 8, digits.first == sign { digits = digits.dropFirst() }
            guard digits.count <= 8 else { return }
            var number: Int64 = sign == 0xFF ? -1 : 0
            for byte in digits { number = number << 8 | Int64(byte) }
            block.append(row: row, integer: true) { appendDecimal(number, to: &$0) }
        case (.double(let number), .integralFloating):
            guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else { return }
            block.append(row: row, integer: true) { appendDecimal(Int64(number), to: &$0) }
        case (.int(let number), .integralFloating):
            block.append(row: row, integer: true) { appendDecimal(number, to: &$0) }
        default:
            return
        }
    }

    private static func appendDecimal(_ number: Int64, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// Decompresses a GZIP, ZSTD or Brotli page for ``ParquetFile`` (SNAPPY and LZ4 are its own;
    /// LZO is not supported).
    static func decompress(_ codec: ParquetCodec, _ input: UnsafeRawBufferPointer, _ size: Int) throws(InputError) -> [UInt8] {
        switch codec {
        case .gzip:
            var source = try GzipSource(MemorySource(Array(input)))
            var output = [UInt8](repeating: 0, count: size)
            var filled = 0
            let buffer = ReadBuffer(byteCount: 64 * 1024)
            while true {
                let count = try source.read(into: buffer.bytes)
                if count == 0 { break }
                guard filled + count <= size else { throw InputError("corrupt GZIP page: more than its \(size) bytes") }
                output.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: filled).copyMemory(from: buffer.bytes.baseAddress!, byteCount: count) }
                filled += count
            }
            guard filled == size else { throw InputError("corrupt GZIP page: \(filled) of its \(size) bytes") }
            return output
        case .zstd:
            var output = [UInt8](repeating: 0, count: size)
            let result = output.withUnsafeMutableBytes { ZSTD_decompress($0.baseAddress, size, input.baseAddress, input.count) }
            guard ZSTD_isError(result) == 0 else {
                throw InputError("corrupt ZSTD page: \(String(cString: ZSTD_getErrorName(result)))")
            }
            guard result == size else { throw InputError("corrupt ZSTD page: \(result) of its \(size) bytes") }
            return output
        case .brotli:
            var output = [UInt8](repeating: 0, count: size)
            var produced = size
            let result = output.withUnsafeMutableBytes { out in
                BrotliDecoderDecompress(
                    input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), &produced,
                    out.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
            guard result == BROTLI_DECODER_RESULT_SUCCESS, produced == size else {
                throw InputError("corrupt Brotli page (\(produced) of its \(size) bytes)")
            }
            return output
        default:
            throw InputError("\(codec)-compressed Parquet pages are not supported: rewrite the file with another codec (snappy, gzip, zstd, lz4, brotli), or stream the table as JSON lines (--stdin-format jsonl)")
        }
    }
}
