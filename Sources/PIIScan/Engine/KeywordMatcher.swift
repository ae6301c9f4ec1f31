/// Finds context keywords near a match. ASCII keywords match case-insensitively and only as
/// whole words, camelCase parts included (`ts` matches `ts=…` but not `parts`; `order` matches
/// `orderId`), in the plural (`PASSPORTS`, `phones`; `addresses` after a keyword ending in
/// `s`, `x` or `h`) and numbered (`hp1`, `jumin2`: one or two digits); non-ASCII keywords
/// (Hangul) match as
/// substrings, since Korean attaches particles directly to words (`주민번호는`) — unless written
/// with a leading `=` (`=주민`): then as a whole word, with no Hangul syllable right before or
/// after it (`주민 번호`, not `입주민`, `주민세` or the name `주민준`). A non-ASCII keyword may
/// name endings that unmake it after `!` (`주문!자`: `주문`, `주문번호`, not `주문자` — the
/// person who ordered).
///
/// One pass over the context: a bit table of the (lower-cased) first two bytes of every keyword
/// selects the few positions where keywords are compared. In Korean text a one-byte table is not
/// enough: every third byte is a Hangul lead byte, and most Hangul keywords share one.
///
/// A class: candidates carry the matchers of their rule, and copying a reference costs one
/// retain where a struct of arrays costs one per array.
final class KeywordMatcher: Sendable {
    /// Every keyword's bytes back to back (ASCII keywords lower-cased), grouped by first byte.
    private let storage: [UInt8]
    /// Keyword `k` is `storage[bounds[k]..<bounds[k + 1]]`.
    private let bounds: [Int]
    private let isASCII: [Bool]
    /// Non-ASCII keywords that match only as whole words (written `=주민`).
    private let isWhole: [Bool]
    /// Per keyword, whether endings unmake it (written `주문!자`), and those endings (by keyword).
    private let hasExceptions: [Bool]
    private let exceptions: [Int: [[UInt8]]]
    /// Keywords whose first byte is `b` are `firstByteStart[b]..<firstByteStart[b + 1]`.
    private let firstByteStart: [Int]
    /// 4096 bits, one per hashed pair of lower-cased leading bytes (see `pairIndex`); a keyword of
    /// one byte sets every pair it can start.
    private let pairBits: [UInt64]
    /// 1 for each byte a keyword may start with, in either case: most bytes of a context are
    /// passed over with one lookup, before the pair table is consulted.
    private let firstBytes: [UInt8]
    /// The longest keyword's length in bytes.
    let longest: Int

    init(_ words: [String]) {
        let keywords: [(bytes: [UInt8], ascii: Bool, whole: Bool, exceptions: [[UInt8]])] = words.compactMap { word in
            let whole = word.hasPrefix("=") && word.utf8.count > 1
            var parts = word.dropFirst(whole ? 1 : 0).split(separator: "!", omittingEmptySubsequences: false).map { Array($0.utf8) }
            let bytes = parts.removeFirst()
            guard !bytes.isEmpty else { return nil }
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            // Lower-cased either way: a keyword may mix ASCII and Hangul (`kb국민`).
            return (bytes.map(lowercaseASCII), ascii, whole && !ascii, ascii ? [] : parts.filter { !$0.isEmpty })
        }.sorted { $0.bytes[0] < $1.bytes[0] }
        var storage: [UInt8] = []
        var bounds = [0]
        var firstByteStart = [Int](repeating: 0, count: 257)
        var pairBits = [UInt64](repeating: 0, count: 64)
        var firstBytes = [UInt8](repeating: 0, count: 256)
        for keyword in keywords {
            for byte in 0..<256 where lowercaseASCII(UInt8(byte)) == keyword.bytes[0] { firstBytes[byte] = 1 }
            storage += keyword.bytes
            bounds.append(storage.count)
            firstByteStart[Int(keyword.bytes[0]) + 1] += 1
            let first = lowercaseASCII(keyword.bytes[0])
            let seconds = keyword.bytes.count > 1 ? [lowercaseASCII(keyword.bytes[1])] : (0...255).map(lowercaseASCII)
            for second in seconds {
                let index = KeywordMatcher.pairIndex(first, second)
                pairBits[index >> 6] |= 1 << UInt64(index & 63)
            }
        }
        for byte in 0..<256 { firstByteStart[byte + 1] += firstByteStart[byte] }
        self.storage = storage
        self.bounds = bounds
        self.isASCII = keywords.map(\.ascii)
        self.isWhole = keywords.map(\.whole)
        self.hasExceptions = keywords.map { !$0.exceptions.isEmpty }
        var exceptions: [Int: [[UInt8]]] = [:]
        for (index, keyword) in keywords.enumerated() where !keyword.exceptions.isEmpty { exceptions[index] = keyword.exceptions }
        self.exceptions = exceptions
        self.firstByteStart = firstByteStart
        self.pairBits = pairBits
        self.firstBytes = firstBytes
        // Two more for a plural ending (`es`) or a number (`hp12`).
        longest = (keywords.map(\.bytes.count).max() ?? 0) + 2
    }

