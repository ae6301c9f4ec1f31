import Foundation
import PIIModel

/// An ordered set of rules: the built-in rules, optionally extended or overridden by user rules.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// The rules compiled into the binary (from `rules/*.toml` at build time). Without
    /// `examples`, their `tests` are empty: a scan does not need them, and parsing them is most of
    /// the time it takes to read the rules.
    public static func builtIn(examples: Bool = true) throws(RuleFileError) -> RuleSet {
        var rules: [Rule] = []
        for file in BuiltinRules.files {
            rules += try RuleFileParser.parse(examples ? file.text : file.withoutExamples, source: "builtin:\(file.name)")
        }
        return RuleSet(rules: rules)
    }

    /// Loads every `*.toml` file of `directory` (sorted by name).
    public static func load(directory: String) throws(RuleFileError) -> RuleSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".toml") }.sorted()
        } catch {
            throw RuleFileError(file: directory, message: "cannot read rules directory: \(error.localizedDescription)")
        }
        if names.isEmpty { throw RuleFileError(file: directory, message: "no *.toml rule files in this directory") }
        var rules: [Rule] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuleFileError(file: path, message: "cannot read file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleFileError(file: path, message: "not valid UTF-8")
            }
            rules += try RuleFileParser.parse(text, source: path)
        }
        return RuleSet(rules: rules)
    }

    /// Adds `other`'s rules; a rule whose id already exists replaces it in place.
    public func merging(_ other: RuleSet) -> RuleSet {
        var merged = rules
        for rule in other.rules {
            if let index = merged.firstIndex(where: { $0.id == rule.id }) {
                merged[index] = rule
            } else {
                merged.append(rule)
            }
        }
        return RuleSet(rules: merged)
    }

    /// Checks that ids are unique.
    public func validate() throws(RuleFileError) {
        var seen: [String: String] = [:]
        for rule in rules {
            if let first = seen[rule.id] {
                throw RuleFileError(file: rule.source, ruleID: rule.id, message: "duplicate rule id (first defined in \(first))")
            }
            seen[rule.id] = rule.source
        }
    }
}
