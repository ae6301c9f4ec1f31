#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The layout of a delimited text input (CSV/TSV with a header row), read once from the head of
/// the file so that every work unit of it knows the column names.
public struct TextStructure: Sendable, Equatable {
    /// `,`, tab, `|` or `;`.
    public let delimiter: UInt8
    /// Header names, in column order.
    public let columns: [String]
    /// Per column, whether it holds any values (``anyValueColumns``): its cells' context is their
    /// line, not the column's name alone.
    let holdsAnyValue: [Bool]
    /// The input offset where the records start when metadata rows stand above the header
    /// (``detect(_:)``): lines before it are read as text, not as records under the columns (a
    /// bank statement's `계좌번호,140-000-123456,예금주,…` is no row of its transactions); 0 otherwise.
    public let recordsFrom: Int64

    public init(delimiter: UInt8, columns: [String], recordsFrom: Int64 = 0) {
        self.delimiter = delimiter
        self.columns = columns
        self.recordsFrom = recordsFrom
        holdsAnyValue = columns.map { TextStructure.anyValueColumns.contains($0.lowercased()) }
    }

    /// Names of a column that holds the values of whatever another cell of its row names: a
    /// change history's `변경전`/`변경후` under `변경항목`, a key–value export's `value` under
    /// `key` (entity–attribute–value tables), an identity document's number under `id_number`
    /// beside `id_type`. Such a cell's context is its line, like a log
    /// line's, not its column's name alone (lower-cased ASCII).
    static let anyValueColumns: Set<String> = [
        "변경전", "변경후", "변경전값", "변경후값", "변경전내용", "변경후내용", "이전값", "변경값", "수정전", "수정후", "값", "설정값",
        "value", "val", "old", "new", "old_value", "new_value", "oldvalue", "newvalue", "old_val", "new_val", "before",
        "after", "before_value", "after_value", "prev_value", "previous_value", "from_value", "to_value", "attr_value",
        "attribute_value", "field_value",
        // an identity document's number, whose kind another cell names (`id_type`: `passport`,
        // `운전면허`)
        "id_number", "id_no", "idno", "idnumber", "id_num", "doc_no", "doc_number", "document_no", "document_number",
        "신분증번호", "신분증 번호",
        // a masking or detection report's value, whose kind the cell before names (`field`:
        // `계좌번호`, `raw_value`: `110-663-926057`)
        "raw_value", "rawvalue", "original_value", "orig_value", "detected_value", "matched_value", "sample_value", "원문",
        "원문값", "원본값", "검출값", "탐지값",
    ]

    /// A CSV/TSV header, when the first line of `head` is one — or one under up to
    /// ``maximumTitleLines`` title and blank lines, as spreadsheet exports put them
    /// (`2024년 11월 급여 이체 내역,,,,`, `(주)누리에듀 재무팀 출력일: 2024-11-25`, `,,,,`: at most one
    /// non-blank cell each): at least two names separated by commas, tabs, `|` or `;` (the most
    /// frequent of them on the line; firm-banking and European exports use the last two), each a
    /// short label (letters, digits, blanks, `_ - . ( ) # / & : % [ ] + * ' ~`, a quoted one's
    /// commas, Hangul; starting with a digit only before English letters: `접수일/시간`,
    /// `금액(원)`, `"성명, 법인명"`, `1365ID` — or in a run of numbered columns, `1일,2일,3일`; at
    /// least two of them: outside a `|`-separated line, others may be empty, a sheet's unnamed
    /// column), and
    /// records after it (as many as the head holds, up to five) of which at least half, and at
    /// least one, have as many fields — one ragged row (a note typed into the cell after the
    /// last) does not hide the columns of a whole file. Under a title, a header of two names
    /// (`성명,주민등록번호` under `주민번호 오류확인 요청목록`) needs two records after it, every one
    /// of two fields (a log's second line with one comma is no header).
    ///
    /// A sheet's metadata rows may stand among the titles — lines of two or more filled cells
    /// that are no header (`사업장관리번호,11986408390,,사업장명,(주)한빛푸드`, `약국명: 온누리약국,요양기관기호:
    /// 11398765`, `현장명,평택 고덕 A-12BL 신축공사,현장코드,S23-017,귀속년월,2025-04`) — when the header
    /// under them is a table's beyond doubt (``strongHeaderColumns``).
    public static func detect(_ head: UnsafeRawBufferPointer) -> TextStructure? {
        var start = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { start = 3 }
        var afterMetadata = false
        for titles in 0...maximumTitleLines {
            guard start < head.count,
                let newline = memchr(head.baseAddress! + start, 0x0A, min(head.count - start, 4096))
            else { return nil }
            let end = head.baseAddress!.distance(to: UnsafeRawPointer(newline))
            // A JSON record (a JSON-lines log: `{…` or `[{…`, `["…`) is neither a title, a
            // metadata row nor a header (a title may be bracketed: `[자격취득 신고]`).
            var first = start
            while first < end && (head[first] == 0x20 || head[first] == 0x09) { first += 1 }
            if first < end && (head[first] == 0x7B
                || head[first] == 0x5B && first + 1 < end && (head[first + 1] == 0x7B || head[first + 1] == 0x22 || head[first + 1] == 0x5B))
            {
                return nil
            }
            let shape = LineShape(UnsafeRawBufferPointer(rebasing: head[start..<end]))
            // A header has a delimiter; most log lines have none.
            if shape.mostDelimiters >= 1,
                let structure = header(head, at: start, end: end, shape: shape, underTitle: titles > 0, strong: afterMetadata)
            {
                guard afterMetadata else { return structure }
                return TextStructure(delimiter: structure.delimiter, columns: structure.columns, recordsFrom: Int64(end + 1))
            }
            if shape.filledCells > 1 {
                // No title: a line of values — or a metadata row over a table.
                guard titles < maximumTitleLines else { return nil }
                afterMetadata = true
            }
            start = end + 1
        }
        return nil
    }

