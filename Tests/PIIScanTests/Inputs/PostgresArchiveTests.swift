import CZlib
import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Writes PostgreSQL archives field by field as `pg_dump` does (`WriteHead`, `WriteToc`, the
/// custom format's data blocks of length-prefixed chunks), for versions, formats and
/// compressions the fixture (one real `pg_dump -Fc` of PostgreSQL 15) does not cover.
enum PGArchiveBuilder {
    struct Entry {
        var id: Int
        var desc: String
        var tag: String
        var namespace: String? = "public"
        var definition: String? = nil
        var copyStatement: String? = nil
        /// The table data (custom format): written as a data block.
        var data: [UInt8]? = nil
    }

    enum Compression { case none, gzip, zstd }

    static func int(_ value: Int) -> [UInt8] {
        let magnitude = UInt32(abs(value))
        return [value < 0 ? 1 : 0] + (0..<4).map { UInt8(truncatingIfNeeded: magnitude >> (8 * $0)) }
    }

    static func string(_ value: String?) -> [UInt8] {
        guard let value else { return int(-1) }
        return int(value.utf8.count) + Array(value.utf8)
    }

    static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        precondition(compress2(&output, &size, bytes, uLong(bytes.count), 6) == Z_OK)
        return Array(output[0..<Int(size)])
    }

    /// A data stream as chunks of at most `chunk` bytes, ended by a chunk of length 0.
    static func chunks(_ bytes: [UInt8], compression: Compression, chunk: Int) -> [UInt8] {
        let stored: [UInt8]
        switch compression {
        case .none: stored = bytes
        case .gzip: stored = zlib(bytes)
        case .zstd: stored = Compressor.zstd(bytes)
        }
        var out: [UInt8] = []
        var start = 0
        while start < stored.count {
            let end = min(stored.count, start + chunk)
            out += int(end - start) + stored[start..<end]
            start = end
        }
        return out + int(0)
    }

    /// An archive: `format` 1 (custom, with data blocks), 3 (tar) or 5 (directory: a `toc.dat`).
    static func archive(
        minor: UInt8 = 14, format: UInt8 = 1, compression: Compression = .gzip, entries: [Entry],
        largeObjects: [(oid: Int, bytes: [UInt8])] = [], chunk: Int = 4096
    ) -> [UInt8] {
        var out = Array("PGDMP".utf8) + [1, minor, 0, 4, 8, format]
        if minor >= 15 {
            out.append(compression == .none ? 0 : compression == .gzip ? 1 : 3)
        } else {
            out += int(compression == .none ? 0 : -1)
        }
        for value in [12, 30, 9, 29, 10, 126, 0] { out += int(value) }
        out += string("shop") + string("15.18") + string("15.18")
        let all = entries + (largeObjects.isEmpty ? [] : [Entry(id: 9000, desc: "BLOBS", tag: "BLOBS", namespace: nil)])
        out += int(all.count)
        for entry in all {
            out += int(entry.id) + int(entry.data != nil || entry.desc == "BLOBS" ? 1 : 0) + string("0") + string("0")
            out += string(entry.tag) + string(entry.desc) + int(entry.desc == "TABLE DATA" || entry.desc == "BLOBS" ? 3 : 2)
            out += string(entry.definition ?? "") + string("") + string(entry.copyStatement) + string(entry.namespace) + string("")
            if minor >= 14 { out += string("heap") }
            if minor >= 16 { out += int(114) }
            out += string("postgres") + string("false") + string(nil)
            if format == 1 {
                out += [entry.data != nil ? 2 : 3] + [UInt8](repeating: 0, count: 8)
            } else {
                out += string(entry.data != nil ? "\(entry.id).dat" : nil)
            }
        }
        guard format == 1 else { return out }
        for entry in all {
            if let data = entry.data {
                out += [1] + int(entry.id) + chunks(data, compression: compression, chunk: chunk)
            } else if entry.desc == "BLOBS" {
                out += [3] + int(entry.id)
                for object in largeObjects { out += int(object.oid) + chunks(object.bytes, compression: compression, chunk: chunk) }
                out += int(0)
            }
        }
        return out
    }

    /// A shop's customers as `COPY … TO stdout` writes them (escapes, NULLs, a multi-line memo).
    static let copyStatement = "COPY public.customers (id, name, jumin_no, phone, memo) FROM stdin;\n"
    static func customerRows(_ count: Int) -> String {
        (1...count).map { row in
            let memo = row % 5 == 0 ? "배송지:\\n서울특별시 강남구 테헤란로 152 (역삼동)\\t메일 hong.gildong@naver.com" : "주문 20261130\(String(format: "%06d", row))"
            return "\(row)\t홍길동\(row)\t\(row % 3 == 0 ? "\\N" : "900101-1234568")\t010-2345-\(String(format: "%04d", 1000 + row % 9000))\t\(memo)\n"
        }.joined() + "\\.\n\n"
    }

    static func customers(rows: Int) -> Entry {
        Entry(id: 3343, desc: "TABLE DATA", tag: "customers", copyStatement: copyStatement, data: Array(customerRows(rows).utf8))
    }

    static let tableDefinition = "CREATE TABLE public.customers (\n    id integer,\n    name text,\n    jumin_no text,\n    phone text,\n    memo text\n);\n"
}

