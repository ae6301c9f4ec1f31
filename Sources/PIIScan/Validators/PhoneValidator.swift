import PIIModel

/// Korean telephone numbers (spec §5): mobile `010`, legacy mobile `011 016–019`, landlines by
/// area code, VoIP `070`, personal "safe" numbers `0502–0508`; domestic or international
/// (`+82`, `0082`, `00700-82`, `82 10 …`, a mobile's bare MSISDN `821023456789`). Toll-free
/// `080`, premium `060`, the 1588-style business numbers (UAN), pagers and M2M ranges are not
/// personal and are rejected.
///
/// Scores: MOBILE (010 + 4-digit exchange starting 2–9) 0.85 · 010 with a 3-digit exchange or
/// one starting 0/1 (incl. the `010-1234-5678` placeholder) 0.6 · legacy mobile 0.6 · landline
/// 0.65 · VoIP 0.65 · safe number 0.6; −0.1 for separator-less numbers other than MOBILE and
/// for a bare MSISDN; at most 0.45 without a keyword when only the subscriber part is split off
/// (`02110-1301`; not a standard mobile's `0102345-6789`), for an unseparated 010 number with a three-digit exchange (`0101000000`) and
/// for an unseparated 12-digit safe number (`050734284575`, the length of an AWS account id);
/// the account-id field of an ARN (`arn:aws:ec2:us-east-1:050734284575:`) is rejected;
/// +0.2 keyword; −0.4 negative keyword; exchange and subscriber of one repeated digit stay below
/// 0.5. Canonical form is E.164 (`+821012345678`).
public struct PhoneValidator: Validator {
    public init() {}

    enum PhoneClass { case mobile, mobileNonStandard, mobileLegacy, landline, voip, safe }

