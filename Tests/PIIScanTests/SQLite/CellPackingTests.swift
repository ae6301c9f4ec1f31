import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Database cells are scanned packed into one buffer per column (``CellBatch``): the report must
/// be exactly the report of scanning every cell on its own.
final class CellPackingTests: XCTestCase {
    // MARK: - Which rules allow packing

    func testEveryBuiltInRuleIsLineLocal() throws {
        for rule in try RuleSet.builtIn().rules {
            XCTAssertTrue(RegexLineLocality.isLineLocal(rule), rule.id)
        }
    }

    func testLineLocalityAcceptsOnlyWhatCannotCrossOrSeeALineBreak() {
        let accepted = [
            #"(?<![0-9A-Za-z])[0-9]{6}[ \t]?-[ \t]?[0-9]{7}(?![0-9])"#, #"(?i)abc(?-i)d"#, #"(?<name>[가-힣]{2,4})시"#,
            #"\bEMP-\d{6}\b"#, #"[\x20-\x7e]+@"#, #"\x41\x{AC00}"#, #"[]a-]"#, #"[[:alpha:][:digit:]_]+"#, #"(?=\S)\h\V"#,
            #"(?:a|b)*+(?>c)(?|d|e)"#, #"a\.b\*c\[\]"#, #"(?P<x>a)(?'y'b)"#,
        ]
        for pattern in accepted { XCTAssertTrue(RegexLineLocality.isLineLocal(pattern), pattern) }
        let rejected = [
            #"a\sb"#, #"a.b"#, #"^abc"#, #"abc$"#, #"[^a]"#, #"(?s)a.b"#, #"(?m)x"#, #"(?x)a b"#, #"a\nb"#, "a\nb",
            #"[\x00-\x1f]"#, #"[\t-\r]"#, #"\x0a"#, #"\x{0A}"#, #"[\x{a}]"#, #"\R"#, #"\v"#, #"\p{Cc}"#, #"\P{L}"#,
            #"(*CR)a.b"#, #"\D"#, #"\W"#, #"\H"#, #"[[:space:]]"#, #"[[:cntrl:]]"#, #"[[:^alpha:]]"#, #"(a)\1"#,
            #"\Aabc"#, #"abc\z"#, #"abc\Z"#, #"\Gabc"#, #"a\Kb"#, #"\N"#, #"\Qa.b\E"#, #"(?(1)a|b)"#, #"(?R)"#,
            #"(?#comment)a"#, #"\cJ"#, #"\012"#, #"\o{12}"#, #"[\s]"#, #"[\D]"#, #"[a-\d]"#, #"[abc"#, #"(?<"#, "\\",
        ]
        for pattern in rejected { XCTAssertFalse(RegexLineLocality.isLineLocal(pattern), pattern) }
        // Start filters and prefilters that name a line feed would treat it specially.
        var rule = Rule(id: "x", category: .phone, regex: "[0-9]{4}", start: RuleStartFilter(bytes: [0x30], notAfter: [0x0A]))
        XCTAssertFalse(RegexLineLocality.isLineLocal(rule))
        rule.start = nil
        XCTAssertTrue(RegexLineLocality.isLineLocal(rule))
        rule.prefilter = RulePrefilter(bytes: [0x0A], within: 4)
        XCTAssertFalse(RegexLineLocality.isLineLocal(rule))
    }

    // MARK: - Packed equals cell by cell

