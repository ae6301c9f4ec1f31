import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class SQLiteScanTests: XCTestCase {
    private func engine(threads: Int = 1, minConfidence: Double = 0.5, showValues: Bool = false) throws -> ScanEngine {
        var configuration = testConfiguration(threads: threads)
        configuration.minConfidence = minConfidence
        configuration.showValues = showValues
        configuration.databaseBusyTimeoutMilliseconds = 50
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    /// `shop.sql` built in a fresh directory.
    private func shop(_ directory: TemporaryDirectory, name: String = "shop.db", wal: Bool = false) throws -> String {
        let path = directory.url.appendingPathComponent(name).path
        try SQLiteFixture.build(try SQLiteFixture.sql("shop.sql"), at: path, wal: wal)
        return path
    }

    private func findings(_ result: (findings: [Finding], issues: [InputIssue], summary: ScanSummary), table: String, column: String) -> [Finding] {
        result.findings.filter { $0.record?.table == table && $0.record?.column == column }
    }

    func testFindingsCarryTableColumnRowidAndCellOffsets() throws {
        let directory = try TemporaryDirectory()
        let result = try engine().collect([try shop(directory)])
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        let rrn = findings(result, table: "customers", column: "jumin_no")
        XCTAssertEqual(rrn.map(\.record?.rowid), [1, 2])
        XCTAssertEqual(rrn.map(\.category), [.rrn, .rrn])
        XCTAssertEqual(rrn[0].verdict, .confirmed)
        XCTAssertEqual(rrn[0].masked, "900101-1******")
        XCTAssertEqual(rrn[0].offset, 0)
        XCTAssertEqual(rrn[0].length, 14)
        XCTAssertEqual(rrn[0].line, 0)
        XCTAssertEqual(rrn[0].column, 0)
        XCTAssertNil(rrn[0].record?.primaryKey)
        XCTAssertNil(rrn[0].value)
        // Offsets are within the cell: "연락처 " is 10 bytes.
        let memo = findings(result, table: "customers", column: "memo")
        XCTAssertEqual(memo.map(\.category), [.phone])
        XCTAssertEqual(memo.first?.offset, 10)
        XCTAssertEqual(memo.first?.length, 13)
        XCTAssertEqual(findings(result, table: "customers", column: "email").first?.category, .email)
        XCTAssertEqual(findings(result, table: "customers", column: "addr").first?.category, .address)
    }

    func testWithoutRowidTablesAreLocatedByPrimaryKeyWhichIsMasked() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory)
        let members = findings(try engine().collect([path]), table: "members", column: "phone")
        XCTAssertEqual(members.count, 1)
        XCTAssertNil(members.first?.record?.rowid)
        // The key (email, site) holds an e-mail address: masked unless values are shown.
        XCTAssertEqual(members.first?.record?.primaryKey, "h***@naver.com|shop")
        let shown = findings(try engine(showValues: true).collect([path]), table: "members", column: "phone")
        XCTAssertEqual(shown.first?.record?.primaryKey, "hong.gildong@naver.com|shop")
    }

    /// Five people whose e-mail keys all mask to `m***@naver.com`: five records for the
    /// linkage, with or without `--show-values`, and the key fingerprint holds no value.
    func testWithoutRowidRecordsAreIdentifiedByTheExactKeyNotItsMaskedText() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/members.db"
        var sql = "CREATE TABLE m (email TEXT, site TEXT, phone TEXT, PRIMARY KEY (email, site)) WITHOUT ROWID;\n"
        for person in 0..<5 { sql += "INSERT INTO m VALUES ('member\(person)x@naver.com', 'shop', '010-2345-678\(person)');\n" }
        try SQLiteFixture.build(sql, at: path)
        for showValues in [false, true] {
            let result = try engine(showValues: showValues).collect([path])
            XCTAssertEqual(result.findings.count, 10, "an e-mail and a phone per row")
            XCTAssertEqual(result.summary.exposure.linkage.components.d, 5, "show values: \(showValues)")
            XCTAssertEqual(result.summary.exposure.linkage.hubs, 0)
            let keys = result.findings.compactMap(\.record?.keyFingerprint)
            XCTAssertEqual(keys.count, 10)
            XCTAssertEqual(Set(keys).count, 5, "one identity per row")
            XCTAssertTrue(keys.allSatisfy { $0.hasPrefix("hmac-sha256:") && !$0.contains("member") })
            if !showValues {
                XCTAssertEqual(Set(result.findings.compactMap(\.record?.primaryKey)), ["m***@naver.com|shop"])
            }
        }
        // The identity does not depend on masking: the same fingerprints either way.
        let masked = try engine().collect([path]).findings.compactMap(\.record?.keyFingerprint)
        let shown = try engine(showValues: true).collect([path]).findings.compactMap(\.record?.keyFingerprint)
        XCTAssertEqual(masked, shown)
    }

    /// Key cells holding values below the threshold (a role address, a resident number with a
    /// bad check digit, an address no rule accepts) are not shown raw, and a value that is a
    /// finding reads in the key exactly as the finding's masked value.
    func testPrimaryKeyShowsNoRawValueAndMasksLikeTheFindings() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/keys.db"
        let keys = ["noreply@naver.com", "900101-1234568", "9001011234567", "hong.gildong@gmail", "a b@x"]
        var sql = "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;\n"
        for key in keys { sql += "INSERT INTO t VALUES ('\(key)', 'rrn 850315-2012341');\n" }
        try SQLiteFixture.build(sql, at: path)
        let result = try engine().collect([path])
        let shown = Set(result.findings.compactMap(\.record?.primaryKey))
        XCTAssertEqual(shown.count, keys.count, "\(shown)")
        for key in keys {
            XCTAssertFalse(shown.contains(key), "raw key \(key) in \(shown)")
        }
        for text in shown {
            for raw in ["noreply", "1234568", "1234567", "gildong", "a b@"] {
                XCTAssertFalse(text.contains(raw), "\(raw) in \(text)")
            }
        }
        // The confirmed resident number in the key reads as its finding does.
        let inKey = result.findings.first { $0.record?.column == "k" && $0.category == .rrn }
        XCTAssertEqual(inKey?.masked, "900101-1******")
        XCTAssertTrue(shown.contains("900101-1******"), "\(shown)")
        XCTAssertTrue(shown.contains("n***@naver.com"), "\(shown)")
    }

    func testTableNamesThatNeedQuoting() throws {
        let directory = try TemporaryDirectory()
        let result = try engine().collect([try shop(directory)])
        let frn = findings(result, table: "고객 \"외국인\" 명단", column: "등록 번호")
        XCTAssertEqual(frn.map(\.category), [.frn])
        XCTAssertEqual(frn.first?.record?.rowid, 1)
    }

    func testViewsAreSkippedAndEveryTableIsListed() throws {
        let directory = try TemporaryDirectory()
        let result = try engine().collect([try shop(directory)])
        let tables = Set(result.summary.columns.map(\.key.table))
        XCTAssertEqual(tables, ["customers", "members", "고객 \"외국인\" 명단", "context_demo", "numbers", "legacy_members"])
        XCTAssertFalse(result.findings.contains { $0.record?.table == "customer_contacts" })
    }

    func testIntegerCellsAreScannedAndLostLeadingZerosLowerConfidence() throws {
        let directory = try TemporaryDirectory()
        let result = try engine(minConfidence: 0).collect([try shop(directory)])
        let rrn = findings(result, table: "numbers", column: "rrn")
        XCTAssertEqual(rrn.map(\.category), [.rrn])
        XCTAssertEqual(rrn.first?.record?.rowid, 10)
        let mobile = findings(result, table: "numbers", column: "mobile")
        XCTAssertEqual(mobile.map(\.category), [.phone])
        XCTAssertEqual(mobile.first?.offset, 0)
        XCTAssertEqual(mobile.first?.length, 10)  // the cell "1023456789"
        XCTAssertEqual(mobile.first?.masked, "010****6789")
        // The same number as text in a phone column is more certain.
        let text = findings(result, table: "members", column: "phone")
        XCTAssertLessThan(mobile.first?.confidence ?? 1, text.first?.confidence ?? 0)
        XCTAssertGreaterThanOrEqual(mobile.first?.confidence ?? 0, 0.5, "a phone-named column keeps it reportable")
        // Integer keys and small numbers are never read as lost-zero numbers.
        XCTAssertTrue(findings(result, table: "numbers", column: "id").isEmpty)
        XCTAssertTrue(findings(result, table: "numbers", column: "qty").isEmpty)
    }

    func testBlobCellsAreScannedOnlyWhenTheyHoldText() throws {
        let directory = try TemporaryDirectory()
        let result = try engine(minConfidence: 0).collect([try shop(directory)])
        XCTAssertEqual(findings(result, table: "customers", column: "memo").count, 1)
        XCTAssertTrue(findings(result, table: "customers", column: "photo").isEmpty)
        XCTAssertTrue(SQLiteScanner.isText(UnsafeRawBufferPointer(start: nil, count: 0)) == false)
        Array("연락처".utf8).withUnsafeBytes { XCTAssertTrue(SQLiteScanner.isText($0)) }
        [0x89, 0x50, 0x4E, 0x47].withUnsafeBytes { XCTAssertFalse(SQLiteScanner.isText($0)) }
        Array("a\0b".utf8).withUnsafeBytes { XCTAssertFalse(SQLiteScanner.isText($0)) }
    }

    func testColumnNamesAreContext() throws {
        let directory = try TemporaryDirectory()
        let result = try engine(minConfidence: 0).collect([try shop(directory)])
        func confidence(_ column: String) -> Double? { findings(result, table: "context_demo", column: column).first?.confidence }
        let named = try XCTUnwrap(confidence("rrn"))
        let neutral = try XCTUnwrap(confidence("note"))
        let barcode = try XCTUnwrap(confidence("barcode"))
        XCTAssertGreaterThan(named, neutral)
        XCTAssertGreaterThan(neutral, barcode)
        XCTAssertLessThan(barcode, 0.5, "a barcode column hides the number at the default threshold")
        XCTAssertLessThan(try XCTUnwrap(confidence("updated_at")), 0.5, "timestamp-like column names lower confidence")
        // Keywords on the line win over the column name.
        XCTAssertEqual(SQLiteScanner.context(forColumn: "created_at"), Array("created_at timestamp".utf8))
        XCTAssertEqual(SQLiteScanner.context(forColumn: "jumin_no"), Array("jumin_no".utf8))
    }

    func testColumnSummary() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory)
        let result = try engine().collect([path])
        XCTAssertEqual(result.summary.files, 1)
        XCTAssertEqual(result.summary.rows, 4 + 2 + 1 + 1 + 1 + 2)
        let jumin = try XCTUnwrap(result.summary.columns.first { $0.key == ColumnKey(path: path, table: "customers", column: "jumin_no") })
        XCTAssertEqual(jumin.rows, 4)
        XCTAssertEqual(jumin.rowsWithFindings, [.rrn: 2])
        XCTAssertEqual(jumin.share(of: .rrn), 0.5)
        let name = try XCTUnwrap(result.summary.columns.first { $0.key.table == "customers" && $0.key.column == "name" })
        XCTAssertEqual(name.rows, 4)
        XCTAssertTrue(name.rowsWithFindings.isEmpty)
        // Schema order: customers' columns first, in declaration order.
        XCTAssertEqual(result.summary.columns.prefix(3).map(\.key.column), ["id", "name", "jumin_no"])
        // 2 customers, context_demo rrn + note, numbers.rrn, 3 joined legacy_members pairs
        XCTAssertEqual(result.summary.counts[.rrn], 8)
    }

    func testResidentNumbersSplitOverTwoColumnsAreJoined() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory)
        let result = try engine().collect([path])
        let jumin = findings(result, table: "legacy_members", column: "jumin1+jumin2")
        XCTAssertEqual(jumin.map(\.record?.rowid), [1, 2])
        XCTAssertEqual(jumin.map(\.verdict), [.confirmed, .plausible])
        XCTAssertEqual(jumin.first?.masked, "900101-1******")
        XCTAssertEqual(jumin.first?.length, 14)
        let ssn = findings(result, table: "legacy_members", column: "ssn_1+ssn_2")
        XCTAssertEqual(ssn.map(\.masked), ["850315-2******"], "INTEGER halves work too")
        XCTAssertTrue(findings(result, table: "legacy_members", column: "jumin1").isEmpty)
        let summary = try XCTUnwrap(result.summary.columns.first { $0.key == ColumnKey(path: path, table: "legacy_members", column: "ssn_1+ssn_2") })
        XCTAssertEqual(summary.rows, 2)
        XCTAssertEqual(summary.rowsWithFindings, [.rrn: 1])
        XCTAssertEqual(SQLiteScanner.splitPairs(["id", "RRN1", "rrn2", "phone1", "phone2", "주민번호_1", "주민번호_2"]).map { [$0.first, $0.second] }, [[1, 2], [5, 6]])
    }

    /// A resident number stored as an INTEGER loses one leading zero for births in 2001–2009, and
    /// two (October–December) or three (January–September) for births in 2000: all are restored.
    /// Only a phone number's single lost zero is tried (`00…` is no phone number).
    func testIntegerResidentNumbersOfBirthsIn2000GetAllTheirZerosBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("ints.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE customer (id INTEGER PRIMARY KEY, resident_no INTEGER, amount INTEGER, tel INTEGER);
            INSERT INTO customer VALUES (1, 1013123451, 1013123451, 1023456789);
            INSERT INTO customer VALUES (2, 10154123453, 10154123453, NULL);
            INSERT INTO customer VALUES (3, 505053123453, 505053123453, NULL);
            INSERT INTO customer VALUES (4, 2294123457, 2294123457, NULL);
            """, at: path)
        let result = try engine(showValues: true).collect([path])
        let rrn = findings(result, table: "customer", column: "resident_no")
        XCTAssertEqual(rrn.map(\.record?.rowid), [1, 2, 3, 4])
        XCTAssertEqual(rrn.map(\.masked), ["0001013******", "0010154******", "0505053******", "0002294******"])
        XCTAssertEqual(rrn.map(\.value), ["1013123451", "10154123453", "505053123453", "2294123457"])
        XCTAssertEqual(rrn.map(\.length), [10, 11, 12, 10])
        XCTAssertEqual(rrn.map(\.confidence), [0.6, 0.6, 0.6, 0.6])
        // Without a resident-number column name the penalty keeps them below the threshold; two or
        // three restored zeros need 0.5 even when everything else is reported.
        XCTAssertTrue(findings(result, table: "customer", column: "amount").isEmpty)
        let everything = try engine(minConfidence: 0).collect([path])
        XCTAssertEqual(findings(everything, table: "customer", column: "amount").filter { $0.category == .rrn }.map(\.length), [12])
        XCTAssertEqual(findings(result, table: "customer", column: "tel").map(\.value), ["1023456789"])
        XCTAssertEqual(CellScanner.lostZeroCounts(digits: 10), [1, 3])
        XCTAssertEqual(CellScanner.lostZeroCounts(digits: 13), [])
    }

    /// Landlines, VoIP and legacy mobiles stored as INTEGERs reach the threshold in a phone-named
    /// column, like a standard mobile, and stay below it elsewhere.
    func testIntegerLandlinesInAPhoneNamedColumnAreReported() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("tel.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE customer (id INTEGER PRIMARY KEY, tel_no INTEGER, qty INTEGER);
            INSERT INTO customer VALUES (1, 212345678, 212345678);
            INSERT INTO customer VALUES (2, 317654321, 317654321);
            INSERT INTO customer VALUES (3, 7043218765, 7043218765);
            INSERT INTO customer VALUES (4, 112345678, 112345678);
            INSERT INTO customer VALUES (5, 1023456789, 1023456789);
            INSERT INTO customer VALUES (6, 222222222, 222222222);
            """, at: path)
        let result = try engine().collect([path])
        let tel = findings(result, table: "customer", column: "tel_no")
        XCTAssertEqual(tel.map(\.record?.rowid), [1, 2, 3, 4, 5])
        XCTAssertEqual(tel.map(\.masked), ["02****5678", "031***4321", "070****8765", "011***5678", "010****6789"])
        XCTAssertEqual(tel.map(\.confidence), [0.55, 0.55, 0.55, 0.5, 0.6])
        XCTAssertTrue(findings(result, table: "customer", column: "qty").isEmpty)
    }

    /// A REAL that holds a whole number (a phone or resident number in a FLOAT/DOUBLE column) is
    /// scanned as that integer; fractions and huge magnitudes are not numbers of anyone.
    func testRealCellsHoldingWholeNumbersAreScannedAsIntegers() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("real.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE member (id INTEGER PRIMARY KEY, phone DOUBLE, jumin REAL, score REAL);
            INSERT INTO member VALUES (1, 1023456789.0, 9001011234568.0, 1023456789.5);
            INSERT INTO member VALUES (2, 1023456789.25, 1.0e300, 3.5);
            INSERT INTO member VALUES (3, 212345678.0, -9001011234568.0, 0.0);
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(findings(result, table: "member", column: "phone").map(\.masked), ["010****6789", "02****5678"])
        XCTAssertEqual(findings(result, table: "member", column: "phone").map(\.record?.rowid), [1, 3])
        // A negative whole number reads as its digits after the sign, as an INTEGER cell does.
        XCTAssertEqual(findings(result, table: "member", column: "jumin").map(\.category), [.rrn, .rrn])
        XCTAssertEqual(findings(result, table: "member", column: "jumin").map(\.record?.rowid), [1, 3])
        XCTAssertEqual(findings(result, table: "member", column: "jumin").first?.masked, "9001011******")
        XCTAssertTrue(findings(result, table: "member", column: "score").isEmpty)
        XCTAssertEqual(SQLiteScanner.wholeNumber(1023456789.0), 1023456789)
        XCTAssertNil(SQLiteScanner.wholeNumber(0.5))
        XCTAssertNil(SQLiteScanner.wholeNumber(.nan))
        XCTAssertNil(SQLiteScanner.wholeNumber(.infinity))
        XCTAssertNil(SQLiteScanner.wholeNumber(9_007_199_254_740_992))
    }

    /// Halves behind a table prefix (`mb_jumin1`, gnuboard style) and front/back halves are joined
    /// too; a generic `reg_no` stem only alone (`corp_reg_no1` is a corporation's number).
    func testSplitResidentNumbersWithPrefixesAndFrontBackNames() throws {
        let pairs = SQLiteScanner.splitPairs([
            "mb_jumin1", "mb_jumin2", "user_rrn_1", "user_rrn_2", "rrn_front", "rrn_back", "ssnFront", "ssnBack",
            "주민번호앞자리", "주민번호뒷자리", "corp_reg_no1", "corp_reg_no2", "reg_no1", "reg_no2", "phone_front", "phone_back",
        ])
        XCTAssertEqual(pairs.map { [$0.first, $0.second] }, [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [12, 13]])

        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("legacy.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE g5_member (mb_no INTEGER PRIMARY KEY, mb_name TEXT, mb_jumin1 TEXT, mb_jumin2 TEXT);
            INSERT INTO g5_member VALUES (1, '홍길동', '900101', '1234568');
            CREATE TABLE customer (cust_no INTEGER PRIMARY KEY, rrn_front INTEGER, rrn_back INTEGER);
            INSERT INTO customer VALUES (7, 850315, 2012341);
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(findings(result, table: "g5_member", column: "mb_jumin1+mb_jumin2").map(\.masked), ["900101-1******"])
        XCTAssertEqual(findings(result, table: "customer", column: "rrn_front+rrn_back").map(\.record?.rowid), [7])
    }

    /// A foreigner registration number's halves (`frn1`/`frn2`, a legacy form's `FGN1`/`FGN2`,
    /// `arc_no1`/`arc_no2`, `외국인등록번호1`/`2`) are joined as a resident number's, and reported
    /// as kr-frn.
    func testSplitForeignerNumbersAreJoined() throws {
        let pairs = SQLiteScanner.splitPairs(["id", "frn1", "frn2", "FGN1", "FGN2", "arc_no1", "arc_no2", "외국인등록번호1", "외국인등록번호2"])
        XCTAssertEqual(pairs.map { [$0.first, $0.second] }, [[1, 2], [3, 4], [5, 6], [7, 8]])
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("dorm.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE dorm_residents (id INTEGER PRIMARY KEY, name TEXT, frn1 TEXT, frn2 TEXT);
            INSERT INTO dorm_residents VALUES (3, 'NGUYEN VAN AN', '860510', '6597752');
            """, at: path)
        let found = findings(try engine().collect([path]), table: "dorm_residents", column: "frn1+frn2")
        XCTAssertEqual(found.map(\.category), [.frn])
        XCTAssertEqual(found.map(\.masked), ["860510-6******"])
    }

    /// An identity document's number under a generic name (`id_no`) takes the document's word
    /// from the column naming its kind (`id_type`), row by row, as a CSV line's cells give it.
    func testAnIdentityNumberIsNamedByItsKindColumn() throws {
        XCTAssertNil(SQLiteScanner.typedIdentityColumns(["id", "id_no", "name"]))
        XCTAssertEqual(SQLiteScanner.typedIdentityColumns(["seq", "ID_TYPE", "id_number"]).map { [$0.number, $0.kind] }, [2, 1])
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("kyc.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE id_verification (seq INTEGER PRIMARY KEY, name TEXT, id_type TEXT, id_no TEXT);
            INSERT INTO id_verification VALUES (1, '홍길동', 'PASSPORT', 'M12345678');
            INSERT INTO id_verification VALUES (2, '김철수', '여권', 'M87654321');
            INSERT INTO id_verification VALUES (3, '이영희', '운전면허증', '11-12-123456-12');
            INSERT INTO id_verification VALUES (4, '최민수', '기타', 'M11112222');
            INSERT INTO id_verification VALUES (5, '정수아', NULL, 'M22223333');
            """, at: path)
        let found = findings(try engine(minConfidence: 0).collect([path]), table: "id_verification", column: "id_no")
        XCTAssertEqual(found.map(\.category), [.passport, .passport, .driverLicense, .passport, .passport])
        XCTAssertEqual(found.map(\.confidence), [0.7, 0.7, 0.8, 0.3, 0.3], "the kind's word counts only on its row")
        XCTAssertEqual(IdentityDocument(kind: UnsafeRawBufferPointer(start: nil, count: 0)), nil)
    }

    /// Korean front/back names (`주민번호앞`/`주민번호뒤`, `주민등록번호_앞`/`_뒤`), and a back half
    /// whose front is the birth-date column (`생년월일` + `주민번호뒷자리`, spec §2.9).
    func testSplitResidentNumbersWithKoreanHalvesAndABirthDateFront() throws {
        let pairs = SQLiteScanner.splitPairs(["성명", "주민번호앞", "주민번호뒤", "주민등록번호_앞", "주민등록번호_뒤", "전화앞", "전화뒤"])
        XCTAssertEqual(pairs.map { [$0.first, $0.second] }, [[1, 2], [3, 4]])
        XCTAssertEqual(SQLiteScanner.splitPairs(["id", "생년월일", "주민번호뒷자리"]).map { [$0.first, $0.second] }, [[1, 2]])
        // Blanks and brackets in the names, as spreadsheet headers write them.
        XCTAssertEqual(
            SQLiteScanner.splitPairs(["성명", "주민등록번호(앞자리)", "주민등록번호(뒷자리)", "주민번호 앞", "주민번호 뒤", "RRN [front]", "RRN [back]"])
                .map { [$0.first, $0.second] }, [[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(SQLiteScanner.splitPairs(["BIRTH", "rrn_back"]).map { [$0.first, $0.second] }, [[0, 1]])
        // With the halves' digit counts in the names (a KYC table's `birth6` + `rrn_back7`).
        XCTAssertEqual(SQLiteScanner.splitPairs(["id", "name", "birth6", "rrn_back7"]).map { [$0.first, $0.second] }, [[2, 3]])
        XCTAssertEqual(SQLiteScanner.splitPairs(["jumin6", "jumin7", "rrn_front6", "rrn_back7"]).map { [$0.first, $0.second] }, [[0, 1], [2, 3]])
        // A birth date alone, or beside a number that is no resident number's half, pairs with nothing.
        XCTAssertTrue(SQLiteScanner.splitPairs(["생년월일", "phone_back", "jumin2"]).isEmpty)

        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("split.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE t0 (id INTEGER PRIMARY KEY, 성명 TEXT, "주민번호앞" TEXT, "주민번호뒤" TEXT);
            INSERT INTO t0 VALUES (1, '홍길동', '900101', '1234568');
            CREATE TABLE t1 (id INTEGER PRIMARY KEY, 성명 TEXT, 생년월일 TEXT, 주민번호뒷자리 TEXT);
            INSERT INTO t1 VALUES (2, '김영희', '850315', '2012341');
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(findings(result, table: "t0", column: "주민번호앞+주민번호뒤").map(\.masked), ["900101-1******"])
        XCTAssertEqual(findings(result, table: "t1", column: "생년월일+주민번호뒷자리").map(\.masked), ["850315-2******"])
    }

    /// A birth-date column holds the whole date as often as its six digits (`19721203`,
    /// `1985-03-15`, an INTEGER `20050101`): the front half is its last six digits when the
    /// century is the back half's — in a database, a CSV file and a dump alike.
    func testBirthDatesWithTheirCenturyJoinTheBackHalf() throws {
        XCTAssertEqual(SQLiteScanner.frontHalf(birthDate: Array("19721203".utf8), backFirst: UInt8(ascii: "1")), Array("721203".utf8))
        XCTAssertEqual(SQLiteScanner.frontHalf(birthDate: Array("2005.01.01".utf8), backFirst: UInt8(ascii: "3")), Array("050101".utf8))
        XCTAssertNil(SQLiteScanner.frontHalf(birthDate: Array("19721203".utf8), backFirst: UInt8(ascii: "3")), "another century")
        XCTAssertNil(SQLiteScanner.frontHalf(birthDate: Array("1972-1203".utf8), backFirst: UInt8(ascii: "1")))
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("tax.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE payee (id INTEGER PRIMARY KEY, 성명 TEXT, 생년월일, 주민번호뒷자리 TEXT);
            INSERT INTO payee VALUES (1, '선주원', '19721203', '1709210');
            INSERT INTO payee VALUES (2, '김영희', '1985-03-15', '2012341');
            INSERT INTO payee VALUES (3, '이하늘', 20050101, '3012348');
            INSERT INTO payee VALUES (4, '박민수', '20850315', '2012341');
            """, at: path)
        let rows = "no,성명,생년월일,주민번호뒷자리,지급액\n1,선주원,19721203,1709210,600000\n2,김영희,1985-03-15,2012341,890000\n"
            + "3,박민수,20850315,2012341,100\n"
        let csv = try directory.write("tax_back7.csv", rows)
        let dump = try directory.write(
            "tax.sql",
            "CREATE TABLE payee (id int, name text, birth_date varchar(10), rrn_back varchar(7));\n"
                + "INSERT INTO payee VALUES (1,'선주원','19721203','1709210'),(2,'박민수','20850315','2012341');\n")
        let result = try engine().collect([path, csv, dump])
        XCTAssertEqual(findings(result, table: "payee", column: "생년월일+주민번호뒷자리").map(\.masked), ["721203-1******", "850315-2******", "050101-3******"])
        XCTAssertEqual(result.findings.filter { $0.path == csv && $0.category == .rrn }.map(\.masked), ["721203-1******", "850315-2******"])
        XCTAssertEqual(result.findings.filter { $0.path == csv && $0.category == .rrn }.map(\.line), [2, 3])
        XCTAssertEqual(result.findings.filter { $0.path == dump && $0.category == .rrn }.map(\.masked), ["721203-1******"])
    }

    /// A back half without its front or a birth date (`주민번호뒷자리`, `rrn2` INTEGER) is the
    /// secret part alone (spec §2.9 RRN_BACK7): reported under its own column as `kr-rrn-partial`,
    /// spanning the seven digits; not a cell of other digits, nor a generic `reg_no2`.
    func testLoneBackHalvesAreReportedAsThePartialNumber() throws {
        XCTAssertEqual(SQLiteScanner.loneBackHalves(["id", "주민번호뒷자리", "rrn2", "reg_no2"], pairs: []), [1, 2])
        XCTAssertEqual(SQLiteScanner.loneBackHalves(["id", "rrn_back7", "code7"], pairs: []), [1])
        XCTAssertEqual(SQLiteScanner.loneBackHalves(["rrn1", "rrn2"], pairs: SQLiteScanner.splitPairs(["rrn1", "rrn2"])), [])
        // The spec's bare `뒷자리` (§2.9) is a back half; beside `생년월일` it joins it. `카드뒷자리` is not.
        XCTAssertEqual(SQLiteScanner.loneBackHalves(["id", "뒷자리", "카드뒷자리"], pairs: []), [1])
        XCTAssertEqual(SQLiteScanner.splitPairs(["cust_no", "생년월일", "성별", "뒷자리"]).map { [$0.first, $0.second] }, [[1, 3]])
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("back.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT, 주민번호뒷자리 TEXT, rrn2 INTEGER, reg_no2 TEXT);
            INSERT INTO member VALUES (1, '홍길동', '2378608', 1234568, '2378608');
            INSERT INTO member VALUES (2, '김철수', '12345', 9123456, 'x');
            """, at: path)
        let result = try engine().collect([path])
        let back = findings(result, table: "member", column: "주민번호뒷자리")
        XCTAssertEqual(back.map(\.masked), ["******-2******"])
        XCTAssertEqual(back.map(\.category), [.rrnPartial])
        XCTAssertEqual(back.map(\.length), [7])
        XCTAssertEqual(findings(result, table: "member", column: "rrn2").map(\.masked), ["******-1******"])
        XCTAssertTrue(findings(result, table: "member", column: "reg_no2").isEmpty)
    }

    /// An address stored over columns (`sido`, `sigungu`, `road_nm`, `bldg_no` INTEGER, `detail`)
    /// is joined in the address's order and reported under the joined columns, with the row's
    /// count in that column's summary; a row without its road name gives none.
    func testAnAddressSplitOverColumnsIsJoined() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("address.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE resident (id INTEGER PRIMARY KEY, name TEXT, sido TEXT, sigungu TEXT, road_nm TEXT, bldg_no INTEGER, detail TEXT);
            INSERT INTO resident VALUES (1, '김민수', '서울특별시', '노원구', '한글비석로', 489, '115동 1901호');
            INSERT INTO resident VALUES (2, '이영희', '세종특별자치시', '-', '도움5로', 477, NULL);
            INSERT INTO resident VALUES (3, '박철수', '서울특별시', '노원구', NULL, 489, NULL);
            """, at: path)
        let result = try engine().collect([path])
        let joined = findings(result, table: "resident", column: "sido+sigungu+road_nm+bldg_no+detail")
        XCTAssertEqual(joined.map(\.record?.rowid), [1, 2])
        XCTAssertTrue(joined.allSatisfy { $0.category == .address && $0.confidence >= 0.5 }, "\(joined)")
        let summary = try XCTUnwrap(result.summary.columns.first { $0.key.column == "sido+sigungu+road_nm+bldg_no+detail" })
        XCTAssertEqual(summary.rows, 3)
        XCTAssertEqual(summary.rowsWithFindings, [Category.address: 2])
        XCTAssertEqual(result.findings.filter { $0.category == .address }.count, 2, "no part alone is an address")
    }

    /// A phone number stored in three columns (`hp1`/`hp2`/`hp3`) is joined as `P1-P2-P3`,
    /// validated as one number and reported, masked, under `hp1+hp2+hp3`; an INTEGER first part
    /// gets its leading zero back. Rows whose parts are not all digits of the right lengths, or
    /// that fail the numbering plan, give nothing.
    func testPhoneNumbersSplitOverThreeColumnsAreJoined() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("split-phone.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, hp1 TEXT, hp2 TEXT, hp3 TEXT);
            INSERT INTO members VALUES (1, '홍길동', '010', '2345', '6789');
            INSERT INTO members VALUES (2, '김철수', '02', '345', '6789');
            INSERT INTO members VALUES (3, '이영희', '010', '23a5', '6789');
            INSERT INTO members VALUES (4, '박민수', '010', '23456', '789');
            INSERT INTO members VALUES (5, '최지우', '099', '234', '5678');
            INSERT INTO members VALUES (6, '정우성', '010', NULL, '6789');
            INSERT INTO members VALUES (7, '강동원', ' 010', '2345', '6789');
            INSERT INTO members VALUES (8, '한가인', '010', '2345', '-6789');
            CREATE TABLE orders (order_no INTEGER PRIMARY KEY, cust_phone1 INTEGER, cust_phone2 INTEGER, cust_phone3 INTEGER);
            INSERT INTO orders VALUES (11, 10, 2345, 6789);
            INSERT INTO orders VALUES (12, 2, 345, 6789);
            INSERT INTO orders VALUES (13, 31, 123, 4567);
            INSERT INTO orders VALUES (14, 100, 2345, 6789);
            INSERT INTO orders VALUES (15, -10, 2345, 6789);
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        let hp = findings(result, table: "members", column: "hp1+hp2+hp3")
        XCTAssertEqual(hp.map(\.record?.rowid), [1, 2])
        XCTAssertEqual(hp.map(\.category), [.phone, .phone])
        XCTAssertEqual(hp.map(\.rule), ["kr-phone", "kr-phone"])
        XCTAssertEqual(hp.map(\.masked), ["010-****-6789", "02-***-6789"])
        XCTAssertEqual(hp.map(\.offset), [0, 0])
        XCTAssertEqual(hp.map(\.length), [13, 11])
        // Never the raw value without --show-values.
        XCTAssertEqual(hp.map(\.value), [nil, nil])
        XCTAssertFalse(hp.contains { $0.masked.contains("2345") || $0.masked.contains("345-") })
        for column in ["hp1", "hp2", "hp3"] {
            XCTAssertTrue(findings(result, table: "members", column: column).isEmpty, column)
        }
        let summary = try XCTUnwrap(
            result.summary.columns.first { $0.key == ColumnKey(path: path, table: "members", column: "hp1+hp2+hp3") })
        XCTAssertEqual(summary.rows, 8)
        XCTAssertEqual(summary.rowsWithFindings, [.phone: 2])

        let orders = findings(result, table: "orders", column: "cust_phone1+cust_phone2+cust_phone3")
        XCTAssertEqual(orders.map(\.record?.rowid), [11, 12, 13], "INTEGER first parts get their zero back")
        XCTAssertEqual(orders.map(\.masked), ["010-****-6789", "02-***-6789", "031-***-4567"])

        let shown = try engine(showValues: true).collect([path])
        XCTAssertEqual(findings(shown, table: "members", column: "hp1+hp2+hp3").map(\.value), ["010-2345-6789", "02-345-6789"])
        XCTAssertEqual(
            findings(shown, table: "orders", column: "cust_phone1+cust_phone2+cust_phone3").map(\.value),
            ["010-2345-6789", "02-345-6789", "031-123-4567"])
    }

    /// Triples are found by name: a phone stem (`hp`, `tel`, `mobile`, `휴대폰`, `연락처` …, alone or
    /// after a `mb_`-style prefix, camelCase or a Korean prefix), an optional `_`, and `1`, `2`, `3`
    /// — all three present. `code1..3` or `hotel1..3` holding a phone's parts give nothing.
    func testSplitPhoneColumnsNeedAPhoneStemAndAllThreeParts() throws {
        let triples = SQLiteScanner.splitPhones([
            "id", "HP1", "hp2", "hp3", "mb_hp1", "mb_hp2", "mb_hp3", "tel_1", "tel_2", "tel_3", "휴대폰1", "휴대폰2", "휴대폰3",
            "code1", "code2", "code3", "phone1", "phone2", "hotel1", "hotel2", "hotel3", "custTel1", "custTel2", "custTel3",
            "보호자연락처1", "보호자연락처2", "보호자연락처3", "cell_phone_1", "cell_phone_2", "cell_phone_3", "excel1", "excel2", "excel3",
            "전화번호1", "전화번호2", "전화번호3",
        ])
        XCTAssertEqual(
            triples.map { [$0.first, $0.second, $0.third] },
            [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [21, 22, 23], [24, 25, 26], [27, 28, 29], [33, 34, 35]])

        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("split-names.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE 회원 (번호 INTEGER PRIMARY KEY, 휴대폰1 TEXT, 휴대폰2 TEXT, 휴대폰3 TEXT);
            INSERT INTO 회원 VALUES (1, '010', '9876', '5432');
            CREATE TABLE products (id INTEGER PRIMARY KEY, code1 TEXT, code2 TEXT, code3 TEXT);
            INSERT INTO products VALUES (1, '010', '2345', '6789');
            CREATE TABLE partial (id INTEGER PRIMARY KEY, tel1 TEXT, tel2 TEXT);
            INSERT INTO partial VALUES (1, '010', '2345');
            CREATE TABLE g5_member (mb_no INTEGER PRIMARY KEY, mb_hp1 TEXT, mb_hp2 TEXT, mb_hp3 TEXT);
            INSERT INTO g5_member VALUES (1, '010', '3456', '7890');
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(findings(result, table: "회원", column: "휴대폰1+휴대폰2+휴대폰3").map(\.masked), ["010-****-5432"])
        XCTAssertEqual(findings(result, table: "g5_member", column: "mb_hp1+mb_hp2+mb_hp3").map(\.record?.rowid), [1])
        XCTAssertFalse(result.findings.contains { $0.record?.table == "products" })
        XCTAssertFalse(result.findings.contains { $0.record?.table == "partial" })
        XCTAssertFalse(result.summary.columns.contains { $0.key.column.contains("+") && $0.key.table != "회원" && $0.key.table != "g5_member" })
        XCTAssertEqual(result.findings.filter { $0.category == .phone }.count, 2)
    }

    /// INTEGER parts of a split phone lose the leading zeros of the last part too (`0890` is
    /// stored as 890): it gets them back, as the first part gets its `0` (a legacy CRM's
    /// `mb_hp3 INTEGER`: one number in ten ends in a 4-digit block starting with 0).
    func testIntegerLastPartOfASplitPhoneGetsItsZerosBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("crm.db").path
        try SQLiteFixture.build(
            """
            CREATE TABLE mb_member (mb_id INTEGER PRIMARY KEY, mb_hp1 INTEGER, mb_hp2 INTEGER, mb_hp3 INTEGER);
            INSERT INTO mb_member VALUES (1, 10, 4780, 890), (2, 10, 2951, 6789), (3, 10, 4001, 65);
            CREATE TABLE texts (id INTEGER PRIMARY KEY, hp1 TEXT, hp2 TEXT, hp3 TEXT);
            INSERT INTO texts VALUES (1, '010', '4780', '890');
            """, at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(
            findings(result, table: "mb_member", column: "mb_hp1+mb_hp2+mb_hp3").map(\.masked),
            ["010-****-0890", "010-****-6789", "010-****-0065"])
        XCTAssertFalse(result.findings.contains { $0.record?.table == "texts" }, "a TEXT part is read as written")
    }

    func testSampleRowsScansAUniformSampleAndRecordsTheTableSize() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("big.db").path
        var sql = "CREATE TABLE contacts (id INTEGER PRIMARY KEY, phone TEXT); CREATE TABLE tiny (phone TEXT); BEGIN;"
        for index in 1...1000 { sql += "INSERT INTO contacts VALUES (\(index), '\(index % 10 == 0 ? "010-2345-6789" : "n/a")');" }
        sql += "INSERT INTO tiny VALUES ('010-2345-6789'); COMMIT;"
        try SQLiteFixture.build(sql, at: path)
        var configuration = testConfiguration()
        configuration.sampleRows = 100
        let engine = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
        let result = engine.collect([path])
        XCTAssertEqual(result.summary.rows, 100 + 1)
        let contacts = try XCTUnwrap(result.summary.columns.first { $0.key.table == "contacts" && $0.key.column == "phone" })
        XCTAssertEqual(contacts.rows, 100)
        XCTAssertEqual(contacts.tableRows, 1000)
        let hits = contacts.rowsWithFindings[.phone, default: 0]
        XCTAssertTrue((2...25).contains(hits), "about a tenth of the sampled rows: \(hits)")
        let rowids = result.findings.filter { $0.record?.table == "contacts" }.compactMap(\.record?.rowid)
        XCTAssertGreaterThan(rowids.max() ?? 0, 500, "a sample, not the first rows")
        XCTAssertEqual(result.summary.columns.first { $0.key.table == "tiny" }?.tableRows, 1, "small tables are scanned whole")
        // The same rows on every run.
        XCTAssertEqual(engine.collect([path]).findings, result.findings)

        let sample = SQLiteScanner.sample(1000, of: 100_000, seed: "t")
        XCTAssertEqual(sample.count, 1000)
        XCTAssertTrue(sample.allSatisfy { (0..<100_000).contains($0) })
        let mean = Double(sample.reduce(0, +)) / 1000
        XCTAssertEqual(mean, 50_000, accuracy: 5_000)
        XCTAssertEqual(SQLiteScanner.sample(5, of: 5, seed: "x"), [0, 1, 2, 3, 4])
    }

    func testScanNeverModifiesTheDatabase() throws {
        for wal in [false, true] {
            let directory = try TemporaryDirectory()
            let path = try shop(directory, wal: wal)
            let before = try DirectorySnapshot(directory.path)
            XCTAssertEqual(before.files.count, 1, "only the database (wal: \(wal))")
            sleep(1)  // a write would move the modification time past the snapshot's
            for threads in [1, 2] {
                let result = try engine(threads: threads).collect([directory.path])
                XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
                XCTAssertGreaterThan(result.findings.count, 10)
            }
            XCTAssertEqual(try DirectorySnapshot(directory.path), before, "wal: \(wal)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
            XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-shm"))
        }
    }

    func testLiveWALDatabaseIsReadIncludingTheLogWithoutChangingIt() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory, wal: true)
        let writer = try SQLiteFixture.Connection(path: path)
        try writer.execute("PRAGMA wal_autocheckpoint = 0; INSERT INTO customers (id, jumin_no) VALUES (99, '850315-2012341');")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let database = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        sleep(1)
        let result = try engine().collect([path])
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        XCTAssertTrue(findings(result, table: "customers", column: "jumin_no").contains { $0.record?.rowid == 99 },
                      "the row that is only in the write-ahead log is read")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), names)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), database)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")), log)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, modified)
        withExtendedLifetime(writer) {}
    }

    /// A write-ahead log that no process holds — a copy of a live database taken with its
    /// `-wal` (and without, or with a stale, `-shm`), or the files a crashed writer left — is
    /// read from a private copy: its rows are scanned, and nothing next to the database changes
    /// (recovering the log in place would rewrite `-shm`; `immutable` would skip the log).
    func testOrphanedWriteAheadLogIsReadFromAPrivateCopyWithoutChangingIt() throws {
        let live = try TemporaryDirectory()
        let path = try shop(live, wal: true)
        let writer = try SQLiteFixture.Connection(path: path)
        try writer.execute("PRAGMA wal_autocheckpoint = 0; INSERT INTO customers (id, jumin_no) VALUES (99, '850315-2012341');")
        // (`.live` is not checked here: POSIX locks of this process never conflict with its own
        // query; SQLiteFaultTests holds the database in another process.)
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        func copies() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("piiscan-wal.") }.count
        }
        let copiesBefore = try copies()
        for withIndex in [false, true] {
            let directory = try TemporaryDirectory()
            let copy = directory.url.appendingPathComponent("copy.db").path
            for suffix in ["", "-wal"] + (withIndex ? ["-shm"] : []) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            XCTAssertEqual(SQLiteConnection.logState(copy), .orphaned, "nobody holds the copy (index copied: \(withIndex))")
            let before = try DirectorySnapshot(directory.path)
            sleep(1)
            for threads in [1, 2] {
                let result = try engine(threads: threads).collect([copy])
                XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
                XCTAssertTrue(findings(result, table: "customers", column: "jumin_no").contains { $0.record?.rowid == 99 },
                              "the row only in the log is read (index copied: \(withIndex), threads: \(threads))")
                XCTAssertTrue(result.findings.allSatisfy { $0.path == copy })
            }
            XCTAssertEqual(try DirectorySnapshot(directory.path), before, "index copied: \(withIndex)")
        }
        XCTAssertEqual(try copies(), copiesBefore, "the private copies are removed")
        withExtendedLifetime(writer) {}
        XCTAssertEqual(SQLiteConnection.logState(live.url.appendingPathComponent("none.db").path), .none)
    }

    /// A rollback-mode database with a hot journal — copied while a writer was in a large
    /// transaction (its changed pages already in the file), or left by a writer that crashed —
    /// cannot be read read-only. It is copied with its journal, rolled back in the copy, and the
    /// committed rows are scanned; the files next to it stay as they were.
    func testHotJournalIsRolledBackInAPrivateCopy() throws {
        let live = try TemporaryDirectory()
        let path = live.url.appendingPathComponent("app.db").path
        var sql = "CREATE TABLE customers (id INTEGER PRIMARY KEY, jumin TEXT);\nBEGIN;\n"
        for _ in 0..<2000 { sql += "INSERT INTO customers (jumin) VALUES ('주민 900101-1234568');\n" }
        try SQLiteFixture.build(sql + "COMMIT;\n", at: path)
        let writer = try SQLiteFixture.Connection(path: path)
        // A transaction larger than the cache: changed pages are spilled into the database file,
        // their originals are in the journal.
        try writer.execute("PRAGMA cache_size = 1; BEGIN; UPDATE customers SET jumin = 'gone';")
        let directory = try TemporaryDirectory()
        let copy = directory.url.appendingPathComponent("copy.db").path
        for suffix in ["", "-journal"] { try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix) }
        try writer.execute("ROLLBACK;")
        XCTAssertTrue(SQLiteConnection.hasHotJournal(copy))
        XCTAssertFalse(SQLiteConnection.hasHotJournal(path), "rolled back: no journal")
        let before = try DirectorySnapshot(directory.path)
        sleep(1)
        for threads in [1, 2] {
            var configuration = testConfiguration(threads: threads)
            configuration.chunkSize = 4096  // large enough to be split, were it not for the journal
            let result = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).collect([copy])
            XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
            XCTAssertEqual(findings(result, table: "customers", column: "jumin").count, 2000, "threads \(threads)")
        }
        XCTAssertEqual(try DirectorySnapshot(directory.path), before)
        // A journal whose header is zeroed (journal_mode=PERSIST after a commit) is not hot.
        let persisted = directory.url.appendingPathComponent("persisted.db").path
        try FileManager.default.copyItem(atPath: path, toPath: persisted)
        try Data(repeating: 0, count: 512).write(to: URL(fileURLWithPath: persisted + "-journal"))
        XCTAssertFalse(SQLiteConnection.hasHotJournal(persisted))
        withExtendedLifetime(writer) {}
    }

    /// A scan stopped by a signal names every input it did not finish — a database by its
    /// tables — besides the note about the scan as a whole, so a report never looks as if a
    /// database had been read completely.
    func testAnInterruptedScanNamesTheInputsItDidNotFinish() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory)
        let log = try directory.write("a.log", "주민번호 900101-1234568\n")
        var configuration = testConfiguration(threads: 1)
        configuration.chunkSize = 1  // every table a unit of its own
        let engine = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn())
        Interruption.request()
        defer { Interruption.reset() }
        let result = engine.collect([path, log])
        XCTAssertEqual(result.findings, [])
        XCTAssertFalse(result.summary.complete)
        let messages = result.issues.map { "\($0.path): \($0.message)" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("(scan): scan interrupted by a signal") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("\(path): scan interrupted by a signal; tables not finished: customers, ") },
                      "\(messages)")
        XCTAssertTrue(messages.contains { $0 == "\(log): scan interrupted by a signal before this input was read completely" }, "\(messages)")
        XCTAssertEqual(result.summary.errors, result.issues.filter { $0.kind == .error }.count)
        // Thousands of unfinished tables are not one line of hundreds of kilobytes.
        XCTAssertEqual(ScanEngine.shortList(["a", "b", "c"], limit: 2), "a, b and 1 more")
        XCTAssertEqual(ScanEngine.shortList(["a", "b"], limit: 2), "a, b")
    }

    func testPathsThatNeedEscapingInTheURI() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory, name: "a b?c#d%41 고객.db")
        let result = try engine().collect([path])
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        XCTAssertEqual(result.findings.first?.path, path)
        XCTAssertEqual(SQLiteConnection.uri(for: "/x/a b?.db", immutable: false), "file:///x/a%20b%3F.db?mode=ro")
        XCTAssertEqual(SQLiteConnection.uri(for: "rel.db", immutable: true), "file:rel.db?mode=ro&immutable=1")
    }

    func testColumnNamedRowid() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("odd.db").path
        try SQLiteFixture.build("CREATE TABLE t (rowid TEXT, phone TEXT); INSERT INTO t VALUES ('x', '010-2345-6789');", at: path)
        let result = try engine().collect([path])
        XCTAssertEqual(result.findings.map(\.record?.rowid), [1])
        XCTAssertEqual(result.findings.map(\.record?.column), ["phone"])
    }

    func testIntegerPrimaryKeysAreNotReadAsLostZeroPhoneNumbers() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("keys.db").path
        try SQLiteFixture.build("""
            CREATE TABLE users (id INTEGER PRIMARY KEY, hp INTEGER);
            INSERT INTO users VALUES (1023456789, 1023456789);
            CREATE TABLE codes (code INTEGER PRIMARY KEY, hp INTEGER) WITHOUT ROWID;
            INSERT INTO codes VALUES (1023456789, NULL);
            """, at: path)
        let result = try engine(minConfidence: 0).collect([path])
        XCTAssertEqual(result.findings.map(\.record?.column), ["hp"])
        XCTAssertEqual(result.findings.first?.record?.rowid, 1023456789)
    }

    // MARK: - Errors

    private func assertDatabaseError(
        _ bytes: [UInt8], mentions words: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let directory = try TemporaryDirectory()
        let bad = try directory.write("bad.db", bytes)
        let text = try directory.write("notes.txt", "연락처 010-2345-6789\n")
        let result = try engine().collect([bad, text])
        let errors = result.issues.filter { $0.kind == .error }
        XCTAssertEqual(errors.count, 1, "\(result.issues)", file: file, line: line)
        XCTAssertEqual(errors.first?.path, bad, file: file, line: line)
        for word in words {
            XCTAssertTrue(errors.first?.message.contains(word) ?? false, "\(errors)", file: file, line: line)
        }
        XCTAssertFalse(result.summary.complete, file: file, line: line)
        XCTAssertEqual(result.summary.errors, 1, file: file, line: line)
        XCTAssertTrue(result.findings.contains { $0.path == text }, "other inputs are still scanned", file: file, line: line)
    }

    func testNotADatabase() throws {
        var state: UInt64 = 7
        let garbage = (0..<8192).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        try assertDatabaseError(Array("SQLite format 3\0".utf8) + garbage, mentions: ["SQLite database", "not a database"])
    }

    /// A database large enough to span many pages.
    private func bigDatabase() throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("big.db").path
        var sql = "CREATE TABLE logs (id INTEGER PRIMARY KEY, line TEXT); BEGIN;"
        for index in 0..<3000 { sql += "INSERT INTO logs (line) VALUES ('entry \(index) 연락처 010-2345-6789 " + String(repeating: "x", count: 40) + "');" }
        sql += "COMMIT;"
        try SQLiteFixture.build(sql, at: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testTruncatedDatabase() throws {
        let bytes = try bigDatabase()
        // SQLite notices the short file while reading the schema already, before any table.
        try assertDatabaseError(Array(bytes.prefix(bytes.count / 2)), mentions: ["SQLite database", "malformed"])
    }

    func testCorruptDatabase() throws {
        var bytes = try bigDatabase()
        // Overwrite the middle pages (b-tree pages of `logs`) with garbage.
        for index in (bytes.count / 2)..<(bytes.count / 2 + 12000) { bytes[index] = UInt8(truncatingIfNeeded: index &* 37) }
        try assertDatabaseError(bytes, mentions: ["table \"logs\"", "malformed"])
    }

    func testLockedDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = try shop(directory)
        let text = try directory.write("notes.txt", "연락처 010-2345-6789\n")
        let writer = try SQLiteFixture.Connection(path: path)
        try writer.execute("BEGIN EXCLUSIVE; INSERT INTO numbers (qty) VALUES (1);")
        let result = try engine().collect([path, text])
        try writer.execute("ROLLBACK;")
        let errors = result.issues.filter { $0.kind == .error }
        XCTAssertEqual(errors.map(\.path), [path])
        XCTAssertTrue(errors.first?.message.contains("locked") ?? false, "\(errors)")
        XCTAssertTrue(result.findings.contains { $0.path == text })
        XCTAssertFalse(result.summary.complete)
    }

    // MARK: - Engine

    func testSameEventsAndSummaryForAnyThreadCount() throws {
        let directory = try TemporaryDirectory()
        _ = try shop(directory, name: "a.db")
        try directory.write("b.log", "hp 010-2345-6789\nrrn 900101-1234568\n")
        _ = try shop(directory, name: "c.db", wal: true)
        try directory.write("d.db", Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0xAB, count: 4096))
        var results: [(findings: [Finding], issues: [InputIssue], summary: ScanSummary)] = []
        for threads in [1, 2, 4] {
            var result = try engine(threads: threads).collect([directory.path])
            result.summary.elapsedSeconds = 0
            results.append(result)
        }
        XCTAssertGreaterThan(results[0].findings.count, 20)
        XCTAssertEqual(results[0].issues.count, 1)
        for result in results.dropFirst() {
            XCTAssertEqual(result.findings, results[0].findings)
            XCTAssertEqual(result.issues, results[0].issues)
            XCTAssertEqual(result.summary, results[0].summary)
        }
    }

    /// A large database is split into table and rowid-range units; the report is the same as a
    /// whole-database scan, for any thread count.
    func testRowidRangeUnitsGiveTheSameReportAsOneUnit() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/big.db"
        var sql = "CREATE TABLE people (id INTEGER PRIMARY KEY, hp TEXT, email TEXT, note TEXT);\n"
        sql += "CREATE TABLE codes (code TEXT PRIMARY KEY, rrn TEXT) WITHOUT ROWID;\nBEGIN;\n"
        for row in 1...400 {
            let phone = String(format: "010-%04d-%04d", 2000 + row, row)
            sql += "INSERT INTO people VALUES (\(row * 3), '\(phone)', 'user\(row)@naver.com', \(row % 7 == 0 ? "'주민번호 900101-1234568'" : "NULL"));\n"
            if row % 50 == 0 { sql += "INSERT INTO codes VALUES ('c\(row)', '850315-2012341');\n" }
        }
        sql += "COMMIT;\n"
        try SQLiteFixture.build(sql, at: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0

        var whole = testConfiguration()
        whole.chunkSize = size + 1  // below the split threshold: one unit
        var reference = try ScanEngine(configuration: whole, rules: try RuleSet.builtIn()).collect([path])
        reference.summary.elapsedSeconds = 0
        XCTAssertGreaterThan(reference.findings.count, 800)
        for threads in [1, 2, 3] {
            var split = testConfiguration(threads: threads)
            split.chunkSize = 1024
            split.databaseRowidsPerUnit = 97  // 400 rows (ids 3…1200): 5 ranges of `people`, `codes` whole
            var result = try ScanEngine(configuration: split, rules: try RuleSet.builtIn()).collect([path])
            result.summary.elapsedSeconds = 0
            XCTAssertEqual(result.findings, reference.findings, "threads \(threads)")
            XCTAssertEqual(result.issues, reference.issues)
            XCTAssertEqual(result.summary, reference.summary)
            // After a text file (or an SQL dump) the database's cells still have no line: the
            // lines counted in the file before are not added to them.
            let log = try directory.write("a.log", String(repeating: "전화 010-2345-6789\n", count: 5))
            let both = try ScanEngine(configuration: split, rules: try RuleSet.builtIn()).collect([log, path])
            XCTAssertEqual(both.findings.filter { $0.path == log }.map(\.line), [1, 2, 3, 4, 5])
            XCTAssertEqual(both.findings.filter { $0.path == path }, reference.findings, "threads \(threads)")
        }
        let parts = SQLiteScanner.plan(path: path, walMode: false, busyTimeoutMilliseconds: 100, rowidsPerPart: 97)
        XCTAssertEqual(parts?.filter { $0.tables == ["people"] }.map(\.rowids), [3...293, 294...584, 585...875, 876...1166, 1167...1200])
        XCTAssertEqual(parts?.filter { $0.tables.contains("codes") }, [SQLiteScanner.Part(table: "codes", rowids: nil)])
    }

    /// Thousands of tiny tables (one per customer, per day, per tenant) share parts: each part
    /// opens a connection, which parses the whole schema, so a part per table was quadratic.
    /// Tables without rowid and tables too big to share stay on their own; the findings are
    /// those of one whole-database scan.
    func testSmallTablesShareParts() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/tenants.db"
        var sql = "BEGIN;\n"
        for table in 0..<300 {
            sql += "CREATE TABLE t\(table) (id INTEGER PRIMARY KEY, hp TEXT);\n"
            for row in 0..<(table % 3) { sql += "INSERT INTO t\(table) (hp) VALUES ('010-2\(String(format: "%03d", table))-\(String(format: "%04d", row))');\n" }
            if table == 100 {
                sql += "CREATE TABLE big (id INTEGER PRIMARY KEY, hp TEXT);\n"
                for row in 0..<150 { sql += "INSERT INTO big (hp) VALUES ('010-3456-\(String(format: "%04d", row))');\n" }
                sql += "CREATE TABLE keyed (k TEXT PRIMARY KEY, hp TEXT) WITHOUT ROWID;\nINSERT INTO keyed VALUES ('a', '010-4567-0001');\n"
            }
        }
        sql += "COMMIT;\n"
        try SQLiteFixture.build(sql, at: path)
        let parts = try XCTUnwrap(SQLiteScanner.plan(path: path, walMode: false, busyTimeoutMilliseconds: 100, rowidsPerPart: 64))
        XCTAssertEqual(parts.flatMap(\.tables).count, 304, "every table once, big in three ranges")
        XCTAssertEqual(Set(parts.flatMap(\.tables)).count, 302)
        XCTAssertLessThan(parts.count, 20)
        XCTAssertTrue(parts.contains(SQLiteScanner.Part(table: "keyed")))
        XCTAssertEqual(parts.filter { $0.tables == ["big"] }.count, 3, "150 rows in ranges of 64")
        XCTAssertTrue(parts.allSatisfy { $0.tables.count == 1 || $0.rowids == nil })

        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        var whole = testConfiguration()
        whole.chunkSize = size + 1
        var reference = try ScanEngine(configuration: whole, rules: try RuleSet.builtIn()).collect([path])
        reference.summary.elapsedSeconds = 0
        XCTAssertEqual(reference.findings.filter { $0.category == .phone }.count, 300 + 150 + 1)
        for threads in [1, 2] {
            var split = testConfiguration(threads: threads)
            split.chunkSize = 1024
            split.databaseRowidsPerUnit = 64
            var result = try ScanEngine(configuration: split, rules: try RuleSet.builtIn()).collect([path])
            result.summary.elapsedSeconds = 0
            XCTAssertEqual(result.findings, reference.findings, "threads \(threads)")
            XCTAssertEqual(result.summary, reference.summary)
        }
    }

    /// Rowids far apart (epoch-millisecond keys, random 64-bit keys, both ends of the range) are
    /// split by row count, not into millions of empty rowid ranges.
    func testSparseRowidsAreSplitByRowCount() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/sparse.db"
        var sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, hp TEXT);\nBEGIN;\n"
        var ids: [Int64] = [.min, .max, -1, 0]
        for row in 0..<296 { ids.append(1_700_000_000_000 + Int64(row) * 1_000_000_007) }
        for id in ids { sql += "INSERT INTO t VALUES (\(id), '010-2345-\(String(format: "%04d", Int(id.magnitude % 10000)))');\n" }
        sql += "COMMIT;\n"
        try SQLiteFixture.build(sql, at: path)
        let parts = try XCTUnwrap(SQLiteScanner.plan(path: path, walMode: false, busyTimeoutMilliseconds: 100, rowidsPerPart: 64))
        XCTAssertEqual(parts.count, 5)  // 300 rows
        XCTAssertEqual(parts.first?.rowids?.lowerBound, .min)
        XCTAssertEqual(parts.last?.rowids?.upperBound, .max)
        for (a, b) in zip(parts, parts.dropFirst()) { XCTAssertEqual(a.rowids!.upperBound + 1, b.rowids!.lowerBound) }

        var whole = testConfiguration()
        whole.chunkSize = 1 << 40
        let reference = try ScanEngine(configuration: whole, rules: try RuleSet.builtIn()).collect([path])
        XCTAssertEqual(reference.findings.count, 300)
        var split = testConfiguration(threads: 2)
        split.chunkSize = 1024
        split.databaseRowidsPerUnit = 64
        var result = try ScanEngine(configuration: split, rules: try RuleSet.builtIn()).collect([path])
        result.summary.elapsedSeconds = 0
        var expected = reference
        expected.summary.elapsedSeconds = 0
        XCTAssertEqual(result.findings, expected.findings)
        XCTAssertEqual(result.issues, expected.issues)
        XCTAssertEqual(result.summary, expected.summary)
    }

    /// An encrypted database has no readable header: named like a database, it is an error
    /// (not scanned), while the same bytes under another name are a skipped binary.
    func testEncryptedDatabaseIsAnErrorNotASkippedBinary() throws {
        let directory = try TemporaryDirectory()
        var state: UInt64 = 99
        let noise = (0..<4096).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let encrypted = try directory.write("vault.sqlite", noise)
        let blob = try directory.write("blob.bin", noise)
        let result = try engine().collect([encrypted, blob])
        XCTAssertEqual(result.issues.map(\.kind), [.error, .skipped])
        XCTAssertTrue(result.issues[0].message.contains("encrypted"), result.issues[0].message)
        XCTAssertFalse(result.summary.complete)
    }

    func testLongDigitRunsInPrimaryKeysAreMasked() {
        XCTAssertEqual(SQLiteScanner.maskLongDigitRuns("9001011234569"), "90*********69")
        XCTAssertEqual(SQLiteScanner.maskLongDigitRuns("shop-12345|A-123456"), "shop-12345|A-12**56")
        XCTAssertEqual(SQLiteScanner.maskLongDigitRuns("c42"), "c42")
    }

    func testSniffer() {
        let kind = Array("SQLite format 3\0rest".utf8).withUnsafeBytes { ContentSniffer.classify($0) }
        XCTAssertEqual(kind, .sqlite)
    }
}
