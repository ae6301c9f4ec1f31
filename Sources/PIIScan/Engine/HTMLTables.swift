#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tables of an HTML file — a Confluence or Google Docs export, a saved report, a web admin's
/// "Excel download" (an HTML table saved as `.xls`) — and the names of their columns, from each
/// table's header row: a value in a `<td>` cell under `<th>여권번호</th>` takes that name as its
/// context, as a CSV cell takes its header's (``column(at:in:value:floor:)``).
///
/// Read by the engine from the file's start to the end of each work unit
/// (``read(_:base:from:limit:atEnd:)``, block by block), so that every unit, and every window of
/// it, knows the same tables; a value finds its cell's number in its row within
/// ``TextTable/reach`` bytes before it, which every window keeps.
struct HTMLTables: Sendable {
    /// One `<table>`: where it runs (input offsets), and its columns' names.
    struct Table: Sendable {
        /// The offset of its `<table` tag.
        let start: Int64
        /// The offset of its `</table` tag; `Int64.max` while not read (or never closed).
        var end: Int64 = .max
        /// Where the rows under its header row start (the header row's end).
        var rowsStart: Int64
        /// The table it is nested in (an index), or -1.
        let parent: Int
        /// Its columns' names, a `colspan` repeating one (empty: an unnamed column); no columns
        /// when the table has no header row.
        var columns: [[UInt8]]
        /// Whether its header row is of `<th>` cells (not a first row of `<td>` cells that may be
        /// a label and its value).
        var headerOfTH = false
    }

    private(set) var tables: [Table] = []
    /// The tables open where reading stopped, innermost last.
    private var open: [Int] = []

    /// Whether the file has no table (nothing to look up).
    var isEmpty: Bool { tables.isEmpty }

    /// How many bytes after a `<table` tag its header row is looked for in.
    static let headerReach = 16 * 1024
    /// The longest column name kept (a longer header cell is text, not a name).
    static let longestName = 64

    /// Whether `head` (a text file's first bytes) reads as HTML: a `<table`, `<html` or
    /// `<!DOCTYPE html` tag, in any case — or as an Excel 2003 XML workbook (`<Workbook`,
    /// SpreadsheetML: an admin page's "Excel download" too), whose `<Table>` holds `<Row>`s of
    /// `<Cell>`s, read as `<tr>`s of `<td>`s.
    static func looksLikeHTML(_ head: UnsafeRawBufferPointer) -> Bool {
        guard let base = head.baseAddress else { return false }
        var index = 0
        while index < head.count, let found = memchr(base + index, 0x3C, head.count - index) {
            let at = base.distance(to: UnsafeRawPointer(found))
            if isTag(head, at + 1, "table") || isTag(head, at + 1, "html") || isTag(head, at + 1, "!doctype")
                || isTag(head, at + 1, "workbook")
            {
                return true
            }
            index = at + 1
        }
        return false
    }

    /// Whether `head` reads as XML: after a byte-order mark and blanks, `<?xml` or an element's
    /// `<` and a letter.
    static func looksLikeXML(_ head: UnsafeRawBufferPointer) -> Bool {
        var index = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
        while index < head.count && ValidatorSupport.isBlank(head[index]) || index < head.count && (head[index] == 0x0A || head[index] == 0x0D) {
            index += 1
        }
        guard index + 1 < head.count, head[index] == 0x3C else { return false }
        return head[index + 1] == 0x3F || head[index + 1] | 0x20 >= 0x61 && head[index + 1] | 0x20 <= 0x7A
    }