final class PostgresArchiveTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private func engine(bufferSize: Int = 1 << 20) throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(threads: 1, bufferSize: bufferSize), rules: .builtIn())
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.root.appendingPathComponent("fixtures/sql/dumps/\(name)")))
    }

    private func located(_ findings: [Finding]) -> [String] {
        findings.map { finding in
            let part = finding.path.split(separator: "!").dropFirst().joined(separator: "!")
            guard let record = finding.record else { return "\(finding.category.rawValue)@\(part):\(finding.line)" }
            return "\(finding.category.rawValue)@\(record.table).\(record.column)#\(record.rowid ?? 0)"
        }
    }

    /// A real `pg_dump -Fc` (PostgreSQL 15, gzip) of `pg_archive.source.sql`: every table's rows
    /// with their table, column and row, the large object and the column comment, and nothing
    /// else; the `--inserts` dump of the same database (no compression) names the same columns
    /// from the tables' definitions.
    func testRealCustomFormatDumpsAreReadTableByTable() throws {
        let directory = try TemporaryDirectory()
        let engine = try engine()
        let expected = [
            "kr-phone@definitions:17",
            "kr-rrn@public.customers.jumin_no#1", "kr-phone@public.customers.phone#1",
            "kr-rrn@public.customers.jumin_no#2", "kr-address@public.customers.memo#2", "email@public.customers.memo#2",
            "kr-phone@public.customers.phone#3", "kr-frn@public.customers.memo#3", "kr-phone@public.customers.phone#4",
            "email@public.staff.email#1", "kr-phone@public.staff.note#1", "credit-card@public.staff.note#2",
            "kr-phone@large object 424242:1",
        ]
        for name in ["pg_archive.dump", "pg_archive-inserts.dump"] {
            let path = try directory.write(name, try fixture(name))
            let result = engine.collect([path])
            XCTAssertEqual(result.issues, [], name)
            XCTAssertEqual(located(result.findings), expected, name)
            XCTAssertEqual(result.summary.rows, 6, name)
        }
        let copy = engine.collect([try directory.write("c.dump", try fixture("pg_archive.dump"))])
        // Line 1 of a table is its COPY statement: row n is line n + 1, as in the table's text.
        XCTAssertEqual(copy.findings[1].path, directory.path + "/c.dump!public.customers")
        XCTAssertEqual(copy.findings[1].line, 2)
        XCTAssertEqual(copy.findings[1].masked, "900101-1******")
        let phone = try XCTUnwrap(copy.summary.columns.first { $0.key.table == "public.customers" && $0.key.column == "phone" })
        XCTAssertEqual(phone.rows, 4)
        XCTAssertEqual(phone.rowsWithFindings, [Category.phone: 3])
    }

    /// A database in `EUC_KR` (a real `pg_dump -Fc`): its table and column names and its rows
    /// are CP949, read as such — the part, table and columns are named in Hangul and the
    /// address is judged with its column's name.
    func testArchivesOfEUCKRDatabasesAreReadInTheirEncoding() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("euc.dump", try fixture("pg_archive-euckr.dump"))
        let result = try engine().collect([path])
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.findings.map(\.path), [path + "!public.회원", path + "!public.회원"])
        XCTAssertEqual(result.findings.map { $0.record?.column }, ["주민번호", "주소"])
        XCTAssertEqual(result.findings.map(\.masked), ["900101-1******", "서울특별시 강남구 테헤란로 *** (역삼동)"])
        XCTAssertEqual(result.findings.first?.record?.table, "public.회원")
    }

    /// A custom-format table gives exactly the findings of the same COPY block in a plain
    /// dump — for every archive version (1.14 with a gzip level, 1.15 with an algorithm byte,
    /// 1.16 with relkind), compression and chunk size, and whatever the scanner's buffer size.
    func testTablesGiveThePlainDumpsFindingsInEveryVersionAndCompression() throws {
        let directory = try TemporaryDirectory()
        let rows = 400
        let text = PGArchiveBuilder.copyStatement + PGArchiveBuilder.customerRows(rows)
        for bufferSize in [1 << 20, 4096] {
            let engine = try engine(bufferSize: bufferSize)
            let plain = engine.collect([try directory.write("plain-\(bufferSize).sql", text)])
            XCTAssertEqual(plain.findings.count, 2 * rows + 2 * rows / 5 - rows / 3)
            let cases: [(UInt8, PGArchiveBuilder.Compression, Int)] = [(14, .gzip, 4096), (14, .none, 7), (15, .zstd, 100), (16, .gzip, 1), (15, .none, 65536)]
            for (minor, compression, chunk) in cases {
                let bytes = PGArchiveBuilder.archive(
                    minor: minor, compression: compression, entries: [PGArchiveBuilder.customers(rows: rows)], chunk: chunk)
                let path = try directory.write("v\(minor)-\(compression)-\(chunk)-\(bufferSize).dump", bytes)
                let result = engine.collect([path])
                XCTAssertEqual(result.issues, [], "1.\(minor) \(compression)")
                XCTAssertEqual(
                    result.findings.map { var finding = $0; finding.path = plain.findings[0].path; return finding }, plain.findings,
                    "1.\(minor) \(compression) chunk \(chunk) buffer \(bufferSize)")
                XCTAssertEqual(result.summary.rows, Int64(rows))
            }
        }
    }

    /// `pg_dump -Fd` (a directory: `toc.dat` and `3343.dat.gz`) and `-Ft` (a tar of `toc.dat`
    /// and `3343.dat`): the data file's rows get their table and columns from `toc.dat`, at the
    /// file's own lines and offsets; without a `toc.dat` the file is plain text.
    func testDirectoryAndTarFormatsNameTheColumnsOfTheirDataFiles() throws {
        let directory = try TemporaryDirectory()
        let engine = try engine()
        let data = Array(PGArchiveBuilder.customerRows(10).utf8)
        var entries = [PGArchiveBuilder.customers(rows: 10)]
        entries.insert(PGArchiveBuilder.Entry(id: 201, desc: "TABLE", tag: "customers", definition: PGArchiveBuilder.tableDefinition), at: 0)
        try directory.write("dir/toc.dat", PGArchiveBuilder.archive(format: 5, entries: entries))
        let dataFile = try directory.write("dir/3343.dat.gz", try gzipped(data))
        try directory.write("lone/3343.dat", data)
        let result = engine.collect([directory.path + "/dir", directory.path + "/lone"])
        XCTAssertEqual(result.issues, [])
        let inDirectory = result.findings.filter { $0.path == dataFile }
        XCTAssertEqual(inDirectory.count, 20 + 4 - 3)
        XCTAssertEqual(inDirectory.first?.record, RecordLocation(table: "public.customers", column: "jumin_no", rowid: 1))
        XCTAssertEqual(inDirectory.first?.line, 1)
        XCTAssertEqual(inDirectory.first?.offset, 13)  // `1\t홍길동1\t`
        let lone = result.findings.filter { $0.path.hasSuffix("lone/3343.dat") }
        XCTAssertEqual(lone.map(\.line), inDirectory.map(\.line))
        XCTAssertTrue(lone.allSatisfy { $0.record == nil })

        let tar = try directory.write("shop.tar", InputTests.tarArchive([
            ("toc.dat", PGArchiveBuilder.archive(format: 3, entries: entries)), ("3343.dat", data),
            ("restore.sql", Array("COPY public.customers (id) FROM '$$PATH$$/3343.dat';\n".utf8)),
        ]))
        let archived = engine.collect([tar])
        XCTAssertEqual(archived.issues, [])
        let rows = archived.findings.filter { $0.path == tar + "!3343.dat" }
        XCTAssertEqual(rows.map(\.record), inDirectory.map(\.record))
        XCTAssertEqual(rows.map(\.line), inDirectory.map(\.line))
    }

    /// An archive cut short or damaged is an error after what could be read; mutated archives
    /// never crash or hang the scanner. LZ4 data (PostgreSQL 16's `--compress=lz4`) is an
    /// error that says how to scan it.
    func testDamagedArchivesAreErrorsAfterWhatCouldBeRead() throws {
        let directory = try TemporaryDirectory()
        let engine = try engine()
        let staff = PGArchiveBuilder.Entry(
            id: 3344, desc: "TABLE DATA", tag: "staff", copyStatement: "COPY public.staff (id, email) FROM stdin;\n",
            data: Array("1\thong.gildong@naver.com\n\\.\n\n".utf8))
        let bytes = PGArchiveBuilder.archive(entries: [PGArchiveBuilder.customers(rows: 50), staff], chunk: 64)
        let cut = engine.collect([try directory.write("cut.dump", Array(bytes.dropLast(20)))])
        XCTAssertEqual(cut.issues.map(\.kind), [.error])
        XCTAssertTrue(cut.issues[0].message.contains("truncated PostgreSQL archive"), cut.issues[0].message)
        XCTAssertEqual(cut.findings.filter { $0.path.hasSuffix("!public.customers") }.count, 50 * 2 + 20 - 16)

        var lz4 = PGArchiveBuilder.archive(minor: 15, entries: [PGArchiveBuilder.customers(rows: 2)])
        lz4[11] = 2  // version 1.15's compression algorithm byte: LZ4
        let lz4Result = engine.collect([try directory.write("lz4.dump", lz4)])
        XCTAssertEqual(lz4Result.findings, [])
        XCTAssertTrue(lz4Result.issues.contains { $0.kind == .error && $0.message.contains("LZ4") }, "\(lz4Result.issues)")

        var generator = SystemRandomNumberGenerator()
        for round in 0..<80 {
            var mutated = round % 2 == 0 ? bytes : try fixture("pg_archive.dump")
            for _ in 0..<(1 + round % 4) { mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            if round % 3 == 0 { mutated = Array(mutated.prefix(Int.random(in: 5..<mutated.count, using: &generator))) }
            let result = engine.collect([try directory.write("m\(round).dump", mutated)])
            XCTAssertLessThanOrEqual(result.findings.count, 200)
        }
    }
}
