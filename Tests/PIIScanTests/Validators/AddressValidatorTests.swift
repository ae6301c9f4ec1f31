import PIIModel
import XCTest

@testable import PIIScan

final class AddressValidatorTests: XCTestCase {
    let validator = AddressValidator()

    // MARK: Spec §6.7 valid examples (with the §6.5 scoring table)

    func testRoadNameExamples() {
        let cases: [(String, Double)] = [
            ("서울특별시 강남구 테헤란로 152 (역삼동)", 0.85),  // 0.45 + 시도 + 시군구 + 참고항목
            ("서울 마포구 성미산로12길 3", 0.75),
            ("서울 마포구 성미산로 12길 3", 0.75),
            ("경기도 성남시 분당구 판교역로 166, 101동 1203호 (백현동)", 0.85),
            ("세종특별자치시 도움5로 19 (어진동)", 0.85),  // 세종 has no 시·군·구
            ("강원특별자치도 춘천시 퇴계로77번길 42", 0.75),
            ("전북특별자치도 전주시 완산구 효자로 225", 0.75),
            ("부산광역시 해운대구 센텀중앙로 79, 3층", 0.85),
            ("제주특별자치도 제주시 애월읍 일주서로 123", 0.75),
            ("서울 중구 세종대로 지하 2", 0.75),
            ("강원도 춘천시 퇴계로77번길 42", 0.75),  // legacy name
            ("대구광역시 군위군 군위읍 중앙길 10", 0.75),  // 군위 moved to 대구 in 2023
            ("경상북도 군위군 군위읍 중앙길 10", 0.75),  // …and old rows still say 경북
            ("인천광역시 영종구 공항로 272", 0.75),  // 2026 restructure
            ("마포구 성미산로12길 3", 0.6),  // no 시·도
            ("서울 테헤란로 152", 0.6),  // no 시·군·구
        ]
        for (text, score) in cases {
            assertAssessment(validator, text, verdict: .plausible, category: .address, confidence: score...score)
        }
    }

    func testLotNumberExamples() {
        assertAssessment(validator, "서울 강남구 역삼동 737-1", verdict: .plausible, category: .address, confidence: 0.75...0.75)
        assertAssessment(validator, "경기도 양평군 양서면 양수리 산 12-3번지", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "충남 예산군 덕산면 사천리 12", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울특별시 종로구 종로1가 24", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울 강남구 역삼동737-1번지", verdict: .plausible, confidence: 0.75...0.75)
    }

