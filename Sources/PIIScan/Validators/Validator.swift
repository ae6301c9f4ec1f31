import PIIModel

/// What a validator sees of one regex match: the matched bytes and the bytes around it on the
/// same line (never beyond a line break), plus the context-keyword verdicts of the rule.
///
/// All buffers are views into the scanner's read buffer and are valid only during the call.
public struct Candidate {
    /// The matched bytes.
    public let match: UnsafeRawBufferPointer
    /// Up to ``Candidate/contextWidth`` bytes (or 64 characters) before the match, on the same line.
    public let before: UnsafeRawBufferPointer
    /// Up to ``Candidate/contextWidth`` bytes (or 64 characters) after the match, on the same line.
    public let after: UnsafeRawBufferPointer
    /// A rule keyword occurs in `before`/`after` (e.g. `주민번호`, `phone`) and no negative
    /// keyword is nearer to the value. Computed on each access: validators should ask only once
    /// the cheap checks have passed.
    public var hasKeyword: Bool {
        if let fixed { return fixed.keyword }
        return withMatchers { distances, keywords, negatives in
            guard let positive = distances.positive(keywords, before, after) else {
                return distances.negative(negatives, before, after) == nil
                    && extraContextHas(keywords, not: negatives, distances)
            }
            return distances.negative(negatives, before, after).map { positive <= $0 } ?? true
        }
    }
    /// A negative keyword occurs in `before`/`after` (e.g. `barcode`, `timestamp`) nearer to the
    /// value than any keyword: the context closest to a value is the one that describes it
    /// (`주문번호 … 여권번호 M12345678` is a passport number).
    public var hasNegativeKeyword: Bool {
        if let fixed { return fixed.negative }
        return withMatchers { distances, keywords, negatives in
            guard let negative = distances.negative(negatives, before, after) else {
                return distances.positive(keywords, before, after) == nil
                    && extraContextHas(negatives, not: keywords, distances)
            }
            return distances.positive(keywords, before, after).map { negative < $0 } ?? true
        }
    }
    /// Whether a negative keyword names this very value: it ends right before it, only a label's
    /// punctuation between (`주문번호: 010-…`, `"account_no":"…`), or — in a database cell or CSV
    /// column — it is in the column's name. A negative keyword elsewhere on the line (after the
    /// value, or before another number) names another value: `고객(010-2345-6789) 주문번호=2024…`.
    var negativeKeywordLabelsValue: Bool {
        if let fixed { return fixed.negative }
        return withMatchers { distances, keywords, negatives in
            negatives.labels(ValidatorSupport.labelContext(before)) || extraContextHas(negatives, not: keywords, distances)
        }
    }
    /// Distance in bytes from the value to the nearest of the rule's keywords on its line (`nil`
    /// when none is there, or for a candidate with fixed verdicts).
    var keywordDistance: Int? {
        guard fixed == nil else { return nil }
        return withMatchers { distances, keywords, _ in distances.positive(keywords, before, after) }
    }
    /// ``keywordDistance`` in characters (a Hangul syllable is one, not three bytes): the spec's
    /// windows are counted in characters (§8.2: an account's word within ±32 of them). For a
    /// word on the line before (a value answering it: `환불 받으실 계좌 말씀해 주세요⏎… 홍길동 :
    /// 110-…`), to that line's end: the answer's speaker and time are not between them.
    var keywordCharacterDistance: Int? {
        guard let bytes = keywordDistance else { return nil }
        var side: UnsafeRawBufferPointer = withMatchers { _, keywords, _ in
            keywords.distance(before: before, after: UnsafeRawBufferPointer(start: nil, count: 0)) == bytes
                ? UnsafeRawBufferPointer(rebasing: before[(before.count - bytes)...])
                : UnsafeRawBufferPointer(rebasing: after[..<min(bytes, after.count)])
        }
        if let newline = side.firstIndex(of: 0x0A) { side = UnsafeRawBufferPointer(rebasing: side[..<newline]) }
        return side.count(where: { $0 & 0xC0 != 0x80 })
    }
    /// Whether a keyword of the rule comes before the value on its line, nearer than any negative
    /// keyword before it — negatives after the value ignored: in a record, the key after a value
    /// names the next one (`"bank": "국민은행", "account": "…", "amount": 1630000`). With fixed
    /// verdicts: the fixed keyword verdict.
    var keywordBeforeOutranksNegatives: Bool {
        if let fixed { return fixed.keyword }
        return withMatchers { _, keywords, negatives in
            let nothing = UnsafeRawBufferPointer(start: nil, count: 0)
            guard let positive = keywords.distance(before: before, after: nothing) else { return false }
            return negatives.distance(before: before, after: nothing).map { positive < $0 } ?? true
        }
    }
    /// ``hasKeyword`` for a value inside a JSON string: the words after the string's end belong
    /// to the fields after it (`"from": "0805859868", "body": "…계좌…"` — not this value's
    /// words), so the context after the value stops at the closing quote that the next key
    /// follows (`", "body":`), or after that key when it is a sibling's (`","bank":`, which names
    /// the value's bank). Outside such a string, ``hasKeyword``.
    var hasKeywordInJSONString: Bool {
        guard fixed == nil, let end = ValidatorSupport.jsonStringEnd(after, wrapped: ValidatorSupport.typeWrapperStart(before) != nil) else {
            return hasKeyword
        }
        return withMatchers { distances, keywords, negatives in
            let inString = UnsafeRawBufferPointer(rebasing: after[..<end])
            guard let positive = keywords.distance(before: before, after: inString) else {
                return negatives.distance(before: before, after: inString) == nil
                    && extraContextHas(keywords, not: negatives, distances)
            }
            return negatives.distance(before: before, after: inString).map { positive <= $0 } ?? true
        }
    }
    /// Whether one of the rule's keywords names this very value: it labels it
    /// (``keywordLabelsValue``), or it is in the name of the value's field or column, without a
    /// negative keyword there (`mb_jumin`, `"juminNo":`, not `jumin_seq`).
    var keywordNamesValue: Bool {
        if let fixed { return fixed.keyword }
        return withMatchers { _, keywords, negatives in
            keywords.labels(ValidatorSupport.labelContext(before))
                || withFieldName { name in !name.isEmpty && keywords.occurs(in: name) && !negatives.occurs(in: name) }
        }
    }
    /// Whether a part of the name of the value's column, split at `/`, holds one of the rule's
    /// keywords and none of its negatives: a column of either of two numbers (`결제계좌/카드번호`,
    /// `account/card`) names each (another rule takes the other's values). Without a column or a
    /// `/` in its name, or with fixed verdicts: `false`.
    var columnPartNamesValue: Bool {
        guard fixed == nil else { return false }
        return withFieldName { name in
            guard name.contains(0x2F) else { return false }
            return withMatchers { _, keywords, negatives in
                name.split(separator: 0x2F).contains { part in
                    let part = UnsafeRawBufferPointer(rebasing: part)
                    return keywords.occurs(in: part) && !negatives.occurs(in: part)
                }
            }
        }
    }
    /// Whether one of the rule's keywords ends right before the value, only a label's
    /// punctuation between (`계좌번호: `, `"account_no":"`): it names this very value. With fixed
    /// verdicts: the fixed keyword verdict.
    var keywordLabelsValue: Bool {
        if let fixed { return fixed.keyword }
        return withMatchers { _, keywords, _ in keywords.labels(ValidatorSupport.labelContext(before)) }
    }
    /// Whether a word of `matcher` occurs on the line nearer to the value than any of the rule's
    /// keywords (or, the line having neither, in the extra context). `false` for a candidate with
    /// fixed verdicts (its context is not matched).
    func hasNearer(_ matcher: KeywordMatcher) -> Bool {
        guard fixed == nil else { return false }
        return withMatchers { distances, keywords, _ in
            guard let distance = matcher.distance(before: before, after: after) else {
                return distances.positive(keywords, before, after) == nil && extraContextHas(matcher, not: keywords, distances)
            }
            return distances.positive(keywords, before, after).map { distance < $0 } ?? true
        }
    }
    /// Like ``hasNearer(_:)``, for a word that must come *before* the value (a label): one after
    /// it labels what follows (`본인 951214-… / 소속법인 141111-…`: 법인 names the second number).
    func hasNearerBefore(_ matcher: KeywordMatcher) -> Bool {
        guard fixed == nil else { return false }
        return withMatchers { distances, keywords, _ in
            guard let distance = matcher.distance(before: before, after: UnsafeRawBufferPointer(start: nil, count: 0)) else {
                return matcher.distance(before: before, after: after) == nil
                    && distances.positive(keywords, before, after) == nil && extraContextHas(matcher, not: keywords, distances)
            }
            return distances.positive(keywords, before, after).map { distance < $0 } ?? true
        }
    }
    /// Whether `extraContext` (farther away than any byte on the line, so consulted only when
    /// the line says nothing) holds one of `words` and none of `others`.
    private func extraContextHas(_ words: KeywordMatcher, not others: KeywordMatcher, _ distances: KeywordDistances) -> Bool {
        guard !extraContext.isEmpty else { return false }
        return distances.occurs(words, in: extraContext) && !distances.occurs(others, in: extraContext)
    }
    /// The verdicts given to the public initializer; `nil` when they are computed from the
    /// rule's matchers.
    private let fixed: (keyword: Bool, negative: Bool)?
    /// The rule's keyword matchers and the keyword distances (computed at most once per
    /// candidate: validators ask for both verdicts, and each needs both distances). Held
    /// unretained, like the buffers: the scanner that made the candidate keeps them alive while
    /// its validator runs, and a candidate is made for every regex match, where retaining and
    /// releasing three objects cost more than the distances themselves.
    private let keywords: Unmanaged<KeywordMatcher>
    private let negativeKeywords: Unmanaged<KeywordMatcher>
    private let distances: Unmanaged<KeywordDistances>
    /// Context from outside the scanned bytes: the column name of a database cell (`jumin_no`,
    /// `phone`, `created_at`). Keywords on the line take precedence. Usually empty.
    let extraContext: [UInt8]
    /// The name of the structured field whose value the match is: a JSON or logfmt key, a CSV
    /// column (`nil` in free text; a database cell's column is in its extra context).
    public let field: String?
    /// The name of the field or database column holding the value, as bytes (empty when none).
    var fieldName: [UInt8] { field.map { Array($0.utf8) } ?? extraContext }

