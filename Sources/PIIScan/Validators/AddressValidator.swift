import PIIModel

/// Korean postal addresses (spec §6): road-name (`서울특별시 강남구 테헤란로 152 (역삼동)`) and
/// lot-number (`서울 강남구 역삼동 737-1`) forms.
///
/// The match is re-read as tokens: [시·도] [시·군·구 ×0–2] [읍·면] then either a road
/// (`…로`/`…길`, optional branch `12길`/`77번길`, optional `지하`, building number) or a
/// 동·리·가 with a lot number (optional `산`, `번지`), then 상세주소 (`101동 1203호`, `3층`) and
/// a parenthesised 참고항목. Anchor rule: a 시·도 or a 시·군·구 must be present.
///
/// Scores (§6.5): core with anchor 0.45; +0.15 known 시·도; +0.15 gazetteer 시·군·구 (or 세종
/// with no 시·군·구, which has none); +0.10 상세주소 or 참고항목; +0.15 a postcode whose prefix agrees
/// with the 시·도 within 24 bytes; +0.15 keyword; −0.30 hierarchy inconsistency (`충청북도 아산시`);
/// −0.4 negative keyword. Adverbs that look like road names (`그대로`, `앞으로`, anything ending
/// in `으로`) and common nouns that look like 동·리·가 (`활동`, `관리`, `평가`) are rejected, unless
/// the lot number has `산`, a sub-number or `번지` (`제주시 연동 312-1`: 연동 is also a 법정동).
/// Masked form: the address with every digit replaced by `*`.
public struct AddressValidator: Validator {
    public init() {}

    static func scalar(_ s: String) -> UInt32 { s.unicodeScalars.first!.value }
    static let si = scalar("시"), gun = scalar("군"), gu = scalar("구"), eup = scalar("읍"), myeon = scalar("면")
    static let dong = scalar("동"), ri = scalar("리"), ga = scalar("가"), ro = scalar("로"), gil = scalar("길")
    static let ceung = scalar("층"), ho = scalar("호"), san = scalar("산"), eu = scalar("으")
    static let jiha = Array("지하".utf8), beonji = Array("번지".utf8), sanWord = Array("산".utf8)

    /// Words ending in 로/길 that are adverbs or common nouns, not road names.
    static let roadStopWords = ByteWordSet(words: [
        "그대로", "이대로", "저대로", "제대로", "멋대로", "맘대로", "마음대로", "순서대로", "차례대로", "예정대로",
        "계획대로", "원래대로", "말대로", "뜻대로", "별도로", "추가로", "새로", "주로", "실제로", "정말로",
        "진짜로", "대체로", "서로", "바로", "따로", "홀로", "절로", "저절로", "스스로", "때때로", "억지로",
        "함부로", "도로", "뒤로", "위로", "아래로", "옆으로", "별로", "경로", "통로", "회로", "미로", "선로",
        "철로", "수로", "진로", "항로", "활로", "가로", "세로", "최초로", "최종적으로", "길", "이길", "그길",
        "저길", "가는길", "오는길", "출근길", "퇴근길", "귀갓길", "지름길", "갈림길", "골목길", "산길", "밤길",
        "빗길", "눈길", "뒷길", "샛길", "외길", "첫길", "등굣길", "하굣길", "오르막길", "내리막길",
    ])

    /// Common nouns in ``dongStopWords`` that are also the 법정동 of a district named right before
    /// them: `제주시 연동 248` is an address (연동 is among the most populous 동 of 제주시; 이동 is a
    /// 동 of 안산시 상록구 and of 포항시 남구) even with a bare lot number of two digits or more;
    /// elsewhere `연동` is "integration".
    static let dongStopWordDistricts: [String: Set<String>] = ["연동": ["제주시"], "이동": ["상록구", "남구"]]