    var isEmpty: Bool { isASCII.isEmpty }

    /// Whether any keyword occurs in `text`.
    func occurs(in text: UnsafeRawBufferPointer) -> Bool { firstStart(in: text) != nil }

    /// Distance in bytes from a match to the nearest keyword: `before` ends where the match
    /// starts, `after` starts where it ends. `nil` when no keyword occurs within the spec's
    /// ±64 characters (§1): the contexts hold more bytes (96, and up to 64 characters of
    /// Hangul), and 65 to 96 characters of ASCII between a keyword and a value put it beyond
    /// (blanks in a row counting as one).
    func distance(before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer) -> Int? {
        guard !isEmpty else { return nil }
        var best: Int? = nil
        if let end = lastEnd(in: before), KeywordMatcher.isWithinWindow(before, end..<before.count) { best = before.count - end }
        // A keyword after the match can only be nearer if it starts before `best`.
        let limit = min(after.count, best ?? after.count)
        if let start = firstStart(in: after, startingBefore: limit), KeywordMatcher.isWithinWindow(after, 0..<start) {
            best = start
        }
        return best
    }

    /// Whether the bytes `gap` of `text` hold at most ``Candidate/contextCharacters`` characters
    /// (lead bytes: a continuation byte is `10xxxxxx`); counted only where there are more bytes.
    /// A run of blanks counts as one: the padding between a label and its value in a laid-out
    /// page (`pdftotext -layout`, a fixed-width report) is no text between them.
    @inline(__always) static func isWithinWindow(_ text: UnsafeRawBufferPointer, _ gap: Range<Int>) -> Bool {
        guard gap.count > Candidate.contextCharacters else { return true }
        var characters = 0
        var afterBlank = false
        for index in gap where text[index] & 0xC0 != 0x80 {
            let blank = text[index] == 0x20 || text[index] == 0x09
            if !(blank && afterBlank) { characters += 1 }
            afterBlank = blank
            if characters > Candidate.contextCharacters { return false }
        }
        return true
    }

