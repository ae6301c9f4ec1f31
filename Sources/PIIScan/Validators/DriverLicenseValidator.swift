import PIIModel

/// Korean driver's-licence numbers (운전면허번호, spec §4.2): `RR-YY-SSSSSS-CC` with region
/// code 11–26 or 28, or (before June 2014) a Korean region name (`서울-05-123456-11`).
///
/// Scores: Korean-region form 0.7 · all three groups separated 0.5 · partly separated 0.4 · bare
/// 12 digits 0.2; +0.3 keyword; −0.4 negative keyword. The check digits are undisclosed, so the
/// verdict is at most `plausible`.
public struct DriverLicenseValidator: Validator {
    public init() {}

    /// Legacy printed region names and the numeric codes that replaced them.
    static let regionNames = ByteWordTable<UInt8>([
        ("서울", 11), ("부산", 12), ("경기", 13), ("강원", 14), ("충북", 15), ("충남", 16), ("전북", 17),
        ("전남", 18), ("경북", 19), ("경남", 20), ("제주", 21), ("대구", 22), ("인천", 23), ("광주", 24),
        ("대전", 25), ("울산", 26),
    ])

    static func isRegionCode(_ code: Int) -> Bool { (11...26).contains(code) || code == 28 }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        let n = bytes.count
        var digits = DigitBuffer()
        var index = 0
        var regionEnd = 0
        let hangulRegion: Bool
        if n >= 6, ValidatorSupport.isHangulSyllable(bytes, at: 0) {
            guard let code = DriverLicenseValidator.regionNames.value(bytes, 0..<6) else { return nil }
            _ = digits.append(code / 10)
            _ = digits.append(code % 10)
            hangulRegion = true
            index = 6
        } else {
            hangulRegion = false
        }
        // Digit groups 2 (region, unless Hangul) · 2 · 6 · 2, one optional separator between groups.
        var blanks = 0
        var separators = 0
        while index < n {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard digits.append(byte - 0x30), digits.count <= 12 else { return nil }
                index += 1
                if digits.count == 2 && !hangulRegion { regionEnd = index }
                continue
            }
            guard digits.count == 2 || digits.count == 4 || digits.count == 10 else { return nil }
            if ValidatorSupport.isBlank(byte) {
                blanks += 1
                index += 1
            } else {
                let dash = ValidatorSupport.dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                index += dash
            }
            separators += 1
            guard index < n, ValidatorSupport.isDigit(bytes[index]) else { return nil }
        }
        // One digit repeated: a row of day marks (`11 11 111111 11`: worked days of a month), a filler.
        guard digits.count == 12, !digits.allSame else { return nil }
        if hangulRegion { regionEnd = 6 }
        guard DriverLicenseValidator.isRegionCode(digits.number(0, 2)) else { return nil }
        // The account id of an ARN (`arn:aws:license-manager:us-west-2:123456789012:…`), whose
        // service name carries the licence keyword.
        if ValidatorSupport.isARNAccountField(candidate.before) { return nil }

        var confidence: Double
        if hangulRegion {
            confidence = 0.7
        } else if separators == 3 {
            confidence = 0.5
        } else if separators > 0 {
            confidence = 0.4
        } else {
            confidence = 0.2
        }
        if candidate.hasKeyword { confidence += 0.3 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        // Masked: region and year as written, serial masked, last two kept (`11-22-******-44`).
        var display = ValidatorSupport.copy(bytes, 0..<regionEnd)
        var seen = 2
        var position = regionEnd
        while position < n {
            let byte = bytes[position]
            if ValidatorSupport.isDigit(byte) {
                seen += 1
                display.append(seen > 4 && seen <= 10 ? 0x2A : byte)
            } else {
                display.append(byte)
            }
            position += 1
        }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: .driverLicense,
            canonical: digits.ascii(), masked: ValidatorSupport.string(display))
    }
}
