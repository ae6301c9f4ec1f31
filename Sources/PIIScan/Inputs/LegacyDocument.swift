/// A legacy Word document (`.doc`, Word 97–2003) read from its compound file: the text of every
/// piece of its piece table (the `Clx` in the `0Table`/`1Table` stream, which the file
/// information block points to) — the body, then footnotes, headers and footers, comments,
/// endnotes and text boxes, as Word stores them — as UTF-8 lines (see ``LegacyText``).
enum WordDocument {
    /// The document's text; nil when `file` holds no `WordDocument` stream or one of a Word
    /// older than 97 (``CompoundFile/unsupportedNote`` names it).
    /// - Throws: ``InputError`` for an encrypted or obfuscated document, or damage.
    static func text(_ file: CompoundFile) throws(InputError) -> [UInt8]? {
        guard let word = try file.read("WordDocument") else { return nil }
        guard word.count >= 0x22, CompoundFile.u16(word, 0) == 0xA5EC else {
            throw InputError("legacy Word document damaged: no file information block")
        }
        guard CompoundFile.u16(word, 2) >= firstWord97Version else { return nil }
        let flags = CompoundFile.u16(word, 0x0A)
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            throw InputError("password-protected Word document (.doc): its text is encrypted and could not be scanned")
        }
        // FibBase (32 bytes), then three arrays each led by its length: 16-bit words, 32-bit
        // words, and the (offset, length) pairs into the table stream, of which the `Clx` is
        // the 34th.
        var position = 0x20
        position += 2 + 2 * Int(CompoundFile.u16(word, position))
        guard position + 2 <= word.count else { throw damaged }
        position += 2 + 4 * Int(CompoundFile.u16(word, position))
        guard position + 2 <= word.count, Int(CompoundFile.u16(word, position)) > clxPair else { throw damaged }
        let pair = position + 2 + 8 * clxPair
        guard pair + 8 <= word.count else { throw damaged }
        let clxOffset = Int(CompoundFile.u32(word, pair))
        let clxLength = Int(CompoundFile.u32(word, pair + 4))
        guard let table = try file.read(flags & 0x0200 != 0 ? "1Table" : "0Table"),
            clxLength > 0, clxOffset <= table.count, clxLength <= table.count - clxOffset
        else { throw damaged }
        var text = LegacyText()
        try pieces(table[clxOffset..<(clxOffset + clxLength)], word: word) { text.append($0) }
        return text.finish()
    }

    /// `nFib` of Word 97; Word 6 and 95 wrote 101–105, with no piece table in this form.
    static let firstWord97Version: UInt16 = 0x00C0
    private static let clxPair = 33
    private static var damaged: InputError { InputError("legacy Word document damaged: its piece table is missing or out of bounds") }

    /// Calls `body` with each character of the pieces, in order: a piece is either 8-bit
    /// (Windows-1252, at half its stated offset) or UTF-16LE.
    private static func pieces(_ clx: ArraySlice<UInt8>, word: [UInt8], _ body: (UInt16) -> Void) throws(InputError) {
        var position = clx.startIndex
        // Property modifiers (`Prc`, type 1) come first; then the piece table (`Pcdt`, type 2).
        while position < clx.endIndex, clx[position] == 1 {
            guard position + 3 <= clx.endIndex else { throw damaged }
            position += 3 + Int(Int16(bitPattern: UInt16(clx[position + 1]) | UInt16(clx[position + 2]) << 8).magnitude)
        }
        guard position + 5 <= clx.endIndex, clx[position] == 2 else { throw damaged }
        let plc = Array(clx[(position + 5)...])
        let length = min(plc.count, Int(CompoundFile.u32(Array(clx[(position + 1)..<(position + 5)]), 0)))
        let count = (length - 4) / 12
        guard count > 0 else { throw damaged }
        // Every piece lies in the stream; pieces that overlap could still repeat it without end.
        var budget = word.count
        for index in 0..<count {
            let first = Int(CompoundFile.u32(plc, 4 * index))
            let limit = Int(CompoundFile.u32(plc, 4 * index + 4))
            let descriptor = 4 * (count + 1) + 8 * index
            let offset = CompoundFile.u32(plc, descriptor + 2)
            let characters = limit - first
            guard characters >= 0 else { throw damaged }
            budget -= characters
            guard budget >= 0 else { throw damaged }
            if offset & 0x4000_0000 != 0 {
                let start = Int(offset & 0x3FFF_FFFF) / 2
                guard start <= word.count, characters <= word.count - start else { throw damaged }
                for byte in word[start..<(start + characters)] { body(windows1252(byte)) }
            } else {
                let start = Int(offset & 0x3FFF_FFFF)
                guard start <= word.count, 2 * characters <= word.count - start else { throw damaged }
                for unit in 0..<characters { body(CompoundFile.u16(word, start + 2 * unit)) }
            }
        }
    }

    /// Windows-1252 to UTF-16: Latin-1 but for 0x80–0x9F.
    static func windows1252(_ byte: UInt8) -> UInt16 {
        guard byte >= 0x80, byte <= 0x9F else { return UInt16(byte) }
        return windows1252High[Int(byte - 0x80)]
    }

    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// A legacy PowerPoint presentation (`.ppt`, PowerPoint 97–2003) read from its compound file's