    /// Calls `body` with the name of the field or column holding the value (empty when none),
    /// without copying it.
    func withFieldName<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if var name = field { return name.withUTF8 { body(UnsafeRawBufferPointer($0)) } }
        return extraContext.withUnsafeBytes(body)
    }

    /// Whether a word of `matcher` occurs in the name of the field or column holding the value
    /// (without copying the name).
    func fieldNameHas(_ matcher: KeywordMatcher) -> Bool {
        if var name = field { return name.withUTF8 { matcher.occurs(in: UnsafeRawBufferPointer($0)) } }
        return extraContext.withUnsafeBytes { matcher.occurs(in: $0) }
    }

    /// Calls `body` with the distances and the two matchers, without retaining them.
    @inline(__always)
    private func withMatchers<Result>(_ body: (KeywordDistances, KeywordMatcher, KeywordMatcher) -> Result) -> Result {
        distances._withUnsafeGuaranteedRef { distances in
            keywords._withUnsafeGuaranteedRef { keywords in
                negativeKeywords._withUnsafeGuaranteedRef { negatives in body(distances, keywords, negatives) }
            }
        }
    }

    /// Stand-ins for a candidate with fixed verdicts: never consulted (the verdicts are
    /// returned before), so the shared mutable memo is never touched.
    private static let noKeywords = KeywordMatcher([])
    nonisolated(unsafe) private static let noDistances = KeywordDistances()
    /// The date of the scan, for rejecting birth dates in the future.
    public let today: CalendarDate

    /// How many bytes of context on each side the engine provides at least (clipped to the line).
    public static let contextWidth = 96
    /// The spec's window is ±64 *characters* (§1): where ``contextWidth`` bytes hold fewer (Hangul
    /// takes three bytes each), the window grows to 64 characters, up to ``contextReach`` bytes.
    public static let contextCharacters = 64
    public static let contextReach = 192

    public init(
        match: UnsafeRawBufferPointer, before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer,
        hasKeyword: Bool, hasNegativeKeyword: Bool, today: CalendarDate, field: String? = nil
    ) {
        self.match = match
        self.field = field
        self.before = before
        self.after = after
        fixed = (hasKeyword, hasNegativeKeyword)
        keywords = Unmanaged.passUnretained(Candidate.noKeywords)
        negativeKeywords = keywords
        distances = Unmanaged.passUnretained(Candidate.noDistances)
        extraContext = []
        self.today = today
    }

    /// A candidate whose verdicts come from the rule's matchers. `keywords`, `negativeKeywords`
    /// and `memo` must stay alive as long as the candidate is used (they are not retained).
    init(
        match: UnsafeRawBufferPointer, before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer,
        keywords: KeywordMatcher, negativeKeywords: KeywordMatcher, today: CalendarDate, extraContext: [UInt8] = [],
        field: String? = nil, memo: KeywordDistances
    ) {
        self.match = match
        self.field = field
        self.before = before
        self.after = after
        fixed = nil
        self.keywords = Unmanaged.passUnretained(keywords)
        self.negativeKeywords = Unmanaged.passUnretained(negativeKeywords)
        memo.reset()
        distances = Unmanaged.passUnretained(memo)
        self.extraContext = extraContext
        self.today = today
    }
}

