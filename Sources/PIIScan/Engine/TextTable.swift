import CScanKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tables laid out with blanks or `|` in plain text — a report printed to a file, a PDF's text
/// taken with its layout (`pdftotext -layout`), `psql` or `mysql` output pasted into a log —
/// name each column once, in a header line above the rows: `성명  국적  여권번호` over
/// `홍길동  KOR  M12345678`. A value in such a row has its column's name above it, not on its
/// line. ``TextTable/header(_:lineStart:start:end:bufferStartsLine:nearestLineOnly:isLabel:)``
/// finds that name by display columns (a Hangul syllable is two columns wide, as a terminal and
/// a PDF's layout draw it), or in a markdown table by the number of `|` before the value.
enum TextTable {
    /// How far up the header is looked for: rows of the table, at most.
    static let rowsAbove = 40
    /// And at most this many bytes back: no more than a window of the scan keeps before its
    /// first line, so that what is found does not depend on where windows start.
    static let reach = UnitScanner.keep - 1

    /// The header cell above the value at `start..<end` of the line starting at `lineStart`, when
    /// the value is a cell of a table row (two blanks or a `|` on each side, or the line's edge)
    /// and a line above holds, in the value's display columns, a cell with a letter and no digit
    /// that `isLabel` accepts (a word of the value's rule: the rows between may hold words too,
    /// `KOR` under `국적`). Separator lines (`-----`, `──┼──`, `+----+`) are passed over; a blank
    /// line ends the table. `bufferStartsLine`: whether `subject`'s first byte starts a line (the
    /// unit's first window), else lines are read only after a line break in it. `nearestLineOnly`:
    /// only the line right above is read (in a table aligned by blanks; a markdown table's header
    /// is found as ever) — for a context rule's value, the one row its line filter searches
    /// under a line with its word, whatever the windows.
    static func header(
        _ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, bufferStartsLine: Bool = true,
        nearestLineOnly: Bool = false, isLabel: (UnsafeRawBufferPointer) -> Bool
    ) -> Range<Int>? {
        guard lineStart > 0, isCellEdge(subject, before: start, lineStart: lineStart), isCellEdge(subject, after: end) else { return nil }
        // A markdown table's row: its header cell is found by number, the table not being aligned.
        if let header = markdownHeader(subject, lineStart: lineStart, bufferStartsLine: bufferStartsLine) {
            return markdownCell(subject, header: header, row: lineStart..<start, isLabel: isLabel)
        }
        let columns = displayColumn(subject, from: lineStart, to: start)..<(displayColumn(subject, from: lineStart, to: start)
            + displayColumn(subject, from: start, to: end))
        var lineEnd = lineStart - 1  // the line break of the line above
        // (A line starting at `floor` is read when the byte before it, inside the buffer, is a
        // line break: the reach is a byte short of what a window keeps.)
        let floor = max(0, lineStart - reach)
        for _ in 0..<(nearestLineOnly ? 1 : rowsAbove) {
            guard lineEnd > floor else { return nil }
            var above = lineEnd
            while above > floor && subject[above - 1] != 0x0A { above -= 1 }
            // (A line that goes on past the reach, or before the buffer, is not read.)
            guard above == 0 ? bufferStartsLine : subject[above - 1] == 0x0A else { return nil }
            var contentEnd = lineEnd
            if contentEnd > above && subject[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = above..<contentEnd
            if line.allSatisfy({ ValidatorSupport.isBlank(subject[$0]) }) { return nil }  // the table ends
            if !isSeparator(subject, line) {
                if let cell = cell(subject, line, columns: columns) {
                    var letter = false
                    var digit = false
                    for index in cell {
                        let byte = subject[index]
                        if ValidatorSupport.isDigit(byte) { digit = true }
                        if byte >= 0x80 || byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A { letter = true }
                    }
                    if letter && !digit && isLabel(UnsafeRawBufferPointer(rebasing: subject[cell])) { return cell }
                }
            }
            lineEnd = above - 1
        }
        return nil
    }

    // MARK: Markdown tables

    /// Whether `line` is a markdown table's delimiter row (`|---|:---:|`) or a box table's
    /// border under its header (`+------+-----+`, as the `mysql` client draws it): only `|`, `+`,
    /// `-`, `:` and blanks, starting with a `|` or `+`, with at least three `-`.
    static func isMarkdownDelimiter(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var edgeSeen = false
        var dashes = 0
        for index in line {
            switch s[index] {
            case 0x7C, 0x2B: edgeSeen = true
            case 0x2D:
                guard edgeSeen else { return false }
                dashes += 1
            case 0x3A: guard edgeSeen else { return false }
            case 0x20, 0x09, 0x0D: break
            default: return false
            }
        }
        return dashes >= 3
    }

    /// Whether `line` is the line under a `psql` table's header (`-----+------`): only `-`, `+` and
    /// blanks, starting with a `-`, with a `+` (two columns at least) and at least three `-`.
    static func isPsqlDelimiter(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var index = line.lowerBound
        while index < line.upperBound && s[index] == 0x20 { index += 1 }
        guard index < line.upperBound, s[index] == 0x2D else { return false }
        var plus = false
        var dashes = 0
        for index in index..<line.upperBound {
            switch s[index] {
            case 0x2B: plus = true
            case 0x2D: dashes += 1
            case 0x20, 0x0D: break
            default: return false
            }
        }
        return plus && dashes >= 3
    }

    /// The header line of the markdown (or box) table whose row (a line starting with a `|`)
    /// starts at `lineStart` — or of the `psql` table whose row (a line with a `|` after a blank)
    /// it is: up over the rows to the delimiter row, the line above it — the row at most
    /// ``rowsAbove`` rows down and less than ``reach`` bytes after the header's start (the rows
    /// ``markdownRowsEnd(_:header:)`` reads down from it). `bufferStartsLine`: whether the
    /// buffer's first byte starts a line; `orDelimiter`: whether the line may be the delimiter
    /// row itself (the header's rows start after it).
    static func markdownHeader(
        _ s: UnsafeRawBufferPointer, lineStart: Int, bufferStartsLine: Bool, orDelimiter: Bool = false
    ) -> Range<Int>? {
        guard lineStart > 0, lineStart < s.count, let base = s.baseAddress else { return nil }
        let rowEnd = memchr(base + lineStart, 0x0A, s.count - lineStart).map { base.distance(to: UnsafeRawPointer($0)) } ?? s.count
        let row = lineStart..<rowEnd
        // A `psql` table's lines have no `|` at their start (a box table's border has a `+`).
        let psql = !startsWithPipe(s, row) && !isMarkdownDelimiter(s, row)
        let isDelimiter = psql ? isPsqlDelimiter : isMarkdownDelimiter
        let isRow = psql ? isPsqlRow : startsWithPipe
        guard isRow(s, row) || orDelimiter && isDelimiter(s, row) else { return nil }
        let floor = max(0, lineStart - reach + 1)  // where the header starts, at the earliest
        var lineEnd = lineStart - 1
        // (`orDelimiter`: the line may be the delimiter row itself, the header right above it.)
        var delimiterSeen = orDelimiter && isDelimiter(s, row)
        for _ in 0...rowsAbove {  // the rows above, the delimiter row, the header
            let newline = lineEnd > floor ? pii_last_newline(base.assumingMemoryBound(to: UInt8.self), floor, lineEnd) : -1
            let above = newline >= 0 ? newline + 1 : floor
            guard above == 0 ? bufferStartsLine : s[above - 1] == 0x0A else { return nil }  // it starts before the floor
            let line = above..<lineEnd
            let delimiter = isDelimiter(s, line)
            // (A box table's border starts with a `+`; the header above it with a `|`.)
            if delimiterSeen { return !delimiter && (psql ? s[line].contains(0x7C) : startsWithPipe(s, line)) ? line : nil }
            guard delimiter || isRow(s, line), above > floor else { return nil }
            delimiterSeen = delimiter
            lineEnd = above - 1
        }
        return nil
    }

    /// Whether `line` may be a `psql` table's row: it holds a `|`, the first after a blank (the
    /// client pads its cells; a log's `a|b|c` fields are not walked up for a header).
    static func isPsqlRow(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        guard let pipe = s[line].firstIndex(of: 0x7C) else { return false }
        return pipe > line.lowerBound && s[pipe - 1] == 0x20
    }

    /// Whether `line` starts with a `|` (after blanks): a markdown table's line. (Markdown allows
    /// a table without the leading `|`; few write one, and lines of pipe-separated logs would be
    /// looked over for a delimiter row.)
    static func startsWithPipe(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var index = line.lowerBound
        while index < line.upperBound && (s[index] == 0x20 || s[index] == 0x09) { index += 1 }
        return index < line.upperBound && s[index] == 0x7C
    }

    /// The end (a line break, or the subject's end) of the rows of the markdown table whose header
    /// line is `header` (its line break at `header.upperBound`), nil when the next line is no
    /// delimiter row: the lines after that starting with a `|`, at most ``rowsAbove`` of them,
    /// starting within ``reach`` bytes of the header's start — the rows whose header
    /// ``markdownHeader(_:lineStart:bufferStartsLine:orDelimiter:)`` finds.
    static func markdownRowsEnd(_ s: UnsafeRawBufferPointer, header: Range<Int>) -> Int? {
        guard let base = s.baseAddress, header.upperBound + 1 < s.count else { return nil }
        func end(of start: Int) -> Int {
            memchr(base + start, 0x0A, s.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? s.count
        }
        let delimiter = header.upperBound + 1
        var rowsEnd = end(of: delimiter)
        // A `psql` table's rows and header have no `|` at their edges: its rows are the lines
        // with a `|` under its `----+----` line.
        let edged = startsWithPipe(s, header)
        guard edged ? isMarkdownDelimiter(s, delimiter..<rowsEnd) : isPsqlDelimiter(s, delimiter..<rowsEnd) && s[header].contains(0x7C)
        else { return nil }
        var start = rowsEnd + 1
        for _ in 0..<rowsAbove {
            guard start < s.count, start - header.lowerBound < reach else { break }
            let next = end(of: start)
            guard edged ? startsWithPipe(s, start..<next) : s[start..<next].contains(0x7C) else { break }
            rowsEnd = next
            start = next + 1
        }
        return rowsEnd
    }

    /// The cell of the markdown header line `header` over the value whose row runs from
    /// `row.lowerBound` to the value: after as many `|` as the value (both lines start with one),
    /// if it holds a letter, no digit, and `isLabel` accepts it.
    private static func markdownCell(
        _ s: UnsafeRawBufferPointer, header: Range<Int>, row: Range<Int>, isLabel: (UnsafeRawBufferPointer) -> Bool
    ) -> Range<Int>? {
        let number = row.count(where: { s[$0] == 0x7C })
        var cellStart = header.lowerBound
        var pipes = 0
        for index in header where s[index] == 0x7C {
            if pipes == number { break }
            pipes += 1
            cellStart = index + 1
        }
        guard pipes == number else { return nil }
        var cellEnd = cellStart
        while cellEnd < header.upperBound && s[cellEnd] != 0x7C { cellEnd += 1 }
        while cellStart < cellEnd && ValidatorSupport.isBlank(s[cellStart]) { cellStart += 1 }
        while cellEnd > cellStart && (ValidatorSupport.isBlank(s[cellEnd - 1]) || s[cellEnd - 1] == 0x0D) { cellEnd -= 1 }
        let cell = cellStart..<cellEnd
        guard !cell.isEmpty, !cell.contains(where: { ValidatorSupport.isDigit(s[$0]) }),
            isLabel(UnsafeRawBufferPointer(rebasing: s[cell]))
        else { return nil }
        return cell
    }

    /// Whether the cell boundary is right before `start`: the line's start (after blanks), two
    /// blanks, a `|`, or a tab.
    private static func isCellEdge(_ s: UnsafeRawBufferPointer, before start: Int, lineStart: Int) -> Bool {
        var index = start
        var blanks = 0
        while index > lineStart && s[index - 1] == 0x20 {
            index -= 1
            blanks += 1
        }
        return index == lineStart || blanks >= 2 || s[index - 1] == 0x7C || s[index - 1] == 0x09
    }

    /// Whether the cell boundary is right after `end`: the line's end (after blanks), two
    /// blanks, a `|`, or a tab.
    private static func isCellEdge(_ s: UnsafeRawBufferPointer, after end: Int) -> Bool {
        var index = end
        var blanks = 0
        while index < s.count && s[index] == 0x20 {
            index += 1
            blanks += 1
        }
        return index == s.count || blanks >= 2 || s[index] == 0x7C || s[index] == 0x09 || s[index] == 0x0A || s[index] == 0x0D
    }

    /// Whether a line draws a table's rule: only `-`, `=`, `+`, `|`, `:`, blanks and box-drawing
    /// characters (U+2500–U+257F, `E2 94`/`E2 95` …), and at least three of the first two.
    private static func isSeparator(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var rule = 0
        var index = line.lowerBound
        while index < line.upperBound {
            let byte = s[index]
            if byte == 0xE2 && index + 2 < line.upperBound && (s[index + 1] == 0x94 || s[index + 1] == 0x95) {
                rule += 1
                index += 3
                continue
            }
            switch byte {
            case 0x2D, 0x3D: rule += 1
            case 0x2B, 0x7C, 0x3A, 0x20, 0x09: break
            default: return false
            }
            index += 1
        }
        return rule >= 3
    }

    /// The cell of `line` that the display columns `columns` fall in: the run of characters
    /// overlapping them, widened to the cell's edges (two blanks, `|`, a tab, the line's ends);
    /// nil when only blanks are there, or when the columns span more than one cell.
    private static func cell(_ s: UnsafeRawBufferPointer, _ line: Range<Int>, columns: Range<Int>) -> Range<Int>? {
        var column = 0
        var index = line.lowerBound
        var first: Int?
        var last = 0
        while index < line.upperBound && column < columns.upperBound {
            let length = characterLength(s[index])
            let width = s[index] == 0x09 ? 8 - column % 8 : displayWidth(s, at: index)
            if column + width > columns.lowerBound && !ValidatorSupport.isBlank(s[index]) && s[index] != 0x7C {
                if first == nil { first = index }
                last = min(line.upperBound, index + length)
            }
            column += width
            index += length
        }
        guard var lower = first else { return nil }
        var upper = last
        // Widened to the cell's edges: a single blank is inside a cell (`소득자 성명`).
        while lower > line.lowerBound && !isBoundary(s, before: lower, floor: line.lowerBound) { lower -= 1 }
        while upper < line.upperBound && !isBoundary(s, after: upper, limit: line.upperBound) { upper += 1 }
        // One cell, not the run over several (the value's columns under `PAYER_NO|NAME|BANK` of
        // a header not aligned with its rows): no cell boundary inside.
        if (lower..<upper).contains(where: { s[$0] == 0x7C || s[$0] == 0x09 || s[$0] == 0x20 && $0 + 1 < upper && s[$0 + 1] == 0x20 }) {
            return nil
        }
        return lower..<upper
    }

    private static func isBoundary(_ s: UnsafeRawBufferPointer, before index: Int, floor: Int) -> Bool {
        let byte = s[index - 1]
        return byte == 0x7C || byte == 0x09 || byte == 0x20 && (index - 1 == floor || s[index - 2] == 0x20 || s[index - 2] == 0x7C)
    }

    private static func isBoundary(_ s: UnsafeRawBufferPointer, after index: Int, limit: Int) -> Bool {
        let byte = s[index]
        return byte == 0x7C || byte == 0x09 || byte == 0x20 && (index + 1 == limit || s[index + 1] == 0x20 || s[index + 1] == 0x7C)
    }

    /// The display width of `from..<to` (one line): two columns for a character of three or four
    /// UTF-8 bytes (Hangul, CJK, full-width forms), one for the others, tabs to the next stop of 8.
    static func displayColumn(_ s: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var column = 0
        var index = from
        while index < to {
            column += s[index] == 0x09 ? 8 - column % 8 : displayWidth(s, at: index)
            index += characterLength(s[index])
        }
        return column
    }

    @inline(__always) private static func characterLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Two columns for a wide character: Hangul (U+1100 on), CJK and full-width forms — every
    /// three-byte character from `E1` on but the punctuation block `E2` — and four-byte ones.
    @inline(__always) private static func displayWidth(_ s: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = s[index]
        return lead >= 0xF0 || (lead >= 0xE1 && lead != 0xE2) ? 2 : 1
    }
}

/// The columns of a fixed-width table whose header is underlined by runs of dashes, one run per
/// column — what `sqlcmd` (SQL Server), Oracle's SQL*Plus and DB2's command line print when a
/// query's result is spooled to a file:
///
///     회원번호 성명   외국인등록번호 여권번호
///     -------- ------ -------------- ---------
///     20000    예은서 031012-8064023 M700H3785
///
/// Read once from the head of the file (like a CSV header), so every row of a table of any
/// length — not only the rows within ``TextTable/reach`` of its header — has its column's
/// name: a value whose characters start (left-aligned text) or end (right-aligned numbers) at a
/// run's edges, by character count from the line's start (`sqlcmd` pads by characters) or by
/// display columns (`psql`, `mysql` pad by display width), is that column's cell, even when
/// it fills the column and one blank parts it from the next.
public struct FixedColumns: Sendable, Equatable {
    struct Column: Sendable, Equatable {
        var name: [UInt8]
        /// Characters from the line's start (the dash run's, ASCII: bytes too).
        var span: Range<Int>
    }

    let columns: [Column]

    /// The lines of the head in which the header and its underline are looked for (`sqlcmd`
    /// may print `Changed database context …` first, SQL*Plus a title).
    static let headLines = 16

    /// The columns, when a line of at least two runs of dashes (blanks between them) lies under
    /// a line that names at least two of them (a letter in the text above each).
    public static func detect(_ head: UnsafeRawBufferPointer) -> FixedColumns? {
        guard let base = head.baseAddress else { return nil }
        var lines: [Range<Int>] = []
        var start = 0
        while lines.count < headLines, start < head.count {
            guard let newline = memchr(base + start, 0x0A, head.count - start) else { break }  // a line cut by the head's end
            let end = base.distance(to: UnsafeRawPointer(newline))
            var contentEnd = end
            if contentEnd > start && head[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            lines.append(start..<contentEnd)
            start = end + 1
        }
        for index in lines.indices.dropFirst() {
            // (Only a line that starts with dashes is read through.)
            guard lines[index].count >= 3, head[lines[index].lowerBound] == 0x2D, let runs = dashRuns(head, lines[index]), runs.count >= 2
            else { continue }
            let header = Array(head[lines[index - 1]])
            let scalars = Array(String(decoding: header, as: UTF8.self).unicodeScalars)
            var columns: [Column] = []
            var named = 0
            for run in runs {
                let slice = scalars[min(run.lowerBound, scalars.count)..<min(run.upperBound, scalars.count)]
                var name = String(String.UnicodeScalarView(slice))
                name = String(name.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                if name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { named += 1 }
                columns.append(Column(name: Array(name.utf8), span: run))
            }
            if named >= 2 { return FixedColumns(columns: columns) }
        }
        return nil
    }

    /// The runs of `-` of a line of nothing but dashes and blanks (at least three dashes a run).
    private static func dashRuns(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> [Range<Int>]? {
        var runs: [Range<Int>] = []
        var runStart: Int? = nil
        for index in line {
            switch s[index] {
            case 0x2D: if runStart == nil { runStart = index - line.lowerBound }
            case 0x20:
                if let first = runStart { runs.append(first..<(index - line.lowerBound)) }
                runStart = nil
            default: return nil
            }
        }
        if let first = runStart { runs.append(first..<(line.count)) }
        return runs.allSatisfy({ $0.count >= 3 }) ? runs : nil
    }

    /// The name of the column whose cell the value at `start..<end` of the line starting at
    /// `lineStart` is, followed by a blank; nil when the value is no cell of a column (or its
    /// column is unnamed).
    func label(_ s: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int) -> [UInt8]? {
        guard lineStart <= start, start < end, end <= s.count else { return nil }
        // The value stands alone between its column's edges: a blank or the line's edge on each side.
        guard start == lineStart || s[start - 1] == 0x20 || s[start - 1] == 0x09,
            end == s.count || s[end] == 0x20 || s[end] == 0x0D || s[end] == 0x0A || s[end] == 0x09
        else { return nil }
        var characters = 0
        for index in lineStart..<start where s[index] & 0xC0 != 0x80 { characters += 1 }
        var length = 0
        for index in start..<end where s[index] & 0xC0 != 0x80 { length += 1 }
        let display = TextTable.displayColumn(s, from: lineStart, to: start)
        for position in [characters, display] {
            for column in columns where !column.name.isEmpty {
                let span = column.span
                if abs(position - span.lowerBound) <= 1 && position + length <= span.upperBound + 1
                    || abs(position + length - span.upperBound) <= 1 && position >= span.lowerBound - 1
                {
                    return column.name + [0x20]
                }
            }
        }
        return nil
    }
}