    /// The number split into its parts (indices into `digits`).
    struct Parsed {
        var digits = DigitBuffer()
        /// Index of the first digit of the national significant number (after `82` and trunk 0).
        var nsn = 0
        var areaLength = 0
        var exchangeLength = 0
        var hasSeparator = false
        var international = false
        var phoneClass = PhoneClass.mobile
        /// Bit `i` set: a separator (or parenthesis) stands before digit `i`.
        var separatorPositions: UInt64 = 0
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        var parsed = Parsed()
        let n = bytes.count
        var index = 0
        var plus = false
        var firstGroupLength = -1
        while index < n {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard parsed.digits.append(byte - 0x30) else { return nil }
                index += 1
                continue
            }
            if parsed.digits.count > 0 && firstGroupLength < 0 { firstGroupLength = parsed.digits.count }
            parsed.separatorPositions |= 1 << UInt64(parsed.digits.count)
            if byte == 0x2B {  // '+' only first
                guard index == 0 else { return nil }
                plus = true
                index += 1
                continue
            }
            if byte == 0x28 || byte == 0x29 {  // ( )
                index += 1
                continue
            }
            parsed.hasSeparator = true
            let blank = ValidatorSupport.blankLength(bytes, at: index)  // also U+00A0, U+3000
            if byte == 0x2E {
                index += 1
            } else if blank > 0 {
                index += blank
            } else {
                let dash = ValidatorSupport.dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                index += dash
            }
        }
        if firstGroupLength < 0 { firstGroupLength = parsed.digits.count }
        let d = parsed.digits
        let count = d.count
        guard count >= 8 else { return nil }
        var nsn: Int
        if plus {
            guard d[0] == 8, d[1] == 2 else { return nil }
            nsn = 2
            parsed.international = true
        } else if d[0] == 0 && d[1] == 0 {
            // 00 + up to 3 carrier digits + 82 (0082, 00700 82 …).
            var found = -1
            var k = 2
            while k <= 5 && k + 1 < count {
                if d[k] == 8 && d[k + 1] == 2 {
                    found = k
                    break
                }
                k += 1
            }
            // No carrier's code starts with 0 (`000822-2114812` is a resident number of 1900).
            guard found >= 0, found == 2 || d[2] != 0 else { return nil }
            nsn = found + 2
            parsed.international = true
        } else if d[0] == 8 && d[1] == 2 && firstGroupLength == 2 {
            // `amount=82.29758568`: a decimal number, not `82.2.975.8568`.
            if bytes.count > 3 && bytes[2] == 0x2E && bytes[3...].allSatisfy(ValidatorSupport.isDigit) { return nil }
            nsn = 2  // `82 10 2468 1357`: country code without '+', separated
            parsed.international = true
        } else if PhoneValidator.isBareMSISDN(d, separated: parsed.hasSeparator) {
            nsn = 2  // `821023456789`: a mobile's E.164 digits without '+' (an MSISDN)
            parsed.international = true
        } else if d[0] == 0 {
            nsn = 1
        } else {
            return nil  // domestic numbers need the trunk 0 (also excludes 1588-style UANs)
        }
        if parsed.international && nsn < count && d[nsn] == 0 { nsn += 1 }  // +82 (0)10, +82 010
        guard nsn + 2 < count else { return nil }
        let a = d[nsn], b = d[nsn + 1], c = d[nsn + 2]
        switch a {
        case 1:
            switch b {
            case 0: parsed.phoneClass = .mobile
            case 1, 6, 7, 8, 9: parsed.phoneClass = .mobileLegacy
            default: return nil  // 012 M2M, 013/014, 015 pager
            }
            parsed.areaLength = 2
        case 2:
            parsed.phoneClass = .landline
            parsed.areaLength = 1
        case 3, 4:
            guard (1...(a == 3 ? 3 : 4)).contains(b) else { return nil }
            parsed.phoneClass = .landline
            parsed.areaLength = 2
        case 5:
            if (1...5).contains(b) {
                parsed.phoneClass = .landline
                parsed.areaLength = 2
            } else if b == 0 && (2...8).contains(c) {
                parsed.phoneClass = .safe
                parsed.areaLength = 3
            } else {
                return nil
            }
        case 6:
            guard (1...4).contains(b) else { return nil }  // 060 premium rate
            parsed.phoneClass = .landline
            parsed.areaLength = 2
        case 7:
            guard b == 0 else { return nil }
            parsed.phoneClass = .voip
            parsed.areaLength = 2
        default:
            return nil  // 080 toll-free, 09x
        }
        let exchangeLength = count - nsn - parsed.areaLength - 4
        guard exchangeLength == 3 || exchangeLength == 4 else { return nil }
        let exchangeFirst = d[nsn + parsed.areaLength]
        switch parsed.phoneClass {
        case .mobile:
            if exchangeLength == 3 || exchangeFirst <= 1 { parsed.phoneClass = .mobileNonStandard }
        case .landline:
            guard exchangeFirst != 0 else { return nil }
        case .mobileLegacy:
            // Spec §5.3: a legacy mobile's exchange is any 3–4 digits (`011-084-7184`, numbers
            // of the 1990s). One starting with 0 must be written with separators: in a run of
            // digits (`0110847184`) that is a zero-padded id's shape.
            guard exchangeFirst != 0 || parsed.hasSeparator else { return nil }
        case .safe:
            // Spec §5.3: a 050X safe number's exchange is any 3–4 digits (`0505-0325-0358`,
            // `0505-021-2850`); one of 3 starting with 0 needs separators, like a legacy mobile's.
            guard exchangeFirst != 0 || exchangeLength == 4 || parsed.hasSeparator else { return nil }
        case .voip:
            guard exchangeLength == 4 else { return nil }
        case .mobileNonStandard:
            break
        }
        // Separators may only split the parts (`010-1234-567` is not `010-123-4567`).
        let exchangeStart = nsn + parsed.areaLength
        let allowed: UInt64 = (1 << UInt64(nsn + 1)) - 1 | 1 << UInt64(exchangeStart)
            | 1 << UInt64(exchangeStart + exchangeLength)
        guard parsed.separatorPositions & ~allowed == 0 else { return nil }
        parsed.nsn = nsn
        parsed.exchangeLength = exchangeLength
        return parsed
    }

    /// Whether the digits are a standard mobile number's MSISDN — E.164 without '+', twelve digits
    /// in one run: `82` `10` and an exchange starting 2–9 (`821023456789`), the form telecom and
    /// SMS systems store. Other numbers after a bare `82` must be separated from it.
    static func isBareMSISDN(_ d: DigitBuffer, separated: Bool) -> Bool {
        !separated && d.count == 12 && d[0] == 8 && d[1] == 2 && d[2] == 1 && d[3] == 0 && d[4] >= 2
    }

    /// Whether a field's name names a message's, request's, event's or log entry's number
    /// (`msgkey`, `msg_id`, `reqId`, `data-log-id`, `txn_seq`): letters and digits only, lower
    /// case, it ends in one of those words and `id`, `key`, `no` or `seq`. (Not any identifier:
    /// a phone's handle is `id` in an iPhone's `sms.db`, `alternateId` in an identity
    /// provider's log, `callingStationId` in a VPN's.)
    static func namesMessageIdentifier(_ name: [UInt8]) -> Bool {
        guard !name.isEmpty, name.count <= 40 else { return false }
        let letters = name.filter(ValidatorSupport.isASCIIAlphanumeric).map(ValidatorSupport.lowercased)
        return messageIdentifiers.contains { letters.count >= $0.count && letters.suffix($0.count).elementsEqual($0) }
    }
    private static let messageIdentifiers: [[UInt8]] = {
        let subjects = ["msg", "message", "req", "request", "evt", "event", "txn", "trx", "tx", "job", "task", "trace", "log", "sms", "push"]
        return subjects.flatMap { subject in ["id", "key", "no", "seq"].map { Array((subject + $0).utf8) } }
    }()

    /// Whether `before` ends with a foreign country code (`+1 `, `+44-`) right before the match.
    static func followsForeignCountryCode(_ before: UnsafeRawBufferPointer) -> Bool {
        var index = before.count - 1
        var skipped = 0
        while index >= 0, skipped < 2, ValidatorSupport.isBlank(before[index]) || before[index] == 0x2D || before[index] == 0x28 || before[index] == 0x29 {
            index -= 1
            skipped += 1
        }
        var code = 0
        var length = 0
        var multiplier = 1
        while index >= 0, length < 4, ValidatorSupport.isDigit(before[index]) {
            code += Int(before[index] - 0x30) * multiplier
            multiplier *= 10
            length += 1
            index -= 1
        }
        guard (1...3).contains(length), index >= 0, before[index] == 0x2B else { return false }
        return code != 82
    }

    /// Whether `match` is three groups of four digits (`0505 5918 7032`) right after a fourth
    /// and the same separator (`9455 `): the last twelve digits of a card-shaped number.
    static func endsCardGroups(before: UnsafeRawBufferPointer, match: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        guard n >= 5, match.count == 14, before[n - 1] == 0x20 || before[n - 1] == 0x2D else { return false }
        let separator = before[n - 1]
        for index in (n - 5)..<(n - 1) where !ValidatorSupport.isDigit(before[index]) { return false }
        if n >= 6 && ValidatorSupport.isDigit(before[n - 6]) { return false }
        for (index, byte) in match.enumerated() {
            if index == 4 || index == 9 {
                guard byte == separator else { return false }
            } else if !ValidatorSupport.isDigit(byte) {
                return false
            }
        }
        return true
    }

    /// Whether `before` ends with `/` right after a number's last group of four digits, a dash
    /// or dot before them (`031-234-5678/`): the match is the next number of a list, not a
    /// fraction's denominator (`1/…`) or a date's part (`2024/…`).
    static func followsNumberInList(_ before: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        guard n >= 6, before[n - 1] == 0x2F else { return false }
        for index in (n - 5)..<(n - 1) where !ValidatorSupport.isDigit(before[index]) { return false }
        return before[n - 6] == 0x2D || before[n - 6] == 0x2E
    }

    /// Whether a match right after `/` is a whole path segment: the `/` does not follow a digit,
    /// and `/`, `?`, `#`, a blank, a quote or the end of the line (or value) follows the match.
    static func isPathSegment(before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer) -> Bool {
        if before.count >= 2 && ValidatorSupport.isDigit(before[before.count - 2]) { return false }
        guard let next = after.first else { return true }
        switch next {
        case 0x2F, 0x3F, 0x23, 0x20, 0x09, 0x0D, 0x22, 0x27: return true  // / ? # ␠ ⇥ \r " '
        default: return false
        }
    }

    /// The words that make a number right after them a bank account's (see
    /// ``BankAccountValidator``). Deposits and transfers (`입금`, `이체`) and the holder
    /// (`예금주 홍길동 010-…`) are not among them: a customer's phone number is often on such a line.
    static let accountWords = KeywordMatcher([
        "계좌", "은행", "뱅크", "account_no", "accountno", "account_number", "accountnumber", "bank_account", "bankaccount", "acct",
        "acct_no", "acctno",
    ])

    /// The words of ``accountWords`` that name an account number itself, not a bank: after a
    /// bank's name a landline is the branch's number (`신한은행 강남지점 02-861-1163`), while only
    /// a mobile number is also an account's (spec §8.2's lifetime accounts).
    static let accountNumberWords = KeywordMatcher([
        "계좌", "account_no", "accountno", "account_number", "accountnumber", "bank_account", "bankaccount", "acct",
        "acct_no", "acctno",
    ])

    /// Whether the number reads as a landline, voice-over-IP or safe number, which no bank uses
    /// as an account number (its digits: `parsed` by ``parse(_:)``).
    static func isFixedLineNumber(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let parsed = parse(bytes) else { return false }
        switch parsed.phoneClass {
        case .landline, .voip, .safe: return true
        case .mobile, .mobileNonStandard, .mobileLegacy: return false
        }
    }

    /// The words that make a field or column an account's: those of ``accountWords`` and the
    /// accounts money is paid to or from (`refund_account`, `payoutAccount`, `vbank_no`).
    static let accountFieldWords = KeywordMatcher([
        "계좌", "은행", "뱅크", "account_no", "accountno", "account_number", "accountnumber", "bank_account", "bankaccount", "acct",
        "refund_account", "refundaccount", "payout_account", "payoutaccount", "settlement_account", "settlementaccount",
        "deposit_account", "depositaccount", "withdraw_account", "virtual_account", "virtualaccount", "vbank",
    ])

    /// Whether the account rule reads the number as it is written: digits and dashes only (not
    /// `010 3456 7890`, `010.3456.7890`, `+82 10-…`, `(010)…`).
    static func accountRuleReads(_ match: UnsafeRawBufferPointer) -> Bool {
        !match.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x2E || $0 == 0x2B || $0 == 0x28 || $0 == 0x29 }
    }

    /// Whether an account word stands before the number with at most one word between, and no
    /// digit (`환불계좌: 카카오뱅크 `, `계좌 `): it names this number, not another one.
    static func accountWordNames(_ before: UnsafeRawBufferPointer, words: KeywordMatcher = accountWords) -> Bool {
        // Only the bytes a word ending at most 32 bytes before the number can start in (the
        // longest word is 14 bytes) are searched.
        let near = UnsafeRawBufferPointer(rebasing: before[max(0, before.count - 48)...])
        guard let distance = words.distance(before: near, after: UnsafeRawBufferPointer(start: nil, count: 0)),
            distance <= 32
        else { return false }
        var words = 0
        var inWord = false
        var after = before.count - distance
        // `계좌번호 신한 010-…`: the rest of the word (`번호`) is the word's.
        if after + 6 <= before.count && before[after..<(after + 6)].elementsEqual("번호".utf8) { after += 6 }
        for byte in before[after...] {
            if ValidatorSupport.isDigit(byte) { return false }
            let separates = byte == 0x20 || byte == 0x09 || byte == 0x3A || byte == 0x3D || byte == 0x22 || byte == 0x27 || byte == 0x28
                || byte == 0x2C
            if !separates && !inWord { words += 1 }
            inWord = !separates
        }
        return words <= 1
    }

    /// Whether `before` ends with two digits and a colon (`17:15:`): a match after it is a
    /// clock's seconds, with the fraction after them (`00:00:02.1234567`).
    static func followsClockMinutes(_ before: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        return n >= 3 && before[n - 1] == 0x3A && ValidatorSupport.isDigit(before[n - 2]) && ValidatorSupport.isDigit(before[n - 3])
    }

    public func assess(_ candidate: Candidate) -> Assessment? {
        guard let parsed = PhoneValidator.parse(candidate.match) else { return nil }
        // Dotted-number noise (192.010.1234.5678, 1.010.1234.5678.9) and `+1 010-…`.
        if ValidatorSupport.followsDottedNumber(candidate.before) { return nil }
        if ValidatorSupport.precedesDottedNumber(candidate.after) { return nil }
        if !parsed.international && PhoneValidator.followsForeignCountryCode(candidate.before) { return nil }
        if ValidatorSupport.isARNAccountField(candidate.before) { return nil }  // an AWS account id
        // After a clock's minutes: the seconds and their fraction (`00:00:02.1234567`).
        if PhoneValidator.followsClockMinutes(candidate.before) { return nil }
        // The last three groups of a card's number (`9455 0505 5918 7032`, failing its check
        // digit): a number's tail is no number of its own.
        if PhoneValidator.endsCardGroups(before: candidate.before, match: candidate.match) { return nil }
        // Right after a `/`: a whole segment of a URL path (`/by-phone/010-2345-6789/orders`,
        // `/members/01023456789?tab=1`), whose `/` does not follow a digit (`2024/010…`, `1/010-…`:
        // a date's or a fraction's).
        // Or the next number of a list (`031-234-5678/010-4668-0745`: a landline, then a mobile).
        let afterSlash = candidate.before.last == 0x2F
        if afterSlash && !PhoneValidator.isPathSegment(before: candidate.before, after: candidate.after)
            && !PhoneValidator.followsNumberInList(candidate.before)
        {
            return nil
        }

        let d = parsed.digits
        let exchangeStart = parsed.nsn + parsed.areaLength
        let subscriberStart = exchangeStart + parsed.exchangeLength
        var confidence: Double
        switch parsed.phoneClass {
        case .mobile: confidence = 0.85
        case .mobileNonStandard, .mobileLegacy, .safe: confidence = 0.6
        case .landline, .voip: confidence = 0.65
        }
        if !parsed.hasSeparator && parsed.phoneClass != .mobile { confidence -= 0.1 }
        // A separator before the subscriber part only, the area code glued to the exchange, is
        // not how numbers are written here but is a US ZIP+4 code (`MA 02110-1301`, in every GPL
        // licence header) or a part number: it needs a keyword. Not a standard mobile number
        // (`0103231-3197`, eleven digits: no ZIP+4), which counts unseparated anyway: customers
        // type it so in chats and memo fields.
        let splitsSubscriberOnly = parsed.separatorPositions & (1 << UInt64(subscriberStart)) != 0
            && parsed.separatorPositions & (1 << UInt64(exchangeStart)) == 0
            && parsed.phoneClass != .mobile
        if splitsSubscriberOnly && !candidate.hasKeyword { confidence = min(confidence, 0.45) }
        // An unseparated 010 run with a three-digit exchange (`0101000000`): since 2004 every 010
        // number has a four-digit one, while zero-padded ten-digit ids and hex (`hexkey:0102030405`)
        // have this shape all the time. It needs a keyword.
        if !parsed.hasSeparator && parsed.phoneClass == .mobileNonStandard && parsed.exchangeLength == 3
            && !candidate.hasKeyword
        {
            confidence = min(confidence, 0.45)
        }
        // Twelve digits in a run starting 050X (`"owner_id": "050734284575"`): cloud account ids and
        // invoice numbers have that length; a safe number is written with separators, or in a
        // column or field that names it.
        if !parsed.hasSeparator && parsed.phoneClass == .safe && d.count == 12 && !candidate.hasKeyword {
            confidence = min(confidence, 0.45)
        }
        let bareMSISDN = PhoneValidator.isBareMSISDN(d, separated: parsed.hasSeparator)
        if bareMSISDN { confidence -= 0.1 }
        if candidate.hasKeyword { confidence += 0.2 }
        // Without its `+`, in a message's identifier field (`msgkey=821043802611`, `"msg_id": …`):
        // a message's or request's number that starts like an MSISDN, not the recipient's (`to=`,
        // `dest=`), whatever phone word the line holds.
        if bareMSISDN && candidate.match.first != 0x2B && PhoneValidator.namesMessageIdentifier(candidate.fieldName) {
            confidence = min(confidence, 0.45)
        }
        // A negative keyword lowers a number written with separators, or a standard mobile
        // number (`010` and eight digits) — a phone's shape, which order, tracking and account
        // numbers do not share — only when it names this number: in order and delivery logs
        // `주문번호`, `tracking` or `계좌` name the other value on the line
        // (`고객 신서연(010-2662-8596) 주문 완료 주문번호=2024121158626325`).
        let phoneShaped = parsed.hasSeparator || parsed.phoneClass == .mobile
        // A path segment of other unseparated digits (`/items/0312345678`) is an id as often: it
        // needs a keyword.
        if afterSlash && !phoneShaped && !candidate.hasKeyword { confidence = min(confidence, 0.45) }
        // A number that an account word before it names (`환불계좌: 카카오뱅크 010-2345-6789`) is a
        // bank account (spec §8.2: lifetime account numbers are often the holder's mobile
        // number), and counted once, as the account rule's — even with a phone word after it
        // (`… 010-2345-6789 (휴대폰번호 계좌)`). The same in a field or column that names an
        // account (`refund_account`, `환불계좌`).
        // (A landline after a bank's name is the branch's: only an account number's word makes it one.)
        let mobile = parsed.phoneClass == .mobile || parsed.phoneClass == .mobileNonStandard || parsed.phoneClass == .mobileLegacy
        // A mobile number right after a bank's name is an account's too, with no account word
        // (an obituary's `마음 전하실 곳: 신한 010-4126-3165 임남복`).
        let namedAccount =
            PhoneValidator.accountWordNames(candidate.before, words: mobile ? PhoneValidator.accountWords : PhoneValidator.accountNumberWords)
            || (candidate.field != nil || !candidate.extraContext.isEmpty) && candidate.fieldNameHas(PhoneValidator.accountFieldWords)
            || mobile && BankAccountValidator.bankNameEnds(candidate.before)
        // (Only a number the account rule reads — digits and dashes: written with blanks or dots,
        // `010 3456 7890`, it is reported as the phone it also is, not lost, and the account's
        // word is no negative one for it.)
        let accountReads = PhoneValidator.accountRuleReads(candidate.match)
        if namedAccount && accountReads { return nil }
        if candidate.hasNegativeKeyword && (!phoneShaped || candidate.negativeKeywordLabelsValue) && !namedAccount {
            confidence -= 0.4
        }

        var degenerate = true
        for index in exchangeStart..<d.count where d[index] != d[exchangeStart] { degenerate = false }
        if degenerate { confidence = min(confidence, 0.45) }

        // Masked: the exchange digits become '*', everything else as written. An opening
        // parenthesis that no closing one follows is the sentence's, not the area code's
        // (`고객 신서연(010-2662-8596)`): it is left out of the span.
        let lead = candidate.match[0] == 0x28 && !candidate.match.contains(0x29) ? 1 : 0
        let bytes = UnsafeRawBufferPointer(rebasing: candidate.match[lead...])
        let masked = ValidatorSupport.string(capacity: bytes.count) { display in
            var seen = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if ValidatorSupport.isDigit(byte) {
                    display[index] = seen >= exchangeStart && seen < subscriberStart ? 0x2A : byte
                    seen += 1
                } else {
                    display[index] = byte
                }
            }
            return bytes.count
        }
        var canonical = ValidatorSupport.e164Prefix(reserving: d.count - parsed.nsn)
        d.appendASCII(parsed.nsn..<d.count, to: &canonical)
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence),
            category: parsed.phoneClass == .safe ? .phoneSafe : .phone, canonical: canonical, masked: masked, trimStart: lead)
    }
}