    /// What a header under metadata rows must be (a headerless file's rows are often few cells
    /// of text): at least ``strongHeaderColumns`` named columns, one with a column name's word
    /// (``namesColumn(_:)``), and at least two records after it, of as many fields.
    static let strongHeaderColumns = 5

    /// The most title and blank lines looked past for a header.
    static let maximumTitleLines = 6

    /// One pass over a line: how often each delimiter (tab, comma, `|`, `;`) occurs, and how many
    /// cells (split by any of them) hold something other than blanks and quotes — 0, 1, or 2 (more).
    private struct LineShape {
        var counts: (tabs: Int, commas: Int, pipes: Int, semicolons: Int) = (0, 0, 0, 0)
        var filledCells = 0

        init(_ line: UnsafeRawBufferPointer) {
            var filled = false
            for byte in line {
                switch byte {
                case 0x09: counts.tabs += 1
                case 0x2C: counts.commas += 1
                case 0x7C: counts.pipes += 1
                case 0x3B: counts.semicolons += 1
                case 0x20, 0x22, 0x0D: continue
                default:
                    if !filled {
                        filled = true
                        filledCells = min(2, filledCells + 1)
                    }
                    continue
                }
                filled = false
            }
        }

        var mostDelimiters: Int { max(counts.tabs, counts.commas, counts.pipes, counts.semicolons) }

        /// The most frequent delimiter, the first of tab, comma, `|`, `;` on a tie.
        var delimiter: UInt8 {
            let most = mostDelimiters
            return counts.tabs == most ? 0x09 : counts.commas == most ? 0x2C : counts.pipes == most ? 0x7C : 0x3B
        }
    }

