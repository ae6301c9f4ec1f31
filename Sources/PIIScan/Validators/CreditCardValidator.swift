import PIIModel

/// Payment card numbers (PAN, spec §8.1): Luhn check, issuer prefix (IIN) and length table
/// including Korean domestic-only cards (`9…`, 16 digits) and Mastercard's 2-series; degenerate
/// numbers (one repeated digit, e.g. `0000000000000000`) are rejected.
///
/// Scores: 0.9 (Luhn ✓ + IIN + length, `confirmed`); −0.05 for a separator-less run; bare runs
/// without a keyword: 0.75 for 9-series, 0.6 for lengths other than 15/16 (snowflake-style ids),
/// 0.45 right after a `/` (a URL or file path segment) or next to another run of ≥ 8 digits (a
/// column of figures); +0.1 keyword; −0.4 negative keyword.
/// Blank-separated groups next to another number-like token (a row of numbers or code points) are
/// rejected. Masked per PCI: first 6 and last 4 digits.
public struct CreditCardValidator: Validator {
    public init() {}

    enum Brand { case visa, mastercard, amex, jcb, diners, unionPay, discover, koreanDomestic }

    /// The brand for a number's prefix and length, or `nil` when the table has none.
    static func brand(_ d: DigitBuffer) -> Brand? {
        let length = d.count
        let p1 = Int(d[0])
        let p2 = d.number(0, 2)
        let p3 = d.number(0, 3)
        let p4 = d.number(0, 4)
        switch p1 {
        case 4:
            return length == 13 || length == 16 || length == 19 ? .visa : nil
        case 2:
            return (2221...2720).contains(p4) && length == 16 ? .mastercard : nil
        case 5:
            return (51...55).contains(p2) && length == 16 ? .mastercard : nil
        case 3:
            if (p2 == 34 || p2 == 37) && length == 15 { return .amex }
            if (3528...3589).contains(p4) && (16...19).contains(length) { return .jcb }
            if (p2 == 36 || p2 == 38 || p2 == 39 || (300...305).contains(p3)) && (14...16).contains(length) {
                return .diners
            }
            return nil
        case 6:
            guard (16...19).contains(length) else { return nil }
            if p4 == 6011 || (644...649).contains(p3) || p2 == 65 { return .discover }
            if p2 == 62 { return .unionPay }
            return nil
        case 9:
            return length == 16 ? .koreanDomestic : nil
        default:
            return nil
        }
    }

    /// Whether `after` starts with a space and a number-like token: 3–5 hexadecimal characters
    /// with at least one decimal digit (`9387`, `52DE`, `20BBF`), up to a blank or the line's end.
    /// (A tab is a TSV cell boundary: a card may sit between numeric cells.)
    static func startsWithSpaceAndNumberToken(_ after: UnsafeRawBufferPointer) -> Bool {
        guard after.count >= 2, after[0] == 0x20 else { return false }
        var end = 1
        while end < after.count && !ValidatorSupport.isBlank(after[end]) && after[end] != 0x0D && after[end] != 0x0A { end += 1 }
        return isNumberToken(after, 1..<end)
    }

    /// Whether `before` ends with a number-like token (see ``startsWithSpaceAndNumberToken(_:)``) and a space.
    static func endsWithNumberTokenAndSpace(_ before: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        guard n >= 2, before[n - 1] == 0x20 else { return false }
        var start = n - 1
        while start > 0 && !ValidatorSupport.isBlank(before[start - 1]) { start -= 1 }
        return isNumberToken(before, start..<(n - 1))
    }

