import PIIModel

/// Korean passport numbers (여권번호, spec §4.1): type letter `M S R G D O` + 8 digits (old) or
/// + 3 digits, a letter, 4 digits (from 2021-12-21). No check digit is printed.
///
/// Scores: 0.3 old / 0.4 new format; +0.4 keyword; −0.4 negative keyword. Lower-case letters are
/// accepted only with a passport keyword, and then at most 0.45 (tier L: upper case only for
/// tiers M and H). Bodies of one repeated digit are rejected.
public struct PassportValidator: Validator {
    public init() {}

    static let typeLetters: Set<UInt8> = Set("MSRGDO".utf8)

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard bytes.count == 9 else { return nil }
        var hasLowercase = false
        func up(_ byte: UInt8) -> UInt8 {
            if byte &- 0x61 < 26 { hasLowercase = true; return byte - 0x20 }
            return byte
        }
        guard PassportValidator.typeLetters.contains(up(bytes[0])) else { return nil }
        let isNewFormat: Bool
        if ValidatorSupport.isASCIILetter(bytes[4]) {
            _ = up(bytes[4])
            isNewFormat = true
        } else {
            isNewFormat = false
        }
        var firstDigit: UInt8 = 0xFF
        var allSame = true
        for index in 1..<9 where !(isNewFormat && index == 4) {
            let byte = bytes[index]
            guard ValidatorSupport.isDigit(byte) else { return nil }
            if firstDigit == 0xFF { firstDigit = byte } else if byte != firstDigit { allSame = false }
        }
        guard !allSame else { return nil }
        // The second line of a passport's machine-readable zone (the regex lets a number glued
        // to a digit through only there): ICAO 9303 check digits back it.
        if let first = candidate.after.first, ValidatorSupport.isDigit(first) {
            guard !hasLowercase, PassportValidator.isKoreanMRZ(number: bytes, after: candidate.after) else { return nil }
            return assessment(bytes, confidence: 0.9)
        }
        let travelRecord = PassportValidator.travelRecordContext(before: candidate.before)
        if travelRecord == .foreign { return nil }
        if hasLowercase && !candidate.hasKeyword { return nil }

        var confidence = isNewFormat ? 0.4 : 0.3
        // A keyword, or the document field of an airline's record (`SSR DOCS … P/KOR/M12345678/`,
        // an EDIFACT `DOC+P:…+M12345678'`), which says the same.
        if candidate.hasKeyword || travelRecord == .korean { confidence += 0.4 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }
        // Spec §4.1: upper case only for tier M/H; lower case, only with a keyword, is tier L.
        if hasLowercase { confidence = min(confidence, 0.45) }

        return assessment(bytes, confidence: confidence)
    }

    private func assessment(_ bytes: UnsafeRawBufferPointer, confidence: Double) -> Assessment {
        var upper: [UInt8] = []
        upper.reserveCapacity(9)
        for index in 0..<9 { upper.append(ValidatorSupport.isASCIILetter(bytes[index]) ? bytes[index] & ~0x20 : bytes[index]) }
        var display: [UInt8] = [upper[0]]
        display += [UInt8](repeating: 0x2A, count: 6)
        display += upper[7..<9]
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: .passport,
            canonical: upper, masked: ValidatorSupport.string(display))
    }

    /// The ICAO 9303 check digit of `bytes` (digits as themselves, `A`–`Z` as 10–35, `<` as 0;
    /// weights 7, 3, 1 repeating), or nil for another byte.
    static func icaoCheckDigit(_ bytes: some Collection<UInt8>) -> Int? {
        var sum = 0
        for (index, byte) in bytes.enumerated() {
            let value: Int
            if ValidatorSupport.isDigit(byte) {
                value = Int(byte - 0x30)
            } else if byte >= 0x41 && byte <= 0x5A {
                value = Int(byte - 0x41) + 10
            } else if byte == 0x3C {
                value = 0
            } else {
                return nil
            }
            sum += value * (index % 3 == 0 ? 7 : index % 3 == 1 ? 3 : 1)
        }
        return sum % 10
    }

    /// Whether `number` and the bytes after it are the start of a Korean passport's second MRZ
    /// line: the number's check digit, `KOR`, a birth date and its check digit, the sex, an
    /// expiry date and its check digit (`M422328043KOR7906271M2906140<<<…`).
    static func isKoreanMRZ(number: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer) -> Bool {
        guard after.count >= 19, icaoCheckDigit(number) == Int(after[0]) - 0x30,
            after[1] == 0x4B, after[2] == 0x4F, after[3] == 0x52  // KOR
        else { return false }
        let birth = after[4..<10]
        let expiry = after[12..<18]
        let sex = after[11]
        return icaoCheckDigit(birth) == Int(after[10]) - 0x30 && icaoCheckDigit(expiry) == Int(after[18]) - 0x30
            && birth.allSatisfy(ValidatorSupport.isDigit) && expiry.allSatisfy(ValidatorSupport.isDigit)
            && (sex == 0x4D || sex == 0x46 || sex == 0x3C || sex == 0x58)
    }

    enum TravelRecord { case none, korean, foreign }

    /// Whether the match is the document number of an airline's passenger record: after
    /// `P/KOR/` in an `SSR DOCS` element (`P/` and another issuing state: not a Korean passport),
    /// or after `DOC+P` and its qualifiers in an EDIFACT PAXLST segment (`DOC+P:110:111+`).
    static func travelRecordContext(before: UnsafeRawBufferPointer) -> TravelRecord {
        let count = before.count
        if count >= 6, before[count - 1] == 0x2F, before[count - 5] == 0x2F, before[count - 6] == 0x50,
            (count == 6 || !ValidatorSupport.isASCIIAlphanumeric(before[count - 7])),
            (count - 4..<count - 1).allSatisfy({ before[$0] >= 0x41 && before[$0] <= 0x5A })
        {
            return before[count - 4] == 0x4B && before[count - 3] == 0x4F && before[count - 2] == 0x52 ? .korean : .foreign
        }
        guard count >= 6, before[count - 1] == 0x2B else { return .none }
        var index = count - 2
        while index >= 0, count - index <= 24, ValidatorSupport.isDigit(before[index]) || before[index] == 0x3A || before[index] == 0x2B {
            index -= 1
        }
        // `DOC+P` then `:`/`+` qualifiers: `index` is at the `P`.
        guard index >= 4, before[index] == 0x50, before[index - 1] == 0x2B,
            before[index - 4] == 0x44, before[index - 3] == 0x4F, before[index - 2] == 0x43,
            index + 1 == count - 1 || before[index + 1] == 0x3A || before[index + 1] == 0x2B
        else { return .none }
        return .korean
    }
}
