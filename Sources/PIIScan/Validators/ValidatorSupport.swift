/// Byte-level helpers shared by the validators.
///
/// Everything here works on `UnsafeRawBufferPointer` views and fixed-size value types so that the
/// path that rejects a candidate allocates nothing; `String`s are built only for accepted values.
enum ValidatorSupport {
    /// Rounds a score to two decimals and clamps it to [0, 1] (avoids 0.8499999… at tier edges).
    @inline(__always)
    static func score(_ value: Double) -> Double {
        min(1, max(0, (value * 100).rounded() / 100))
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isASCIILetter(byte) }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// The ASCII words of a field or column name, lower-cased: split at every byte that is not
    /// a letter or digit and between a lower-case letter or digit and an upper-case one
    /// (`traceId`, `cache_key`, `X-Request-ID` → `trace id`, `cache key`, `x request id`).
    static func nameWords(_ name: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var word: [UInt8] = []
        var previous: UInt8 = 0
        for byte in name {
            if !isASCIIAlphanumeric(byte) {
                if !word.isEmpty { words.append(word) }
                word = []
            } else {
                let upper = byte &- 0x41 < 26
                if upper && (previous &- 0x61 < 26 || isDigit(previous)) && !word.isEmpty {
                    words.append(word)
                    word = []
                }
                word.append(lowercased(byte))
            }
            previous = byte
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// Last words of a name that make it an identifier's (`request_id`, `traceId`, `cacheKey`,
    /// `product_code`, `txn`): its values are keys, hashes and codes a system made up.
    static let identifierWords: Set<[UInt8]> = Set(
        ["id", "ids", "uid", "uuid", "guid", "key", "hash", "trace", "txn", "txid", "tid", "nonce", "token", "seq", "code", "ref", "sku"]
            .map { Array($0.utf8) })
    /// Words that make an identifier's name a person's (`national_id`, `citizenId`; a cash
    /// receipt's `cash_id`, the buyer's resident, phone or card number that 현금영수증 are issued to).
    static let personalWords: Set<[UInt8]> = Set(
        ["national", "personal", "citizen", "foreigner", "identity", "identification", "cash"].map { Array($0.utf8) })

    /// Whether a field or column name names an identifier a system assigns (a request, a trace,
    /// a cache entry, a product), not a person's number: its last word is an identifier's
    /// (``identifierWords``) and none of its words a person's (``personalWords``).
    static func namesIdentifier(_ name: [UInt8]) -> Bool {
        guard !name.isEmpty else { return false }
        let words = nameWords(name)
        guard let last = words.last, identifierWords.contains(last) else { return false }
        return !words.contains { personalWords.contains($0) }
    }

    /// Last words of a name that make it a time's (`verifiedAt`, `created_at`, `reg_ts`,
    /// `loginTime`): its numbers are clock readings, however much they look like a birth date.
    static let timeWords: Set<[UInt8]> = Set(
        ["at", "ts", "time", "timestamp", "datetime", "date", "millis", "epoch"].map { Array($0.utf8) })
    /// Words that make a time's name a birth's (`birth_date`, `dobTime`).
    static let birthWords: Set<[UInt8]> = Set(["birth", "birthday", "dob"].map { Array($0.utf8) })

    /// Whether a field or column name names a time (``timeWords``, not a birth's). The last word
    /// is looked at first, without splitting the name (this runs for most resident-number
    /// candidates in a database).
    static func namesTime(_ name: [UInt8]) -> Bool {
        guard let last = lastNameWord(name), timeWords.contains(last) else { return false }
        return !nameWords(name).contains { birthWords.contains($0) }
    }

    /// The last of ``nameWords(_:)``, lower-cased, found from the end; nil when there is none or
    /// it is longer than any word looked for (16 letters).
    static func lastNameWord(_ name: [UInt8]) -> [UInt8]? {
        var end = name.count
        while end > 0 && !isASCIIAlphanumeric(name[end - 1]) { end -= 1 }
        guard end > 0 else { return nil }
        var start = end - 1
        // Back over the word: a capital preceded by a lower-case letter or a digit starts it.
        while start > 0 && isASCIIAlphanumeric(name[start - 1]) {
            let byte = name[start]
            if byte &- 0x41 < 26 && (name[start - 1] &- 0x61 < 26 || isDigit(name[start - 1])) { break }
            start -= 1
        }
        guard end - start <= 16 else { return nil }
        return name[start..<end].map(lowercased)
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Length of a blank at `index` that NFKC folds to a space: ASCII space or tab (1), no-break
    /// space U+00A0 (2), ideographic space U+3000 or narrow no-break space U+202F (3); 0 when
    /// there is none.
    @inline(__always)
    static func blankLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 { return 1 }
        if byte == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] == 0xA0 ? 2 : 0 }
        if byte == 0xE3 { return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0 }
        // Narrow no-break space U+202F (what French-locale and macOS text tools put between groups).
        if byte == 0xE2 { return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xAF ? 3 : 0 }
        return 0
    }

