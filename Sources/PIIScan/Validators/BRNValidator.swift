import PIIModel

/// Korean business registration numbers (사업자등록번호, spec §8.3) that identify a person: the
/// numbers of sole proprietors (type codes 01–80 and 90–99). A corporation's number (81–89) is
/// not personal data and is not reported.
///
/// A number is valid when its tax office (digits 1–3) is at least 101, its type code (digits
/// 4–5) is not 00, its serial (digits 6–9) is not 0000 and its check digit (10) is right — both
/// the `stdnum` checks and the checksum, as the spec asks. BRN-shaped numbers are common in
/// business data without being BRNs (order and product numbers), so a number is reported only
/// with a BRN keyword (`사업자등록번호`, `상호`, `biz_no` …) on its line or in its column's name,
/// and no nearer negative keyword (`계좌`, `주문번호`, `연락처` …): 0.9 `confirmed` written
/// `123-45-67890`, 0.8 as ten bare digits.
public struct BRNValidator: Validator {
    public init() {}

    /// The check digit's weights (spec §8.3: `k`; the ninth digit also adds ⌊5·d9 / 10⌋).
    private static let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]

    /// Whether ten digits form a valid business registration number.
    static func isValid(_ digits: DigitBuffer) -> Bool {
        guard digits.count == 10, digits.number(0, 3) >= 101, digits.number(3, 2) != 0, digits.number(5, 4) != 0 else {
            return false
        }
        var sum = 0
        for index in 0..<9 { sum += weights[index] * Int(digits[index]) }
        sum += 5 * Int(digits[8]) / 10
        return (10 - sum % 10) % 10 == Int(digits[9])
    }

    /// Whether a type code (digits 4–5) is a natural person's: 01–79 taxable sole proprietors,
    /// 80 non-business withholders and sales agents, 90–99 tax-exempt individuals.
    static func isPersonal(typeCode: Int) -> Bool { (1...80).contains(typeCode) || (90...99).contains(typeCode) }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard let (digits, dashes) = ValidatorSupport.digitsAndDashes(bytes) else { return nil }
        let separated = dashes > 0
        guard BRNValidator.isValid(digits), BRNValidator.isPersonal(typeCode: digits.number(3, 2)) else { return nil }
        // A column named for either number (`주민등록번호(사업자번호)`, a donation receipt's
        // register: a donor is a person or a business) holds a business's number when it has
        // one's shape: the resident number's word in its name is no negative one for it.
        let eitherColumn = BRNValidator.namesEitherNumber(candidate)
        guard eitherColumn || candidate.hasKeyword && !candidate.negativeKeywordLabelsValue else { return nil }
        // A keyword far along the line names something else (a header's `상호` before a table row).
        if let distance = candidate.keywordDistance, distance > BRNValidator.keywordReach { return nil }
        return Assessment(
            verdict: .confirmed, confidence: separated ? 0.9 : 0.8, category: .brn, canonical: digits.ascii(),
            masked: ValidatorSupport.maskingDigits(bytes, showing: 5, and: 0, of: digits.count))
    }

    /// Words of a column that names a business registration number.
    static let columnWords = KeywordMatcher(["사업자", "biz_no", "bizno", "brn", "business_no", "businessno"])

    /// Whether the value's field or column is named for a business registration number *and* a
    /// resident number (the official receipt's `주민등록번호(사업자등록번호)`).
    static func namesEitherNumber(_ candidate: Candidate) -> Bool {
        guard candidate.field != nil || !candidate.extraContext.isEmpty else { return false }
        return candidate.fieldNameHas(columnWords) && candidate.fieldNameHas(RRNValidator.personNumberNameWords)
    }

    /// Most bytes between a keyword on the line and the number (about 20 Hangul syllables).
    static let keywordReach = 64
}
