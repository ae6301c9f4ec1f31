import PIIModel

/// Korean postal addresses in English notation (spec §6.6): the Korean order reversed, building
/// number first — `152, Teheran-ro, Gangnam-gu, Seoul 06236`, `42, Toegye-ro 77beon-gil,
/// Chuncheon-si, Gangwon-do`, or a lot number `737-1, Yeoksam-dong, Gangnam-gu, Seoul`.
///
/// The regex fixes the shape (building number, a `-ro`/`-gil`/`-dong` name, an optional
/// `-eup`/`-myeon`, one or two `-si`/`-gun`/`-gu`, an optional 시·도); this reads the names and
/// scores like ``AddressValidator`` (§6.5): core 0.45; +0.15 a 시·도; +0.15 a 시·군·구 of the
/// gazetteer (or 세종 with no 시·군·구); +0.10 a detail before it (`Apt. 304`, `101-dong
/// 1203-ho`); +0.15 a postcode agreeing with the 시·도; +0.15 keyword; −0.30 a 시·군·구 that is not
/// in the 시·도 (`Gangnam-gu, Busan`); −0.4 negative keyword; a lot-number form needs its 시·도 or a
/// keyword to reach 0.5 (given names end in `-ri` and `-dong`: `17,Yu-ri,Jung-gu`). `Seoul-si`
/// and the like are the 시·도. The gazetteer's 시·군·구 are
/// matched through their Revised Romanization (``Romanization``), compared without case and
/// hyphens (`Gangnam-gu`, `gangnam-Gu`, `Gangnamgu`). Masked form: every digit replaced by `*`.
public struct RomanizedAddressValidator: Validator {
    public init() {}

    /// 시·도 by their English names, lower case, without `-do`/`-si` (`gyeonggi`, `chungcheongbuk`).
    static let sidoNames: [String: AddressGazetteer.Sido] = [
        "seoul": .seoul, "busan": .busan, "daegu": .daegu, "incheon": .incheon, "gwangju": .gwangju,
        "daejeon": .daejeon, "ulsan": .ulsan, "sejong": .sejong, "gyeonggi": .gyeonggi, "gangwon": .gangwon,
        "chungcheongbuk": .chungbuk, "chungbuk": .chungbuk, "chungcheongnam": .chungnam, "chungnam": .chungnam,
        "jeollabuk": .jeonbuk, "jeonbuk": .jeonbuk, "jeollanam": .jeonnam, "jeonnam": .jeonnam,
        "gyeongsangbuk": .gyeongbuk, "gyeongbuk": .gyeongbuk, "gyeongsangnam": .gyeongnam, "gyeongnam": .gyeongnam,
        "jeju": .jeju,
    ]

    /// 시·군·구 of ``AddressGazetteer`` by their romanised names, lower case without hyphens
    /// (`gangnamgu`), mapped to the mask of the 시·도 that have them.
    static let districts: [String: UInt32] = {
        var table: [String: UInt32] = [:]
        for (sido, names) in AddressGazetteer.districtsBySido {
            for name in names { table[romanizedKey(name), default: 0] |= sido.bit }
        }
        return table
    }()

    /// `강남구` → `gangnamgu`: the stem's romanisation and the unit's (`si`, `gun`, `gu`), which a
    /// hyphen separates in writing, so no sound change crosses it.
    static func romanizedKey(_ district: String) -> String {
        var stem = Array(district.unicodeScalars)
        let unit = stem.removeLast()
        let suffix = unit == "시" ? "si" : unit == "군" ? "gun" : "gu"
        return Romanization.romanize(String(String.UnicodeScalarView(stem))) + suffix
    }

    /// Words before an address that say it has a detail (apartment, building, unit, floor).
    static let detailWords: Set<String> = [
        "apt", "apartment", "bldg", "building", "unit", "suite", "ste", "room", "rm", "floor", "fl", "ho", "dong",
    ]

    /// Words that make the number after them something else than a building number
    /// (`chapter 7, Insa-dong, …`, `Exit 3, Gangnam-daero, …`, `Gate 5, …`).
    static let numberedThings: Set<String> = [
        "chapter", "ch", "exit", "gate", "room", "rm", "no", "number", "issue", "issues", "pr", "fix", "fixes", "step",
        "line", "page", "p", "pp", "section", "sec", "part", "item", "meetup", "episode", "ep", "version", "level",
        "platform", "track", "stage", "round", "figure", "fig", "table", "appendix", "article", "clause", "rule", "bus",
        "route", "week", "day", "session", "lesson", "unit", "vol", "volume", "season", "case", "ticket",
    ]