    /// The header on the line `start..<end` (`end` at its line break), if it is one (see ``detect(_:)``).
    private static func header(
        _ head: UnsafeRawBufferPointer, at start: Int, end firstEnd: Int, shape: LineShape, underTitle: Bool,
        needsRecords: Bool = false, strong: Bool = false
    ) -> TextStructure? {
        var headerEnd = firstEnd
        if headerEnd > start && head[headerEnd - 1] == 0x0D { headerEnd -= 1 }
        let delimiter = shape.delimiter
        let names = cells(head, start..<headerEnd, delimiter: delimiter)
        guard names.count >= 2 else { return nil }
        var columns: [String] = []
        var numbered: [(column: Int, number: Int, unit: [UInt8])] = []
        for range in names {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper && (head[lower] == 0x20 || head[lower] == 0x22) { lower += 1 }
            while upper > lower && (head[upper - 1] == 0x20 || head[upper - 1] == 0x22) { upper -= 1 }
            guard upper - lower <= 64 else { return nil }
            // An unnamed column (a sheet's first column of row labels, `,구분,코드,금액`); not
            // in a markdown table, whose line starts and ends with `|` (no header of a file).
            if upper == lower && delimiter != 0x7C {
                columns.append("")
                continue
            }
            var letters = 0
            var nonASCII = 0
            var pastHex = 0  // ASCII letters after `f`
            for i in lower..<upper {
                let byte = head[i]
                if byte >= 0x80 {
                    letters += 1
                    nonASCII += 1
                } else if byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A {
                    letters += 1
                    if byte | 0x20 > 0x66 { pastHex += 1 }
                } else if !((byte >= 0x30 && byte <= 0x39) || labelPunctuation.contains(byte)) {
                    return nil
                }
            }
            guard letters > 0 else { return nil }
            // A cell starting with a digit is a value (`2024-01-05`, `101동`, `3개월`, a hex id
            // `5f3a9c`), unless an English name follows the digits (`1365ID`: a volunteer
            // portal's member id, the first column of its exports) or one digit a Korean word of
            // three syllables or more (`1회투약량`, `1일투여횟수`: a prescription's columns).
            if head[lower] >= 0x30 && head[lower] <= 0x39 && (nonASCII > 0 || pastHex == 0)
                && !(nonASCII >= 9 && upper - lower == nonASCII + 1)
            {
                // ... or one of a sheet's numbered columns (`1일,2일,…,31일` of a month's
                // attendance, `1월`…`12월`): one or two digits and one syllable, in a run below.
                let digits = nonASCII == 3 || nonASCII == 2 ? upper - lower - nonASCII : 0  // (UTF-8 or CP949)
                guard (1...2).contains(digits), (lower..<(lower + digits)).allSatisfy({ head[$0] >= 0x30 && head[$0] <= 0x39 }) else {
                    return nil
                }
                let number = (lower..<(lower + digits)).reduce(0) { $0 * 10 + Int(head[$1] - 0x30) }
                numbered.append((columns.count, number, Array(head[(lower + digits)..<upper])))
            }
            columns.append(String(decoding: UnsafeRawBufferPointer(rebasing: head[lower..<upper]), as: UTF8.self))
        }
        // Numbered columns come in runs of three or more, counting up by one in one unit.
        for k in numbered.indices {
            func follows(_ a: Int, _ b: Int) -> Bool {
                a >= 0 && b < numbered.count && numbered[b].column == numbered[a].column + 1
                    && numbered[b].number == numbered[a].number + 1 && numbered[b].unit == numbered[a].unit
            }
            guard follows(k - 2, k - 1) && follows(k - 1, k) || follows(k - 1, k) && follows(k, k + 1)
                || follows(k, k + 1) && follows(k + 1, k + 2)
            else { return nil }
        }
        guard columns.count(where: { !$0.isEmpty }) >= 2 else { return nil }
        // Cells of a label and its value (`약국명: 온누리약국`, `출력일: 2024-11-25`) make a
        // metadata row, not a header.
        let labelled = columns.count(where: isLabelAndValue)
        if labelled >= 2 && 2 * labelled >= columns.count(where: { !$0.isEmpty }) { return nil }
        if strong && (columns.count(where: { !$0.isEmpty }) < strongHeaderColumns || !columns.contains(where: namesColumn)) {
            return nil
        }
        // The next records complete in the head, read with the cell walk's quoting (a quoted
        // field may hold line breaks — a multi-line memo — and a quote inside an unquoted one,
        // `27" 모니터`, is text): each ends at the first line break outside a quoted cell.
        var records = 0
        var matching = 0
        var recordStart = firstEnd + 1
        var searchFrom = recordStart
        while records < 5, searchFrom < head.count,
            let newline = memchr(head.baseAddress! + searchFrom, 0x0A, head.count - searchFrom)
        {
            let lineEnd = head.baseAddress!.distance(to: UnsafeRawPointer(newline))
            let fields = cellCount(UnsafeRawBufferPointer(rebasing: head[recordStart..<lineEnd]), delimiter: delimiter)
            searchFrom = lineEnd + 1
            guard fields > 0 else { continue }  // inside a quoted cell: the record goes on
            records += 1
            if fields == columns.count { matching += 1 }
            recordStart = searchFrom
        }
        guard records == 0 ? !needsRecords : matching >= 1 && 2 * matching >= records else { return nil }
        if underTitle && columns.count == 2 && (records < 2 || matching < records) { return nil }
        if strong && matching < 2 { return nil }
        return TextStructure(delimiter: delimiter, columns: columns)
    }

    /// Whether a cell reads `label: value` — a colon, a blank, then something.
    private static func isLabelAndValue(_ cell: String) -> Bool {
        guard let colon = cell.utf8.firstIndex(of: 0x3A) else { return false }
        let rest = cell.utf8[cell.utf8.index(after: colon)...]
        return rest.first == 0x20 && rest.contains { $0 != 0x20 }
    }

