import PIIModel

/// Korean resident registration numbers (주민등록번호) and, routed by digit 7 (5–8), foreigner
/// registration numbers (외국인등록번호, category `kr-frn`). Spec §2.7 and §3.
///
/// Decision procedure: real calendar date for the century of digit 7 → FRN routing for 5–8 →
/// 1800s numbers (9/0) are historic (low) → a date of birth after the scan date is rejected →
/// births from 2020-10-05 are FORMAT whatever their check digit (random tails: a passing one is
/// chance) → checksum ✓ is STRONG → checksum ✗ is SUSPECT. FRNs: births from 2020-10-05 FORMAT,
/// else FRN check digit or the RRN formula → STRONG, else FORMAT. A number labelled
/// `법인등록번호`/`법인번호` that passes the corporate registration number's check digit is one.
///
/// Scores: STRONG 0.9 · FORMAT 0.6 · SUSPECT 0.3 · 1800s 0.3 (checksum ✓) / 0.15; +0.1 dashed,
/// −0.1 no separator, +0.2 keyword, −0.4 negative keyword. A separator-less run without a keyword
/// never reaches tier H, and one without a check digit, next to a negative keyword, read as a Unix
/// time in milliseconds or as a Korean product barcode (`880…` with its EAN-13 check digit), or
/// that is the value of an identifier's field (`traceId`, `request_id`, `cacheKey`) stays below 0.5;
/// so does one joined by `-` or `_` to a token before or after it (`build-251010 4650145`,
/// `900101-1234568-debug`) without a keyword.
public struct RRNValidator: Validator {
    public init() {}

    /// The layout of a parsed 13-digit number.
    struct Parsed {
        var digits = DigitBuffer()
        /// Byte range of the separator between digit 6 and digit 7 (empty when none).
        var separator: Range<Int> = 0..<0
        var separatorKind: SeparatorKind = .none
    }

    enum SeparatorKind { case none, blank, dash }

    enum State { case strong, format, suspect, historic }

    static let rrnWeights: [Int] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    /// Births on or after this date have random tails (no check digit).
    static let randomTailStart = CalendarDate(year: 2020, month: 10, day: 5)

