import CSQLite
import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Databases that are valid but unusual (schemas calling functions, JSONB and other binary
/// text cells, generated columns) or partly damaged.
final class SQLiteSchemaAndDamageTests: XCTestCase {
    private func engine(minConfidence: Double = 0.5) throws -> ScanEngine {
        var configuration = testConfiguration(threads: 1)
        configuration.minConfidence = minConfidence
        configuration.databaseBusyTimeoutMilliseconds = 50
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    private func errors(_ result: (findings: [Finding], issues: [InputIssue], summary: ScanSummary)) -> [InputIssue] {
        result.issues.filter { $0.kind == .error }
    }

    // MARK: - Schemas that call functions

    /// A JSON function in an index, a generated column and a CHECK: SQLite refuses such a schema
    /// when it is not trusted, and the whole (valid) database read as malformed.
    func testSchemaCallingJSONFunctionsIsScanned() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/json-schema.db"
        try SQLiteFixture.build(
            """
            CREATE TABLE u (id INTEGER PRIMARY KEY, p TEXT CHECK (json_valid(p)), jumin_no TEXT,
                kind TEXT GENERATED ALWAYS AS (json_extract(p, '$.kind')) STORED);
            CREATE INDEX ix ON u (json_extract(p, '$.a'));
            INSERT INTO u (p, jumin_no) VALUES ('{"a":1,"kind":"x"}', '900101-1234568');
            """, at: path)
        let before = try DirectorySnapshot(directory.path)
        let result = try engine().collect([path])
        XCTAssertTrue(errors(result).isEmpty, "\(errors(result))")
        XCTAssertEqual(result.findings.filter { $0.record?.column == "jumin_no" }.map(\.category), [.rrn])
        XCTAssertEqual(try DirectorySnapshot(directory.path), before)
    }

    /// A schema SQLite parses but will not use (here a non-deterministic function in an index,
    /// written through `writable_schema`) is reported as such, not as a damaged file.
    func testUnusableSchemaIsNotCalledCorrupt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/odd-schema.db"
        try SQLiteFixture.build(
            """
            CREATE TABLE u (id INTEGER PRIMARY KEY, p TEXT);
            CREATE INDEX ix ON u (length(p));
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = 'CREATE INDEX ix ON u (random())' WHERE name = 'ix';
            """, at: path)
        let found = errors(try engine().collect([path]))
        XCTAssertEqual(found.count, 1)
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("database schema cannot be used by SQLite 3."), message)
        XCTAssertTrue(message.contains("ix: non-deterministic functions prohibited in index expressions"), message)
        XCTAssertFalse(message.contains("corrupt"), message)
    }

    func testSchemaProblemsAreToldApartFromDamage() {
        XCTAssertEqual(
            SQLiteError.schemaProblem("malformed database schema (ix) - unsafe use of json_extract()"),
            "ix: unsafe use of json_extract()")
        XCTAssertNil(SQLiteError.schemaProblem("malformed database schema (t)"))
        XCTAssertNil(SQLiteError.schemaProblem("malformed database schema (t) - invalid rootpage"))
        XCTAssertNil(SQLiteError.schemaProblem("database disk image is malformed"))
        XCTAssertEqual(
            SQLiteError(code: SQLITE_CORRUPT, detail: "malformed database schema (ix) - unsafe use of json_extract()").message,
            "database schema cannot be used by SQLite \(String(cString: sqlite3_libversion())): ix: unsafe use of json_extract()")
        XCTAssertEqual(
            SQLiteError(code: SQLITE_CORRUPT, detail: "malformed database schema (t)").message,
            "database disk image is malformed (corrupt or truncated)")
    }
}

extension SQLiteSchemaAndDamageTests {
    // MARK: - Damaged pages

