import ArgumentParser
import PIIRules
import PIIScan

/// `piiscan`: finds Korean personal data in logs, exports and archives.
struct PiiScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "piiscan",
        abstract: "Find Korean personal data (resident numbers, phones, e-mails, addresses, cards …) in files.",
        discussion: """
            Exit codes: 0 nothing found; 1 findings at or above the failure threshold; 2 usage, \
            configuration or input error (an input that could not be read completely), which wins over 1.
            """,
        version: "0.1.0",
        subcommands: [
            ScanCommand.self, RulesCommand.self, EstimateCommand.self, MergeCommand.self, BaselineCommand.self,
            HookCommand.self,
        ],
        defaultSubcommand: ScanCommand.self)

    /// `piiscan scan …` parsed by `scan`'s own parser, or `nil` when the root parser must do it.
    ///
    /// A pre-commit hook runs `piiscan scan --staged` on every commit, and the root parser
    /// reflects over `scan`'s options three times (once for its own parse, twice to ask whether
    /// `scan`, the default subcommand, takes pass-through arguments): 20 M of a run's 105 M
    /// instructions. Help, `--version`, an unknown option or a failed validation return `nil`,
    /// so that the root parser reports them exactly as before (`USAGE: piiscan scan …`).
    static func parseScan(_ arguments: [String]) -> ScanCommand? {
        guard arguments.first == "scan" else { return nil }
        return (try? ScanCommand.parseAsRoot(Array(arguments.dropFirst()))) as? ScanCommand
    }
}

/// Loads the built-in rules, plus `--rules DIR` when given.
/// The built-in rules, merged with those of `directory`.
/// - Parameters:
///   - examples: keep the built-in rules' examples (`rules test` runs them; a scan does not).
///   - compile: compile every rule now, so that a bad regex or validator name is reported by
///     every command (a scan compiles them anyway, once).
func loadRules(_ directory: String?, examples: Bool = true, compile: Bool = true) throws(RuleFileError) -> RuleSet {
    var rules = try RuleSet.builtIn(examples: examples)
    if let directory { rules = rules.merging(try RuleSet.load(directory: directory)) }
    try rules.validate()
    if compile {
        for rule in rules.rules { _ = try Detector(rule: rule) }
    }
    return rules
}