    /// Whether a run of at least eight digits stands next to the match, across spaces only (a tab
    /// separates the cells of a TSV row, where a card may well sit between numbers) — and is not
    /// a card number itself (a list of cards, `재시도 9490625642016572 9430215165245775`: a
    /// random neighbour in a column of figures has a brand's prefix and passes the Luhn check
    /// about once in thirty).
    static func isNextToLongNumber(_ candidate: Candidate) -> Bool {
        let after = candidate.after, before = candidate.before
        var index = 0
        while index < after.count && after[index] == 0x20 { index += 1 }
        if index > 0 {
            var run = 0
            while index + run < after.count && ValidatorSupport.isDigit(after[index + run]) { run += 1 }
            if run >= 8 && !isCardNumber(after, index..<(index + run)) { return true }
        }
        var end = before.count
        while end > 0 && before[end - 1] == 0x20 { end -= 1 }
        if end < before.count {
            var run = 0
            while end - run > 0 && ValidatorSupport.isDigit(before[end - run - 1]) { run += 1 }
            if run >= 8 && !isCardNumber(before, (end - run)..<end) { return true }
        }
        return false
    }

    /// Whether the digits of `bytes[range]` (blanks between them skipped) are a card number: a
    /// brand's prefix and length, and the Luhn check.
    static func isCardNumber(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var digits = DigitBuffer()
        for index in range where ValidatorSupport.isDigit(bytes[index]) {
            guard digits.append(bytes[index] - 0x30) else { return false }
        }
        return (13...19).contains(digits.count) && !digits.allSame && brand(digits) != nil && ValidatorSupport.luhnIsValid(digits)
    }

    /// Whether `after` starts with a space and a card's four groups of four digits (one space
    /// between them), then nothing number-like: another card written after the match.
    static func startsWithGroupedCard(_ after: UnsafeRawBufferPointer) -> Bool {
        guard after.count >= 20, after[0] == 0x20, isFourGroups(after, 1) else { return false }
        return !(after.count > 20 && (ValidatorSupport.isDigit(after[20]) || startsWithSpaceAndNumberToken(
            UnsafeRawBufferPointer(rebasing: after[20...])))) && isCardNumber(after, 1..<20)
    }

    /// Whether `before` ends with a card's four groups of four digits and a space, with nothing
    /// number-like before them: another card written before the match.
    static func endsWithGroupedCard(_ before: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        guard n >= 20, before[n - 1] == 0x20, isFourGroups(before, n - 20) else { return false }
        let rest = UnsafeRawBufferPointer(rebasing: before[..<(n - 20)])
        return !(rest.last.map(ValidatorSupport.isDigit) ?? false) && !endsWithNumberTokenAndSpace(rest) && isCardNumber(before, (n - 20)..<(n - 1))
    }

    /// Whether `bytes` holds `dddd dddd dddd dddd` from `start`.
    private static func isFourGroups(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Bool {
        for offset in 0..<19 {
            let byte = bytes[start + offset]
            if offset % 5 == 4 ? byte != 0x20 : !ValidatorSupport.isDigit(byte) { return false }
        }
        return true
    }

    private static func isNumberToken(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard (3...5).contains(range.count) else { return false }
        var decimal = false
        for index in range {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                decimal = true
            } else if !(0x41...0x46).contains(byte & 0xDF) {  // A–F, either case
                return false
            }
        }
        return decimal
    }