    /// A database of cells that are hard on packing: values at the start and end of cells,
    /// halves of values in consecutive cells of a column (which would form a value if the cells
    /// were glued together), empty and NULL cells, multi-line cells, invalid UTF-8 (a lead byte
    /// at the end of one cell and continuation bytes at the start of the next), NUL bytes,
    /// encoded values, `piiscan:allow` comments, cells longer than the packing threshold,
    /// integers that lost a leading zero, split resident numbers, BLOBs and a `WITHOUT ROWID`
    /// table whose keys hold values.
    private func trickyDatabase(at path: String, rows: Int, seed: UInt64) throws {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let fragments = [
            "010-2345-6789", "01023456789", "+82 10-2345-6789", "02-123-4567", "900101-1234568", "850315-2012341",
            "900101-1******", "******-*******", "hong.gildong@naver.com", "h***@naver.com", "서울특별시 강남구 테헤란로 152",
            "경기도 성남시 분당구 판교역로 235, 101동 1203호", "4111 1111 1111 1111", "1234-****-****-5678", "M12345678",
            "11-12-345678-90", "hong%40naver.com", "010&#45;2345&#45;6789", "０１０－２３４５－６７８９",
            "token=aG9uZy5naWxkb25nQG5hdmVyLmNvbQ==", "\"data\":\"aG9uZy5naWxkb25nQG5hdmVyLmNvbQ==\"", "주민번호", "phone",
            "barcode", "주문번호", "연락처", "piiscan:allow", "piiscan:allow kr-phone", "1730000000000", "20250101",
            "휴대폰01023456789", "010-****-6789", "jumin=900101-1234568", "{\"hp\":\"010-2345-6789\"}", "010 2345 6789",
            "(02) 123-4567", "kim@daum.net.", "M123A4567", "9001011234568", "\\u0040", "%EC%84%9C%EC%9A%B8",
        ].map { Array($0.utf8) }
        let separators = ["", " ", "\n", "\r\n", "\t", ",", "-", ":", "=", "전화 ", " 주소: ", "\n\n"].map { Array($0.utf8) }
        let halves: [([UInt8], [UInt8])] = [
            ("010-2345", "-6789"), ("hong.gildong", "@naver.com"), ("서울특별시 강남구", "테헤란로 152"), ("900101-", "1234568"),
            ("9001011", "234568"), ("010", "23456789"), ("4111 1111", " 1111 1111"), ("hong", "%40naver.com"),
            ("", "010-2345-6789"), ("010-2345-6789", ""), ("jumin", "=900101-1234568"),
        ].map { (Array($0.0.utf8), Array($0.1.utf8)) } + [([0xEA], [0xB0, 0x80])]  // "가" split between two cells
        func cell() -> [UInt8] {
            var bytes: [UInt8] = []
            for _ in 0..<[0, 1, 1, 2, 3, 5][next(6)] { bytes += separators[next(separators.count)] + fragments[next(fragments.count)] }
            bytes += separators[next(separators.count)]
            switch next(40) {
            case 0, 1: bytes.append(0xEA)  // a lead byte without its continuation
            case 2, 3: bytes = [0xB0, 0x80] + bytes  // continuation bytes without a lead
            case 4: bytes.insert(0xFF, at: bytes.count / 2)
            case 5: bytes += [0] + bytes
            default: break
            }
            return bytes
        }
        let hex = Array("0123456789ABCDEF".utf8)
        func text(_ bytes: [UInt8]?) -> String {
            guard let bytes else { return "NULL" }
            var literal = Array("CAST(X'".utf8)
            literal.reserveCapacity(2 * bytes.count + 16)
            for byte in bytes { literal += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
            return String(decoding: literal + Array("' AS TEXT)".utf8), as: UTF8.self)
        }
        var sql = """
            CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, hp, jumin_no TEXT, created_at TEXT, barcode TEXT,
                mobile INTEGER, rrn1, rrn2, data BLOB, hp1, hp2, hp3);
            CREATE TABLE k (code TEXT, site TEXT, memo TEXT, PRIMARY KEY (code, site)) WITHOUT ROWID;
            BEGIN;

            """
        var pending: [Int: [UInt8]] = [:]
        let long = Array(String(repeating: "가나다 라마 1234 ", count: 1800).utf8)  // 34 kB
        for row in 1...rows {
            var cells: [String] = []
            for column in 0..<5 {
                if let second = pending.removeValue(forKey: column) {
                    cells.append(text(second))
                } else if next(10) == 0 {
                    let (first, second) = halves[next(halves.count)]
                    pending[column] = second
                    cells.append(text(first))
                } else if next(20) == 0 {
                    cells.append(next(2) == 0 ? "NULL" : "''")
                } else if row % 200 == 7 && column == row % 5 {
                    // Longer than CellBatch.soloThreshold: scanned alone, with values at its start, middle and end.
                    cells.append(text(Array("010-2345-6789 ".utf8) + long + Array(" hong.gildong@naver.com ".utf8) + long + Array(" 900101-1234568".utf8)))
                } else {
                    cells.append(text(cell()))
                }
            }
            let mobile = ["1023456789", "1012345678", "9001011234568", "-1023456789", "0", "12345678", "212345678", "3.14", "NULL", "'010-2345-6789'", "1023456789012"][next(11)]
            let rrn1 = ["'900101'", "50101", "'850315'", "'12345'", "NULL", "900101"][next(6)]
            let rrn2 = ["1234568", "'2012341'", "'1234568'", "'abc'", "NULL", "201234"][next(6)]
            let data = ["NULL", "X'89504E470001'", "X'3031302D323334352D36373839'", "CAST('연락처 010-2345-6789' AS BLOB)", "X'FFFE'"][next(5)]
            // A phone number split over three columns (joined as `hp1+hp2+hp3`).
            let hp1 = ["'010'", "10", "'02'", "2", "'099'", "'01'", "NULL", "'0１0'"][next(8)]
            let hp2 = ["'2345'", "345", "'23456'", "'23a5'", "NULL", "9876"][next(6)]
            let hp3 = ["'6789'", "6789", "'789'", "'-678'", "NULL", "5432"][next(6)]
            sql += "INSERT INTO t VALUES (\(row * 2), \(cells.joined(separator: ", ")), \(mobile), \(rrn1), \(rrn2), \(data), \(hp1), \(hp2), \(hp3));\n"
            if row % 10 == 0 {
                let site = ["'shop'", "'010-2345-6789'", "'a@b.com'", "9001011234568"][next(4)]
                sql += "INSERT OR IGNORE INTO k VALUES (\(text(cell() + [0x78])), \(site), \(text(cell())));\n"
            }
        }
        sql += "COMMIT;\n"
        try SQLiteFixture.build(sql, at: path)
    }

    private func report(_ path: String, _ configuration: ScanConfiguration, rules: RuleSet? = nil) throws
        -> (findings: [Finding], issues: [InputIssue], summary: ScanSummary)
    {
        var result = try ScanEngine(configuration: configuration, rules: rules ?? RuleSet.builtIn()).collect([path])
        result.summary.elapsedSeconds = 0
        return result
    }

    private func assertSameReport(
        _ path: String, _ configuration: ScanConfiguration, rules: RuleSet? = nil, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var unpacked = configuration
        unpacked.packCells = false
        let reference = try report(path, unpacked, rules: rules)
        let packed = try report(path, configuration, rules: rules)
        XCTAssertGreaterThan(reference.findings.count, 0, message, file: file, line: line)
        XCTAssertEqual(packed.findings.count, reference.findings.count, message, file: file, line: line)
        for (a, b) in zip(packed.findings, reference.findings) where a != b {
            XCTFail("\(message): first difference\n packed:    \(a)\n reference: \(b)", file: file, line: line)
            break
        }
        XCTAssertEqual(packed.issues, reference.issues, message, file: file, line: line)
        XCTAssertEqual(packed.summary, reference.summary, message, file: file, line: line)
    }

    func testPackedCellsGiveTheReportOfCellByCellScanning() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/tricky.db"
        try trickyDatabase(at: path, rows: 600, seed: 11)
        var configuration = testConfiguration()
        try assertSameReport(path, configuration, "defaults")
        let joined = try report(path, configuration).findings.filter { $0.record?.column == "hp1+hp2+hp3" }
        XCTAssertGreaterThan(joined.count, 0, "split phone numbers take part")
        configuration.minConfidence = 0
        configuration.showValues = true
        try assertSameReport(path, configuration, "every finding, values shown")
        // A small buffer: many small batches, and the long cells span several windows.
        configuration.bufferSize = UnitScanner.minimumBufferSize
        try assertSameReport(path, configuration, "4 KiB buffer")
        configuration.decodeValues = false
        configuration.inlineSuppression = false
        try assertSameReport(path, configuration, "no decoding, no inline suppression")
        // Rowid ranges on two workers.
        var split = testConfiguration(threads: 2)
        split.chunkSize = 4096
        split.databaseRowidsPerUnit = 97
        try assertSameReport(path, split, "rowid ranges, 2 threads")
        var sampled = testConfiguration()
        sampled.sampleRows = 150
        try assertSameReport(path, sampled, "sampled rows")
    }

