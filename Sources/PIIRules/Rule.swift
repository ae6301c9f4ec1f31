import PIIModel

/// One detection rule, as written in a `rules/*.toml` file.
public struct Rule: Sendable, Equatable {
    /// Stable id (`kr-rrn`); a user rule with the same id replaces the built-in one.
    public var id: String
    /// Category reported for its findings (a validator may refine it, e.g. to `kr-frn`).
    public var category: Category
    public var description: String
    /// PCRE2 pattern. Must not match across a line break (use `\h`, not `\s`).
    public var regex: String
    /// Name of a built-in validator (`kr-rrn`, `email`, …), or `nil` for a regex-only rule.
    public var validator: String?
    /// Words near a match (same line) that raise confidence. ASCII words match case-insensitively
    /// on word boundaries; Hangul words match as substrings.
    public var keywords: [String]
    /// Words near a match that lower confidence (`barcode`, `order_no`, `timestamp`).
    public var negativeKeywords: [String]
    /// Base confidence for regex-only rules (validators compute their own).
    public var confidence: Double
    /// Match case-insensitively.
    public var caseless: Bool
    /// Optional prefilter: the regex runs only near these bytes (see ``RulePrefilter``).
    public var prefilter: RulePrefilter?
    /// Optional start filter: the regex runs only where a match can start (see ``RuleStartFilter``).
    public var start: RuleStartFilter?
    /// Optional line filter: the regex runs only on lines that can hold a match (see ``RuleLineFilter``).
    public var lines: RuleLineFilter?
    /// The rule's own examples.
    public var tests: RuleTests
    /// Where the rule came from (`builtin:kr-rrn.toml` or a file path), for error messages.
    public var source: String

    public init(
        id: String, category: Category, description: String = "", regex: String, validator: String? = nil,
        keywords: [String] = [], negativeKeywords: [String] = [], confidence: Double = 0.5,
        caseless: Bool = false, prefilter: RulePrefilter? = nil, start: RuleStartFilter? = nil,
        lines: RuleLineFilter? = nil, tests: RuleTests = RuleTests(), source: String = "")
    {
        self.id = id
        self.category = category
        self.description = description
        self.regex = regex
        self.validator = validator
        self.keywords = keywords
        self.negativeKeywords = negativeKeywords
        self.confidence = confidence
        self.caseless = caseless
        self.prefilter = prefilter
        self.start = start
        self.lines = lines
        self.tests = tests
        self.source = source
    }
}

/// Examples that a rule must get right; run by `swift test` and `piiscan rules test`.
public struct RuleTests: Sendable, Equatable {
    /// Each must yield at least one finding of this rule at the default confidence threshold.
    public var positives: [String]
    /// None may yield a finding of this rule at the default confidence threshold.
    public var negatives: [String]
    /// Precise expectations (category, verdict, confidence range).
    public var expect: [RuleExpectation]

    public init(positives: [String] = [], negatives: [String] = [], expect: [RuleExpectation] = []) {
        self.positives = positives
        self.negatives = negatives
        self.expect = expect
    }

    public var count: Int { positives.count + negatives.count + expect.count }
}

/// One precise example: `{ text = "210315-3829174", category = "kr-rrn", verdict = "plausible" }`.
/// With `verdict = "rejected"` the text must yield no finding of the rule at all.
public struct RuleExpectation: Sendable, Equatable {
    public var text: String
    public var category: Category?
    public var verdict: Verdict?
    public var minConfidence: Double?
    public var maxConfidence: Double?

    public init(
        text: String, category: Category? = nil, verdict: Verdict? = nil, minConfidence: Double? = nil,
        maxConfidence: Double? = nil)
    {
        self.text = text
        self.category = category
        self.verdict = verdict
        self.minConfidence = minConfidence
        self.maxConfidence = maxConfidence
    }
}

/// A promise about every match of a rule that lets the engine skip the bytes around which no
/// match can start: each match starts with an ASCII byte and contains one of `bytes` at most
/// `within` bytes after its start (e-mail: `@` within 64 bytes). The engine then tries the
/// anchored regex only at the starts in `[anchor − within, anchor]` for each anchor byte, which
/// gives exactly the matches of a whole-buffer search while the promise holds.
public struct RulePrefilter: Sendable, Equatable {
    /// ASCII bytes of which every match contains at least one.
    public var bytes: [UInt8]
    /// Greatest distance from a match's start to its first anchor byte.
    public var within: Int

    public init(bytes: [UInt8], within: Int) {
        self.bytes = bytes
        self.within = within
    }
}

/// A promise about every match of a rule, written in its rule file as `[rules.lines]`: a match
/// lies within one line and contains one of `literals` followed, at most `digitWithin` bytes after
/// the literal's end, by an ASCII digit (a road-name address: `로` or `길`, then the building
/// number) — or, with no `digitWithin`, just one of `literals` (a romanised address: `ro,` or
/// `gil,` after its road). The engine then runs the regex only on the lines where that happens —
/// exactly the matches of a whole-buffer search while the promise holds.
///
/// With ``isContext`` (`context = true`) the literals are *context words* instead: a match need
/// not hold one, but its validator accepts it only with one of them on its line or in the name
/// of the column it sits in (a bank account needs `계좌`, `입금`, a bank's name … nearby). The
/// engine then runs the regex only on lines holding a literal — and everywhere in a CSV file,
/// database cell or SQL dump whose column names (or text so far) hold one — which gives exactly
/// the findings of a whole-buffer search while the validator keeps that promise.
public struct RuleLineFilter: Sendable, Equatable {
    /// Byte strings of which every match contains at least one (UTF-8, at least 2 bytes each);
    /// with ``isContext``, of which its line or column name contains one.
    public var literals: [[UInt8]]
    /// Most bytes between the end of such a literal and the next ASCII digit within the match;
    /// `nil` when a match need not hold a digit after its literal.
    public var digitWithin: Int?
    /// Whether the literals are context words around a match rather than part of it.
    public var isContext: Bool

    public init(literals: [[UInt8]], digitWithin: Int?, isContext: Bool = false) {
        self.literals = literals
        self.digitWithin = digitWithin
        self.isContext = isContext
    }
}
