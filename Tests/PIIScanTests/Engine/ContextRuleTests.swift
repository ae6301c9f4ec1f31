import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// The context rules (`[rules.lines] context = true`: bank accounts, business registration
/// numbers) search only lines holding one of their words — and every line of a CSV file,
/// database cell or SQL dump whose column names hold one. Their findings must be those of a
/// whole-buffer search, and the words must cover every keyword their validators accept.
final class ContextRuleTests: XCTestCase {
    private func engine(_ rules: [Rule]? = nil, bufferSize: Int = 1 << 20) throws -> ScanEngine {
        var configuration = testConfiguration(bufferSize: bufferSize)
        configuration.minConfidence = 0
        return try ScanEngine(configuration: configuration, rules: rules.map { RuleSet(rules: $0) } ?? RuleSet.builtIn())
    }

    private func contextRules() throws -> [Rule] { try RuleSet.builtIn().rules.filter { $0.lines?.isContext == true } }

    /// The same rules searching whole buffers: no line filter, no start filter.
    private static func wholeBuffer(_ rules: [Rule]) -> [Rule] {
        rules.map { rule in
            var rule = rule
            (rule.lines, rule.start) = (nil, nil)
            return rule
        }
    }

    /// Korean business text: account and BRN words, bank names, look-alike words, numbers of every
    /// shape near and far from them, line breaks.
    /// `shortLines`: a line break after about every third piece (a missing word then shows on a
    /// line of its own).
    static func soup(seed: UInt64, length: Int, shortLines: Bool = false) -> [UInt8] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let pieces = [
            "환불계좌 ", "계좌번호: ", "입금 ", "이체 완료 ", "예금주 ", "신한은행 ", "카카오뱅크 ", "KB국민 ", "kb국민", "SC제일 ", "농협 ",
            "account_no=", "bankAccount\":\"", "ACCT ", "사업자등록번호 ", "상호 ", "대표자 ", "공급자 등록번호 ", "biz_no=", "BizNo:",
            "Business Registration No. ", "TAX_ID ", "주문번호 ", "연락처 ", "ts=", "카드 ", "거래 ", "금액 ", "고객 ", "메모 ", "은행나무 ",
            "110-123-456789", "1002-123-456789", "123456-01-234567", "3333011234567", "010-2345-6789", "01023456789",
            "201-01-23452", "2010123452", "123-45-01230", "220-81-06121", "1714521600", "1714521600123", "4111-1111-1111-1111",
            "1234567890", "원", " ", " ", ", ", "\n", "\n", "(", ")", "가나다 ", "hello ", "7", "-",
            "SSR CTCE KE HK1 ", "HONG.GD//NAVER.COM", "KIM..MS//DAUM.NET/P1", "/",
        ]
        var text = ""
        while text.utf8.count < length {
            text += pieces[next() % pieces.count]
            if shortLines && next() % 3 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    func testContextRulesFindExactlyWhatAWholeBufferSearchFinds() throws {
        let rules = try contextRules()
        XCTAssertEqual(rules.map(\.id).sorted(), ["email-iata", "kr-bank-account", "kr-brn"])
        let without = Self.wholeBuffer(rules)
        for bufferSize in [4096, 1 << 20] {
            let (fast, slow) = (try engine(rules, bufferSize: bufferSize), try engine(without, bufferSize: bufferSize))
            var perRule: [String: Int] = [:]
            for seed in 1...6 {
                let text = Self.soup(seed: UInt64(seed), length: 40_000, shortLines: seed > 3)
                let expected = slow.scan(bytes: text)
                XCTAssertEqual(fast.scan(bytes: text), expected, "seed \(seed), buffer \(bufferSize)")
                for finding in expected { perRule[finding.rule, default: 0] += 1 }
            }
            XCTAssertGreaterThan(perRule["kr-bank-account", default: 0], 100)
            XCTAssertGreaterThan(perRule["kr-brn", default: 0], 50)
            XCTAssertGreaterThan(perRule["email-iata", default: 0], 20)
        }
    }

    /// A start filter that is a little too strict shows up in the comparison.
    func testTheComparisonCatchesATooStrictStartFilter() throws {
        let mutations: [(String, (inout Rule) -> Void)] = [
            ("account min_units 11", { if $0.id == "kr-bank-account" { $0.start?.minUnits = 11 } }),
            ("BRN min_units 11", { if $0.id == "kr-brn" { $0.start?.minUnits = 11 } }),
            ("account without 0", { if $0.id == "kr-bank-account" { $0.start?.bytes.remove(UInt8(ascii: "0")) } }),
            ("account without the dash", { if $0.id == "kr-bank-account" { $0.start?.separators.remove(UInt8(ascii: "-")) } }),
            ("BRN max_digits 9", { if $0.id == "kr-brn" { $0.start?.maxDigits = 9 } }),
            ("account max_digits 12", { if $0.id == "kr-bank-account" { $0.start?.maxDigits = 12 } }),
        ]
        let texts = (1...4).map { Self.soup(seed: UInt64($0), length: 40_000, shortLines: true) }
        for (label, mutation) in mutations {
            var rules = try contextRules()
            let without = Self.wholeBuffer(rules)
            for index in rules.indices { mutation(&rules[index]) }
            let (fast, slow) = (try engine(rules), try engine(without))
            XCTAssertTrue(texts.contains { fast.scan(bytes: $0) != slow.scan(bytes: $0) }, "\(label) went unnoticed")
        }
    }

    /// A word missing from the literals shows up in the comparison.
    func testTheComparisonCatchesAMissingWord() throws {
        for (rule, word) in [("kr-bank-account", "예금"), ("kr-brn", "상호"), ("kr-bank-account", "KB국민")] {
            var rules = try contextRules()
            let without = Self.wholeBuffer(rules)
            let index = try XCTUnwrap(rules.firstIndex { $0.id == rule })
            // `KB국민`: its literal is `국민`; the keyword matches `KB국민` in any case.
            let literal = word == "KB국민" ? "국민" : word
            rules[index].lines?.literals.removeAll { $0 == Array(literal.utf8) }
            let (fast, slow) = (try engine(rules), try engine(without))
            let texts = (1...4).map { Self.soup(seed: UInt64($0), length: 40_000, shortLines: true) }
            XCTAssertTrue(texts.contains { fast.scan(bytes: $0) != slow.scan(bytes: $0) }, "\(rule) without \(word) went unnoticed")
        }
    }

    /// Every keyword of a context rule holds one of its literals as it may be written: Hangul as
    /// is, ASCII in lower case, capitalised (a camelCase part: `bankAccount`) and upper case.
    func testTheLiteralsCoverEveryKeyword() throws {
        for rule in try contextRules() {
            let literals = try XCTUnwrap(rule.lines).literals.map { String(decoding: $0, as: UTF8.self) }
            for keyword in rule.keywords {
                let word = keyword.hasPrefix("=") ? String(keyword.dropFirst()) : keyword
                for spelling in Set([word.lowercased(), word.prefix(1).uppercased() + word.dropFirst().lowercased(), word.uppercased()]) {
                    XCTAssertTrue(literals.contains { spelling.contains($0) }, "\(rule.id): no literal in '\(spelling)'")
                }
            }
        }
    }

    func testFindingsOnLines() throws {
        let engine = try engine()
        func found(_ text: String) -> [String] {
            engine.scan(bytes: Array(text.utf8)).filter { $0.confidence >= 0.5 }.map { "\($0.category.rawValue) \($0.masked)" }
        }
        XCTAssertEqual(found("환불계좌: 신한은행 110-123-456789 (예금주 홍길동)"), ["kr-bank-account 110-***-****89"])
        XCTAssertEqual(found("상호 한빛문구 사업자등록번호 201-01-23452"), ["kr-brn 201-01-*****"])
        // A corporation's number is not personal data.
        XCTAssertEqual(found("사업자등록번호 220-81-06121"), [])
        // Without context: nothing.
        XCTAssertEqual(found("ref 110-123-456789 201-01-23452"), [])
        // Epoch stamps on a transfer line, and an order number labelled as such.
        XCTAssertEqual(found("이체 완료 1714521600 1714521600123 주문번호 2024050112345"), [])
        // A mobile number written as the account: counted once, as the account.
        XCTAssertEqual(found("환불계좌: 카카오뱅크 010-2345-6789 (휴대폰번호 계좌)"), ["kr-bank-account 010-****-**89"])
        // `계좌번호` and a bank's name before it: the word is one (`번호` no word between).
        XCTAssertEqual(found("계좌번호 신한 010-8000-2241 (예금주 김민수)"), ["kr-bank-account 010-****-**41"])
        // A bank's name right before it, no account word (an obituary's condolence account):
        // the account too; a name that is no word of its own, or a word between, is not.
        XCTAssertEqual(found("마음 전하실 곳: 신한 010-4126-3165 임남복"), ["kr-bank-account 010-****-**65"])
        XCTAssertEqual(found("부의금 보내실 곳 농협: 010-4126-3165 (상주 임남복)"), ["kr-bank-account 010-****-**65"])
        XCTAssertEqual(found("국민 010-4126-3165 홍길동"), ["kr-bank-account 010-****-**65"])
        XCTAssertEqual(found("그중하나 010-4126-3165"), ["kr-phone 010-****-3165"])
        XCTAssertEqual(found("신한 지점 담당 010-4126-3165"), ["kr-phone 010-****-3165"])
        // An account's word counts within 32 characters, a syllable being one (spec §8.2): 31
        // characters between, 19 of them syllables (69 bytes, past the 64 of before), still do;
        // 51 characters of English do not.
        XCTAssertEqual(
            found("보상비 계좌 변경 신청, 기존 통장 분실로 인한 신규 통장 확인: 3333-21-9700646"), ["kr-bank-account 333*-**-*****46"])
        XCTAssertEqual(found("VISITOR 농협은행 Gimpo branch staff escorted by duty NCO, pass ref 2025-1001-847158"), [])
        // A fixed-width transfer file pads the bank's field before a lifetime account (a name
        // glued to the record's digits, `D0000520신협`, is no word of its own).
        XCTAssertEqual(found("D0000520 신협         01033100207       홍길동"), ["kr-bank-account 010******07"])
        // A negative word after the value's clause names the next clause's (`금액은 규정대로`).
        XCTAssertEqual(found("경조금 보낼 곳 - 농협 쪽 352-7567-2293-18, 금액은 규정대로"), ["kr-bank-account 352-****-****-18"])
        XCTAssertEqual(found("경조금 보낼 곳 - 농협 쪽 352-7567-2293-18 금액"), [])
        // Written with blanks, the account rule cannot read it: it stays the phone it also is.
        XCTAssertEqual(found("환불계좌 신한 010 2345 6789"), ["kr-phone 010 **** 6789"])
        XCTAssertEqual(found("{\"bank_account\": \"010 3456 7890\"}"), ["kr-phone 010 **** 7890"])
        // A landline after a bank's name is the branch's number (no bank makes accounts of
        // landlines), also with a transfer word on the line; an account number's word makes it one.
        XCTAssertEqual(found("지급은행 신한은행 강남지점 02-861-1163"), ["kr-phone 02-***-1163"])
        XCTAssertEqual(found("문의 신한은행 02-3142-7788"), ["kr-phone 02-****-7788"])
        XCTAssertEqual(found("[후원회] 3/25 정기후원금 출금 예정입니다. 문의 0231427788"), ["kr-phone 02****7788"])
        XCTAssertEqual(found("계좌번호: 02-3142-7788"), ["kr-bank-account 02-3***-**88"])
        // The customer's phone on the same line stays a phone.
        XCTAssertEqual(
            found("연락처 010-2345-6789 환불계좌 우리은행 1002-123-456789"),
            ["kr-phone 010-****-6789", "kr-bank-account 100*-***-****89"])
    }

    /// CSV rows carry no account word: the header's column names open every line.
    func testCSVColumnsOpenEveryLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("partners.csv").path
        try "name,BizNo,AccountNo,memo\n김민수,2010123452,110123456789,x\n박지영,123-45-01230,1002-123-456789,y\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let findings = try engine().collect([path]).findings.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(findings.filter { $0.category == .brn }.map(\.line), [2, 3])
        XCTAssertEqual(findings.filter { $0.category == .bankAccount }.map(\.line), [2, 3])
        XCTAssertEqual(findings.first { $0.category == .bankAccount }?.field, "AccountNo")
        // A landline's shape in an account column is the account (`032…`: 11 digits of a bank's
        // layout); in a phone column a phone.
        let transfers = directory.url.appendingPathComponent("transfers.csv").path
        try "req_id,bank_nm,bank_acct_no,home_tel\nDW96,신한은행,03288564257,0312345678\n".write(toFile: transfers, atomically: true, encoding: .utf8)
        let found = try engine().collect([transfers]).findings.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(found.map { "\($0.category.rawValue) \($0.field ?? "")" }, ["kr-bank-account bank_acct_no", "kr-phone home_tel"])
    }

