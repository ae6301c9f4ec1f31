import PIIModel
import PIIRules

/// Runs every rule's own examples (`[rules.tests]`), each rule on its own.
public struct RuleTester {
    /// One failed example.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var ruleID: String
        public var kind: String
        public var text: String
        public var detail: String
        public var description: String { "\(ruleID): \(kind) \(quoted(text)): \(detail)" }

        private func quoted(_ text: String) -> String { "\"" + text + "\"" }
    }

    /// Outcome for one rule.
    public struct Result: Sendable {
        public var ruleID: String
        public var examples: Int
        public var failures: [Failure]
    }

    public var today: CalendarDate

    public init(today: CalendarDate = ScanConfiguration.currentDate()) { self.today = today }

    /// Tests every rule of `rules`.
    public func run(_ rules: RuleSet) throws(RuleFileError) -> [Result] {
        var results: [Result] = []
        for rule in rules.rules { results.append(try run(rule)) }
        return results
    }

    /// Tests one rule.
    public func run(_ rule: Rule) throws(RuleFileError) -> Result {
        var reporting = ScanConfiguration()
        reporting.threads = 1
        reporting.today = today
        reporting.fingerprinter = Fingerprinter(secret: Array("rule-tests".utf8))
        var everything = reporting
        everything.minConfidence = 0
        let single = RuleSet(rules: [rule])
        let atDefault = try ScanEngine(configuration: reporting, rules: single)
        let atZero = try ScanEngine(configuration: everything, rules: single)

        var failures: [Failure] = []
        func describe(_ findings: [Finding]) -> String {
            findings.isEmpty
                ? "no finding"
                : findings.map { "\($0.category) \($0.verdict) \($0.confidence) at \($0.column)" }.joined(separator: "; ")
        }
        for text in rule.tests.positives {
            let found = atDefault.scan(text: text)
            if found.isEmpty {
                failures.append(Failure(
                    ruleID: rule.id, kind: "positive", text: text,
                    detail: "expected a finding with confidence ≥ 0.5, got \(describe(atZero.scan(text: text)))"))
            }
        }
        for text in rule.tests.negatives {
            let found = atDefault.scan(text: text)
            if !found.isEmpty {
                failures.append(Failure(ruleID: rule.id, kind: "negative", text: text, detail: "unexpected \(describe(found))"))
            }
        }
        for expectation in rule.tests.expect {
            let found = atZero.scan(text: expectation.text)
            if expectation.verdict == .rejected {
                if !found.isEmpty {
                    failures.append(Failure(
                        ruleID: rule.id, kind: "expect rejected", text: expectation.text, detail: "got \(describe(found))"))
                }
                continue
            }
            let satisfied = found.contains { finding in
                (expectation.category.map { $0 == finding.category } ?? true)
                    && (expectation.verdict.map { $0 == finding.verdict } ?? true)
                    && (expectation.minConfidence.map { finding.confidence >= $0 - 1e-9 } ?? true)
                    && (expectation.maxConfidence.map { finding.confidence <= $0 + 1e-9 } ?? true)
            }
            if !satisfied {
                var wanted: [String] = []
                if let category = expectation.category { wanted.append(category.rawValue) }
                if let verdict = expectation.verdict { wanted.append(verdict.rawValue) }
                if let low = expectation.minConfidence { wanted.append("≥ \(low)") }
                if let high = expectation.maxConfidence { wanted.append("≤ \(high)") }
                failures.append(Failure(
                    ruleID: rule.id, kind: "expect", text: expectation.text,
                    detail: "wanted \(wanted.joined(separator: " ")), got \(describe(found))"))
            }
        }
        return Result(ruleID: rule.id, examples: rule.tests.count, failures: failures)
    }
}
