#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

/// Recognises SQL dumps by the head of their content (never by name).
public enum SQLDumpSniffer {
    /// The dialect of a dump whose head is `head`, or nil when it is not a dump.
    ///
    /// A dump is text that starts like one (`-- MySQL dump`, `-- MariaDB dump`,
    /// `-- PostgreSQL database dump`, `PRAGMA foreign_keys=OFF;` + `BEGIN TRANSACTION;` as written
    /// by `sqlite3 .dump`), or has, at the start of lines, a `CREATE TABLE` and an `INSERT INTO`
    /// or `COPY … FROM stdin`, or at least two `INSERT INTO` (or SQL Server's `INSERT [`) — or
    /// one with two rows of its `VALUES` on lines of their own (`  ('M1', …),`), or a
    /// `CREATE TABLE` in MySQL's style (backquotes, `/*!` comments). MySQL dialect (backslash escapes)
    /// when the head says MySQL/MariaDB or uses backquotes or `/*!` comments.
    ///
    /// Lines are compared without allocating (this runs on the head of every text input), with
    /// ASCII letters in any case.
    public static func dialect(of head: UnsafeRawBufferPointer) -> SQLDumpDialect? {
        var position = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
        var mysql = false
        var mysqlHeader = false
        var postgres = false
        var sqlite = false
        var beginTransaction = false
        var inserts = 0
        var creates = 0
        var copies = 0
        var tuples = 0  // lines that start a row of a multi-row INSERT: `(` after blanks
        var number = 0  // of the non-empty line
        while position < head.count {
            let end = memchr(head.baseAddress! + position, 0x0A, head.count - position)
                .map { head.baseAddress!.distance(to: UnsafeRawPointer($0)) } ?? head.count
            defer { position = end + 1 }
            guard end > position else { continue }
            let line = UnsafeRawBufferPointer(rebasing: head[position..<end])
            defer { number += 1 }
            if starts(line, "-- MYSQL DUMP") || starts(line, "-- MARIADB DUMP") { mysqlHeader = true }
            // (`-- PostgreSQL database dump`, or the comment joined on one line with its rules.)
            if starts(line, "--") && contains(UnsafeRawBufferPointer(rebasing: line.prefix(128)), "POSTGRESQL DATABASE DUMP") { postgres = true }
            if number == 0 && starts(line, "PRAGMA FOREIGN_KEYS=OFF;") { sqlite = true }
            if starts(line, "BEGIN TRANSACTION;") { beginTransaction = true }
            if starts(line, "/*!") { mysql = true }
            // `INSERT [dbo].[t] (…) VALUES …`: SQL Server scripts leave out INTO.
            if starts(line, "INSERT INTO ") || starts(line, "REPLACE INTO ") || starts(line, "INSERT [") {
                inserts += 1
                if line.contains(UInt8(ascii: "`")) { mysql = true }
            }
            if starts(line, "CREATE TABLE ") {
                creates += 1
                if line.contains(UInt8(ascii: "`")) { mysql = true }
            }
            if starts(line, "COPY ") && contains(UnsafeRawBufferPointer(rebasing: line.prefix(4096)), " FROM STDIN") {
                copies += 1
            }
            if inserts > 0, let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), line[first] == 0x28 { tuples += 1 }
        }
        let sqliteStart = sqlite && beginTransaction
        // A headless mysqldump (`--compact`, `--skip-comments`) may hold many CREATE TABLEs before
        // its first INSERT: backquotes or `/*!` comments say what it is.
        // A seed or migration script (Flyway's `V7__seed.sql`) may hold one INSERT whose rows, a
        // line each, fill the head: the INSERT and two rows under it say what it is. A `COPY …
        // FROM stdin;` line is a dump's alone (`pg_dump --data-only`, a hand-trimmed dump).
        guard mysqlHeader || postgres || sqliteStart || copies > 0 || (creates > 0 && (inserts > 0 || mysql)) || inserts >= 2
            || (inserts == 1 && tuples >= 2)
        else {
            return nil
        }
        mysql = mysql || mysqlHeader
        return mysql && !postgres ? .mysql : .standard
    }

    /// Whether `text` at `offset` reads `pattern` (upper case), ASCII letters in any case.
    private static func matches(_ text: UnsafeRawBufferPointer, at offset: Int, _ pattern: StaticString) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard text.count - offset >= count else { return false }
        let expected = pattern.utf8Start
        for index in 0..<count {
            var byte = text[offset + index]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }

    private static func starts(_ line: UnsafeRawBufferPointer, _ pattern: StaticString) -> Bool {
        matches(line, at: 0, pattern)
    }

    private static func contains(_ text: UnsafeRawBufferPointer, _ pattern: StaticString) -> Bool {
        guard text.count >= pattern.utf8CodeUnitCount else { return false }
        return (0...(text.count - pattern.utf8CodeUnitCount)).contains { matches(text, at: $0, pattern) }
    }
}