    /// Reads the `<table` and `</table` tags of `bytes` (the input from offset `base`) that start
    /// in `from..<limit`, each table's header row from the bytes after it (to `bytes`' end: the
    /// caller leaves ``headerReach`` bytes after `limit` unless the input ends there). Returns
    /// where the next read starts: `limit`, or a tag's start whose name runs past `bytes`.
    mutating func read(_ bytes: UnsafeRawBufferPointer, base: Int64, from: Int, limit: Int, atEnd: Bool) -> Int {
        guard let pointer = bytes.baseAddress else { return limit }
        var index = from
        while index < limit, let found = memchr(pointer + index, 0x3C, limit - index) {
            let at = pointer.distance(to: UnsafeRawPointer(found))
            // (`</table` and its delimiter: eight bytes.)
            if !atEnd && at + 8 >= bytes.count { return at }
            if HTMLTables.isTag(bytes, at + 1, "table") {
                let header = HTMLTables.headerRow(bytes, from: at + 1)
                tables.append(Table(
                    start: base + Int64(at), rowsStart: header.map { base + Int64($0.end) } ?? .max, parent: open.last ?? -1,
                    columns: header?.columns ?? [], headerOfTH: header?.ofTH ?? false))
                open.append(tables.count - 1)
            } else if at + 1 < bytes.count && bytes[at + 1] == 0x2F && HTMLTables.isTag(bytes, at + 2, "table"), let closed = open.popLast() {
                tables[closed].end = base + Int64(at)
            }
            index = at + 1
        }
        return limit
    }

