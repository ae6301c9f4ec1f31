import PIIRules
import XCTest

@testable import PIIScan

/// Every built-in rule's own examples (`[rules.tests]` in rules/*.toml) — the same check as
/// `piiscan rules test`.
final class RuleExamplesTests: XCTestCase {
    func testEveryBuiltInRuleExamplePasses() throws {
        let results = try RuleTester().run(try RuleSet.builtIn())
        XCTAssertFalse(results.isEmpty)
        let examples = results.reduce(0) { $0 + $1.examples }
        XCTAssertGreaterThan(examples, 100, "the rule files should carry the spec's examples")
        for result in results {
            XCTAssertGreaterThan(result.examples, 0, "\(result.ruleID) has no examples")
            for failure in result.failures { XCTFail(failure.description) }
        }
    }

    func testTheTesterCatchesAWrongExample() throws {
        let rule = Rule(
            id: "t", category: .init("t"), regex: #"(?<![0-9])\d{4}(?![0-9])"#, confidence: 0.6,
            tests: RuleTests(
                positives: ["1234", "12345"], negatives: ["abc", "9999"],
                expect: [RuleExpectation(text: "1234", verdict: .confirmed), RuleExpectation(text: "x", verdict: .rejected)]))
        let result = try RuleTester().run(rule)
        XCTAssertEqual(result.examples, 6)
        XCTAssertEqual(result.failures.map(\.kind), ["positive", "negative", "expect"])
    }
}