/// Feeds the bytes of a dump to a ``SQLDumpParser`` a little behind the scanner, tells the
/// scanner which column a candidate lies in (its name is the candidate's context, as for a
/// database cell), and attributes each finding to the value its first byte lies in.
///
/// The bytes read are queued and parsed lazily: a candidate or finding at offset X parses up to
/// byte X and asks the parser where that byte is. The scanner asks in offset order, at most
/// about two read buffers after the bytes were read, so bytes older than `horizon` are parsed
/// eagerly: memory stays at about `horizon` bytes whatever the size of the dump.
final class SQLDumpAttributor {
    let parser: SQLDumpParser
    private let horizon: Int
    private var queue: [UInt8] = []
    private var queueStart = 0
    /// Stream offset of the next byte the parser will see.
    private(set) var parsed: Int64 = 0
    /// Findings that arrived after their byte had been parsed (never expected).
    private(set) var late = 0
    private var lastCell: (slot: Int, row: Int64)? = nil
    private var seen: Set<Category> = []
    private var rowsWithFindings: [Int: [Category: Int64]] = [:]
    /// Attributed findings not yet reported, in offset order: a finding the scanner drops (an
    /// overlapping one scored higher) is skipped when a later one is reported.
    private var attributed: [(offset: Int64, slot: Int, row: Int64)] = []
    private var attributedStart = 0
    /// Keyword context of each column slot (its name; see ``CellScanner/context(forColumn:)``).
    private var contexts: [[UInt8]] = []
    /// How findings show each column slot's table and column (values in the names masked).
    private var shown: [(table: String, column: String)] = []
    /// Masks values in names (nil with `--show-values`).
    var names: ValueMasker?

    /// The row value a candidate lies in: its column's keyword context, and the input offset
    /// where the value starts.
    struct Cell {
        var context: [UInt8]
        var start: Int64
    }

    init(dialect: SQLDumpDialect, bufferSize: Int) {
        parser = SQLDumpParser(dialect: dialect)
        horizon = 4 * max(UnitScanner.minimumBufferSize, bufferSize) + 64 * 1024
    }

    func received(_ bytes: UnsafeRawBufferPointer) {
        queue.append(contentsOf: bytes)
        let excess = queue.count - queueStart - horizon
        if excess > 0 { parse(excess) }
    }

    private func parse(_ count: Int) {
        guard count > 0 else { return }
        queue.withUnsafeBytes { bytes in
            parser.consume(UnsafeRawBufferPointer(rebasing: bytes[queueStart..<(queueStart + count)]))
        }
        queueStart += count
        parsed += Int64(count)
        if queueStart >= 64 * 1024 && queueStart * 2 >= queue.count {
            queue.removeFirst(queueStart)
            queueStart = 0
        }
    }

    /// Parses up to and including the byte at `offset`; false when that byte was parsed already
    /// (or never read).
    private func parse(through offset: Int64) -> Bool {
        let wanted = offset + 1
        guard wanted >= parsed, wanted - parsed <= Int64(queue.count - queueStart) else { return false }
        parse(Int(wanted - parsed))
        return parsed == wanted
    }

    /// The row value the byte at `offset` lies in, if any (nil as well when the byte was parsed
    /// already: the candidate is then assessed on its line, as in any text file).
    func cell(at offset: Int64) -> Cell? {
        guard parse(through: offset), let cell = parser.cell else { return nil }
        while contexts.count <= cell.slot { contexts.append(CellScanner.context(forColumn: parser.columns[contexts.count].column)) }
        return Cell(context: contexts[cell.slot], start: parser.valueStart)
    }

    /// Sets `finding.record` when its first byte lies in a row value. Called in offset order as
    /// the scanner settles overlaps; the column summary counts it once it is reported (``count(_:)``).
    func attribute(_ finding: inout Finding) {
        guard parse(through: finding.offset) else {
            late += 1  // its byte was parsed already (or never read): leave it unattributed
            return
        }
        guard let cell = parser.cell else { return }
        while shown.count <= cell.slot {
            let column = parser.columns[shown.count]
            shown.append((names?.name(column.table) ?? column.table, names?.name(column.column) ?? column.column))
        }
        finding.record = RecordLocation(table: shown[cell.slot].table, column: shown[cell.slot].column, rowid: cell.row)
        attributed.append((finding.offset, cell.slot, cell.row))
    }

    /// Whether the dump has a table with split columns (``SQLDumpParser/SplitValue``): only then
    /// do findings wait for the rows they lie in to end.
    var hasSplitColumns: Bool { parser.hasSplitColumns }

