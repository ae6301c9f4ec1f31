#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import PIIModel

/// Scans a SQLite database table by table, cell by cell, with the detectors of a
/// ``UnitScanner``; findings carry a ``RecordLocation`` (table, column, rowid or primary key)
/// and offsets within the cell value.
///
/// - Every table listed in `sqlite_master` is scanned, `WITHOUT ROWID` tables included;
///   internal `sqlite_*` tables, views and virtual tables (whose content lives in their shadow
///   tables, which are scanned) are not.
/// - TEXT cells are scanned as they are; BLOB cells when they hold valid UTF-8 without NUL
///   bytes, and the text of JSONB, C-string and UTF-16 BLOBs (see ``BlobText``); INTEGER cells
///   as decimal text. An INTEGER that reads as a phone number or a
///   resident number once its lost leading zero is restored (`1012345678`; two or three zeros
///   for a resident number of a birth in 2000) is reported with ``lostZeroPenalty`` less confidence.
/// - The column name is keyword context for every cell of the column (`jumin_no`, `phone`,
///   `order_no` …); timestamp-like names (`created_at`, `updated_ts`) count as `timestamp`.
/// - Resident numbers split over two columns (`rrn1`/`rrn2`: 6 + 7 digits) are joined and
///   validated as one number, reported under the column `rrn1+rrn2` (offsets in the joined
///   `YYMMDD-SBBBBBC` form); phone numbers split over three (`hp1`/`hp2`/`hp3`: 2–3, 3–4 and
///   4 digits) likewise, under `hp1+hp2+hp3` (offsets in the joined `P1-P2-P3` form).
/// - With ``ScanConfiguration/sampleRows``, only a reproducible uniform sample of each table's
///   rows is scanned, and the column summaries record the table's row count.
/// - A large database is scanned as several ``Part``s (tables, rowid ranges), each with its own
///   connection; scanning all parts in order equals scanning the whole database.
struct SQLiteScanner {
    let scanner: UnitScanner
    let configuration: ScanConfiguration

    /// Confidence taken off a value found only after restoring an INTEGER's leading zero.
    static let lostZeroPenalty = CellScanner.lostZeroPenalty

    /// Per-cell scanning and attribution, shared with ``JSONLinesScanner``.
    private var cells: CellScanner { CellScanner(scanner: scanner, configuration: configuration) }

    /// What scanning a database produced besides its findings.
    struct Outcome {
        var issues: [InputIssue] = []
        /// Whether the schema could be read (the input counts as scanned).
        var opened = false
        var rows: Int64 = 0
        /// Cell bytes scanned.
        var bytes: Int64 = 0
        var columns: [ColumnSummary] = []
    }

    /// A share of a database's work: whole tables (one, or several small ones in schema order),
    /// or a rowid range of one table. Scanning every part of a plan in order gives exactly what
    /// scanning the whole database gives (a rowid table is read in rowid order either way), so
    /// large tables can be spread over workers.
    struct Part: Sendable, Equatable {
        var tables: [String]
        /// Inclusive rowid bounds of the one table; `nil` for whole tables.
        var rowids: ClosedRange<Int64>?

        init(table: String, rowids: ClosedRange<Int64>? = nil) {
            tables = [table]
            self.rowids = rowids
        }

        init(tables: [String]) {
            self.tables = tables
            rowids = nil
        }
    }

