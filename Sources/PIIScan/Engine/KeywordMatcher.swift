/// Finds context keywords near a match. ASCII keywords match case-insensitively and only as
/// whole words (`ts` matches `ts=…` but not `parts`); non-ASCII keywords (Hangul) match as
/// substrings, since Korean attaches particles directly to words (`주민번호는`).
struct KeywordMatcher: Sendable {
    private struct Keyword: Sendable {
        let bytes: [UInt8]  // lower-cased for ASCII keywords
        let isASCII: Bool
    }
    private let keywords: [Keyword]

    init(_ words: [String]) {
        keywords = words.filter { !$0.isEmpty }.map { word in
            let bytes = Array(word.utf8)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            return Keyword(bytes: ascii ? bytes.map(lowercaseASCII) : bytes, isASCII: ascii)
        }
    }

    var isEmpty: Bool { keywords.isEmpty }

    /// Whether any keyword occurs in `text`.
    func occurs(in text: UnsafeRawBufferPointer) -> Bool {
        guard !keywords.isEmpty, text.count > 0 else { return false }
        for keyword in keywords where contains(text, keyword) { return true }
        return false
    }

    private func contains(_ text: UnsafeRawBufferPointer, _ keyword: Keyword) -> Bool {
        let needle = keyword.bytes
        let n = needle.count
        guard n <= text.count else { return false }
        let first = needle[0]
        var i = 0
        let last = text.count - n
        while i <= last {
            let byte = keyword.isASCII ? lowercaseASCII(text[i]) : text[i]
            if byte == first {
                var j = 1
                while j < n {
                    let b = keyword.isASCII ? lowercaseASCII(text[i + j]) : text[i + j]
                    if b != needle[j] { break }
                    j += 1
                }
                if j == n {
                    if !keyword.isASCII { return true }
                    let beforeOK = i == 0 || !isASCIIAlphanumeric(text[i - 1])
                    let afterOK = i + n == text.count || !isASCIIAlphanumeric(text[i + n])
                    if beforeOK && afterOK { return true }
                }
            }
            i += 1
        }
        return false
    }
}

@inline(__always) func lowercaseASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

@inline(__always) func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
}
