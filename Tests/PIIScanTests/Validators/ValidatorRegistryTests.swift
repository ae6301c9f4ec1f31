import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class ValidatorRegistryTests: XCTestCase {
    func testEveryNameResolves() {
        XCTAssertEqual(Set(ValidatorRegistry.names).count, ValidatorRegistry.names.count)
        for name in ValidatorRegistry.names {
            XCTAssertNotNil(ValidatorRegistry.validator(named: name), name)
        }
        XCTAssertNil(ValidatorRegistry.validator(named: "kr-vehicle-plate"))
        XCTAssertNil(ValidatorRegistry.validator(named: ""))
    }

    func testEveryBuiltInRuleUsesAKnownValidator() throws {
        let rules = try RuleSet.builtIn().rules
        let used = Set(rules.compactMap(\.validator))
        XCTAssertEqual(used, Set(ValidatorRegistry.names), "every validator has a rule and every rule a validator")
    }

    func testEmptyAndGarbageCandidatesAreRejected() {
        let garbage = ["", " ", "-", "@", "가", "\u{FFFD}", "0", "\u{00}\u{01}"]
        for name in ValidatorRegistry.names {
            guard let validator = ValidatorRegistry.validator(named: name) else { continue }
            for text in garbage {
                XCTAssertNil(CandidateHelper.assess(validator, text), "\(name) accepted \(text.debugDescription)")
            }
        }
    }

    func testMaskedFormNeverContainsTheWholeValue() {
        let values: [(String, String)] = [
            ("kr-rrn", "900101-1234568"), ("kr-phone", "010-2345-6789"), ("email", "hong@naver.com"),
            ("credit-card", "4111-1111-1111-1111"), ("kr-passport", "M12345678"), ("kr-driver-license", "11-22-333333-44"),
            ("kr-address", "서울 강남구 역삼동 737-1"),
        ]
        for (name, value) in values {
            guard let validator = ValidatorRegistry.validator(named: name),
                let result = CandidateHelper.assess(validator, value)
            else { return XCTFail(name) }
            XCTAssertNotEqual(result.masked, value, name)
            XCTAssertTrue(result.masked.contains("*"), "\(name): \(result.masked)")
        }
    }

    /// Random inputs from the characters the rules match must never trap (bounds, overflow) and
    /// every accepted value must have a confidence in [0, 1] and a masked form.
    func testRandomInputsNeverTrap() {
        let alphabet: [String] = [
            "0", "1", "2", "5", "8", "9", "-", " ", ".", "(", ")", "+", "*", "x", "X", "#", "●", "－", "–", "@", ",",
            "a", "M", "z", "가", "시", "구", "동", "로", "길", "번지", "지하", "산", "서울", "강남구", "82", "010",
            "\u{FF}", ":", "/",
        ]
        var generator = SystemRandomNumberGenerator()
        for name in ValidatorRegistry.names {
            guard let validator = ValidatorRegistry.validator(named: name) else { continue }
            for _ in 0..<3000 {
                let length = Int.random(in: 1...24, using: &generator)
                let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                let context = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                guard let result = CandidateHelper.assess(validator, text, before: context, after: context) else { continue }
                XCTAssertTrue((0...1).contains(result.confidence), "\(name) \(text)")
                XCTAssertFalse(result.masked.isEmpty, "\(name) \(text)")
                XCTAssertGreaterThanOrEqual(result.trimEnd, 0)
                XCTAssertLessThanOrEqual(result.trimEnd, text.utf8.count)
            }
        }
    }
}