    /// A database of `total` rows (rowids 1…total, a phone number each), with the table leaf page
    /// nearest to `fraction` of the file overwritten with garbage; returns the path and the rows
    /// that page held.
    private func damagedDatabase(_ directory: TemporaryDirectory, total: Int, fraction: Double) throws -> (path: String, lost: Int) {
        let path = directory.path + "/damaged.db"
        var sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, phone TEXT, note TEXT); BEGIN;"
        for index in 1...total {
            let phone = "010-2345-" + String(format: "%04d", 1000 + index % 9000)
            sql += "INSERT INTO t VALUES (\(index), '\(phone)', 'row \(index) of the damaged table');"
        }
        sql += "COMMIT;"
        try SQLiteFixture.build(sql, at: path)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        var page = max(2, Int(Double(bytes.count / pageSize) * fraction))
        while bytes[(page - 1) * pageSize] != 0x0D { page -= 1 }  // a table leaf page
        let offset = (page - 1) * pageSize
        let cells = Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4])
        var state: UInt64 = 11
        for index in offset..<(offset + pageSize) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, cells)
    }

    /// One damaged leaf page in the middle of a table loses the rows on it, not the rest of the
    /// table; the error names the rowids that could not be read.
    func testDamagedPageLosesOnlyItsOwnRows() throws {
        let directory = try TemporaryDirectory()
        let total = 20_000
        let (path, lost) = try damagedDatabase(directory, total: total, fraction: 0.5)
        XCTAssertGreaterThan(lost, 10)
        let result = try engine().collect([path])
        XCTAssertEqual(result.summary.rows, Int64(total - lost))
        let read = Set(result.findings.compactMap(\.record?.rowid))
        let missing = (1...Int64(total)).filter { !read.contains($0) }
        XCTAssertEqual(missing.count, lost)
        let first = try XCTUnwrap(missing.first), last = try XCTUnwrap(missing.last)
        XCTAssertEqual(last - first + 1, Int64(lost), "one stretch of rows")
        XCTAssertTrue(read.contains(Int64(total)), "rows after the damaged page are scanned")
        let found = errors(result)
        XCTAssertEqual(found.count, 1)
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("table \"t\": database disk image is malformed"), message)
        XCTAssertTrue(message.contains("no row with a rowid in \(first)–\(last) could be read"), message)
    }

    /// The header of the root page of a small table damaged: no seek reads a row, from before the
    /// first rowid to the largest; the search ends (it once kept probing one rowid for ever) and
    /// the error says nothing could be read, naming the table as findings would (masked: this one
    /// is named after a phone number).
    func testDamagedRootPageEndsTheSearch() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/root.db"
        try SQLiteFixture.build(
            "CREATE TABLE t_01027458813 (id INTEGER PRIMARY KEY, phone TEXT);"
                + (1...10).map { "INSERT INTO t_01027458813 (phone) VALUES ('010-2745-88\($0 + 10)');" }.joined(),
            at: path)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        for index in pageSize..<(pageSize + 8) { bytes[index] = 0xFF }  // page 2: the table's root
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try engine().collect([path])
        XCTAssertEqual(result.summary.rows, 0)
        let message = try XCTUnwrap(errors(result).first?.message)
        XCTAssertTrue(message.contains("database disk image is malformed"), message)
        XCTAssertFalse(message.contains("01027458813"), message)
        XCTAssertTrue(message.contains("8813"), message)
    }

    /// The last leaf page damaged: the rows before it are scanned, and the error says reading
    /// stopped there.
    func testDamagedLastPageLosesTheEndOfTheTable() throws {
        let directory = try TemporaryDirectory()
        let total = 3_000
        let (path, lost) = try damagedDatabase(directory, total: total, fraction: 1)
        let result = try engine().collect([path])
        XCTAssertEqual(result.summary.rows, Int64(total - lost))
        let message = try XCTUnwrap(errors(result).first?.message)
        XCTAssertTrue(message.contains("no row with a rowid from \(total - lost + 1) on could be read"), message)
    }

    /// A worker's rowid range that holds the damaged page loses that page's rows and stops at
    /// the range's end.
    func testDamagedPageInsideARowidRangePart() throws {
        let directory = try TemporaryDirectory()
        let (path, lost) = try damagedDatabase(directory, total: 20_000, fraction: 0.5)
        let configuration = testConfiguration()
        let detectors = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).detectors
        let scanner = SQLiteScanner(scanner: UnitScanner(detectors: detectors, configuration: configuration), configuration: configuration)
        var rowids: [Int64] = []
        let outcome = scanner.scan(path: path, walMode: false, part: SQLiteScanner.Part(table: "t", rowids: 2_001...18_000)) {
            rowids.append($0.record?.rowid ?? 0)
        }
        XCTAssertEqual(outcome.rows, Int64(16_000 - lost))
        XCTAssertEqual(rowids.min(), 2_001)
        XCTAssertEqual(rowids.max(), 18_000)
        XCTAssertEqual(outcome.issues.count, 1)
        XCTAssertTrue(outcome.issues.first?.message.contains("could be read") ?? false, "\(outcome.issues)")
    }
}