    /// Length of a dash separator at `index`: ASCII `-` (1), U+2010–U+2015 and the minus sign U+2212 (3), full-width
    /// `－` U+FF0D or `ㅡ` U+3161 (3); 0 when there is none.
    @inline(__always)
    static func dashLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x2D { return 1 }
        guard index + 2 < bytes.count else { return 0 }
        if byte == 0xE2 && bytes[index + 1] == 0x80 && (0x90...0x95).contains(bytes[index + 2]) { return 3 }
        // − (U+2212, the minus sign): what word processors make of a typed dash.
        if byte == 0xE2 && bytes[index + 1] == 0x88 && bytes[index + 2] == 0x92 { return 3 }
        if byte == 0xEF && bytes[index + 1] == 0xBC && bytes[index + 2] == 0x8D { return 3 }
        // ㅡ (U+3161, the Hangul vowel eu): what Korean keyboards type for a dash.
        if byte == 0xE3 && bytes[index + 1] == 0x85 && bytes[index + 2] == 0xA1 { return 3 }
        return 0
    }

    /// Length of a mask character at `index`: `*`, `x`, `X`, `#` (1) or `●` U+25CF (3); 0 otherwise.
    @inline(__always)
    static func maskLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x2A || byte == 0x78 || byte == 0x58 || byte == 0x23 { return 1 }
        if byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x97 && bytes[index + 2] == 0x8F {
            return 3
        }
        return 0
    }

    /// The Unicode scalar of a 3-byte UTF-8 sequence at `index`, or `nil`.
    @inline(__always)
    static func scalar3(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 2 < bytes.count else { return nil }
        let b0 = bytes[index], b1 = bytes[index + 1], b2 = bytes[index + 2]
        guard b0 & 0xF0 == 0xE0, b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
        return UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
    }

    /// Whether a Hangul syllable (U+AC00–U+D7A3) starts at `index`.
    @inline(__always)
    static func isHangulSyllable(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard let scalar = scalar3(bytes, at: index) else { return false }
        return scalar >= 0xAC00 && scalar <= 0xD7A3
    }

    /// Whether the bytes `range` of `bytes` equal `word`.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count == word.count else { return false }
        var i = 0
        for index in range {
            if bytes[index] != word[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether `bytes[range]` begins with `word`.
    @inline(__always)
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count >= word.count else { return false }
        return equals(bytes, range.lowerBound..<(range.lowerBound + word.count), word)
    }

    /// Whether `bytes[range]` ends with `word`.
    @inline(__always)
    static func hasSuffix(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count >= word.count else { return false }
        return equals(bytes, (range.upperBound - word.count)..<range.upperBound, word)
    }

    /// Whether `bytes[range]`, ASCII-lower-cased, equals `word` (which must be lower case).
    @inline(__always)
    static func equalsIgnoringASCIICase(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]
    ) -> Bool {
        guard range.count == word.count else { return false }
        var i = 0
        for index in range {
            if lowercased(bytes[index]) != word[i] { return false }
            i += 1
        }
        return true
    }

    /// Copies `bytes[range]` (accepted values only).
    static func copy(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// A `String` from UTF-8 bytes (accepted values only).
    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The digits of a number written with dashes only (`110-123-456789`, Unicode dashes too) and
    /// how many dashes separate them; `nil` for any other byte or more than 32 digits.
    static func digitsAndDashes(_ bytes: UnsafeRawBufferPointer) -> (digits: DigitBuffer, dashes: Int)? {
        var digits = DigitBuffer()
        var dashes = 0
        var index = 0
        while index < bytes.count {
            if isDigit(bytes[index]) {
                guard digits.append(bytes[index] - 0x30) else { return nil }
                index += 1
            } else {
                let dash = dashLength(bytes, at: index)
                guard dash > 0 else { return nil }
                dashes += 1
                index += dash
            }
        }
        return (digits, dashes)
    }

    /// `bytes` as written, with every ASCII digit but the first `leading` and the last
    /// `trailing` of its `count` digits replaced by `*` (`4111-11**-****-1111`).
    static func maskingDigits(_ bytes: UnsafeRawBufferPointer, showing leading: Int, and trailing: Int, of count: Int) -> String {
        var display: [UInt8] = []
        display.reserveCapacity(bytes.count)
        var seen = 0
        for byte in bytes {
            if isDigit(byte) {
                display.append(seen >= leading && seen < count - trailing ? 0x2A : byte)
                seen += 1
            } else {
                display.append(byte)
            }
        }
        return string(display)
    }

    /// A `String` of at most `capacity` UTF-8 bytes that `body` writes (returning how many), with
    /// no array in between: a masked value is made for every accepted candidate. Invalid UTF-8
    /// is repaired as by ``string(_:)``.
    static func string(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        String(unsafeUninitializedCapacity: capacity, initializingUTF8With: body)
    }

    /// The `+82` of a canonical phone number, then room for `digits` more bytes.
    static func e164Prefix(reserving digits: Int) -> [UInt8] {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(3 + digits)
        canonical.append(UInt8(ascii: "+"))
        canonical.append(UInt8(ascii: "8"))
        canonical.append(UInt8(ascii: "2"))
        return canonical
    }

    /// Leap year in the proleptic Gregorian calendar.
    @inline(__always)
    static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Whether year/month/day is a real calendar date.
    @inline(__always)
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    /// Luhn (mod 10) check over `count` digits.
    @inline(__always)
    static func luhnIsValid(_ digits: DigitBuffer) -> Bool {
        var sum = 0
        var double = false
        var index = digits.count - 1
        while index >= 0 {
            var value = Int(digits[index])
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
            index -= 1
        }
        return sum % 10 == 0
    }

    /// Whether `before` ends with a `\d.` (the match continues a dotted number: an IPv4 address,
    /// a version string or a decimal fraction).
    @inline(__always)
    static func followsDottedNumber(_ before: UnsafeRawBufferPointer) -> Bool {
        let n = before.count
        return n >= 2 && before[n - 1] == 0x2E && isDigit(before[n - 2])
    }

    /// Whether `before` ends with the first four fields of an Amazon Resource Name
    /// (`arn:aws:license-manager:us-west-2:`, `arn:aws:iam::`): a match right after them is the
    /// ARN's 12-digit account id, which has the shape of a licence or safe phone number.
    static func isARNAccountField(_ before: UnsafeRawBufferPointer) -> Bool {
        var index = before.count
        guard index > 0, before[index - 1] == 0x3A else { return false }
        index -= 1
        for _ in 0..<3 {  // region (may be empty), service, partition, each with the colon before it
            while index > 0, before[index - 1] != 0x3A {
                let byte = before[index - 1]
                guard byte > 0x20, byte != 0x22, byte != 0x27, byte != 0x2F else { return false }
                index -= 1
            }
            guard index > 0 else { return false }
            index -= 1
        }
        guard index >= 3, before[index - 3] | 0x20 == 0x61, before[index - 2] | 0x20 == 0x72, before[index - 1] | 0x20 == 0x6E
        else { return false }
        return index == 3 || !isASCIIAlphanumeric(before[index - 4])
    }

    /// Whether `after` starts with `.` followed by a digit.
    @inline(__always)
    static func precedesDottedNumber(_ after: UnsafeRawBufferPointer) -> Bool {
        after.count >= 2 && after[0] == 0x2E && isDigit(after[1])
    }

    /// Whether the value is an item of a list of numbers with fractions — a comma (blanks
    /// around it allowed) between it and a decimal number such as `11.0699578764247`: data of a
    /// minified script or a JSON array of coordinates (`[0.3169,11.0699578764247,345227112314565]`),
    /// whose long integers pass a checksum now and then. (An integer next to it — a CSV row's
    /// id — says nothing.)
    static func isInDecimalList(before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer) -> Bool {
        /// A decimal number's digits, `.`, digits in `bytes[range]`.
        func isDecimal(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
            guard let dot = range.first(where: { bytes[$0] == 0x2E }) else { return false }
            return dot > range.lowerBound && dot + 1 < range.upperBound
                && range.allSatisfy { $0 == dot || isDigit(bytes[$0]) }
        }
        func isTokenByte(_ byte: UInt8) -> Bool { isDigit(byte) || byte == 0x2E }
        var end = before.count
        while end > 0 && before[end - 1] == 0x20 { end -= 1 }
        if end > 0 && before[end - 1] == 0x2C {
            end -= 1
            while end > 0 && before[end - 1] == 0x20 { end -= 1 }
            var start = end
            while start > 0 && isTokenByte(before[start - 1]) { start -= 1 }
            if isDecimal(before, start..<end) { return true }
        }
        var index = 0
        while index < after.count && after[index] == 0x20 { index += 1 }
        if index < after.count && after[index] == 0x2C {
            index += 1
            while index < after.count && after[index] == 0x20 { index += 1 }
            var stop = index
            while stop < after.count && isTokenByte(after[stop]) { stop += 1 }
            if isDecimal(after, index..<stop) { return true }
        }
        return false
    }

    /// Where the context of a value in a JSON string ends, from the bytes after the value: at the
    /// first unescaped `"` that a comma and the next key follow (`", "body":`, `","amount":`),
    /// perhaps after the objects and arrays it closes (`"}, "payout": {"bankName":`) — or, when
    /// that key is the next field of the same object, after that key: a sibling's name labels
    /// the value too (`"vaccount":"26905980733410","bank":"우리은행"`), its value does not.
    /// `nil` when no key follows within `after` (not a JSON record, or its last field).
    /// `wrapped`: the value is a type's (`"vaccountNo": {"S": "…"}`, ``FieldLocator/typeWrapperKeys``),
    /// whose object the first `}` closes — its record goes on.
    static func jsonStringEnd(_ after: UnsafeRawBufferPointer, wrapped: Bool = false) -> Int? {
        var index = 0
        while index < after.count {
            guard after[index] == 0x22 else {
                index += after[index] == 0x5C ? 2 : 1  // `\"` is not the end
                continue
            }
            var next = index + 1
            var closers = 0
            while next < after.count && (after[next] == 0x20 || after[next] == 0x7D || after[next] == 0x5D) {
                if after[next] != 0x20 { closers += 1 }
                next += 1
            }
            let closes = closers > (wrapped ? 1 : 0)
            guard next < after.count && after[next] == 0x2C else { return nil }
            next += 1
            while next < after.count && after[next] == 0x20 { next += 1 }
            guard next < after.count && after[next] == 0x22 else { return nil }
            next += 1
            while next < after.count && after[next] != 0x22 && after[next] != 0x5C { next += 1 }
            next += 1
            let keyEnd = min(next, after.count)
            while next < after.count && after[next] == 0x20 { next += 1 }
            guard next < after.count && after[next] == 0x3A else { return nil }
            return closes ? index : keyEnd
        }
        return nil
    }
}

