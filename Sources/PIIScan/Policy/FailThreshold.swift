import PIIModel

/// Which reported findings make `piiscan scan` exit 1 (`--fail-on`, `fail_on` in
/// `.piiscan.toml`): a comma-separated list of terms.
///
/// - `any` (the default): every reported exposure (masked look-alikes never count);
///   `plausible` is the same (plausible is the lowest reported verdict);
/// - `confirmed`: only findings whose verdict is confirmed (a check digit or equally strong evidence);
/// - category names (`kr-rrn,kr-frn`): only findings of these categories (a masked category,
///   named explicitly, counts too);
/// - `none`: never exit 1 (the report still lists everything; input errors still exit 2).
///
/// A verdict term and categories combine: `confirmed,kr-rrn` fails on confirmed resident numbers.
public struct FailThreshold: Sendable, Equatable {
    public var never = false
    public var confirmedOnly = false
    /// Empty: any category.
    public var categories: Set<Category> = []

    public init() {}

    /// Parses the terms; `known` are the category names that exist (for errors).
    public init(terms: [String], known: Set<String>) throws(FailThresholdError) {
        let names = terms.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { throw FailThresholdError("empty (use any, plausible, confirmed, none or categories)") }
        for name in names {
            switch name {
            case "none": never = true
            case "any", "plausible": break
            case "confirmed": confirmedOnly = true
            default:
                guard known.contains(name) else {
                    throw FailThresholdError(
                        "unknown term '\(name)' (any, plausible, confirmed, none, or a category: \(known.sorted().joined(separator: ", ")))")
                }
                categories.insert(Category(name))
            }
        }
        if never && names.count > 1 { throw FailThresholdError("'none' cannot be combined with other terms") }
    }

    /// Whether a reported finding fails the scan.
    public func fails(_ finding: Finding) -> Bool {
        if never { return false }
        if confirmedOnly && finding.verdict != .confirmed { return false }
        if categories.isEmpty { return !finding.category.isMasked }
        // A category's partial exposures fail with it (`kr-rrn` covers `kr-rrn-partial`); its
        // masked look-alikes only when named.
        return categories.contains(finding.category)
            || (!finding.category.isMasked && categories.contains(finding.category.base))
    }
}

public struct FailThresholdError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