    /// The name of the column whose cell holds the value at `value` of `bytes`, the input offset
    /// `offset`, and the words that label it: the value is in a `<td>`/`<th>` cell of a row (its
    /// `<tr` at or after `floor`) of the innermost table around it. Its column's name, from that
    /// table's header row; and, unless a row of `<th>` cells names the columns, the label of its
    /// row too: the cell before the value's, when it holds letters and no digit (`<th>여권번호
    /// </th><td>…`; a Google Docs table of labels and values, whose first row of `<td>` cells
    /// reads as a header, each cell on a line of its own); and where the cell's content starts.
    /// The name (a finding's field) is the column's, else the row's label — from `<td>` cells
    /// only when it reads as a name (``TextStructure/namesColumn(_:)``, ``fieldWords``:
    /// `사업자등록번호`, not a customer's name that a first row or cell holds, which a report would
    /// show); nil when there is neither column nor label.
    func column(
        at offset: Int64, in bytes: UnsafeRawBufferPointer, value: Int, floor: Int
    ) -> (name: [UInt8]?, context: [UInt8], cellStart: Int)? {
        // The last table starting before the value; up to the one around it.
        var low = 0
        var high = tables.count
        while low < high {
            let middle = (low + high) / 2
            if tables[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        var table = low - 1
        while table >= 0 && tables[table].end <= offset { table = tables[table].parent }
        guard table >= 0, let cell = HTMLTables.cell(bytes, value: value, floor: floor) else { return nil }
        let columns = tables[table].columns
        let column = offset >= tables[table].rowsStart && cell.number < columns.count && !columns[cell.number].isEmpty
            ? columns[cell.number] : nil
        if let column, tables[table].headerOfTH { return (column, column, cell.contentStart) }
        let label = cell.previous.map { HTMLTables.cleaned(HTMLTables.text(bytes, $0.content)) }.flatMap { HTMLTables.isName($0) ? $0 : nil }
        // (A name from `<td>` cells only where it reads as one: a report shows it.)
        func shown(_ name: [UInt8]?, ofTH: Bool) -> [UInt8]? {
            guard let name else { return nil }
            let text = String(decoding: name, as: UTF8.self)
            return ofTH || TextStructure.namesColumn(text) || HTMLTables.fieldWords.contains(where: text.contains) ? name : nil
        }
        let name = shown(column, ofTH: false) ?? shown(label, ofTH: cell.previous?.header ?? false)
        switch (column, label) {
        case let (column?, label?): return (name, column + [0x20] + label, cell.contentStart)
        case let (column?, nil): return (name, column, cell.contentStart)
        case let (nil, label?): return (name, label, cell.contentStart)
        case (nil, nil): return nil
        }
    }

    /// Words of a column's or label's name besides ``TextStructure/namesColumn(_:)``'s, which no
    /// person's or business's name holds.
    static let fieldWords = [
        "정보", "이체", "여권", "면허", "주민", "카드", "메일", "휴대", "핸드폰", "등록", "외국인", "국적", "직급", "부서", "사번", "우편",
    ]

    // MARK: Reading tags

    /// Whether a tag named `name` (lowercase ASCII) starts at `index` of `s` (after its `<`), in
    /// any case, followed by a blank, `>` or `/`.
    static func isTag(_ s: UnsafeRawBufferPointer, _ index: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard index + count < s.count else { return false }
        let letters = name.utf8Start
        for offset in 0..<count where s[index + offset] | 0x20 != letters[offset] { return false }
        switch s[index + count] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3E, 0x2F: return true
        default: return false
        }
    }

    /// The tag starting at `at` (a `<`): whether it closes (`</…`), its name's kind, and the index
    /// after its `>` (nil when that is not in `s`).
    private static func tag(_ s: UnsafeRawBufferPointer, at: Int) -> (closing: Bool, kind: TagKind, end: Int)? {
        guard let base = s.baseAddress, at + 1 < s.count,
            let close = memchr(base + at + 1, 0x3E, s.count - at - 1)
        else { return nil }
        let end = base.distance(to: UnsafeRawPointer(close)) + 1
        let closing = s[at + 1] == 0x2F
        let name = at + (closing ? 2 : 1)
        let kind: TagKind
        if isTag(s, name, "td") || isTag(s, name, "th") {
            kind = .cell(header: s[name + 1] | 0x20 == 0x68)
        } else if isTag(s, name, "cell") {
            kind = .cell(header: false)
        } else if isTag(s, name, "tr") || isTag(s, name, "row") {
            kind = .row
        } else if isTag(s, name, "table") {
            kind = .table
        } else if isTag(s, name, "thead") || isTag(s, name, "tbody") || isTag(s, name, "tfoot") {
            kind = .section
        } else if isTag(s, name, "br") || isTag(s, name, "p") || isTag(s, name, "div") || isTag(s, name, "li") {
            kind = .lineBreak
        } else {
            kind = .other
        }
        return (closing, kind, end)
    }

    private enum TagKind: Equatable {
        case cell(header: Bool)
        case row
        case table
        case section
        case lineBreak
        case other
    }

    // MARK: The header row

    /// The header row of the table whose tag's name starts at `from`: its cells' names and where
    /// it ends, when it names the columns — `<th>` cells only, at least two columns, one named;
    /// or `<td>` cells (a Google Docs export has no `<th>`) at least two of them named, one with
    /// a column's word (``TextStructure/namesColumn(_:)``: not a first record read as names). A
    /// row mixing the two labels its own value (`<th>여권번호</th><td>…`): no header. The first
    /// row, or the first after up to two title rows of one cell (`<td colspan="5">2024년 3월
    /// 급여 이체 명세</td>`).
    private static func headerRow(_ s: UnsafeRawBufferPointer, from: Int) -> (columns: [[UInt8]], end: Int, ofTH: Bool)? {
        guard let base = s.baseAddress else { return nil }
        var index = from
        var inRow = false
        var titles = 0
        var cells: [(text: [UInt8], span: Int, header: Bool)] = []
        var text: [UInt8]?  // the open cell's text
        var textFrom = 0
        while index < s.count, let found = memchr(base + index, 0x3C, s.count - index) {
            let at = base.distance(to: UnsafeRawPointer(found))
            guard let tag = tag(s, at: at) else { return nil }
            if text != nil { text! += UnsafeRawBufferPointer(rebasing: s[textFrom..<at]) }
            index = tag.end
            textFrom = tag.end
            switch tag.kind {
            case .cell(let header) where inRow:
                if let open = text, !cells.isEmpty { cells[cells.count - 1].text = open }
                if tag.closing {
                    text = nil
                } else {
                    // A SpreadsheetML cell may skip columns (`ss:Index="5"`): empty ones between.
                    let position = cells.reduce(0) { $0 + $1.span }
                    if let index = number(s, tag: at..<tag.end, attribute: "ss:index"), index - 1 > position, index <= 256 {
                        cells.append(([], index - 1 - position, header))
                    }
                    cells.append(([], span(s, tag: at..<tag.end), header))
                    text = []
                }
            case .row where inRow, .table where inRow, .section where inRow && tag.closing:
                if let open = text, !cells.isEmpty { cells[cells.count - 1].text = open }
                text = nil
                if cells.count == 1 && titles < 2 {
                    // A title over the table: the header may follow.
                    titles += 1
                    cells = []
                    inRow = tag.kind == .row && !tag.closing
                    continue
                }
                return names(of: cells).map { ($0, at, cells.allSatisfy(\.header)) }
            case .row where !tag.closing:
                inRow = true
            case .table:
                return nil  // a nested table, or the table's end, before a row
            case .lineBreak where text != nil:
                text!.append(0x20)
            default:
                break
            }
            if cells.count > 256 { return nil }
        }
        return nil
    }

    /// The columns' names of a header row's cells, or nil when the row does not name columns
    /// (see ``headerRow(_:from:)``).
    private static func names(of cells: [(text: [UInt8], span: Int, header: Bool)]) -> [[UInt8]]? {
        let headers = cells.filter(\.header).count
        guard headers == 0 || headers == cells.count else { return nil }
        var columns: [[UInt8]] = []
        var named = 0
        var namesColumn = headers > 0
        for cell in cells {
            let name = cleaned(cell.text)
            let usable = isName(name)
            if usable {
                named += 1
                if !namesColumn { namesColumn = TextStructure.namesColumn(String(decoding: name, as: UTF8.self)) }
            }
            columns += repeatElement(usable ? name : [], count: cell.span)
        }
        guard columns.count >= 2, named >= (headers > 0 ? 1 : 2), namesColumn else { return nil }
        return columns
    }

    /// Whether a cell's cleaned text is a name: a letter, no digit, at most ``longestName`` bytes.
    static func isName(_ name: [UInt8]) -> Bool {
        guard name.count <= longestName, !name.contains(where: ValidatorSupport.isDigit) else { return false }
        return name.contains { $0 >= 0x80 || $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A }
    }

    /// The text of `range` of `s` without its tags (each a blank).
    static func text(_ s: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        var text: [UInt8] = []
        var inTag = false
        for index in range {
            let byte = s[index]
            if byte == 0x3C { inTag = true }
            if !inTag { text.append(byte) } else if byte == 0x3E { inTag = false; text.append(0x20) }
        }
        return text
    }

    /// A cell's `colspan`, or a SpreadsheetML cell's `ss:MergeAcross` and one (1 without
    /// either; at most 64).
    private static func span(_ s: UnsafeRawBufferPointer, tag: Range<Int>) -> Int {
        if let columns = number(s, tag: tag, attribute: "colspan") { return min(64, max(1, columns)) }
        if let merged = number(s, tag: tag, attribute: "ss:mergeacross") { return min(64, merged + 1) }
        return 1
    }

    /// The number an attribute of the tag at `tag` holds (its name lower case; up to 4 digits),
    /// if the tag has it.
    private static func number(_ s: UnsafeRawBufferPointer, tag: Range<Int>, attribute name: StaticString) -> Int? {
        let count = name.utf8CodeUnitCount
        let letters = name.utf8Start
        var index = tag.lowerBound
        while index + count < tag.upperBound {
            if (0..<count).allSatisfy({ s[index + $0] | 0x20 == letters[$0] }) {
                var digits = index + count
                while digits < tag.upperBound && (s[digits] == 0x3D || s[digits] == 0x22 || s[digits] == 0x27 || ValidatorSupport.isBlank(s[digits])) {
                    digits += 1
                }
                var value = 0
                var read = 0
                while digits < tag.upperBound && ValidatorSupport.isDigit(s[digits]) && read < 4 {
                    value = value * 10 + Int(s[digits] - 0x30)
                    digits += 1
                    read += 1
                }
                return read > 0 ? value : nil
            }
            index += 1
        }
        return nil
    }

    /// A cell's text as a name: character references decoded (`&#51452;&#48124;`, `&amp;`,
    /// `&nbsp;`), blanks and line breaks run together, trimmed.
    static func cleaned(_ text: [UInt8]) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == 0x26, let (scalar, length) = reference(text, at: index) {
                decoded += Array(String(Character(scalar)).utf8)
                index += length
                continue
            }
            decoded.append(text[index])
            index += 1
        }
        var name: [UInt8] = []
        var blank = false
        for byte in decoded {
            // (A no-break space, U+00A0, is a blank too.)
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                blank = !name.isEmpty
                continue
            }
            if blank { name.append(0x20) }
            blank = false
            name.append(byte)
        }
        if name.count >= 2 && name[name.count - 2] == 0xC2 && name[name.count - 1] == 0xA0 { name.removeLast(2) }
        return name
    }

    /// The character reference at `index` (an `&`) and its length: `&#NNNN;`, `&#xHHHH;`, and the
    /// named ones a table's cell holds.
    private static func reference(_ text: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        guard let semicolon = text[index...].prefix(12).firstIndex(of: 0x3B) else { return nil }
        let body = text[(index + 1)..<semicolon]
        let length = semicolon - index + 1
        if body.first == 0x23 {
            let hex = body.dropFirst().first.map { $0 | 0x20 == 0x78 } ?? false
            let digits = body.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10),
                let scalar = Unicode.Scalar(value)
            else { return nil }
            return (scalar, length)
        }
        switch String(decoding: body, as: UTF8.self) {
        case "amp": return ("&", length)
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "quot": return ("\"", length)
        case "apos": return ("'", length)
        case "nbsp": return (" ", length)
        default: return nil
        }
    }

    // MARK: A value's cell

    /// The cell of the row that holds the value at `value` of `s`: its number (from 0, a
    /// `colspan` counting its columns), the content of the cell before it, and where its own
    /// content starts. The row's `<tr` is
    /// the last one at or after `floor`, and the value is in the text of its last cell opened
    /// (not in a tag, not after the cell's end).
    static func cell(
        _ s: UnsafeRawBufferPointer, value: Int, floor: Int
    ) -> (number: Int, previous: (content: Range<Int>, header: Bool)?, contentStart: Int)? {
        // Back to the row's `<tr`; a row's or table's end on the way: the value is in none.
        var index = value - 1
        var row = -1
        var lastTagEnd = -1
        while index >= floor {
            if s[index] == 0x3E && lastTagEnd < 0 { lastTagEnd = index }
            if s[index] == 0x3C {
                if lastTagEnd < 0 { return nil }  // inside a tag
                let closing = index + 1 < value && s[index + 1] == 0x2F
                let name = index + (closing ? 2 : 1)
                if isTag(s, name, "tr") || isTag(s, name, "row") {
                    if closing { return nil }
                    row = index
                    break
                }
                if isTag(s, name, "table") { return nil }
            }
            index -= 1
        }
        guard row >= 0, let base = s.baseAddress else { return nil }
        // Forward from there: the cells before the value's.
        let subject = UnsafeRawBufferPointer(rebasing: s[0..<value])
        var column = -1
        var span = 0
        var inCell = false
        var contentStart = 0  // of the open cell
        var isHeader = false  // whether the open cell is a `<th>`
        var closed: (content: Range<Int>, header: Bool)?  // the last cell closed
        var previous: (content: Range<Int>, header: Bool)?
        index = row + 1
        while index < value, let found = memchr(base + index, 0x3C, value - index) {
            let at = base.distance(to: UnsafeRawPointer(found))
            guard let tag = tag(subject, at: at) else { return nil }
            if case .cell(let header) = tag.kind {
                if tag.closing {
                    if inCell { closed = (contentStart..<at, isHeader) }
                    inCell = false
                } else {
                    previous = inCell ? (contentStart..<at, isHeader) : closed
                    closed = nil
                    column += max(1, span)
                    // (A SpreadsheetML cell may name its column: `ss:Index="5"`, after a gap.)
                    if let index = HTMLTables.number(s, tag: at..<tag.end, attribute: "ss:index"), index - 1 > column {
                        column = index - 1
                    }
                    span = HTMLTables.span(s, tag: at..<tag.end)
                    inCell = true
                    contentStart = tag.end
                    isHeader = header
                }
            }
            index = tag.end
        }
        return inCell && column >= 0 ? (column, previous, contentStart) : nil
    }
}