    /// A lane that hits the PCRE2 match limit is scanned again cell by cell: the same findings,
    /// and the same error (naming the first such cell's column and a byte within that cell).
    func testMatchLimitInALaneGivesTheCellByCellReport() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/limit.db"
        var sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);\nBEGIN;\n"
        for row in 1...40 {
            // 40 a's and a later b: every start backtracks exponentially (the b is there, so
            // PCRE2's required-character check does not skip the attempt).
            let slow = row % 13 == 0 ? "'" + String(repeating: "a", count: 40) + "!b'" : "'aab'"
            sql += "INSERT INTO t VALUES (\(row), 'hp 010-2345-6789 aab', \(slow));\n"
        }
        sql += "COMMIT;\n"
        try SQLiteFixture.build(sql, at: path)
        let slow = Rule(id: "slow", category: Category(rawValue: "slow"), regex: "(?:a+)+b", confidence: 0.9)
        let rules = try RuleSet.builtIn().merging(RuleSet(rules: [slow]))
        XCTAssertTrue(CellBatch.canPack(try ScanEngine(configuration: testConfiguration(), rules: rules).detectors))
        try assertSameReport(path, testConfiguration(), rules: rules, "match limit")
        let result = try report(path, testConfiguration(), rules: rules)
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertTrue(result.issues.first?.message.contains("column \"b\": rule 'slow'") ?? false, "\(result.issues)")
        XCTAssertTrue(result.issues.first?.message.contains("near byte 0") ?? false, "\(result.issues)")
    }

    /// A rule that could match across cells glued together (`\s`) or see their edges (`$`)
    /// turns packing off: no value is made of two cells, and cell ends still count as ends.
    func testRulesThatAreNotLineLocalTurnPackingOff() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/glue.db"
        try SQLiteFixture.build(
            """
            CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT);
            INSERT INTO t VALUES (1, 'code AB'), (2, 'CD tail'), (3, 'END'), (4, 'x END');
            """, at: path)
        let rules = try RuleSet.builtIn().merging(
            RuleSet(rules: [
                Rule(id: "glued", category: Category(rawValue: "glued"), regex: #"AB\s+CD"#, confidence: 0.9),
                Rule(id: "end", category: Category(rawValue: "end"), regex: #"END$"#, confidence: 0.9),
            ]))
        XCTAssertFalse(CellBatch.canPack(try ScanEngine(configuration: testConfiguration(), rules: rules).detectors))
        let result = try report(path, testConfiguration(), rules: rules)
        XCTAssertEqual(result.findings.map(\.rule), ["end", "end"])
        XCTAssertEqual(result.findings.map(\.record?.rowid), [3, 4])
        try assertSameReport(path, testConfiguration(), rules: rules, "not line-local")
    }

    /// JSON lines go through the same batches (one lane per flattened field name).
    func testPackedJSONLinesGiveTheReportOfCellByCellScanning() throws {
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let fragments = [
            "010-2345-6789", "01023456789", "900101-1234568", "900101-1******", "hong.gildong@naver.com", "h***@naver.com",
            "서울특별시 강남구 테헤란로 152", "4111 1111 1111 1111", "M12345678", "11-12-345678-90", "hong%40naver.com",
            "０１０－２３４５－６７８９", "token=aG9uZy5naWxkb25nQG5hdmVyLmNvbQ==", "주민번호", "phone", "barcode", "piiscan:allow",
            "1730000000000", "휴대폰01023456789", "jumin=900101-1234568", "kim@daum.net.", "\\u0040", "\\\"quoted\\\"",
        ]
        let separators = ["", " ", "\\n", "\\r\\n", "\\t", ",", "-", "전화 ", "\\u0000"]
        let halves = [("010-2345", "-6789"), ("hong.gildong", "@naver.com"), ("900101-", "1234568"), ("9001011", "234568")]
        func string() -> String {
            var text = ""
            for _ in 0..<[0, 1, 1, 2, 3][next(5)] { text += separators[next(separators.count)] + fragments[next(fragments.count)] }
            return "\"" + text + separators[next(separators.count)] + "\""
        }
        var pending: [String: String] = [:]
        func value(_ key: String) -> String {
            if let second = pending.removeValue(forKey: key) { return "\"\(second)\"" }
            switch next(12) {
            case 0:
                let (first, second) = halves[next(halves.count)]
                pending[key] = second
                return "\"\(first)\""
            case 1: return ["1023456789", "1012345678", "9001011234568", "-1023456789", "0", "12345678", "3.5"][next(7)]
            case 2: return ["null", "true", "\"\""][next(3)]
            case 3: return "[" + (0..<next(4)).map { _ in string() }.joined(separator: ",") + "]"
            case 4: return "{\"phone\":\(string()),\"email\":\(string())}"
            default: return string()
            }
        }
        var text = ""
        for line in 1...500 {
            switch line % 97 {
            case 13: text += "not json\n"
            case 14: text += "\n"
            case 15: text += "{\"note\": \"010-2345-6789\"\n"  // unterminated
            default:
                var keys = ["note", "hp", "jumin_no", "created_at", "barcode", "mobile", "tags"].filter { _ in next(5) != 0 }
                if next(8) == 0 { keys.append("note") }  // a repeated key: the column's cells are apart
                text += "{" + keys.map { "\"\($0)\":\(value($0))" }.joined(separator: ",") + "}\n"
            }
        }
        let input = Array(text.utf8)
        func scan(_ configuration: ScanConfiguration) throws -> (findings: [Finding], outcome: JSONLinesScanner.Outcome) {
            let detectors = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).detectors
            let cells = CellScanner(scanner: UnitScanner(detectors: detectors, configuration: configuration), configuration: configuration)
            var source = MemorySource(input)
            var findings: [Finding] = []
            let outcome = JSONLinesScanner(cells: cells).scan(&source, table: "events", path: "-") { findings.append($0) }
            return (findings, outcome)
        }
        for (name, bufferSize, minConfidence) in [("defaults", 1 << 20, 0.5), ("4 KiB buffer, every finding", 4096, 0.0)] {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.minConfidence = minConfidence
            let packed = try scan(configuration)
            configuration.packCells = false
            let reference = try scan(configuration)
            XCTAssertGreaterThan(reference.findings.count, 200, name)
            XCTAssertEqual(packed.findings, reference.findings, name)
            XCTAssertEqual(packed.outcome.issues, reference.outcome.issues, name)
            XCTAssertEqual(packed.outcome.columns, reference.outcome.columns, name)
            XCTAssertEqual(packed.outcome.rows, reference.outcome.rows, name)
            XCTAssertEqual(reference.outcome.rows, 500 - 3 * 6, name)  // every line but 12 invalid and 6 blank ones
            XCTAssertEqual(packed.outcome.bytes, reference.outcome.bytes, name)
            XCTAssertTrue(reference.outcome.issues.first?.message.contains("invalid line") ?? false, name)
        }
    }

    /// Moving a record's findings out (the SQLite path) gives exactly what reading them gives,
    /// in cell order, each once; records without findings give none.
    func testMovingARecordsFindingsGivesWhatReadingThemGives() throws {
        let configuration = testConfiguration()
        let detectors = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).detectors
        let cells = CellScanner(scanner: UnitScanner(detectors: detectors, configuration: configuration), configuration: configuration)
        var batch = CellBatch(packing: true, byteBudget: 1 << 20)
        let phone = batch.addLane(column: 0, kind: .plain, context: Array("phone".utf8))
        let memo = batch.addLane(column: 1, kind: .plain, context: Array("memo".utf8))
        let rows: [(String, String)] = [
            ("010-2345-6789", "연락처 010-9876-5432, hong.gildong@naver.com"),
            ("없음", "nothing here"),
            ("02-312-3456", "주민번호 900101-1234568 메일 kim@daum.net"),
        ]
        for (first, second) in rows {
            batch.beginRecord()
            Array(first.utf8).withUnsafeBytes { batch.add($0, lane: phone) }
            Array(second.utf8).withUnsafeBytes { batch.add($0, lane: memo) }
        }
        var found = CellBatchFindings()
        cells.scan(batch, path: "t.db", into: &found)
        var total = 0
        for record in rows.indices {
            let read = Array(found.findings(ofRecord: record))
            XCTAssertEqual(found.hasFindings(ofRecord: record), !read.isEmpty, "record \(record)")
            var moved: [CellScanner.CellFinding] = []
            found.moveFindings(ofRecord: record) { moved.append(CellScanner.CellFinding(finding: $0, column: $1)) }
            XCTAssertEqual(moved.map(\.finding), read.map(\.finding), "record \(record)")
            XCTAssertEqual(moved.map(\.column), read.map(\.column), "record \(record)")
            found.moveFindings(ofRecord: record) { _, _ in XCTFail("record \(record): a finding was moved twice") }
            total += moved.count
        }
        XCTAssertFalse(found.hasFindings(ofRecord: 1))
        XCTAssertGreaterThanOrEqual(total, 6)
    }

    func testDecimalWritesIntegersAsStringDoes() {
        var digits = [UInt8](repeating: 0, count: 24)
        for value: Int64 in [0, 7, -7, 10, 1_023_456_789, -1_023_456_789, .max, .min, 9_001_011_234_568] {
            let count = SQLiteScanner.decimal(value, into: &digits)
            XCTAssertEqual(String(decoding: digits[0..<count], as: UTF8.self), String(value))
        }
    }
}
