import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Context that belongs to another value on the line, with the built-in rules: a negative
/// keyword that names an order number does not lower the phone next to it; a company's number
/// in a business context is not a resident number; ids in identifier fields are not cards.
final class LineContextTests: XCTestCase {
    private func engine() throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(), rules: try RuleSet.builtIn())
    }

    private func found(_ line: String) throws -> [String] {
        try engine().scan(text: line + "\n").map { "\($0.category.rawValue) \($0.masked)" }
    }

    func testANegativeKeywordOfAnotherValueDoesNotLowerAPhone() throws {
        for line in [
            "OrderService : 고객 신서연(010-2662-8596) 주문 완료 주문번호=2024121158626325",
            "주문번호 2025050112345678 / 수령인 010-2662-8596",
            "계좌 110-123-456789 예금주 홍길동 010-2662-8596",
            "tracking 1234567890 to 010-2662-8596",
        ] {
            // (The account number on the third line is reported too, as `kr-bank-account`.)
            XCTAssertEqual(try found(line).filter { $0.hasPrefix("kr-phone") }, ["kr-phone 010-****-8596"], line)
        }
        XCTAssertEqual(
            try found("계좌 110-123-456789 예금주 홍길동 010-2662-8596"), ["kr-bank-account 110-***-****89", "kr-phone 010-****-8596"])
        // A standard mobile number without separators too.
        XCTAssertEqual(try found("고객 윤서윤(01029001050) 주문 완료 주문번호=2025022748646184"), ["kr-phone 010****1050"])
        // The opening parenthesis of the sentence is not part of the number.
        let finding = try XCTUnwrap(try engine().scan(text: "고객 신서연(010-2662-8596) 주문\n").first)
        XCTAssertEqual(finding.column, Int(finding.offset) + 1)
        XCTAssertEqual(finding.length, 13)
        XCTAssertEqual(finding.offset, Int64("고객 신서연(".utf8.count))
        // A negative keyword that names the number itself still lowers it below the threshold.
        for line in ["주문번호: 010-2662-8596", "order_no=01026628596", "{\"tracking\":\"010-2662-8596\"}"] {
            XCTAssertEqual(try found(line), [], line)
        }
    }

    /// A value alone on its line — or after a chat's speaker (`홍길동 : `) — answers the line before:
    /// a form's label over its value, an agent's question over the customer's reply. The end of
    /// that line is its context (an account needs it to be reported at all). A value with more
    /// text around it, or after a blank line, has only its own line.
    /// A match that its validator rejects does not hide a number that starts inside it: a
    /// clock's seconds before a mobile written with blanks read as a Seoul landline (`02 010
    /// 6880`, no exchange starts with 0), the mobile after them is found.
    func testARejectedMatchHidesNoNumberStartingInsideIt() throws {
        XCTAssertEqual(try found("01/04 13:29:02 010 6880 4906 안혜진"), ["kr-phone 010 **** 4906"])
        XCTAssertEqual(try found("1983.02.02\t010 3478 6587"), ["kr-phone 010 **** 6587"])
        XCTAssertEqual(try found("02 010 6880"), [], "the landline alone is none")
    }

    /// A pipe-separated log's `key=value` fields have keys as logfmt's do: an SMS gateway's
    /// message key is no recipient's number.
    func testKeysOfAPipeSeparatedLog() throws {
        let line = "2024-11-25 08:21:18|RSLT|msgkey=821043802611|rslt=2000|hp=010-2345-6789|telco=SKT"
        XCTAssertEqual(try engine().scan(text: line + "\n").map { "\($0.field ?? "-") \($0.confidence)" }, ["hp 1.0"])
    }

    func testAValueAloneOnItsLineAnswersTheLineBefore() throws {
        XCTAssertEqual(try found("계좌번호:\n110-234-567890"), ["kr-bank-account 110-***-****90"])
        XCTAssertEqual(try found("주민번호\n1703154012343"), ["kr-rrn 1703154******"])  // 0.45 without the label
        let chat = [
            "2024. 3. 5. 오후 6:19, 상담사 : 자동이체 등록할 계좌번호 알려주세요",
            "2024. 3. 5. 오후 6:20, 홍길동 : 국민은행이요",
            "2024. 3. 5. 오후 6:21, 홍길동 : 483421-24-480603",
            "2024. 3. 5. 오후 6:22, 상담사 : 환불 받으실 계좌 말씀해 주세요",
            "2024. 3. 5. 오후 6:23, 홍길동 : 110-234-567890 이에요.",
        ].joined(separator: "\n")
        XCTAssertEqual(try found(chat), ["kr-bank-account 483***-**-****03", "kr-bank-account 110-***-****90"])
        // The line before only ever adds: an agent's line about something else does not lower the reply.
        for (question, reply) in [
            ("상담원: 운송장번호 6579-8592-1942 확인해주세요", "고객: 920909-2197231입니다"),
            ("고객: 가상계좌 26231514834345 확인해주세요", "고객: 6502121028693입니다"),
        ] {
            let alone = try engine().scan(text: reply + "\n").map(\.confidence)
            XCTAssertEqual(alone.count, 1, reply)
            XCTAssertEqual(try engine().scan(text: question + "\n" + reply + "\n").filter { $0.line == 2 }.map(\.confidence), alone, reply)
        }
        // A reply's `네`, `예` before the value (a call transcript).
        XCTAssertEqual(
            try found("상담원: 본인확인을 위해 생년월일과 주민번호 뒷자리 말씀해 주시겠어요?\n고객: 네, 1703154012343이요."),
            ["kr-rrn 1703154******"])
        XCTAssertEqual(try found("상담원: 주민번호 말씀해 주세요\n네 네 1703154012343"), ["kr-rrn 1703154******"])
        // A bracketed speaker.
        XCTAssertEqual(try found("[상담원] 예약 확인을 위해 여권번호를 알려주시겠어요?\n[고객] M13463778 입니다"), ["kr-passport M******78"])
        XCTAssertEqual(try found("[상담원] 여권번호 부탁드립니다\n  [2026-11-05 10:02] 고객: M13463778"), ["kr-passport M******78"])
        // A pretty-printed JSON value on the line under its key.
        XCTAssertEqual(try found("{\n  \"passport_no\":\n    \"R339L8424\",\n  \"x\": 1\n}"), ["kr-passport R******24"])
        // A YAML example's single-quoted value under its description.
        XCTAssertEqual(
            try found("        description: 사업자등록번호\n        example: '558-23-31281'\n"), ["kr-brn 558-23-*****"])
        for text in [
            "상담원: 주민번호 말씀해 주세요\n고객: 아마 1703154012343",  // `아마` is a word, not a reply's `아`
            "[상담원] 여권번호 부탁드립니다\n고객] M13463778",  // no bracketed speaker
            "[상담원] 여권번호 부탁드립니다\n[고객] 제 번호는 M13463778",  // more text before it
            "상담원: 주민번호 말씀해 주세요\n고객: 네 네 네 1703154012343",  // more than a reply's start
            "계좌번호:\n\n110-234-567890",  // a blank line between
            "{\n  \"passport_no\":\n    \"R339L8424 외 1건\",\n}",  // more text in the string
            "상담사 : 계좌번호 알려주세요\n홍길동 : 주문번호 110-234-567890 으로 조회해 주세요",  // not alone
            "계좌번호 등록 안내" + String(repeating: " 내용", count: 30) + "\n110-234-567890",  // the word is far
        ] {
            XCTAssertEqual(try found(text), [], text)
        }
    }

    /// The spec's context window is ±64 characters: 96 bytes hold only 32 Hangul syllables, so
    /// in Hangul text the window reaches 64 characters (at most 192 bytes), on both sides; in
    /// ASCII text a keyword more than 64 characters away does not count.
    func testTheContextWindowHoldsSixtyFourHangulCharacters() throws {
        // 1703154012343 alone scores 0.45 (a millisecond time stamp of 2023): only its context lifts it.
        let filler = { (count: Int) in String(repeating: "가", count: count) }
        XCTAssertEqual(try found("주민번호 \(filler(58)) 1703154012343"), ["kr-rrn 1703154******"])
        XCTAssertEqual(try found("1703154012343 \(filler(58)) 주민번호"), ["kr-rrn 1703154******"])
        XCTAssertEqual(try found("주민번호 \(filler(70)) 1703154012343"), [])
        XCTAssertEqual(try found("1703154012343 \(filler(70)) 주민번호"), [])
        // In ASCII the 96 bytes hold more than 64 characters: a keyword beyond 64 is not counted.
        XCTAssertEqual(try found("rrn \(String(repeating: "a", count: 62)) 1703154012343"), ["kr-rrn 1703154******"])
        XCTAssertEqual(try found("rrn \(String(repeating: "a", count: 85)) 1703154012343"), [])
        // The window's edges: from the line's start, never inside a character.
        let subject = Array(("x" + filler(100)).utf8)
        subject.withUnsafeBytes { bytes in
            let start = UnitScanner.contextStart(bytes, before: bytes.count, floor: 0)
            XCTAssertEqual(bytes.count - start, 64 * 3)
            XCTAssertEqual(UnitScanner.contextStart(bytes, before: 10, floor: 1), 1)
            let end = UnitScanner.contextEnd(bytes, after: 1)
            XCTAssertEqual(end - 1, 64 * 3)
        }
    }

    /// The word-at-a-time window edges equal a byte-by-byte reference on mixed text (ASCII, two-,
    /// three- and four-byte characters), wherever the value and the line's start are.
    func testContextWindowEdgesMatchAByteByByteReference() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "é", "가", "나다", "😀", "7"]
        func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        for _ in 0..<100 {
            let text = (0..<Int.random(in: 20...260, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { subject in
                func characters(_ range: Range<Int>) -> Int { range.filter { !isContinuation(subject[$0]) }.count }
                for _ in 0..<10 {
                    let position = Int.random(in: 0...subject.count, using: &generator)
                    let floor = Int.random(in: 0...position, using: &generator)
                    // Before: at least 96 bytes back, or 64 characters, at most 192 bytes; from a lead byte.
                    var expectedStart = floor
                    let near = position - Candidate.contextWidth
                    if near > floor {
                        expectedStart = near
                        if characters(near..<position) < Candidate.contextCharacters {
                            let limit = max(floor, position - Candidate.contextReach)
                            while expectedStart > limit && characters(expectedStart..<position) < Candidate.contextCharacters { expectedStart -= 1 }
                            while expectedStart < near && isContinuation(subject[expectedStart]) { expectedStart += 1 }
                        }
                    }
                    XCTAssertEqual(UnitScanner.contextStart(subject, before: position, floor: floor), expectedStart, text)
                    // After: the same forwards, with the rest of the last character.
                    var expectedEnd = subject.count
                    let far = position + Candidate.contextWidth
                    if far < subject.count {
                        expectedEnd = far
                        if characters(position..<far) < Candidate.contextCharacters {
                            let limit = min(subject.count, position + Candidate.contextReach)
                            while expectedEnd < limit && characters(position..<expectedEnd) < Candidate.contextCharacters { expectedEnd += 1 }
                            while expectedEnd < limit && isContinuation(subject[expectedEnd]) { expectedEnd += 1 }
                        }
                    }
                    XCTAssertEqual(UnitScanner.contextEnd(subject, after: position), expectedEnd, text)
                }
            }
        }
    }

    /// A value that is a JSON field's whole string takes no account word from the fields after it,
    /// even past the objects it closes.
    func testAJSONValueTakesNoAccountWordFromTheNextObject() throws {
        let line = #"{"applicant": {"name": "홍길동", "driverLicenseNo": "111812345678"}, "payout": {"bankName": "신한은행", "accountNo": "110-234-567890"}}"#
        XCTAssertEqual(try found(line), ["kr-driver-license 1118******78", "kr-bank-account 110-***-****90"])
        // The name of the next field of the same object labels the value (the bank of a virtual
        // account); a key of an outer object does not, nor does the text of a sibling's value.
        XCTAssertEqual(
            try found(#"{"event":"deposit_notice","vaccount":"26905980733410","bank":"우리은행","amount":14000000}"#),
            ["kr-bank-account 269*********10"])
        XCTAssertEqual(try found(#"{"applicant": {"driverLicenseNo": "111812345678"}, "bank": {"name": "신한은행"}}"#), ["kr-driver-license 1118******78"])
        XCTAssertEqual(try found(#"{"from": "0805859868", "body": "환불 계좌 확인 부탁드립니다"}"#), [])
    }

    /// A sentence's opening parenthesis is not part of a masked phone number (a `(02)` area code is).
    func testAMaskedPhoneLeavesTheSentencesParenthesis() throws {
        let line = "휴대전화번호(010-****-1109) 등을 제공하였다."
        let finding = try XCTUnwrap(try engine().scan(text: line + "\n").first)
        XCTAssertEqual(finding.masked, "010-****-1109")
        XCTAssertEqual(finding.offset, Int64("휴대전화번호(".utf8.count))
        XCTAssertEqual(finding.length, 13)
        XCTAssertEqual(try found("연락처 (02)***-1234"), ["kr-phone-masked (02)***-1234"])
    }

    /// The line before a work unit's first line is in the unit before: it is read for the unit,
    /// so answers are found whatever the units and windows.
    func testAnswersOnAUnitsFirstLineAreFoundWhateverTheUnits() throws {
        let directory = try TemporaryDirectory()
        var text = ""
        var accounts: [String] = []
        for pair in 0..<600 {
            let account = String(format: "110-%03d-%06d", pair % 1000, 234_567 + pair)
            accounts.append(account)
            text += String(repeating: "로그 \(pair) 처리 완료\n", count: pair % 7)
            text += "2024. 3. 5. 오후 6:\(pair % 60), 상담사 : 환불 계좌번호 알려주세요\n2024. 3. 5. 오후 6:\(pair % 60), 고객\(pair) : \(account)\n"
        }
        let path = try directory.write("chat.txt", text)
        var reference: [Finding]? = nil
        for (threads, bufferSize, chunkSize) in [(1, 1 << 20, Int64(16 << 20)), (1, 4096, 3_000), (2, 4099, 5_000), (3, 1 << 16, 7_000)] {
            var configuration = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            configuration.showValues = true
            let findings = try ScanEngine(configuration: configuration, rules: .builtIn()).collect([path]).findings
            XCTAssertEqual(findings.filter { $0.category == .bankAccount }.compactMap(\.value), accounts, "chunk \(chunkSize)")
            if let reference { XCTAssertEqual(findings, reference, "threads \(threads), buffer \(bufferSize), chunk \(chunkSize)") }
            reference = reference ?? findings
        }
    }

    func testCorporateRegistrationNumbersInABusinessContextAreNotResidentNumbers() throws {
        // 110111-3290923 passes both the corporate and the resident check digit.
        XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(digits("1101113290923")))
        for line in [
            "거래처 110111-3290923 동기화 완료",
            "(주)한빛 법인 110111-3290923",
            #"{"seller": {"bizNo": "518-01-45387", "corpRegNo": "120114-1779898"}}"#,
            #"{"corporateRegistrationNumber":"110111-3290923"}"#,
        ] {
            XCTAssertEqual(try found(line).filter { $0.hasPrefix("kr-rrn") || $0.hasPrefix("kr-frn") }, [], line)
        }
        // A resident number keyword nearer than the business word keeps it a resident number.
        XCTAssertEqual(try found("거래처 담당자 주민번호 110111-3290923"), ["kr-rrn 110111-3******"])
        // `상호` is also a given name (`이상호`); a company's workers, card holders and the insured are
        // people: their numbers stay resident numbers even with the corporate check digit.
        for (line, expected) in [
            ("이상호    531219-2391676", "kr-rrn 531219-2******"),
            ("(주)한빛정보 소속 근로자 이태준 640405-6300866", "kr-frn 640405-6******"),
            ("한결회계법인  근로자 김민수  780527-1813619", "kr-rrn 780527-1******"),
            ("법인카드 사용자 홍길동 531219-2391676", "kr-rrn 531219-2******"),
            // a flattened table: the business word labels the workplace's number, not the worker's
            ("주식회사 대원건설                 21287597642    원영혁     911013-1796930     2024-12-06", "kr-rrn 911013-1******"),
        ] {
            let number = try XCTUnwrap(line.split(separator: " ").first { $0.count == 14 && $0.contains("-") })
            XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(digits(number.replacingOccurrences(of: "-", with: ""))))
            XCTAssertEqual(try found(line), [expected], line)
        }
        // A business registration number between is the company's too: its registration number follows.
        XCTAssertEqual(try found("2024-188265    조경 관리    주식회사 미래시스템    137-81-70525    110111-3290923    2,002,000"), [])
        // A company's number after a business word is below the threshold, not gone.
        var everything = testConfiguration()
        everything.minConfidence = 0
        let low = try ScanEngine(configuration: everything, rules: .builtIn()).scan(text: "(주)한빛 법인 110111-3290923\n")
        XCTAssertEqual(low.map(\.category), [.rrn])
        XCTAssertLessThan(low.first?.confidence ?? 1, 0.5)
        // An FRN-shaped number with neither person's check digit but the corporate one: the
        // shape of a company's serial, below the threshold without a keyword.
        XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(digits("1101115290103")))
        XCTAssertEqual(try found("ref 110111-5290103 ok"), [])
    }

    func testAMyBatisParameterIsScoredOnItsOwnValueAndTypeTag() throws {
        // MyBatis's `==> Parameters:` line: `(Timestamp)` is the type of the last value, not the
        // negative keyword `timestamp` of the resident number, and `ORDER(String)` or
        // `TRACKING(String)` is another column's value, not a label.
        let rrn = "kr-rrn 9001011******"
        for line in [
            "DEBUG c.s.m.MemberMapper.insert - ==> Parameters: 홍길동(String), 9001011234568(String), 2024-05-01 10:00:00.0(Timestamp)",
            "==> Parameters: 2024-05-01 10:00:00.0(Timestamp), 9001011234568(String), 1(Integer)",
            "==> Parameters: null, 9001011234568(String), ORDER(String)",
            "==> Parameters: ORDER(String), 9001011234568(String), null",
        ] {
            XCTAssertEqual(try found(line), [rrn], line)
        }
        XCTAssertEqual(
            try found("==> Parameters: 김민준(String), 01096029976(String), kim.mj@daum.net(String), 2024-05-29 10:36:59(Timestamp)"),
            ["kr-phone 010****9976", "email k***@daum.net"])
        XCTAssertEqual(try found("==> Parameters: TRACKING(String), 0212345678(String), 2024-05-01 10:00:00.0(Timestamp)"), ["kr-phone 02****5678"])
        XCTAssertEqual(
            try found("==> Parameters: 5585123412341234(String), 2024-05-01 10:00:00.0(Timestamp), ORDER(String)"),
            ["credit-card 558512******1234"])
        // A string value with spaces and commas is one value: its own words are its context.
        XCTAssertEqual(try found("==> Parameters: 메모 연락처 0212345678, 확인(String), 12(Integer)"), ["kr-phone 02****5678"])
        XCTAssertEqual(try found("==> Parameters: 주문번호 9001011234568(String), 12(Integer)"), [])
        // Its own type tag is its own: a Timestamp value is what it says.
        XCTAssertEqual(try found("==> Parameters: x(String), 9001011234568(Timestamp)"), [])
        // Without the shape of a parameter list the line is context as before.
        XCTAssertEqual(try found("timestamp 9001011234568 (String)"), [])
    }

    func testIdsInIdentifierFieldsAndTransactionNumbersAreNotCards() throws {
        for line in [
            "jobExecutionId=3832968609665472",
            "결제 거래번호 2358447361803163 정산 대기",
            #"{"account_no":"39250089226415"}"#,
        ] {
            XCTAssertEqual(try found(line).filter { $0.hasPrefix("credit-card") }, [], line)
        }
        XCTAssertEqual(try found("결제 카드 4111 1111 1111 1111"), ["credit-card 4111 11** **** 1111"])
    }

    private func digits(_ text: String) -> DigitBuffer {
        var buffer = DigitBuffer()
        for byte in text.utf8 { _ = buffer.append(byte - 0x30) }
        return buffer
    }
}