/// A validator's conclusion about one candidate.
public struct Assessment: Equatable {
    public var verdict: Verdict
    /// Final confidence in [0, 1], context already applied.
    public var confidence: Double
    /// The category to report; `nil` keeps the rule's category. Validators use it to route
    /// (`kr-rrn` → `kr-frn`) and for masked look-alikes (`kr-rrn-masked`).
    public var category: Category?
    /// Normalised value for the keyed fingerprint (digits only for numbers, lower-cased domain
    /// for e-mail, E.164 for phones …). Two spellings of one value must give the same bytes.
    public var canonical: [UInt8]
    /// The value with its identifying part masked, e.g. `900101-1******`, `010-****-5678`,
    /// `h***@naver.com`. Must never reveal the whole value.
    public var masked: String
    /// Bytes to drop from the start / end of the match (e.g. a sentence's trailing dot after an
    /// e-mail address); the reported offset and length shrink accordingly.
    public var trimStart: Int
    public var trimEnd: Int

    public init(
        verdict: Verdict, confidence: Double, category: Category? = nil, canonical: [UInt8], masked: String,
        trimStart: Int = 0, trimEnd: Int = 0
    ) {
        self.verdict = verdict
        self.confidence = confidence
        self.category = category
        self.canonical = canonical
        self.masked = masked
        self.trimStart = trimStart
        self.trimEnd = trimEnd
    }
}

