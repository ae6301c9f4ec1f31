import PCRE2
import PIIRules
import XCTest

@testable import PIIScan

/// ``MatchAlphabet`` reads the characters a rule's matches can consist of from its regex; it
/// must never leave one out (``DecodedScanEquivalenceTests`` shows what that would cost).
final class MatchAlphabetTests: XCTestCase {
    private func builtInDetectors() throws -> [Detector] { try RuleSet.builtIn().rules.map { try Detector(rule: $0) } }

    func testEveryBuiltInRuleHasAnAlphabet() throws {
        for detector in try builtInDetectors() {
            XCTAssertNotNil(detector.alphabet, detector.rule.id)
        }
    }

    func testAlphabetsOfPatterns() throws {
        func members(_ pattern: String, caseless: Bool = false) -> String? {
            guard let alphabet = MatchAlphabet.of(pattern: pattern, caseless: caseless) else { return nil }
            return String(String.UnicodeScalarView((0..<0x80).compactMap { alphabet.contains($0) ? UnicodeScalar($0) : nil }))
                + alphabet.ranges.map { "[\($0.lowerBound)-\($0.upperBound)]" }.joined()
        }
        XCTAssertEqual(members("(?<![0-9])[0-9]{2}-?[a-c](?![A-Z])"), "-0123456789abc")
        XCTAssertEqual(members(#"\d\t\.\+\(x\)|y{2,}?z{3}"#), "\t()+.0123456789xyz")
        XCTAssertEqual(members("(?:a|b)+(?=cd)(?<=e)(?!f)(?<!g)(?<n>h)(?P<m>i)(?'o'j)(?>k)"), "abhijk")
        XCTAssertEqual(members("[-a]x[a-]y[]z]"), "-]axyz")
        XCTAssertEqual(members(#"[\d\-\]]\x41\x{FF0D}"#), "-0123456789A][65293-65293]")
        XCTAssertEqual(members("[가-힣]{1,3}(?:시|군)"), "[44032-55203]")
        XCTAssertEqual(members(#"[\x{FFF0}-\x{10010}]\x{1F600}[\x{80}-\x{BF}]é"#), "[128-191][233-233][65520-65552][128512-128512]")
        XCTAssertEqual(members("a{,3}"), ",3a{}")  // `{,3}` is literal in some PCRE2 versions: both readings
        XCTAssertEqual(members("{2}"), "2{}")
        XCTAssertEqual(members(#"\bab\B"#), "ab")
        XCTAssertEqual(members("Ab", caseless: true), "ABab[128-1114111]")
        for unknown in [".", "[^a]", #"\p{L}"#, #"\D"#, #"\W"#, #"\S"#, #"\h"#, #"\v"#, #"\R"#, #"\N"#, #"\X"#, #"\C"#,
            #"(a)\1"#, #"\K"#, #"\Q.\E"#, "(?i)a", "(?x)a", "(?(1)a|b)", "(?R)", "(*UTF)a", "[[:alpha:]]", "(a", "a)",
            "[a", #"[\b]"#, #"\0"#, #"\g1"#, #"\k<n>"#, #"\cA"#, "[z-a]"]
        {
            XCTAssertNil(members(unknown), unknown)
        }
    }

    /// Every match of a built-in rule in its own examples consists of characters of its alphabet.
    func testBuiltInAlphabetsHoldTheirRulesMatches() throws {
        for detector in try builtInDetectors() {
            let alphabet = try XCTUnwrap(detector.alphabet)
            let match = MatchData(for: detector.regex)
            for example in detector.rule.tests.positives + detector.rule.tests.negatives {
                let bytes = Array(example.utf8)
                bytes.withUnsafeBytes { subject in
                    var position = 0
                    while let found = try? match.firstMatch(in: subject, from: position), !found.isEmpty {
                        let text = String(decoding: bytes[found], as: UTF8.self)
                        for scalar in text.unicodeScalars {
                            XCTAssertTrue(alphabet.contains(scalar.value), "\(detector.rule.id): \(text) holds \(scalar)")
                        }
                        position = found.upperBound
                    }
                }
            }
        }
    }
}