    @inline(__always) private static func pairIndex(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first) << 4 ^ Int(second)) & 0xFFF
    }

    /// Whether some keyword may start at `position`: its byte may begin one, and the pair table
    /// says so (the last byte, with no second byte, always may).
    @inline(__always) private func mayStart(
        _ text: UnsafeRawBufferPointer, at position: Int, _ pairs: UnsafeBufferPointer<UInt64>, _ firsts: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard firsts[Int(text[position])] != 0 else { return false }
        guard position + 1 < text.count else { return true }
        let index = KeywordMatcher.pairIndex(lowercaseASCII(text[position]), lowercaseASCII(text[position + 1]))
        return pairs[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Whether a keyword ends at the end of `before` but for blanks and the punctuation between a
    /// label and its value (`주문번호: `, `order_no=`, `"tracking":"`, `계좌(`): it names the value
    /// that follows, not another one on the line.
    /// A keyword followed by `번호` or `_no`/`No`/`_number`/`_id` labels too (`송장번호: `,
    /// `invoice_no=`), as the keyword with that ending would.
    func labels(_ before: UnsafeRawBufferPointer) -> Bool {
        guard !isEmpty, let keywordEnd = lastEnd(in: before) else { return false }
        let end = keywordEnd + KeywordMatcher.numberSuffixLength(in: before, at: keywordEnd)
        for index in end..<before.count {
            switch before[index] {
            // (A line break only in a multi-line CSV cell: context never crosses one otherwise.)
            // (`\` of a JSON string's escaped quotes: `{\"jumin_no\":\"…` inside a JSON string.)
            case 0x20, 0x09, 0x0A, 0x0D, 0x3A, 0x3D, 0x22, 0x27, 0x28, 0x5B, 0x23, 0x2D, 0x2E, 0x5C: continue  // ␠ ⇥ ⏎ : = " ' ( [ # - . \
            default: return false
            }
        }
        return true
    }

    /// `번호` in UTF-8, and the ASCII endings that mean "number" (longest first). Built once: the
    /// check runs for every candidate a negative keyword may label.
    private static let numberWord: [UInt8] = Array("번호".utf8)
    private static let numberEndings: [[UInt8]] = ["number", "num", "no", "id"].map { Array($0.utf8) }

    /// The length of a "number" ending at `start`: `번호`, or `_`/`-` (optional) and `no`, `num`,
    /// `number` or `id` in any case, ending the word; 0 when there is none.
    private static func numberSuffixLength(in text: UnsafeRawBufferPointer, at start: Int) -> Int {
        let bunho = numberWord
        if start + bunho.count <= text.count && (0..<bunho.count).allSatisfy({ text[start + $0] == bunho[$0] }) {
            return bunho.count
        }
        var position = start
        if position < text.count && (text[position] == UInt8(ascii: "_") || text[position] == UInt8(ascii: "-")) { position += 1 }
        for bytes in numberEndings {
            guard position + bytes.count <= text.count,
                (0..<bytes.count).allSatisfy({ lowercaseASCII(text[position + $0]) == bytes[$0] })
            else { continue }
            let end = position + bytes.count
            if end == text.count || !isASCIIAlphanumeric(text[end]) { return end - start }
        }
        return 0
    }

    /// The end of the keyword occurrence in `text` that ends last. Scans backwards and stops once
    /// no keyword starting further left could end later.
    private func lastEnd(in text: UnsafeRawBufferPointer) -> Int? {
        pairBits.withUnsafeBufferPointer { pairs in
            firstBytes.withUnsafeBufferPointer { firsts in
                var last: Int? = nil
                var position = text.count
                while position > 0 {
                    position -= 1
                    if let known = last, position + longest <= known { break }
                    guard mayStart(text, at: position, pairs, firsts), let length = longestMatch(in: text, at: position) else { continue }
                    last = max(last ?? 0, position + length)
                }
                return last
            }
        }
    }

    /// The start of the first keyword occurrence in `text` that starts before `limit`.
    private func firstStart(in text: UnsafeRawBufferPointer, startingBefore limit: Int? = nil) -> Int? {
        guard !isEmpty else { return nil }
        return pairBits.withUnsafeBufferPointer { pairs in
            firstBytes.withUnsafeBufferPointer { firsts in
                for position in 0..<min(text.count, limit ?? text.count)
                where mayStart(text, at: position, pairs, firsts) && longestMatch(in: text, at: position) != nil {
                    return position
                }
                return nil
            }
        }
    }

    /// The length of the longest keyword occurring at `start`.
    private func longestMatch(in text: UnsafeRawBufferPointer, at start: Int) -> Int? {
        let first = Int(lowercaseASCII(text[start]))
        var found: Int? = nil
        for keyword in firstByteStart[first]..<firstByteStart[first + 1] {
            if let length = matchLength(keyword, in: text, at: start) { found = max(found ?? 0, length) }
        }
        return found
    }

    /// The length of keyword `keyword`'s occurrence at `start` (with its plural ending, if
    /// any), or `nil`.
    private func matchLength(_ keyword: Int, in text: UnsafeRawBufferPointer, at start: Int) -> Int? {
        let needleStart = bounds[keyword], count = bounds[keyword + 1] - needleStart
        let ascii = isASCII[keyword]
        guard start + count <= text.count else { return nil }
        for offset in 1..<max(1, count) where lowercaseASCII(text[start + offset]) != storage[needleStart + offset] {
            return nil
        }
        if !ascii {
            // Hangul bytes are never changed by lower-casing: only a mixed keyword's ASCII letters
            // match in either case (`KB국민`).
            if isWhole[keyword] && (KeywordMatcher.hangulSyllable(endingAt: start, in: text)
                || KeywordMatcher.hangulSyllable(startingAt: start + count, in: text))
            {
                return nil
            }
            if hasExceptions[keyword] && KeywordMatcher.followedByAny(exceptions[keyword]!, in: text, at: start + count) { return nil }
            return count
        }
        guard start == 0 || isWordBoundary(text[start - 1], text[start]) else { return nil }
        var end = start + count
        if end == text.count || isWordBoundary(text[end - 1], text[end]) { return count }
        if isASCIIDigit(text[end]) && !isASCIIDigit(text[end - 1]) {
            // A numbered name (`hp1`, `jumin2`, `tel12`): one or two digits, then a word boundary.
            end += end + 1 < text.count && isASCIIDigit(text[end + 1]) ? 2 : 1
            return end == text.count || isWordBoundary(text[end - 1], text[end]) ? end - start : nil
        }
        // The plural: `s`, or `es` after a keyword ending in s, x or h, then a word boundary.
        let last = storage[needleStart + count - 1]
        if lowercaseASCII(text[end]) == UInt8(ascii: "e"), end + 1 < text.count,
            last == UInt8(ascii: "s") || last == UInt8(ascii: "x") || last == UInt8(ascii: "h")
        {
            end += 1
        }
        guard lowercaseASCII(text[end]) == UInt8(ascii: "s") else { return nil }
        end += 1
        return end == text.count || isWordBoundary(text[end - 1], text[end]) ? end - start : nil
    }

    /// Whether one of `endings` starts at `index` of `text`.
    private static func followedByAny(_ endings: [[UInt8]], in text: UnsafeRawBufferPointer, at index: Int) -> Bool {
        endings.contains { ending in
            guard index + ending.count <= text.count else { return false }
            var offset = 0
            while offset < ending.count && text[index + offset] == ending[offset] { offset += 1 }
            return offset == ending.count
        }
    }

    /// Whether a Hangul syllable (U+AC00–U+D7A3, UTF-8 lead byte 0xEA–0xED) ends right before
    /// `end` / starts at `start`.
    private static func hangulSyllable(endingAt end: Int, in text: UnsafeRawBufferPointer) -> Bool {
        end >= 3 && (0xEA...0xED).contains(text[end - 3]) && text[end - 2] & 0xC0 == 0x80 && text[end - 1] & 0xC0 == 0x80
    }

    private static func hangulSyllable(startingAt start: Int, in text: UnsafeRawBufferPointer) -> Bool {
        start < text.count && (0xEA...0xED).contains(text[start])
    }

    /// Whether a word ends between `left` and `right`: a non-alphanumeric byte on either side,
    /// or a camelCase step (`userRrn`, `orderId`, `juminNo`).
    private func isWordBoundary(_ left: UInt8, _ right: UInt8) -> Bool {
        if !isASCIIAlphanumeric(left) || !isASCIIAlphanumeric(right) { return true }
        return left >= 0x61 && left <= 0x7A && right >= 0x41 && right <= 0x5A
    }
}

@inline(__always) func lowercaseASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

@inline(__always) func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

@inline(__always) func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
}