/// Decides whether a regex match is a real value of its kind. Implementations are stateless
/// and shared between threads; they work on bytes and allocate only for an accepted value.
public protocol Validator: Sendable {
    /// Returns `nil` when the match is not a value of this kind at all (same as `.rejected`).
    func assess(_ candidate: Candidate) -> Assessment?
}

/// A calendar date without time zone (the scan's "today").
public struct CalendarDate: Sendable, Equatable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian; negative before).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil: years start in March, so the leap day is last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Memo of a candidate's keyword distances (`nil` outer: not computed yet). Used by one thread;
/// a scanner reuses one for all its candidates (one allocation per scanner, not per match), which
/// is safe because a candidate lives only during its validator's call.
final class KeywordDistances {
    private var positiveDistance: Int?? = nil
    private var negativeDistance: Int?? = nil
    /// Whether a matcher's keywords occur in an extra context, for the contexts seen last: a
    /// column's name comes back with every value of the column (kept across candidates).
    private var occurrences: [(matcher: ObjectIdentifier, context: [UInt8], result: Bool)] = []
    private var nextSlot = 0
    static let occurrenceSlots = 16

    func reset() {
        positiveDistance = nil
        negativeDistance = nil
    }

    func positive(_ matcher: KeywordMatcher, _ before: UnsafeRawBufferPointer, _ after: UnsafeRawBufferPointer) -> Int? {
        if let known = positiveDistance { return known }
        let distance = matcher.distance(before: before, after: after)
        positiveDistance = .some(distance)
        return distance
    }

    /// `matcher.occurs(in: context)`, remembered for the last ``occurrenceSlots`` pairs.
    func occurs(_ matcher: KeywordMatcher, in context: [UInt8]) -> Bool {
        let id = ObjectIdentifier(matcher)
        for entry in occurrences where entry.matcher == id && entry.context == context { return entry.result }
        let result = context.withUnsafeBytes { matcher.occurs(in: $0) }
        if occurrences.count < KeywordDistances.occurrenceSlots {
            occurrences.append((id, context, result))
        } else {
            occurrences[nextSlot] = (id, context, result)
            nextSlot = (nextSlot + 1) % KeywordDistances.occurrenceSlots
        }
        return result
    }

    /// The distance to the nearest negative keyword in the value's own field (``FieldScope``):
    /// a negative keyword that is another field's key names that field's value.
    func negative(_ matcher: KeywordMatcher, _ before: UnsafeRawBufferPointer, _ after: UnsafeRawBufferPointer) -> Int? {
        if let known = negativeDistance { return known }
        var distance = matcher.distance(before: before, after: after)
        if let found = distance {
            // Only when there is one to discard: most values have no negative keyword near. One
            // that ends (or starts) nearer than both ends of the field, by a keyword's length, is in it.
            // (A value without a label of its own: the words after another value, in prose.)
            var start = FieldScope.start(before)
            if start == 0 { start = FieldScope.wordsAfterValue(before) }
            let end = FieldScope.end(after)
            if found + matcher.longest > min(before.count - start, end) {
                distance = matcher.distance(
                    before: UnsafeRawBufferPointer(rebasing: before[start...]), after: UnsafeRawBufferPointer(rebasing: after[..<end]))
            }
        }
        negativeDistance = .some(distance)
        return distance
    }
}
