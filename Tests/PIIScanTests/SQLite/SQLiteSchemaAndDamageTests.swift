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
            sql += "INSERT INTO t VALUES (\(index), '010-2345-\(String(format: "%04d", 1000 + index % 9000))', 'row \(index) of the damaged table');"
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