    /// Whether the number that opens the match follows `#` or one of ``numberedThings``.
    static func followsNumberedThing(_ before: UnsafeRawBufferPointer) -> Bool {
        var end = before.count
        while end > 0, ValidatorSupport.isBlank(before[end - 1]) { end -= 1 }
        guard end > 0 else { return false }
        if before[end - 1] == UInt8(ascii: "#") { return true }
        guard end < before.count else { return false }  // the word must be followed by a blank
        var start = end
        while start > 0, before[start - 1] | 0x20 >= 0x61, before[start - 1] | 0x20 <= 0x7A, before[start - 1] >= 0x41 { start -= 1 }
        guard start < end, end - start <= 12 else { return false }
        return numberedThings.contains(String(decoding: before[start..<end].map { $0 | 0x20 }, as: UTF8.self))
    }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        guard !bytes.isEmpty, !Self.followsNumberedThing(candidate.before) else { return nil }
        // Words of the match, lower case; `,`, blanks and tabs separate them.
        var words: [String] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == 0x2C || ValidatorSupport.isBlank(byte) {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }

        func isDistrict(_ word: String) -> Bool {
            word.count > 3 && (word.hasSuffix("-si") || word.hasSuffix("-gun") || word.hasSuffix("-gu"))
        }
        guard let lastDistrict = words.lastIndex(where: isDistrict) else { return nil }
        var districtKeys = words[..<lastDistrict].filter(isDistrict).map(Self.key) + [Self.key(words[lastDistrict])]
        var sido: AddressGazetteer.Sido?
        if lastDistrict + 1 < words.count {
            var name = words[lastDistrict + 1]
            for suffix in ["-do", "-si"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
            sido = Self.sidoNames[name]
            guard sido != nil else { return nil }
        } else if let last = districtKeys.last, last.hasSuffix("si"), last != "gwangjusi",
            let named = Self.sidoNames[String(last.dropLast(2))]
        {
            // `Sejong-si`, `Seoul-si`, `Busan-si`: the 시·도 itself (`Gwangju-si` is also a city of
            // 경기도, and stays a 시·군·구).
            sido = named
            districtKeys.removeLast()
        }

        var confidence = 0.45
        if sido != nil { confidence += 0.15 }
        var known = false
        var inconsistent = false
        var masks: UInt32 = ~0
        for key in districtKeys {
            guard let mask = Self.districts[key] else { continue }
            known = true
            if let sido, mask & sido.bit == 0 { inconsistent = true }
            masks &= mask
        }
        if known && masks == 0 { inconsistent = true }
        if known || (sido == .sejong && districtKeys.isEmpty) { confidence += 0.15 }
        if Self.hasDetailBefore(candidate.before) { confidence += 0.10 }
        // The postcode ends the match when it follows the 시·도 (`…, Seoul 06236`, spec §6.6).
        if let sido, AddressValidator.hasAgreeingPostcode(candidate, sido: sido, inMatch: true) { confidence += 0.15 }
        let keyword = candidate.hasKeyword
        if keyword { confidence += 0.15 }
        if inconsistent { confidence -= 0.30 }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }
        // A lot-number form (`737-1, Yeoksam-dong, Gangnam-gu`) without its 시·도 or a keyword:
        // given names end in `-ri` and `-dong` too (`17,Yu-ri,Jung-gu` in a CSV of people).
        let road = words.contains { $0.hasSuffix("-ro") || $0.hasSuffix("daero") || $0.hasSuffix("gil") }
        if !road && sido == nil && !keyword { confidence = min(confidence, 0.45) }