    /// Whether 19 digits have the shape of a land parcel number (필지고유번호, PNU, the key of
    /// Korea's land and building registers and open data): a province code (`11` Seoul …
    /// `52` Jeonbuk), 8 more digits of the legal dong, `1` (land) or `2` (mountain), then the lot's
    /// main number (below 3000) and sub number (below 100), zero-padded to four digits each
    /// (`4211025021` `2` `0540` `0005`). One random 19-digit Visa number in 2,000 has that shape.
    static func isParcelNumber(_ digits: DigitBuffer) -> Bool {
        guard digits.count == 19, digits[10] == 1 || digits[10] == 2, digits[11] <= 2, digits[15] == 0, digits[16] == 0
        else { return false }
        return [11, 26, 27, 28, 29, 30, 31, 36, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52].contains(digits.number(0, 2))
    }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        var digits = DigitBuffer()
        var separators = 0
        var blanks = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard digits.append(byte - 0x30) else { return nil }
                index += 1
            } else if case let blank = ValidatorSupport.blankLength(bytes, at: index), blank > 0 {
                // A tab between groups separates two fields (`9100⇥538263301367`: an amount
                // and a virtual account in a TSV row), not a card's groups. (No-break spaces
                // are blanks: `4111 1111 …` as a word processor keeps it together.)
                if byte == 0x09 { return nil }
                separators += 1
                blanks += 1
                index += blank
            } else {
                let dash = ValidatorSupport.dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                separators += 1
                index += dash
            }
        }
        guard (13...19).contains(digits.count), !digits.allSame else { return nil }
        // Amex and Diners are written 4-6-5 and 4-6-4, both separators or neither: one alone
        // joins two other numbers (`run_id 3839361960-2936`).
        if (digits.count == 14 || digits.count == 15) && separators == 1 { return nil }
        guard let brand = CreditCardValidator.brand(digits), ValidatorSupport.luhnIsValid(digits) else { return nil }
        if ValidatorSupport.followsDottedNumber(candidate.before) || ValidatorSupport.precedesDottedNumber(candidate.after) {
            return nil
        }
        // Groups separated by blanks that go on before or after the match are a row of numbers
        // (a table of widths, coordinates or code points: `9200 9247 9293 9340 9387 …`,
        // `51F1 5272 5274 5275 5269 52DE`), not a card.
        // (Unless the groups after or before are another card's four and no more: two stolen
        // cards quoted in a fraud report, `9410 1335 0501 7909 9430 3254 1619 6196`.)
        if blanks > 0
            && ((CreditCardValidator.startsWithSpaceAndNumberToken(candidate.after)
                && !CreditCardValidator.startsWithGroupedCard(candidate.after))
                || (CreditCardValidator.endsWithNumberTokenAndSpace(candidate.before)
                    && !CreditCardValidator.endsWithGroupedCard(candidate.before)))
        {
            return nil
        }

        var confidence = 0.9
        if separators == 0 {
            confidence -= 0.05
            if !candidate.hasKeyword {
                if brand == .koreanDomestic { confidence = min(confidence, 0.75) }
                if digits.count != 15 && digits.count != 16 { confidence = min(confidence, 0.6) }
                // A land parcel's number (PNU: legal-dong code, land kind, lot number), 19 digits
                // that start with a Gyeonggi–Gyeongnam province code, Visa's 4.
                if CreditCardValidator.isParcelNumber(digits) { confidence = min(confidence, 0.45) }
                // A path segment (`https://oss-fuzz.com/testcase-detail/5390364397928448`,
                // `/api/items/4111…`) is an id unless a keyword says otherwise.
                if let last = candidate.before.last, last == 0x2F { confidence = min(confidence, 0.45) }
                // Next to another long number (`divide 6215736513855159   6215736513870342`): a
                // column of figures.
                if CreditCardValidator.isNextToLongNumber(candidate) { confidence = min(confidence, 0.45) }
                // An item of a list of decimal numbers (a minified script's data).
                if ValidatorSupport.isInDecimalList(before: candidate.before, after: candidate.after) {
                    confidence = min(confidence, 0.45)
                }
                // The value of an identifier's field (`jobExecutionId=3832968609665472`, a
                // `request_id` column): one random 16-digit id in ten passes the Luhn check.
                if confidence > 0.45 && ValidatorSupport.namesIdentifier(candidate.fieldName) { confidence = min(confidence, 0.45) }
            }
        }
        if candidate.hasKeyword { confidence += 0.1 }
        if candidate.hasNegativeKeyword {
            confidence -= 0.4
            // Labelled by it (`상품권 PIN 4180-…`, `imeisv=…`): that number, not a card's.
            if candidate.negativeKeywordLabelsValue { confidence = min(confidence, 0.45) }
        }

        return Assessment(
            verdict: .confirmed, confidence: ValidatorSupport.score(confidence), category: .creditCard,
            canonical: digits.ascii(), masked: ValidatorSupport.maskingDigits(bytes, showing: 6, and: 4, of: digits.count))
    }
}
