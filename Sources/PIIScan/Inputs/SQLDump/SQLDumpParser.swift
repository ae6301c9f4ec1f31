/// How string literals of a dump are read.
public struct SQLDumpDialect: Equatable, Sendable {
    /// Backslash escapes in `'…'` and `"…"` strings (MySQL/MariaDB). Otherwise (SQLite,
    /// PostgreSQL with `standard_conforming_strings`) only `E'…'` strings have them, and
    /// `$tag$…$tag$` dollar quoting is recognised.
    public var backslashEscapes: Bool

    public static let mysql = SQLDumpDialect(backslashEscapes: true)
    public static let standard = SQLDumpDialect(backslashEscapes: false)
}

/// The value of a dump row that a byte belongs to.
public struct DumpCell: Equatable, Sendable {
    public var table: String
    public var column: String
    /// 1-based number of the row within its table, counted over the whole dump (all INSERT
    /// tuples and COPY lines of that table, in dump order).
    public var row: Int64
    /// Index of the column in ``SQLDumpParser/columns``.
    public var slot: Int
}

/// An incremental parser of SQL dumps (`sqlite3 .dump`, `mysqldump`, `pg_dump`), fed one byte
/// at a time, in constant memory apart from the schema (table and column names).
///
/// It follows statements, string literals (`''` doubling; backslash escapes in MySQL and in
/// `E'…'`), quoted identifiers (`"…"`, `` `…` ``, `[…]` in statement heads), comments (`--`, `/* */`), dollar quoting, and
/// knows the rows of `INSERT INTO t [(c1, …)] VALUES (…), (…);` (columns from the list, else
/// from the last `CREATE TABLE t (…)`, else `#1`, `#2` …) and of `COPY t [(c1, …)] FROM stdin;`
/// blocks (tab-separated lines up to `\.`). After each byte, ``cell`` tells which value that
/// byte lies in, if any: a field of a row from its first byte to the separator (`,` or `)` at
/// the tuple's top level; tab or line break in COPY data).
final class SQLDumpParser {
    let dialect: SQLDumpDialect

    /// A value split over the columns of a row (`jumin1`/`jumin2`, `hp1`/`hp2`/`hp3`, as
    /// ``SplitCellLayout`` pairs them), joined: `YYMMDD-SBBBBBC` or `P1-P2-P3`. `start`/`end`:
    /// input offsets from the first part's first digit to the last part's last digit.
    struct SplitValue {
        var start: Int64
        var end: Int64
        var joined: [UInt8]
        var residentNumber: Bool
        /// A resident number's back half alone (`joined` is its seven digits; spec §2.9 RRN_BACK7).
        var backHalf = false
        /// An address joined from its parts' columns (`joined` is its text, see ``SplitAddress``).
        var address = false
        /// The first part's column name (the context), and the summary slot of the joined column.
        var context: String
        var slot: Int
        var row: Int64
        /// The line of `start` and the input offset where that line begins, when the reader
        /// placed the first part before its bytes left its buffer (``locateOpenParts(_:)``);
        /// `line` 0: not placed (the reader still holds the bytes).
        var line: Int64 = 0
        var lineStart: Int64 = 0
        /// The input text from `start` to `end` (with `keepsText`, when not longer than
        /// ``maxSpanText``).
        var text: [UInt8]?
    }

    /// Joined split values of the rows read, in input order; taken by the caller.
    var splitValues: [SplitValue] = []
    /// Where the earliest part of the row being read starts, while that row may still give a
    /// split value (nil otherwise): findings after it must wait for the row's end.
    private(set) var openSplitStart: Int64?
    /// Whether any table of the dump has split columns (until then nothing waits for rows).
    private(set) var hasSplitColumns = false
    /// Split layouts by column list, and the current statement's (nil: none).
    private var splitLayouts: [[String]: SplitCellLayout] = [:]
    private var split: SplitCellLayout?
    /// `split != nil`, checked per byte.
    private var splitting = false
    /// The layout of the last statement's columns.
    private var lastSplitLayout: SplitCellLayout?
    /// Per field of the current statement: the part it is (its index in `partDigits`), or -1.
    private var partOf: [Int] = []
    /// Per part: its digits, where they start and end, whether it was quoted, and whether it is
    /// still a run of digits only (quotes and blanks aside).
    private var partDigits: [[UInt8]] = []
    private var partStart: [Int64] = []
    private var partEnd: [Int64] = []
    private var partQuoted: [Bool] = []
    private var partValid: [Bool] = []
    /// Per part: the line of its first digit and where that line begins (line 0: not placed).
    private var partLine: [Int64] = []
    private var partLineStart: [Int64] = []
    /// The last field that is a part (bytes after it are no part of any span).
    private var lastPartField = -1
    /// Whether the text of the rows' spans is kept (`--show-values`), and the current row's
    /// text from its first part's first digit (input offset `spanTextStart`, -1: none yet).
    var keepsText = false
    private var spanText: [UInt8] = []
    private var spanTextStart: Int64 = -1
    /// The most bytes of a row's span text kept (parts far apart: their digits are shown).
    static let maxSpanText = 1024
    /// Summary slots of the joined columns (`jumin1+jumin2`) of the current statement, by pair
    /// then triple.
    private var joinedSlots: [Int] = []
    /// Summary slots of the current statement's lone back-half columns (their own columns).
    private var backSlots: [Int] = []
    /// Per field of the current statement: the address part it is (its index in the layout's
    /// `address`), or -1; per part, its text as read (quotes dropped), where it starts and ends;
    /// and the summary slot of the joined address column (-1: none).
    private var addressPartOf: [Int] = []
    private var addressText: [[UInt8]] = []
    private var addressStart: [Int64] = []
    private var addressEnd: [Int64] = []
    private var addressSlot = -1

