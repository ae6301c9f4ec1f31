import PIIModel

/// Masked e-mail addresses (`h***@naver.com`, `ho**dong@daum.net`), reported as `email-masked`
/// (never counted as an exposure). The local part must contain `*` and at least one visible
/// character; the domain must pass the same TLD and placeholder checks as ``EmailValidator``.
/// One or two `*` in front of an otherwise unmasked address, closed by a `*` later on the line,
/// are Markdown emphasis (`*hong@naver.com*`), not a mask: the `email` rule reports that
/// address. Without the closing star (`*ong@naver.com`) they mask.
/// Scores: 0.6; +0.2 keyword; −0.4 negative keyword.
public struct EmailMaskedValidator: Validator {
    public init() {}

    static let category = Category("email-masked")

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard let parsed = EmailValidator.parse(bytes) else { return nil }
        var stars = 0
        var visible = 0
        for index in 0..<parsed.at {
            if bytes[index] == 0x2A { stars += 1 } else { visible += 1 }
        }
        guard stars > 0, visible > 0 else { return nil }
        // All of them leading, then what an address starts with, and closed later: emphasis.
        if stars <= 2, bytes[0] == 0x2A, bytes[stars - 1] == 0x2A, ValidatorSupport.isASCIIAlphanumeric(bytes[stars]),
            EmailValidator.isEmphasisClosed(after: candidate.after)
        {
            return nil
        }
        let domain = (parsed.at + 1)..<parsed.end
        for suffix in EmailValidator.placeholderDomains {
            if domain.count >= suffix.count,
                ValidatorSupport.equalsIgnoringASCIICase(bytes, (domain.upperBound - suffix.count)..<domain.upperBound, suffix),
                domain.count == suffix.count || bytes[domain.upperBound - suffix.count - 1] == 0x2E
            {
                return nil
            }
        }

        var confidence = 0.6
        if candidate.hasKeyword { confidence += 0.2 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(parsed.end)
        for index in 0..<parsed.end { canonical.append(ValidatorSupport.lowercased(bytes[index])) }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: EmailMaskedValidator.category,
            canonical: canonical, masked: EmailValidator.masked(bytes, keepFirst: bytes[0] != 0x2A, at: parsed.at, end: parsed.end),
            trimEnd: bytes.count - parsed.end)
    }
}
