import ArgumentParser
import PIIRules
import PIIScan

/// `piiscan rules list | test`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Show the rule set or run each rule's own examples.",
        subcommands: [List.self, Test.self])

    /// Without a subcommand: a usage error (exit 2), not help and exit 0, so that a script
    /// calling `piiscan rules` by mistake does not pass.
    func run() throws { throw fail("rules: missing subcommand (list or test); see `piiscan rules --help`") }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules (built-in plus --rules DIR).")
        @Option(help: "Directory of extra *.toml rule files.") var rules: String?

        func run() throws {
            let ruleSet: RuleSet
            do { ruleSet = try loadRules(rules) } catch { throw fail("rules: \(error)") }
            let header = ["ID", "CATEGORY", "VALIDATOR", "EXAMPLES", "SOURCE"]
            var rows = [header]
            for rule in ruleSet.rules {
                rows.append([rule.id, rule.category.rawValue, rule.validator ?? "-", String(rule.tests.count), rule.source])
            }
            let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max()! }
            for row in rows {
                print(zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                    .trimmingTrailingSpaces())
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's positive, negative and expected examples; exit 1 if any fails.")
        @Option(help: "Directory of extra *.toml rule files.") var rules: String?

        func run() throws {
            let ruleSet: RuleSet
            let results: [RuleTester.Result]
            do {
                ruleSet = try loadRules(rules)
                results = try RuleTester().run(ruleSet)
            } catch {
                throw fail("rules: \(error)")
            }
            var examples = 0
            var failures = 0
            for result in results {
                examples += result.examples
                failures += result.failures.count
                let status = result.failures.isEmpty ? "ok  " : "FAIL"
                print("\(status) \(result.ruleID) (\(result.examples) examples)")
                for failure in result.failures { print("     \(failure)") }
            }
            print("\(examples - failures) passed, \(failures) failed")
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
