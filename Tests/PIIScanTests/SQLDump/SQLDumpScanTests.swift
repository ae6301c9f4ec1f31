import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// SQL dumps through the engine: the same findings as text, plus table/column/row attribution
/// and column summaries, whatever the buffer size, thread count, chunking or compression.
final class SQLDumpScanTests: XCTestCase {
    private func engine(threads: Int = 1, bufferSize: Int = 1 << 20, chunkSize: Int64 = 16 << 20) throws -> ScanEngine {
        try ScanEngine(
            configuration: testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize), rules: .builtIn())
    }

    /// The findings as a text scan sees them: no record, and no confidence (a dump's values are
    /// assessed with their column name as context, text has only the line).
    private func asText(_ findings: [Finding]) -> [Finding] {
        findings.map { finding in
            var finding = finding
            finding.record = nil
            finding.confidence = 0
            return finding
        }
    }

    func testSameFindingsAsTextWithAttribution() throws {
        let directory = try TemporaryDirectory()
        let engine = try engine()
        for name in ["sqlite-dump.sql", "mysqldump.sql", "pg_dump.sql"] {
            let text = try SQLDumpParserTests.fixture(name)
            let path = try directory.write(name, text)
            let result = engine.collect([path])
            XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
            XCTAssertGreaterThanOrEqual(result.findings.count, 10, name)
            XCTAssertEqual(asText(result.findings), asText(engine.scan(text: text, path: path)), name)
            XCTAssertTrue(result.findings.allSatisfy { $0.record != nil && $0.line > 0 }, name)
            XCTAssertFalse(result.summary.columns.isEmpty)
            XCTAssertEqual(result.summary.rows, name == "sqlite-dump.sql" ? 6 : 7)
        }
        let mysql = engine.collect([try directory.write("m.sql", try SQLDumpParserTests.fixture("mysqldump.sql"))])
        XCTAssertEqual(mysql.findings.first?.record, RecordLocation(table: "members", column: "rrn", rowid: 1))
        XCTAssertEqual(mysql.findings.first?.line, 40)
        let locations = mysql.findings.map { "\($0.category.rawValue)@\($0.record!.table).\($0.record!.column)#\($0.record!.rowid!)" }
        XCTAssertEqual(locations, [
            "kr-rrn@members.rrn#1", "kr-phone@members.hp#1", "email@members.email#1", "kr-address@members.address#1",
            "kr-rrn@members.rrn#2", "email@members.email#2", "kr-frn@members.rrn#3", "kr-phone@members.hp#3",
            "kr-phone@members.address#3", "kr-address@members.address#4", "kr-rrn@members.address#4",
            "kr-phone@orders.buyer_phone#1", "kr-phone@orders.buyer_phone#2", "email@orders.note#2", "kr-rrn@orders.note#3",
        ])
        let address = try XCTUnwrap(mysql.summary.columns.first { $0.key.table == "members" && $0.key.column == "address" })
        XCTAssertEqual(address.rows, 4)
        XCTAssertEqual(address.rowsWithFindings, [Category.address: 2, .phone: 1, .rrn: 1])
    }

    /// BLOB values written in hex — `X'…'` by `sqlite3 .dump`, `0x…` by `mysqldump --hex-blob`,
    /// `\\x…` by `pg_dump` in COPY data — are decoded and scanned as the database's BLOB cells
    /// are: the dump reports what its database does, each finding spanning the hex digits that
    /// encode it, whatever the buffer size (a literal cut by the window is decoded in the next).
    func testHexBlobValuesAreDecodedLikeTheDatabasesBlobCells() throws {
        func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }
        let memo = "연락처 010-2345-6789 주민 900101-1234568"
        let filler = String(repeating: "INSERT INTO m VALUES(9,X'00010203');\n", count: 120)
        let dumps: [(String, String, String)] = [
            ("sqlite.sql", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE m(id integer primary key, memo blob);\n" + filler
                + "INSERT INTO m VALUES(1,X'\(hex(memo))');\nCOMMIT;\n", "m"),
            ("mysql.sql", "-- MySQL dump 10.13\nINSERT INTO `m` (`id`,`memo`) VALUES (1,0x\(hex(memo))),(2,_binary 'x');\n", "m"),
            ("pg.sql", "-- PostgreSQL database dump\nCOPY public.m (id, memo) FROM stdin;\n1\t\\\\x\(hex(memo))\n\\.\n", "public.m"),
        ]
        let directory = try TemporaryDirectory()
        for (name, text, table) in dumps {
            let path = try directory.write(name, text)
            for bufferSize in [4096, 1 << 20] {
                let result = try engine(bufferSize: bufferSize).collect([path])
                XCTAssertTrue(result.issues.isEmpty, "\(name): \(result.issues)")
                XCTAssertEqual(result.findings.map(\.category), [.phone, .rrn], "\(name), buffer \(bufferSize)")
                XCTAssertTrue(result.findings.allSatisfy { $0.decoding == "hex" && $0.record?.table == table && $0.record?.column == "memo" })
                let bytes = Array(text.utf8)
                for finding in result.findings {
                    let span = Array(bytes[Int(finding.offset)..<(Int(finding.offset) + finding.length)])
                    XCTAssertEqual(span.count, finding.category == .phone ? 26 : 28)
                    XCTAssertTrue(span.allSatisfy { $0 < 0x80 && (Character(UnicodeScalar($0)).isHexDigit) }, name)
                }
            }
        }
        // Wherever the windows of a small buffer cut the literal.
        for rows in stride(from: 100, through: 136, by: 3) {
            let filler = String(repeating: "INSERT INTO m VALUES(9,X'00010203');\n", count: rows)
            let path = try directory.write("cut\(rows).sql", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n" + filler
                + "INSERT INTO m VALUES(1,X'\(hex(memo))');\nCOMMIT;\n")
            XCTAssertEqual(try engine(bufferSize: 4096).collect([path]).findings.map(\.category), [.phone, .rrn], "\(rows) rows before")
        }
        // Rows around a BLOB keep their attribution (asking the parser about a BLOB before the
        // findings ahead of it had been placed once cost them their row), and the dump reports
        // what the database does.
        let mixedSQL = "CREATE TABLE t(id integer primary key, memo blob, phone integer, order_no text);\n"
            + (0..<6).map { row in
                "INSERT INTO t VALUES(\(row),\(row % 2 == 1 ? "X'\(hex("전화 010-1234-567\(row)"))'" : "'a'"),10200\(row)1111,'250227-5884129');\n"
            }.joined()
        let mixedDatabase = directory.url.appendingPathComponent("mixed.db").path
        try SQLiteFixture.build(mixedSQL, at: mixedDatabase)
        let mixedDump = try directory.write("mixed.sql", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n" + mixedSQL + "COMMIT;\n")
        // (A dump numbers its rows from 1; the database has the rowids 0…5.)
        func located(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.record?.table ?? "-").\($0.record?.column ?? "-") \($0.record?.rowid == nil ? "no row" : "row") \($0.category.rawValue) \($0.confidence)" }
                .sorted()
        }
        let fromDatabase = located(try engine().collect([mixedDatabase]).findings)
        XCTAssertEqual(fromDatabase.filter { $0.hasPrefix("t.phone row kr-phone") }.count, 6, "\(fromDatabase)")
        XCTAssertEqual(fromDatabase.filter { $0.hasPrefix("t.memo row kr-phone") }.count, 3, "\(fromDatabase)")
        XCTAssertEqual(fromDatabase.count, 9, "\(fromDatabase)")
        for bufferSize in [4096, 1 << 20] {
            XCTAssertEqual(located(try engine(bufferSize: bufferSize).collect([mixedDump]).findings), fromDatabase, "buffer \(bufferSize)")
        }
        // Binary BLOBs (not UTF-8, or holding NUL bytes) are not text, as in the database.
        let binary = try directory.write("binary.sql", "-- MySQL dump 10.13\nINSERT INTO `m` VALUES (1,0x00\(hex(memo))),(2,0xff\(hex(memo)));\n")
        XCTAssertEqual(try engine().collect([binary]).findings, [])
        // Not a value, or too short to hold one: left alone.
        let path = try directory.write("other.sql", "-- MySQL dump 10.13\nINSERT INTO `m` VALUES (1,'see 0x\(hex("010-2345-6789"))'),(2,0x0102);\n")
        XCTAssertEqual(try engine().collect([path]).findings, [])
    }

    /// A match with a tab in it runs on from one value of a COPY row into the next (a bank code
    /// and a masked account): it is no value of either.
    func testNoValueRunsOnIntoTheNextValueOfACopyRow() throws {
        let dump = "--\n-- PostgreSQL database dump\n--\n\nCOPY public.withdrawals (id, bank_code, account_masked, amount, hp) FROM stdin;\n"
            + "1\t011\t323-****-1234\t50000\t010-2345-6789\n2\t004\t110-****-0508\t43576984\t\\N\n\\.\n"
        let directory = try TemporaryDirectory()
        let found = try engine().collect([try directory.write("pg.sql", dump)]).findings
        XCTAssertEqual(found.map { "\($0.category.rawValue)@\($0.record?.column ?? "-")" }, ["kr-phone@hp"])
    }

    /// A row value is assessed like a database cell: its column name is its context, and the
    /// other values on the line (other columns, other rows) are not.
    func testColumnNamesAreTheContextOfRowValues() throws {
        let dump = """
            -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
            CREATE TABLE `products` (
              `id` int NOT NULL,
              `name` varchar(100) DEFAULT NULL,
              `barcode` varchar(13) DEFAULT NULL,
              `created_at` bigint DEFAULT NULL
            );
            INSERT INTO `products` VALUES (1,'우유 1L','8801011000032',1703295216951),(2,'두부','8801011000032',1703295216952);
            CREATE TABLE `members` (
              `id` int NOT NULL,
              `passport_no` varchar(9) DEFAULT NULL,
              `license_no` varchar(20) DEFAULT NULL,
              `memo` text,
              `order_no` varchar(20) DEFAULT NULL
            );
            INSERT INTO `members` VALUES (1,'M12345678','111234567890','주민번호 확인 완료','9001011234568'),(2,'M87654321','261234567891','','');

            """
        let directory = try TemporaryDirectory()
        let engine = try engine()
        let result = engine.collect([try directory.write("shop.sql", dump)])
        let found = result.findings.map { "\($0.category.rawValue)@\($0.record?.column ?? "-") \($0.confidence)" }
        // Passports and bare licence numbers are found by their column; the EAN-13 barcodes
        // (valid resident numbers by their check digit) are not, nor is the resident number in
        // `order_no` raised by the `주민번호` of the memo next to it.
        XCTAssertEqual(found, [
            "kr-passport@passport_no 0.7", "kr-driver-license@license_no 0.5",
            "kr-passport@passport_no 0.7", "kr-driver-license@license_no 0.5",
        ])
        // As text, the line decides: the memo's keyword raises the order number; passports and
        // licences have no context, and the barcodes (Korea's prefix 880 and an EAN-13 check
        // digit) stay below the threshold without a keyword.
        let text = engine.scan(text: dump, path: "shop.txt").map { "\($0.category.rawValue) \($0.confidence)" }
        XCTAssertEqual(text, ["kr-rrn 1.0"])
    }

    /// A value the decoding pass reads (full-width digits) is assessed on its decoded line, not
    /// as a row value: asking the dump's parser about it moved the parser past the row values
    /// before it, which then lost their columns (an estate corpus's bare account numbers went
    /// unreported) — depending on whether a later statement made the buffer end mid-line.
    func testDecodedValuesLeaveTheRowValuesBeforeThemTheirColumns() throws {
        let first = (1...40).map { row in
            let phone = row == 30 ? "０１０－７５２８－７０１２" : "010-2\(String(format: "%03d", row))-7012"
            return "(\(row),'홍길동','\(phone)','1002188004\(String(format: "%03d", row))')"
        }
        let later = (41...80).map { "(\($0),'김영희','010-3\(String(format: "%03d", $0))-7012','1002188004\(String(format: "%03d", $0))')" }
        let dump = [
            "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)",
            "CREATE TABLE `tb_household` (`hh_id` int NOT NULL, `owner_nm` varchar(20), `hp_no` varchar(20), `acct_no` varchar(20));",
            "INSERT INTO `tb_household` VALUES \(first.joined(separator: ","));",
            "INSERT INTO `tb_household` VALUES \(later.joined(separator: ","));", "",
        ].joined(separator: "\n")
        let directory = try TemporaryDirectory()
        for bufferSize in [4096, 1 << 20] {
            let result = try engine(bufferSize: bufferSize).collect([try directory.write("apt.sql", dump)])
            XCTAssertTrue(result.findings.allSatisfy { $0.record != nil }, "buffer \(bufferSize)")
            // Every bare account number is found by its column's name, the full-width phone too.
            XCTAssertEqual(
                result.findings.filter { $0.category == .bankAccount && $0.record?.column == "acct_no" }.count, 80, "buffer \(bufferSize)")
            XCTAssertEqual(result.findings.filter { $0.category == .phone }.count, 80, "buffer \(bufferSize)")
        }
    }

    /// A phone or resident number in an INTEGER column loses its leading zeros (`1023456789`).
    /// Unquoted values of a dump are assessed as the database's INTEGER cells are: with the
    /// zeros restored, 0.4 less confidence and the column name as context, so the dump of a
    /// database reports what the database does. Quoted values (TEXT) are read as written.
    func testIntegersThatLostLeadingZerosAreFoundAsInTheDatabase() throws {
        let schema = "CREATE TABLE members (id INTEGER PRIMARY KEY, hp INTEGER, tel TEXT, jumin INTEGER, amount INTEGER);\n"
        let rows = [
            "(1, 1023456789, '1098765432', 9001011234568, 1023456789)",
            "(2, 1087654321, '01055551234', 1013123451, 1087654321)",
            "(3, 212345678, NULL, 505053123453, 7043218765)",
        ]
        let directory = try TemporaryDirectory()
        let database = directory.url.appendingPathComponent("members.db").path
        try SQLiteFixture.build(schema + rows.map { "INSERT INTO members VALUES \($0);\n" }.joined(), at: database)
        let sqliteDump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n" + schema
            + rows.map { "INSERT INTO members VALUES\($0);\n" }.joined() + "COMMIT;\n"
        let mysqlDump = "-- MySQL dump 10.13\n" + schema.replacingOccurrences(of: "members", with: "`members`")
            + "INSERT INTO `members` VALUES " + rows.joined(separator: ",").replacingOccurrences(of: ", ", with: ",") + ";\n"
        let copyRows = rows.map {
            $0.dropFirst().dropLast().replacingOccurrences(of: ", ", with: "\t").replacingOccurrences(of: "'", with: "")
                .replacingOccurrences(of: "NULL", with: "\\N")
        }
        let postgresDump = "--\n-- PostgreSQL database dump\n--\n\n" + schema
            + "COPY public.members (id, hp, tel, jumin, amount) FROM stdin;\n" + copyRows.joined(separator: "\n") + "\n\\.\n"

        let engine = try engine()
        func described(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.record?.column ?? "-")#\($0.record?.rowid ?? 0) \($0.category.rawValue) \($0.confidence) \($0.masked) \($0.length)" }
        }
        let expected = described(engine.collect([database]).findings)
        // The TEXT '1098765432' is read as written: no phone (`tel#1` is missing).
        let copied = "tel#1 kr-phone 0.6 010****5432 10"
        XCTAssertEqual(expected, [
            "hp#1 kr-phone 0.6 010****6789 10", "jumin#1 kr-rrn 1.0 9001011****** 13",
            "hp#2 kr-phone 0.6 010****4321 10", "tel#2 kr-phone 1.0 010****1234 11", "jumin#2 kr-rrn 0.6 0001013****** 10",
            "hp#3 kr-phone 0.55 02****5678 9", "jumin#3 kr-rrn 0.6 0505053****** 12",
        ])
        for (name, dump) in [("sqlite.sql", sqliteDump), ("mysql.sql", mysqlDump), ("pg.sql", postgresDump)] {
            let path = try directory.write(name, dump)
            let result = engine.collect([path])
            // COPY data does not say which fields were TEXT: there, '1098765432' is a number too.
            var wanted = expected
            if name == "pg.sql" { wanted.insert(copied, at: 1) }
            XCTAssertEqual(described(result.findings), wanted, name)
            let hp = try XCTUnwrap(result.summary.columns.first { $0.key.column == "hp" }, name)
            XCTAssertEqual(hp.rowsWithFindings, [.phone: 3], name)
            // The offsets are the stored digits'.
            let bytes = Array(dump.utf8)
            for finding in result.findings {
                let digits = bytes[Int(finding.offset)..<Int(finding.offset) + finding.length]
                XCTAssertTrue(digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, "\(name): \(finding.offset)")
            }
        }

        // A whole number in a REAL column: `sqlite3 .dump` writes `1023456789.0`, the database
        // reads the cell as that integer, and the dump now does too (a real fraction is no phone).
        let realDatabase = directory.url.appendingPathComponent("real.db").path
        try SQLiteFixture.build("CREATE TABLE t (id INTEGER PRIMARY KEY, hp REAL);\nINSERT INTO t VALUES (1, 1023456789.0), (2, 1023456789.5);\n", at: realDatabase)
        let realDump = try directory.write("real.sql", "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t (id INTEGER PRIMARY KEY, hp REAL);\n"
            + "INSERT INTO t VALUES(1,1023456789.0);\nINSERT INTO t VALUES(2,1023456789.5);\nCOMMIT;\n")
        let fromDatabase = described(engine.collect([realDatabase]).findings)
        XCTAssertEqual(fromDatabase, ["hp#1 kr-phone 0.6 010****6789 10"])
        XCTAssertEqual(described(engine.collect([realDump]).findings), fromDatabase)

        // One extended insert far longer than the buffer: numbers straddle every window cut.
        let long = "-- MySQL dump 10.13\n" + schema.replacingOccurrences(of: "members", with: "`members`")
            + "INSERT INTO `members` VALUES "
            + (1...2000).map { "(\($0),10\(String(23456789 + $0).suffix(8)),NULL,9001011234568,\($0 * 7919))" }.joined(separator: ",") + ";\n"
        let longPath = try directory.write("long.sql", long)
        let reference = engine.collect([longPath]).findings
        XCTAssertEqual(reference.filter { $0.record?.column == "hp" }.map(\.record?.rowid), (1...2000).map { Int64($0) })
        for (threads, bufferSize) in [(1, 4096), (2, 4099), (2, 1 << 16)] {
            let result = try self.engine(threads: threads, bufferSize: bufferSize).collect([longPath]).findings
            XCTAssertEqual(result, reference, "threads \(threads), buffer \(bufferSize)")
        }

        // Random numbers in columns that name no personal data: nothing, as in a database.
        var generator = SystemRandomNumberGenerator()
        var random = "-- MySQL dump 10.13\nCREATE TABLE `t` (`id` int, `amount` bigint, `ref` bigint);\nINSERT INTO `t` VALUES "
        random += (1...3000).map { row in
            let numbers = (0..<2).map { _ in
                var number = String(Int.random(in: 10_000_000...999_999_999_999, using: &generator))
                if number.count == 12 && number.hasPrefix("82") { number.removeFirst() }  // `8210…`: an MSISDN as written
                return number
            }
            return "(\(row),\(numbers[0]),\(numbers[1]))"
        }.joined(separator: ",") + ";\n"
        XCTAssertEqual(engine.collect([try directory.write("random.sql", random)]).findings.map(\.masked), [])
        // Numbers that are not whole values: inside strings, SQL text, decimals, negatives.
        let prose = """
            -- MySQL dump 10.13
            CREATE TABLE `members` (`id` int, `hp` varchar(40), `note` text);
            INSERT INTO `members` VALUES (1,'1023456789','hp,1023456789,'),(2,'x 1023456789',''),(3,'-1023456789','1023456789.5');
            -- hp (1023456789)

            """
        XCTAssertEqual(engine.collect([try directory.write("prose.sql", prose)]).findings.map(\.masked), [])
    }

    func testGzipDumpGivesTheSameAttribution() throws {
        let directory = try TemporaryDirectory()
        let bytes = Array(try SQLDumpParserTests.fixture("pg_dump.sql").utf8)
        let plain = try directory.write("dump.sql", bytes)
        let compressed = try directory.write("dump.sql.gz", try gzipped(bytes))
        let engine = try engine()
        let reference = engine.collect([plain])
        let gzip = engine.collect([compressed])
        XCTAssertTrue(gzip.issues.isEmpty, "\(gzip.issues)")
        XCTAssertEqual(gzip.findings.map { var f = $0; f.path = plain; return f }, reference.findings)
        XCTAssertEqual(gzip.summary.columns.map(\.rowsWithFindings), reference.summary.columns.map(\.rowsWithFindings))
        XCTAssertEqual(gzip.summary.rows, 7)
    }

    /// A mysqldump extended insert far longer than the buffer, with multi-line values and escaped
    /// quotes, and a pg_dump COPY block, so values straddle every buffer boundary.
    static func generatedDumps(rows: Int) -> (mysql: String, postgres: String) {
        var mysql = "-- MySQL dump 10.13\n\nCREATE TABLE `people` (\n  `id` int,\n  `name` varchar(20),\n  `rrn` char(14),\n  `hp` varchar(20),\n  `memo` text\n);\nINSERT INTO `people` VALUES "
        var postgres = "--\n-- PostgreSQL database dump\n--\n\nCOPY public.people (id, name, rrn, hp, memo) FROM stdin;\n"
        for row in 1...rows {
            let memo = row % 7 == 0 ? "it\\'s ''long''\n배송지 서울특별시 강남구 테헤란로 152 (역삼동)" : "배송지 서울특별시 강남구 테헤란로 152 (역삼동), (x, y);"
            mysql += (row == 1 ? "" : ",") + "(\(row),'O\\'Kim \(row)','900101-1234568','010-2345-6789','\(memo)')"
            if row % 500 == 0 { mysql += ";\nINSERT INTO `people` VALUES " + "(0,'','','','')" }
            postgres += "\(row)\tKim\\t\(row)\t850315-2012341\t\(row % 3 == 0 ? "\\N" : "010-2345-6789")\t메모\\n서울특별시 강남구 테헤란로 152 (역삼동)\n"
        }
        mysql += ";\n"
        postgres += "\\.\n"
        return (mysql, postgres)
    }

    func testIdenticalAcrossBufferSizesThreadsAndChunks() throws {
        let rows = 1500
        let dumps = Self.generatedDumps(rows: rows)
        let directory = try TemporaryDirectory()
        let paths = [try directory.write("a.sql", dumps.mysql), try directory.write("b.sql", dumps.postgres)]
        let reference = try engine().collect(paths)
        XCTAssertTrue(reference.issues.isEmpty, "\(reference.issues)")

        // Every value found where it was planted, rows numbered per table.
        let mysqlRRN = reference.findings.filter { $0.path == paths[0] && $0.category == .rrn }
        XCTAssertEqual(mysqlRRN.count, rows)
        XCTAssertEqual(mysqlRRN.map { $0.record?.column }, Array(repeating: "rrn", count: rows))
        let expectedRows = (1...rows).map { Int64($0 + ($0 - 1) / 500) }  // a dummy row follows every 500th
        XCTAssertEqual(mysqlRRN.map { $0.record?.rowid }, expectedRows)
        let addresses = reference.findings.filter { $0.category == .address }
        XCTAssertEqual(addresses.count, 2 * rows)
        XCTAssertTrue(addresses.allSatisfy { $0.record?.column == "memo" })
        let pgPhones = reference.findings.filter { $0.path == paths[1] && $0.category == .phone }
        XCTAssertEqual(pgPhones.map { $0.record?.rowid }, (1...rows).filter { $0 % 3 != 0 }.map { Int64($0) })
        XCTAssertTrue(pgPhones.allSatisfy { $0.record == RecordLocation(table: "public.people", column: "hp", rowid: $0.record?.rowid) })
        let memo = try XCTUnwrap(reference.summary.columns.first { $0.key.path == paths[0] && $0.key.column == "memo" })
        XCTAssertEqual(memo.rows, Int64(rows + rows / 500))
        XCTAssertEqual(memo.rowsWithFindings, [Category.address: Int64(rows)])
        XCTAssertEqual(reference.summary.rows, Int64(2 * rows + rows / 500))

        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4096, 5000), (2, 1 << 20, 65536), (3, 4099, 5000)] {
            let result = try engine(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize).collect(paths)
            let label = "threads \(threads), buffer \(bufferSize), chunk \(chunkSize)"
            XCTAssertEqual(result.findings, reference.findings, label)
            XCTAssertEqual(result.summary, { var s = reference.summary; s.elapsedSeconds = result.summary.elapsedSeconds; return s }(), label)
        }
    }

    /// Split columns (`jumin1`/`jumin2`, `hp1`/`hp2`/`hp3`, `mb_` prefixes) are joined per row as
    /// in the database: quoted INSERT values, INTEGER parts that lost leading zeros (`11226` is
    /// `011226`, a `hp3` of `890` is `0890`), and COPY fields, whose tab-separated parts the
    /// text rule reads as one number: that match gives way to the joined value, reported once
    /// under `jumin1+jumin2`. Identical whatever the buffer size (rows cut by the window).
    func testSplitColumnsAreJoinedAsInTheDatabase() throws {
        let rows = 400
        var mysql = "-- MySQL dump 10.13\nCREATE TABLE `m` (`id` int, `jumin1` varchar(6), `jumin2` varchar(7), `hp1` varchar(3), "
            + "`hp2` varchar(4), `hp3` varchar(4), `memo` text);\nINSERT INTO `m` VALUES "
        var postgres = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.crm (mb_id bigint, mb_jumin1 bigint, mb_jumin2 bigint, "
            + "mb_hp1 bigint, mb_hp2 bigint, mb_hp3 bigint, note text);\nCOPY public.crm (mb_id, mb_jumin1, mb_jumin2, mb_hp1, mb_hp2, "
            + "mb_hp3, note) FROM stdin;\n"
        for row in 1...rows {
            let odd = row % 2 == 1
            mysql += (row > 1 ? "," : "") + (odd ? "(\(row),'900101','1234568','010','2345','6789','고객\\'s memo')"
                : "(\(row),NULL,NULL,'010','3456','0123','hong\(row)@naver.com')")
            postgres += odd ? "\(row)\t900101\t1234568\t10\t2345\t6789\t\\N\n" : "\(row)\t11226\t3123811\t10\t4780\t890\tnote\n"
        }
        mysql += ";\n"
        postgres += "\\.\n"
        let directory = try TemporaryDirectory()
        let paths = [try directory.write("m.sql", mysql), try directory.write("p.sql", postgres)]
        let reference = try engine().collect(paths)
        XCTAssertTrue(reference.issues.isEmpty, "\(reference.issues)")
        let inMySQL = reference.findings.filter { $0.path == paths[0] }
        XCTAssertEqual(inMySQL.filter { $0.category == .rrn }.map { $0.record }, stride(from: 1, through: rows, by: 2).map {
            RecordLocation(table: "m", column: "jumin1+jumin2", rowid: Int64($0)) })
        XCTAssertEqual(inMySQL.filter { $0.category == .phone }.count, rows)
        XCTAssertTrue(inMySQL.filter { $0.category == .phone }.allSatisfy { $0.record?.column == "hp1+hp2+hp3" })
        XCTAssertEqual(inMySQL.filter { $0.category == .email }.count, rows / 2)
        XCTAssertEqual(inMySQL.map(\.offset), inMySQL.map(\.offset).sorted())
        let first = try XCTUnwrap(inMySQL.first)
        XCTAssertEqual(first.masked, "900101-1******")
        XCTAssertEqual(first.line, 3)
        XCTAssertEqual(first.offset, Int64(mysql.utf8.count - mysql.drop(while: { $0 != "9" }).utf8.count))
        let inPostgres = reference.findings.filter { $0.path == paths[1] }
        XCTAssertEqual(inPostgres.count, 2 * rows, "each number once, not also as the text match over the tabs")
        XCTAssertTrue(inPostgres.allSatisfy {
            $0.record?.column == ($0.category == .rrn ? "mb_jumin1+mb_jumin2" : "mb_hp1+mb_hp2+mb_hp3") })
        XCTAssertEqual(Set(inPostgres.map(\.masked)), ["900101-1******", "011226-3******", "010-****-6789", "010-****-0890"])
        let joined = try XCTUnwrap(reference.summary.columns.first { $0.key.path == paths[1] && $0.key.column == "mb_jumin1+mb_jumin2" })
        XCTAssertEqual(joined.rows, Int64(rows))
        XCTAssertEqual(joined.rowsWithFindings, [Category.rrn: Int64(rows)])
        let hp = try XCTUnwrap(reference.summary.columns.first { $0.key.path == paths[0] && $0.key.column == "hp1+hp2+hp3" })
        XCTAssertEqual(hp.rowsWithFindings, [Category.phone: Int64(rows)])
        for (threads, bufferSize) in [(1, 4096), (2, 4099), (1, 5000)] {
            let result = try engine(threads: threads, bufferSize: bufferSize).collect(paths)
            XCTAssertEqual(result.findings, reference.findings, "buffer \(bufferSize)")
            XCTAssertEqual(result.summary.columns, reference.summary.columns, "buffer \(bufferSize)")
        }
    }

    /// A resident number's back half in a column of its own without its front (`주민번호뒷자리`,
    /// `rrn2`) is the secret part (spec §2.9 RRN_BACK7, `kr-rrn-partial`) in a dump as in the
    /// database: under its column and row, once, at its first digit; a 7-digit value that is no
    /// back half (first digit 9) and the same digits under an ordinary column are not.
    func testLoneBackHalfColumnsAreSecretPartsAsInTheDatabase() throws {
        let rows = 300
        var mysql = "-- MySQL dump 10.13\nCREATE TABLE `member` (`id` int, `name` varchar(20), `주민번호뒷자리` char(7), "
            + "`memo_code` char(7));\nINSERT INTO `member` VALUES "
        var postgres = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.kyc (id bigint, rrn2 bigint, note text);\n"
            + "COPY public.kyc (id, rrn2, note) FROM stdin;\n"
        for row in 1...rows {
            let back = row % 3 == 0 ? "9912345" : "2378608"
            mysql += (row > 1 ? "," : "") + "(\(row),'김민수','\(back)','1234568')"
            postgres += "\(row)\t\(back)\t\\N\n"
        }
        mysql += ";\n"
        postgres += "\\.\n"
        let directory = try TemporaryDirectory()
        let paths = [try directory.write("m.sql", mysql), try directory.write("p.sql", postgres)]
        let reference = try engine().collect(paths)
        XCTAssertTrue(reference.issues.isEmpty, "\(reference.issues)")
        let expectedRows = (1...rows).filter { $0 % 3 != 0 }.map(Int64.init)
        for (path, table, column) in [(paths[0], "member", "주민번호뒷자리"), (paths[1], "public.kyc", "rrn2")] {
            let found = reference.findings.filter { $0.path == path }
            XCTAssertEqual(found.map(\.record), expectedRows.map { RecordLocation(table: table, column: column, rowid: $0) }, path)
            XCTAssertTrue(found.allSatisfy { $0.category == .rrnPartial && $0.confidence >= 0.5 && $0.length == 7 }, "\(found.prefix(2))")
            XCTAssertTrue(found.allSatisfy { $0.masked == "******-2******" }, "\(found.prefix(2).map(\.masked))")
            let summary = try XCTUnwrap(reference.summary.columns.first { $0.key.path == path && $0.key.column == column })
            XCTAssertEqual(summary.rows, Int64(rows))
            XCTAssertEqual(summary.rowsWithFindings, [Category.rrnPartial: Int64(expectedRows.count)])
        }
        let first = try XCTUnwrap(reference.findings.first)
        XCTAssertEqual(first.line, 3)
        XCTAssertEqual(first.offset, Int64(mysql.components(separatedBy: "2378608")[0].utf8.count))
        for (threads, bufferSize) in [(1, 4096), (2, 4099)] {
            let result = try engine(threads: threads, bufferSize: bufferSize).collect(paths)
            XCTAssertEqual(result.findings, reference.findings, "buffer \(bufferSize)")
        }
    }

    /// An address split over columns (`sido`, `sigungu`, `road_nm`, `bldg_no`, `detail`) is joined
    /// per row of an INSERT or COPY, as in the database, and reported under the joined columns;
    /// a NULL road name gives none, a `-` placeholder part is skipped. The same whatever the
    /// window.
    func testAnAddressSplitOverColumnsIsJoinedAsInTheDatabase() throws {
        let rows = 200
        var mysql = "-- MySQL dump 10.13\nCREATE TABLE `resident` (`id` int, `name` varchar(20), `sido` varchar(20), "
            + "`sigungu` varchar(20), `road_nm` varchar(40), `bldg_no` int, `detail` varchar(40));\nINSERT INTO `resident` VALUES "
        var postgres = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.resident (id bigint, name text, sido text, "
            + "sigungu text, road_nm text, bldg_no integer, detail text);\nCOPY public.resident (id, name, sido, sigungu, road_nm, "
            + "bldg_no, detail) FROM stdin;\n"
        for row in 1...rows {
            let (sigungu, road) = row % 4 == 0 ? ("-", "도움5로") : row % 4 == 1 ? ("노원구", "한글비석로") : row % 4 == 2 ? ("노원구", "") : ("마포구", "성미산로")
            let sido = row % 4 == 0 ? "세종특별자치시" : "서울특별시"
            mysql += (row > 1 ? "," : "") + "(\(row),'김민수','\(sido)','\(sigungu)',\(road.isEmpty ? "NULL" : "'\(road)'"),\(400 + row),'1\(row)동 1901호')"
            postgres += "\(row)\t김민수\t\(sido)\t\(sigungu)\t\(road.isEmpty ? "\\N" : road)\t\(400 + row)\t\\N\n"
        }
        mysql += ";\n"
        postgres += "\\.\n"
        let directory = try TemporaryDirectory()
        let paths = [try directory.write("m.sql", mysql), try directory.write("p.sql", postgres)]
        var configuration = testConfiguration()
        configuration.showValues = true
        configuration.minConfidence = 0.5
        let reference = try ScanEngine(configuration: configuration, rules: .builtIn()).collect(paths)
        XCTAssertTrue(reference.issues.isEmpty, "\(reference.issues)")
        let expectedRows = (1...rows).filter { $0 % 4 != 2 }.map(Int64.init)
        for (path, table) in [(paths[0], "resident"), (paths[1], "public.resident")] {
            let found = reference.findings.filter { $0.path == path && $0.category == .address }
            XCTAssertEqual(found.map(\.record), expectedRows.map {
                RecordLocation(table: table, column: "sido+sigungu+road_nm+bldg_no+detail", rowid: $0) }, path)
            let summary = try XCTUnwrap(reference.summary.columns.first { $0.key.path == path && $0.key.column == "sido+sigungu+road_nm+bldg_no+detail" })
            XCTAssertEqual(summary.rows, Int64(rows))
            XCTAssertEqual(summary.rowsWithFindings, [Category.address: Int64(expectedRows.count)])
        }
        XCTAssertEqual(reference.findings.first { $0.path == paths[0] }?.value, "서울특별시 노원구 한글비석로 401 11동 1901호")
        XCTAssertEqual(reference.findings.first { $0.path == paths[1] }?.value, "서울특별시 노원구 한글비석로 401")
        XCTAssertTrue(reference.findings.contains { $0.value == "세종특별자치시 도움5로 404 14동 1901호" })
        for (threads, bufferSize) in [(1, 4096), (2, 4099)] {
            var small = configuration
            small.threads = threads
            small.bufferSize = bufferSize
            XCTAssertEqual(try ScanEngine(configuration: small, rules: .builtIn()).collect(paths).findings, reference.findings, "buffer \(bufferSize)")
        }
    }

    /// A split row cut by the read window — its first part in one window, its end in a later
    /// one, in a line longer than the buffer (an extended INSERT), in one-row INSERT lines and
    /// in COPY lines — still gives its joined value, exactly once, at the first part's first
    /// digit (line, column, offset, length, value as shown), under the joined column and its
    /// row: never dropped, and never left to the text match over a COPY line's tabs.
    func testSplitRowsCutByTheWindowAreJoinedOnceWithTheirLocation() throws {
        struct Planted: Hashable {
            var table: String
            var column: String
            var row: Int64
            var category: Category
            var offset: Int
            var end: Int
        }
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        /// A resident number (1970–2009 birth, valid check digit) as (front, back).
        func residentNumber() -> (String, String) {
            let year = 70 + next(40)
            let century2000 = year >= 100
            let front = String(format: "%02d%02d%02d", year % 100, 1 + next(12), 1 + next(28))
            var back = "\(century2000 ? 3 + next(2) : 1 + next(2))" + String(format: "%05d", next(100_000))
            let digits = (front + back).map { Int(String($0))! }
            let weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
            back += "\((11 - zip(digits, weights).map(*).reduce(0, +) % 11) % 10)"
            return (front, back)
        }
        let words = ["고객", "메모", "배송", "문의", "hello", "note", "O\\'Brien", "서울", "요청사항"]
        func filler(_ count: Int) -> String { (0..<count).map { _ in words[next(words.count)] }.joined(separator: " ") }
        func utf8Count(_ text: String) -> Int { text.utf8.count }

        var planted: [String: [Planted]] = [:]
        /// Appends `parts` (field texts, `nil` for a part) to `text`, recording the planted span.
        func plant(_ text: inout String, file: String, table: String, row: Int64, fields: [String], parts: [[Int]], columns: [String]) {
            var offsets: [Int: (Int, Int)] = [:]
            for (index, field) in fields.enumerated() {
                let start = utf8Count(text)
                text += field
                // The field's digits (its quotes and the lost zeros aside).
                let bytes = Array(field.utf8)
                if let first = bytes.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }), let last = bytes.lastIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                    offsets[index] = (start + first, start + last + 1)
                }
            }
            for group in parts {
                planted[file, default: []].append(Planted(
                    table: table, column: group.map { columns[$0] }.joined(separator: "+"), row: row,
                    category: group.count == 2 ? .rrn : .phone, offset: group.map { offsets[$0]!.0 }.min()!, end: group.map { offsets[$0]!.1 }.max()!))
            }
        }

        // mysqldump: one extended INSERT per table on one line far longer than the buffer.
        var mysql = "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `m` (`id` int, `name` varchar(20), `jumin1` varchar(6), "
            + "`jumin2` varchar(7), `hp1` varchar(3), `hp2` varchar(4), `hp3` varchar(4), `memo` text);\nINSERT INTO `m` VALUES "
        let mysqlColumns = ["id", "name", "jumin1", "jumin2", "hp1", "hp2", "hp3", "memo"]
        for row in 1...100 {
            if row > 1 { mysql += "," }
            let (front, back) = residentNumber()
            let fields = ["(\(row)", ",'홍길동'", ",'\(front)'", ",'\(back)'", ",'010'", ",'\(2000 + next(8000))'", ",'\(1000 + next(9000))'",
                ",'\(filler(next(40)))')"]
            plant(&mysql, file: "m.sql", table: "m", row: Int64(row), fields: fields, parts: [[2, 3], [4, 5, 6]], columns: mysqlColumns)
        }
        mysql += ";\n"

        // One-row INSERTs (`--skip-extended-insert --complete-insert`), a text column between the parts.
        var single = "-- MySQL dump 10.13\nCREATE TABLE `s` (`id` int, `jumin1` char(6), `note` text, `jumin2` char(7), `hp1` char(3), "
            + "`hp2` char(4), `hp3` char(4));\n"
        let singleColumns = ["id", "jumin1", "note", "jumin2", "hp1", "hp2", "hp3"]
        for row in 1...120 {
            let (front, back) = residentNumber()
            single += "INSERT INTO `s` (`id`, `jumin1`, `note`, `jumin2`, `hp1`, `hp2`, `hp3`) VALUES "
            let fields = ["(\(row)", ",'\(front)'", ",'\(filler(next(12)))'", ",'\(back)'", ",'010'", ",'\(2000 + next(8000))'",
                ",'\(1000 + next(9000))');\n"]
            plant(&single, file: "s.sql", table: "s", row: Int64(row), fields: fields, parts: [[1, 3], [4, 5, 6]], columns: singleColumns)
        }

        // pg_dump COPY with INTEGER parts (lost leading zeros: 11226 is 011226, 10 is 010).
        var copy = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.crm (mb_id bigint, note text, mb_hp1 bigint, mb_hp2 bigint, "
            + "mb_hp3 bigint, mb_jumin1 bigint, mb_jumin2 bigint);\nCOPY public.crm (mb_id, note, mb_hp1, mb_hp2, mb_hp3, "
            + "mb_jumin1, mb_jumin2) FROM stdin;\n"
        let copyColumns = ["mb_id", "note", "mb_hp1", "mb_hp2", "mb_hp3", "mb_jumin1", "mb_jumin2"]
        for row in 1...200 {
            let (front, back) = residentNumber()
            let fields = ["\(row)", "\t\(filler(1 + next(25)))", "\t10", "\t\(2000 + next(8000))", "\t\(1000 + next(9000))", "\t\(Int(front)!)",
                "\t\(back)\n"]
            plant(&copy, file: "p.sql", table: "public.crm", row: Int64(row), fields: fields, parts: [[5, 6], [2, 3, 4]], columns: copyColumns)
        }
        copy += "\\.\n"

        let directory = try TemporaryDirectory()
        let texts = ["m.sql": mysql, "s.sql": single, "p.sql": copy]
        var paths: [String: String] = [:]
        for (name, text) in texts { paths[name] = try directory.write(name, text) }
        XCTAssertGreaterThan(utf8Count(mysql), 3 * 4096, "the INSERT line is longer than the buffer")
        /// Per file, per planted value: its line, column and text.
        var expectedPlaces: [String: [Planted: (line: Int, column: Int, value: String)]] = [:]
        for (name, text) in texts {
            let bytes = Array(text.utf8)
            var line = 1
            var lineStart = 0
            var position = 0
            for plant in planted[name]!.sorted(by: { $0.offset < $1.offset }) {
                while position < plant.offset {
                    if bytes[position] == 0x0A {
                        line += 1
                        lineStart = position + 1
                    }
                    position += 1
                }
                expectedPlaces[name, default: [:]][plant] = (line, plant.offset - lineStart + 1, String(decoding: bytes[plant.offset..<plant.end], as: UTF8.self))
            }
        }
        var sizes = Array(4096...4296)
        for _ in 0..<12 { sizes.append(4096 + next(12 * 4096)) }
        sizes.append(1 << 20)
        for bufferSize in sizes {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.showValues = true
            let engine = try ScanEngine(configuration: configuration, rules: .builtIn())
            for name in texts.keys.sorted() {
                let result = engine.collect([paths[name]!])
                XCTAssertTrue(result.issues.isEmpty, "\(name) buffer \(bufferSize): \(result.issues)")
                let joined = result.findings.filter { $0.category == .rrn || $0.category == .phone }
                var found: [String: [Finding]] = [:]
                for finding in joined { found["\(finding.record?.column ?? "")#\(finding.record?.rowid ?? -1)#\(finding.category)", default: []].append(finding) }
                var missing: [Planted] = []
                for plant in planted[name]! {
                    guard let all = found["\(plant.column)#\(plant.row)#\(plant.category)"], all.count == 1, let finding = all.first else {
                        missing.append(plant)
                        continue
                    }
                    let place = expectedPlaces[name]![plant]!
                    let where_ = "\(name) buffer \(bufferSize) row \(plant.row) \(plant.column)"
                    XCTAssertEqual(finding.record?.table, plant.table, where_)
                    XCTAssertEqual(finding.offset, Int64(plant.offset), where_)
                    XCTAssertEqual(finding.length, plant.end - plant.offset, where_)
                    XCTAssertEqual(finding.line, place.line, where_)
                    XCTAssertEqual(finding.column, place.column, where_)
                    XCTAssertEqual(finding.value, place.value, where_)
                }
                XCTAssertEqual(missing.map { "\($0.column)#\($0.row)" }, [], "\(name) buffer \(bufferSize): not found once")
                XCTAssertEqual(joined.count, planted[name]!.count, "\(name) buffer \(bufferSize): \(joined.filter { !($0.record?.column.contains("+") ?? false) }.map { "\($0.record?.column ?? "-")#\($0.record?.rowid ?? -1)@\($0.offset)" })")
                XCTAssertEqual(result.findings.map(\.offset), result.findings.map(\.offset).sorted(), "\(name) buffer \(bufferSize)")
            }
        }
    }

    func testAttributorMemoryIsBounded() throws {
        // No findings at all for a long time: the queue must not keep the whole dump.
        let attributor = SQLDumpAttributor(dialect: .mysql, bufferSize: 4096)
        var bytes = Array("INSERT INTO t (a) VALUES ".utf8)
        for _ in 0..<20_000 { bytes += Array("('xxxxxxxxxxxxxxxxxxxx'),".utf8) }
        bytes.withUnsafeBytes { attributor.received($0) }
        XCTAssertGreaterThan(attributor.parsed, Int64(bytes.count - 200_000))
        XCTAssertEqual(attributor.finish(path: "t").first?.rows, 20_000)
    }
}