    /// A dump's rows name no column: its `CREATE TABLE` opens the rest; the same numbers in a
    /// column of another name are not accounts.
    func testDumpsAndDatabasesUseTheColumnName() throws {
        let directory = try TemporaryDirectory()
        let sql = """
            CREATE TABLE vendors (id INTEGER PRIMARY KEY, refund_account TEXT, note TEXT, biz_no TEXT);
            INSERT INTO vendors VALUES(1,'110-123-456789','110-987-654321','201-01-23452');
            INSERT INTO vendors VALUES(2,'3333011234567','3333011234568','123-45-01230');

            """
        let dump = directory.url.appendingPathComponent("vendors.sql").path
        try sql.write(toFile: dump, atomically: true, encoding: .utf8)
        let database = directory.url.appendingPathComponent("vendors.db").path
        try SQLiteFixture.build(sql, at: database)
        for path in [dump, database] {
            let findings = try engine().collect([path]).findings.filter { $0.confidence >= 0.5 }
            XCTAssertEqual(
                findings.map { "\($0.record?.column ?? "?") \($0.category.rawValue)" },
                ["refund_account kr-bank-account", "biz_no kr-brn", "refund_account kr-bank-account", "biz_no kr-brn"], path)
        }
    }

    /// Tables in text: markdown tables (rows under `|---|`, not aligned), `mysql` box tables and
    /// `psql` tables (rows under `+----+` or `----+----`, found by their `|` as a markdown
    /// table's), and tables aligned by blanks, with context words in their headers, rows of
    /// numbers, and lines of other text between them; tables longer than the rows a header reaches.
    static func tableSoup(seed: UInt64, tables: Int) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let headers = ["계좌번호", "사업자등록번호", "예금주", "은행", "상호", "비고", "금액", "일자", "번호", "account_no", "biz_no", "memo"]
        let values = [
            "110-123-456789", "1002-123-456789", "123456-01-234567", "201-01-23452", "2010123452", "123-45-01230", "220-81-06121",
            "홍길동", "신한", "2025-01-28", "1,731,000", "-", "1714521600123",
        ]
        var text = ""
        for _ in 0..<tables {
            let columns = 2 + next(4)
            let names = (0..<columns).map { _ in headers[next(headers.count)] }
            let style = next(5)  // 0 aligned by blanks, 1 `mysql` box, 2 `psql`, 3–4 markdown
            let rows = 1 + next(next(4) == 0 ? 60 : 8)
            if style == 1 {
                let widths = names.map { _ in 16 }
                func line(_ cells: [String]) -> String {
                    "| " + zip(cells, widths).map { $0 + String(repeating: " ", count: max(1, $1 - $0.count * 2)) }.joined(separator: " | ") + " |\n"
                }
                let border = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
                text += border + line(names) + border
                for _ in 0..<rows { text += line((0..<columns).map { _ in values[next(values.count)] }) }
                text += border + "\(rows) rows in set (0.00 sec)\n"
            } else if style == 2 {
                text += " " + names.joined(separator: " | ") + "\n"
                text += names.map { String(repeating: "-", count: $0.utf8.count + 2) }.joined(separator: "+") + "\n"
                for _ in 0..<rows { text += " " + (0..<columns).map { _ in values[next(values.count)] }.joined(separator: " | ") + "\n" }
                text += "(\(rows) rows)\n"
            } else if style >= 3 {
                let lead = next(4) > 0 ? "| " : ""  // (without it, only the row under the header)
                text += lead + names.joined(separator: " | ") + (lead.isEmpty ? "\n" : " |\n")
                text += lead + names.map { _ in next(2) == 0 ? "---" : ":---:" }.joined(separator: " | ") + (lead.isEmpty ? "\n" : " |\n")
                for _ in 0..<rows {
                    text += lead + (0..<columns).map { _ in values[next(values.count)] }.joined(separator: " | ") + (lead.isEmpty ? "\n" : " |\n")
                }
            } else {
                func padded(_ cell: String) -> String { cell + String(repeating: " ", count: max(2, 18 - cell.count * 2)) }
                text += " " + names.map(padded).joined() + "\n"
                for _ in 0..<rows { text += " " + (0..<columns).map { _ in padded(values[next(values.count)]) }.joined() + "\n" }
            }
            text += next(2) == 0 ? "\n" : "메모 \(values[next(values.count)]) 확인\n\n"
        }
        return text
    }

    /// In tables, a context rule's line filter searches what the header's words make a whole-
    /// buffer search find: a markdown table's rows as far as their header is looked for, an
    /// aligned table's first row; and a file of tables gives the same findings whatever the
    /// windows, units and threads.
    func testTablesFindWhatAWholeBufferSearchFinds() throws {
        let rules = try contextRules()
        let without = Self.wholeBuffer(rules)
        var found = 0
        for bufferSize in [4096, 1 << 20] {
            let (fast, slow) = (try engine(rules, bufferSize: bufferSize), try engine(without, bufferSize: bufferSize))
            for seed in 1...4 {
                let text = Array(Self.tableSoup(seed: UInt64(seed), tables: 120).utf8)
                let expected = slow.scan(bytes: text)
                XCTAssertEqual(fast.scan(bytes: text), expected, "seed \(seed), buffer \(bufferSize)")
                found += expected.count
            }
        }
        XCTAssertGreaterThan(found, 500)
        let directory = try TemporaryDirectory()
        let path = try directory.write("tables.md", Self.tableSoup(seed: 9, tables: 200))
        var configuration = testConfiguration()
        configuration.showValues = true
        let reference = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings
        XCTAssertGreaterThan(reference.filter { $0.category == .bankAccount }.count, 100)
        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4099, 5_000), (3, 1 << 16, 7_777)] {
            var other = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            other.showValues = true
            XCTAssertEqual(
                try ScanEngine(configuration: other, rules: RuleSet.builtIn()).collect([path]).findings, reference,
                "\(threads) \(bufferSize) \(chunkSize)")
        }
    }
}