    /// Words ending in 동/리/가 that are common nouns, not 법정동/리/가 names.
    static let dongStopWords = ByteWordSet(words: [
        "활동", "행동", "이동", "자동", "운동", "공동", "변동", "작동", "가동", "연동", "출동", "발동", "충동",
        "감동", "노동", "진동", "수동", "파동", "유동", "난동", "소동", "거리", "관리", "처리", "정리", "우리",
        "소리", "수리", "요리", "논리", "무리", "원리", "권리", "심리", "유리", "승리", "경리", "대리", "총리",
        "추가", "국가", "평가", "증가", "참가", "부가", "대가", "단가", "물가", "주가", "원가", "누가", "휴가",
        "전문가", "작가", "인가", "특가", "정가", "할인가", "판매가", "시가", "매매가", "지가", "공시지가", "하나가",
        "최저가", "최고가", "정상가", "구매가", "입찰가", "낙찰가", "감정가", "종가", "시작가",
    ])

    /// Up to 32 tokens (byte ranges) of the match outside parentheses.
    struct Tokens {
        var starts = SIMD32<Int32>()
        var ends = SIMD32<Int32>()
        var count = 0
        var hasReference = false

        subscript(index: Int) -> Range<Int> { Int(starts[index])..<Int(ends[index]) }

        mutating func append(_ range: Range<Int>) -> Bool {
            guard count < 32 else { return false }
            starts[count] = Int32(range.lowerBound)
            ends[count] = Int32(range.upperBound)
            count += 1
            return true
        }

        mutating func setStart(_ index: Int, _ start: Int) { starts[index] = Int32(start) }

        /// Splits token `index` in two at `position` (inside it); false when full.
        mutating func split(_ index: Int, at position: Int) -> Bool {
            guard count < 32 else { return false }
            var moved = count
            while moved > index + 1 {
                starts[moved] = starts[moved - 1]
                ends[moved] = ends[moved - 1]
                moved -= 1
            }
            ends[index + 1] = ends[index]
            starts[index + 1] = Int32(position)
            ends[index] = Int32(position)
            count += 1
            return true
        }
    }

    /// What the tokens say.
    struct Parsed {
        var sido: AddressGazetteer.Sido?
        var sidoToken: Range<Int>?
        var districts: (Range<Int>?, Range<Int>?) = (nil, nil)
        var districtCount = 0
        /// Index of the first token after the administrative part.
        var coreStart = 0
        /// Index one past the number token (and its `번지`).
        var coreEnd = 0
        var isRoad = false
        var hasDetail = false
    }

    // MARK: - Byte helpers

