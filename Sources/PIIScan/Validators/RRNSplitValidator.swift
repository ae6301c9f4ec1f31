import PIIModel

/// A resident (or foreigner) registration number written in two parts with words between, as
/// people type it in a chat or an agent notes it from a call: `주민번호 앞자리 651204 뒷자리
/// 2673893`, `651204이고 뒤 7자리는 2673893` (spec §2.9 joins a front and a back part). The match
/// starts with the six front digits and ends with the seven back digits; they are joined
/// (`651204-2673893`) and assessed by ``RRNValidator`` as a dashed number with the match's
/// context, so dates, digit 7, the check digit and keywords count as for any resident number.
/// The display keeps the words and masks the back part after its first digit
/// (`651204 뒷자리 2******`).
public struct RRNSplitValidator: Validator {
    public init() {}

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard bytes.count >= 15 else { return nil }
        let backStart = bytes.count - 7
        var joined = [UInt8](repeating: UInt8(ascii: "-"), count: 14)
        for index in 0..<6 { joined[index] = bytes[index] }
        for index in 0..<7 { joined[7 + index] = bytes[backStart + index] }
        guard joined.allSatisfy({ $0 == UInt8(ascii: "-") || ValidatorSupport.isDigit($0) }) else { return nil }
        let assessment = joined.withUnsafeBytes { value in
            RRNValidator().assess(
                Candidate(
                    match: value, before: candidate.before, after: candidate.after, hasKeyword: candidate.hasKeyword,
                    hasNegativeKeyword: candidate.hasNegativeKeyword, today: candidate.today, field: candidate.field))
        }
        guard let assessment else { return nil }
        var display = Array(bytes)
        for index in (backStart + 1)..<bytes.count { display[index] = UInt8(ascii: "*") }
        return Assessment(
            verdict: assessment.verdict, confidence: assessment.confidence, category: assessment.category,
            canonical: assessment.canonical, masked: ValidatorSupport.string(display))
    }
}