extension SQLiteSchemaAndDamageTests {
    // MARK: - BLOB cells that hold text

    /// A JSONB element as SQLite 3.45+ writes it: a header byte (size code in the high four
    /// bits, type in the low four; 12/13/14 mean 1/2/4 size bytes follow, big-endian), then the
    /// payload. Built by hand: the system SQLite (3.40) has no `jsonb()`.
    private func jsonb(_ type: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let count = payload.count
        switch count {
        case 0...11: return [UInt8(count) << 4 | type] + payload
        case 12...0xFF: return [0xC0 | type, UInt8(count)] + payload
        case 0x100...0xFFFF: return [0xD0 | type, UInt8(count >> 8), UInt8(count & 0xFF)] + payload
        default: return [0xE0 | type] + withUnsafeBytes(of: UInt32(count).bigEndian) { Array($0) } + payload
        }
    }
    private func text(_ string: String, type: UInt8 = 7) -> [UInt8] { jsonb(type, Array(string.utf8)) }
    private func object(_ members: [([UInt8], [UInt8])]) -> [UInt8] { jsonb(12, members.flatMap { $0.0 + $0.1 }) }
    private func hex(_ bytes: [UInt8]) -> String { "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'" }

    /// `{"name":"홍길동","hp":"01023456789","tags":["vip",{"jumin_no":"900101-1234568"}],"n":12,"ok":true,"memo":"say \"hi\"\n"}`
    private var sampleJSONB: [UInt8] {
        object([
            (text("name"), text("홍길동")),
            (text("hp"), text("01023456789")),
            (text("tags", type: 10), jsonb(11, text("vip") + object([(text("jumin_no"), text("900101-1234568"))]))),
            (text("n"), jsonb(3, Array("12".utf8))),
            (text("ok"), [0x01]),
            (text("memo"), text("say \"hi\"\n", type: 10)),
        ])
    }
    private var sampleJSON: String {
        #"{"name":"홍길동","hp":"01023456789","tags":["vip",{"jumin_no":"900101-1234568"}],"n":12,"ok":true,"memo":"say \"hi\"\u000a"}"#
    }

    func testJSONBRendersAsItsJSONText() {
        var output: [UInt8] = []
        XCTAssertTrue(sampleJSONB.withUnsafeBytes { JSONB.render($0, into: &output) })
        XCTAssertEqual(String(decoding: output, as: UTF8.self), sampleJSON)
        // Larger sizes (2- and 4-byte size fields) and nesting.
        let long = String(repeating: "가", count: 30_000)
        let wide = jsonb(11, text(long) + jsonb(11, jsonb(11, [])))
        output = []
        XCTAssertTrue(wide.withUnsafeBytes { JSONB.render($0, into: &output) })
        XCTAssertEqual(String(decoding: output, as: UTF8.self), "[\"\(long)\",[[]]]")
        // A small JSONB blob can be valid UTF-8 too (`K7abc`): it still reads as its JSON.
        let small = jsonb(11, text("abc"))
        XCTAssertTrue(small.withUnsafeBytes { SQLiteScanner.isText($0) })
        XCTAssertEqual(small.withUnsafeBytes { BlobText.text(of: $0, output: &output) }, .output)
        XCTAssertEqual(String(decoding: output, as: UTF8.self), "[\"abc\"]")
    }