    /// The last syllable's scalar of `range` when the range is (or ends with) Hangul.
    @inline(__always)
    static func lastScalar(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt32? {
        guard range.count >= 3 else { return nil }
        return ValidatorSupport.scalar3(bytes, at: range.upperBound - 3)
    }

    /// Whether `range` is only Hangul syllables, at least `minimum` of them.
    static func isHangulWord(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, minimum: Int = 2) -> Bool {
        guard range.count >= 3 * minimum, range.count % 3 == 0 else { return false }
        var index = range.lowerBound
        while index < range.upperBound {
            guard ValidatorSupport.isHangulSyllable(bytes, at: index) else { return false }
            index += 3
        }
        return true
    }

    /// `\d{1,5}(-\d{1,4})?` exactly.
    static func isNumber(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        var main = 0
        while index < range.upperBound, ValidatorSupport.isDigit(bytes[index]) {
            main += 1
            index += 1
        }
        guard (1...5).contains(main) else { return false }
        if index == range.upperBound { return true }
        guard bytes[index] == 0x2D else { return false }
        index += 1
        var sub = 0
        while index < range.upperBound, ValidatorSupport.isDigit(bytes[index]) {
            sub += 1
            index += 1
        }
        return index == range.upperBound && (1...4).contains(sub)
    }

    /// Splits a token whose Hangul part is glued to a trailing number (`테헤란로152`,
    /// `역삼동737-1`): returns the index where the number starts, or `nil`.
    static func gluedNumberStart(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound, ValidatorSupport.isDigit(bytes[index - 1]) || bytes[index - 1] == 0x2D {
            index -= 1
        }
        guard index > range.lowerBound, index < range.upperBound, index - range.lowerBound >= 3,
            ValidatorSupport.isHangulSyllable(bytes, at: index - 3), isNumber(bytes, index..<range.upperBound)
        else { return nil }
        return index
    }

    static func tokenize(_ bytes: UnsafeRawBufferPointer, end: Int) -> Tokens? {
        var tokens = Tokens()
        var index = 0
        var start = -1
        var depth = 0
        while index <= end {
            let byte: UInt8 = index < end ? bytes[index] : 0x20
            let isBreak = ValidatorSupport.isBlank(byte) || byte == 0x2C || byte == 0x28 || byte == 0x29
            if isBreak {
                if start >= 0, depth == 0 {
                    guard tokens.append(start..<index) else { return nil }
                }
                start = -1
                if byte == 0x28 {
                    depth += 1
                    tokens.hasReference = true
                } else if byte == 0x29 {
                    depth = max(0, depth - 1)
                }
            } else if start < 0 {
                start = index
            }
            index += 1
        }
        return tokens
    }

    // MARK: - Parsing

    static func parse(_ bytes: UnsafeRawBufferPointer, _ tokens: inout Tokens) -> Parsed? {
        var parsed = Parsed()
        var i = 0
        guard tokens.count > 0 else { return nil }
        // 시·도, possibly glued to the next unit (`서울강남구`, `서울강남구테헤란로152`).
        let first = tokens[0]
        if let sido = AddressGazetteer.sidoTable.value(bytes, first) {
            parsed.sido = sido
            parsed.sidoToken = first
            i = 1
        } else if let (length, sido) = AddressGazetteer.sidoTable.longestPrefix(bytes, first),
            case let rest = (first.lowerBound + length)..<first.upperBound,
            (lastScalar(bytes, first).map { $0 == si || $0 == gun || $0 == gu } ?? false && isHangulWord(bytes, rest))
                || gluedDistrictLength(bytes, rest) != nil
        {
            parsed.sido = sido
            parsed.sidoToken = first.lowerBound..<(first.lowerBound + length)
            tokens.setStart(0, first.lowerBound + length)
        }
        // 시·군·구 (up to two: `성남시 분당구`), a known one possibly glued to what follows it
        // (`강남구테헤란로152`, `성남시분당구판교역로166`: the spec's pattern allows no blank at all).
        while i < tokens.count, parsed.districtCount < 2 {
            let token = tokens[i]
            if let length = gluedDistrictLength(bytes, token) {
                guard tokens.split(i, at: token.lowerBound + length) else { return nil }
            } else {
                guard isHangulWord(bytes, token), let last = lastScalar(bytes, token), last == si || last == gun || last == gu
                else { break }
            }
            if parsed.districtCount == 0 { parsed.districts.0 = tokens[i] } else { parsed.districts.1 = tokens[i] }
            parsed.districtCount += 1
            i += 1
        }
        // Anchor rule.
        guard parsed.sido != nil || parsed.districtCount > 0 else { return nil }
        // 읍·면.
        if i < tokens.count, isHangulWord(bytes, tokens[i]), let last = lastScalar(bytes, tokens[i]),
            last == eup || last == myeon
        {
            i += 1
        }
        guard i < tokens.count else { return nil }
        parsed.coreStart = i
        var name = tokens[i]
        var numberToken: Range<Int>?
        var unglued = name
        if name.count > 6, ValidatorSupport.hasSuffix(bytes, name, beonji) { unglued = name.lowerBound..<(name.upperBound - 6) }
        if let split = gluedNumberStart(bytes, unglued) {
            numberToken = split..<unglued.upperBound
            name = unglued.lowerBound..<split
        }
        guard let last = lastScalar(bytes, name) else { return nil }
        i += 1
        if last == ro || last == gil {
            parsed.isRoad = true
            guard !roadStopWords.contains(bytes, name) else { return nil }
            // `…으로` is the particle "towards", never a road name.
            if name.count >= 6, ValidatorSupport.scalar3(bytes, at: name.upperBound - 6) == eu { return nil }
            // A road name needs a Hangul syllable before its suffix (`info로` is not one) — or
            // is a number or an acronym of two or more (`1100로` in Jeju, `63로`, `APEC로`) in
            // a 시·군·구: after a 시·도 alone, `경기 314로2988` and `부산 29로 2891` are licence
            // plates (로 is one of their letters).
            var hasHangul = false
            var k = name.lowerBound
            while k + 3 < name.upperBound {
                if ValidatorSupport.isHangulSyllable(bytes, at: k) {
                    hasHangul = true
                    break
                }
                k += 1
            }
            guard hasHangul || parsed.districtCount > 0 && AddressValidator.isNumberOrAcronym(bytes, name.lowerBound..<(name.upperBound - 3))
            else { return nil }
            if numberToken == nil {
                // Branch road written apart: `성미산로 12길`, `퇴계로 77번길`.
                if i < tokens.count, ValidatorSupport.isDigit(bytes[tokens[i].lowerBound]),
                    lastScalar(bytes, tokens[i]) == gil
                {
                    i += 1
                }
                // Underground: `지하 2` or `지하2`.
                if i < tokens.count, ValidatorSupport.hasPrefix(bytes, tokens[i], jiha) {
                    let rest = (tokens[i].lowerBound + jiha.count)..<tokens[i].upperBound
                    if rest.isEmpty {
                        i += 1
                    } else if isNumber(bytes, rest) {
                        numberToken = rest
                        i += 1
                    }
                }
                if numberToken == nil {
                    guard i < tokens.count, isNumber(bytes, tokens[i]) else { return nil }
                    numberToken = tokens[i]
                    i += 1
                }
            }
        } else if last == dong || last == ri || last == ga {
            guard isHangulWordOrDigits(bytes, name) else { return nil }
            // A common noun that is also a 법정동 name (`연동` in 제주시, `이동` in 포항시 남구)
            // needs a lot number that only an address has: `산`, a sub-number or `번지`.
            let isStopWord = dongStopWords.contains(bytes, name)
            var isDistrictsOwn = false
            if isStopWord, parsed.districtCount > 0, parsed.coreStart > 0,
                let districts = dongStopWordDistricts[String(decoding: UnsafeRawBufferPointer(rebasing: bytes[name]), as: UTF8.self)]
            {
                // The district right before the name is the one where it is a 법정동.
                if let district = parsed.districtCount == 2 ? parsed.districts.1 : parsed.districts.0,
                    district.upperBound <= tokens[parsed.coreStart].lowerBound,
                    districts.contains(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[district]), as: UTF8.self))
                {
                    isDistrictsOwn = true
                }
            }
            var isLotShaped = unglued.count != tokens[parsed.coreStart].count  // `연동404번지`
            if numberToken == nil {
                if i < tokens.count, ValidatorSupport.equals(bytes, tokens[i], sanWord) {
                    isLotShaped = true
                    i += 1
                }
                guard i < tokens.count else { return nil }
                var token = tokens[i]
                if ValidatorSupport.hasPrefix(bytes, token, sanWord) {
                    token = (token.lowerBound + 3)..<token.upperBound
                    isLotShaped = true
                }
                if ValidatorSupport.hasSuffix(bytes, token, beonji) {
                    token = token.lowerBound..<(token.upperBound - 6)
                    isLotShaped = true
                }
                guard isNumber(bytes, token) else { return nil }
                numberToken = token
                i += 1
            }
            if i < tokens.count, ValidatorSupport.equals(bytes, tokens[i], beonji) {
                isLotShaped = true
                i += 1
            }
            if let number = numberToken, bytes[number].contains(0x2D) { isLotShaped = true }
            // In its own district, a bare lot number of two digits or more will do (`제주시 연동 248`;
            // `제주시 연동 3` stays a count), or of one under its province too
            // (`제주특별자치도 제주시 연동 3`).
            let isLotNumber = isDistrictsOwn && (numberToken.map { $0.count >= 2 || parsed.sido != nil } ?? false)
            guard !isStopWord || isLotShaped || isLotNumber else { return nil }
        } else {
            return nil
        }
        parsed.coreEnd = i
        // 상세주소: `101동`, `1203호`, `3층`, `B동`.
        while i < tokens.count {
            if let last = lastScalar(bytes, tokens[i]), last == dong || last == ho || last == ceung,
                tokens[i].count > 3
            {
                parsed.hasDetail = true
            }
            i += 1
        }
        return parsed
    }

    /// The length of the known 시·군·구 name `token` starts with, when more follows it (a road or
    /// 동 name, another district): `강남구` of `강남구테헤란로152`. Nil for a token that is one
    /// name, or that starts with none.
    static func gluedDistrictLength(_ bytes: UnsafeRawBufferPointer, _ token: Range<Int>) -> Int? {
        guard token.count > 9 else { return nil }
        // The longest prefix of two syllables or more that ends in 시, 군 or 구 and is a 시·군·구
        // name, with a syllable after it: only those prefixes are looked up (most tokens, road
        // names, hold none; a lookup of every prefix cost a database scan 5 %).
        var length = 0
        var end = token.lowerBound + 3
        while end + 3 <= token.upperBound, let scalar = ValidatorSupport.scalar3(bytes, at: end), scalar >= 0xAC00, scalar <= 0xD7A3 {
            end += 3
            if end + 3 <= token.upperBound, scalar == si || scalar == gun || scalar == gu,
                ValidatorSupport.isHangulSyllable(bytes, at: end),
                AddressGazetteer.districtTable.value(bytes, token.lowerBound..<end) != nil
            {
                length = end - token.lowerBound
            }
        }
        guard length > 0, ValidatorSupport.isHangulSyllable(bytes, at: token.lowerBound) else { return nil }
        // `여수시청로`, `강남구청앞길`: a road named after the city or district hall (`시청`,
        // `구청`), not the district and a road `청로` (`서구청라커낼로` is 서구 and 청라커낼로).
        let next = token.lowerBound + length
        if bytes[next] == 0xEC && bytes[next + 1] == 0xB2 && bytes[next + 2] == 0xAD, next + 6 <= token.upperBound,
            hallFollowers.contains(where: { $0.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[(next + 3)..<(next + 6)])) })
        {
            return nil
        }
        return length
    }

    /// Syllables after `청` that make it a hall's (`시청로`, `구청길`, `시청앞`, `시청역`, `구청사`, `시청대로`).
    private static let hallFollowers: [[UInt8]] = ["로", "길", "앞", "역", "사", "대"].map { Array($0.utf8) }

    /// Whether `range` is two to six ASCII digits, or two to six upper-case ASCII letters: a
    /// road's name without Hangul (`1100로`, `63로`, `APEC로`).
    static func isNumberOrAcronym(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard (2...6).contains(range.count) else { return false }
        return range.allSatisfy { ValidatorSupport.isDigit(bytes[$0]) } || range.allSatisfy { bytes[$0] >= 0x41 && bytes[$0] <= 0x5A }
    }

    /// Hangul syllables and ASCII digits only (`종로1가`, `도움5동`), at least two syllables long.
    static func isHangulWordOrDigits(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        var syllables = 0
        while index < range.upperBound {
            if ValidatorSupport.isDigit(bytes[index]) {
                index += 1
            } else if ValidatorSupport.isHangulSyllable(bytes, at: index) {
                syllables += 1
                index += 3
            } else {
                return false
            }
        }
        return syllables >= 2
    }

    /// A 5-digit postcode within 24 bytes before or after the match whose prefix fits `sido` (with
    /// `inMatch`, also one that ends the match: the English form's `…, Seoul 06236`).
    static func hasAgreeingPostcode(_ candidate: Candidate, sido: AddressGazetteer.Sido, inMatch: Bool = false) -> Bool {
        func scan(_ bytes: UnsafeRawBufferPointer, _ window: Range<Int>) -> Bool {
            var index = window.lowerBound
            while index < window.upperBound {
                guard ValidatorSupport.isDigit(bytes[index]) else {
                    index += 1
                    continue
                }
                let start = index
                while index < bytes.count, ValidatorSupport.isDigit(bytes[index]) { index += 1 }
                let before = start > 0 ? bytes[start - 1] : 0x20
                let after = index < bytes.count ? bytes[index] : 0x20
                // Exactly five digits, not part of a longer number or a `135-080`-style code.
                if index - start == 5, !ValidatorSupport.isDigit(before), before != 0x2D, after != 0x2D {
                    let prefix = Int(bytes[start] - 0x30) * 10 + Int(bytes[start + 1] - 0x30)
                    if sido.postcodePrefixes.contains(prefix) { return true }
                }
            }
            return false
        }
        let before = candidate.before
        let after = candidate.after
        let match = candidate.match
        return scan(before, max(0, before.count - 24)..<before.count) || scan(after, 0..<min(after.count, 24))
            || (inMatch && scan(match, max(0, match.count - 8)..<match.count))
    }

    /// The normalised address: current 시·도 name, then the tokens up to the detail separated by
    /// single spaces; a number glued to its road, 동 or `지하`/`산` is split off, a branch road is
    /// glued to its road (`성미산로 12길` → `성미산로12길`), `번지` and references are dropped.
    static func canonical(_ bytes: UnsafeRawBufferPointer, _ tokens: Tokens, _ parsed: Parsed) -> [UInt8] {
        // Built in one array, straight from the match's bytes (no array per token).
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        /// The length of `지하` or `산` when `token` starts with it (a basement or mountain lot).
        func numberPrefix(_ token: Range<Int>) -> Int? {
            if ValidatorSupport.hasPrefix(bytes, token, jiha) { return jiha.count }
            return ValidatorSupport.hasPrefix(bytes, token, sanWord) ? sanWord.count : nil
        }
        func emit(_ range: Range<Int>, glued: Bool = false) {
            guard !range.isEmpty else { return }
            if !out.isEmpty && !glued { out.append(0x20) }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        if let sido = parsed.sido { out.append(contentsOf: sido.fullName.utf8) }
        let first = parsed.sidoToken.map { $0 == tokens[0] } ?? false ? 1 : 0
        for t in first..<tokens.count {
            var token = tokens[t]
            if ValidatorSupport.hasSuffix(bytes, token, beonji) { token = token.lowerBound..<(token.upperBound - 6) }
            if token.isEmpty { continue }
            let isBranch = t > parsed.coreStart && t < parsed.coreEnd && ValidatorSupport.isDigit(bytes[token.lowerBound])
                && lastScalar(bytes, token) == gil
            if isBranch {
                emit(token, glued: true)
            } else if let prefix = numberPrefix(token), token.count > prefix, ValidatorSupport.isDigit(bytes[token.lowerBound + prefix]) {
                emit(token.lowerBound..<(token.lowerBound + prefix))
                emit((token.lowerBound + prefix)..<token.upperBound)
            } else if let split = gluedNumberStart(bytes, token) {
                emit(token.lowerBound..<split)
                emit(split..<token.upperBound)
            } else {
                emit(token)
            }
        }
        return out
    }

    // MARK: - Assessment

    /// Words for a place relative to a building (front, across, around, nearby, the area of),
    /// and the particles that may follow them.
    private static let placeWords: [[UInt8]] = ["앞", "건너편", "맞은편", "일원", "일대", "부근", "근처", "인근", "주변", "옆", "뒤편", "사거리", "교차로", "방면", "방향"]
        .map { Array($0.utf8) }
    private static let placeParticles: [[UInt8]] = ["", "에", "에서", "으로", "로", "의", "까지", "부터", "은", "는", "이", "을"].map { Array($0.utf8) }

    /// Whether `after` (the bytes after an address that ends with its building number) opens
    /// with such a word, a blank or none before it, as a word of its own or with a particle
    /// (`앞`, ` 건너편에서`, ` 일원으로`; not ` 앞동`).
    static func isFollowedByPlaceWord(_ after: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        if start < after.count, ValidatorSupport.isBlank(after[start]) { start += 1 }
        var end = start
        while end + 2 < after.count, ValidatorSupport.isHangulSyllable(after, at: end) { end += 3 }
        guard end > start else { return false }
        for word in placeWords where end - start >= word.count && ValidatorSupport.equals(after, start..<(start + word.count), word) {
            let rest = (start + word.count)..<end
            if placeParticles.contains(where: { ValidatorSupport.equals(after, rest, $0) }) { return true }
        }
        return false
    }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        var end = bytes.count
        while end > 0, ValidatorSupport.isBlank(bytes[end - 1]) || bytes[end - 1] == 0x2C { end -= 1 }
        guard end > 0, var tokens = AddressValidator.tokenize(bytes, end: end),
            let parsed = AddressValidator.parse(bytes, &tokens)
        else { return nil }

        var confidence = 0.45
        if parsed.sido != nil { confidence += 0.15 }
        var inconsistent = false
        var known = false
        var districtMasks: UInt32 = ~0
        func check(_ district: Range<Int>?) {
            guard let district, let mask = AddressGazetteer.districtTable.value(bytes, district) else { return }
            known = true
            if let sido = parsed.sido, mask & sido.bit == 0 { inconsistent = true }
            districtMasks &= mask
        }
        check(parsed.districts.0)
        check(parsed.districts.1)
        if known && districtMasks == 0 { inconsistent = true }  // `아산시 분당구`
        if parsed.sido == .sejong && parsed.districtCount > 0 && !known { inconsistent = true }
        if known || (parsed.sido == .sejong && parsed.districtCount == 0) { confidence += 0.15 }
        if parsed.hasDetail || tokens.hasReference { confidence += 0.10 }
        if let sido = parsed.sido, AddressValidator.hasAgreeingPostcode(candidate, sido: sido) { confidence += 0.15 }
        if candidate.hasKeyword { confidence += 0.15 }
        if inconsistent { confidence -= 0.30 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }
        // A place by the building, not where someone lives or works (`중앙로 12 앞` in a parking
        // fine, `공지로 129 일원` in council minutes): at most 0.4.
        // (Right after a road address's building number, where the spec's pattern ends no
        // address; not after a detail or a reference part — `중앙로 393-11 (장항동, …) 앞
        // 교차로` is one — nor after a lot number, which the spec's lot pattern lets a blank and
        // a word follow: `율문리 376-25번지 일원`.)
        if parsed.isRoad && !parsed.hasDetail && !tokens.hasReference && !bytes[end...].contains(0x2C)
            && AddressValidator.isFollowedByPlaceWord(candidate.after)
        {
            confidence = min(confidence, 0.4)
        }

        let canonical = AddressValidator.canonical(bytes, tokens, parsed)
        // Digits masked, written straight into the string (one allocation per address).
        let masked = ValidatorSupport.string(capacity: end) { display in
            for index in 0..<end {
                display[index] = ValidatorSupport.isDigit(bytes[index]) ? UInt8(ascii: "*") : bytes[index]
            }
            return end
        }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: .address,
            canonical: canonical, masked: masked, trimEnd: bytes.count - end)
    }
}
