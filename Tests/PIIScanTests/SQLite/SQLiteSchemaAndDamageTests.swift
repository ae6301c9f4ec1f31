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
