import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Detection in structured exports (CSV/TSV rows, dump lines): values next to the delimiter of
/// the following cell are found whole.
final class StructuredDataAccuracyTests: XCTestCase {
    private func engine(minConfidence: Double? = nil) throws -> ScanEngine {
        var configuration = testConfiguration()
        configuration.showValues = true
        if let minConfidence { configuration.minConfidence = minConfidence }
        return try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn())
    }

    /// Scans `paths` with small buffers, chunks and several threads, so that lines fall on window
    /// cuts, kernel chunk edges and work-unit boundaries, and checks the findings are `reference`.
    private func assertSameFindingsWhateverTheWindows(_ paths: [String], _ reference: [Finding], line: UInt = #line) throws {
        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4099, 50_000), (3, 1 << 16, 100_000)] {
            var configuration = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            configuration.showValues = true
            let result = try ScanEngine(configuration: configuration, rules: .builtIn()).collect(paths).findings
            XCTAssertEqual(result, reference, "threads \(threads), buffer \(bufferSize), chunk \(chunkSize)", line: line)
        }
    }

    private func values(_ findings: [Finding], _ category: PIIModel.Category) -> [String] {
        findings.filter { $0.category == category }.compactMap(\.value)
    }

    /// An address cell followed by a postcode, a detail cell (`101동 1203호`, `1203호`) or a
    /// number is an address: a comma and three digits are a thousands separator only when the
    /// number ends there (`30,000원`).
    func testAddressBeforeTheNextCSVCell() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "members.csv",
            "\u{FEFF}이름,주소,우편번호,상세주소\r\n"
                + "홍길동,경기도 수원시 영통구 광교중앙로 93,16514,101동 794호\r\n"
                + "김철수,서울특별시 강남구 테헤란로 152,06236,\r\n"
                + "이영희,서울특별시 마포구 월드컵로 212-3,04002,1203호\r\n"
                + "박민수,서울 강남구 역삼동 737-1,06236,3층\r\n"
                // An old six-digit postcode in the next cell (`738-394`) is no thousands separator.
                + "최영식,광주광역시 남구 백제고분길 85,738-394,\r\n")
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(
            values(findings, .address),
            [
                "경기도 수원시 영통구 광교중앙로 93", "서울특별시 강남구 테헤란로 152", "서울특별시 마포구 월드컵로 212-3", "서울 강남구 역삼동 737-1",
                "광주광역시 남구 백제고분길 85",
            ])
        XCTAssertEqual(findings.filter { $0.category == .address }.map(\.field), ["주소", "주소", "주소", "주소", "주소"])

        let rows = try engine().scan(text: "경기도 수원시 영통구 광교중앙로 93,101동 794호\n서울 강남구 역삼동 737-1,1203호\n")
        XCTAssertEqual(values(rows, .address), ["경기도 수원시 영통구 광교중앙로 93,101동 794호", "서울 강남구 역삼동 737-1"])
        XCTAssertEqual(try engine().scan(text: "서울 강남구 도산대로 30,000원\n부산 해운대구 해운대로 1,500 대\n"), [])
    }

    /// A value right after a `\n`, `\r\n` or `\t` escape — a multi-line text field in JSON, a
    /// mysqldump string, a `COPY` row — is found, and whole: the escape's letter is not part of
    /// a longer token (nor of the e-mail address's local part).
    func testValuesAfterBackslashEscapes() throws {
        let text = #"{"memo":"배송메모\n010-2345-6789 로 연락","email":"a\nhong.gildong@naver.com"}"# + "\n"
            + #"INSERT INTO `memo` VALUES (1,'고객 요청\n010-3456-7890\r\n900101-1234568\tM12345678 여권');"# + "\n"
            + #"{"note":"line1\r\n4111111111111111","dl":"운전면허\n11-22-333333-44"}"# + "\n"
            + "2\t고객 요청\\n010-4567-8901\\t850315-2012341\n"
        let findings = try engine().scan(text: text)
        XCTAssertEqual(values(findings, .email), ["hong.gildong@naver.com"])
        XCTAssertEqual(values(findings, .phone), ["010-2345-6789", "010-3456-7890", "010-4567-8901"])
        XCTAssertEqual(values(findings, .rrn), ["900101-1234568", "850315-2012341"])
        XCTAssertEqual(values(findings, .creditCard), ["4111111111111111"])
        XCTAssertEqual(values(findings, .passport), ["M12345678"])
        XCTAssertEqual(values(findings, .driverLicense), ["11-22-333333-44"])
        // A letter that is not an escape still guards the value.
        XCTAssertEqual(try engine().scan(text: "an010-2345-6789 xn900101-1234568\n").map(\.category), [])
    }

    /// A spreadsheet saves `010-2345-6789` typed without dashes as the number 1023456789. In a
    /// CSV with a header, such digit-only cells are assessed with their zeros restored, like
    /// INTEGER database cells: reported when the column says what they are, with the stored
    /// digits as the span; other numeric columns stay silent.
    func testDigitCellsThatLostLeadingZerosInACSV() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "members.csv",
            "name,phone,jumin,amount,order_id,created\r\n"
                + "홍길동,1023456789,9001011234568,212345678,1012345678,1703295216\r\n"
                + "김철수,\"1098765432\",1013123451,35000,2024010112,1703295217\r\n"
                + "이영희,01023456789,,1.5,,\r\n")
        var configuration = testConfiguration()
        configuration.showValues = true
        let findings = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line):\($0.column) \($0.category.rawValue) \($0.field ?? "-")" }, [
            "2:11 kr-phone phone", "2:22 kr-rrn jumin", "3:12 kr-phone phone", "3:24 kr-rrn jumin", "4:11 kr-phone phone",
        ])
        XCTAssertEqual(findings.map(\.value), ["1023456789", "9001011234568", "1098765432", "1013123451", "01023456789"])
        XCTAssertEqual(findings.map(\.masked), ["010****6789", "9001011******", "010****5432", "0001013******", "010****6789"])
        XCTAssertEqual(findings.map(\.confidence), [0.6, 1, 0.6, 0.6, 1], "restored zeros cost 0.4")

        // Random 8–12 digit numbers in columns that name no personal data: nothing at the default
        // threshold, in any column order. (Twelve digits starting `82` are left out: `8210…` is a
        // mobile's MSISDN, found as written, not as a number that lost a zero.)
        var generator = SystemRandomNumberGenerator()
        var rows = "id,amount,count,value,created_at\n"
        for _ in 0..<3000 {
            rows += (0..<5).map { _ in
                var number = String(Int.random(in: 10_000_000...999_999_999_999, using: &generator))
                if number.count == 12 && number.hasPrefix("82") { number.removeFirst() }
                return number
            }.joined(separator: ",") + "\n"
        }
        let numbers = try directory.write("numbers.csv", rows)
        XCTAssertEqual(try engine().collect([numbers]).findings.map(\.masked), [])

        // Every window and work unit sees the same cells: quoted delimiters, quotes left open,
        // blank lines and CRLF, in buffers and chunks far smaller than the file.
        var many = "name,memo,phone,amount\r\n"
        for row in 0..<3000 {
            let memo = ["\"a,b\"", "x", "\"open", "\"\"", ""][row % 5]
            many += "김\(row),\(memo),10\(String(23_456_789 + row).suffix(8)),\(1_000_000_000 + row)\r\n" + (row % 97 == 0 ? "\n" : "")
        }
        let manyPath = try directory.write("many.csv", many)
        let reference = try engine().collect([manyPath]).findings
        // A quote left open (`"open`) hides the rest of its line.
        XCTAssertEqual(reference.count, 3000 - 600)
        XCTAssertTrue(reference.allSatisfy { $0.field == "phone" && $0.category == .phone })
        try assertSameFindingsWhateverTheWindows([manyPath], reference)

        // Nine restored digits are a phone number only as Seoul's 02-XXX-XXXX (checked before
        // the rules run); the rules agree: of 0d + seven digits, only d = 2 is ever a phone.
        XCTAssertTrue(UnitScanner.mayBeLostZeroValue(Array("021234567".utf8), count: 9))
        XCTAssertFalse(UnitScanner.mayBeLostZeroValue(Array("031234567".utf8), count: 9))
        var nine = "name,tel\n"
        for d in 1...9 { for k in 0..<50 { nine += "x,0\(d)\(String(1_000_000 + k * 17_389).suffix(7))\n" } }
        var everything = testConfiguration()
        everything.minConfidence = 0
        let phones = try ScanEngine(configuration: everything, rules: .builtIn()).collect([try directory.write("nine.csv", nine)])
            .findings.filter { $0.category == .phone }
        XCTAssertEqual(Set(phones.map { $0.masked.prefix(2) }), ["02"])
        XCTAssertGreaterThan(phones.count, 40)

        // A `piiscan:allow` on the line covers a number found with its zeros restored too.
        let allowed = try directory.write(
            "allowed.csv", "name,phone,note\n홍길동,1023456789,test fixture piiscan:allow\n김철수,1098765432,\n")
        let result = try engine().collect([allowed])
        XCTAssertEqual(result.findings.map { "\($0.line) \($0.masked)" }, ["3 010****5432"])
        XCTAssertEqual(result.summary.suppressed, 1)
    }

    /// A JSON number that lost its leading zeros to a program's number type (`"phone":1023456789`,
    /// a `Long`) is assessed with them restored and its key as the column name, like a CSV cell:
    /// found under a key that names a phone or resident number, below the default threshold under
    /// any other key; a fraction, a longer number or a value in quotes (found as written) is not.
    func testJSONNumbersThatLostLeadingZeros() throws {
        let directory = try TemporaryDirectory()
        let text = [
            #"{"memberNo":123,"phone":1023456789,"name":"홍길동"}"#,
            #"{"tel": 212345678}"#,
            #"{"jumin":9001011234568}"#,
            #"{"orderNo":1023456789}"#,
            #"{"mobile":1098765432.5}"#,
            #"{"mobile":10987654321234}"#,
            #"{"phone":"01034567890"}"#,
            // After an encoded value, which the decoding pass decodes before it jumps to the next line.
            #"{"q":"%ED%99%8D","cell":1045678901}"#,
        ].joined(separator: "\n") + "\n"
        let path = try directory.write("int.jsonl", text)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.value ?? "")" }, [
            "1 kr-phone phone 1023456789", "2 kr-phone tel 212345678", "3 kr-rrn jumin 9001011234568",
            "7 kr-phone phone 01034567890", "8 kr-phone cell 1045678901",
        ])
        XCTAssertEqual(findings.first?.masked, "010****6789")
        XCTAssertLessThan(findings.first?.confidence ?? 1, 0.85)
        // The span is the digits as written.
        let bytes = Array(text.utf8)
        XCTAssertEqual(findings.first.map { String(decoding: bytes[Int($0.offset)..<Int($0.offset) + $0.length], as: UTF8.self) }, "1023456789")
        // Under a key that says nothing, only below the default threshold.
        let all = try engine(minConfidence: 0.3).collect([path]).findings
        XCTAssertTrue(all.contains { $0.line == 4 && $0.category == .phone && $0.confidence < 0.5 })
        XCTAssertFalse(all.contains { $0.line == 5 || $0.line == 6 })
    }

    /// A quoted CSV cell may hold line breaks (a memo typed over several lines): its later lines
    /// are still that cell — the value on them is reported under the cell's column, with the
    /// cell's first line as its context (`"환불계좌 토스뱅크⏎1000-4433-3294"` is an account), and the
    /// next record's cells are counted from its own first column. A quote inside an unquoted cell
    /// (`27" 모니터`) is text and shifts no column.
    func testMultiLineCellsKeepTheirColumn() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "members.csv",
            "회원번호,성명,메모,휴대폰번호\n"
                + "100000,이다은,\"환불계좌 토스뱅크\n1000-4433-3294\",1023456789\n"
                + "100001,김철수,27\" 모니터 문의 010-2222-3333,1098765432\n"
                + "100002,박영희,\"첫줄\n둘째줄 010-3456-7890\n셋째줄 \"\"인용\"\", 900101-1234568\",1055556666\n"
                + "100003,최민수,,1011112222\n")
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.value ?? "")" }, [
            "3 kr-bank-account 메모 1000-4433-3294", "3 kr-phone 휴대폰번호 1023456789",
            "4 kr-phone 메모 010-2222-3333", "4 kr-phone 휴대폰번호 1098765432",
            "6 kr-phone 메모 010-3456-7890", "7 kr-rrn 메모 900101-1234568", "7 kr-phone 휴대폰번호 1055556666",
            "8 kr-phone 휴대폰번호 1011112222",
        ])
        // The line's first cell reading: no account (`회원번호` names no account), and the phones
        // and the resident number under the member number's column.
        let lines = try engine().scan(text: "1000-4433-3294\",1023456789\n")
        XCTAssertEqual(lines.filter { $0.category == .bankAccount }, [])
    }

    /// Multi-line cells across window cuts: many records whose memo spans lines, the account on
    /// the memo's last line, scanned with buffers small enough that cells begin in one window
    /// and go on in the next; every account is found, under the memo's column.
    func testMultiLineCellsAcrossWindows() throws {
        let directory = try TemporaryDirectory()
        var text = "id,name,memo,note\n"
        var accounts: [String] = []
        for record in 0..<400 {
            let account = String(format: "110-%03d-%06d", record % 1000, 123_456 + record)
            accounts.append(account)
            let filler = String(repeating: "상담 내용 기록 ", count: record % 37)
            text += "\(record),고객\(record),\"\(filler)\n\(filler)\n환불계좌 신한은행\n\(account)\",비고\n"
            if record % 5 == 0 { text += "\(record)b,고객,\"주문 \"\"취소\"\" 요청\",비고 2024-01-01\n" }
        }
        let path = try directory.write("memos.csv", text)
        let reference = try engine().collect([path]).findings
        let found = reference.filter { $0.category == .bankAccount }
        XCTAssertEqual(found.compactMap(\.value), accounts)
        XCTAssertEqual(Set(found.compactMap(\.field)), ["memo"])
        try assertSameFindingsWhateverTheWindows([path], reference)
    }

    /// Quotes anywhere — cells quoted over line breaks, escaped and stray quotes, quotes never
    /// closed, CRLF — in random CSV files: the findings do not depend on the windows or work units
    /// (each quoted cell's first line break is judged from a fixed number of bytes after it, and
    /// units start at lines no cell continues over).
    func testRandomQuotingGivesTheSameFindingsWhateverTheWindows() throws {
        let directory = try TemporaryDirectory()
        let pieces = [
            "010-2345-6789", "01098765432", "900101-1234568", "환불계좌 신한은행", "110-123-456789", "hong@naver.com",
            "서울 강남구 테헤란로 152", "\"", ",", "\n", "\"\"", "27\" 모니터", "abc", "1023456789", "계좌", "\r\n",
            String(repeating: "x", count: 50), String(repeating: "메모 ", count: 30),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for file in 0..<12 {
            let columns = 2 + next(5)
            var text = (0..<columns).map { $0 == 1 ? "memo" : "col\($0)" }.joined(separator: ",") + "\n"
            for _ in 0..<(50 + next(2950)) {
                text += (0..<columns).map { _ -> String in
                    let cell = (0..<next(next(10) < 3 ? 7 : 4)).map { _ in pieces[next(pieces.count)] }.joined()
                    return next(10) < 3 ? "\"" + cell.replacingOccurrences(of: "\"", with: next(10) < 7 ? "\"\"" : "\"") + "\"" : cell
                }.joined(separator: ",") + (next(5) == 0 ? "\r\n" : "\n")
            }
            if next(10) < 3 { text.removeLast() }
            let path = try directory.write("random\(file).csv", text)
            try assertSameFindingsWhateverTheWindows([path], try engine().collect([path]).findings)
        }
    }

    /// A tab between fields is no blank of a phone number: `82` ending one field (a building
    /// number, an age) does not make the next field's phone an international one.
    func testATabAfter82StartsNoInternationalNumber() throws {
        let rows = try engine().scan(text: "1\t82\t010-3536-4041\n2\t경기도 수원시 영통구 봉영로 82\t010-3536-4042\n")
        XCTAssertEqual(values(rows, .phone), ["010-3536-4041", "010-3536-4042"])
        XCTAssertEqual(values(rows, .address), ["경기도 수원시 영통구 봉영로 82"])
        XCTAssertEqual(values(try engine().scan(text: "tel 82 10 2468 1357\n"), .phone), ["82 10 2468 1357"])
    }

    /// A match that runs on over a TSV file's tab into the next cell is judged as far as its own
    /// cell goes: the parts of two values (a bank code and a masked account, an account's end
    /// and an amount) are none; an address is, without the detail in the next column.
    func testNoValueRunsOnIntoTheNextCell() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "withdrawals.tsv",
            "id\tbank_code\taccount_masked\tamount\tphone\taddress\tdetail\n"
                + "1\t011\t323-****-1234\t50000\t010-2345-6789\t서울특별시 강남구 테헤란로 152\t101동 1203호\n"
                + "2\t004\t110-****-0508\t43576984\t\t\t\n")
        let found = try engine().collect([path]).findings
        XCTAssertEqual(
            found.map { "\($0.category.rawValue) \($0.field ?? "-") \($0.value ?? "")" },
            ["kr-phone phone 010-2345-6789", "kr-address address 서울특별시 강남구 테헤란로 152"])
    }

    /// An address split over the columns of an address-search export (`시도,시군구,도로명,
    /// 건물번호,상세주소`) is joined in the address's order and reported under the joined columns;
    /// a row missing its road or building number gives none, nor do the parts alone in a file
    /// without such a header.
    func testAnAddressSplitOverColumnsIsJoined() throws {
        var configuration = testConfiguration(threads: 1)
        configuration.minConfidence = 0.5
        configuration.showValues = true
        let directory = try TemporaryDirectory()
        let path = try directory.write("juso.csv", """
            상세주소,성명,시도,시군구,도로명,건물번호,건물부번
            115동 1901호,김민수,서울특별시,노원구,한글비석로,489,
            ,이영희,경기도,수원시 영통구,봉영로,1612,3
            ,박철수,서울특별시,노원구,,489,
            106동 2102호,최지우,세종특별자치시,-,도움5로,477,

            """)
        let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([path]).findings
        XCTAssertEqual(findings.map(\.value), [
            "서울특별시 노원구 한글비석로 489 115동 1901호", "경기도 수원시 영통구 봉영로 1612-3", "세종특별자치시 도움5로 477 106동 2102호",
        ])
        XCTAssertEqual(Set(findings.map(\.field)), ["시도+시군구+도로명+건물번호+건물부번+상세주소"])
        XCTAssertEqual(findings.map(\.line), [2, 3, 5])
        XCTAssertTrue(findings.allSatisfy { $0.category == .address && $0.confidence >= 0.5 })
        // The span runs from the first part on the line to the end of the last.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let bytes = Array(text.utf8)
        XCTAssertEqual(String(decoding: bytes[Int(findings[0].offset)..<Int(findings[0].offset) + findings[0].length], as: UTF8.self),
            "115동 1901호,김민수,서울특별시,노원구,한글비석로,489")
        let plain = try directory.write("parts.txt", "서울특별시,노원구,한글비석로,489,115동 1901호\n")
        XCTAssertEqual(try ScanEngine(configuration: configuration, rules: .builtIn()).collect([plain]).findings, [])
    }

    /// A value on a later line of a quoted CSV cell that only a decoding reveals (full-width
    /// digits, as a Korean IME types them) is the cell's, as a readable one is: not the first
    /// column's.
    func testDecodedValuesOnALaterLineOfACellKeepTheCellsColumn() throws {
        var configuration = testConfiguration(threads: 1)
        configuration.minConfidence = 0
        let directory = try TemporaryDirectory()
        let ascii = "2024-01-26 07:55:28,\"금민재\",\"확인 부탁드립니다\n주민번호 921015-2931662 입니다\"\n"
        let wide = "2024-01-26 07:56:01,\"금민재\",\"확인 부탁드립니다\n주민번호 ９２１０１５－２９３１６６２ 입니다\"\n"
        let path = try directory.write("chat.csv", "Date,User,Message\n" + ascii + wide)
        let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([path]).findings
        XCTAssertEqual(findings.map(\.masked), ["921015-2******", "921015-2******"])
        XCTAssertEqual(findings.map(\.field), ["Message", "Message"])
        XCTAssertEqual(findings[1].confidence, findings[0].confidence)
    }

    /// Ten stored digits that form a valid business registration number are one, not a resident
    /// or foreigner number of 2000 that lost three zeros (`1258709505`: tax office 125 reads as
    /// January 25th); ten that do not are still read with their zeros back.
    func testTenDigitBusinessNumbersAreNotResidentNumbersThatLostZeros() throws {
        var configuration = testConfiguration(threads: 1)
        configuration.minConfidence = 0
        let directory = try TemporaryDirectory()
        let path = try directory.write("biz.csv", "상호,biz_reg_no,주민번호\n라온물산,1258709505,1013031676\n한빛,1253000780,1\n")
        let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([path]).findings
        XCTAssertEqual(findings.filter { $0.category == .rrn || $0.category == .frn }.map(\.masked), ["0001013******"])
        XCTAssertEqual(findings.filter { $0.line == 3 && ($0.category == .rrn || $0.category == .frn) }, [],
            "a valid RRN with three zeros back and a valid BRN as stored: the BRN wins")
    }

    /// A column of either of two numbers (`결제계좌/카드번호`: an auto-debit's account or card)
    /// names an account; the card rule takes the cards. A column of neither names nothing.
    func testAColumnOfAnAccountOrACardNamesTheAccounts() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "contracts.csv",
            "계약번호,결제수단,결제계좌/카드번호,비고/카드번호\nR1,CMS,494296-74-497949,110-123-456789\nR2,CARD,4111-1111-1111-1111,-\n")
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(values(findings, .bankAccount), ["494296-74-497949"])
        XCTAssertEqual(values(findings, .creditCard), ["4111-1111-1111-1111"])
    }

    /// A worker's scanner moves from file to file: the column names of one CSV's header never
    /// stand for another's with as many columns (a phone column after an `amount` one, and back).
    func testLostZeroCellsReadTheirOwnFilesHeader() throws {
        let directory = try TemporaryDirectory()
        let phones = try directory.write("phones.csv", "이름,휴대폰번호,비고\n홍길동,1023456789,\n김철수,1098765432,\n")
        let amounts = try directory.write("amounts.csv", "거래처,금액,비고\n한빛,1023456789,\n다온,1098765432,\n")
        var configuration = testConfiguration(threads: 1)
        configuration.showValues = true
        let alone = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([phones]).findings
        XCTAssertEqual(alone.map { "\($0.line) \($0.masked) \($0.field ?? "-")" }, ["2 010****6789 휴대폰번호", "3 010****5432 휴대폰번호"])
        XCTAssertEqual(try ScanEngine(configuration: configuration, rules: .builtIn()).collect([amounts]).findings, [])
        for order in [[amounts, phones], [phones, amounts]] {
            let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect(order).findings
            XCTAssertEqual(findings.filter { $0.path == phones }, alone, "\(order)")
            XCTAssertEqual(findings.filter { $0.path == amounts }, [], "\(order)")
            XCTAssertEqual(Set(findings.map(\.confidence)), [0.6])
        }
    }

    /// Values split over the fields of one line — a JSON object, a form's query string, logfmt —
    /// are joined as CSV columns are: `"hp1":"010","hp2":…`, `jumin1=…&jumin2=…`, `mb_hp1=…`,
    /// camelCase `custTel1`. Keys that name neither, parts of the wrong length and values that do
    /// not validate give nothing.
    func testValuesSplitOverFieldsOfALine() throws {
        let directory = try TemporaryDirectory()
        let text = [
            #"{"hp1":"010","hp2":"2345","hp3":"6789","jumin1":"900101","jumin2":"1234568"}"#,
            "GET /join.php?name=hong&hp1=010&hp2=3456&hp3=7890&jumin1=850315&jumin2=2526011 HTTP/1.1",
            "mb_hp1=010 mb_hp2=4567 mb_hp3=8901",
            #"{"custTel1":"02","custTel2":"312","custTel3":"3456"}"#,
            #"{"v1":"010","v2":"2345","v3":"6789","hotel1":"010","hotel2":"2345","hotel3":"6789"}"#,
            #"{"hp1":"010","hp2":"0000"}"#,
            #"{"jumin1":"123456","jumin2":"1234567"}"#,
            "hp1=10&hp2=2345&hp3=6789",
            #"{"rrn1": "900101", "name": "홍길동", "rrn2": "1234568"}"#,
            // After an encoded value on the line (the decoding pass jumps to the next line).
            "GET /join?name=%ED%99%8D%EA%B8%B8%EB%8F%99&hp1=010&hp2=5678&hp3=1234 HTTP/1.1",
            // JSON inside a JSON string (a HAR's request body), its quotes escaped.
            #"{"postData":{"text":"{\"name\": \"홍길동\", \"rrn1\": \"881117\", \"rrn2\": \"1940263\", \"hp1\": \"010\", \"hp2\": \"2345\", \"hp3\": \"6789\"}"}}"#,
            // ... and one level deeper (a container runtime's line of a JSON log whose message holds JSON).
            #"{"log": "{\"level\": \"info\", \"msg\": \"form {\\\"ssn1\\\":\\\"880426\\\",\\\"ssn2\\\":\\\"2938267\\\"}\"}\n", "stream": "stdout"}"#,
        ].joined(separator: "\n") + "\n"
        let path = try directory.write("split.log", text)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.value ?? "")" }, [
            "1 kr-phone hp1+hp2+hp3 010-2345-6789", "1 kr-rrn jumin1+jumin2 900101-1234568",
            "2 kr-phone hp1+hp2+hp3 010-3456-7890", "2 kr-rrn jumin1+jumin2 850315-2526011",
            "3 kr-phone mb_hp1+mb_hp2+mb_hp3 010-4567-8901",
            "4 kr-phone custTel1+custTel2+custTel3 02-312-3456",
            "8 kr-phone hp1+hp2+hp3 010-2345-6789",
            "9 kr-rrn rrn1+rrn2 900101-1234568",
            "10 kr-phone hp1+hp2+hp3 010-5678-1234",
            "11 kr-rrn rrn1+rrn2 881117-1940263", "11 kr-phone hp1+hp2+hp3 010-2345-6789",
            "12 kr-rrn ssn1+ssn2 880426-2938267",
        ])
        // The span runs from the first part's digits to the last part's.
        let bytes = Array(text.utf8)
        for finding in findings {
            let span = bytes[Int(finding.offset)..<Int(finding.offset) + finding.length]
            XCTAssertTrue(span.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
            XCTAssertTrue(span.last.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
        }
        XCTAssertEqual(findings.map(\.masked).first, "010-****-6789")

        // Every window, chunk and work unit sees the same keys: lines of every length, so that
        // keys fall on the kernel's 4 KiB chunk edges and on buffer cuts.
        var many = ""
        for row in 0..<2000 {
            many += String(repeating: "x", count: row % 67) + "&hp1=010&hp2=\(2000 + row % 8000)&hp3=\(1000 + row % 9000)&jumin1=900101&jumin2=1234568\n"
        }
        let manyPath = try directory.write("many.log", many)
        let reference = try engine().collect([manyPath]).findings
        XCTAssertEqual(reference.count, 4000)
        try assertSameFindingsWhateverTheWindows([manyPath], reference)
    }

    /// An HL7 v2 segment names its fields by position: a bare child's resident number in PID-19
    /// or PID-20 (`1703154012343`, which also reads as a millisecond time stamp) is the patient's,
    /// and the address and phones of PID, NK1 and GT1 are reported under their fields. The same
    /// digits in a lab result's OBX-5 keep their bare reading; a line that only looks like a
    /// segment (`ABCD|…`) names nothing.
    func testHL7FieldsNameTheirValues() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "oru.hl7",
            "MSH|^~\\&|LIS|HOSP|EMR|HOSP|20241105093000||ORU^R01|MSG0001|P|2.5\n"
                + "PID|1||18301198^^^HOSP^MR||이영수^^^^^^L||20170315|M|||전라북도 익산시 무왕로 30^^^^54695^KOR^H||010-6042-0679^PRN^CP||||||1703154012343\n"
                + "OBX|1|NM|GLU^Glucose||1703154012343|mg/dL\n"
                + "NK1|1|이^아버지|FTH|서울 강남구 테헤란로 152|010-2345-6789\n"
                + "ABCD|1||||||||||||||||||1703154012343\n")
        let all = try engine(minConfidence: 0).collect([path]).findings
        let reported = all.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(reported.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-")" }, [
            "2 kr-address PID-11", "2 kr-phone PID-13", "2 kr-rrn PID-19", "4 kr-address NK1-4", "4 kr-phone NK1-5",
        ])
        XCTAssertTrue(all.contains { $0.line == 3 && $0.category == .rrn && $0.confidence < 0.5 })
        XCTAssertTrue(all.contains { $0.line == 5 && $0.category == .rrn && $0.confidence < 0.5 && $0.field == nil })
    }

    /// A resident number's back half alone — under a key ending in `2` with no `1` of its stem
    /// on the line, or in a CSV column named for it without its front — is the secret part
    /// (spec §2.9, RRN_BACK7): `kr-rrn-partial`, masked, spanning the seven digits. Not under the
    /// generic `reg_no2`, not when the first digit is no sex digit, and a joined pair is reported
    /// once, joined.
    func testLoneBackHalvesAreTheSecretPart() throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write(
            "kyc.log",
            "본인확인 요청 rrn2=2378608 result=Y\n" + #"{"jumin_2":"1234568","name":"홍길동"}"# + "\n"
                + "reg_no2=2378608 rrn2=9123456\njumin1=900101 jumin2=1234568\n")
        let csv = try directory.write("roster.csv", "성명,주민번호뒷자리,연락처\n홍길동,2378608,010-2345-6789\n김철수,12345,010-3456-7890\n")
        let findings = try engine().collect([log, csv]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.masked)" }, [
            "1 kr-rrn-partial rrn2 ******-2******", "2 kr-rrn-partial jumin_2 ******-1******",
            "4 kr-rrn jumin1+jumin2 900101-1******",
            "2 kr-rrn-partial 주민번호뒷자리 ******-2******", "2 kr-phone 연락처 010-****-6789", "3 kr-phone 연락처 010-****-7890",
        ])
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: log)))
        let first = try XCTUnwrap(findings.first)
        XCTAssertEqual(String(decoding: bytes[Int(first.offset)..<Int(first.offset) + first.length], as: UTF8.self), "2378608")
        XCTAssertGreaterThanOrEqual(first.confidence, 0.5)
    }

    /// Keys that name a resident number's halves by a word — `jumin_front`/`jumin_back`,
    /// `juminFront`/`juminBack`, `주민번호앞자리`/`주민번호뒷자리`, a back half beside a birth
    /// date's key (`birth_yymmdd` + `rrn_back7`, `birth` written `1990-01-01`, `생년월일` + the
    /// spec's bare `뒷자리`) — are joined on their line as the `1`/`2` keys are; a `jumin_back`
    /// or `뒷자리` alone is the secret part (§2.9). Not a
    /// `callback` or `feedback` of seven digits, not a back half whose first digit is no sex
    /// digit, and a pair whose front is no date (a 13th month) is no resident number, joined or
    /// alone.
    func testBackHalfKeysNamedByAWordJoinTheirFront() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "verify.jsonl",
            #"{"name":"김민수","jumin_front":"900101","jumin_back":"1234568","ts":1}"# + "\n"
                + #"{"juminFront":"651312","juminBack":"1234567"}"# + "\n"
                + #"{"event":"verify","birth_yymmdd":"900101","rrn_back7":"1234568"}"# + "\n"
                + #"{"event":"verify","birth":"1990-01-01","rrn_back":"1234568"}"# + "\n"
                + #"{"event":"verify","jumin_back":"2378608"}"# + "\n"
                + #"{"주민번호앞자리":"900101","주민번호뒷자리":"1234568"}"# + "\n"
                + #"{"callback":"1234567","feedback":"2345678","jumin_back":"9123456"}"# + "\n"
                + "jumin_front=900101&jumin_back=1234568&x=1\n"
                + #"{"생년월일":"19900101","뒷자리":"1234568"}"# + "\n" + #"{"뒷자리":"2378608","카드뒷자리":"1234"}"# + "\n")
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.masked)" }, [
            "1 kr-rrn jumin_front+jumin_back 900101-1******", "3 kr-rrn birth_yymmdd+rrn_back7 900101-1******",
            "4 kr-rrn birth+rrn_back 900101-1******", "5 kr-rrn-partial jumin_back ******-2******",
            "6 kr-rrn 주민번호앞자리+주민번호뒷자리 900101-1******", "8 kr-rrn jumin_front+jumin_back 900101-1******",
            "9 kr-rrn 생년월일+뒷자리 900101-1******", "10 kr-rrn-partial 뒷자리 ******-2******",
        ])
        // The span runs from the front's digits to the back's.
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let first = try XCTUnwrap(findings.first)
        XCTAssertEqual(
            String(decoding: bytes[Int(first.offset)..<Int(first.offset) + first.length], as: UTF8.self),
            #"900101","jumin_back":"1234568"#)
    }

    /// An XML file's elements key split values as JSON keys do: `<rrn1>…</rrn1><rrn2>…</rrn2>`
    /// is joined, `<hp1>`…`<hp3>` too, a `<jumin_back>` beside `<birth>` takes it as the front;
    /// the closing tags start nothing. A file that is not XML reads `>` as text.
    func testSplitValuesUnderXMLElements() throws {
        let directory = try TemporaryDirectory()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <batch>
              <authReq reqNo="20240000000"><name>박지호</name><rrn1>910321</rrn1><rrn2>2774346</rrn2></authReq>
              <cust><hp1>010</hp1><hp2>2345</hp2><hp3>6789</hp3></cust>
              <cust><birth>900101</birth><jumin_back>1234568</jumin_back></cust>
            </batch>

            """
        let path = try directory.write("kyc.xml", xml)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.masked)" }, [
            "3 kr-rrn rrn1+rrn2 910321-2******", "4 kr-phone hp1+hp2+hp3 010-****-6789", "5 kr-rrn birth+jumin_back 900101-1******",
        ])
        let text = try directory.write("notes.txt", "memo <rrn1>910321</rrn1><rrn2>2774346</rrn2>\n")
        XCTAssertTrue(try engine().collect([text]).findings.filter { $0.field == "rrn1+rrn2" }.isEmpty)
        XCTAssertTrue(Array("\u{FEFF}  <?xml version=\"1.0\"?>".utf8).withUnsafeBytes { HTMLTables.looksLikeXML($0) })
        XCTAssertFalse(Array("<!DOCTYPE html>".utf8).withUnsafeBytes { HTMLTables.looksLikeXML($0) })
        XCTAssertFalse(Array("2024-01-01 <rrn1>".utf8).withUnsafeBytes { HTMLTables.looksLikeXML($0) })
    }

    /// An element's text named by its start tag's `name` or `key` attribute (a Windows event's
    /// `<Data Name='JuminNo'>`, an Android preference, a Java properties file) has that name as
    /// its field: a checksum-failing bare resident number under an RRN-named one is tier M (under
    /// another, its line's word counts: 0.4).
    func testXMLElementsNamedByTheirNameAttribute() throws {
        let directory = try TemporaryDirectory()
        let xml = """
            <Event><EventData><Data Name='JuminNo'>7812221054438</Data><Data Name="Memo">7812221054438</Data></EventData></Event>
            <map><string name="user_phone">01023456789</string></map>
            <entry key="jumin_no">7812221054438</entry>
            <span class="x">7812221054438</span>

            """
        let path = try directory.write("events.xml", xml)
        var configuration = testConfiguration()
        configuration.minConfidence = 0
        let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.field ?? "-") \($0.confidence)" }, [
            "1 JuminNo 0.5", "1 Memo 0.4", "2 user_phone 1.0", "3 jumin_no 0.5", "4 - 0.2",
        ])
    }

    /// A resident number split over two columns (`jumin1`, `jumin2`; `rrn_front`, `rrn_back`) and a
    /// phone number over three (`hp1`, `hp2`, `hp3`) are joined, as in a database table (spec
    /// §2.8): no part is a value, the whole is. The span runs from the first part to the last.
    func testValuesSplitOverColumnsOfACSV() throws {
        let directory = try TemporaryDirectory()
        let text = "id,name,hp1,hp2,hp3,jumin1,jumin2,memo\n"
            + "1,홍길동,010,2345,6789,900101,1234568,ok\n"
            + "2,김민수,10,3456,7890,\"850315\",\"2526011\",x\n"
            + "3,이영희,02,312,3456,,,\n"
            + "4,박서준,010,0000,,123456,1234567,\"not a date\"\n"
            + "5,최지우,010,2345,67890,900101,123456,\"wrong lengths\""
        let path = try directory.write("members.csv", text)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-") \($0.value ?? "")" }, [
            "2 kr-phone hp1+hp2+hp3 010-2345-6789", "2 kr-rrn jumin1+jumin2 900101-1234568",
            "3 kr-phone hp1+hp2+hp3 010-3456-7890", "3 kr-rrn jumin1+jumin2 850315-2526011",
            "4 kr-phone hp1+hp2+hp3 02-312-3456",
        ])
        let bytes = Array(text.utf8)
        for finding in findings {
            let span = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            // The span holds the parts as written (a spreadsheet's `10` for `010` lacks the zero).
            let spanDigits = span.filter(\.isNumber), valueDigits = (finding.value ?? "").filter(\.isNumber)
            XCTAssertTrue(valueDigits.hasSuffix(spanDigits) && valueDigits.count - spanDigits.count <= 1, "\(span) \(valueDigits)")
            XCTAssertTrue(span.hasSuffix(String(valueDigits.suffix(4))), span)
        }
        XCTAssertEqual(findings.map(\.masked), ["010-****-6789", "900101-1******", "010-****-7890", "850315-2******", "02-***-3456"])
        // Masked by default: the joined value is never shown.
        var masked = testConfiguration()
        masked.showValues = false
        let plain = try ScanEngine(configuration: masked, rules: .builtIn()).collect([path]).findings
        XCTAssertTrue(plain.allSatisfy { $0.value == nil })
        // `rrn_front`/`rrn_back` with the parts in another order, TSV.
        let tsv = try directory.write("t.tsv", "rrn_back\tname\trrn_front\n1234568\t홍길동\t900101\n")
        XCTAssertEqual(try engine().collect([tsv]).findings.map { "\($0.masked) \($0.column) \($0.length)" }, ["900101-1****** 1 24"])
        let ordered = try directory.write("o.tsv", "rrn_front\tname\trrn_back\n900101\t홍길동\t1234568\n")
        XCTAssertEqual(try engine().collect([ordered]).findings.map(\.masked), ["900101-1******"])
    }
}
