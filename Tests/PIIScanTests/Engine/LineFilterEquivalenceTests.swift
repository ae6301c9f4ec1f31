import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// A rule's line filter (`[rules.lines]`, the address rules) must not change its findings:
/// compare with the same rules searching whole buffers, on Korean text full of near-misses
/// (`으로`, `동` without a number, numbers far from the literal), across buffer boundaries and on
/// lines longer than the buffer; and check that the comparison notices a filter that is too strict.
final class LineFilterEquivalenceTests: XCTestCase {
    /// `shortLines`: a line break after about every third piece (a too-strict filter then shows
    /// on a line of its own).
    static func addressSoup(seed: UInt64, length: Int, shortLines: Bool = false) -> [UInt8] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let pieces = [
            "서울특별시 강남구 테헤란로 152", "서울 마포구 성미산로12길 3", "경기도 성남시 분당구 판교역로 166, 101동 1203호 (백현동)",
            "서울 중구 세종대로 지하 2", "강원특별자치도 춘천시 퇴계로77번길 42", "서울 강남구 역삼동 737-1", "경기 양평군 양서면 양수리 산 12",
            "부산 해운대구 우동 1408", "서울 종로구 관철동 5-13 번지", "대구 중구 동인동2가 4", "서울시 정책으로 2 번 바꿈",
            "서울 방향으로 2, 3번째", "서울 강남구 테헤란로 지하  2", "서울 강남구 테헤란로   152", "서울 강남구 역삼동 산  7",
            "으로", "로", "길", "동", "리", "가", "지하", "산", " ", " ", "\t", "\n", "\n", "-", ",", "(", ")", "1", "23", "456",
            "7890", "번", "호", "층", "서울", "강남구", "마포구", "시", "군", "구", "읍", "면", "에", "a", "Z", "%", ".", "km",
            "서울 마포구 망원길 3", "서울 중구 을지로3가 5", "전남 곡성군 오곡면 오지리 12",
            // English notation: the literal (`ro,`, `gil,`, `dong,`) is the only promise.
            "152, Teheran-ro, Gangnam-gu, Seoul", "42 Toegye-ro 77beon-gil, Chuncheon-si", "737-1, Yeoksam-dong, Gangnam-gu",
            "12, Myeong-dong 2-ga, Jung-gu", "1 Dae-ri, Yangpyeong-gun", "7, Sejong-daero, Jung-gu", "ro,", "-gil,", "ga,",
            "Seoul", "Gangnam-gu",
            "Busan", ", ", "Jiha-", "Ro,", "-",
        ]
        var text = ""
        while text.utf8.count < length {
            text += pieces[next() % pieces.count]
            if shortLines && next() % 3 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    private func engines(bufferSize: Int = 4096, _ mutate: (inout Rule) -> Void = { _ in }) throws -> (fast: ScanEngine, slow: ScanEngine) {
        // (Context rules, whose literals are words around a match: ContextRuleTests.)
        var filtered = try RuleSet.builtIn().rules.filter { $0.lines != nil && $0.lines?.isContext == false }
        for index in filtered.indices { mutate(&filtered[index]) }
        var without = filtered
        for index in without.indices { without[index].lines = nil }
        var configuration = testConfiguration(bufferSize: bufferSize)
        configuration.minConfidence = 0
        return (
            try ScanEngine(configuration: configuration, rules: RuleSet(rules: filtered)),
            try ScanEngine(configuration: configuration, rules: RuleSet(rules: without))
        )
    }

    func testLineFiltersFindExactlyWhatAWholeBufferSearchFinds() throws {
        XCTAssertEqual(
            try RuleSet.builtIn().rules.filter { $0.lines != nil && $0.lines?.isContext == false }.map(\.id).sorted(),
            ["kr-address-en", "kr-address-lot", "kr-address-road", "kr-rrn-split"])
        let (fast, slow) = try engines()
        var perRule: [String: Int] = [:]
        for seed in 1...6 {
            let text = Self.addressSoup(seed: UInt64(seed), length: 30_000, shortLines: seed > 3)
            let expected = slow.scan(bytes: text)
            XCTAssertEqual(fast.scan(bytes: text), expected, "seed \(seed)")
            for finding in expected { perRule[finding.rule, default: 0] += 1 }
        }
        XCTAssertGreaterThan(perRule["kr-address-road", default: 0], 20)
        XCTAssertGreaterThan(perRule["kr-address-lot", default: 0], 20)
        XCTAssertGreaterThan(perRule["kr-address-en", default: 0], 20)
        // One line longer than the buffer: cut mid-line, a match may hold its literal after the cut.
        let long = Self.addressSoup(seed: 99, length: 20_000).filter { $0 != 0x0A }
        let expected = slow.scan(bytes: long)
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(fast.scan(bytes: long), expected)
        let corpus = DeterminismTests.corpus(seed: 5, lines: 300)
        XCTAssertEqual(fast.scan(bytes: corpus), slow.scan(bytes: corpus))
        // A resident number in two parts: its literal (뒷, 뒤) lies between them, up to 16 bytes
        // before the back part's first digit; lines of every length put both on chunk edges.
        var split = ""
        let gaps = ["뒷자리 ", "뒷자리는요 ", "뒤 7자리 ", "뒤자리: ", "뒷번호 ", "뒷 자리는요 :- ", "뒷자리는요오 "]
        for row in 0..<400 {
            split += String(repeating: "가", count: row % 37) + " 주민번호 앞자리 651204 " + gaps[row % gaps.count] + "2673893 뒤에 12 뒷 3\n"
        }
        let expectedSplit = slow.scan(bytes: Array(split.utf8))
        // (`뒷자리는요오` is too long a tail: the pattern stops at the particle.)
        XCTAssertEqual(expectedSplit.filter { $0.rule == "kr-rrn-split" }.count, (0..<400).filter { $0 % gaps.count != gaps.count - 1 }.count)
        XCTAssertEqual(fast.scan(bytes: Array(split.utf8)), expectedSplit)
    }

    /// Each of these filters is a little too strict; the soup must show it.
    func testTheComparisonCatchesAFilterThatIsTooStrict() throws {
        let mutations: [(String, (inout Rule) -> Void)] = [
            ("road digit_within 7", { if $0.id == "kr-address-road" { $0.lines?.digitWithin = 7 } }),
            ("road without 길", { if $0.id == "kr-address-road" { $0.lines?.literals.removeLast() } }),
            ("lot digit_within 4", { if $0.id == "kr-address-lot" { $0.lines?.digitWithin = 4 } }),
            ("lot without 가", { if $0.id == "kr-address-lot" { $0.lines?.literals.removeLast() } }),
            ("English without -dong,", { if $0.id == "kr-address-en" { $0.lines?.literals.removeAll { $0 == Array("-dong,".utf8) } } }),
            ("English without gil,", { if $0.id == "kr-address-en" { $0.lines?.literals.removeAll { $0 == Array("gil,".utf8) } } }),
            ("English without aero,", { if $0.id == "kr-address-en" { $0.lines?.literals.removeAll { $0 == Array("aero,".utf8) } } }),
            ("English with a digit", { if $0.id == "kr-address-en" { $0.lines?.digitWithin = 8 } }),
        ]
        let texts = (1...4).map { Self.addressSoup(seed: UInt64($0), length: 30_000, shortLines: true) }
        for (label, mutation) in mutations {
            let (fast, slow) = try engines(mutation)
            XCTAssertTrue(texts.contains { fast.scan(bytes: $0) != slow.scan(bytes: $0) }, "\(label) went unnoticed")
        }
    }

    /// The vector literal search against a byte-by-byte reference: literals of different
    /// lengths (a later end can start earlier), one byte long, straddling 4 KiB chunks, with
    /// windows starting and ending anywhere.
    func testLiteralFinderAgreesWithAByteByByteSearch() throws {
        let filter = RuleLineFilter(literals: [Array("로".utf8), Array("길".utf8), Array("ab".utf8), Array("xyzab".utf8), Array("yz".utf8), Array("%".utf8)], digitWithin: 3)
        let finder = try XCTUnwrap(LiteralFinder(filter))
        func reference(_ text: [UInt8], from: Int, limit: Int, filter: RuleLineFilter = filter) -> Int? {
            for start in from..<max(from, limit) {
                for literal in filter.literals where start + literal.count <= text.count && Array(text[start..<(start + literal.count)]) == literal {
                    guard let digitWithin = filter.digitWithin else { return start }
                    var digit = start + literal.count
                    let digitEnd = min(text.count, digit + digitWithin + 1)
                    while digit < digitEnd && text[digit] &- 0x30 > 9 && text[digit] != 0x0A { digit += 1 }
                    if digit < digitEnd && text[digit] &- 0x30 <= 9 { return start }
                }
            }
            return nil
        }
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let pieces = ["로", "길", "ab", "xyz", "xyzab", "%", "1", "22", " ", "\n", "가", "동", "b", "a", "으로 ", "x"]
        /// Random text of the pieces: long (straddling 4 KiB chunks) in the first rounds.
        func text(round: Int) -> [UInt8] {
            var text = ""
            let length = round < 4 ? 9000 : next(600) + 1
            while text.utf8.count < length { text += pieces[next(pieces.count)] }
            return Array(text.utf8)
        }
        var found = 0
        for round in 0..<40 {
            let bytes = text(round: round)
            for _ in 0..<25 {
                let from = next(bytes.count)
                let limit = from + next(bytes.count - from + 1)
                let expected = reference(bytes, from: from, limit: limit)
                let actual = bytes.withUnsafeBytes { finder.first(in: $0, from: from, limit: limit) }
                XCTAssertEqual(actual, expected, "round \(round), \(from)..<\(limit)")
                if expected != nil { found += 1 }
            }
        }
        XCTAssertGreaterThan(found, 200, "the text holds qualifying literals")
        XCTAssertNil(LiteralFinder(RuleLineFilter(literals: [], digitWithin: 3)))

        // One pass handing over every start in order, the caller skipping ahead by any amount
        // (within a literal's length, where starts passed over must be looked for again, or
        // far): the same starts as asking `first` again from where the caller goes on. Also with
        // the address rule's literals (one length: each start is handed over as soon as found).
        var handed = 0
        let sameLength = RuleLineFilter(literals: [Array("로".utf8), Array("길".utf8)], digitWithin: 8)
        // No digit needed: every literal qualifies (the English address rule).
        let anyLiteral = RuleLineFilter(literals: [Array("ab".utf8), Array("xyzab".utf8), Array("동".utf8)], digitWithin: nil)
        // The same through the marks computed once for all three filters (``WindowMasks``).
        let twoByteFilter = RuleLineFilter(literals: filter.literals.filter { $0.count >= 2 }, digitWithin: 3)
        let pairs = [
            (twoByteFilter, try XCTUnwrap(LiteralFinder(twoByteFilter))), (sameLength, try XCTUnwrap(LiteralFinder(sameLength))),
            (anyLiteral, try XCTUnwrap(LiteralFinder(anyLiteral))),
        ]
        let window = try XCTUnwrap(WindowMasks(pairs.map(\.0), bufferSize: 16384))
        XCTAssertNil(WindowMasks([sameLength], bufferSize: 16384), "one filter: nothing to share")
        XCTAssertNil(WindowMasks([filter, sameLength], bufferSize: 16384), "a one-byte literal")
        for (filter, finder, shared) in [
            (filter, finder, nil), (sameLength, try XCTUnwrap(LiteralFinder(sameLength)), nil),
            (anyLiteral, try XCTUnwrap(LiteralFinder(anyLiteral)), nil),
        ] + pairs.map({ ($0.0, $0.1, window) }) {
            for round in 0..<40 {
                let bytes = text(round: round)
                for _ in 0..<10 {
                    let from = next(bytes.count)
                    let limit = from + next(bytes.count - from + 1)
                    var expected: [Int] = []
                    var skips: [Int] = []
                    var position = from
                    while let start = reference(bytes, from: position, limit: limit, filter: filter), expected.count < 50 {
                        expected.append(start)
                        let skip = [1, 2, 3, next(8) + 1, next(300) + 1][next(5)]
                        skips.append(skip)
                        position = start + skip
                    }
                    var actual: [Int] = []
                    bytes.withUnsafeBytes { buffer in
                        shared?.invalidate()
                        shared?.prepare(buffer, from: from)
                        finder.forEach(in: buffer, from: from, limit: limit, shared: shared) { start in
                            actual.append(start)
                            guard actual.count <= skips.count, actual.count < 50 else { return nil }
                            return start + skips[actual.count - 1]
                        }
                    }
                    XCTAssertEqual(actual, expected, "round \(round), \(from)..<\(limit), skips \(skips)")
                    handed += expected.count
                }
            }
        }
        XCTAssertGreaterThan(handed, 1000, "many starts were handed over")
    }

    func testLineFilterIsParsedAndValidated() throws {
        let rules = try RuleFileParser.parse(
            "[[rules]]\nid = \"a\"\ncategory = \"c\"\nregex = '로 [0-9]'\n[rules.lines]\nliterals = [\"로\", \"ab\"]\ndigit_within = 3\n",
            source: "f")
        XCTAssertEqual(rules[0].lines, RuleLineFilter(literals: [Array("로".utf8), Array("ab".utf8)], digitWithin: 3))
        let noDigit = try RuleFileParser.parse(
            "[[rules]]\nid = \"a\"\ncategory = \"c\"\nregex = 'ab'\n[rules.lines]\nliterals = [\"ab\"]\n", source: "f")
        XCTAssertEqual(noDigit[0].lines, RuleLineFilter(literals: [Array("ab".utf8)], digitWithin: nil))
        for bad in ["literals = []\ndigit_within = 1", "literals = [\"a\"]\ndigit_within = 1", "literals = [\"ab\"]\ndigit_within = \"3\"",
                    "literals = [\"ab\"]\ndigit_within = 99", "literals = [\"ab\"]\ndigit_within = 1\nextra = 2"] {
            XCTAssertThrowsError(
                try RuleFileParser.parse("[[rules]]\nid = \"m\"\ncategory = \"c\"\nregex = 'a'\n[rules.lines]\n\(bad)\n", source: "f"),
                bad)
        }
    }
}
