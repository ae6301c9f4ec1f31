import CScanKernels

/// E-mail addresses in airline reservation records (spec §7, written as IATA's free-text rules
/// require): a passenger's contact element `SSR CTCE` spells `@` as `//`, `_` as `..` and `-` as
/// `./`, since the character set of a PNR has none of them (`SSR CTCE KE HK1
/// HONG.GILDONG//NAVER.COM/P1`, Sabre's `3SSRCTCEKEHK1/KIM..MS//HANMAIL.NET`). The address is
/// spelled back and judged by ``EmailValidator`` as any other; its canonical form is the plain
/// address, so it is one person with the same address written plainly elsewhere.
public struct EmailIATAValidator: Validator {
    public init() {}

    /// The element that holds such addresses; the rule runs only on lines holding it, and a
    /// match is accepted only with it within the context window before or after it.
    static let element = Array("CTCE".utf8)

    public func assess(_ candidate: Candidate) -> Assessment? {
        guard EmailIATAValidator.contains(candidate.before) || EmailIATAValidator.contains(candidate.after),
            let plain = EmailIATAValidator.plainAddress(candidate.match)
        else { return nil }
        return plain.withUnsafeBytes { bytes in
            // The element is the address's label; what comes before it in the record (a slash
            // of Sabre's format, an all-capitals domain) is not the e-mail validator's business.
            let spelledBack = Candidate(
                match: bytes, before: UnsafeRawBufferPointer(start: nil, count: 0), after: candidate.after,
                hasKeyword: true, hasNegativeKeyword: false, today: candidate.today, field: candidate.field)
            // (Its canonical form is the plain address, lower-cased.)
            guard let assessment = EmailValidator().assess(spelledBack), assessment.trimStart == 0, assessment.trimEnd == 0
            else { return nil }
            return assessment
        }
    }

    /// `bytes` with IATA's spellings undone; nil without exactly one `//`.
    static func plainAddress(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var plain: [UInt8] = []
        plain.reserveCapacity(bytes.count)
        var ats = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == 0x2F && next == 0x2F {  // `//` → `@`
                plain.append(0x40)
                ats += 1
                index += 2
            } else if byte == 0x2E && next == 0x2E {  // `..` → `_`
                plain.append(0x5F)
                index += 2
            } else if byte == 0x2E && next == 0x2F && !(index + 2 < bytes.count && bytes[index + 2] == 0x2F) {  // `./` → `-`
                plain.append(0x2D)
                index += 2
            } else if byte == 0x2F {
                return nil
            } else {
                plain.append(byte)
                index += 1
            }
        }
        return ats == 1 ? plain : nil
    }

    /// Whether `text` holds the element anywhere (glued to other letters too: Sabre's `3SSRCTCEKE…`).
    private static func contains(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let base = text.baseAddress else { return false }
        return pii_find(base.assumingMemoryBound(to: UInt8.self), 0, text.count, element, element.count) >= 0
    }
}