    /// The spec's patterns allow no blank at all: a known 시·군·구 glued to its road or 동, and a
    /// 시·도 glued to that, are read as when written apart.
    func testUnitsWrittenWithoutBlanks() {
        for (text, score) in [
            ("서울강남구테헤란로152", 0.75), ("경기도성남시분당구판교역로166", 0.75), ("강남구테헤란로152", 0.6),
            ("서울특별시강남구테헤란로 152 (역삼동)", 0.85), ("서울 강남구역삼동737-1", 0.75), ("충남예산군덕산면 사천리 12", 0.75),
            ("인천광역시서구청라커낼로239", 0.75),
        ] {
            assertAssessment(validator, text, verdict: .plausible, category: .address, confidence: score...score)
        }
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "서울강남구테헤란로152")), "서울특별시 강남구 테헤란로 152")
        // Only a gazetteer's 시·군·구 is split off: `구로` and `구역` are not `구` and a road.
        assertRejected(validator, ["우리구역로 5", "여수시청로3길 154-4", "강남구청로 12"])
        // …nor a road named after a city hall (`여수시청로`): with its own anchor it is one road.
        assertAssessment(validator, "전남 여수시 여수시청로3길 154-4", verdict: .plausible, category: .address, confidence: 0.75...0.75)
    }

    /// 법정동 names that are also common nouns (`연동` "linkage", `이동` "move") are addresses when
    /// the lot number has a form only an address has: `산`, a sub-number or `번지`.
    func testDongNamesThatAreCommonNouns() {
        for text in [
            "제주특별자치도 제주시 연동 312-1", "제주 제주시 연동 404번지", "제주시 연동404번지", "경상북도 포항시 남구 이동 619-1",
            "포항시 남구 이동 산 12", "포항시 남구 이동 525 번지",
        ] {
            assertAssessment(validator, text, verdict: .plausible, category: .address, confidence: 0.6...0.75)
        }
        assertRejected(validator, ["제주시 연동 3", "포항시 남구 이동 3", "마포구 활동 3", "서울 강남구 관리 5"])
        // In the district where it is a 법정동, a bare lot number of two digits or more is enough,
        // or of one under the province too; in another district, or with one digit and no
        // province, it is still the noun.
        for text in [
            "제주특별자치도 제주시 연동 248", "제주시 연동 738", "안산시 상록구 이동 123", "경북 포항시 남구 이동 802", "포항시 남구 이동 30",
            "제주특별자치도 제주시 연동 3", "경상북도 포항시 남구 이동 7",
        ] {
            assertAssessment(validator, text, verdict: .plausible, category: .address, confidence: 0.6...0.75)
        }
        assertRejected(validator, ["서울특별시 강남구 연동 248", "제주시 연동 7", "서울 강남구 이동 30"])
    }

    func testContextAndPostcode() {
        assertAssessment(validator, "서울 마포구 성미산로12길 3", keyword: true, verdict: .plausible, confidence: 0.9...0.9)
        // A postcode whose prefix agrees with the 시·도 (서울 01–09) within 24 bytes.
        assertAssessment(validator, "서울 강남구 테헤란로 152", after: " (06236)", verdict: .plausible, confidence: 0.9...0.9)
        assertAssessment(validator, "서울 강남구 테헤란로 152", before: "[06236] ", verdict: .plausible, confidence: 0.9...0.9)
        // A 부산 postcode does not agree; a 6-digit legacy code or a longer number is not a postcode.
        assertAssessment(validator, "서울 강남구 테헤란로 152", after: " 48058", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울 강남구 테헤란로 152", after: " 135-080", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울 강남구 테헤란로 152", after: " 062361", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울 강남구 테헤란로 152", negative: true, verdict: .plausible, confidence: 0.35...0.35)
    }

    func testHierarchyInconsistency() {
        // 아산 is in 충남 (typical Faker output).
        assertAssessment(validator, "충청북도 아산시 번영로 10", verdict: .plausible, confidence: 0.45...0.45)
        assertAssessment(validator, "충청남도 아산시 번영로 10", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "서울 해운대구 센텀중앙로 79", verdict: .plausible, confidence: 0.45...0.45)
        // Two units that do not share a 시·도.
        assertAssessment(validator, "아산시 분당구 판교역로 166", verdict: .plausible, confidence: 0.3...0.3)
        // Names that exist in several 시·도 are consistent with each of them.
        assertAssessment(validator, "부산 중구 중앙대로 10", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "인천 중구 공항로 10", verdict: .plausible, confidence: 0.75...0.75)
        // Unknown 시·군·구 names get no gazetteer bonus.
        assertAssessment(validator, "서울 가나다구 테헤란로 152", verdict: .plausible, confidence: 0.6...0.6)
    }

    func testGazetteer() {
        XCTAssertGreaterThanOrEqual(AddressGazetteer.districts.count, 250)
        XCTAssertEqual(AddressGazetteer.districts["중구"].map { $0.nonzeroBitCount }, 6)
        XCTAssertEqual(AddressGazetteer.districts["아산시"], AddressGazetteer.Sido.chungnam.bit)
        XCTAssertEqual(AddressGazetteer.Sido.allCases.count, 17)
        XCTAssertTrue(AddressGazetteer.districtTable.contains("마포구"))
        XCTAssertFalse(AddressGazetteer.districtTable.contains("마포"))
    }

    func testCanonicalForm() {
        func canonical(_ text: String) -> String? { CandidateHelper.canonical(CandidateHelper.assess(validator, text)) }
        let expected = "서울특별시 마포구 성미산로12길 3"
        XCTAssertEqual(canonical("서울 마포구 성미산로12길 3"), expected)
        XCTAssertEqual(canonical("서울특별시 마포구 성미산로 12길 3"), expected)
        XCTAssertEqual(canonical("서울시  마포구 성미산로12길 3"), expected)
        XCTAssertEqual(canonical("서울특별시 강남구 테헤란로 152 (역삼동)"), "서울특별시 강남구 테헤란로 152")
        XCTAssertEqual(canonical("서울특별시 강남구 테헤란로152"), "서울특별시 강남구 테헤란로 152")
        XCTAssertEqual(canonical("강원도 춘천시 퇴계로77번길 42"), "강원특별자치도 춘천시 퇴계로77번길 42")
        XCTAssertEqual(canonical("서울 중구 세종대로 지하2"), canonical("서울 중구 세종대로 지하 2"))
        XCTAssertEqual(canonical("서울 강남구 역삼동 737-1번지"), "서울특별시 강남구 역삼동 737-1")
        XCTAssertEqual(canonical("서울강남구 테헤란로 152"), "서울특별시 강남구 테헤란로 152")
    }

    func testMaskReplacesEveryDigit() {
        let result = CandidateHelper.assess(validator, "경기도 성남시 분당구 판교역로 166, 101동 1203호 (백현동)")
        XCTAssertEqual(result?.masked, "경기도 성남시 분당구 판교역로 ***, ***동 ****호 (백현동)")
        XCTAssertEqual(CandidateHelper.assess(validator, "서울 강남구 역삼동 737-1")?.masked, "서울 강남구 역삼동 ***-*")
    }

    func testTrailingSeparatorsAreTrimmed() {
        let result = CandidateHelper.assess(validator, "서울 강남구 테헤란로 152, ")
        XCTAssertEqual(result?.trimEnd, 2)
        XCTAssertEqual(result?.masked, "서울 강남구 테헤란로 ***")
    }

    // MARK: Spec §6.7 near misses (and anchored variants the regex lets through)

    func testNearMisses() {
        assertRejected(validator, [
            "그대로 30", "추가로 20", "별도로 30", "이 길로 5", "info로 3", "3동 201호",  // no anchor
            "서울시 정책으로 2", "강남구 쪽으로 30", "서울 방향으로 2", "마포구 앞으로 3",  // 으로 particle
            "서울 그대로 30", "서울시 바로 3", "강남구 출근길 3",  // adverbs/nouns
            "서울시 info로 3",  // no Hangul road name
            "서울시 추가 20", "마포구 활동 3", "서울 강남구 관리 5",  // nouns ending 가/동/리
            "서울 강남구", "서울 강남구 테헤란로", "서울 강남구 테헤란로 123456",  // no or bad number
            "서울 강남구 역삼동 산",
        ])
    }
}