    /// Spreadsheets put several tables on one sheet — a summary, then `매출처별 세금계산서 합계표`
    /// over a header and rows of its own — and a CSV export of the sheet holds them one after
    /// another, each under a title or blank line (`,,,,,`). The header of the table after the
    /// line `title` of `text` (a line break after it), when that line has at most one filled
    /// cell and the next line is a header as ``detect(_:)`` reads one under a title, with
    /// `current`'s delimiter and at least one record after it in `text`, naming other columns
    /// than `current`, one of them with a column name's word (``namesColumn(_:)``: a row of
    /// text-only values, `김민수,영업부,과장`, after a short one is no header). Returns the
    /// table's structure and the index where its first record starts.
    static func subTableHeader(
        in text: UnsafeRawBufferPointer, title: Range<Int>, current: TextStructure
    ) -> (structure: TextStructure, recordsStart: Int)? {
        guard isTitleOrBlank(UnsafeRawBufferPointer(rebasing: text[title])) else { return nil }
        let start = title.upperBound + 1
        guard start < text.count, let newline = memchr(text.baseAddress! + start, 0x0A, min(text.count - start, 4096)) else { return nil }
        let end = text.baseAddress!.distance(to: UnsafeRawPointer(newline))
        let shape = LineShape(UnsafeRawBufferPointer(rebasing: text[start..<end]))
        guard shape.mostDelimiters >= 1, shape.delimiter == current.delimiter,
            let structure = header(text, at: start, end: end, shape: shape, underTitle: true, needsRecords: true),
            structure.columns != current.columns, structure.columns.contains(where: namesColumn)
        else { return nil }
        return (structure, end + 1)
    }

    /// Whether `line` has at most one cell (split by tabs, commas, `|` or `;`) holding anything
    /// but blanks and quotes: a title or a blank row. Stops at the second filled cell, which
    /// most records reach within their first bytes.
    @inline(__always)
    static func isTitleOrBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let bytes = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        var filled = 0
        var inCell = false
        for index in 0..<line.count {
            switch bytes[index] {
            case 0x09, 0x2C, 0x7C, 0x3B: inCell = false
            case 0x20, 0x22, 0x0D: continue
            default:
                if !inCell {
                    inCell = true
                    filled += 1
                    if filled > 1 { return false }
                }
            }
        }
        return true
    }

    /// Whether `line` has a filled cell right before its first `delimiter` and one right after
    /// it (blanks and quotes aside): most records do, and no title line (a cheap test before
    /// ``isTitleOrBlank(_:)``, which it never contradicts).
    @inline(__always)
    static func holdsTwoCells(_ text: UnsafeRawBufferPointer, _ line: Range<Int>, delimiter: UInt8) -> Bool {
        guard let base = text.baseAddress, let found = memchr(base + line.lowerBound, Int32(delimiter), line.count) else { return false }
        let split = base.distance(to: UnsafeRawPointer(found))
        func filled(_ byte: UInt8) -> Bool {
            byte != 0x20 && byte != 0x22 && byte != 0x0D && byte != 0x09 && byte != 0x2C && byte != 0x7C && byte != 0x3B
        }
        var after = split + 1
        while after < line.upperBound && (text[after] == 0x20 || text[after] == 0x22) { after += 1 }
        guard after < line.upperBound, filled(text[after]) else { return false }
        return (line.lowerBound..<split).contains { filled(text[$0]) }
    }

    /// Whether a header cell reads as a column's name: it holds a word that names what a column
    /// holds (`번호`, `코드`, `일자`, `금액`, `상호`, `성명` …), or an English name word (`no`,
    /// `id`, `name`, `date` … in any case, `_` or camelCase separated).
    static func namesColumn(_ name: String) -> Bool {
        if name.utf8.contains(where: { $0 >= 0x80 }), columnWords.contains(where: { name.contains($0) }) { return true }
        return ValidatorSupport.nameWords(Array(name.utf8)).contains { englishColumnWords.contains($0) }
    }
    private static let columnWords = [
        "번호", "코드", "일자", "일시", "날짜", "금액", "가액", "세액", "단가", "수량", "합계", "구분", "비고", "내용", "주소", "연락처",
        "전화", "성명", "이름", "상호", "법인명", "사업자", "계좌", "은행", "거래처", "품목", "메모", "생년월일",
    ]
    private static let englishColumnWords: Set<[UInt8]> = Set(
        ["no", "num", "number", "id", "name", "date", "code", "amount", "type", "total", "qty", "memo", "phone", "email", "address",
         "tel", "account", "bank"].map { Array($0.utf8) })

    /// The punctuation a column label may hold besides letters and digits (no `@`: an e-mail
    /// address in a first data row is no label; a quoted label's commas are inside its quotes).
    private static let labelPunctuation = Set(" _-.()#/&:%[]+*'~,".utf8)

    /// The number of cells of `line` (no line break in it but inside quoted cells), read as a
    /// record from its start with the cell walk's quoting (``CellQuoting``); 0 when it ends inside
    /// a quoted cell (the record goes on over the next line).
    static func cellCount(_ line: UnsafeRawBufferPointer, delimiter: UInt8) -> Int {
        var count = 1
        var cellStart = 0
        var quoting = CellQuoting()
        for index in 0..<line.count {
            let byte = line[index]
            if byte == 0x22 {
                quoting.quote(at: index, in: line, cellStart: cellStart)
            } else if byte == delimiter && !quoting.quoted {
                count += 1
                cellStart = index + 1
            }
        }
        return quoting.quoted ? 0 : count
    }

    /// The fields of one line, respecting double quotes.
    static func cells(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, delimiter: UInt8) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var cellStart = range.lowerBound
        var quoted = false
        for i in range {
            let byte = bytes[i]
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == delimiter && !quoted {
                result.append(cellStart..<i)
                cellStart = i + 1
            }
        }
        result.append(cellStart..<range.upperBound)
        return result
    }
}