extension ValidatorSupport {
    /// Where the type's object holding the value after `before` opens, when the value is a
    /// type's: `before` ends with `{"S": "` or `{"$numberLong": "` (a key of
    /// ``FieldLocator/typeWrapperKeys``). What stands before it labels the value
    /// (`"txSeq":{"$numberLong":"…"`).
    static func typeWrapperStart(_ before: UnsafeRawBufferPointer) -> Int? {
        var k = before.count - 1
        func skipBlanks() { while k >= 0 && before[k] == 0x20 { k -= 1 } }
        guard k >= 0, before[k] == 0x22 else { return nil }
        k -= 1
        skipBlanks()
        guard k >= 0, before[k] == 0x3A else { return nil }
        k -= 1
        skipBlanks()
        guard k >= 0, before[k] == 0x22 else { return nil }
        let keyEnd = k
        k -= 1
        while k >= 0 && before[k] != 0x22 && keyEnd - k <= 15 { k -= 1 }
        guard k >= 0, before[k] == 0x22 else { return nil }
        guard FieldLocator.isTypeWrapperKey(before[(k + 1)..<keyEnd]) else { return nil }
        k -= 1
        skipBlanks()
        return k >= 0 && before[k] == 0x7B ? k : nil
    }

    /// `before` without a type's object opening at its end (``typeWrapperStart(_:)``): what
    /// labels the value.
    static func labelContext(_ before: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard before.count >= 6, before[before.count - 1] == 0x22, let start = typeWrapperStart(before) else { return before }
        return UnsafeRawBufferPointer(rebasing: before[..<start])
    }
}