    /// Only a blob that parses whole as JSONB is read as JSONB.
    func testBlobsThatAreNotJSONBAreNotMisread() {
        func valid(_ bytes: [UInt8]) -> Bool {
            var output: [UInt8] = []
            return bytes.withUnsafeBytes { JSONB.render($0, into: &output) }
        }
        XCTAssertFalse(valid(Array(sampleJSONB.dropLast())), "truncated")
        XCTAssertFalse(valid(sampleJSONB + [0x00]), "trailing bytes")
        XCTAssertFalse(valid(object([(jsonb(3, Array("1".utf8)), text("x"))])), "a key that is no text")
        XCTAssertFalse(valid(jsonb(12, text("odd"))), "a key without a value")
        XCTAssertFalse(valid(jsonb(11, [0x11, 0x00])), "true with a payload")
        XCTAssertFalse(valid(jsonb(11, text("x") + [0x0D])), "a reserved type")
        XCTAssertFalse(valid(jsonb(11, jsonb(7, [0xFF, 0xFE]))), "text that is no UTF-8")
        XCTAssertFalse(valid(text("a string at the top")), "scalars at the top are not taken for JSONB")
        // Nesting up to the limit is read; deeper is not (and does not exhaust the stack).
        func nested(_ depth: Int) -> [UInt8] { (0..<depth).reduce(text("x")) { inner, _ in jsonb(11, inner) } }
        XCTAssertTrue(valid(nested(JSONB.maximumDepth)))
        XCTAssertFalse(valid(nested(JSONB.maximumDepth + 1)))
        XCTAssertFalse(valid(nested(5_000)))
        // Random blobs that start like an array or object.
        var state: UInt64 = 3
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        var misread = 0
        for round in 0..<20_000 {
            var bytes = (0..<(4 + round % 300)).map { _ in next() }
            bytes[0] = bytes[0] & 0xF0 | (round % 2 == 0 ? 11 : 12)
            if valid(bytes) { misread += 1 }
        }
        XCTAssertEqual(misread, 0)
    }