    /// Every column that received rows, in order of first appearance, with its row count.
    private(set) var columns: [(table: String, column: String, rows: Int64)] = []
    /// Rows read (INSERT tuples and COPY lines).
    private(set) var rows: Int64 = 0

    init(dialect: SQLDumpDialect) { self.dialect = dialect }

    // MARK: Lexer state

    private enum Lex {
        case normal, word, dash, slash, lineComment, blockComment, blockCommentStar
        case quoted, quotedEscape, quotedEnd
        case dollarTag, dollarBody
        case copySkipLine, copyLineStart, copyBackslashAtStart, copyEndDot, copyEndCR, copyField, copyEscape
    }

    private var lex = Lex.normal
    private var quote: UInt8 = 0
    private var quoteEscapes = false
    /// The last word was a lone `E` directly followed by a quote (a PostgreSQL escape string).
    private var escapeStringPrefix = false
    private var wordLength = 0
    private var wordFirst: UInt8 = 0
    /// The word's first 8 bytes, ASCII letters upper-cased, little-endian (in every mode: the
    /// batch words below are recognised where the head is not recorded).
    private var wordPrefix: UInt64 = 0
    /// Only blanks since the last line break (before the byte being processed).
    private var lineStart = true
    /// The word being read started a line.
    private var wordAtLineStart = false
    /// No whitespace or comment since the last token.
    private var adjacent = false
    private var dollarTag: [UInt8] = []
    private var dollarMatch = 0

    // MARK: Statement state

    private enum Mode { case head, values, skip, copy }

    private struct Token {
        enum Kind { case word, identifier, string, punctuation }
        var kind: Kind
        var text: [UInt8]
        var adjacent: Bool
    }

    private var mode = Mode.head
    private var head: [Token] = []
    /// Whether the token being read is stored in `head` (not when the head is full).
    private var recording = false
    static let maxHeadTokens = 8192
    static let maxTokenBytes = 512

    /// Tables by name: columns of the last CREATE TABLE, rows so far, column slots by name.
    private struct Table {
        var name: String
        var declared: [String] = []
        var rows: Int64 = 0
        var slots: [String: Int] = [:]
    }
    private var tables: [Table] = []
    private var tableIndex: [String: Int] = [:]
    /// The database named by the last `USE db;` (mysqldump `--databases`/`--all-databases`) or
    /// `\connect db` (pg_dumpall): tables are then `db.table`, so that the same table name in
    /// two databases of one dump stays two tables.
    private var database: String?

    /// The INSERT or COPY being read.
    private var current = -1
    private var statementColumns: [String] = []
    private var statementSlots: [Int] = []
    private var depth = 0
    private var field = 0
    private var rowNumber: Int64 = 0
    private var inRow = false
    /// Whether the last byte consumed lies in a value.
    private var lastInValue = false
    /// Bytes consumed so far.
    private var consumed: Int64 = 0
    /// Where the value the last byte lies in started (index of its first byte in the input, a
    /// leading blank included), with the row and field it was started for.
    private(set) var valueStart: Int64 = 0
    private var valueRow: Int64 = -1
    private var valueField = -1
    private var structural = false

    // MARK: Queries

    /// The value the last consumed byte lies in, or nil (SQL syntax, comments, other statements).
    var cell: DumpCell? {
        guard lastInValue, current >= 0, inRow else { return nil }
        let slot = slot(field)
        return DumpCell(table: tables[current].name, column: columns[slot].column, row: rowNumber, slot: slot)
    }

    // MARK: Feeding

    func consume(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { consume(byte) }
    }

    /// Ends the input: a row cut off by the end of the input still counts.
    func finish() {
        if inRow { endRow() }
        lastInValue = false
    }

    @inline(__always)
    func consume(_ byte: UInt8) {
        structural = false
        process(byte)
        lineStart = byte == 0x0A || (lineStart && (byte == 0x20 || byte == 0x09 || byte == 0x0D))
        switch lex {
        case .copyField, .copyEscape, .copyBackslashAtStart:
            lastInValue = inRow
        case .copySkipLine, .copyLineStart, .copyEndDot, .copyEndCR:
            lastInValue = false
        default:
            lastInValue = mode == .values && depth >= 1 && !structural
        }
        if lastInValue && (field != valueField || rowNumber != valueRow) {
            valueStart = consumed
            valueField = field
            valueRow = rowNumber
        } else if !lastInValue {
            valueField = -1
        }
        if splitting { splitConsume(byte) }
        consumed += 1
    }