        // Canonical: the words in lower case, one space apart (`152 teheran-ro gangnam-gu seoul`).
        let canonical = Array(words.joined(separator: " ").utf8)
        let masked = ValidatorSupport.string(capacity: bytes.count) { display in
            for index in 0..<bytes.count {
                display[index] = ValidatorSupport.isDigit(bytes[index]) ? UInt8(ascii: "*") : bytes[index]
            }
            return bytes.count
        }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: .address,
            canonical: canonical, masked: masked)
    }

    /// `gangnam-gu` → `gangnamgu`.
    static func key(_ word: String) -> String { word.replacingOccurrences(of: "-", with: "") }

    /// Whether one of ``detailWords`` (or `#` and a digit) is among the last 48 bytes before the
    /// address: `Apt. 304, Bldg. 102, 114, Seolleung-ro…`, `101-dong 1203-ho, 166, Pangyoyeok-ro…`.
    static func hasDetailBefore(_ before: UnsafeRawBufferPointer) -> Bool {
        let window = UnsafeRawBufferPointer(rebasing: before[max(0, before.count - 48)...])
        var word: [UInt8] = []
        func isDetail() -> Bool { !word.isEmpty && detailWords.contains(String(decoding: word, as: UTF8.self)) }
        for (index, byte) in window.enumerated() {
            let lower = byte | 0x20
            if lower >= 0x61 && lower <= 0x7A && byte >= 0x41 {
                word.append(lower)
                continue
            }
            if isDetail() { return true }
            word.removeAll(keepingCapacity: true)
            if byte == UInt8(ascii: "#"), index + 1 < window.count, ValidatorSupport.isDigit(window[index + 1]) { return true }
        }
        return isDetail()
    }
}

/// The Revised Romanization of Korean (문화체육관광부 고시 제2000-8호), enough for place names:
/// letters per jamo, a final consonant carried over to a following silent `ㅇ` (`관악` → `gwanak`),
/// and the sound changes at syllable joins that the system writes — nasalisation (`백마` →
/// `baengma`), `ㄹ` after `ㄴ`/`ㄹ` (`신라` → `silla`, `울릉` → `ulleung`) and `ㄹ` read `n` after
/// other consonants (`종로` → `jongno`, `강릉` → `gangneung`).
enum Romanization {
    static let initials = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
    static let medials = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
    ]
    /// A final consonant before another consonant or at the end (its representative sound).
    static let finals = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t",
        "k", "t", "p", "t",
    ]
    /// A final consonant carried over to a following silent `ㅇ` (`ㅇ` itself stays, `ㅎ` is silent).
    static let carried = [
        "", "g", "kk", "ks", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r", "m", "b", "ps", "s", "ss",
        "ng", "j", "ch", "k", "t", "p", "",
    ]

    /// The romanisation of a Hangul word, lower case; other characters are kept as they are.
    static func romanize(_ word: String) -> String {
        var syllables: [(initial: Int, medial: Int, final: Int)?] = []
        var others: [Character?] = []
        for scalar in word.unicodeScalars {
            let value = Int(scalar.value)
            if (0xAC00...0xD7A3).contains(value) {
                let index = value - 0xAC00
                syllables.append((index / 588, (index % 588) / 28, index % 28))
                others.append(nil)
            } else {
                syllables.append(nil)
                others.append(Character(scalar))
            }
        }
        var out = ""
        for (position, syllable) in syllables.enumerated() {
            guard let syllable else {
                out.append(others[position]!)
                continue
            }
            let previousFinal = position > 0 ? syllables[position - 1]?.final ?? 0 : 0
            out += onset(initial: syllable.initial, afterFinal: previousFinal)
            out += medials[syllable.medial]
            let next = position + 1 < syllables.count ? syllables[position + 1] : nil
            out += coda(final: syllable.final, beforeInitial: next?.initial)
        }
        return out
    }

    /// The letters of a final consonant, given the next syllable's initial (`nil`: none follows).
    private static func coda(final: Int, beforeInitial next: Int?) -> String {
        guard final != 0 else { return "" }
        guard let next else { return finals[final] }
        let sound = finals[final]
        switch next {
        case 11: return final == 21 ? "ng" : ""  // silent ㅇ: carried over (see `onset`), ㅇ stays
        case 2, 6:  // ㄴ, ㅁ: nasalisation
            switch sound {
            case "k": return "ng"
            case "t": return "n"
            case "p": return "m"
            default: return sound
            }
        case 5:  // ㄹ
            switch sound {
            case "k": return "ng"
            case "t": return "n"
            case "p": return "m"
            case "n": return "l"
            default: return sound
            }
        default: return sound
        }
    }

    /// The letters of an initial consonant, given the previous syllable's final (0: none).
    private static func onset(initial: Int, afterFinal final: Int) -> String {
        switch initial {
        case 11: return final == 21 ? "" : carried[final]  // silent ㅇ takes the final over
        case 5:  // ㄹ: `l` after ㄴ/ㄹ (`silla`, `ulleung`), `n` after other consonants, `r` otherwise
            guard final != 0 else { return "r" }
            let sound = finals[final]
            return sound == "n" || sound == "l" ? "l" : "n"
        case 2 where finals[final] == "l": return "l"  // ㄹ + ㄴ → ll (`설날` → `seollal`)
        default: return initials[initial]
        }
    }
}
