import PIIModel

/// Masked Korean phone numbers (`010-****-5678`, `010-12**-5678`, `02-***-1234`,
/// `+82 10-****-5678`), reported as `kr-phone-masked` (never counted as an exposure).
///
/// The area code must be a personal one (as in ``PhoneValidator``) and fully visible; at least
/// one mask character and at least two visible digits after the area code are required.
/// Scores: 0.6; +0.2 keyword; −0.4 negative keyword.
public struct PhoneMaskedValidator: Validator {
    public init() {}

    static let mask: UInt8 = 0xFF
    static let category = Category("kr-phone-masked")

    public func assess(_ candidate: Candidate) -> Assessment? {
        // An opening parenthesis without a closing one is the sentence's (`번호(010-****-1109)`).
        let lead = candidate.match.first == 0x28 && !candidate.match.contains(0x29) ? 1 : 0
        let bytes = UnsafeRawBufferPointer(rebasing: candidate.match[lead...])
        let n = bytes.count
        var slots = SIMD32<UInt8>(repeating: 0xFF)
        var count = 0
        var masks = 0
        var plus = false
        var separatorPositions: UInt64 = 0
        var index = 0
        while index < n {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard count < 32 else { return nil }
                slots[count] = byte - 0x30
                count += 1
                index += 1
                continue
            }
            let maskLength = ValidatorSupport.maskLength(bytes, at: index)
            if maskLength > 0 {
                guard count < 32 else { return nil }
                count += 1  // slot stays 0xFF
                masks += 1
                index += maskLength
                continue
            }
            separatorPositions |= 1 << UInt64(count)
            if byte == 0x2B {
                guard index == 0 else { return nil }
                plus = true
                index += 1
            } else if byte == 0x28 || byte == 0x29 || byte == 0x2E || ValidatorSupport.isBlank(byte) {
                index += 1
            } else {
                let dash = ValidatorSupport.dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                index += dash
            }
        }
        guard masks > 0, count >= 9 else { return nil }
        let mask = PhoneMaskedValidator.mask
        var nsn: Int
        if plus {
            guard slots[0] == 8, slots[1] == 2 else { return nil }
            nsn = slots[2] == 0 ? 3 : 2
        } else {
            guard slots[0] == 0 else { return nil }
            nsn = 1
        }
        guard nsn + 2 < count else { return nil }
        let a = slots[nsn], b = slots[nsn + 1], c = slots[nsn + 2]
        guard a != mask, a == 2 || b != mask else { return nil }
        var areaLength = 2
        switch a {
        case 1: guard b <= 1 || b >= 6 else { return nil }
        case 2: areaLength = 1
        case 3: guard (1...3).contains(b) else { return nil }
        case 4: guard (1...4).contains(b) else { return nil }
        case 5:
            if b == 0 {
                guard c != mask, (2...8).contains(c) else { return nil }
                areaLength = 3
            } else {
                guard (1...5).contains(b) else { return nil }
            }
        case 6: guard (1...4).contains(b) else { return nil }
        case 7: guard b == 0 else { return nil }
        default: return nil
        }
        let exchangeStart = nsn + areaLength
        let exchangeLength = count - exchangeStart - 4
        guard exchangeLength == 3 || exchangeLength == 4 else { return nil }
        let allowed: UInt64 = (1 << UInt64(nsn + 1)) - 1 | 1 << UInt64(exchangeStart)
            | 1 << UInt64(exchangeStart + exchangeLength)
        guard separatorPositions & ~allowed == 0 else { return nil }
        var visibleAfterArea = 0
        var masksAfterArea = 0
        for i in exchangeStart..<count {
            if slots[i] == mask { masksAfterArea += 1 } else { visibleAfterArea += 1 }
        }
        guard masksAfterArea > 0, visibleAfterArea >= 2 else { return nil }
        if ValidatorSupport.followsDottedNumber(candidate.before) { return nil }
        if !plus && PhoneValidator.followsForeignCountryCode(candidate.before) { return nil }

        var confidence = 0.6
        if candidate.hasKeyword { confidence += 0.2 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        // Display: as written, the exchange fully masked, mask characters shown as '*'.
        let masked = ValidatorSupport.string(capacity: n) { display in
            var written = 0
            var slot = 0
            var index = 0
            while index < n {
                let byte = bytes[index]
                let maskLength = ValidatorSupport.maskLength(bytes, at: index)
                if ValidatorSupport.isDigit(byte) || maskLength > 0 {
                    let hidden = maskLength > 0 || (slot >= exchangeStart && slot < exchangeStart + exchangeLength)
                    display[written] = hidden ? 0x2A : byte
                    slot += 1
                    index += max(maskLength, 1)
                } else {
                    display[written] = byte
                    index += 1
                }
                written += 1
            }
            return written
        }
        var canonical = ValidatorSupport.e164Prefix(reserving: count - nsn)
        for i in nsn..<count { canonical.append(slots[i] == mask ? 0x2A : slots[i] + 0x30) }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: PhoneMaskedValidator.category,
            canonical: canonical, masked: masked, trimStart: lead)
    }
}
