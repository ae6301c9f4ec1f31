import Foundation
import XCTest

@testable import PIIRules

/// The binary embeds rules/*.toml; this fails when the embedded copy is stale
/// (fix: `python3 scripts/embed-rules.py`).
final class BuiltinRulesTests: XCTestCase {
    func testEmbeddedRulesMatchTheRulesDirectory() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let directory = root.appendingPathComponent("rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }
            .sorted()
        XCTAssertFalse(names.isEmpty)
        XCTAssertEqual(BuiltinRules.files.map(\.name), names, "run python3 scripts/embed-rules.py")
        for file in BuiltinRules.files {
            let onDisk = try String(contentsOf: directory.appendingPathComponent(file.name), encoding: .utf8)
            XCTAssertEqual(file.text, onDisk.trimmingCharacters(in: .newlines), "\(file.name) is stale: run python3 scripts/embed-rules.py")
        }
    }

    func testRulesWithoutExamplesAreTheSameRules() throws {
        let full = try RuleSet.builtIn().rules
        let lean = try RuleSet.builtIn(examples: false).rules
        XCTAssertTrue(lean.allSatisfy { $0.tests.count == 0 })
        XCTAssertEqual(lean, full.map { rule in
            var rule = rule
            rule.tests = RuleTests()
            return rule
        })
    }

    func testBuiltInRulesParseAndCoverEveryCategory() throws {
        let rules = try RuleSet.builtIn()
        try rules.validate()
        let categories = Set(rules.rules.map(\.category.rawValue))
        for category in ["kr-rrn", "kr-passport", "kr-driver-license", "kr-phone", "email", "kr-address", "credit-card"] {
            XCTAssertTrue(categories.contains(category), "no rule for \(category)")
        }
        for rule in rules.rules {
            XCTAssertGreaterThan(rule.tests.count, 0, "rule \(rule.id) has no examples")
        }
    }
}
