import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class RomanizedAddressValidatorTests: XCTestCase {
    let validator = RomanizedAddressValidator()

    /// The official English names of districts and places (road signs, the 도로명주소 English
    /// site): plain letters, liaison, nasalisation and the two readings of `ㄹ`.
    func testRevisedRomanizationOfPlaceNames() {
        let names: [(String, String)] = [
            ("강남", "gangnam"), ("종로", "jongno"), ("강릉", "gangneung"), ("울릉", "ulleung"), ("중랑", "jungnang"),
            ("덕양", "deogyang"), ("관악", "gwanak"), ("상록", "sangnok"), ("밀양", "miryang"), ("의정부", "uijeongbu"),
            ("신라", "silla"), ("백마", "baengma"), ("영등포", "yeongdeungpo"), ("동래", "dongnae"), ("철원", "cheorwon"),
            ("마산합포", "masanhappo"), ("연기", "yeongi"), ("군위", "gunwi"), ("담양", "damyang"), ("남원", "namwon"),
            ("천안", "cheonan"), ("영암", "yeongam"), ("정읍", "jeongeup"), ("임실", "imsil"), ("부산진", "busanjin"),
            ("서귀포", "seogwipo"), ("의령", "uiryeong"), ("창녕", "changnyeong"), ("횡성", "hoengseong"),
            ("일산동", "ilsandong"), ("해운대", "haeundae"), ("설날", "seollal"), ("좋아", "joa"),
        ]
        for (hangul, expected) in names {
            XCTAssertEqual(Romanization.romanize(hangul), expected, hangul)
        }
        XCTAssertEqual(RomanizedAddressValidator.romanizedKey("강남구"), "gangnamgu")
        XCTAssertEqual(RomanizedAddressValidator.romanizedKey("의정부시"), "uijeongbusi")
        XCTAssertEqual(RomanizedAddressValidator.romanizedKey("울릉군"), "ulleunggun")
        // Every district of the gazetteer has a key of letters only, and `중구` is in six 시·도.
        for key in RomanizedAddressValidator.districts.keys {
            XCTAssertTrue(key.allSatisfy { $0.isASCII && $0.isLetter }, key)
        }
        XCTAssertEqual(RomanizedAddressValidator.districts["junggu"]?.nonzeroBitCount, 6)
    }

    /// The postcode after the 시·도 is part of the reported address (spec §6.6's pattern).
    func testThePostcodeEndsTheSpan() throws {
        let engine = try ScanEngine(configuration: testConfiguration(), rules: RuleSet.builtIn())
        for text in ["152, Teheran-ro, Gangnam-gu, Seoul 06236", "166, Pangyoyeok-ro, Bundang-gu, Seongnam-si, Gyeonggi-do, 13529"] {
            let finding = try XCTUnwrap(engine.scan(text: "Premises: \(text) (lease)\n").first, text)
            XCTAssertEqual(finding.length, text.utf8.count, text)
            XCTAssertGreaterThanOrEqual(finding.confidence, 0.9, text)
        }
    }

    /// Spec §6.6 examples and the same scoring as the Korean forms (§6.5).
    func testScores() {
        let cases: [(String, String, String, Double)] = [
            ("152, Teheran-ro, Gangnam-gu, Seoul", "", " 06236", 0.9),  // 시·도, 시·군·구, postcode
            ("152, Teheran-ro, Gangnam-gu, Seoul", "", "", 0.75),
            ("152, Teheran-ro, Gangnam-gu, Seoul 06236", "", "", 0.9),  // the postcode in the match (§6.6's `zip`)
            ("152, Teheran-ro, Gangnam-gu, Seoul, 48099", "", "", 0.75),
            ("42, Toegye-ro 77beon-gil, Chuncheon-si, Gangwon-do", "", "", 0.75),
            ("114, Seolleung-ro 190-gil, Gangnam-gu, Seoul", "Apt. 304, Bldg. 102, ", " 06010", 1.0),
            ("166, Pangyoyeok-ro, Bundang-gu, Seongnam-si, Gyeonggi-do", "101-dong 1203-ho, ", "", 0.85),
            ("123, Iljuseo-ro, Aewol-eup, Jeju-si, Jeju Special Self-Governing Province", "", "", 0.75),
            ("19, Doum 5-ro, Sejong-si", "", "", 0.75),  // 세종 has no 시·군·구
            ("152 Teheran-Ro, gangnam-Gu", "", "", 0.6),  // no 시·도; case does not matter
            ("152, Teheran-ro, GANGNAM-GU, SEOUL", "", "", 0.75),
            ("152, Teheran-ro, Gangnam-gu, Busan", "", "", 0.45),  // 강남구 is not in 부산
            ("166, Pangyoyeok-ro, Bundang-gu, Chuncheon-si", "", "", 0.3),  // two districts of different 시·도
            ("12, Main-ro, Springfield-gu", "", "", 0.45),  // not in the gazetteer
            ("152, Teheran-ro, Gangnam-gu, Seoul", "", " 48099", 0.75),  // a 부산 postcode does not agree
            ("23, Gyeongwon-ro, Namdong-gu, Incheon-si", "", " 22212", 0.9),  // `Incheon-si` is the 시·도
            ("152, Teheran-ro, Gangnam-gu, Busan-si", "", "", 0.45),
            ("12, Gyeongchun-ro, Gwangju-si", "", "", 0.6),  // 경기도 광주시 or 광주광역시: a 시·군·구
            ("737-1, Yeoksam-dong, Gangnam-gu, Seoul", "", "", 0.75),
            ("737-1, Yeoksam-dong, Gangnam-gu", "", "", 0.45),  // a lot without its 시·도
            ("17,Yu-ri,Jung-gu", "", "", 0.45),  // a given name in a CSV of people
        ]
        for (text, before, after, score) in cases {
            assertAssessment(
                validator, text, before: before, after: after, verdict: .plausible, category: .address, confidence: score...score)
        }
        assertAssessment(validator, "12, Main-ro, Springfield-gu", keyword: true, verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "152, Teheran-ro, Gangnam-gu, Seoul", negative: true, verdict: .plausible, confidence: 0.35...0.35)
    }

    func testMaskedAndCanonicalForms() throws {
        let one = try XCTUnwrap(CandidateHelper.assess(validator, "152, Teheran-ro, Gangnam-gu, Seoul"))
        XCTAssertEqual(one.masked, "***, Teheran-ro, Gangnam-gu, Seoul")
        let other = try XCTUnwrap(CandidateHelper.assess(validator, "152  Teheran-Ro,Gangnam-gu Seoul"))
        XCTAssertEqual(CandidateHelper.canonical(one), "152 teheran-ro gangnam-gu seoul")
        XCTAssertEqual(one.canonical, other.canonical, "one address, written two ways")
        XCTAssertNil(CandidateHelper.assess(validator, "152, Teheran-ro, Seoul"), "no 시·군·구")
        XCTAssertNil(CandidateHelper.assess(validator, "152, Teheran-ro, Gangnam-gu, Tokyo"), "not a 시·도")
    }

    /// Through the engine: found in prose, JSON and CSV, attributed to the built-in rule, and
    /// near-misses (no building number, words that merely end in `ro`) are not.
    func testTheBuiltInRuleFindsEnglishAddresses() throws {
        let engine = try ScanEngine(configuration: testConfiguration(), rules: RuleSet.builtIn())
        let text = """
            Shipping address: 152, Teheran-ro, Gangnam-gu, Seoul 06236, Republic of Korea
            {"addr":"42, Toegye-ro 77beon-gil, Chuncheon-si, Gangwon-do 24252"}
            Lee lives at 23, Haeundaehaebyeon-ro, Haeundae-gu, Busan.
            Teheran-ro, Gangnam-gu, Seoul is a busy street
            version 2, macro, micro-ro, Nano-gu
            1, 2, 3, Go-ro, Go

            """
        let findings = engine.scan(bytes: Array(text.utf8)).filter { $0.rule == "kr-address-en" }
        XCTAssertEqual(findings.map(\.line), [1, 2, 3])
        XCTAssertEqual(findings.map(\.masked), [
            "***, Teheran-ro, Gangnam-gu, Seoul *****", "**, Toegye-ro **beon-gil, Chuncheon-si, Gangwon-do *****",
            "**, Haeundaehaebyeon-ro, Haeundae-gu, Busan",
        ])
        XCTAssertEqual(findings.map(\.confidence), [1.0, 1.0, 0.75])
        XCTAssertTrue(findings.allSatisfy { $0.category == .address })
    }
}
