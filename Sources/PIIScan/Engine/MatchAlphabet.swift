/// The characters a rule's matches can consist of, read conservatively from its regex: every
/// character a match consumes is in the alphabet (characters that only lookarounds and `\b`
/// inspect are not, as they are outside the match).
///
/// The scan of decoded lines uses it to skip the rules that no decoded character can take part
/// in, and to confine a rule to the stretches of its alphabet that hold a decoded character
/// (see ``UnitScanner``'s `findEncoded`). It must never be too small — a character left out
/// would lose findings — so whatever the reader does not understand (`.`, negated classes,
/// `\p{…}`, inline options, backreferences, `\K`, recursion, conditionals …) gives no alphabet
/// at all (`nil`: the rule is never skipped or confined). Too large is only slower.
struct MatchAlphabet: Equatable, Sendable {
    /// Bits 0–63 and 64–127 of the ASCII members.
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0
    /// Members above U+007F, as sorted, disjoint, non-adjacent scalar ranges.
    private(set) var ranges: [ClosedRange<UInt32>] = []

    /// Whether `scalar` is a member.
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 64 { return low & (1 << UInt64(scalar)) != 0 }
        if scalar < 128 { return high & (1 << UInt64(scalar - 64)) != 0 }
        var lower = 0
        var upper = ranges.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if ranges[middle].upperBound < scalar {
                lower = middle + 1
            } else if ranges[middle].lowerBound > scalar {
                upper = middle
            } else {
                return true
            }
        }
        return false
    }

    init() {}

    /// Collects members cheaply and makes the alphabet once (sorting and merging the ranges).
    struct Builder {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        /// Ranges above U+007F as `lowerBound << 32 | upperBound` (sortable as plain integers).
        private var wide: [UInt64] = []

        mutating func insert(_ scalar: UInt32) {
            if scalar < 64 {
                low |= 1 << UInt64(scalar)
            } else if scalar < 128 {
                high |= 1 << UInt64(scalar - 64)
            } else {
                wide.append(UInt64(scalar) << 32 | UInt64(scalar))
            }
        }

        mutating func insert(_ range: ClosedRange<UInt32>) {
            var scalar = range.lowerBound
            while scalar <= range.upperBound && scalar < 128 {
                insert(scalar)
                scalar += 1
            }
            if scalar <= range.upperBound { wide.append(UInt64(scalar) << 32 | UInt64(range.upperBound)) }
        }

        func finish() -> MatchAlphabet {
            var alphabet = MatchAlphabet()
            alphabet.low = low
            alphabet.high = high
            for packed in wide.sorted() {
                let range = UInt32(packed >> 32)...UInt32(truncatingIfNeeded: packed)
                if let last = alphabet.ranges.last, range.lowerBound <= last.upperBound &+ 1 {
                    alphabet.ranges[alphabet.ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                } else {
                    alphabet.ranges.append(range)
                }
            }
            return alphabet
        }
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var scalar = range.lowerBound
        while scalar <= range.upperBound && scalar < 128 {
            if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
            scalar += 1
        }
        guard scalar <= range.upperBound else { return }
        var merged = scalar...range.upperBound
        var kept: [ClosedRange<UInt32>] = []
        for existing in ranges {
            if existing.upperBound &+ 1 < merged.lowerBound || merged.upperBound &+ 1 < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    mutating func insert(_ scalar: UInt32) { insert(scalar...scalar) }

    // MARK: - Reading a pattern

    /// The alphabet of `pattern` (PCRE2 syntax, UTF mode), or nil when the pattern uses anything
    /// this reader does not understand. `caseless` adds the other case of ASCII letters and every
    /// non-ASCII character (Unicode case folding maps `k` to U+212A, `s` to U+017F …).
    static func of(pattern: String, caseless: Bool) -> MatchAlphabet? {
        // The scalars, decoded from the UTF-8 bytes (a String is valid UTF-8).
        let utf8 = Array(pattern.utf8)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let lead = UInt32(utf8[i])
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var scalar = length == 1 ? lead : lead & (0x7F >> UInt32(length))
            for k in 1..<length { scalar = scalar << 6 | UInt32(utf8[i + k] & 0x3F) }
            scalars.append(scalar)
            i += length
        }
        var reader = Reader(scalars: scalars)
        guard var alphabet = reader.read() else { return nil }
        if caseless {
            for letter in UInt32(0x41)...0x5A where alphabet.contains(letter) || alphabet.contains(letter + 0x20) {
                alphabet.insert(letter)
                alphabet.insert(letter + 0x20)
            }
            alphabet.insert(0x80...0x10FFFF)
        }
        return alphabet
    }

    private struct Reader {
        let scalars: [UInt32]
        var index = 0
        var members = Builder()
        /// Open groups: whether each is a lookaround (its characters are not consumed).
        var groups: [Bool] = []
        var lookarounds = 0
        /// Whether the last thing read can take a quantifier.
        var afterItem = false

        init(scalars: [UInt32]) { self.scalars = scalars }

        private func peek(_ offset: Int = 0) -> UInt32? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        private mutating func add(_ ranges: [ClosedRange<UInt32>]) {
            guard lookarounds == 0 else { return }
            for range in ranges { members.insert(range) }
        }

        mutating func read() -> MatchAlphabet? {
            while let c = peek() {
                switch c {
                case 0x5C:  // \
                    index += 1
                    guard let escape = escape(inClass: false) else { return nil }
                    add(escape)
                    afterItem = true
                case 0x5B:  // [
                    index += 1
                    guard let members = characterClass() else { return nil }
                    add(members)
                    afterItem = true
                case 0x28:  // (
                    guard let lookaround = openGroup() else { return nil }
                    groups.append(lookaround)
                    if lookaround { lookarounds += 1 }
                    afterItem = false
                case 0x29:  // )
                    guard let lookaround = groups.popLast() else { return nil }
                    if lookaround { lookarounds -= 1 }
                    index += 1
                    afterItem = true
                case 0x7C, 0x5E, 0x24:  // | ^ $
                    index += 1
                    afterItem = false
                case 0x2A, 0x2B, 0x3F:  // * + ? (quantifiers, lazy or possessive marks)
                    index += 1
                    afterItem = false
                case 0x7B:  // {
                    // `{n}`, `{n,}`, `{n,m}` after an item is a quantifier; anything else (also
                    // `{,m}`, read differently by PCRE2 versions) counts its characters as literals.
                    var j = index + 1
                    var digits = 0
                    while j < scalars.count && (0x30...0x39).contains(scalars[j]) { j += 1; digits += 1 }
                    if j < scalars.count && scalars[j] == 0x2C { j += 1 }
                    while j < scalars.count && (0x30...0x39).contains(scalars[j]) { j += 1 }
                    if digits > 0 && afterItem && j < scalars.count && scalars[j] == 0x7D {
                        index = j + 1
                        afterItem = false
                    } else {
                        add([0x7B...0x7B])
                        index += 1
                        afterItem = true
                    }
                case 0x2E:  // . matches (almost) anything
                    return nil
                default:
                    if lookarounds == 0 { members.insert(c) }
                    index += 1
                    afterItem = true
                }
            }
            return groups.isEmpty ? members.finish() : nil
        }

        /// At `(`: consumes the group opener; whether it is a lookaround (nil: not understood).
        private mutating func openGroup() -> Bool? {
            guard peek(1) == 0x3F else {
                guard peek(1) != 0x2A else { return nil }  // (*VERB)
                index += 1
                return false
            }
            switch peek(2) {
            case 0x3A, 0x3E, 0x7C:  // (?: (?> (?|
                index += 3
                return false
            case 0x3D, 0x21:  // (?= (?!
                index += 3
                return true
            case 0x3C:  // (?<= (?<! or (?<name>
                if peek(3) == 0x3D || peek(3) == 0x21 {
                    index += 4
                    return true
                }
                index += 3
                return skipName(until: 0x3E) ? false : nil
            case 0x50:  // (?P<name>
                guard peek(3) == 0x3C else { return nil }
                index += 4
                return skipName(until: 0x3E) ? false : nil
            case 0x27:  // (?'name'
                index += 3
                return skipName(until: 0x27) ? false : nil
            default:
                return nil
            }
        }

        private mutating func skipName(until terminator: UInt32) -> Bool {
            while let c = peek() {
                index += 1
                if c == terminator { return true }
                guard c == 0x5F || (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
                else { return false }
            }
            return false
        }

        /// After `\`: the characters the escape matches ([] for an assertion), nil when not understood.
        private mutating func escape(inClass: Bool) -> [ClosedRange<UInt32>]? {
            guard let c = peek() else { return nil }
            index += 1
            switch c {
            case 0x64: return [0x30...0x39]  // \d
            case 0x77: return [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]  // \w
            case 0x73: return [0x09...0x0D, 0x20...0x20]  // \s
            case 0x74: return [0x09...0x09]  // \t
            case 0x6E: return [0x0A...0x0A]  // \n
            case 0x72: return [0x0D...0x0D]  // \r
            case 0x66: return [0x0C...0x0C]  // \f
            case 0x65: return [0x1B...0x1B]  // \e
            case 0x61: return [0x07...0x07]  // \a
            case 0x62, 0x42, 0x41, 0x7A, 0x5A, 0x47:  // \b \B \A \z \Z \G: assertions (\b in a class is a backspace)
                return inClass ? nil : []
            case 0x78:  // \xHH or \x{H…}
                var value: UInt32 = 0
                if peek() == 0x7B {
                    index += 1
                    var digits = 0
                    while let d = peek(), let v = hexDigit(d) {
                        value = value * 16 + v
                        digits += 1
                        index += 1
                        guard digits <= 6 else { return nil }
                    }
                    guard digits > 0, peek() == 0x7D else { return nil }
                    index += 1
                } else {
                    var digits = 0
                    while digits < 2, let d = peek(), let v = hexDigit(d) {
                        value = value * 16 + v
                        digits += 1
                        index += 1
                    }
                }
                return [value...value]
            default:
                // A non-alphanumeric character after `\` is itself; any other escape is not understood.
                if c < 0x80 && ((0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)) {
                    return nil
                }
                return [c...c]
            }
        }

        private func hexDigit(_ c: UInt32) -> UInt32? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x37
            case 0x61...0x66: c - 0x57
            default: nil
            }
        }

        /// After `[`: the class's members (nil for a negated class, POSIX names or an unknown escape).
        private mutating func characterClass() -> [ClosedRange<UInt32>]? {
            guard peek() != 0x5E else { return nil }  // [^…]
            var members: [ClosedRange<UInt32>] = []
            var first = true
            while let c = peek() {
                if c == 0x5D && !first {  // ]
                    index += 1
                    return members
                }
                first = false
                if c == 0x5B && peek(1) == 0x3A { return nil }  // [:alpha:]
                // One item: a character or an escape.
                let item: [ClosedRange<UInt32>]
                if c == 0x5C {
                    index += 1
                    guard let escaped = escape(inClass: true) else { return nil }
                    item = escaped
                } else {
                    index += 1
                    item = [c...c]
                }
                // A range `a-b` (between single characters; otherwise the `-` is literal).
                if item.count == 1, item[0].lowerBound == item[0].upperBound, peek() == 0x2D, let end = peek(1), end != 0x5D {
                    index += 1
                    let high: UInt32
                    if end == 0x5C {
                        index += 1
                        guard let escaped = escape(inClass: true), escaped.count == 1,
                            escaped[0].lowerBound == escaped[0].upperBound
                        else { return nil }
                        high = escaped[0].lowerBound
                    } else {
                        index += 1
                        high = end
                    }
                    guard item[0].lowerBound <= high else { return nil }
                    members.append(item[0].lowerBound...high)
                } else {
                    members += item
                }
            }
            return nil  // unterminated
        }
    }
}
