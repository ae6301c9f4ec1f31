import PIIModel

/// Korean bank account numbers (계좌번호, spec §8.2): 10–14 digits, bare or in two to four
/// dash-separated groups whose layout differs by bank (`110-123-456789`, `1002-123-456789`,
/// `123456-01-234567`). No bank discloses its check digits, so no number is an account by its
/// shape: one is reported only with an account word (`계좌`, `입금`, `예금주`, a bank's name,
/// `account_no` …) at most ``keywordReach`` characters away on its line or in its column's
/// name, and no nearer negative keyword (`주문번호`, `연락처`, `카드`, `timestamp` …). Tier M of the spec:
/// `plausible`, 0.75 when the word labels the number (`계좌번호: `), 0.65 otherwise.
///
/// A mobile number in an account's context is an account (spec §8.2: lifetime account numbers
/// are often the holder's mobile number): the phone rule gives way there. Rejected: one digit
/// repeated, an amount (`1234567890원`), and a bare epoch timestamp (10 or 13 digits from
/// 13… to 19…) or `yyyyMMddHHmmss` time stamp that the word does not label.
public struct BankAccountValidator: Validator {
    public init() {}

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard let (digits, dashes) = ValidatorSupport.digitsAndDashes(bytes) else { return nil }
        let groups = dashes + 1
        guard (10...14).contains(digits.count), !digits.allSame else { return nil }
        // An amount in won: `1234567890원`; an AWS account id in a resource name.
        if BankAccountValidator.startsWithWon(candidate.after) || ValidatorSupport.isARNAccountField(candidate.before) { return nil }
        // In a record (a JSON or logfmt field), a word after the value names the next field.
        let nameWords = candidate.withFieldName(BankAccountValidator.accountNameWords)
        // A cloud provider's account (`"awsAccountNumber": "123456789101"`) or a ledger's
        // (`gl_account`), whatever else is near.
        if let nameWords, nameWords.contains(where: { BankAccountValidator.cloudAccountWords.contains($0) || BankAccountValidator.ledgerAccountWords.contains($0) }) {
            return nil
        }
        let namedByField = nameWords.map(BankAccountValidator.namesAccount) ?? false
        // (A column of an account or a card, `결제계좌/카드번호`, names an account: the card rule
        // takes the cards, sixteen digits and more.)
        let hasContext =
            namedByField || candidate.hasKeywordInJSONString || (candidate.field != nil && candidate.keywordBeforeOutranksNegatives)
            || candidate.columnPartNamesValue
        // Without an account word: a short bank name right before it (`하나 433-587578-98072`).
        let namedByShortBankName = !hasContext && BankAccountValidator.shortBankNameLabels(candidate.before)
        guard hasContext || namedByShortBankName, !candidate.negativeKeywordLabelsValue else { return nil }
        // A landline's digits (`문의 신한은행 02-3142-7788`, `출금 안내 문의 0231427788`): the
        // bank's or the sender's number, unless an account number's word names it (`계좌:
        // 02-…`) or its column is an account's; banks use mobile numbers as account numbers, not
        // these.
        if PhoneValidator.isFixedLineNumber(bytes), !namedByField,
            !PhoneValidator.accountWordNames(candidate.before, words: PhoneValidator.accountNumberWords),
            !((candidate.field != nil || !candidate.extraContext.isEmpty) && candidate.fieldNameHas(PhoneValidator.accountFieldWords))
        {
            return nil
        }
        // Labelled: by a word right before it, or by its field's or column's name.
        let labelled = !namedByShortBankName && (candidate.keywordLabelsValue || candidate.keywordDistance == nil || namedByField)
        if let distance = candidate.keywordCharacterDistance, distance > BankAccountValidator.keywordReach { return nil }
        if groups == 1 && (digits.count == 10 || digits.count == 13) && digits[0] == 1 && digits[1] >= 3 && !labelled {
            return nil  // seconds or milliseconds since 1970, from 2011 on
        }
        if groups == 1 && digits.count == 14 && !labelled && BankAccountValidator.isDateTime(digits) {
            return nil  // `20241127143005`: a time stamp written yyyyMMddHHmmss
        }
        return Assessment(
            verdict: .plausible, confidence: labelled ? 0.75 : 0.65, category: .bankAccount, canonical: digits.ascii(),
            masked: ValidatorSupport.maskingDigits(bytes, showing: 3, and: 2, of: digits.count))
    }

    /// The words (camelCase or `_`-separated, lower case) of a field or column name that holds
    /// the word `account`, `accounts` or `vaccount`; nil for any other name.
    static func accountNameWords(_ name: UnsafeRawBufferPointer) -> [[UInt8]]? {
        // Most names do not hold `ccount` in any case: no words are made for them.
        guard name.count >= 7, (0...(name.count - 6)).contains(where: { start in
            (0..<6).allSatisfy { ValidatorSupport.lowercased(name[start + $0]) == ccount[$0] }
        }) else { return nil }
        let words = ValidatorSupport.nameWords(Array(name))
        return words.contains(where: { $0 == accountWord || $0 == accountsWord || $0 == virtualAccountWord }) ? words : nil
    }
    private static let ccount = Array("ccount".utf8)
    private static let accountWord = Array("account".utf8)
    private static let accountsWord = Array("accounts".utf8)
    /// A payment gateway's virtual account (가상계좌: `vaccountNo`, `vaccount_num`).
    private static let virtualAccountWord = Array("vaccount".utf8)

    /// Whether the words of a name holding `account` (``accountNameWords(_:)``) say it holds an
    /// account number (`settlementAccount`, `payout_account`, `ACCOUNT_NUMBER`): it does not end
    /// in an identifier's word (`accountId`: a system's number for a login). Only in a name:
    /// `account 1234567890` in a sentence is any kind of account.
    static func namesAccount(_ words: [[UInt8]]) -> Bool {
        !ValidatorSupport.identifierWords.contains(words.last!)
    }

    /// Words that make an account a cloud provider's or a system's, not a bank's: AWS names its
    /// 12-digit account ids `ownerAccount`, `resourceOwnerAccount`, `administratorAccount`,
    /// `CreatedByAccount`, `IssuingAccount`, `awsAccountNumber`; `serviceAccount` is Kubernetes'
    /// and Google Cloud's.
    static let cloudAccountWords: Set<[UInt8]> = Set(
        ["aws", "arn", "iam", "owner", "administrator", "admin", "created", "issuing", "service", "delegated", "gateway", "role"]
            .map { Array($0.utf8) })

    /// Words that make an account a ledger's, not a bank's: a general-ledger account code in an
    /// ERP or payroll export (`gl_account`, `GLAccount`, `ledger_account`, `expense_account`,
    /// `cost_account`, `offset_account`): a number in the chart of accounts.
    static let ledgerAccountWords: Set<[UInt8]> = Set(
        ["gl", "ledger", "coa", "expense", "revenue", "cost", "budget", "offset", "contra"].map { Array($0.utf8) })

    /// Bank names that are everyday words as well (`하나` one, `우리` we, `국민` nation, `기업`
    /// company): a bank's only as a word of their own right before the number, a
    /// blank or `:` between (`payout to 하나 433-587578-98072`, `국민 123456-01-234567 홍길동`).
    /// Their longer forms (`하나은행`, `KB국민`, `IBK기업`) are keywords anywhere on the line.
    static func shortBankNameLabels(_ before: UnsafeRawBufferPointer) -> Bool {
        var end = before.count
        while end > 0 && before.count - end < 3 && (before[end - 1] == 0x20 || before[end - 1] == 0x09 || before[end - 1] == 0x3A) {
            end -= 1
        }
        guard end < before.count else { return false }
        return shortBankNames.contains { name in
            guard end >= name.count, (0..<name.count).allSatisfy({ before[end - name.count + $0] == name[$0] }) else { return false }
            let start = end - name.count
            // A word of its own: not the end of a longer one (`그중하나`, `MZ우리`).
            return start == 0 || (before[start - 1] < 0x80 && !ValidatorSupport.isASCIIAlphanumeric(before[start - 1]))
        }
    }
    private static let shortBankNames: [[UInt8]] = ["하나", "우리", "국민", "기업"].map { Array($0.utf8) }

    /// Whether a bank's name ends `before`, blanks or a `:` after it (up to sixteen bytes: a
    /// fixed-width transfer file pads its fields): a word ending in `은행` or `뱅크`, a name the
    /// account rule takes as its word (`신한`, `농협`, `우체국` …) as a word of its own, or a
    /// short name that is an everyday word too (``shortBankNameLabels(_:)``). The number after
    /// it is an account's: a mobile number (`마음 전하실 곳: 신한 010-4126-3165`) or a 13-digit
    /// one that reads as a child's resident number (`우리은행    1002168445735`).
    static func bankNameEnds(_ before: UnsafeRawBufferPointer) -> Bool {
        if shortBankNameLabels(before) { return true }
        var end = before.count
        while end > 0 && before.count - end < 16 && (before[end - 1] == 0x20 || before[end - 1] == 0x09 || before[end - 1] == 0x3A) {
            end -= 1
        }
        guard end < before.count else { return false }
        let word = UnsafeRawBufferPointer(rebasing: before[..<end])
        if word.count >= 6, word[(end - 6)...].elementsEqual("은행".utf8) || word[(end - 6)...].elementsEqual("뱅크".utf8) { return true }
        return bankNames.contains { name in
            guard end >= name.count, before[(end - name.count)..<end].elementsEqual(name) else { return false }
            let start = end - name.count
            return start == 0 || (before[start - 1] < 0x80 && !ValidatorSupport.isASCIIAlphanumeric(before[start - 1]))
        }
    }
    private static let bankNames: [[UInt8]] = ["신한", "농협", "신협", "수협", "우체국", "새마을금고", "씨티", "카뱅", "케뱅"].map { Array($0.utf8) }

    /// Most characters between an account word on the line and the number (spec §8.2: ±32;
    /// `환불계좌 정보 — 신한은행 예금주 홍길동 110-…`). A Hangul syllable is one: 64 bytes were
    /// 21 syllables of a duty log's Korean but 64 characters of an English visitor log
    /// (`농협은행 Gimpo branch staff escorted by … pass ref 2025-1001-847158`).
    static let keywordReach = 32

    /// Whether 14 digits read as a date and time `yyyyMMddHHmmss` of 1970–2099 (one account
    /// number in tens of thousands does by chance).
    static func isDateTime(_ digits: DigitBuffer) -> Bool {
        (1970...2099).contains(digits.number(0, 4)) && (1...12).contains(digits.number(4, 2)) && (1...31).contains(digits.number(6, 2))
            && digits.number(8, 2) < 24 && digits.number(10, 2) < 60 && digits.number(12, 2) < 60
    }

    /// `원` (U+C6D0) in UTF-8.
    private static func startsWithWon(_ after: UnsafeRawBufferPointer) -> Bool {
        after.count >= 3 && after[0] == 0xEC && after[1] == 0x9B && after[2] == 0x90
    }
}
