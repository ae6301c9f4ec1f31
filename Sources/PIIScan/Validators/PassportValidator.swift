import PIIModel

/// Korean passport numbers (여권번호, spec §4.1): type letter `M S R G D O` + 8 digits (old) or
/// + 3 digits, a letter, 4 digits (from 2021-12-21). No check digit is printed.
///
/// Scores: 0.3 old / 0.4 new format; +0.4 keyword; −0.4 negative keyword. Lower-case letters are
/// accepted only with a passport keyword. Bodies of one repeated digit are rejected.
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
        if hasLowercase && !candidate.hasKeyword { return nil }

        var confidence = isNewFormat ? 0.4 : 0.3
        if candidate.hasKeyword { confidence += 0.4 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

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
}