    /// Splits the database at `path` into parts (schema order, then rowid order) of at most
    /// `rowidsPerPart` rows each, or returns `nil` when it cannot be read here (the
    /// whole-database scan then reports why).
    ///
    /// The boundaries are the rowids of every `rowidsPerPart`-th row (found with `OFFSET` from
    /// the previous boundary: one pass over the table's rowids), not multiples of
    /// `rowidsPerPart` in rowid space: rowids may be sparse (epoch-millisecond or random
    /// 64-bit keys), and equal ranges of rowid space would then be millions of empty parts.
    ///
    /// Consecutive small rowid tables share a part, up to `rowidsPerPart` rows by their rowid
    /// span: each part opens its own connection, which reads the whole schema, so a part per
    /// table made a database of thousands of tiny tables quadratic (5,000 tables: 100 s).
    static func plan(path: String, walMode: Bool, busyTimeoutMilliseconds: Int32, rowidsPerPart: Int64) -> [Part]? {
        do {
            let connection = try SQLiteConnection(path: path, walMode: walMode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            var parts: [Part] = []
            var small: [String] = []
            var smallRows: Int64 = 0
            func flushSmall() {
                if !small.isEmpty { parts.append(Part(tables: small)) }
                small = []
                smallRows = 0
            }
            for table in try tables(connection) {
                let quoted = SQLiteConnection.quote(table)
                // min/max of the rowid come from the ends of the B-tree: no table scan. A table
                // without rowid (or whose columns shadow every alias) stays whole, on its own.
                guard let bounds = try? connection.prepare("SELECT min(_rowid_), max(_rowid_) FROM \(quoted)"),
                    (try? bounds.step()) == true, !(try hasShadowedRowid(connection, quoted))
                else {
                    flushSmall()
                    parts.append(Part(table: table))
                    continue
                }
                guard bounds.type(0) == SQLITE_INTEGER else {
                    if bounds.type(0) == SQLITE_NULL {
                        small.append(table)  // empty
                    } else {
                        flushSmall()
                        parts.append(Part(table: table))
                    }
                    continue
                }
                guard let next = try? connection.prepare(
                    "SELECT _rowid_ FROM \(quoted) WHERE _rowid_ >= ?1 ORDER BY _rowid_ LIMIT 1 OFFSET \(max(1, rowidsPerPart))")
                else {
                    flushSmall()
                    parts.append(Part(table: table))
                    continue
                }
                let high = bounds.int64(1)
                var start = bounds.int64(0)
                var ranges: [ClosedRange<Int64>] = []
                // The first rowid of the next part, if there is one.
                while let boundary = try next.firstInt64(binding: start) {
                    ranges.append(start...(boundary - 1))
                    start = boundary
                }
                if ranges.isEmpty {
                    // At most `rowidsPerPart` rows, and no more than its rowids span.
                    let (span, overflow) = high.subtractingReportingOverflow(start)
                    let rows = overflow || span >= rowidsPerPart ? rowidsPerPart : span + 1
                    if smallRows + rows > rowidsPerPart { flushSmall() }
                    small.append(table)
                    smallRows += rows
                    continue
                }
                flushSmall()
                ranges.append(start...high)
                parts += ranges.map { Part(table: table, rowids: $0) }
            }
            flushSmall()
            return parts
        } catch {
            return nil
        }
    }

    /// Whether a column named `_rowid_` hides the rowid (then the table is not split).
    private static func hasShadowedRowid(_ connection: SQLiteConnection, _ quoted: String) throws(SQLiteError) -> Bool {
        let info = try connection.prepare("PRAGMA table_info(\(quoted))")
        while try info.step() {
            if (info.text(1) ?? "").lowercased() == "_rowid_" { return true }
        }
        return false
    }

    /// Scans the database at `path` (only `part`, when given). `walMode` comes from its header.
    func scan(path: String, walMode: Bool, part: Part? = nil, sink: (consuming Finding) -> Void) -> Outcome {
        var outcome = Outcome()
        var problems: [String] = []
        scan(path: path, walMode: walMode, part: part, outcome: &outcome, problems: &problems, sink: sink)
        if !problems.isEmpty {
            // One error per database, naming the first problems (and tables).
            let shown = problems.prefix(3).joined(separator: "; ")
            let more = problems.count > 3 ? "; and \(problems.count - 3) more" : ""
            outcome.issues.append(InputIssue(kind: .error, path: path, message: "SQLite database: \(shown)\(more)"))
        }
        return outcome
    }

    private func scan(
        path: String, walMode: Bool, part: Part?, outcome: inout Outcome, problems: inout [String], sink: (consuming Finding) -> Void
    ) {
        let connection: SQLiteConnection
        let tables: [String]
        do {
            connection = try SQLiteConnection(
                path: path, walMode: walMode, busyTimeoutMilliseconds: configuration.databaseBusyTimeoutMilliseconds)
            if let part { tables = part.tables } else { tables = try SQLiteScanner.tables(connection) }
        } catch {
            problems.append(error.message)
            return
        }
        outcome.opened = true
        for table in tables {
            do {
                try scan(
                    table: table, rowids: part?.rowids, connection: connection, path: path, outcome: &outcome,
                    problems: &problems, sink: sink)
            } catch {
                problems.append("table \(SQLiteConnection.quote(scanner.displayName(table))): \(error.message)")
                if error.isFatal { break }
            }
        }
    }

    /// Names of the tables to scan, in schema order.
    static func tables(_ connection: SQLiteConnection) throws(SQLiteError) -> [String] {
        let statement = try connection.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")
        var names: [String] = []
        while try statement.step() {
            guard let name = statement.text(0) else { continue }
            let sql = (statement.text(1) ?? "").uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            if sql.count >= 2 && sql[0] == "CREATE" && sql[1] == "VIRTUAL" { continue }
            names.append(name)
        }
        return names
    }

    private typealias CellFinding = CellScanner.CellFinding

    private func scan(
        table: String, rowids: ClosedRange<Int64>?, connection: SQLiteConnection, path: String, outcome: inout Outcome,
        problems: inout [String], sink: (consuming Finding) -> Void
    ) throws(SQLiteError) {
        let quoted = SQLiteConnection.quote(table)
        // The table as messages name it (values in names masked, as findings show them).
        let shownQuoted = SQLiteConnection.quote(scanner.displayName(table))
        let rowidRange = rowids
        // Column names and primary-key positions.
        var names: [String] = []
        var keyOrder: [(position: Int, name: String)] = []
        let info = try connection.prepare("PRAGMA table_info(\(quoted))")
        while try info.step() {
            let name = info.text(1) ?? ""
            names.append(name)
            let position = Int(info.int64(5))
            if position > 0 { keyOrder.append((position, name)) }
        }
        keyOrder.sort { $0.position < $1.position }

        // Tables with a rowid are read with it (under a name no column shadows); `WITHOUT ROWID`
        // tables have none, and their rows are located by primary key.
        let lowered = Set(names.map { $0.lowercased() })
        var statement: SQLiteStatement? = nil
        let alias = ["rowid", "_rowid_", "oid"].first(where: { !lowered.contains($0) })
        if let alias {
            let range = rowids.map { " WHERE \(alias) BETWEEN \($0.lowerBound) AND \($0.upperBound)" } ?? ""
            statement = try? connection.prepare("SELECT \(alias), * FROM \(quoted)\(range)")
        }
        let hasRowid = statement != nil
        var select: SQLiteStatement
        if let statement { select = statement } else { select = try connection.prepare("SELECT * FROM \(quoted)") }
        let first = hasRowid ? 1 : 0
        let columnCount = select.columnCount - first
        let columnNames = (0..<columnCount).map { select.columnName($0 + first) }
        let contexts = columnNames.map(SQLiteScanner.context(forColumn:))
        let primaryKeyColumns = keyOrder.compactMap { key in columnNames.firstIndex(of: key.name) }
        let keyColumns = hasRowid ? [] : primaryKeyColumns
        let keySet = Set(primaryKeyColumns)
        // Resident numbers split over two columns and phone numbers split over three are reported
        // under a joined name (`rrn1+rrn2`, `hp1+hp2+hp3`) that follows the real columns.
        let pairs = SQLiteScanner.splitPairs(columnNames)
        let birthPairs = pairs.map { SQLiteScanner.isBirthColumn(columnNames[$0.first]) }
        let triples = SQLiteScanner.splitPhones(columnNames)
        // A back half without its front is reported under its own column (spec §2.9 RRN_BACK7).
        let backs = SQLiteScanner.loneBackHalves(columnNames, pairs: pairs)
        // An address split over columns (`sido`, `sigungu`, `road_nm`, `bldg_no` …, see
        // ``SplitAddress``) is joined as text and scanned like a cell of its own.
        let address = SplitAddress.columns(columnNames)
        let reportedNames = columnNames + pairs.map { "\(columnNames[$0.first])+\(columnNames[$0.second])" }
            + triples.map { "\(columnNames[$0.first])+\(columnNames[$0.second])+\(columnNames[$0.third])" }
            + (address.map { [$0.map { columnNames[$0] }.joined(separator: "+")] } ?? [])
        var sample: Set<Int64>? = nil
        var tableRows: Int64? = nil
        if let size = configuration.sampleRows {
            let count = try connection.prepare("SELECT count(*) FROM \(quoted)")
            let total = try count.step() ? count.int64(0) : 0
            tableRows = total
            if total > size { sample = SQLiteScanner.sample(size, of: total, seed: table) }
        }
        var columns = reportedNames.map { ColumnSummary(key: ColumnKey(path: path, table: table, column: $0), tableRows: tableRows) }
        // How findings show the names (values in them masked; the summary is masked at the end).
        let shownTable = scanner.displayName(table)
        let shownNames = reportedNames.map(scanner.displayName)
        defer { outcome.columns += columns }

        // Cells are collected into a batch (one lane per column and kind) and scanned a batch at
        // a time; the findings of each row are then reported in row order, as if every cell had
        // been scanned on its own (see ``CellBatch``).
        let cells = self.cells
        var batch = CellBatch(
            packing: configuration.packCells && scanner.canPackCells, byteBudget: configuration.bufferSize)
        for column in 0..<columnCount {
            _ = batch.addLane(column: column, kind: .plain, context: contexts[column])  // lane 2 × column
            _ = batch.addLane(column: column, kind: .lostZero, context: contexts[column])  // lane 2 × column + 1
        }
        for (number, pair) in pairs.enumerated() {
            _ = batch.addLane(column: columnCount + number, kind: .splitPair, context: contexts[pair.first])
        }
        for (number, triple) in triples.enumerated() {
            _ = batch.addLane(column: columnCount + pairs.count + number, kind: .splitPhone, context: contexts[triple.first])
        }
        for back in backs { _ = batch.addLane(column: back, kind: .backHalf, context: contexts[back]) }
        let addressColumn = columnCount + pairs.count + triples.count
        let addressLane = address.map { batch.addLane(column: addressColumn, kind: .plain, context: contexts[$0[0]]) }
        var joinedAddress: [UInt8] = []
        // An identity document's number under a generic name (`id_number`) whose kind another
        // column names (`id_type`: `여권`, `PASSPORT`): the kind's word is its context, as a CSV
        // line's other cells are — a lane per kind.
        let typedID = SQLiteScanner.typedIdentityColumns(columnNames)
        let typedLanes = typedID.map { id in
            IdentityDocument.allCases.map { batch.addLane(column: id.number, kind: .plain, context: $0.context) }
        }
        var batchFindings = CellBatchFindings()
        // Finds every value in key cells, whatever its confidence, to mask the displayed key.
        let keyMasking = hasRowid || configuration.showValues ? nil : keyMaskingScanner()
        var rowids: [Int64] = []
        var keys = KeyCells()
        var limitReported = false
        var digits = [UInt8](repeating: 0, count: 24)
        var blobText: [UInt8] = []  // the text of a JSONB or UTF-16 BLOB cell, reused

        /// Scans the batch and reports its rows.
        func flush() {
            guard !batch.isEmpty else { return }
            cells.scan(batch, path: path, into: &batchFindings)
            if let issue = batchFindings.firstIssue, !limitReported {
                limitReported = true
                problems.append("table \(shownQuoted), column \(SQLiteConnection.quote(scanner.displayName(columnNames[issue.column]))): \(issue.message)")
            }
            for record in 0..<batch.recordCount {
                guard batchFindings.hasFindings(ofRecord: record) else { continue }
                let key = hasRowid
                    ? nil : primaryKey(keys.row(record), keyColumns: keyColumns, contexts: contexts, masking: keyMasking)
                // The record's identity for linkage: the exact key, not its masked display.
                let keyFingerprint = hasRowid
                    ? nil : configuration.fingerprinter.fingerprint(category: SQLiteScanner.keyDomain, canonical: keys.canonical(record)).description
                var report = CellScanner.RecordReport(
                    table: shownTable, columnNames: shownNames, rowid: hasRowid ? rowids[record] : nil, primaryKey: key,
                    keyFingerprint: keyFingerprint)
                batchFindings.moveFindings(ofRecord: record) { report.add($0, column: $1, columns: &columns, sink: sink) }
            }
            batch.removeAll()
            rowids.removeAll(keepingCapacity: true)
            keys.removeAll()
        }

        var rowNumber: Int64 = -1
        // Damage in a rowid table is stepped over (see ``resumption(after:upTo:table:alias:connection:)``):
        // the last rowid read, where reading last resumed, and the stretch of rowids not read
        // that is not reported yet (nil bounds: from the table's start, to its end).
        var lastRowid: Int64? = nil
        var resumedAt: Int64? = nil
        var unread: (from: Int64?, through: Int64?)? = nil
        // Bounds on the stepping over: resumptions per table, and how far a resumption that read
        // nothing (a seek finds a row its read then fails on: garbage in a damaged page) skips next.
        var resumptions = 0
        var stalls = 0
        func reportUnread() {
            guard let stretch = unread else { return }
            unread = nil
            let rows: String
            switch (stretch.from, stretch.through) {
            case (let from?, let through?): rows = "no row with a rowid in \(from)–\(through) could be read"
            case (let from?, nil): rows = "no row with a rowid from \(from) on could be read"
            case (nil, let through?): rows = "no row with a rowid up to \(through) could be read"
            case (nil, nil): rows = "no row could be read"
            }
            problems.append("table \(shownQuoted): database disk image is malformed (corrupt or truncated); \(rows)")
        }
        // Reported however the scan ends (before the error that ends it, if one does).
        defer { reportUnread() }
        rows: while true {
            do throws(SQLiteError) {
                while try select.step() {
                    if Interruption.isRequested {
                        flush()
                        problems.append("table \(shownQuoted): scan interrupted after \(rowNumber + 1) rows")
                        break
                    }
                    rowNumber += 1
                    if let sample, !sample.contains(rowNumber) { continue }
                    outcome.rows += 1
                    batch.beginRecord()
                    if hasRowid {
                        let rowid = select.int64(0)
                        rowids.append(rowid)
                        lastRowid = rowid
                    }
                    for column in 0..<columnCount {
                        let index = column + first
                        columns[column].rows += 1
                        switch select.type(index) {
                        case SQLITE_TEXT:
                            let text = select.textBytes(index)
                            if text.isEmpty { continue }
                            outcome.bytes += Int64(text.count)
                            if let typedID, column == typedID.number, let typedLanes,
                                let kind = IdentityDocument(kind: select.textBytesOrNil(typedID.kind + first))
                            {
                                batch.add(text, lane: typedLanes[kind.rawValue])
                                continue
                            }
                            batch.add(text, lane: 2 * column)
                        case SQLITE_BLOB:
                            let blob = select.blobBytes(index)
                            // UTF-8 text, JSONB, a C string, UTF-16 with a BOM (see ``BlobText``).
                            switch BlobText.text(of: blob, output: &blobText) {
                            case .prefix(let count)?:
                                outcome.bytes += Int64(count)
                                batch.add(count == blob.count ? blob : UnsafeRawBufferPointer(rebasing: blob[0..<count]), lane: 2 * column)
                            case .output?:
                                outcome.bytes += Int64(blobText.count)
                                blobText.withUnsafeBytes { batch.add($0, lane: 2 * column) }
                            case nil:
                                continue
                            }
                        case SQLITE_INTEGER, SQLITE_FLOAT:
                            // A REAL is scanned only when it holds a whole number (a phone or resident
                            // number in a FLOAT/DOUBLE column: 1023456789.0), as that integer.
                            let value: Int64
                            if select.type(index) == SQLITE_INTEGER {
                                value = select.int64(index)
                            } else if let whole = SQLiteScanner.wholeNumber(select.double(index)) {
                                value = whole
                            } else {
                                continue
                            }
                            let count = SQLiteScanner.decimal(value, into: &digits)
                            outcome.bytes += Int64(count)
                            digits.withUnsafeBytes { bytes in
                                let text = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                                batch.add(text, lane: 2 * column)
                                // An integer that may have lost leading zeros (a phone or resident
                                // number stored as a number) is scanned again with them restored.
                                if value > 0 && !keySet.contains(column) {
                                    for zeros in CellScanner.lostZeroCounts(digits: count) {
                                        batch.add(text, zeros: zeros, lane: 2 * column + 1)
                                    }
                                }
                            }
                        default:
                            continue
                        }
                    }
                    for (number, pair) in pairs.enumerated() {
                        columns[columnCount + number].rows += 1
                        if let joined = SQLiteScanner.joinSplitPair(
                            select, first: pair.first + first, second: pair.second + first, birth: birthPairs[number])
                        {
                            joined.withUnsafeBytes { batch.add($0, lane: 2 * columnCount + number) }
                        }
                    }
                    for (number, triple) in triples.enumerated() {
                        let column = columnCount + pairs.count + number
                        columns[column].rows += 1
                        if let joined = SQLiteScanner.joinSplitPhone(
                            select, first: triple.first + first, second: triple.second + first, third: triple.third + first)
                        {
                            joined.withUnsafeBytes { batch.add($0, lane: 2 * columnCount + pairs.count + number) }
                        }
                    }
                    for (number, back) in backs.enumerated() {
                        if let masked = SQLiteScanner.maskedBackHalf(select, back + first) {
                            masked.withUnsafeBytes { batch.add($0, lane: 2 * columnCount + pairs.count + triples.count + number) }
                        }
                    }
                    if let address, let addressLane {
                        columns[addressColumn].rows += 1
                        if SQLiteScanner.joinSplitAddress(select, parts: address, first: first, names: columnNames, into: &joinedAddress) {
                            joinedAddress.withUnsafeBytes { batch.add($0, lane: addressLane) }
                        }
                    }
                    if !hasRowid { keys.append(select, keyColumns: keyColumns, first: first) }
                    if batch.isFull { flush() }
                }
                break rows
            } catch {
                flush()
                // A damaged page of a rowid table loses its rows, not the rest of the table.
                // Whether a row was read since reading resumed (if it did): if not, the row there is
                // damaged itself (its page is found, its content is not), and the stretch goes on.
                let progressed = resumedAt.map { resumed in lastRowid.map { $0 >= resumed } ?? false } ?? true
                if progressed { reportUnread() }
                guard hasRowid, let alias, error.primary == SQLITE_CORRUPT else { throw error }
                // Every rowid up to `done` is read or given up.
                var done = lastRowid ?? rowidRange.flatMap { $0.lowerBound == .min ? nil : $0.lowerBound - 1 }
                if progressed {
                    stalls = 0
                } else if let resumed = resumedAt {
                    // Nothing read from where reading resumed (that row is damaged itself): past it,
                    // then twice as far each time it happens again in a row.
                    stalls += 1
                    let (skipped, overflow) = resumed.addingReportingOverflow((Int64(1) << Int64(min(stalls - 1, 62))) - 1)
                    done = overflow ? .max : skipped
                }
                resumptions += 1
                if resumptions > SQLiteScanner.maxResumptions || Interruption.isRequested {
                    if unread == nil { unread = (from: lastRowid.map { $0 == .max ? $0 : $0 + 1 } ?? rowidRange?.lowerBound, through: nil) }
                    unread?.through = nil
                    break rows
                }
                if unread == nil { unread = (from: lastRowid.map { $0 == .max ? $0 : $0 + 1 } ?? rowidRange?.lowerBound, through: nil) }
                guard let next = try SQLiteScanner.resumption(
                    after: done, upTo: rowidRange?.upperBound ?? .max, table: quoted, alias: alias, connection: connection)
                else { break rows }
                unread?.through = next == .min ? nil : next - 1
                resumedAt = next
                let upper = rowidRange.map { " AND \(alias) <= \($0.upperBound)" } ?? ""
                select = try connection.prepare("SELECT \(alias), * FROM \(quoted) WHERE \(alias) >= \(next)\(upper)")
            }
        }
        flush()
    }

    /// The first rowid at or after which the rowid table `table` (quoted) can be read again
    /// after reading it failed (`SQLITE_CORRUPT`) past rowid `done` (nil: before its first
    /// row); nil when no later row can be read (or there is none up to `upTo`). `alias` names
    /// the rowid.
    ///
    /// A seek to the first rowid from `x` on reads only the pages on its path down the B-tree,
    /// so it fails while `x` lies in the damaged page's key range and succeeds past it (from the
    /// first rowid of the next page on, a `>=` seek starts there). Rowids above `done` are probed
    /// with jumps growing ×2 (1, 2, 4 …) until a seek succeeds; then the boundary between the
    /// last failing and the first succeeding jump is found by bisection, so no readable row after
    /// the damage is skipped. About 2 × log₂(the damaged span) seeks; the normal path never gets
    /// here.
    /// Damaged stretches stepped over per table before the rest of it is given up (each costs at
    /// most about 130 seeks): a table in pieces is not read forever.
    static let maxResumptions = 64

    static func resumption(
        after done: Int64?, upTo upper: Int64, table quoted: String, alias: String, connection: SQLiteConnection
    ) throws(SQLiteError) -> Int64? {
        let probe = try connection.prepare("SELECT \(alias) FROM \(quoted) WHERE \(alias) >= ?1 ORDER BY \(alias) LIMIT 1")
        enum Seek { case found(Int64?), damaged }
        func seek(_ x: Int64) throws(SQLiteError) -> Seek {
            do throws(SQLiteError) {
                return .found(try probe.firstInt64(binding: x))
            } catch {
                guard error.primary == SQLITE_CORRUPT else { throw error }
                return .damaged
            }
        }
        func within(_ rowid: Int64?) -> Int64? { rowid.flatMap { $0 <= upper ? $0 : nil } }
        // Before the first row: the first rowid of all, if a seek for it works.
        guard let done else {
            let first = try connection.prepare("SELECT \(alias) FROM \(quoted) ORDER BY \(alias) LIMIT 1")
            do throws(SQLiteError) {
                if try first.step() { return within(first.int64(0)) }
                return nil
            } catch {
                guard error.primary == SQLITE_CORRUPT else { throw error }
                return try resumption(after: .min, upTo: upper, table: quoted, alias: alias, connection: connection)
            }
        }
        guard done < upper else { return nil }
        let start = done + 1
        if case .found(let next) = try seek(start) { return within(next) }
        var failing = start
        var jump: Int64 = 1
        var found: (x: Int64, next: Int64?)
        while true {
            let (x, overflow) = start.addingReportingOverflow(jump)
            guard !overflow, x <= upper, !Interruption.isRequested else { return nil }
            if case .found(let next) = try seek(x) {
                found = (x, next)
                break
            }
            failing = x
            // The largest jump failed too (from before the first row, `start + .max` is a rowid
            // like any other, so the sum never overflows): nothing after `done` can be read.
            guard jump < .max else { return nil }
            jump = jump > Int64.max / 2 ? .max : jump * 2
        }
        while found.x - failing > 1 && !Interruption.isRequested {
            let middle = failing + (found.x - failing) / 2
            if case .found(let next) = try seek(middle) { found = (middle, next) } else { failing = middle }
        }
        return within(found.next)
    }

    /// The primary-key cells of the rows of a batch (`WITHOUT ROWID` tables), as SQLite gives
    /// them as text (NULL as nil).
    private struct KeyCells {
        private var bytes: [UInt8] = []
        private var cells: [Range<Int>?] = []
        private var perRow = 0

        mutating func append(_ select: SQLiteStatement, keyColumns: [Int], first: Int) {
            perRow = keyColumns.count
            for column in keyColumns {
                guard let text = select.textBytesOrNil(column + first) else {
                    cells.append(nil)
                    continue
                }
                let start = bytes.count
                bytes.append(contentsOf: text)
                cells.append(start..<bytes.count)
            }
        }

        /// The key cells of row `row` of the batch.
        func row(_ row: Int) -> [String?] {
            (0..<perRow).map { part in cells[row * perRow + part].map { String(decoding: bytes[$0], as: UTF8.self) } }
        }

        /// The exact bytes of the key cells of row `row`, unambiguously framed (NULL, or a marker,
        /// the length and the bytes, per cell): the input of the row's key fingerprint.
        func canonical(_ row: Int) -> [UInt8] {
            var canonical: [UInt8] = []
            for part in 0..<perRow {
                guard let range = cells[row * perRow + part] else {
                    canonical.append(0)
                    continue
                }
                canonical.append(1)
                withUnsafeBytes(of: UInt64(range.count).littleEndian) { canonical.append(contentsOf: $0) }
                canonical.append(contentsOf: bytes[range])
            }
            return canonical
        }

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            cells.removeAll(keepingCapacity: true)
        }
    }

