/// A legacy Excel workbook (`.xls`, BIFF8: Excel 97–2003) read from its compound file's
/// `Workbook` stream: each sheet's cells — shared strings (`LABELSST`, the `SST` and its
/// `CONTINUE` records), inline strings, numbers (`NUMBER`, `RK`, `MULRK`) and formulas' cached
/// strings — as CSV, line *n* being row *n*, as a `.xlsx` sheet is read (``SheetRows``).
enum LegacyWorkbook {
    /// The note of a workbook that is no BIFF8 (Excel 5 or 95 wrote BIFF5).
    static let olderFormatNote = "legacy Excel workbook not in the Excel 97–2003 format (BIFF8) skipped: save it as .xlsx or .csv to scan it"

    /// The sheets' CSV text, in the workbook's order; nil when the stream is no BIFF8.
    /// - Throws: ``InputError`` for an encrypted workbook (`FILEPASS`).
    static func sheets(_ stream: [UInt8]) throws(InputError) -> [(name: String, text: [UInt8])]? {
        var records = Records(stream, from: 0)
        guard let bof = records.next(), bof.type == 0x0809, bof.data.count >= 2, u16(bof.data[...], 0) == 0x0600 else { return nil }
        var sheets: [(name: String, offset: Int)] = []
        var strings: [[UInt8]] = []
        while let record = records.next() {
            switch record.type {
            case 0x002F: throw InputError("password-protected Excel workbook (.xls): its content is encrypted and could not be scanned")
            case 0x0085 where record.data.count >= 8:
                // BOUNDSHEET: the sheet's BOF offset, its type (0: a worksheet), its name.
                guard record.data[5] == 0 else { continue }
                var reader = StringReader(segments: [record.data[6...]])
                let name = reader.string(count: Int(record.data[6]), lengthBytes: 1) ?? []
                sheets.append((String(decoding: name, as: UTF8.self), Int(u32(record.data[...], 0))))
            case 0x00FC:
                var segments = [record.data[...]]
                while records.peekType() == 0x003C, let next = records.next() { segments.append(next.data[...]) }
                strings = sharedStrings(segments)
            case 0x000A: break
            default: continue
            }
            if record.type == 0x000A { break }
        }
        return sheets.map { sheet in (sheet.name, rows(stream, from: sheet.offset, strings: strings)) }
    }

    /// A sheet substream's cells as CSV lines.
    static func rows(_ stream: [UInt8], from offset: Int, strings: [[UInt8]]) -> [UInt8] {
        var cells: [Int: [(column: Int, value: [UInt8])]] = [:]
        func put(_ row: Int, _ column: Int, _ value: [UInt8]) {
            guard !value.isEmpty, column < SheetRows.maximumWidth else { return }
            cells[row, default: []].append((column, value))
        }
        var records = Records(stream, from: offset)
        var pendingFormula: (row: Int, column: Int)? = nil
        var width = 0
        guard let bof = records.next(), bof.type == 0x0809 else { return [] }
        while let record = records.next(), record.type != 0x000A {
            let data = record.data[...]
            let row = data.count >= 4 ? Int(u16(data, 0)) : 0
            let column = data.count >= 4 ? Int(u16(data, 2)) : 0
            switch record.type {
            case 0x00FD where data.count >= 10:  // LABELSST
                let index = Int(u32(data, 6))
                if index < strings.count { put(row, column, strings[index]) }
            case 0x0204 where data.count >= 9:  // LABEL
                var reader = StringReader(segments: [data[6...]])
                put(row, column, reader.string(count: Int(u16(data, 6)), lengthBytes: 2) ?? [])
            case 0x0203 where data.count >= 14:  // NUMBER
                put(row, column, number(Double(bitPattern: u64(data, 6))))
            case 0x027E where data.count >= 10:  // RK
                put(row, column, number(rk(u32(data, 6))))
            case 0x00BD where data.count >= 12:  // MULRK: six bytes per cell, the last column at the end
                var position = 4
                var current = column
                while position + 6 <= data.count - 2 {
                    put(row, current, number(rk(u32(data, position + 2))))
                    position += 6
                    current += 1
                }
            case 0x0006 where data.count >= 14:  // FORMULA: a string result follows in STRING
                if data[6] == 0 && data[12] == 0xFF && data[13] == 0xFF {
                    pendingFormula = (row, column)
                } else if data[12] != 0xFF || data[13] != 0xFF {
                    put(row, column, number(Double(bitPattern: u64(data, 6))))
                }
            case 0x0207:  // STRING
                if let formula = pendingFormula, data.count >= 3 {
                    var reader = StringReader(segments: [data[...]])
                    put(formula.row, formula.column, reader.string(count: Int(u16(data, 0)), lengthBytes: 2) ?? [])
                }
                pendingFormula = nil
            case 0x0200 where data.count >= 14:  // DIMENSIONS: the first column after the last used
                width = min(Int(u16(data, 10)), SheetRows.maximumWidth)
            default: break
            }
        }
        var output: [UInt8] = []
        var written = 0
        for row in cells.keys.sorted() {
            output.append(contentsOf: repeatElement(0x0A, count: min(row - written, 1 << 20)))
            var separators = 0
            for cell in cells[row]!.sorted(by: { $0.column < $1.column }) where cell.column >= separators {
                output.append(contentsOf: repeatElement(0x2C, count: cell.column - separators))
                separators = cell.column
                SheetRows.appendField(cell.value[...], to: &output)
            }
            if width > separators + 1 { output.append(contentsOf: repeatElement(0x2C, count: width - 1 - separators)) }
            output.append(0x0A)
            written = row + 1
        }
        return output
    }