/// Quotes in CSV/TSV cells as spreadsheets write them (RFC 4180), tolerant of stray ones: a
/// quote opens a quoted cell only as the cell's first byte (blanks before it allowed) or right
/// after the quote that closed it (`""`, an escaped quote); inside a quoted cell a quote closes
/// it. A quote anywhere else (`27" 모니터`) is text. Positions are indices of one buffer.
struct CellQuoting {
    /// Whether the walk is inside a quoted cell.
    var quoted = false
    /// Where the last closing quote was.
    var closedAt = Int.min

    /// Steps over the quote at `index`, in the cell that starts at `cellStart`.
    @inline(__always)
    mutating func quote(at index: Int, in bytes: UnsafeRawBufferPointer, cellStart: Int) {
        if quoted {
            quoted = false
            closedAt = index
        } else if index == closedAt + 1 || Self.opensCell(bytes, cellStart: cellStart, quote: index) {
            quoted = true
        }
    }

    /// Whether the quote at `quote` opens a quoted cell that starts at `cellStart`: it is the
    /// cell's first byte, or only blanks come before it.
    static func opensCell(_ bytes: UnsafeRawBufferPointer, cellStart: Int, quote: Int) -> Bool {
        guard quote >= cellStart, cellStart >= 0 else { return false }
        var index = cellStart
        while index < quote && bytes[index] == 0x20 { index += 1 }
        return index == quote
    }
}

/// Finds the field a value belongs to: its JSON key (`"phone":"010-…"`), logfmt or query key
/// (`jumin=…`, `?email=…`), or — with a ``TextStructure`` — its CSV/TSV column. The name goes into
/// the finding (`field`); a CSV column name is also the value's context, like a database column.
enum FieldLocator {
    /// A located field: its name and, for a CSV/TSV cell, the cell's byte range.
    struct Located {
        var name: String
        var cell: Range<Int>?
        /// The CSV/TSV column's index in ``TextStructure/columns``.
        var column: Int? = nil
        /// The key is on a line before the value's (a type's object opening there): the line
        /// does not hold it, so it is the value's context as a column's name is.
        var keyAbove = false
    }

    /// How far back from a value its key is looked for.
    static let reach = 256

    /// How far the CSV/TSV column walk of a line got: values on a line are located in increasing
    /// order, so each resumes the walk where the previous one stopped instead of starting again
    /// at the line start (which made lines with many values quadratic). Positions are input
    /// offsets, so the walk survives the buffer's shifts; any other call starts afresh.
    struct ColumnWalk {
        /// Input offset of the line's start (-1: none yet).
        var line: Int64 = -1
        /// Input offset walked to, and the state there.
        var position: Int64 = 0
        var index = 0
        var cellStart: Int64 = 0
        var quoted = false
        /// Input offset of the quote that closed the last quoted cell (`.min`: none).
        var closedAt: Int64 = .min
    }

