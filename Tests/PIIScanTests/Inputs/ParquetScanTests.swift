import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Parquet files through the engine (fixtures written by pyarrow with
/// `fixtures/parquet/make_fixtures.py`): rows scanned as a table's, whatever the codec, page
/// version, encoding, dictionary or page size; nested columns; damaged files.
final class ParquetScanTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/parquet")

    private func engine(bufferSize: Int = 1 << 20) throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(threads: 1, bufferSize: bufferSize), rules: .builtIn())
    }

    private func fixture(_ name: String) -> String { Self.directory.appendingPathComponent(name).path }

    /// category@column#row = masked value
    private func cells(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.category.rawValue)@\($0.record?.column ?? $0.field ?? "-")#\($0.record?.rowid ?? Int64($0.line - 1)) = \($0.masked)" }
    }

    /// Every writer setting (snappy with dictionaries, zstd with v2 pages and no dictionary,
    /// gzip with 64-byte pages in three row groups, Brotli with DELTA encodings, LZ4 and
    /// uncompressed columns) gives the findings of the same rows exported as CSV — same
    /// category, column, row and masked value — and nothing in the order numbers, timestamps
    /// and amounts.
    func testEveryWriterSettingGivesTheFindingsOfTheCSVExport() throws {
        for bufferSize in [1 << 20, 4096] {
            let engine = try engine(bufferSize: bufferSize)
            let csv = engine.collect([fixture("customers.csv")])
            XCTAssertEqual(csv.findings.count, 41)
            for name in [
                "customers.snappy.parquet", "customers_zstd_v2.parquet", "customers_gzip_pages.parquet",
                "customers_brotli_delta.parquet", "customers_lz4_none.parquet",
            ] {
                let result = engine.collect([fixture(name)])
                XCTAssertEqual(result.issues, [], name)
                XCTAssertEqual(cells(result.findings), cells(csv.findings), name)
                XCTAssertEqual(result.summary.rows, 12, name)
                XCTAssertTrue(result.findings.allSatisfy { $0.path == fixture(name) && $0.line == 0 }, name)
            }
        }
        let snappy = try engine().collect([fixture("customers.snappy.parquet")])
        XCTAssertEqual(snappy.findings.first?.record, RecordLocation(table: "customers", column: "주민등록번호", rowid: 1))
        XCTAssertEqual(snappy.findings.first?.confidence, 1.0)
        let rrn = try XCTUnwrap(snappy.summary.columns.first { $0.key.column == "주민등록번호" })
        XCTAssertEqual(rrn.rows, 8)  // the rows that hold a value (nulls are no cells)
        XCTAssertEqual(rrn.rowsWithFindings, [Category.rrn: 8])
        // Six-digit member numbers are no identifier (not scanned) but count as the column's rows.
        XCTAssertEqual(snappy.summary.columns.first { $0.key.column == "member_no" }?.rows, 12)
        XCTAssertEqual(Set(snappy.summary.columns.map(\.key.column)), ["member_no", "성명", "주민등록번호", "휴대폰", "email", "주소", "order_no", "amount"])
    }

    /// A struct's fields by their path, a list's elements as cells of one row, and phone
    /// numbers stored as integers (`1023456781`) found with their lost leading zero.
    func testNestedColumnsListsAndIntegersThatLostTheirZero() throws {
        let result = try engine().collect([fixture("contacts_nested.parquet")])
        XCTAssertEqual(result.issues, [])
        let row1 = result.findings.filter { $0.record?.rowid == 1 }.map { "\($0.category.rawValue)@\($0.record!.column)=\($0.masked)" }
        XCTAssertEqual(row1, [
            "kr-phone@contact.phone=010-****-6781", "email@contact.email=u***@example.co.kr",
            "kr-phone@phones=010-****-5401", "kr-phone@phones=02-***-3456", "kr-phone@mobile=010****6781",
        ])
        XCTAssertEqual(result.findings.filter { $0.record?.rowid == 2 }.map(\.record!.column), ["contact.phone", "contact.email", "mobile"])
        let mobile = try XCTUnwrap(result.findings.first { $0.record?.column == "mobile" })
        XCTAssertLessThan(mobile.confidence, 1.0)  // a restored zero costs confidence
        XCTAssertEqual(result.findings.count, 12 * 3 + 6 * 2)
    }

    /// Numbers as warehouses type them: Spark's DECIMAL(38,0) in 16 bytes and a float64 column
    /// (pandas, with a null) give their phone numbers with the zero restored, an INT64 its
    /// resident number; a FLOAT32 (its 24-bit mantissa already rounded the number) is not read.
    func testDecimalIntegerAndFloatingColumns() throws {
        let result = try engine().collect([fixture("numbers_decimal.parquet")])
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(
            result.findings.map { "\($0.record!.column)#\($0.record!.rowid!)=\($0.masked)" },
            ["hp#1=010****6781", "rrn_no#1=9001011******", "mobile#1=010****6783", "hp#2=010****6782"])
        XCTAssertFalse(result.summary.columns.contains { $0.key.column == "score" })
    }

    /// A Parquet file in an archive or compressed is read from memory; a cut file, one that is
    /// not Parquet but named so, and damaged files are errors, never crashes.
    func testDamagedAndWrappedFiles() throws {
        let directory = try TemporaryDirectory()
        let engine = try engine()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture("customers.snappy.parquet"))))
        let reference = engine.collect([fixture("customers.snappy.parquet")])

        let gzip = try directory.write("customers.parquet.gz", try gzipped(bytes))
        let tar = try directory.write("lake.tar", InputTests.tarArchive([("events/dt=2026-11-01/part-00000-a1.snappy.parquet", bytes)]))
        let wrapped = engine.collect([gzip, tar])
        XCTAssertEqual(wrapped.issues, [])
        XCTAssertEqual(wrapped.findings.count, 2 * reference.findings.count)
        XCTAssertEqual(wrapped.findings.last?.path, tar + "!events/dt=2026-11-01/part-00000-a1.snappy.parquet")
        XCTAssertEqual(wrapped.findings.last?.record?.table, "events")  // a part file's table is its dataset

        let cut = engine.collect([try directory.write("cut.parquet", Array(bytes.prefix(bytes.count * 6 / 10)))])
        XCTAssertEqual(cut.issues.map(\.kind), [.error])
        XCTAssertTrue(cut.issues[0].message.hasPrefix("Parquet: truncated Parquet file"), cut.issues[0].message)
        let misnamed = engine.collect([try directory.write("export.parquet", [0x4F, 0x62, 0x6A, 0x01, 0, 0, 0, 2, 0xFF])])
        XCTAssertEqual(misnamed.issues.map(\.message), ["Parquet: not a Parquet file (no PAR1 header), so it was not scanned"])
        XCTAssertEqual(misnamed.issues.map(\.kind), [.error])

        var generator = SystemRandomNumberGenerator()
        for round in 0..<80 {
            var mutated = bytes
            for _ in 0..<(1 + round % 4) {
                // Half of the mutations in the footer, where the structure is.
                let range = round % 2 == 0 ? 0..<mutated.count : (mutated.count - 600)..<mutated.count
                mutated[Int.random(in: range, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let result = engine.collect([try directory.write("m\(round).parquet", mutated)])
            XCTAssertLessThanOrEqual(result.findings.count, 4 * reference.findings.count)
            XCTAssertTrue(result.issues.allSatisfy { $0.kind == .error }, "\(result.issues)")
        }
    }

    func testTableNames() {
        XCTAssertEqual(ScanEngine.parquetTableName("/lake/customers.snappy.parquet"), "customers")
        XCTAssertEqual(ScanEngine.parquetTableName("/lake/events/dt=2026-11-01/hour=03/part-00000-3ac1-c000.snappy.parquet"), "events")
        XCTAssertEqual(ScanEngine.parquetTableName("a.zip!exports/members.parquet"), "members")
        XCTAssertEqual(ScanEngine.parquetTableName("part-0.parquet"), "part-0")
    }
}