    /// Findings at or after this input offset may still be overtaken by a split value of a row
    /// not read to its end yet.
    var splitHorizon: Int64 { min(parsed, parser.openSplitStart ?? parsed) }

    /// Parses the bytes before input offset `offset` not parsed yet. The scanner calls it at
    /// the cut of each window, once the window's candidates have been asked about (the next
    /// window's lie after the cut): every row that ends in the window then gives its split
    /// values while its bytes are in the buffer, and the row still open is the one the next
    /// window may end.
    func parse(upTo offset: Int64) {
        guard offset > parsed else { return }
        parse(Int(min(offset - parsed, Int64(queue.count - queueStart))))
    }

    /// Parses everything received (the input has ended), so that every split value is known.
    func parseAll() {
        parse(queue.count - queueStart)
        parser.finish()
    }

    /// The split values joined since the last call, in input order.
    func takeSplitValues() -> [SQLDumpParser.SplitValue] {
        guard !parser.splitValues.isEmpty else { return [] }
        defer { parser.splitValues.removeAll(keepingCapacity: true) }
        return parser.splitValues
    }

    /// Sets the record of a split value's finding (its joined column, `jumin1+jumin2`) and
    /// remembers it for the column summary.
    func attribute(_ finding: inout Finding, split: SQLDumpParser.SplitValue) {
        while shown.count <= split.slot {
            let column = parser.columns[shown.count]
            shown.append((names?.name(column.table) ?? column.table, names?.name(column.column) ?? column.column))
        }
        finding.record = RecordLocation(table: shown[split.slot].table, column: shown[split.slot].column, rowid: split.row)
        splitAttributed[finding.offset] = (split.slot, split.row)
    }

    /// Split values' findings by offset, until reported.
    private var splitAttributed: [Int64: (slot: Int, row: Int64)] = [:]

    /// Counts a reported finding's row in its column's summary (once per row and category).
    func count(_ finding: Finding) {
        guard finding.record != nil else { return }
        if !splitAttributed.isEmpty, let split = splitAttributed.removeValue(forKey: finding.offset),
            finding.record?.column == shown[split.slot].column
        {
            rowsWithFindings[split.slot, default: [:]][finding.category, default: 0] += 1
            return
        }
        while attributedStart < attributed.count && attributed[attributedStart].offset < finding.offset { attributedStart += 1 }
        guard attributedStart < attributed.count, attributed[attributedStart].offset == finding.offset else { return }
        let cell = attributed[attributedStart]
        if attributedStart >= 4096 {
            attributed.removeFirst(attributedStart)
            attributedStart = 0
        }
        if lastCell?.slot != cell.slot || lastCell?.row != cell.row {
            lastCell = (cell.slot, cell.row)
            seen.removeAll(keepingCapacity: true)
        }
        if seen.insert(finding.category).inserted { rowsWithFindings[cell.slot, default: [:]][finding.category, default: 0] += 1 }
    }

    /// Parses what is left and returns the column summaries.
    func finish(path: String) -> [ColumnSummary] {
        parse(queue.count - queueStart)
        parser.finish()
        return parser.columns.enumerated().map { slot, column in
            ColumnSummary(
                key: ColumnKey(path: path, table: column.table, column: column.column), rows: column.rows,
                rowsWithFindings: rowsWithFindings[slot] ?? [:])
        }
    }
}

/// A source that hands every byte it reads to an attributor as well.
struct SQLDumpTee<Base: ByteSource>: ByteSource {
    var base: Base
    let attributor: SQLDumpAttributor

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = try base.read(into: buffer)
        if count > 0 { attributor.received(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }
}

/// Scans a SQL dump as text (the same findings, lines and offsets as any text file) and
/// attributes findings inside row values to their table, column and row; see
/// ``SQLDumpParser``. The whole dump is one work unit.
struct SQLDumpScanner {
    let scanner: UnitScanner
    let configuration: ScanConfiguration

    struct Outcome {
        var unit = UnitResult()
        var rows: Int64 = 0
        var columns: [ColumnSummary] = []
    }

    func scan<Source: ByteSource>(
        _ source: inout Source, dialect: SQLDumpDialect, path: String, sink: (consuming Finding) -> Void
    ) -> Outcome {
        let attributor = SQLDumpAttributor(dialect: dialect, bufferSize: configuration.bufferSize)
        var tee = SQLDumpTee(base: source, attributor: attributor)
        var outcome = Outcome()
        scanner.dumpCells = attributor
        attributor.names = scanner.nameMasker
        attributor.parser.keepsText = configuration.showValues
        defer { scanner.dumpCells = nil }
        outcome.unit = scanner.scan(&tee, path: path) { finding in
            attributor.count(finding)
            sink(finding)
        }
        source = tee.base
        outcome.columns = attributor.finish(path: path)
        outcome.rows = attributor.parser.rows
        return outcome
    }
}
