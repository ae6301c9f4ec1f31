import PIIModel

/// Masked and partial resident registration numbers (spec §2.9): `900101-1******`,
/// `900101-*******`, `9001**-1******`, `900101-1234***`, `******-1234567`, mask characters
/// `* ● x X #`. Reported as `kr-rrn-masked` (never counted as an exposure) — unless at least 4
/// of the 7 back digits are visible (`900101-1234***`: at most 1,000 numbers are left, fewer
/// with the check digit; `******-1234567`: the secret part itself): then as `kr-rrn-partial`, an
/// exposure of its own category (spec §2.9, RRN_PARTIAL and RRN_BACK7).
///
/// Scores: 0.6; +0.1 when the whole date of birth is visible (and valid); 0.4 when only the back
/// part is visible (`******-1234567`, tier M with a keyword); +0.2 keyword, −0.4 negative keyword.
/// Fully masked values and values with fewer than two visible digits are ignored (`nil`).
public struct RRNMaskedValidator: Validator {
    public init() {}

    /// 13 positions, each a digit value or `mask` (0xFF).
    struct Parsed {
        var slots = SIMD16<UInt8>(repeating: 0xFF)
        var count = 0
        var separator: Range<Int> = 0..<0
        var masks = 0
    }

    static let mask: UInt8 = 0xFF

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        var parsed = Parsed()
        var index = 0
        let n = bytes.count
        while index < n {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard parsed.count < 13 else { return nil }
                parsed.slots[parsed.count] = byte - 0x30
                parsed.count += 1
                index += 1
                continue
            }
            let maskLength = ValidatorSupport.maskLength(bytes, at: index)
            if maskLength > 0 {
                guard parsed.count < 13 else { return nil }
                parsed.slots[parsed.count] = mask
                parsed.count += 1
                parsed.masks += 1
                index += maskLength
                continue
            }
            guard parsed.count == 6, parsed.separator.isEmpty else { return nil }
            let start = index
            var sawDash = false
            while index < n, ValidatorSupport.isBlank(bytes[index]) || ValidatorSupport.dashLength(bytes, at: index) > 0 {
                if ValidatorSupport.isBlank(bytes[index]) {
                    index += 1
                } else {
                    guard !sawDash else { return nil }
                    sawDash = true
                    index += ValidatorSupport.dashLength(bytes, at: index)
                }
            }
            guard index > start else { return nil }
            parsed.separator = start..<index
        }
        guard parsed.count == 13 else { return nil }
        return parsed
    }

    public func assess(_ candidate: Candidate) -> Assessment? {
        guard let parsed = RRNMaskedValidator.parse(candidate.match) else { return nil }
        let visible = 13 - parsed.masks
        // Unmasked values belong to `kr-rrn`; (almost) fully masked ones reveal nothing.
        guard parsed.masks > 0, visible >= 2 else { return nil }
        let slots = parsed.slots
        let mask = RRNMaskedValidator.mask
        func isVisible(_ i: Int) -> Bool { slots[i] != mask }
        func pair(_ i: Int) -> Int? { isVisible(i) && isVisible(i + 1) ? Int(slots[i]) * 10 + Int(slots[i + 1]) : nil }

        // Whatever of the date is visible must be possible.
        let month = pair(2)
        let day = pair(4)
        if let month, !(1...12).contains(month) { return nil }
        if let day, !(1...31).contains(day) { return nil }
        let frontVisible = (0..<6).allSatisfy(isVisible)
        let frontMasked = (0..<6).allSatisfy { !isVisible($0) }
        if let month, let day {
            let g = slots[6]
            if g != mask, let yy = pair(0) {
                let dob = CalendarDate(year: RRNValidator.century(g) + yy, month: month, day: day)
                guard ValidatorSupport.isValidDate(year: dob.year, month: month, day: day) else { return nil }
                guard dob <= candidate.today else { return nil }
            } else {
                // Century unknown: 29 February is possible in some year.
                guard ValidatorSupport.isValidDate(year: 2000, month: month, day: day) else { return nil }
            }
        }

        var confidence = 0.6
        if frontVisible { confidence += 0.1 }
        if frontMasked { confidence = 0.4 }
        if candidate.hasKeyword { confidence += 0.2 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        // Display: the visible part of the date, the separator, digit 7 — never the back six.
        var display: [UInt8] = []
        var canonical: [UInt8] = []
        for i in 0..<13 {
            let byte: UInt8 = isVisible(i) ? slots[i] + 0x30 : 0x2A
            canonical.append(byte)
            if i <= 6 { display.append(byte) }
            if i == 5 { display += ValidatorSupport.copy(candidate.match, parsed.separator) }
        }
        display += Array("******".utf8)
        var backVisible = 0
        for index in 6..<13 where isVisible(index) { backVisible += 1 }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence),
            category: backVisible >= 4 ? .rrnPartial : Category("kr-rrn-masked"),
            canonical: canonical, masked: ValidatorSupport.string(display))
    }
}