/// `PowerPoint Document` stream: every text atom of its record tree (slides, notes, masters,
/// and text a later save left behind, which is still in the file), each as lines, plus the
/// text of comments and of headers and footers.
enum PowerPointDocument {
    /// The presentation's text; nil when `file` holds no `PowerPoint Document` stream.
    /// - Throws: ``InputError`` for an encrypted presentation.
    static func text(_ file: CompoundFile) throws(InputError) -> [UInt8]? {
        guard let stream = try file.read("PowerPoint Document") else { return nil }
        if file.streams["EncryptedSummary"] != nil {
            throw InputError("password-protected PowerPoint file (.ppt): its text is encrypted and could not be scanned")
        }
        var text = LegacyText()
        // Records: 8-byte headers; a container (version 0xF) holds its children inline, so a
        // walk that steps into containers and over atoms meets every atom. `containers` holds
        // the types and ends of those we are inside of.
        var containers: [(type: UInt16, end: Int)] = []
        var position = 0
        while position + 8 <= stream.count {
            while let last = containers.last, position >= last.end { containers.removeLast() }
            let versionAndInstance = CompoundFile.u16(stream, position)
            let type = CompoundFile.u16(stream, position + 2)
            let length = Int(CompoundFile.u32(stream, position + 4))
            let body = position + 8
            if versionAndInstance & 0xF == 0xF {
                containers.append((type, body + min(length, stream.count - body)))
                position = body
                continue
            }
            let end = body + min(length, stream.count - body)
            let parent = containers.last?.type
            switch type {
            case textChars:
                for unit in stride(from: body, to: end - 1, by: 2) { text.append(CompoundFile.u16(stream, unit)) }
                text.endLine()
            case textBytes:
                for byte in stream[body..<end] { text.append(UInt16(byte)) }
                text.endLine()
            case cString where (parent == comment && versionAndInstance >> 4 == 1) || parent == headersFooters:
                for unit in stride(from: body, to: end - 1, by: 2) { text.append(CompoundFile.u16(stream, unit)) }
                text.endLine()
            default: break
            }
            position = end
        }
        return text.finish()
    }

    private static let textChars: UInt16 = 0x0FA0
    private static let textBytes: UInt16 = 0x0FA8
    private static let cString: UInt16 = 0x0FBA
    private static let comment: UInt16 = 0x2EE0
    private static let headersFooters: UInt16 = 0x0FD9
}

/// The characters of a legacy Word or PowerPoint text as UTF-8 lines: paragraph, line, page
/// and column breaks end a line; a field's instructions (between its begin and separator
/// marks: `HYPERLINK "…"`, `PAGE`) are left out and its result kept; object anchors and other
/// control characters are dropped.
///
/// Word marks a table's cells only in its text: each cell ends with a cell mark (0x07), each
/// row with one more. A table is written as ``DocumentText`` writes one — a markdown table
/// whose first row is the header — so a column's name is its values' context, as in a
/// `.docx`. An empty cell is a cell mark right after a cell mark, as a row's end is: the
/// table's widest row so far — the first one a header, which rarely has an empty cell — sets
/// how many cells a row has, and a mark after fewer is an empty cell.
struct LegacyText {
    private var output: [UInt8] = []
    private var segment: [UInt16] = []
    /// Field nesting: true while in a field's instructions.
    private var fields: [Bool] = []
    private var cells: [[UInt16]] = []
    private var afterCellMark = false
    private var columns: Int? = nil
    private var rowsInTable = 0

    mutating func append(_ unit: UInt16) {
        switch unit {
        case 0x13: fields.append(true); return
        case 0x14: if !fields.isEmpty { fields[fields.count - 1] = false }; return
        case 0x15: _ = fields.popLast(); return
        default: break
        }
        guard !fields.contains(true) else { return }
        switch unit {
        case 0x07: cellMark()
        case 0x0D, 0x0B, 0x0C, 0x0E: paragraphEnd()
        case 0x09: segment.append(cells.isEmpty ? 0x09 : 0x20)
        case 0x1E: segment.append(0x2D)  // non-breaking hyphen
        case 0xA0: segment.append(0x20)
        case 0x1F, 0xFFFF: break  // optional hyphen
        case ..<0x20: break  // anchors of pictures, drawings, notes' reference marks
        default: segment.append(unit)
        }
    }

    /// A text atom's end (PowerPoint): its last paragraph ends without a mark.
    mutating func endLine() {
        if !segment.isEmpty || !cells.isEmpty { paragraphEnd() }
    }

    private mutating func cellMark() {
        if afterCellMark, segment.isEmpty, cells.count >= (columns ?? 0) {
            columns = max(columns ?? 0, cells.count)
            writeRow()
            afterCellMark = false
            return
        }
        cells.append(trimmed(segment))
        segment.removeAll(keepingCapacity: true)
        afterCellMark = true
    }

    private mutating func paragraphEnd() {
        if !cells.isEmpty {
            // A cell of several paragraphs, its last still to come.
            if segment.last.map({ $0 != 0x20 }) ?? false { segment.append(0x20) }
            return
        }
        if columns != nil {
            // The first paragraph after the table's last row.
            columns = nil
            rowsInTable = 0
            output.append(0x0A)
        }
        output.append(contentsOf: String(decoding: segment, as: UTF16.self).utf8)
        output.append(0x0A)
        segment.removeAll(keepingCapacity: true)
    }

    /// The row as ``DocumentText`` writes one, a `|` in a cell written as `/`.
    private mutating func writeRow() {
        let row = cells.map { cell in String(decoding: cell, as: UTF16.self).utf8.map { $0 == 0x7C ? 0x2F : $0 } }
        DocumentText.appendRow(row, first: rowsInTable == 0, to: &output)
        rowsInTable += 1
        cells.removeAll()
    }

    private func trimmed(_ cell: [UInt16]) -> [UInt16] {
        var cell = cell[...]
        while cell.last == 0x20 { cell.removeLast() }
        return Array(cell)
    }

    /// The text, with a row left open at the end written out.
    mutating func finish() -> [UInt8] {
        if !cells.isEmpty { writeRow() }
        if !segment.isEmpty { paragraphEnd() }
        return output
    }
}