    /// Parses `YYMMDD[sep]GNNNNNN`; `nil` for anything else.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        var parsed = Parsed()
        var index = 0
        let n = bytes.count
        while index < n {
            let byte = bytes[index]
            if ValidatorSupport.isDigit(byte) {
                guard parsed.digits.append(byte - 0x30), parsed.digits.count <= 13 else { return nil }
                index += 1
                continue
            }
            // Only a separator between digit 6 and 7 is allowed.
            guard parsed.digits.count == 6, parsed.separator.isEmpty else { return nil }
            let start = index
            var sawDash = false
            while index < n, !ValidatorSupport.isDigit(bytes[index]) {
                let blank = ValidatorSupport.blankLength(bytes, at: index)  // also U+00A0, U+3000
                if blank > 0 {
                    index += blank
                } else {
                    let dash = ValidatorSupport.dashLength(bytes, at: index)
                    guard dash > 0, !sawDash else { return nil }
                    sawDash = true
                    index += dash
                }
            }
            parsed.separator = start..<index
            parsed.separatorKind = sawDash ? .dash : .blank
        }
        guard parsed.digits.count == 13 else { return nil }
        return parsed
    }

    static func checksum(_ digits: DigitBuffer) -> Int {
        var sum = 0
        for index in 0..<12 { sum += rrnWeights[index] * Int(digits[index]) }
        return sum % 11
    }

    /// `(11 − s mod 11) mod 10`.
    static func rrnCheckDigitIsValid(_ digits: DigitBuffer) -> Bool {
        (11 - checksum(digits)) % 10 == Int(digits[12])
    }

    /// `(13 − s mod 11) mod 10` (≡ the RRN value + 2).
    static func frnCheckDigitIsValid(_ digits: DigitBuffer) -> Bool {
        (13 - checksum(digits)) % 10 == Int(digits[12])
    }

    /// The check digit of a corporate registration number (법인등록번호, `110111-0012345`: registry
    /// office, corporation type, serial): weights 1, 2, 1, 2 … over the first 12 digits,
    /// `(10 − s mod 10) mod 10`. Its first six digits read as a date (`110111`, `131111`), so in
    /// invoices and contracts it has the shape of a resident number.
    static func corporateCheckDigitIsValid(_ digits: DigitBuffer) -> Bool {
        var sum = 0
        for index in 0..<12 { sum += Int(digits[index]) * (index % 2 == 0 ? 1 : 2) }
        return (10 - sum % 10) % 10 == Int(digits[12])
    }

    /// Whether the number has a corporate registration number's shape: a registry office's code
    /// first (등기관서, `1101` Seoul to `28xx` Jeju: its first two digits 11–28) and a
    /// corporation type after it (법인종류, digits 5–6: 11 주식회사, 12 합명, 13 합자, 14 유한,
    /// 15 유한책임, 21 사단, 22 재단, 31 other) — read as a date, a birth year 1911–1928 or
    /// 2011–2028 and one of eight days, which few persons' numbers have.
    static func hasCorporateShape(_ digits: DigitBuffer) -> Bool {
        (11...28).contains(digits.number(0, 2)) && corporationTypes.contains(digits.number(4, 2))
    }
    private static let corporationTypes: Set<Int> = [11, 12, 13, 14, 15, 21, 22, 31]

    /// Words that name a corporate registration number (also negative keywords of the rule).
    static let corporateLabels = KeywordMatcher([
        "법인등록번호", "법인번호", "법인 등록번호", "corp_no", "corpno", "corp_reg_no",
        // the name in Korean public data (DART's company record: `jurir_no`, beside `bizr_no`)
        "jurir_no", "jurirno",
    ])

    /// Words of a business context: a company, its registry, a trading partner. A number with
    /// the corporate check digit next to one of them (nearer than any resident-number keyword)
    /// is a corporate registration number: `거래처 110111-3290923`, `(주)한빛 법인 110111-…`.
    static let corporateContext = KeywordMatcher([
        // (Not `상호`, a trade name's label: it is also a given name, `이상호`.)
        "법인", "주식회사", "(주)", "㈜", "거래처", "사업자", "회사", "corp", "corporate", "corporation", "company",
        "vendor", "supplier",
    ])

    /// Words that make a field or column name a company's number's (`corpRegNo`, `corp_reg_no`,
    /// `corporateRegistrationNumber`, `법인번호`): its `reg_no` is not a resident number's.
    /// (ASCII words match whole, camelCase parts included; see ``KeywordMatcher``.)
    static let corporateNameWords = KeywordMatcher(["법인", "corp", "corporate", "corporation", "company", "jurir", "jurirno"])

    /// Words of a person's record — staff, customers, applicants — that a business word may stand
    /// next to: `회사 직원 홍길동 870410-…` is an employee's number, not the company's.
    static let personContext = KeywordMatcher([
        "직원", "사원", "임직원", "입사", "퇴사", "고객", "회원", "성명", "이름", "본인", "지원자", "환자", "학생", "employee",
        "staff", "member", "customer", "applicant", "patient",
        // a company's workers, card holders, insured and applicants (`(주)한빛 소속 근로자 홍길동 …`)
        "근로자", "종업원", "사용자", "담당자", "가입자", "피보험자", "신청인", "신청자", "수급자", "worker",
        // a business's owner is a person (`사업자 대표자 820415-…`: a sole proprietor's number)
        "대표자", "대표이사", "representative", "ceo", "owner",
    ])

    /// Whether a business word before the candidate makes its number a company's: the business
    /// word is nearer than any resident-number keyword (``Candidate/hasNearerBefore(_:)``) and
    /// than any word of a person's record before it (one after it names what follows:
    /// `거래처 110111-… 고객사 …`).
    /// Another number between the word and the value is the one it labels (a flattened table's
    /// `주식회사 대원건설  21287597642  원영혁  911013-…`: the workplace's number, then a worker's) —
    /// unless it is a business registration number (`123-45-67890`, ten bare digits), which a
    /// company's registration number follows in contract and supplier tables.
    static func businessWordLabels(_ candidate: Candidate) -> Bool {
        guard candidate.hasNearerBefore(corporateContext) else { return false }
        let nothing = UnsafeRawBufferPointer(start: nil, count: 0)
        guard let business = corporateContext.distance(before: candidate.before, after: nothing) else { return false }
        if holdsOtherNumber(UnsafeRawBufferPointer(rebasing: candidate.before[(candidate.before.count - business)...])) { return false }
        guard let person = personContext.distance(before: candidate.before, after: nothing) else { return true }
        return business < person
    }

    /// Whether `text` holds a number of five digits or more (dashes within it allowed) that is
    /// not shaped like a business registration number.
    private static func holdsOtherNumber(_ text: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < text.count {
            guard ValidatorSupport.isDigit(text[index]) else {
                index += 1
                continue
            }
            var digits = 0
            var groups: [Int] = [0]
            while index < text.count && (ValidatorSupport.isDigit(text[index]) || (text[index] == 0x2D && groups.last! > 0)) {
                if text[index] == 0x2D { groups.append(0) } else { digits += 1; groups[groups.count - 1] += 1 }
                index += 1
            }
            let businessNumber = digits == 10 && (groups == [10] || groups == [3, 2, 5])
            if digits >= 5 && !businessNumber { return true }
        }
        return false
    }

    /// Words that make a field name a person's number's whatever else it holds
    /// (`companyEmployeeRrn`, `corp_ceo_jumin`); not the generic `reg_no` of `corpRegNo`.
    static let personNumberNameWords = KeywordMatcher(["rrn", "jumin", "ssn", "resno", "resident", "주민", "외국인"])

    /// Whether the candidate's field or column is a company's (`corpRegNo`, `corp_reg_no`): its
    /// name holds a corporate word and no word of a person's number (`companyEmployeeRrn` names
    /// an employee's).
    static func inCorporateField(_ candidate: Candidate) -> Bool {
        candidate.fieldNameHas(corporateNameWords) && !candidate.fieldNameHas(personNumberNameWords)
    }

    /// Whether a corporate-number label occurs in the candidate's context (its line, or the
    /// column name of a database cell).
    static func isLabelledCorporate(_ candidate: Candidate) -> Bool {
        if corporateLabels.occurs(in: candidate.before) || corporateLabels.occurs(in: candidate.after) { return true }
        return candidate.extraContext.withUnsafeBytes { corporateLabels.occurs(in: $0) }
    }

    /// Whether `before` ends with an ASCII letter or digit and then `-` or `_`.
    static func isJoinedToTokenBefore(_ before: UnsafeRawBufferPointer) -> Bool {
        guard before.count >= 2, before[before.count - 1] == 0x2D || before[before.count - 1] == 0x5F else { return false }
        return ValidatorSupport.isASCIIAlphanumeric(before[before.count - 2])
    }

    /// Whether `after` starts with a file name's extension: `.`, two to four ASCII letters (or
    /// digits after the first), then the end or a byte that is no letter, digit or `.`.
    static func startsWithExtension(_ after: UnsafeRawBufferPointer) -> Bool {
        guard after.count >= 3, after[0] == 0x2E, ValidatorSupport.isASCIILetter(after[1]) else { return false }
        var end = 2
        while end < after.count, end <= 5, ValidatorSupport.isASCIIAlphanumeric(after[end]) { end += 1 }
        guard end >= 3, end <= 5 else { return false }
        return end == after.count || !(ValidatorSupport.isASCIIAlphanumeric(after[end]) || after[end] == 0x2E)
    }

    /// Whether `after` is the rest of a file's name: its extension (``startsWithExtension(_:)``),
    /// or `_`, a word (ASCII letters and digits, or Hangul) and then the extension.
    static func endsFileName(_ after: UnsafeRawBufferPointer) -> Bool {
        guard let first = after.first else { return false }
        if first == 0x2E { return startsWithExtension(after) }
        guard first == 0x5F else { return false }
        var index = 1
        while index < after.count, index <= 48, ValidatorSupport.isASCIIAlphanumeric(after[index]) || after[index] >= 0x80 {
            index += 1
        }
        return index > 1 && startsWithExtension(UnsafeRawBufferPointer(rebasing: after[index...]))
    }

    /// Whether `after` starts with `-` or `_` and then an ASCII letter or digit.
    static func isJoinedToTokenAfter(_ after: UnsafeRawBufferPointer) -> Bool {
        guard after.count >= 2, after[0] == 0x2D || after[0] == 0x5F else { return false }
        return ValidatorSupport.isASCIIAlphanumeric(after[1])
    }

    /// Names of other values that say so only when they name this one — a key or label right
    /// before it, or its column: a record's time (`"updatedAt": 1708057902324`, milliseconds that
    /// read as a birth date) or a payment card's number (a 13-digit Visa number in a
    /// `card_number` column). Not negative keywords: after a value they name the next field of a
    /// record (`"국민연금가입자번호": "7404221537871", "nhisCardNo": …` is a resident number).
    static let otherValueNames = KeywordMatcher([
        "updated", "updatedat", "updated_at", "created", "createdat", "created_at", "modified", "modifiedat", "modified_at",
        "deleted", "deletedat", "deleted_at", "expires", "expiresat", "expires_at", "last_login", "lastlogin", "card", "card_no",
        "cardno", "card_number", "cardnumber", "pan", "카드", "카드번호",
    ])

    /// Whether ``otherValueNames`` labels the value or is in its field's or column's name, or
    /// that name is a time's (`"verifiedAt":"1705128276101"`, ``ValidatorSupport/namesTime(_:)``).
    static func namedOtherwise(_ candidate: Candidate) -> Bool {
        otherValueNames.labels(candidate.before) || candidate.fieldNameHas(otherValueNames)
            || ValidatorSupport.namesTime(candidate.fieldName)
    }

    /// Whether the 13 digits are a Korean product barcode: GS1 Korea's prefix `880` and a valid
    /// EAN-13 check digit (weights 1, 3, 1, 3 … over the first 12 digits, `(10 − s mod 10) mod 10`).
    /// `880MDD` reads as a birth date in 1988, and one such barcode in sixty also passes the
    /// resident number's check digit.
    static func isKoreanBarcode(_ digits: DigitBuffer) -> Bool {
        guard digits[0] == 8, digits[1] == 8, digits[2] == 0 else { return false }
        var sum = 0
        for index in 0..<12 { sum += Int(digits[index]) * (index % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == Int(digits[12])
    }

    /// The birth year's century from digit 7.
    static func century(_ g: UInt8) -> Int {
        switch g {
        case 9, 0: 1800
        case 1, 2, 5, 6: 1900
        default: 2000
        }
    }

    /// Whether the 13 digits read as a Unix time in milliseconds that a log or record holds
    /// rather than as a resident number: up to a month after `today`, and from the seven years
    /// before it (``timeStampYears``: logs and records of the years a data lake keeps; the
    /// children born 2010–2015 and 2018 whose numbers read as older or future times are not
    /// held back), or from 2001-09-09 on (the first 13-digit value) for a birth in the 1910s or
    /// 1810s (digit 7 neither 3, 4, 7 nor 8): a holder over a hundred years old.
    static func readsAsTimeStamp(_ digits: DigitBuffer, today: CalendarDate) -> Bool {
        let value = digits.number(0, 13)
        let day = 86_400_000
        guard value >= 1_000_000_000_000, value <= (today.daysSinceEpoch + 31) * day else { return false }
        return century(digits[6]) != 2000 || value >= (today.daysSinceEpoch - timeStampYears * 365 - timeStampYears / 4) * day
    }

    /// How many years back a bare run is read as a time stamp (``readsAsTimeStamp(_:today:)``).
    static let timeStampYears = 7

    public func assess(_ candidate: Candidate) -> Assessment? {
        guard let parsed = RRNValidator.parse(candidate.match) else { return nil }
        let digits = parsed.digits
        let g = digits[6]
        let dob = CalendarDate(
            year: RRNValidator.century(g) + digits.number(0, 2), month: digits.number(2, 2),
            day: digits.number(4, 2))
        // 1. A real calendar date for the century of digit 7.
        guard ValidatorSupport.isValidDate(year: dob.year, month: dob.month, day: dob.day) else { return nil }
        // 4. Not born after the scan date.
        guard dob <= candidate.today else { return nil }

        // Labelled as a corporate registration number (`법인등록번호`, `법인번호`, `corp_no`, nearer than
        // any RRN keyword) and carrying its check digit: a company's number, not a person's.
        let corporateCheck = RRNValidator.corporateCheckDigitIsValid(digits)
        if corporateCheck && candidate.hasNegativeKeyword && RRNValidator.isLabelledCorporate(candidate) {
            return nil
        }
        // In a company's field or column (`corpRegNo`: its `RegNo` would read as a resident
        // number's keyword), or with the corporate check digit after a business word (`거래처
        // 110111-…`, `(주)한빛 법인 …`): a company. A business word after the number labels
        // something else (`본인 951214-… / 소속법인 …`, an invoice's `… 상호 -  성명 …`).
        // (Below the threshold, not rejected: one resident number in ten carries the corporate
        // check digit too, and `--min-confidence 0` shows it.)
        // (Unlabelled, a corporate number also has its office and type codes: one random tail in
        // ten carries the corporate check digit, and few birth dates read as those codes.)
        let corporateShape = corporateCheck && RRNValidator.hasCorporateShape(digits)
        let readsAsCorporate =
            corporateShape && (RRNValidator.inCorporateField(candidate) || RRNValidator.businessWordLabels(candidate))

        let isForeigner = (5...8).contains(g)
        // Born on or after 2020-10-05: a random tail (spec §2.5), so a passing check digit is
        // chance (one in ten; two in ten for an FRN's two formulas), not evidence — an order
        // number `240502-3186640` dated this year passes as often. Scored as a failing one.
        let randomTail = dob >= RRNValidator.randomTailStart
        var state: State
        var bonus = 0.0
        if isForeigner && randomTail {
            state = .format
        } else if isForeigner {
            // 2. FRN (§3): FRN formula or the RRN formula (stdnum-style numbers) → STRONG.
            if RRNValidator.frnCheckDigitIsValid(digits) {
                state = .strong
                if digits.number(7, 2) % 2 == 0 { bonus += 0.05 }
                if (6...9).contains(digits[11]) { bonus += 0.05 }
            } else if RRNValidator.rrnCheckDigitIsValid(digits) {
                state = .strong
            } else {
                state = .format
            }
        } else if g == 9 || g == 0 {
            // 3. 1800s: historic records only.
            state = .historic
        } else if randomTail {
            state = .format  // 6. post-2020 random tail, whatever its check digit
        } else if RRNValidator.rrnCheckDigitIsValid(digits) {
            state = .strong  // 5.
        } else {
            state = .suspect  // 7. changed number or typo
        }

        var confidence: Double
        switch state {
        case .strong: confidence = 0.9
        case .format: confidence = 0.6
        case .suspect: confidence = 0.3
        case .historic: confidence = RRNValidator.rrnCheckDigitIsValid(digits) ? 0.3 : 0.15
        }
        confidence += bonus
        switch parsed.separatorKind {
        case .dash: confidence += 0.1
        case .none: confidence -= 0.1
        case .blank: break
        }
        // A column named for either number (`주민사업자번호`, `주민등록번호(사업자번호)`: a customer
        // is a person or a business) names a resident number as much as a business's.
        let eitherColumn = candidate.hasNegativeKeyword && BRNValidator.namesEitherNumber(candidate)
        if candidate.hasKeyword || eitherColumn { confidence += 0.2 }
        if candidate.hasNegativeKeyword && !eitherColumn { confidence -= 0.4 }
        // Named as something else (`주문번호 250227-5884121`, `"orderId":"…"`, a `serial` column),
        // whatever keyword comes after it (`"orderId":"…","jumin":"…"` names two values): order
        // numbers of this shape pass the check digit one time in ten.
        if confidence > 0.45 && !eitherColumn && (candidate.negativeKeywordLabelsValue || RRNValidator.namedOtherwise(candidate)) {
            confidence = 0.45
        }
        // 7. A SUSPECT number is "tier M with RRN context keyword or RRN-named column": one that
        // its key, label or column names (`mb_jumin`, `juminNo: 6912262716572`) is M though
        // written without its dash, as a database stores it — the bare run's −0.1 would put
        // every such typo or changed number at 0.4.
        if state == .suspect && parsed.separatorKind == .none && confidence < 0.5 && candidate.hasKeyword
            && !candidate.hasNegativeKeyword && candidate.keywordNamesValue
        {
            confidence = 0.5
        }
        if parsed.separatorKind == .none && !candidate.hasKeyword {
            // Bare 13-digit runs (barcodes, order ids, epoch-ms): never tier H without context,
            // and below M when no check digit backs them, or next to a negative keyword (an FRN's
            // issuer/type bonus must not lift `"ts":1606035087466` back to 0.5) — but for a
            // resident number born from 2020-10-05 on, whose random tail has no check digit to
            // back it: the spec's 0.6 − 0.1, tier M. (Not a foreigner's without either check
            // digit: one random 13-digit run in seventy has a date and a digit 5–8.)
            let ceiling = state == .strong && !candidate.hasNegativeKeyword
                ? 0.8 : state == .format && !isForeigner && !candidate.hasNegativeKeyword ? 0.5 : 0.45
            confidence = min(confidence, ceiling)
            // Read as Unix milliseconds, a bare run of the last seven years is a time stamp
            // (`"updated_at":1703295216951`, `app.js?v=1712126416179`): one in eight of those from
            // late 2023 to early 2024 passes as a birth date with a check digit. Without a keyword
            // it stays below the default threshold (a child's RRN, born in 2016 or 2017, written
            // without its dash and with no word about it, is the cost), as does one from 2001 on
            // that would make its holder a hundred years old (born in the 1910s).
            if RRNValidator.readsAsTimeStamp(digits, today: candidate.today) {
                confidence = min(confidence, 0.45)
            }
            // After a bank's name: an account (`우리은행    1002168445735` in a transfer file; the
            // bank's 13-digit accounts start 1002, a birth in February 2010).
            if BankAccountValidator.bankNameEnds(candidate.before) { confidence = min(confidence, 0.45) }
            // A product barcode (`8803041144267` in a catalogue's `code` column): a tenth of the
            // bare numbers of people born January to September 1988 is the cost.
            if RRNValidator.isKoreanBarcode(digits) { confidence = min(confidence, 0.45) }
            // A CJK stroke-order code (`2511125111134` in glibc's `cns11643_stroke` collation
            // table): digits 1–5 only, as one resident number in 8,000 has them.
            if (0..<13).allSatisfy({ (1...5).contains(digits[$0]) }) { confidence = min(confidence, 0.45) }
            // A value in an identifier's field (`"traceId":"2910215392266"`, a
            // `request_id` column): a random number, one in 250 of which passes by chance.
            // (Asked last: the name is split into words, and most runs are already below.)
            if confidence > 0.45 && ValidatorSupport.namesIdentifier(candidate.fieldName) { confidence = min(confidence, 0.45) }
        }

        // In a company's field without the corporate check digit (a typo, or another number):
        // not a resident number's place either.
        if confidence > 0.45 && RRNValidator.inCorporateField(candidate) { confidence = min(confidence, 0.45) }
        // No check digit of a person's number, but the corporate one, and no keyword: the shape
        // of a corporate registration number (office, type, serial: `110111-5xxxxxx` reads as an
        // FRN without its check digit), not of a random tail.
        // Not for a birth date from 2020-10-05 on: its tail is random, and one in ten random tails
        // carries the corporate check digit by chance.
        if corporateShape && (state == .format || state == .suspect) && !candidate.hasKeyword && dob < RRNValidator.randomTailStart {
            confidence = min(confidence, 0.45)
        }
        if readsAsCorporate { confidence = min(confidence, 0.4) }

        // Joined by `-` or `_` to a token before or after it: the date stamp of a build or
        // version (`nightly-d04c28f7a-251010` before a tab and a download count), an artefact's
        // name (`900101-1234568-debug`), not a number on its own.
        // But a number with its check digit joined by `_` to a name in a file's name, up to its
        // extension, names the file for its person (`…\scan\jyryu_950404-2101935.pdf`,
        // `770219-1892018_mehwang.xlsx`, `emp_8007101525851.xlsx`), as one beside a Hangul name
        // does (not `snapshot_900101-1234568`, an artefact's name without an extension).
        let joinedBefore = RRNValidator.isJoinedToTokenBefore(candidate.before)
        let joinedAfter = RRNValidator.isJoinedToTokenAfter(candidate.after)
        let namesFile = state == .strong && parsed.separatorKind != .blank && candidate.before.last != 0x2D
            && (candidate.before.last == 0x5F || candidate.after.first == 0x5F) && RRNValidator.endsFileName(candidate.after)
        if !candidate.hasKeyword && !namesFile && (joinedBefore || joinedAfter) {
            confidence = min(confidence, 0.45)
        }

        var masked = ValidatorSupport.string(digits.ascii(0..<6))
        masked += ValidatorSupport.string(ValidatorSupport.copy(candidate.match, parsed.separator))
        masked.append(Character(Unicode.Scalar(g + 0x30)))
        masked += "******"
        return Assessment(
            verdict: state == .strong ? .confirmed : .plausible,
            confidence: ValidatorSupport.score(confidence),
            category: isForeigner ? .frn : .rrn,
            canonical: digits.ascii(),
            masked: masked)
    }
}
