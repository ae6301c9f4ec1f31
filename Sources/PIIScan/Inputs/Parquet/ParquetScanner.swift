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

    /// The cells of a block of rows: their bytes, all columns' in one buffer, and per column
    /// where each of its cells lies.
    private struct Block {
        var bytes: [UInt8] = []
        var columns: [Cells]

        /// One column's cells: per value its row within the block, its start in `bytes`, its
        /// length, whether it is an integer (tried with lost leading zeros).
        struct Cells {
            var rows: [Int32] = []
            var starts: [Int32] = []
            var lengths: [Int32] = []
            var integers: [Bool] = []
            /// Rows that hold a value (written or not: small integers are not), and the last.
            var rowsWithValues = 0
            var lastRow: Int32 = -1
        }

        init(columns: Int) { self.columns = [Cells](repeating: Cells(), count: columns) }

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            for index in columns.indices {
                columns[index].rows.removeAll(keepingCapacity: true)
                columns[index].starts.removeAll(keepingCapacity: true)
                columns[index].lengths.removeAll(keepingCapacity: true)
                columns[index].integers.removeAll(keepingCapacity: true)
                columns[index].rowsWithValues = 0
                columns[index].lastRow = -1
            }
        }

        /// Records the bytes written after `start` as a cell of `column` in `row` (nothing when
        /// nothing was written).
        mutating func close(from start: Int, column: Int, row: Int32, integer: Bool) {
            if columns[column].lastRow != row {
                columns[column].lastRow = row
                columns[column].rowsWithValues += 1
            }
            guard bytes.count > start else { return }
            columns[column].rows.append(row)
            columns[column].starts.append(Int32(start))
            columns[column].lengths.append(Int32(bytes.count - start))
            columns[column].integers.append(integer)
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

        var block = Block(columns: scanned.count)
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
                    block.removeAll()
                    for (position, cursor) in cursors.enumerated() {
                        let rendering = scanned[position].1
                        try cursor.read(untilRow: end) { row, value in
                            let cellStart = block.bytes.count
                            let integer = Self.append(value, rendering: rendering, to: &block.bytes)
                            block.close(from: cellStart, column: position, row: Int32(row - start), integer: integer)
                        }
                    }
                    for position in next.indices {
                        outcome.columns[position].rows += Int64(block.columns[position].rowsWithValues)
                        next[position] = 0
                    }
                    // Rows in order, each row's cells column by column.
                    block.bytes.withUnsafeBytes { bytes in
                        for row in 0..<Int32(end - start) {
                            batch.beginRecord()
                            batchRows.append(firstRow + start + Int64(row) + 1)
                            for position in next.indices {
                                var index = next[position]
                                let count = block.columns[position].rows.count
                                guard index < count, block.columns[position].rows[index] == row else { continue }
                                while index < count && block.columns[position].rows[index] == row {
                                    let cellStart = Int(block.columns[position].starts[index])
                                    let value = UnsafeRawBufferPointer(
                                        rebasing: bytes[cellStart..<(cellStart + Int(block.columns[position].lengths[index]))])
                                    outcome.bytes += Int64(value.count)
                                    batch.add(value, lane: 2 * position)
                                    if block.columns[position].integers[index] {
                                        for zeros in CellScanner.lostZeroCounts(digits: value.count) {
                                            batch.add(value, zeros: zeros, lane: 2 * position + 1)
                                        }
                                    }
                                    index += 1
                                }
                                next[position] = index
                            }
                            if batch.isFull { flush() }
                        }
                    }
                    outcome.rows += end - start
                    start = end
                }
            } catch {
                // A damaged row group: its blocks before the damage were scanned, the block the
                // damage is in is not, and the other row groups still are.
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

    /// Writes a value as cell text (nothing for a value that is not scanned); whether it is an
    /// integer that may have lost its leading zeros.
    ///
    /// An integer below 10,000,000 or negative is no identifier (every number piiscan reports
    /// has at least eight digits, a lost zero included): it is not written, which spares
    /// scanning a table's ids, counts and amounts.
    private static func append(_ value: ParquetValue, rendering: Rendering, to bytes: inout [UInt8]) -> Bool {
        switch (value, rendering) {
        case (.bytes(let text), .text):
            bytes.append(contentsOf: text)
            return false
        case (.int(let number), .integer), (.int(let number), .integralFloating):
            return appendIdentifierDigits(number, to: &bytes)
        case (.bytes(let twosComplement), .decimalBytes):
            // A big-endian two's complement, 16 bytes for Spark's DECIMAL(38,0): the value
            // when it fits 64 bits once the sign's extension bytes are dropped (a number
            // beyond that is no identifier).
            guard let first = twosComplement.first else { return false }
            let sign: UInt8 = first >= 0x80 ? 0xFF : 0x00
            var digits = twosComplement[...]
            while digits.count > 8, digits.first == sign { digits = digits.dropFirst() }
            guard digits.count <= 8 else { return false }
            var number: Int64 = sign == 0xFF ? -1 : 0
            for byte in digits { number = number << 8 | Int64(byte) }
            return appendIdentifierDigits(number, to: &bytes)
        case (.double(let number), .integralFloating):
            guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else { return false }
            return appendIdentifierDigits(Int64(number), to: &bytes)
        default:
            return false
        }
    }

    /// Writes `number`'s digits if it may be an identifier (see ``append(_:rendering:to:)``).
    private static func appendIdentifierDigits(_ number: Int64, to bytes: inout [UInt8]) -> Bool {
        guard number >= 10_000_000 else { return false }
        appendDecimal(number, to: &bytes)
        return true
    }

    /// Writes a non-negative number's decimal digits.
    private static func appendDecimal(_ number: Int64, to bytes: inout [UInt8]) {
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
