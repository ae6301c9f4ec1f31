import PCRE2
import PIIModel
import PIIRules

/// A rule ready to run: its compiled regex, its validator and its keyword matchers.
/// Immutable and shared by all workers: a class, so that reading one for each candidate costs
/// one reference count instead of one per field of its rule.
public final class Detector: Sendable {
    public let rule: Rule
    let regex: Regex
    /// Anchored variant of `regex`: tried where a prefilter or a start filter allows a match, and
    /// inside a rejected match (a number that starts in it).
    let anchoredRegex: Regex?
    let validator: (any Validator)?
    /// The characters its matches consist of (nil when the regex is beyond ``MatchAlphabet``'s
    /// reader, or can match the empty string): the scan of decoded lines skips the rule on a line
    /// where no decoded character is in it.
    let alphabet: MatchAlphabet?
    let keywords: KeywordMatcher
    let negativeKeywords: KeywordMatcher

    /// Compiles `rule`.
    /// - Throws: ``RuleFileError`` naming the rule when the regex does not compile or the
    ///   validator is unknown.
    public init(rule: Rule) throws(RuleFileError) {
        self.rule = rule
        do {
            regex = try Regex(rule.regex, caseless: rule.caseless)
            anchoredRegex = try Regex(rule.regex, anchored: true, caseless: rule.caseless)
        } catch let error as PCRE2Error {
            throw RuleFileError(file: rule.source, ruleID: rule.id, message: "invalid regex: \(error)")
        } catch {
            throw RuleFileError(file: rule.source, ruleID: rule.id, message: "invalid regex: \(error)")
        }
        if let name = rule.validator {
            guard let validator = ValidatorRegistry.validator(named: name) else {
                throw RuleFileError(
                    file: rule.source, ruleID: rule.id,
                    message: "unknown validator '\(name)' (known: \(ValidatorRegistry.names.joined(separator: ", ")))")
            }
            self.validator = validator
        } else {
            validator = nil
        }
        alphabet = regex.minLength > 0 ? MatchAlphabet.of(pattern: rule.regex, caseless: rule.caseless) : nil
        keywords = KeywordMatcher(rule.keywords)
        negativeKeywords = KeywordMatcher(rule.negativeKeywords)
    }

    private init(copying detector: Detector, alphabet: MatchAlphabet?) {
        rule = detector.rule
        regex = detector.regex
        anchoredRegex = detector.anchoredRegex
        validator = detector.validator
        self.alphabet = alphabet
        keywords = detector.keywords
        negativeKeywords = detector.negativeKeywords
    }

    /// The same detector with another alphabet (tests show that a wrong one is noticed).
    func replacingAlphabet(_ alphabet: MatchAlphabet?) -> Detector { Detector(copying: self, alphabet: alphabet) }

    /// Validates one candidate; regex-only rules get the rule's base confidence adjusted by
    /// context (+0.2 keyword, −0.4 negative keyword) and a generic mask.
    func assess(_ candidate: Candidate) -> Assessment? {
        if let validator { return validator.assess(candidate) }
        var confidence = rule.confidence
        if candidate.hasKeyword { confidence += 0.2 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }
        let bytes = Array(candidate.match)
        return Assessment(
            verdict: .plausible, confidence: min(1, max(0, confidence)), canonical: bytes,
            masked: GenericMask.mask(bytes))
    }
}

/// Masks a value of unknown structure: keeps at most the first two and last two characters
/// of values longer than eight characters, and masks everything for shorter ones.
enum GenericMask {
    static func mask(_ bytes: [UInt8]) -> String {
        let characters = Array(String(decoding: bytes, as: UTF8.self))
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(2)) + String(repeating: "*", count: characters.count - 4)
            + String(characters.suffix(2))
    }
}
