/// Finds context keywords near a match. ASCII keywords match case-insensitively and only as
/// whole words, camelCase parts included (`ts` matches `ts=…` but not `parts`; `order` matches
/// `orderId`); non-ASCII keywords (Hangul) match as
/// substrings, since Korean attaches particles directly to words (`주민번호는`).
///
/// One pass over the context: a table of possible first bytes selects the positions where
/// keywords are compared.
struct KeywordMatcher: Sendable {
    private struct Keyword: Sendable {
        let bytes: [UInt8]  // lower-cased for ASCII keywords
        let isASCII: Bool
    }
    private let keywords: [Keyword]
    /// For each (lower-cased) byte, the indices of the keywords starting with it.
    private let byFirstByte: [[Int]]
    /// Whether any keyword starts with the (lower-cased) byte: a flat table, so that most bytes
    /// are skipped without touching the nested arrays (which costs a retain/release each).
    private let isFirstByte: [Bool]

    init(_ words: [String]) {
        keywords = words.filter { !$0.isEmpty }.map { word in
            let bytes = Array(word.utf8)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            return Keyword(bytes: ascii ? bytes.map(lowercaseASCII) : bytes, isASCII: ascii)
        }
        var table = [[Int]](repeating: [], count: 256)
        for (index, keyword) in keywords.enumerated() { table[Int(keyword.bytes[0])].append(index) }
        byFirstByte = table
        isFirstByte = table.map { !$0.isEmpty }
    }

    var isEmpty: Bool { keywords.isEmpty }

    /// Whether any keyword occurs in `text`.
    func occurs(in text: UnsafeRawBufferPointer) -> Bool { firstEnd(in: text, stopAtFirst: true) != nil }

    /// Distance in bytes from a match to the nearest keyword: `before` ends where the match
    /// starts, `after` starts where it ends. `nil` when no keyword occurs.
    func distance(before: UnsafeRawBufferPointer, after: UnsafeRawBufferPointer) -> Int? {
        var best: Int? = nil
        if let end = firstEnd(in: before, stopAtFirst: false) { best = before.count - end }
        if let start = firstStart(in: after), best.map({ start < $0 }) ?? true { best = start }
        return best
    }

    /// The end of the last keyword occurrence in `text` (or of the first, with `stopAtFirst`).
    private func firstEnd(in text: UnsafeRawBufferPointer, stopAtFirst: Bool) -> Int? {
        guard !keywords.isEmpty else { return nil }
        var last: Int? = nil
        for position in 0..<text.count {
            let first = Int(lowercaseASCII(text[position]))
            guard isFirstByte[first] else { continue }
            let candidates = byFirstByte[first]
            for index in candidates where matches(keywords[index], in: text, at: position) {
                let end = position + keywords[index].bytes.count
                if stopAtFirst { return end }
                last = max(last ?? 0, end)
            }
        }
        return last
    }

    /// The start of the first keyword occurrence in `text`.
    private func firstStart(in text: UnsafeRawBufferPointer) -> Int? {
        guard !keywords.isEmpty else { return nil }
        for position in 0..<text.count {
            let first = Int(lowercaseASCII(text[position]))
            guard isFirstByte[first] else { continue }
            let candidates = byFirstByte[first]
            for index in candidates where matches(keywords[index], in: text, at: position) { return position }
        }
        return nil
    }

    private func matches(_ keyword: Keyword, in text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        let needle = keyword.bytes
        guard start + needle.count <= text.count else { return false }
        for offset in 1..<max(1, needle.count) {
            let byte = keyword.isASCII ? lowercaseASCII(text[start + offset]) : text[start + offset]
            if byte != needle[offset] { return false }
        }
        if !keyword.isASCII {
            // A non-ASCII keyword's first byte is never ASCII, so a lower-cased match is exact.
            return true
        }
        let end = start + needle.count
        return (start == 0 || isWordBoundary(text[start - 1], text[start]))
            && (end == text.count || isWordBoundary(text[end - 1], text[end]))
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

@inline(__always) func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
}
