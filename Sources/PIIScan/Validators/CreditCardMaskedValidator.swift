import PIIModel

/// Masked card numbers as printed on receipts and by payment gateways (`1234-56**-****-3456`,
/// `411111******1111`, `****-****-****-1111`), reported as `credit-card-masked` (never counted
/// as a PAN). Needs 15–19 positions, at least four mask characters (`* x X # ●`) and at least four
/// visible digits, masked with one character in one stretch after at most the first eight digits
/// (and, as Toss Payments masks them, the last position: `43301234****123*`);
/// a `0x` followed by a digit is a hex literal, not a mask. Scores: 0.6 (0.4 when
/// the first digit is hidden: only the last four are known); +0.2 keyword; −0.4 negative keyword.
/// The display never shows more than the first 6 and last 4 digits.
public struct CreditCardMaskedValidator: Validator {
    public init() {}

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        var slots = SIMD32<UInt8>(repeating: 0xFF)
        var count = 0
        var masks = 0
        var maskByte: UInt8 = 0  // the first mask character's first byte
        var maskRuns = 0  // runs of masked positions (separators do not end one)
        var leadingDigits = 0  // digits shown before the first mask
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard count < 32 else { return nil }
                slots[count] = byte - 0x30
                if masks == 0 { leadingDigits += 1 }
                count += 1
                index += 1
                continue
            }
            let maskLength = ValidatorSupport.maskLength(bytes, at: index)
            if maskLength > 0 {
                guard count < 32 else { return nil }
                // A receipt masks with one character, in one stretch, after at most the first
                // eight digits (PCI DSS: the BIN): `474999819*x**14` (a polynomial's term) and
                // `1876#0#0#*#0#93` (a format string) are no card numbers.
                if masks == 0 {
                    maskByte = byte
                    guard leadingDigits <= 8 else { return nil }
                } else if byte != maskByte {
                    return nil
                }
                if count == 0 || slots[count - 1] != 0xFF { maskRuns += 1 }
                // A second stretch only as Toss Payments' last position (`43301234****123*`).
                guard maskRuns <= 2 else { return nil }
                count += 1
                masks += 1
                index += maskLength
            } else if ValidatorSupport.isBlank(byte) {
                index += 1
            } else {
                let dash = ValidatorSupport.dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                index += dash
            }
        }
        // A mask hides at least four digits (fewer would leave the number all but readable; a lone
        // `#` between digits is a URL fragment or a number sign: `…/2008444#2008444`).
        guard (15...19).contains(count), masks >= 4, count - masks >= 4 else { return nil }
        // `x` after a lone `0` followed by a digit is a hex literal, not a mask (`0x00 0x08 0x10
        // 0x18`, a byte table in C source).
        for index in 1..<max(1, bytes.count - 1) where bytes[index] | 0x20 == 0x78 && bytes[index - 1] == 0x30
            && ValidatorSupport.isDigit(bytes[index + 1]) && (index == 1 || !ValidatorSupport.isDigit(bytes[index - 2]))
        {
            return nil
        }
        // The last group must show digits (receipts keep the last four), except for the one
        // position Toss Payments masks after three digits (`43301234****123*`).
        if maskRuns == 2 {
            guard slots[count - 1] == 0xFF, slots[count - 2] != 0xFF, slots[count - 3] != 0xFF, slots[count - 4] != 0xFF
            else { return nil }
        } else {
            guard slots[count - 1] != 0xFF else { return nil }
        }
        if ValidatorSupport.followsDottedNumber(candidate.before) { return nil }

        var confidence = slots[0] == 0xFF ? 0.4 : 0.6
        if candidate.hasKeyword { confidence += 0.2 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        var display: [UInt8] = []
        var canonical: [UInt8] = []
        var slot = 0
        index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let maskLength = ValidatorSupport.maskLength(bytes, at: index)
            if ValidatorSupport.isDigit(byte) || maskLength > 0 {
                let value = slots[slot]
                canonical.append(value == 0xFF ? 0x2A : value + 0x30)
                let shown = value != 0xFF && (slot < 6 || slot >= count - 4)
                display.append(shown ? value + 0x30 : 0x2A)
                slot += 1
                index += max(maskLength, 1)
            } else {
                display.append(byte)
                index += 1
            }
        }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence),
            category: Category("credit-card-masked"), canonical: canonical, masked: ValidatorSupport.string(display))
    }
}