    /// A JSONB cell is scanned as the JSON text it stands for: the same findings, confidence
    /// (the keys are context) and offsets as that JSON in a TEXT cell.
    func testJSONBCellsAreScannedLikeTheirJSONText() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/jsonb.db"
        let escaped = sampleJSON.replacingOccurrences(of: "'", with: "''")
        try SQLiteFixture.build(
            """
            CREATE TABLE as_text (id INTEGER PRIMARY KEY, data TEXT);
            CREATE TABLE as_jsonb (id INTEGER PRIMARY KEY, data BLOB);
            INSERT INTO as_text VALUES (1, '\(escaped)');
            INSERT INTO as_jsonb VALUES (1, \(hex(sampleJSONB)));
            """, at: path)
        let result = try engine(minConfidence: 0).collect([path])
        func shape(_ table: String) -> [String] {
            result.findings.filter { $0.record?.table == table }
                .map { "\($0.category) \($0.confidence) \($0.offset) \($0.length) \($0.masked) \($0.field ?? "-")" }
        }
        XCTAssertTrue(errors(result).isEmpty)
        XCTAssertFalse(shape("as_text").isEmpty)
        XCTAssertEqual(shape("as_jsonb"), shape("as_text"))
        XCTAssertTrue(result.findings.contains { $0.record?.table == "as_jsonb" && $0.category == .rrn })
        XCTAssertTrue(result.findings.contains { $0.record?.table == "as_jsonb" && $0.category == .phone })
    }

    /// C strings (UTF-8 with trailing NULs) and UTF-16 with a BOM are read as their text;
    /// UTF-16 without a BOM and CP949 are not (yet).
    func testBlobCellsHoldingCStringsAndUTF16AreRead() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/blobs.db"
        let memo = "연락처 010-2345-6789"
        let little = memo.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = memo.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let cp949: [UInt8] = [0xBF, 0xAC, 0xB6, 0xF4, 0xC3, 0xB3, 0x20] + Array("010-2345-6789".utf8)
        try SQLiteFixture.build(
            """
            CREATE TABLE b (id INTEGER PRIMARY KEY, memo BLOB);
            INSERT INTO b VALUES (1, \(hex(Array(memo.utf8) + [0])));
            INSERT INTO b VALUES (2, \(hex(Array(memo.utf8) + [0, 0, 0])));
            INSERT INTO b VALUES (3, \(hex([0xFF, 0xFE] + little + [0, 0])));
            INSERT INTO b VALUES (4, \(hex([0xFE, 0xFF] + big)));
            INSERT INTO b VALUES (5, \(hex(little)));
            INSERT INTO b VALUES (6, \(hex(cp949)));
            INSERT INTO b VALUES (7, \(hex(Array(memo.utf8) + [0] + Array("x".utf8))));
            INSERT INTO b VALUES (8, \(hex([0xFF, 0xFE] + little.dropLast(2) + [0x00, 0xD8])));
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertTrue(errors(result).isEmpty)
        let phones = result.findings.filter { $0.category == .phone }
        XCTAssertEqual(phones.compactMap(\.record?.rowid), [1, 2, 3, 4])
        // Offsets are within the text: "연락처 " is 10 bytes of UTF-8.
        XCTAssertEqual(Set(phones.map(\.offset)), [10])
        XCTAssertEqual(Set(phones.map(\.length)), [13])
        // Bytes scanned: the text, without NULs, as UTF-8 (and the ids 1…8, a digit each).
        XCTAssertEqual(result.summary.bytes, Int64(4 * memo.utf8.count + 8))
    }
}

extension SQLiteSchemaAndDamageTests {
    /// A row whose content is damaged (its overflow page overwritten) while its page is intact:
    /// the seek for it works, reading it does not. That one row is lost, the rows after it are
    /// read, and the error names it alone.
    func testDamagedRowContentLosesThatRowOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/overflow.db"
        var sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, phone TEXT, note TEXT); BEGIN;"
        for index in 1...100 {
            let note = index == 50 ? String(repeating: "Q", count: 20_000) : "short"
            sql += "INSERT INTO t VALUES (\(index), '010-2345-\(1000 + index)', '\(note)');"
        }
        sql += "COMMIT;"
        try SQLiteFixture.build(sql, at: path)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        // The overflow pages of row 50: a next-page number, then nothing but `Q`s.
        let overflow = (1..<(bytes.count / pageSize)).filter { page in
            bytes[(page * pageSize + 4)..<(page * pageSize + 100)].allSatisfy { $0 == UInt8(ascii: "Q") }
        }
        let page = try XCTUnwrap(overflow.first)  // the first of the chain: the next one is needed
        for index in (page * pageSize)..<(page * pageSize + 4) { bytes[index] = 0xFF }  // a next page past the end
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try engine().collect([path])
        let read = result.findings.compactMap(\.record?.rowid)
        XCTAssertEqual(read, Array(1...49) + Array(51...100))
        XCTAssertEqual(result.summary.rows, 99)
        let message = try XCTUnwrap(errors(result).first?.message)
        XCTAssertTrue(message.contains("no row with a rowid in 50–50 could be read"), message)
    }
}