    /// The field of the value at `start..<end` of `subject`, on the line starting at `lineStart`;
    /// `base` is the input offset of `subject[0]` (for `walk`, the column walk kept between calls).
    /// `continuation`: the line begins inside a quoted CSV/TSV cell, of that column, that starts
    /// there (a buffer index; negative when it began before the buffer).
    static func locate(
        _ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, structure: TextStructure?, base: Int64 = 0,
        continuation: (column: Int, cellStart: Int)? = nil, walk: inout ColumnWalk
    ) -> Located? {
        if let structure {
            return column(
                subject, lineStart: lineStart, start: start, end: end, structure: structure, base: base, continuation: continuation,
                walk: &walk)
        }
        guard let key = key(before: start, in: subject, floor: max(lineStart, start - reach)) else { return nil }
        return Located(name: String(decoding: UnsafeRawBufferPointer(rebasing: subject[key]), as: UTF8.self), keyAbove: key.lowerBound < lineStart)
    }

    /// ``locate(_:lineStart:start:end:structure:base:continuation:walk:)`` walking from the line start.
    static func locate(
        _ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, structure: TextStructure?,
        continuation: (column: Int, cellStart: Int)? = nil
    ) -> Located? {
        var walk = ColumnWalk()
        return locate(
            subject, lineStart: lineStart, start: start, end: end, structure: structure, continuation: continuation, walk: &walk)
    }

    /// Quotes as ``UnitScanner/findLostZeroCells(subject:from:cut:final:path:into:)`` reads them:
    /// one opens a cell only as its first byte (blanks before it allowed) or right after the
    /// quote that closed it (`""`, an escaped quote); inside a quoted cell one closes it.
    private static func column(
        _ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, structure: TextStructure, base: Int64,
        continuation: (column: Int, cellStart: Int)?, walk: inout ColumnWalk
    ) -> Located? {
        let line = base + Int64(lineStart)
        // Above a header under metadata rows the lines are text, not records (no column).
        guard line >= structure.recordsFrom else { return nil }
        if walk.line != line || walk.position < line || walk.position > base + Int64(start) {
            walk = ColumnWalk(line: line, position: line, index: 0, cellStart: line, quoted: false)
            if let continuation {
                (walk.index, walk.cellStart, walk.quoted) = (continuation.column, base + Int64(continuation.cellStart), true)
            }
        }
        var index = walk.index
        var cellStart = Int(walk.cellStart - base)
        var quoting = CellQuoting(quoted: walk.quoted, closedAt: walk.closedAt == .min ? .min : Int(walk.closedAt - base))
        var i = Int(walk.position - base)
        while i < start {
            let byte = subject[i]
            if byte == 0x22 {
                quoting.quote(at: i, in: subject, cellStart: cellStart)
            } else if byte == structure.delimiter && !quoting.quoted {
                index += 1
                cellStart = i + 1
            }
            i += 1
        }
        walk.position = base + Int64(start)
        walk.index = index
        walk.cellStart = base + Int64(cellStart)
        walk.quoted = quoting.quoted
        walk.closedAt = quoting.closedAt == .min ? .min : base + Int64(quoting.closedAt)
        // To the cell's end (past the value, a quote never opens the cell: it started before).
        var cellEnd = end
        while cellEnd < subject.count {
            let byte = subject[cellEnd]
            if byte == 0x0A || byte == 0x0D { break }
            if byte == 0x22 {
                quoting.quote(at: cellEnd, in: subject, cellStart: cellStart)
            } else if byte == structure.delimiter && !quoting.quoted {
                break
            }
            cellEnd += 1
        }
        guard index < structure.columns.count else { return nil }
        return Located(name: structure.columns[index], cell: cellStart..<cellEnd, column: index)
    }