    /// The SST's strings: each `XLUnicodeRichExtendedString`, whose characters may continue in the
    /// next `CONTINUE` record after a byte giving their width there.
    static func sharedStrings(_ segments: [ArraySlice<UInt8>]) -> [[UInt8]] {
        guard let first = segments.first, first.count >= 8 else { return [] }
        let unique = Int(u32(first, 4))
        var reader = StringReader(segments: [first.dropFirst(8)] + segments.dropFirst())
        var strings: [[UInt8]] = []
        strings.reserveCapacity(min(unique, 1 << 20))
        while strings.count < unique, let string = reader.string(count: nil, lengthBytes: 2, extended: true) {
            strings.append(string)
        }
        return strings
    }

    /// A number as Excel shows it in a general cell: whole numbers without a fraction.
    static func number(_ value: Double) -> [UInt8] {
        guard value.isFinite else { return [] }
        if value == value.rounded(), abs(value) < 1e15 { return Array(String(Int64(value)).utf8) }
        return Array(String(value).utf8)
    }

    /// An RK number: a 30-bit integer or the high 30 bits of a double, perhaps divided by 100.
    static func rk(_ raw: UInt32) -> Double {
        var value = raw & 2 != 0 ? Double(Int32(bitPattern: raw) >> 2) : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        if raw & 1 != 0 { value /= 100 }
        return value
    }

    /// BIFF records: a type, a length, the data.
    struct Records {
        let stream: [UInt8]
        var position: Int

        init(_ stream: [UInt8], from position: Int) {
            self.stream = stream
            self.position = max(0, position)
        }

        func peekType() -> UInt16? { position + 4 <= stream.count ? LegacyWorkbook.u16(stream, position) : nil }

        mutating func next() -> (type: UInt16, data: [UInt8])? {
            guard position + 4 <= stream.count else { return nil }
            let type = LegacyWorkbook.u16(stream, position)
            let length = Int(LegacyWorkbook.u16(stream, position + 2))
            guard position + 4 + length <= stream.count else { return nil }
            defer { position += 4 + length }
            return (type, Array(stream[(position + 4)..<(position + 4 + length)]))
        }
    }

    /// Reads BIFF8 strings across record boundaries (see ``sharedStrings(_:)``).
    struct StringReader {
        var segments: [ArraySlice<UInt8>]
        var segment = 0
        var position: Int

        init(segments: [ArraySlice<UInt8>]) {
            self.segments = segments
            position = segments.first?.startIndex ?? 0
        }

        private mutating func byte() -> UInt8? {
            while segment < segments.count && position >= segments[segment].endIndex {
                segment += 1
                if segment < segments.count { position = segments[segment].startIndex }
            }
            guard segment < segments.count else { return nil }
            defer { position += 1 }
            return segments[segment][position]
        }

        private mutating func skip(_ count: Int) {
            for _ in 0..<count where byte() == nil { return }
        }

        /// A string as UTF-8: its length (`count`, or read in `lengthBytes`), its flags, its
        /// characters (one byte each, or UTF-16LE), and with `extended` its rich-text runs and
        /// phonetic data passed over. Nil at the end of the data.
        mutating func string(count known: Int?, lengthBytes: Int, extended: Bool = false) -> [UInt8]? {
            var count = known ?? 0
            if known == nil {
                guard let low = byte() else { return nil }
                count = Int(low)
                if lengthBytes == 2 {
                    guard let high = byte() else { return nil }
                    count |= Int(high) << 8
                }
            } else {
                skip(lengthBytes)
            }
            guard let flags = byte() else { return nil }
            var wide = flags & 1 != 0
            var runs = 0
            var phonetic = 0
            if extended && flags & 8 != 0 { runs = Int(byte() ?? 0) | Int(byte() ?? 0) << 8 }
            if extended && flags & 4 != 0 { phonetic = (0..<4).reduce(0) { $0 | Int(byte() ?? 0) << (8 * $1) } }
            var units: [UInt16] = []
            units.reserveCapacity(count)
            while units.count < count {
                if segment < segments.count && position >= segments[segment].endIndex && segment + 1 < segments.count {
                    // Characters continued in the next record start with their width.
                    segment += 1
                    position = segments[segment].startIndex
                    guard let continued = byte() else { break }
                    wide = continued & 1 != 0
                }
                guard let low = byte() else { break }
                if wide {
                    guard let high = byte() else { break }
                    units.append(UInt16(low) | UInt16(high) << 8)
                } else {
                    units.append(UInt16(low))
                }
            }
            skip(4 * runs + phonetic)
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
    }

    static func u16(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 {
        UInt16(bytes[bytes.startIndex + at]) | UInt16(bytes[bytes.startIndex + at + 1]) << 8
    }
    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
    static func u64(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }
}