    /// Writes `value` in decimal (as `String(value)` does) at the start of `digits`, which holds
    /// at least 20 bytes; returns the length.
    static func decimal(_ value: Int64, into digits: inout [UInt8]) -> Int {
        // Written from the last digit back, through one buffer access (an integer cell per row).
        var magnitude = value.magnitude
        var count = value < 0 ? 1 : 0
        var probe = magnitude
        repeat {
            count += 1
            probe /= 10
        } while probe > 0
        digits.withUnsafeMutableBufferPointer { buffer in
            var index = count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { buffer[0] = UInt8(ascii: "-") }
        }
        return count
    }

    /// `size` distinct row numbers in `0..<total`, uniformly at random (Floyd's algorithm), from a
    /// generator seeded with `seed`: the same table gives the same sample on every run.
    static func sample(_ size: Int64, of total: Int64, seed: String) -> Set<Int64> {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seed.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01B3 }
        func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var chosen = Set<Int64>(minimumCapacity: Int(size))
        for upper in (total - size)..<total {
            let pick = Int64(next() % UInt64(upper + 1))
            chosen.insert(chosen.contains(pick) ? upper : pick)
        }
        return chosen
    }

    /// Column pairs that hold the two halves of a resident number (`rrn1`/`rrn2`, `jumin_1`/`jumin_2`,
    /// `ssn1`/`ssn2`, `resno1`/`resno2`, `주민번호1`/`주민번호2` …, also behind a table prefix —
    /// `mb_jumin1`/`mb_jumin2`, `user_rrn1` — and as front and back: `rrn_front`/`rrn_back`,
    /// `주민번호앞자리`/`주민번호뒷자리`, `주민번호앞`/`주민번호뒤`, also with blanks and brackets:
    /// `주민등록번호(앞자리)`/`주민등록번호(뒷자리)`), as column numbers. A back half
    /// without its front (`주민번호뒷자리`, `rrn_back`) pairs with a birth-date column (`생년월일`,
    /// `birth`): six digits there are the front half (spec §2.9).
    static func splitPairs(_ names: [String]) -> [(first: Int, second: Int)] {
        // Lower case, without blanks and brackets: `주민등록번호(앞자리)`, `주민번호 뒤`, `RRN [back]`.
        let lowered = names.map { $0.lowercased().filter { !" ()[]".contains($0) } }
        var pairs: [(first: Int, second: Int)] = []
        for (index, name) in lowered.enumerated() {
            for (front, back) in halfSuffixes where name.hasSuffix(front) {
                var stem = String(name.dropLast(front.count))
                let separator = stem.hasSuffix("_") ? "_" : ""
                if !separator.isEmpty { stem.removeLast() }
                guard isResidentStem(stem), let second = lowered.firstIndex(of: stem + separator + back) else { continue }
                pairs.append((index, second))
                break
            }
        }
        if let birth = lowered.firstIndex(where: birthColumns.contains) {
            for (index, name) in lowered.enumerated() where !pairs.contains(where: { $0.second == index }) {
                let isBack = halfSuffixes.contains { _, back in
                    guard back != "2", name.hasSuffix(back) else { return false }
                    var stem = name.dropLast(back.count)
                    if stem.hasSuffix("_") { stem.removeLast() }
                    return isResidentStem(String(stem)) || isBareBackHalf(stem: String(stem), suffix: back)
                }
                if isBack { pairs.append((birth, index)) }
            }
        }
        return pairs
    }

    /// Columns named for a resident number's back half (`rrn2`, `jumin_2`, `rrn_back`,
    /// `주민번호뒷자리`, `주민등록번호(뒤)`) that no pair of `pairs` holds: its seven digits are the
    /// secret part alone (spec §2.9, RRN_BACK7). Not the generic `reg_no2`.
    static func loneBackHalves(_ names: [String], pairs: [(first: Int, second: Int)]) -> [Int] {
        let lowered = names.map { $0.lowercased().filter { !" ()[]".contains($0) } }
        return lowered.indices.filter { index in
            guard !pairs.contains(where: { $0.first == index || $0.second == index }) else { return false }
            return halfSuffixes.contains { _, back in
                guard lowered[index].hasSuffix(back) else { return false }
                var stem = String(lowered[index].dropLast(back.count))
                if stem.hasSuffix("_") { stem.removeLast() }
                return (isResidentStem(stem) && stem != "regno" && stem != "reg_no") || isBareBackHalf(stem: stem, suffix: back)
            }
        }
    }

    /// Whether a name is `뒷자리` alone — the spec's own name of a resident number's back half
    /// (§2.9: "only back 7 in a field named `rrn2`, `jumin2`, `뒷자리`"), an identity check's
    /// column beside `생년월일`. (A card's or phone's last digits are four: seven digits, the first
    /// a sex digit, are what the back half's assessment asks.)
    static func isBareBackHalf(stem: String, suffix: String) -> Bool { stem.isEmpty && suffix == "뒷자리" }

    /// `******-` and the seven digits of a back-half cell (TEXT or INTEGER), the first a sex and
    /// century digit (1–8); nil for any other cell.
    static func maskedBackHalf(_ select: SQLiteStatement, _ index: Int) -> [UInt8]? {
        guard let (cell, _) = digitCell(select, index), cell.count == 7, cell[0] &- 0x31 < 8 else { return nil }
        return Array("******-".utf8) + cell
    }

    /// How the names of the two halves end (after the stem and an optional `_`).
    /// (Also with the digit counts: `rrn_front6`/`rrn_back7`, `jumin6`/`jumin7`.)
    static let halfSuffixes = [
        ("1", "2"), ("front", "back"), ("front6", "back7"), ("6", "7"), ("앞자리", "뒷자리"), ("앞", "뒤"), ("앞번호", "뒷번호"),
    ]
    /// Whether a column is named for a birth date (``birthColumns``): its value may be a whole
    /// date (`19721203`, `1972-12-03`), not only the resident number's six digits.
    static func isBirthColumn(_ name: String) -> Bool {
        birthColumns.contains(name.lowercased().filter { !" ()[]".contains($0) })
    }

    /// A resident number's front half from a birth date — six digits (`721203`), eight
    /// (`19721203`) or a date written `1972-12-03` (also with `.` or `/`) — when its century is
    /// the one the back half's first digit gives (1, 2, 5, 6: 1900s; 3, 4, 7, 8: 2000s; 9, 0:
    /// 1800s); nil otherwise.
    static func frontHalf(birthDate bytes: some Collection<UInt8>, backFirst: UInt8) -> [UInt8]? {
        let date = Array(bytes)
        var digits: [UInt8]
        switch date.count {
        case 6, 8:
            digits = date
        case 10:
            let separator = date[4]
            guard [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/")].contains(separator), date[7] == separator else { return nil }
            digits = Array(date[0..<4] + date[5..<7] + date[8..<10])
        default:
            return nil
        }
        guard digits.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        if digits.count == 8 {
            let century: [UInt8]
            switch backFirst {
            case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "5"), UInt8(ascii: "6"): century = Array("19".utf8)
            case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "7"), UInt8(ascii: "8"): century = Array("20".utf8)
            default: century = Array("18".utf8)
            }
            guard Array(digits[0..<2]) == century else { return nil }
            digits.removeFirst(2)
        }
        return digits
    }

    /// Names of a birth-date column that a resident number's back half may be split from.
    static let birthColumns: Set<String> = [
        "생년월일", "birth", "birthday", "birth_date", "birthdate", "dob", "birth_ymd", "birth6", "birth_6", "dob6", "birth_yymmdd",
        "birthyymmdd", "birthymd",
    ]

    /// Whether a column-name stem (lower case) names a resident number: one of the usual names,
    /// or one of the distinctive ones after a prefix (`mb_jumin`, `user_rrn`, `custssn`). The
    /// generic `regno`/`reg_no` count only alone (a `corp_reg_no` is a corporation's number).
    static func isResidentStem(_ stem: String) -> Bool {
        if ["regno", "reg_no"].contains(stem) { return true }
        return residentStems.contains { stem.hasSuffix($0) }
    }
    /// How the names of a registration number's halves end before their suffixes: a resident's,
    /// and a foreigner's (`frn1`/`frn2`, `FGN1`/`FGN2` of a legacy ASP form, `arc_no1`: an
    /// alien registration card's), whose joined halves the assessment routes to kr-frn.
    private static let residentStems = [
        "rrn", "rrn_no", "jumin", "juminno", "jumin_no", "ssn", "resno", "res_no", "resident_no", "주민", "주민번호", "주민등록번호",
        "frn", "frn_no", "fgn", "fgn_no", "arc_no", "arcno", "alien_no", "alienno", "foreigner_no", "외국인번호", "외국인등록번호",
    ]

    /// Joins a 6-digit and a 7-digit cell as `YYMMDD-SBBBBBC` (nil unless both hold that many
    /// digits); a resident or foreigner registration number covering the whole joined value is
    /// reported (see ``CellBatch/Kind/splitPair``).
    /// `birth`: the first column is a birth date's (``isBirthColumn(_:)``), whose whole date
    /// (`19721203`, `1972-12-03`) gives the front half too.
    static func joinSplitPair(_ select: SQLiteStatement, first: Int, second: Int, birth: Bool = false) -> [UInt8]? {
        func digits(_ index: Int, count: Int) -> [UInt8]? {
            guard let (cell, integer) = digitCell(select, index) else { return nil }
            var bytes = cell
            // An INTEGER loses the leading zeros of a birth date (050101 → 50101).
            if integer && bytes.count < count { bytes = [UInt8](repeating: UInt8(ascii: "0"), count: count - bytes.count) + bytes }
            return bytes.count == count ? bytes : nil
        }
        guard let back = digits(second, count: 7) else { return nil }
        if let front = digits(first, count: 6) { return front + [UInt8(ascii: "-")] + back }
        guard birth, select.type(first) == SQLITE_TEXT || select.type(first) == SQLITE_INTEGER else { return nil }
        let date = select.type(first) == SQLITE_TEXT ? Array(select.textBytes(first)) : Array(String(select.int64(first)).utf8)
        guard let front = frontHalf(birthDate: date, backFirst: back[0]) else { return nil }
        return front + [UInt8(ascii: "-")] + back
    }

    /// The digits of a cell that holds only digits: TEXT, or a non-negative INTEGER in decimal
    /// (`integer`: whose leading zeros are lost); nil for anything else.
    private static func digitCell(_ select: SQLiteStatement, _ index: Int) -> (bytes: [UInt8], integer: Bool)? {
        let bytes: [UInt8]
        let integer: Bool
        switch select.type(index) {
        case SQLITE_TEXT:
            bytes = Array(select.textBytes(index))
            integer = false
        case SQLITE_INTEGER:
            let value = select.int64(index)
            guard value >= 0 else { return nil }
            bytes = Array(String(value).utf8)
            integer = true
        default: return nil
        }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return (bytes, integer)
    }

    /// The integer a REAL holds, when it is a whole number that a double represents exactly
    /// (|x| < 2^53); nil otherwise (fractions, NaN, infinities, larger magnitudes).
    static func wholeNumber(_ real: Double) -> Int64? {
        guard real.isFinite, real.rounded(.towardZero) == real, real.magnitude < 9_007_199_254_740_992 else { return nil }
        return Int64(real)
    }

    /// Column triples that hold the three parts of a phone number (`hp1`/`hp2`/`hp3`, `tel_1`/
    /// `tel_2`/`tel_3`, `phone`, `mobile`, `cell`, `cellphone`, `cell_phone`, `handphone`, `휴대폰`,
    /// `핸드폰`, `전화`, `전화번호`, `연락처` …, also behind a prefix: `mb_hp1`, `user_phone1`,
    /// `custTel1`, `보호자연락처1`), as column numbers. All three columns must exist.
    static func splitPhones(_ names: [String]) -> [(first: Int, second: Int, third: Int)] {
        let lowered = names.map { $0.lowercased() }
        var triples: [(first: Int, second: Int, third: Int)] = []
        for (index, name) in lowered.enumerated() where name.hasSuffix("1") {
            var stem = String(name.dropLast())
            let separator = stem.hasSuffix("_") ? "_" : ""
            if !separator.isEmpty { stem.removeLast() }
            guard isPhoneStem(stem, original: String(names[index].dropLast(1 + separator.count))),
                let second = lowered.firstIndex(of: stem + separator + "2"),
                let third = lowered.firstIndex(of: stem + separator + "3")
            else { continue }
            triples.append((index, second, third))
        }
        return triples
    }

    /// Names of a phone number, as a whole column-name stem or after a prefix.
    private static let phoneStems = [
        "hp", "tel", "phone", "telephone", "mobile", "cell", "cellphone", "cell_phone", "handphone", "hand_phone",
        "휴대폰", "핸드폰", "휴대전화", "전화", "전화번호", "휴대폰번호", "핸드폰번호", "연락처",
    ]

    /// Whether a column-name stem (`stem`: lower case; `original`: as written) names a phone
    /// number: one of ``phoneStems`` alone, or after a prefix that ends in `_` (`mb_hp`,
    /// `user_phone`), in lower case followed by an upper-case word (`custTel`), or — in Korean,
    /// which has no such marks — any prefix (`보호자연락처`). A word merely ending like one
    /// (`hotel`, `excel`) is none.
    static func isPhoneStem(_ stem: String, original: String) -> Bool {
        for word in phoneStems where stem.hasSuffix(word) {
            if stem.count == word.count { return true }
            let prefix = stem.dropLast(word.count)
            if prefix.hasSuffix("_") || !(word.first?.isASCII ?? true) { return true }
            // camelCase: the word starts upper case after a lower-case letter in the name as written.
            if let start = original.index(original.endIndex, offsetBy: -word.count, limitedBy: original.startIndex),
                start > original.startIndex, original[start].isUppercase, original[original.index(before: start)].isLowercase
            {
                return true
            }
        }
        return false
    }

    /// Joins three cells as `P1-P2-P3` (nil unless each holds digits only — TEXT or INTEGER —
    /// and P1 has 2–3 digits, P2 3–4 and P3 4); an INTEGER P1 of 1–2 digits has its leading zero
    /// restored (10 → 010, 2 → 02, 31 → 031). A phone number covering the whole joined value is
    /// reported (see ``CellBatch/Kind/splitPhone``); the phone validator's numbering plan decides.
    /// The parts of a split address (``SplitAddress``; `parts` are column numbers, `first` the
    /// statement's first of them) joined with blanks — a building's sub-number with `-` — into
    /// `joined`; false unless the road name and the building number are there.
    static func joinSplitAddress(_ select: SQLiteStatement, parts: [Int], first: Int, names: [String], into joined: inout [UInt8]) -> Bool {
        joined.removeAll(keepingCapacity: true)
        var present = 0
        for column in parts {
            guard let cell = select.textBytesOrNil(column + first) else { continue }
            var lower = 0
            var upper = cell.count
            while lower < upper && (cell[lower] == 0x20 || cell[lower] == 0x09) { lower += 1 }
            while upper > lower && (cell[upper - 1] == 0x20 || cell[upper - 1] == 0x09 || cell[upper - 1] == 0x0D) { upper -= 1 }
            guard lower < upper, !(upper - lower == 1 && cell[lower] == UInt8(ascii: "-")) else { continue }
            if !joined.isEmpty { joined.append(SplitAddress.isSubNumber(names[column]) ? UInt8(ascii: "-") : UInt8(ascii: " ")) }
            joined += cell[lower..<upper]
            if SplitAddress.isRoadOrNumber(names[column]) { present += 1 }
        }
        return present == 2
    }

    static func joinSplitPhone(_ select: SQLiteStatement, first: Int, second: Int, third: Int) -> [UInt8]? {
        guard let (firstCell, integer) = digitCell(select, first) else { return nil }
        var area = firstCell
        if integer && area.count <= 2 { area.insert(UInt8(ascii: "0"), at: 0) }
        guard (2...3).contains(area.count),
            let exchange = digitCell(select, second)?.bytes, (3...4).contains(exchange.count),
            let (lineCell, lineInteger) = digitCell(select, third)
        else { return nil }
        // An INTEGER last part loses its leading zeros as well (0890 → 890).
        let line = lineInteger && lineCell.count < 4 ? [UInt8](repeating: UInt8(ascii: "0"), count: 4 - lineCell.count) + lineCell : lineCell
        guard line.count == 4 else { return nil }
        return area + [UInt8(ascii: "-")] + exchange + [UInt8(ascii: "-")] + line
    }

    /// MAC domain of key fingerprints, apart from every category's value fingerprints.
    static let keyDomain = Category("sqlite-primary-key")

    /// A scanner that reports every candidate of every rule, at any confidence: a key cell may
    /// hold a value below the reporting threshold (`noreply@…`), and the displayed key must not
    /// show it raw.
    private func keyMaskingScanner() -> ValueMasker {
        ValueMasker(detectors: scanner.detectors, configuration: configuration)
    }

    /// The primary key of a row as text (`keyCells`: its key cells, NULL as nil), components
    /// joined by `|`. Without `--show-values` (`masking` set), every value a rule finds in a key
    /// cell, at any confidence, is shown as findings show it (`900101-1******`), and the rest of
    /// the cells have their e-mail local parts masked and, when the rest of the key holds 9 digits
    /// or more (the shortest phone number), every digit (a key split over columns, `010|2745|8813` or `850315|2526011`, spells
    /// a value that no rule finds in one cell); with fewer, runs of 6 or 7 digits keep only their
    /// ends. `keyColumns` are column numbers; `contexts` the columns' keyword context.
    private func primaryKey(_ keyCells: [String?], keyColumns: [Int], contexts: [[UInt8]], masking: ValueMasker?) -> String {
        guard let masking else { return keyCells.map { $0 ?? "NULL" }.joined(separator: "|") }
        var digits = 0
        for (part, column) in keyColumns.enumerated() {
            guard let text = keyCells[part] else { continue }
            _ = masking.mask(text, context: contexts[column]) { rest in
                digits += rest.reduce(0) { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) }
                return rest
            }
        }
        let hideDigits = digits >= 9  // the shortest phone number; a date key (20241130) stays
        return keyColumns.enumerated().map { part, column in
            guard let text = keyCells[part] else { return "NULL" }
            return masking.mask(text, context: contexts[column]) { rest in
                SQLiteScanner.maskUnrecognised(rest, allDigits: hideDigits)
            }
        }.joined(separator: "|")
    }

    /// Key text no rule recognised: its digits (all, or the middle of runs of 6 or more) and the
    /// local part of anything around an `@` masked (an address no rule accepts can still name a
    /// person).
    static func maskUnrecognised(_ bytes: [UInt8], allDigits: Bool = false) -> [UInt8] {
        let digitsMasked = allDigits
            ? bytes.map { $0 >= 0x30 && $0 <= 0x39 ? UInt8(ascii: "*") : $0 }
            : Array(maskLongDigitRuns(String(decoding: bytes, as: UTF8.self)).utf8)
        return ValueMasker.maskingEmailLocalParts(digitsMasked)
    }

    /// Masks the middle of every run of 6 or more digits (`9001011234569` → `90*********69`): a
    /// key may hold a value below the reporting threshold (a resident number with a bad check
    /// digit), and a report must not print it raw. Short ids stay readable.
    static func maskLongDigitRuns(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count && bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
            if end - index >= 6 {
                for position in (index + 2)..<(end - 2) { bytes[position] = UInt8(ascii: "*") }
            }
            index = end
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The column of an identity document's number under a generic name (`id_number`, `id_no`,
    /// `doc_no`, `신분증번호`) and the column that names its kind (`id_type`, `doc_type`,
    /// `신분증종류` …), when a table has both.
    static func typedIdentityColumns(_ names: [String]) -> (number: Int, kind: Int)? {
        let lower = names.map { $0.lowercased() }
        guard let number = lower.firstIndex(where: { identityNumberNames.contains($0) }),
            let kind = lower.firstIndex(where: { identityKindNames.contains($0) })
        else { return nil }
        return (number, kind)
    }
    static let identityNumberNames: Set<String> = [
        "id_number", "id_no", "idno", "idnumber", "id_num", "doc_no", "doc_number", "document_no", "document_number", "신분증번호",
        "신분증 번호",
    ]
    static let identityKindNames: Set<String> = [
        "id_type", "idtype", "id_kind", "idkind", "doc_type", "doctype", "document_type", "documenttype", "doc_kind", "신분증종류",
        "신분증 종류", "신분증구분", "신분증유형", "증명서종류",
    ]

    /// Keyword context for the cells of a column (see ``CellScanner/context(forColumn:)``).
    static func context(forColumn name: String) -> [UInt8] { CellScanner.context(forColumn: name) }

    /// Whether a BLOB holds text: valid UTF-8 without NUL bytes.
    static func isText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty, memchr(bytes.baseAddress!, 0, bytes.count) == nil else { return false }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// The kind of identity document a table's kind column names beside its number (see
/// ``SQLiteScanner/typedIdentityColumns(_:)``).
enum IdentityDocument: Int, CaseIterable {
    case passport, driverLicense, foreignerCard, residentCard

    /// The kind named by a kind column's text (`여권`, `PASSPORT`, `PP`, `운전면허증`, `DL`,
    /// `외국인등록증`, `ARC`, `주민등록증`, `RRN`), nil for none of these (or no text).
    init?(kind text: UnsafeRawBufferPointer?) {
        guard let text, !text.isEmpty, text.count <= 64 else { return nil }
        let name = String(decoding: text, as: UTF8.self).lowercased().trimmingCharacters(in: .whitespaces)
        if name == "pp" || name.contains("passport") || name.contains("여권") {
            self = .passport
        } else if name == "dl" || name.contains("driver") || name.contains("licen") || name.contains("운전") || name.contains("면허") {
            self = .driverLicense
        } else if name == "arc" || name.contains("alien") || name.contains("foreign") || name.contains("외국인") {
            self = .foreignerCard
        } else if name == "rrn" || name.contains("resident") || name.contains("주민") {
            self = .residentCard
        } else {
            return nil
        }
    }

    /// The words its number's cells are scanned with.
    var context: [UInt8] {
        switch self {
        case .passport: Array("여권번호".utf8)
        case .driverLicense: Array("운전면허번호".utf8)
        case .foreignerCard: Array("외국인등록번호".utf8)
        case .residentCard: Array("주민등록번호".utf8)
        }
    }
}