/// Up to 32 ASCII digit values (0–9) held inline: no heap allocation while validating.
struct DigitBuffer {
    private var storage = SIMD32<UInt8>()
    private(set) var count = 0

    static let capacity = 32

    /// Appends a digit value; returns `false` when full.
    @inline(__always)
    mutating func append(_ value: UInt8) -> Bool {
        guard count < DigitBuffer.capacity else { return false }
        storage[count] = value
        count += 1
        return true
    }

    @inline(__always)
    subscript(index: Int) -> UInt8 { storage[index] }

    /// The number formed by `length` digits from `start`.
    @inline(__always)
    func number(_ start: Int, _ length: Int) -> Int {
        var value = 0
        for index in start..<(start + length) { value = value * 10 + Int(storage[index]) }
        return value
    }

    /// Whether every digit is the same.
    var allSame: Bool {
        guard count > 0 else { return true }
        for index in 1..<max(count, 1) where storage[index] != storage[0] { return false }
        return true
    }

    /// The digits as ASCII bytes (accepted values only).
    func ascii(_ range: Range<Int>? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        appendASCII(range ?? 0..<count, to: &bytes)
        return bytes
    }

    /// Appends the digits in `range` as ASCII bytes to `bytes`.
    func appendASCII(_ range: Range<Int>, to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + range.count)
        for index in range { bytes.append(storage[index] + 0x30) }
    }
}