    /// The key in front of the value starting at `start`: first as a quoted value (`"key":"… v`,
    /// `key="… v`), then as a bare one (`"key": v`, `key=v`).
    static func key(before start: Int, in s: UnsafeRawBufferPointer, floor: Int) -> Range<Int>? {
        if start - 1 >= floor && s[start - 1] == 0x3E, let name = elementNameAttribute(endingBefore: start - 1, in: s, floor: floor) {
            return name
        }
        var i = start - 1
        while i >= floor && s[i] != 0x22 { i -= 1 }
        if i >= floor, var key = key(endingBefore: i, in: s, floor: floor) {
            if let parent = wrappingKey(of: key, in: s, floor: floor) { key = parent }
            return attributeName(of: key, in: s, floor: floor) ?? key
        }
        i = start - 1
        while i >= floor {
            let byte = s[i]
            if byte == 0x3D || byte == 0x3A {
                guard let key = key(endingBefore: i + 1, in: s, floor: floor) else { return nil }
                return wrappingKey(of: key, in: s, floor: floor) ?? key
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x7B || byte == 0x26 || byte == 0x3F
                || byte == 0x3B || byte == 0x22 || byte == 0x7C
            {
                return nil
            }
            i -= 1
        }
        return nil
    }

    /// The value of the `name` or `key` attribute (any case) of the XML start tag whose `>` is at
    /// `tagEnd`: an element's text named by its attribute — a Windows event's `<Data
    /// Name='JuminNo'>`, an Android preference's `<string name="user_phone">`, a Java properties
    /// file's `<entry key="jumin">` — where the attribute before the text is no key of it.
    private static func elementNameAttribute(endingBefore tagEnd: Int, in s: UnsafeRawBufferPointer, floor: Int) -> Range<Int>? {
        var open = tagEnd - 1
        while open >= floor && s[open] != 0x3C {
            if s[open] == 0x3E || s[open] == 0x0A || tagEnd - open > 256 { return nil }
            open -= 1
        }
        guard open >= floor, open + 1 < tagEnd, isASCIIAlphanumeric(s[open + 1]) else { return nil }
        var i = open + 1
        while i < tagEnd {
            // An attribute's name after a blank: `name=` or `key=`, then its quoted value.
            guard s[i] == 0x20 || s[i] == 0x09 else {
                i += 1
                continue
            }
            var nameEnd = i + 1
            while nameEnd < tagEnd && isASCIIAlphanumeric(s[nameEnd]) { nameEnd += 1 }
            let name = (i + 1)..<nameEnd
            i = nameEnd
            // (Compared lower-cased in place: no array per attribute of every tag before a value.)
            func named(_ word: String) -> Bool {
                name.count == word.utf8.count && zip(name, word.utf8).allSatisfy { s[$0] | 0x20 == $1 }
            }
            guard named("name") || named("key"), nameEnd + 1 < tagEnd, s[nameEnd] == 0x3D, s[nameEnd + 1] == 0x22 || s[nameEnd + 1] == 0x27
            else { continue }
            let quote = s[nameEnd + 1]
            var valueEnd = nameEnd + 2
            while valueEnd < tagEnd && s[valueEnd] != quote { valueEnd += 1 }
            guard valueEnd < tagEnd, (1...64).contains(valueEnd - nameEnd - 2) else { return nil }
            return (nameEnd + 2)..<valueEnd
        }
        return nil
    }

    /// Keys that name a value's type, not the value: DynamoDB's attribute values (`{"S": "…"}`,
    /// `"N"`, sets), Avro's unions as JSON (`{"string": "…"}`), MongoDB's extended JSON
    /// (`{"$numberLong": "…"}`), Firestore's and OpenTelemetry's typed values (`{"stringValue": …}`),
    /// and an object's first key `value` (an OCR or form field: `"licenseNumber": {"value": "…",
    /// "confidence": 0.98}`).
    static let typeWrapperKeys: [[UInt8]] = [
        "S", "N", "B", "SS", "NS", "BS", "string", "long", "int", "double", "float", "bytes", "$numberLong", "$numberInt",
        "$numberDecimal", "$numberDouble", "$date", "stringValue", "intValue", "integerValue", "doubleValue", "boolValue",
        "timestampValue", "value",
    ].map { Array($0.utf8) }

    /// Whether `name` is one of ``typeWrapperKeys``.
    static func isTypeWrapperKey(_ name: Slice<UnsafeRawBufferPointer>) -> Bool {
        typeWrapperKeys.contains { $0.count == name.count && name.elementsEqual($0) }
    }

    /// The key of the object that `key`, a type's name (``typeWrapperKeys``), is the first key of
    /// (`"vaccountNo": {"S": "…"}`): the value's name — also where the object opens at the end
    /// of the line before (pretty-printed JSON, `aws dynamodb scan`'s output: `"ean": {⏎ "S":
    /// "880…"`), when `floor` is the value's line start. Nil for any other key.
    private static func wrappingKey(of key: Range<Int>, in s: UnsafeRawBufferPointer, floor: Int) -> Range<Int>? {
        guard key.count <= 14, isTypeWrapperKey(s[key]) else { return nil }
        var k = key.lowerBound - 2  // before the key's opening quote
        while k >= floor && (s[k] == 0x20 || s[k] == 0x09) { k -= 1 }
        if k < floor && floor > 0 && s[floor - 1] == 0x0A {
            k = floor - 2
            while k > 0 && (s[k] == 0x20 || s[k] == 0x09 || s[k] == 0x0D) { k -= 1 }
            guard k > 0, s[k] == 0x7B else { return nil }
            var lineStart = k
            while lineStart > 0 && s[lineStart - 1] != 0x0A && k - lineStart < reach { lineStart -= 1 }
            return Self.key(endingBefore: k, in: s, floor: lineStart)
        }
        guard k > floor, s[k] == 0x7B else { return nil }
        return Self.key(endingBefore: k, in: s, floor: floor)
    }

    /// The name a key/value list gives the value whose key is `key`: OpenTelemetry's JSON
    /// (`{"key": "user.phone", "value": {"stringValue": "…"}}`, its type's key unwrapped by
    /// ``wrappingKey(of:in:floor:)``) and cloud tags (`{"Key": "owner", "Value": "…"}`) name it
    /// in the sibling `key`, not in the value's own.
    private static func attributeName(of key: Range<Int>, in s: UnsafeRawBufferPointer, floor: Int) -> Range<Int>? {
        let name = UnsafeRawBufferPointer(rebasing: s[key])
        var k = key.lowerBound - 2  // before the key's opening quote
        func skipBlanks() { while k >= floor && (s[k] == 0x20 || s[k] == 0x09) { k -= 1 } }
        /// The quoted string ending at `k` (its closing quote), `k` left before its opening one.
        func string() -> Range<Int>? {
            guard k > floor, s[k] == 0x22 else { return nil }
            let end = k
            k -= 1
            while k >= floor && s[k] != 0x22 {
                if end - k > 128 { return nil }
                k -= 1
            }
            guard k >= floor else { return nil }
            defer { k -= 1 }
            return (k + 1)..<end
        }
        func expect(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard k >= floor, s[k] == byte else { return false }
            k -= 1
            return true
        }
        func keyNamed(_ names: [String]) -> Bool {
            skipBlanks()
            guard let found = string() else { return false }
            let text = UnsafeRawBufferPointer(rebasing: s[found])
            return names.contains { text.elementsEqual($0.utf8) }
        }
        guard name.elementsEqual("value".utf8) || name.elementsEqual("Value".utf8) else { return nil }
        guard expect(0x2C) else { return nil }
        skipBlanks()
        guard let attribute = string(), !attribute.isEmpty, expect(0x3A), keyNamed(["key", "Key"]) else { return nil }
        return attribute
    }

    /// The key whose separator (`:` after a quoted key, or `=`) ends right before `valueStart`
    /// (spaces allowed around `:`).
    private static func key(endingBefore valueStart: Int, in s: UnsafeRawBufferPointer, floor: Int) -> Range<Int>? {
        var k = valueStart - 1
        // A JSON string's escaped quote: a JSON record inside a JSON string (a tool call's
        // `"arguments": "{\"jumin_no\":\"…\"}"`), its key written `\"key\":`.
        let escaped = k > floor && s[k] == 0x5C && valueStart < s.count && s[valueStart] == 0x22
        if escaped { k -= 1 }
        while k >= floor && s[k] == 0x20 { k -= 1 }
        guard k >= floor else { return nil }
        if s[k] == 0x3A {  // JSON: "key" :
            k -= 1
            while k >= floor && s[k] == 0x20 { k -= 1 }
            guard k > floor, s[k] == 0x22 else { return nil }
            var keyEnd = k
            if escaped && s[k - 1] == 0x5C { keyEnd -= 1 }
            k = keyEnd - 1
            while k >= floor && s[k] != 0x22 {
                if keyEnd - k > 64 { return nil }
                k -= 1
            }
            guard k >= floor, keyEnd - k > 1 else { return nil }
            return (k + 1)..<keyEnd
        }
        guard s[k] == 0x3D else { return nil }  // logfmt / query: key=
        let keyEnd = k
        k -= 1
        while k >= floor {
            let byte = s[k]
            guard isASCIIAlphanumeric(byte) || byte == 0x5F || byte == 0x2E || byte == 0x2D else { break }
            k -= 1
        }
        guard keyEnd - k > 1, keyEnd - k <= 65 else { return nil }
        if k >= floor {
            // The key must start a token (`|` too: a pipe-separated log's `…|msgkey=…|`).
            let byte = s[k]
            guard byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x7B || byte == 0x26 || byte == 0x3F
                || byte == 0x3B || byte == 0x22 || byte == 0x5B || byte == 0x28 || byte == 0x7C
            else { return nil }
        }
        // A key is a name, not a number.
        guard !(s[k + 1] >= 0x30 && s[k + 1] <= 0x39) else { return nil }
        return (k + 1)..<keyEnd
    }
}
