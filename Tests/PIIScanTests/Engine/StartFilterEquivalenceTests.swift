import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// A rule's start filter (`[rules.start]`) must not change its findings: compare with the same
/// rules without it on text that glues values to every kind of neighbour (digits, letters,
/// `+`, `(`, `*`, `●`, Hangul …) and crosses buffer boundaries; and check that the comparison
/// would notice a filter that is too strict.
final class StartFilterEquivalenceTests: XCTestCase {
    static func digitSoup(seed: UInt64, length: Int) -> [UInt8] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let pieces = [
            "0", "1", "7", "9", "12", "82", "010", "900101", "-", "-", " ", " ", "\t", ".", "+", "(", ")", "*", "x", "X",
            "#", "●", "/", "@", "a", "Z", "M", "m", "S", "가", "서울", "주민번호 ", "\n", "－", "_", ":", "=", "\"",
            "900101-1234568", "9001011234568", "900101 - 1234568", "850315-2345676", "010-2345-6789", "01023456789",
            "+82-10-2345-6789", "+82 (0)10 2345 6789", "0082-10-2345-6789", "(02)312-3456", "02-312-3456",
            "4111-1111-1111-1111", "4111111111111111", "3782-822463-10005", "5105 1051 0510 5100", "M12345678",
            "s123a4567", "900101-1******", "******-*******", "****-****-****-1234", "4111-****-****-1111",
            "010-****-5678", "(010)xxxx-5678", "+82-10-●●●●-5678", "11-12-123456-12", "서울 12-345678-90",
            "1730000000000", "8801234567893", "hong.gildong@naver.com", "9lee@daum.net", "h***@naver.com",
            "*@x.com", "k.ki-m@gmail.com", "@", "a_b%c+d@kakao.co.kr", "●●●●●●-1●●●●●●", "●●0315-2******",
            "2025-05-01 00:00:00", "1731218160711", "11 22 333333 44", "부산－05－123456－11", "경기 19 654321 07",
            "28-19-123456-01", "900101 ‐ 1234568", "010.2345.6789", "02)312－3456", "82 10 2345 6789",
            "001 82 10 2345 6789", "(0)", "82", "00", "3782 822463 10005", "3056-930902-5904", "12345678901234567890",
            "010 -", "4111 1111 1111 111", "+82 (0)2-312-3456", "(031)123-4567", "(010)1234-5678", "서울", "울산 ",
            "S1234567", "M123A4567", "g12345678x", "900101－1234568", "tel:010-****-5678", "02-***-5678",
            "(02)xxx-5678", "3782-******-10005", "112233333344", "2812345678901", "면허 281912345601",
        ]
        var text = ""
        while text.utf8.count < length { text += pieces[next() % pieces.count] }
        return Array(text.utf8)
    }

    private func engines(_ mutate: (inout Rule) -> Void = { _ in }) throws -> (fast: ScanEngine, slow: ScanEngine) {
        var filtered = try RuleSet.builtIn().rules.filter { $0.start != nil && $0.lines?.isContext != true }
        for index in filtered.indices { mutate(&filtered[index]) }
        var without = filtered
        for index in without.indices { without[index].start = nil }
        var configuration = testConfiguration(bufferSize: 4096)
        configuration.minConfidence = 0
        return (
            try ScanEngine(configuration: configuration, rules: RuleSet(rules: filtered)),
            try ScanEngine(configuration: configuration, rules: RuleSet(rules: without))
        )
    }

    func testStartFiltersFindExactlyWhatAWholeBufferSearchFinds() throws {
        XCTAssertEqual(
            try RuleSet.builtIn().rules.filter { $0.start != nil && $0.lines?.isContext != true }.map(\.id).sorted(),
            ["credit-card", "credit-card-masked", "email", "email-masked", "kr-driver-license", "kr-passport", "kr-phone",
             "kr-phone-masked", "kr-rrn", "kr-rrn-masked"])
        let (fast, slow) = try engines()
        var perRule: [String: Int] = [:]
        for seed in 1...8 {
            let text = Self.digitSoup(seed: UInt64(seed), length: 40_000)
            let expected = slow.scan(bytes: text)
            XCTAssertEqual(fast.scan(bytes: text), expected, "seed \(seed)")
            for finding in expected { perRule[finding.rule, default: 0] += 1 }
        }
        for id in [
            "credit-card", "credit-card-masked", "email", "email-masked", "kr-driver-license", "kr-passport", "kr-phone",
            "kr-phone-masked", "kr-rrn", "kr-rrn-masked",
        ] {
            XCTAssertGreaterThan(perRule[id, default: 0], 20, "the soup must give \(id) findings")
        }
        let corpus = DeterminismTests.corpus(seed: 12, lines: 300)
        XCTAssertEqual(fast.scan(bytes: corpus), slow.scan(bytes: corpus))
    }

    /// Two rules sharing a shape with different minimums take the engine's general path (the
    /// built-in rules have one rule per shape); it must be exact too.
    func testRulesSharingAShapeWithDifferentMinimums() throws {
        var filtered = try RuleSet.builtIn().rules.filter { $0.start != nil && $0.lines?.isContext != true }
        var copy = try XCTUnwrap(filtered.first { $0.id == "kr-rrn" })
        copy.id = "kr-rrn-loose"
        copy.start?.minUnits = 6
        filtered.insert(copy, at: 0)  // first: it wins ties with kr-rrn
        var without = filtered
        for index in without.indices { without[index].start = nil }
        var configuration = testConfiguration(bufferSize: 4096)
        configuration.minConfidence = 0
        let shared = try ScanEngine(configuration: configuration, rules: RuleSet(rules: filtered))
        let whole = try ScanEngine(configuration: configuration, rules: RuleSet(rules: without))
        for seed in 21...23 {
            let text = Self.digitSoup(seed: UInt64(seed), length: 30_000)
            let expected = whole.scan(bytes: text)
            XCTAssertTrue(expected.contains { $0.rule == "kr-rrn-loose" })
            XCTAssertEqual(shared.scan(bytes: text), expected, "seed \(seed)")
        }
    }

    /// Each of these filters is a little too strict; the soup must show it.
    func testTheComparisonCatchesAFilterThatIsTooStrict() throws {
        let mutations: [(String, (inout Rule) -> Void)] = [
            ("kr-rrn digits 7", { if $0.id == "kr-rrn" { $0.start?.digits = 7 } }),
            ("kr-rrn not after space", { if $0.id == "kr-rrn" { $0.start?.notAfter.insert(UInt8(ascii: " ")) } }),
            ("kr-phone without +", { if $0.id == "kr-phone" { $0.start?.bytes.remove(UInt8(ascii: "+")) } }),
            ("kr-phone without (", { if $0.id == "kr-phone" { $0.start?.bytes.remove(UInt8(ascii: "(")) } }),
            ("kr-phone not after -", { if $0.id == "kr-phone" { $0.start?.notAfter.insert(UInt8(ascii: "-")) } }),
            ("credit-card digits 5", { if $0.id == "credit-card" { $0.start?.digits = 5 } }),
            ("credit-card-masked without *", { if $0.id == "credit-card-masked" { $0.start?.bytes.remove(UInt8(ascii: "*")) } }),
            ("kr-rrn-masked without ●", { if $0.id == "kr-rrn-masked" { $0.start?.bytes.remove(0xE2) } }),
            ("kr-phone-masked not after :", { if $0.id == "kr-phone-masked" { $0.start?.notAfter.insert(UInt8(ascii: ":")) } }),
            ("kr-passport without M", { if $0.id == "kr-passport" { $0.start?.bytes.remove(UInt8(ascii: "M")) } }),
            ("email without digits", { if $0.id == "email" { $0.start?.bytes.remove(UInt8(ascii: "9")) } }),
            ("email-masked without *", { if $0.id == "email-masked" { $0.start?.bytes.remove(UInt8(ascii: "*")) } }),
            ("email not after space", { if $0.id == "email" { $0.start?.notAfter.insert(UInt8(ascii: " ")) } }),
            // Shapes: one unit too many, one separator byte too few in a row, a separator missing.
            ("kr-rrn 14 units", { if $0.id == "kr-rrn" { $0.start?.minUnits = 14 } }),
            ("kr-rrn gap 4", { if $0.id == "kr-rrn" { $0.start?.maxGap = 4 } }),
            ("kr-rrn without －", { if $0.id == "kr-rrn" { $0.start?.separators.remove(0xBC) } }),
            ("kr-rrn-masked 14 units", { if $0.id == "kr-rrn-masked" { $0.start?.minUnits = 14 } }),
            ("kr-phone 10 units", { if $0.id == "kr-phone" { $0.start?.minUnits = 10 } }),
            ("kr-phone gap 1", { if $0.id == "kr-phone" { $0.start?.maxGap = 1 } }),
            ("kr-phone without .", { if $0.id == "kr-phone" { $0.start?.separators.remove(UInt8(ascii: ".")) } }),
            ("kr-phone without 8", { if $0.id == "kr-phone" { $0.start?.bytes.remove(UInt8(ascii: "8")) } }),
            ("kr-phone second byte without 1", { if $0.id == "kr-phone" { $0.start?.prefix[1].remove(UInt8(ascii: "1")) } }),
            ("kr-phone-masked 10 units", { if $0.id == "kr-phone-masked" { $0.start?.minUnits = 10 } }),
            ("kr-phone-masked without x", { if $0.id == "kr-phone-masked" { $0.start?.units.remove(UInt8(ascii: "x")) } }),
            ("credit-card 15 units", { if $0.id == "credit-card" { $0.start?.minUnits = 15 } }),
            ("credit-card without space", { if $0.id == "credit-card" { $0.start?.separators.remove(UInt8(ascii: " ")) } }),
            ("credit-card-masked 16 units", { if $0.id == "credit-card-masked" { $0.start?.minUnits = 16 } }),
            // Prefixes: a month starting with 1 only, a masked birth date without ●, the passport's
            // new format (7 digits) dropped.
            ("kr-rrn month 1x only", { if $0.id == "kr-rrn" { $0.start?.prefix[2] = [UInt8(ascii: "1")] } }),
            ("kr-rrn-masked without ● first", { if $0.id == "kr-rrn-masked" { $0.start?.prefix[0].remove(0xE2) } }),
            ("kr-passport 8 units", { if $0.id == "kr-passport" { $0.start?.minUnits = 8 } }),
            ("kr-passport second byte without 1", { if $0.id == "kr-passport" { $0.start?.prefix[1].remove(UInt8(ascii: "1")) } }),
            ("kr-passport gap 0", { if $0.id == "kr-passport" { $0.start?.maxGap = 0 } }),
            ("kr-driver-license 13 units", { if $0.id == "kr-driver-license" { $0.start?.minUnits = 13 } }),
            ("kr-driver-license without 울", { if $0.id == "kr-driver-license" { $0.start?.units.remove(0xB8) } }),
            ("kr-driver-license without 부", { if $0.id == "kr-driver-license" { $0.start?.bytes.remove(0xEB) } }),
            ("kr-driver-license without 경's second byte", { if $0.id == "kr-driver-license" { $0.start?.continuations.remove(0xB2) } }),
            ("kr-driver-license 11 digits", { if $0.id == "kr-driver-license" { $0.start?.maxDigits = 11 } }),
            ("kr-driver-license digit run 7", { if $0.id == "kr-driver-license" { $0.start?.digitRun = 7 } }),
        ]
        let texts = (1...4).map { Self.digitSoup(seed: UInt64($0), length: 40_000) }
        for (label, mutation) in mutations {
            let (fast, slow) = try engines(mutation)
            XCTAssertTrue(texts.contains { fast.scan(bytes: $0) != slow.scan(bytes: $0) }, "\(label) went unnoticed")
        }
    }

    func testRuleFilesParseTheStartTable() throws {
        let rrn = try XCTUnwrap(try RuleSet.builtIn().rules.first { $0.id == "kr-rrn" }?.start)
        XCTAssertEqual(rrn.bytes, Set(UInt8(ascii: "0")...UInt8(ascii: "9")))
        // `*` is not excluded: `**900101-1234568**` (Markdown emphasis) starts after one.
        XCTAssertTrue(!rrn.notAfter.contains(UInt8(ascii: "*")) && rrn.notAfter.contains(UInt8(ascii: "q")))
        XCTAssertFalse(rrn.notAfter.contains(UInt8(ascii: "-")))
        XCTAssertEqual(rrn.digits, 6)
        XCTAssertEqual(rrn.prefix[2], [UInt8(ascii: "0"), UInt8(ascii: "1")])
        XCTAssertEqual(rrn.positions.count, 6, "digits reach one position beyond the prefix")
        XCTAssertEqual(rrn.units, Set(UInt8(ascii: "0")...UInt8(ascii: "9")))
        XCTAssertEqual(rrn.minUnits, 13)
        XCTAssertEqual(rrn.maxGap, 5)
        XCTAssertTrue(rrn.separators.isSuperset(of: Array("－".utf8)), "every byte of a non-ASCII separator")
        XCTAssertEqual(RuleStartFilter.byteSet("●x", allBytes: true), [0xE2, 0x97, 0x8F, UInt8(ascii: "x")])
        XCTAssertEqual(RuleStartFilter.byteSet("a-c-"), Set("abc-".utf8))
        XCTAssertEqual(RuleStartFilter.byteSet("●x"), [0xE2, UInt8(ascii: "x")])
        XCTAssertNil(RuleStartFilter.byteSet("z-a"))
    }
}