    /// A byte of a statement with split columns: a part's value, or text of a span.
    @inline(never)  // off the per-byte path of the statements without parts
    private func splitConsume(_ byte: UInt8) {
        if lastInValue && field < partOf.count && partOf[field] >= 0 { splitByte(byte, part: partOf[field]) }
        if lastInValue && field < addressPartOf.count && addressPartOf[field] >= 0 { addressByte(byte, part: addressPartOf[field]) }
        if spanTextStart >= 0 && field <= lastPartField && spanText.count < SQLDumpParser.maxSpanText { spanText.append(byte) }
    }

    /// Records a byte of a split part's value: its digits, its quotes; anything else (`NULL`,
    /// a letter, a COPY escape) makes it no part.
    private func splitByte(_ byte: UInt8, part: Int) {
        guard partValid[part] else { return }
        if byte &- 0x30 < 10 {
            if partDigits[part].isEmpty {
                partStart[part] = consumed
                if openSplitStart == nil || consumed < openSplitStart! { openSplitStart = consumed }
                if keepsText && spanTextStart < 0 { spanTextStart = consumed }
            } else if partEnd[part] != consumed {
                partValid[part] = false  // digits, something, digits
                return
            }
            guard partDigits[part].count < 8 else {
                partValid[part] = false
                return
            }
            partDigits[part].append(byte)
            partEnd[part] = consumed + 1
        } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
            partQuoted[part] = true
        } else if !(byte == 0x20 || byte == 0x0D || byte == 0x0A || byte == 0x09) {
            partValid[part] = false
        }
    }

    /// Records a byte of an address part's value: anything but its quotes.
    private func addressByte(_ byte: UInt8, part: Int) {
        guard byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\"") else { return }
        if addressText[part].isEmpty { addressStart[part] = consumed }
        guard addressText[part].count < 256 else { return }
        addressText[part].append(byte)
        addressEnd[part] = consumed + 1
    }

    /// The address of the row just read, joined from its parts (see ``SplitAddress``): nil
    /// unless the road name and the building number are there.
    private func joinedAddress(_ parts: [Int]) -> SplitValue? {
        var joined: [UInt8] = []
        var start = Int64.max
        var end = Int64.min
        var present = 0
        for (index, field) in parts.enumerated() {
            var text = addressText[index][...]
            while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
            while let last = text.last, last == 0x20 || last == 0x09 || last == 0x0D { text = text.dropLast() }
            // Empty, NULL (`NULL`, a COPY's `\N`) or a placeholder (`-`: Sejong has no 시·군·구).
            if text.isEmpty || text.elementsEqual("NULL".utf8) || text.elementsEqual("\\N".utf8) || text.elementsEqual("-".utf8) { continue }
            let name = statementColumns[field]
            if !joined.isEmpty { joined.append(SplitAddress.isSubNumber(name) ? UInt8(ascii: "-") : UInt8(ascii: " ")) }
            joined += text
            if SplitAddress.isRoadOrNumber(name) { present += 1 }
            start = min(start, addressStart[index])
            end = max(end, addressEnd[index])
        }
        guard present == 2 else { return nil }
        var value = SplitValue(
            start: start, end: end, joined: joined, residentNumber: false, context: statementColumns[parts[0]], slot: addressSlot,
            row: rowNumber)
        value.address = true
        return value
    }

    /// Joins the parts of the row just read (called at its end) and resets them.
    private func endSplitRow() {
        guard let split else { return }
        /// The digits of a part, with an INTEGER's (unquoted) lost leading zeros back up to
        /// `width` digits; nil when it is no part or not `counts` digits long.
        func digits(_ field: Int, _ counts: ClosedRange<Int>, width: Int = 0) -> (digits: [UInt8], start: Int64, end: Int64, part: Int)? {
            let part = partOf[field]
            guard part >= 0, partValid[part], !partDigits[part].isEmpty else { return nil }
            var value = partDigits[part]
            if !partQuoted[part] && value.count < width {
                value = [UInt8](repeating: UInt8(ascii: "0"), count: width - value.count) + value
            }
            guard counts.contains(value.count) else { return nil }
            return (value, partStart[part], partEnd[part], part)
        }
        /// The value of parts `parts`, placed where the first of them starts.
        func value(_ joined: [UInt8], _ parts: [(digits: [UInt8], start: Int64, end: Int64, part: Int)], residentNumber: Bool, context: String, slot: Int)
            -> SplitValue
        {
            let first = parts.min { $0.start < $1.start }!
            let end = parts.map(\.end).max()!
            var text: [UInt8]?
            if spanTextStart >= 0 && first.start >= spanTextStart && end - spanTextStart <= Int64(spanText.count) {
                text = Array(spanText[Int(first.start - spanTextStart)..<Int(end - spanTextStart)])
            }
            return SplitValue(
                start: first.start, end: end, joined: joined, residentNumber: residentNumber, context: context, slot: slot, row: rowNumber,
                line: partLine[first.part], lineStart: partLineStart[first.part], text: text)
        }
        var index = 0
        for (number, pair) in split.pairs.enumerated() {
            defer { index += 1 }
            guard pair.first < partOf.count, pair.second < partOf.count, let back = digits(pair.second, 7...7) else { continue }
            // Six digits, or a birth column's whole date (`19721203`) in the century of the back half.
            guard let front = digits(pair.first, 6...6, width: 6)
                ?? (split.birthPairs[number] ? digits(pair.first, 8...8) : nil),
                let six = SQLiteScanner.frontHalf(birthDate: front.digits, backFirst: back.digits[0])
            else { continue }
            splitValues.append(value(
                six + [UInt8(ascii: "-")] + back.digits, [front, back], residentNumber: true, context: split.columns[pair.first],
                slot: joinedSlots[index]))
        }
        for triple in split.triples {
            defer { index += 1 }
            guard triple.third < partOf.count, let area = digits(triple.first, 1...3), let exchange = digits(triple.second, 3...4),
                let number = digits(triple.third, 4...4, width: 4)
            else { continue }
            var joined: [UInt8] = []
            if area.digits[0] != UInt8(ascii: "0") && area.digits.count <= 2 { joined.append(UInt8(ascii: "0")) }
            joined += area.digits
            guard (2...3).contains(joined.count) else { continue }
            joined += [UInt8(ascii: "-")] + exchange.digits + [UInt8(ascii: "-")] + number.digits
            splitValues.append(value(
                joined, [area, exchange, number], residentNumber: false, context: split.columns[triple.first], slot: joinedSlots[index]))
        }
        for (back, slot) in zip(split.backs, backSlots) {
            guard let digits = digits(back, 7...7) else { continue }
            var half = value(digits.digits, [digits], residentNumber: true, context: split.columns[back], slot: slot)
            half.backHalf = true
            splitValues.append(half)
        }
        if let parts = split.address {
            if let address = joinedAddress(parts) { splitValues.append(address) }
            for part in addressText.indices { addressText[part].removeAll(keepingCapacity: true) }
            columns[addressSlot].rows += 1
        }
        for part in partDigits.indices {
            partDigits[part].removeAll(keepingCapacity: true)
            partQuoted[part] = false
            partValid[part] = true
            partLine[part] = 0
        }
        spanText.removeAll(keepingCapacity: true)
        spanTextStart = -1
        for slot in joinedSlots { columns[slot].rows += 1 }
        openSplitStart = nil
    }

    /// Places the parts of the row being read that have digits but no line yet: `locate` gives
    /// the line of an input offset and where it begins. Called by the reader of the input
    /// before those bytes leave its buffer (a row cut by its window), so that the row's values
    /// are placed when it ends, wherever that is.
    func locateOpenParts(_ locate: (Int64) -> (line: Int64, lineStart: Int64)?) {
        guard split != nil else { return }
        for part in partDigits.indices where partLine[part] == 0 && !partDigits[part].isEmpty && partValid[part] {
            guard let location = locate(partStart[part]) else { continue }
            (partLine[part], partLineStart[part]) = location
        }
    }

    /// Sets up the split layout of the statement whose columns were just chosen.
    private func beginSplit() {
        split = nil
        splitting = false
        partOf.removeAll(keepingCapacity: true)
        openSplitStart = nil
        guard statementColumns.count >= 2 else { return }
        let layout: SplitCellLayout
        if statementColumns == lastSplitLayout?.columns {
            // One INSERT per row repeats its table's columns (the same array when declared):
            // no hashing of the column list per statement.
            layout = lastSplitLayout!
        } else if let known = splitLayouts[statementColumns] {
            layout = known
        } else {
            layout = SplitCellLayout(columns: statementColumns)
            splitLayouts[statementColumns] = layout
        }
        lastSplitLayout = layout
        guard !layout.isEmpty else { return }
        split = layout
        splitting = true
        hasSplitColumns = true
        partOf = [Int](repeating: -1, count: statementColumns.count)
        var parts = 0
        for (field, isPart) in layout.isPart.enumerated() where isPart {
            partOf[field] = parts
            parts += 1
        }
        partDigits = [[UInt8]](repeating: [], count: parts)
        partStart = [Int64](repeating: 0, count: parts)
        partEnd = [Int64](repeating: 0, count: parts)
        partQuoted = [Bool](repeating: false, count: parts)
        partValid = [Bool](repeating: true, count: parts)
        partLine = [Int64](repeating: 0, count: parts)
        partLineStart = [Int64](repeating: 0, count: parts)
        lastPartField = partOf.lastIndex { $0 >= 0 } ?? -1
        spanText.removeAll(keepingCapacity: true)
        spanTextStart = -1
        backSlots = layout.backs.map { slot($0) }
        addressPartOf = [Int](repeating: -1, count: statementColumns.count)
        if let parts = layout.address {
            for (index, field) in parts.enumerated() { addressPartOf[field] = index }
            addressText = [[UInt8]](repeating: [], count: parts.count)
            addressStart = [Int64](repeating: 0, count: parts.count)
            addressEnd = [Int64](repeating: 0, count: parts.count)
            let name = parts.map { statementColumns[$0] }.joined(separator: "+")
            if let existing = tables[current].slots[name] {
                addressSlot = existing
            } else {
                columns.append((tables[current].name, name, 0))
                tables[current].slots[name] = columns.count - 1
                addressSlot = columns.count - 1
            }
        }
        let names = layout.pairs.map { [$0.first, $0.second] } + layout.triples.map { [$0.first, $0.second, $0.third] }
        joinedSlots = names.map { fields in
            let name = fields.map { statementColumns[$0] }.joined(separator: "+")
            if let existing = tables[current].slots[name] { return existing }
            columns.append((tables[current].name, name, 0))
            tables[current].slots[name] = columns.count - 1
            return columns.count - 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "`"):
            return true
        default:
            return isSpace(byte)
        }
    }

    private func process(_ byte: UInt8) {
        while true {
            switch lex {
            case .normal:
                normal(byte)
                return
            case .word:
                if !SQLDumpParser.isDelimiter(byte) && !(byte == UInt8(ascii: "[") && mode == .head) {
                    wordByte(byte)
                    return
                }
                escapeStringPrefix = byte == UInt8(ascii: "'") && wordLength == 1 && (wordFirst | 0x20) == UInt8(ascii: "e")
                endWord()
                lex = .normal
            case .dash:
                if byte == UInt8(ascii: "-") {
                    lex = .lineComment
                    adjacent = false
                    return
                }
                startWord(UInt8(ascii: "-"))
                lex = .word
            case .slash:
                if byte == UInt8(ascii: "*") {
                    lex = .blockComment
                    adjacent = false
                    return
                }
                startWord(UInt8(ascii: "/"))
                lex = .word
            case .lineComment:
                if byte == 0x0A { lex = .normal }
                return
            case .blockComment:
                if byte == UInt8(ascii: "*") { lex = .blockCommentStar }
                return
            case .blockCommentStar:
                lex = byte == UInt8(ascii: "/") ? .normal : byte == UInt8(ascii: "*") ? .blockCommentStar : .blockComment
                return
            case .quoted:
                if byte == quote {
                    lex = .quotedEnd
                } else if byte == UInt8(ascii: "\\") && quoteEscapes {
                    lex = .quotedEscape
                } else {
                    tokenByte(byte)
                }
                return
            case .quotedEscape:
                tokenByte(byte)
                lex = .quoted
                return
            case .quotedEnd:
                if byte == quote {  // a doubled quote is one literal quote
                    tokenByte(byte)
                    lex = .quoted
                    return
                }
                lex = .normal
                adjacent = true
            case .dollarTag:
                if byte == UInt8(ascii: "$") {
                    lex = .dollarBody
                    dollarMatch = 0
                    beginToken(.string)
                    return
                }
                let isTag = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
                    || (!dollarTag.isEmpty && byte >= 0x30 && byte <= 0x39)
                if isTag && dollarTag.count < 64 {
                    dollarTag.append(byte)
                    return
                }
                // Not a dollar quote (`$1`, a lone `$`): an ordinary word.
                startWord(UInt8(ascii: "$"))
                for tagByte in dollarTag { wordByte(tagByte) }
                lex = .word
            case .dollarBody:
                // The closing tag is `$` + dollarTag + `$`.
                let expected = dollarMatch == 0 || dollarMatch == dollarTag.count + 1
                    ? UInt8(ascii: "$") : dollarTag[dollarMatch - 1]
                if byte == expected {
                    dollarMatch += 1
                    if dollarMatch == dollarTag.count + 2 {
                        lex = .normal
                        adjacent = true
                    }
                } else {
                    dollarMatch = byte == UInt8(ascii: "$") ? 1 : 0
                }
                return
            case .copySkipLine:
                if byte == 0x0A { lex = .copyLineStart }
                return
            case .copyLineStart:
                if byte == UInt8(ascii: "\\") {
                    lex = .copyBackslashAtStart
                    return
                }
                startRow()
                lex = .copyField
            case .copyBackslashAtStart:
                if byte == UInt8(ascii: ".") {
                    lex = .copyEndDot
                    return
                }
                startRow()
                lex = .copyField  // `byte` is the escaped character
                return
            case .copyEndDot, .copyEndCR:
                if byte == 0x0A {
                    endCopy()
                    return
                }
                if byte == 0x0D && lex == .copyEndDot {
                    lex = .copyEndCR
                    return
                }
                startRow()  // `\.` followed by more: not the end marker
                lex = .copyField
            case .copyField:
                switch byte {
                case 0x09: field += 1
                case 0x0A:
                    endRow()
                    lex = .copyLineStart
                case UInt8(ascii: "\\"): lex = .copyEscape
                default: break
                }
                return
            case .copyEscape:
                lex = .copyField
                return
            }
        }
    }

    private func normal(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"):
            punctuation(byte)
            adjacent = true
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            quote = byte
            quoteEscapes = byte != UInt8(ascii: "`")
                && (dialect.backslashEscapes || (byte == UInt8(ascii: "'") && escapeStringPrefix))
            lex = .quoted
            beginToken(byte == UInt8(ascii: "'") || (byte == UInt8(ascii: "\"") && dialect.backslashEscapes && mode == .values)
                ? .string : .identifier)
        case UInt8(ascii: "[") where mode == .head:
            // SQLite and SQL Server quote identifiers in brackets (`CREATE TABLE [고객 목록]
            // ([hp no] TEXT)`, `INSERT [dbo].[T] ([a]) VALUES …`; `]]` is a literal `]`). Only in
            // a statement's head: in values, `[` belongs to a value (`ARRAY[1,2]`, JSON).
            quote = UInt8(ascii: "]")
            quoteEscapes = false
            lex = .quoted
            beginToken(.identifier)
        case UInt8(ascii: "-"): lex = .dash
        case UInt8(ascii: "/"): lex = .slash
        case UInt8(ascii: "$") where !dialect.backslashEscapes:
            dollarTag.removeAll(keepingCapacity: true)
            lex = .dollarTag
        default:
            if SQLDumpParser.isSpace(byte) {
                adjacent = false
            } else {
                startWord(byte)
                lex = .word
            }
        }
        escapeStringPrefix = false
    }

    // MARK: Tokens

    private func startWord(_ byte: UInt8) {
        wordLength = 0
        wordFirst = byte
        wordPrefix = 0
        wordAtLineStart = lineStart
        beginToken(.word)
        wordByte(byte)
    }

    private func wordByte(_ byte: UInt8) {
        if wordLength < 8 {
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            wordPrefix |= UInt64(upper) << (8 * UInt64(wordLength))
        }
        wordLength += 1
        tokenByte(byte)
    }

    /// Whether the word just read is `keyword` (upper case, at most 8 bytes), in any case.
    private func wordIs(_ keyword: StaticString) -> Bool {
        guard wordLength == keyword.utf8CodeUnitCount else { return false }
        var expected: UInt64 = 0
        for index in 0..<wordLength { expected |= UInt64(keyword.utf8Start[index]) << (8 * UInt64(index)) }
        return wordPrefix == expected
    }

    private func beginToken(_ kind: Token.Kind) {
        switch mode {
        case .head:
            recording = head.count < SQLDumpParser.maxHeadTokens
            if recording { head.append(Token(kind: kind, text: [], adjacent: adjacent)) }
        case .values:
            if depth == 0 { mode = .skip }  // `ON DUPLICATE KEY UPDATE …` and the like
        case .skip, .copy:
            break
        }
        adjacent = false
    }

    private func tokenByte(_ byte: UInt8) {
        guard mode == .head, recording, !head.isEmpty, head[head.count - 1].text.count < SQLDumpParser.maxTokenBytes
        else { return }
        head[head.count - 1].text.append(byte)
    }

    private func endWord() {
        adjacent = true
        if wordAtLineStart && batchBoundary() { return }
        guard mode == .head, let last = head.last, last.kind == .word, head.count >= 2,
            SQLDumpParser.equals(last, "VALUES"), SQLDumpParser.equals(head[0], "INSERT") || SQLDumpParser.equals(head[0], "REPLACE")
        else { return }
        if SQLDumpParser.equals(head[head.count - 2], "DEFAULT") { return }
        if let (table, names) = SQLDumpParser.parseInsert(head) {
            begin(table: table, columns: names)
            mode = .values
            depth = 0
        } else {
            mode = .skip
        }
        head.removeAll(keepingCapacity: true)
    }

    private func punctuation(_ byte: UInt8) {
        switch mode {
        case .head:
            if byte == UInt8(ascii: ";") {
                endHead()
            } else if head.count < SQLDumpParser.maxHeadTokens {
                head.append(Token(kind: .punctuation, text: [byte], adjacent: adjacent))
            }
        case .skip:
            if byte == UInt8(ascii: ";") { endStatement() }
        case .values:
            switch byte {
            case UInt8(ascii: "("):
                if depth == 0 {
                    startRow()
                    structural = true
                }
                depth += 1
            case UInt8(ascii: ")"):
                if depth > 0 {
                    depth -= 1
                    if depth == 0 { endRow() }
                }
            case UInt8(ascii: ","):
                if depth == 1 {
                    field += 1
                    structural = true
                }
            default:  // `;`
                if inRow { endRow() }
                endStatement()
            }
        case .copy:
            break
        }
    }

    /// SQL Server scripts (SSMS "Generate Scripts", `sqlcmd` input) end batches with a `GO`
    /// line and often end no statement with `;`. A word that starts a line may therefore end the
    /// statement before it: `GO` always ends it (as `;` would); `INSERT`/`REPLACE` starts a new
    /// statement after a finished row list, a skipped statement, or a head that is not that
    /// INSERT's own (`SET IDENTITY_INSERT … ON`, `CREATE TABLE … ON [PRIMARY]`). Other words
    /// keep their place: `ON CONFLICT …` on the line after a row list is still that statement.
    /// Called at the end of a word that started a line; true when the word was consumed.
    private func batchBoundary() -> Bool {
        if wordIs("GO") {
            switch mode {
            case .head:
                if recording, let last = head.last, last.kind == .word { head.removeLast() }
                if let first = head.first, SQLDumpParser.equals(first, "COPY") { return false }
                endHead()
            case .values, .skip:
                if inRow { endRow() }
                endStatement()
            case .copy:
                break
            }
            return mode != .copy
        }
        guard wordIs("INSERT") || wordIs("REPLACE") else { return false }
        switch mode {
        case .head:
            // (A COPY head is not cut: its data starts after its `;`.)
            guard recording, head.count >= 2, let last = head.last, last.kind == .word,
                !SQLDumpParser.equals(head[0], "COPY")
            else { return false }
            head.removeLast()
            endHead()
            head.append(last)
        case .skip:
            // Not recorded while skipping: the head starts again with this word.
            endStatement()
            head.append(Token(kind: .word, text: wordIs("INSERT") ? Array("INSERT".utf8) : Array("REPLACE".utf8), adjacent: false))
        case .values, .copy:
            return false
        }
        return true
    }

    private func endStatement() {
        mode = .head
        current = -1
        split = nil
        splitting = false
        openSplitStart = nil
        spanTextStart = -1
        depth = 0
        head.removeAll(keepingCapacity: true)
    }

    /// A statement ended with `;` while collecting its head: CREATE TABLE and COPY matter.
    private func endHead() {
        defer { head.removeAll(keepingCapacity: true) }
        guard let first = head.first else { return }
        if SQLDumpParser.equals(first, "USE") || (first.kind == .word && (first.text == Array("\\connect".utf8) || first.text == Array("\\c".utf8))) {
            // `\connect db` has no `;`: its head runs on to the next statement's (pg_dumpall
            // follows it with `SET …;`), and the name is the token after it.
            // Newer pg_dumpall writes `\connect -reuse-previous=on "dbname='shop'"`.
            if head.count > 2, head[1].kind == .word, head[1].text.first == UInt8(ascii: "-") {
                let option = SQLDumpParser.text(head[2])
                if let start = option.range(of: "dbname='"), let end = option[start.upperBound...].firstIndex(of: "'") {
                    database = String(option[start.upperBound..<end])
                }
            } else if let (name, _) = SQLDumpParser.name(head, at: 1) {
                database = name
            }
            return
        }
        if SQLDumpParser.equals(first, "CREATE") {
            if let (tableName, names) = SQLDumpParser.parseCreateTable(head) {
                tables[table(named: tableName)].declared = names
            }
        } else if SQLDumpParser.equals(first, "COPY"), let (tableName, names) = SQLDumpParser.parseCopy(head) {
            begin(table: tableName, columns: names)
            mode = .copy
            lex = .copySkipLine
        }
    }

    private func endCopy() {
        if inRow { endRow() }
        lex = .normal
        endStatement()
    }

    // MARK: Rows

    private func table(named bareName: String) -> Int {
        let name = database.map { $0 + "." + bareName } ?? bareName
        if let index = tableIndex[name] { return index }
        tables.append(Table(name: name))
        tableIndex[name] = tables.count - 1
        return tables.count - 1
    }

    private func begin(table name: String, columns names: [String]?) {
        current = table(named: name)
        statementColumns = names ?? tables[current].declared
        statementSlots.removeAll(keepingCapacity: true)
        inRow = false
        if !statementColumns.isEmpty { _ = slot(statementColumns.count - 1) }
        beginSplit()
    }

    /// The summary slot of field `index` of the current statement (created on first use).
    private func slot(_ index: Int) -> Int {
        while statementSlots.count <= index {
            let position = statementSlots.count
            let name = position < statementColumns.count ? statementColumns[position] : "#\(position + 1)"
            if let existing = tables[current].slots[name] {
                statementSlots.append(existing)
            } else {
                columns.append((tables[current].name, name, 0))
                tables[current].slots[name] = columns.count - 1
                statementSlots.append(columns.count - 1)
            }
        }
        return statementSlots[index]
    }

    private func startRow() {
        guard current >= 0 else { return }
        tables[current].rows += 1
        rowNumber = tables[current].rows
        rows += 1
        field = 0
        inRow = true
    }

    private func endRow() {
        guard inRow else { return }
        inRow = false
        let last = max(field, statementColumns.count - 1)
        _ = slot(last)
        for index in 0...last { columns[statementSlots[index]].rows += 1 }
        if splitting { endSplitRow() }
    }

    // MARK: Statement heads

    private static func equals(_ token: Token, _ keyword: String) -> Bool {
        guard token.kind == .word, token.text.count == keyword.utf8.count else { return false }
        for (a, b) in zip(token.text, keyword.utf8) where (a >= 0x61 && a <= 0x7A ? a - 0x20 : a) != b { return false }
        return true
    }

    private static func text(_ token: Token) -> String { String(decoding: token.text, as: UTF8.self) }

    /// A possibly qualified name starting at `index`: the token and the tokens glued to it
    /// (`"public"."t"`, `public.t`, `` `shop`.`t` ``). Returns the name and the next index.
    /// `strings`: a single-quoted string also names something (SQLite accepts `CREATE TABLE
    /// 'members'(…)`, and its `.dump` writes such tables, FTS5 shadow tables among them, that way).
    private static func name(_ tokens: [Token], at index: Int, strings: Bool = false) -> (String, Int)? {
        guard index < tokens.count,
            tokens[index].kind == .word || tokens[index].kind == .identifier || (strings && tokens[index].kind == .string)
        else { return nil }
        var name = text(tokens[index])
        var next = index + 1
        while next < tokens.count, tokens[next].adjacent, tokens[next].kind == .word || tokens[next].kind == .identifier {
            name += text(tokens[next])
            next += 1
        }
        return (name, next)
    }

    /// Names in a parenthesised list starting at `index` (`(a, "b", `c`)`), or nil.
    private static func nameList(_ tokens: [Token], at index: Int) -> [String]? {
        guard index < tokens.count, tokens[index].kind == .punctuation, tokens[index].text == [UInt8(ascii: "(")] else { return nil }
        var names: [String] = []
        var position = index + 1
        while position < tokens.count {
            let token = tokens[position]
            if token.kind == .punctuation {
                if token.text == [UInt8(ascii: ")")] { return names }
                position += 1
                continue
            }
            guard let (name, next) = name(tokens, at: position) else { return nil }
            names.append(name)
            position = next
        }
        return nil
    }

    /// `INSERT|REPLACE [modifiers] [INTO] name [(columns)] … VALUES`.
    private static func parseInsert(_ tokens: [Token]) -> (String, [String]?)? {
        let modifiers = ["OR", "REPLACE", "IGNORE", "ROLLBACK", "ABORT", "FAIL", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "INTO"]
        var index = 1
        while index < tokens.count, modifiers.contains(where: { equals(tokens[index], $0) }) { index += 1 }
        guard let (table, next) = name(tokens, at: index), next < tokens.count else { return nil }
        return (table, nameList(tokens, at: next))
    }

    /// `COPY name [(columns)] FROM stdin`.
    private static func parseCopy(_ tokens: [Token]) -> (String, [String]?)? {
        guard let (table, next) = name(tokens, at: 1) else { return nil }
        let names = nameList(tokens, at: next)
        guard let from = tokens[next...].firstIndex(where: { equals($0, "FROM") }), from + 1 < tokens.count,
            equals(tokens[from + 1], "STDIN")
        else { return nil }
        return (table, names)
    }

    /// `CREATE [TEMP …] TABLE [IF NOT EXISTS] name (column …, constraint …)`: the column names.
    private static func parseCreateTable(_ tokens: [Token]) -> (String, [String])? {
        guard let tableKeyword = tokens.prefix(5).firstIndex(where: { equals($0, "TABLE") }) else { return nil }
        var index = tableKeyword + 1
        if index + 2 < tokens.count, equals(tokens[index], "IF"), equals(tokens[index + 1], "NOT"), equals(tokens[index + 2], "EXISTS") {
            index += 3
        }
        guard let (table, next) = name(tokens, at: index, strings: true), next < tokens.count,
            tokens[next].kind == .punctuation, tokens[next].text == [UInt8(ascii: "(")]
        else { return nil }
        let constraints = [
            "CONSTRAINT", "PRIMARY", "UNIQUE", "KEY", "INDEX", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL", "EXCLUDE", "LIKE",
        ]
        var names: [String] = []
        var depth = 1
        var itemStart = true
        // Generated columns (`… GENERATED ALWAYS AS (…)`, SQLite's and MySQL's `… AS (…)`; not an
        // identity column's `AS IDENTITY`) hold no value in INSERTs without a column list:
        // `sqlite3 .dump` leaves them out.
        var itemIsColumn = false
        var itemIsGenerated = false
        var previous: Token? = nil
        func endItem() {
            if itemIsColumn && itemIsGenerated { names.removeLast() }
            itemIsColumn = false
            itemIsGenerated = false
        }
        for token in tokens[(next + 1)...] {
            defer { previous = token }
            if token.kind == .punctuation {
                switch token.text.first {
                case UInt8(ascii: "("):
                    if depth == 1, let previous, equals(previous, "AS") { itemIsGenerated = true }
                    depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 {
                        endItem()
                        return (table, names)
                    }
                case UInt8(ascii: ","):
                    if depth == 1 {
                        endItem()
                        itemStart = true
                        continue
                    }
                default: break
                }
                itemStart = false
                continue
            }
            if itemStart && depth == 1 {
                let isConstraint = token.kind == .word && constraints.contains(where: { equals(token, $0) })
                if !isConstraint {
                    names.append(text(token))
                    itemIsColumn = true
                }
            }
            itemStart = false
        }
        endItem()
        return (table, names)
    }
}