/// A read-only table from byte strings (UTF-8 words) to values, searched without allocating.
struct ByteWordTable<Value: Sendable>: Sendable {
    private let keys: [[UInt8]]
    private let values: [Value]

    /// Builds the table; later duplicates are merged with `combine`. (Sorting, not hashing:
    /// tables are built lazily, at the first value that needs one.)
    init(_ entries: [(String, Value)], combine: (Value, Value) -> Value = { first, _ in first }) {
        // A stable sort keeps duplicates in their order, so `combine` sees them as given.
        let sorted = entries.enumerated().map { (key: Array($0.element.0.utf8), order: $0.offset, value: $0.element.1) }
            .sorted { $0.key == $1.key ? $0.order < $1.order : $0.key.lexicographicallyPrecedes($1.key) }
        var keys: [[UInt8]] = []
        var values: [Value] = []
        for entry in sorted {
            if let last = keys.last, last == entry.key {
                values[values.count - 1] = combine(values[values.count - 1], entry.value)
            } else {
                keys.append(entry.key)
                values.append(entry.value)
            }
        }
        self.keys = keys
        self.values = values
    }

    var count: Int { keys.count }

    /// The value for `bytes[range]`; with `lowercasingASCII` the candidate's ASCII letters are
    /// lower-cased before comparing (keys must then be lower case).
    func value(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, lowercasingASCII: Bool = false) -> Value? {
        var low = 0
        var high = keys.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            let order = ByteWordTable.compare(keys[mid], bytes, range, lowercasingASCII)
            if order == 0 { return values[mid] }
            if order < 0 { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    func contains(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, lowercasingASCII: Bool = false) -> Bool {
        value(bytes, range, lowercasingASCII: lowercasingASCII) != nil
    }

    /// Whether `word` (a Swift string) is a key; for tests and for building derived tables.
    func contains(_ word: String) -> Bool {
        let key = Array(word.utf8)
        return key.withUnsafeBytes { contains($0, 0..<key.count) }
    }

    /// The longest key that is a prefix of `bytes[range]`, as (length, value).
    func longestPrefix(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (Int, Value)? {
        var best: (Int, Value)?
        for (index, key) in keys.enumerated() where key.count <= range.count && key.count > (best?.0 ?? 0) {
            if ValidatorSupport.hasPrefix(bytes, range, key) { best = (key.count, values[index]) }
        }
        return best
    }

    private static func compare(
        _ key: [UInt8], _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ lower: Bool
    ) -> Int {
        let n = min(key.count, range.count)
        var i = 0
        while i < n {
            var b = bytes[range.lowerBound + i]
            if lower { b = ValidatorSupport.lowercased(b) }
            let k = key[i]
            if k != b { return k < b ? -1 : 1 }
            i += 1
        }
        return key.count == range.count ? 0 : (key.count < range.count ? -1 : 1)
    }
}

extension ByteWordTable where Value == Bool {
    /// A set of words.
    init(words: [String]) { self.init(words.map { ($0, true) }) }
}

/// A set of byte words (a ``ByteWordTable`` without values).
typealias ByteWordSet = ByteWordTable<Bool>
