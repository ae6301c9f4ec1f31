#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character encoding of a text input. Anything but UTF-8 is transcoded to UTF-8 before
/// scanning (see ``TranscodingSource``), and findings are located in the original bytes.
public enum TextEncoding: String, Sendable, Equatable {
    /// UTF-8 (with or without BOM; invalid bytes are tolerated): scanned as it is.
    case utf8 = "utf-8"
    /// EUC-KR and its superset CP949 (Unified Hangul Code, Windows code page 949).
    case cp949 = "cp949"
    /// UTF-16 little endian, recognised by its BOM `FF FE` or without one by its code units
    /// (see ``utf16WithoutBOM(_:)``).
    case utf16LE = "utf-16le"
    /// UTF-16 big endian, recognised by its BOM `FE FF` or by its code units.
    case utf16BE = "utf-16be"

    /// Detects the encoding from the first bytes of a text input. UTF-16 needs its BOM, and
    /// content after it that is plausibly UTF-16 (see ``utf16ByBOM(_:)``), or code units that
    /// are UTF-16 text beyond doubt (see ``utf16WithoutBOM(_:)``). CP949
    /// needs clear evidence, so that UTF-8 with a few bad bytes (or Latin-1) never qualifies:
    /// at least four byte sequences that are invalid UTF-8 and more than half as many of them as
    /// valid multi-byte UTF-8 sequences (CP949 Hangul often reads as valid UTF-8: `홍` is C8 AB, and
    /// `길동` is B1 then E6 B5 BF), at least four CP949 double-byte characters, at least half
    /// of them in the KS X 1001 range (both bytes ≥ 0xA1, where Hangul syllables live), and hardly
    /// any high byte that is not part of a CP949 character.
    /// Whether `line` holds a character of two to four bytes and is UTF-8 throughout (a line of
    /// CP949 Hangul is not: a Hangul pair's trail byte is no continuation byte, or the next pair's
    /// lead is none).
    static func isUTF8Text(_ line: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var multibyte = false
        while index < line.count {
            if line[index] < 0x80 {
                index += 1
                continue
            }
            guard let (_, length) = utf8Character(UnsafeRawBufferPointer(rebasing: line[index...])) else { return false }
            multibyte = true
            index += length
        }
        return multibyte
    }

    /// The UTF-8 character of two to four bytes that `bytes` start with (no overlong forms, no
    /// surrogates) and its length; nil when they start none.
    static func utf8Character(_ bytes: UnsafeRawBufferPointer) -> (UInt32, Int)? {
        guard let b0 = bytes.first else { return nil }
        let length = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0
        guard length > 0, bytes.count >= length else { return nil }
        var scalar = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard bytes[k] & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(bytes[k] & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        return (scalar, length)
    }


    public static func detect(_ head: UnsafeRawBufferPointer) -> TextEncoding {
        if let utf16 = utf16ByBOM(head) { return utf16 }
        // (Text without NUL bytes is no UTF-16 of the kind ``utf16WithoutBOM(_:)`` takes: one
        // memchr spares every other file its loop.)
        if let base = head.baseAddress, memchr(base, 0, head.count) != nil, let utf16 = utf16WithoutBOM(head) { return utf16 }
        // One pass for UTF-8 validity.
        var utf8Valid = 0
        var utf8Invalid = 0
        var i = 0
        let n = head.count
        while i < n {
            // ASCII eight bytes at a time (most heads are mostly ASCII).
            while i + 8 <= n && head.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let byte = head[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            let length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
            if length == 0 {
                utf8Invalid += 1
                i += 1
                continue
            }
            if i + length > n { break }  // cut by the end of the head
            var ok = true
            for k in 1..<length where head[i + k] & 0xC0 != 0x80 { ok = false }
            if ok {
                utf8Valid += 1
                i += length
            } else {
                utf8Invalid += 1
                i += 1
            }
        }
        guard utf8Invalid >= 4, 2 * utf8Invalid > utf8Valid else { return .utf8 }
        // One pass for CP949 structure.
        var pairs = 0
        var wansung = 0
        var stray = 0
        i = 0
        while i < n {
            let byte = head[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            if i + 1 >= n { break }
            let trail = head[i + 1]
            if byte >= 0x81 && byte <= 0xFE && CP949.isTrail(trail) {
                pairs += 1
                if byte >= 0xA1 && trail >= 0xA1 { wansung += 1 }
                i += 2
            } else {
                stray += 1
                i += 1
            }
        }
        guard pairs >= 4, wansung * 2 >= pairs, stray * 20 <= pairs else { return .utf8 }
        return .cp949
    }
}

extension TextEncoding {
    /// UTF-16 text without a BOM — what SQL Server's `bcp -w` and `sqlcmd -u`, and .NET's
    /// `Encoding.Unicode` without its preamble write —, judged by its first (up to 4,096) code
    /// units in each byte order: at least a quarter of them ASCII characters (a zero high byte:
    /// digits, separators, line breaks), 98 % of them characters that text holds (ASCII, Latin-1
    /// letters, Hangul, CJK, general punctuation, full-width forms), no NUL character, and a
    /// line break when the head is full. Binary data holding NUL bytes fails this: its zero
    /// words, and the words that are no characters, are far more than 2 %.
    public static func utf16WithoutBOM(_ head: UnsafeRawBufferPointer) -> TextEncoding? {
        let units = min(head.count / 2, 4096)
        guard units >= 16 else { return nil }
        for encoding in [TextEncoding.utf16LE, .utf16BE] {
            var ascii = 0
            var other = 0
            var breaks = 0
            for index in 0..<units {
                let first = head[2 * index]
                let second = head[2 * index + 1]
                let (high, low) = encoding == .utf16LE ? (second, first) : (first, second)
                switch high {
                case 0:
                    if (low >= 0x20 && low < 0x7F) || low == 0x09 || low == 0x0D || low == 0x0A {
                        ascii += 1
                        if low == 0x0A { breaks += 1 }
                    } else if low >= 0xA0 {
                        other += 1
                    }
                case 0x11, 0x20, 0x30, 0x31, 0x4E...0x9F, 0xAC...0xD7, 0xFF: other += 1
                default: break
                }
            }
            if 4 * ascii >= units, 100 * (ascii + other) >= 98 * units, breaks > 0 || head.count < ContentSniffer.headSize {
                return encoding
            }
        }
        return nil
    }

    /// UTF-16 LE or BE when `head` starts with its BOM (`FF FE` / `FE FF`) *and* what follows
    /// plausibly is UTF-16; `nil` otherwise. `FF FE` is also what a byte-oriented file can start
    /// with (a stray Latin-1 `ÿþ`, garbage before a log), and reading such a file as UTF-16 would
    /// turn every pair of ASCII bytes into one CJK character and hide all its values. The code
    /// units after the BOM (at most 4096) are plausible when at least one in eight is in the
    /// ASCII range (high byte 0: the spaces, digits and line breaks of any real text). Otherwise
    /// they must not look like ASCII read two bytes at a time — half or more of the units made of
    /// two printable ASCII bytes *and* at least one byte in twenty a separator (space, tab, line
    /// break, `,;:="`), which CJK or kana code units hardly ever hold — and at most one in a
    /// hundred may be an unpaired surrogate. Fewer than eight code units are too few to judge:
    /// the BOM wins (a BOM with nothing after it is UTF-16).
    public static func utf16ByBOM(_ head: UnsafeRawBufferPointer) -> TextEncoding? {
        guard head.count >= 2 else { return nil }
        let encoding: TextEncoding
        switch (head[0], head[1]) {
        case (0xFF, 0xFE): encoding = .utf16LE
        case (0xFE, 0xFF): encoding = .utf16BE
        default: return nil
        }
        let units = min((head.count - 2) / 2, 4096)
        guard units > 0 else { return encoding }
        let highFirst = encoding == .utf16BE
        func isTextByte(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte < 0x7F) || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func isSeparator(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x3B, 0x3A, 0x3D, 0x22: true
            default: false
            }
        }
        var asciiRange = 0
        var asciiPairs = 0
        var separators = 0
        var unpaired = 0
        var pendingHigh = false  // the previous unit was a high surrogate
        for index in 0..<units {
            let first = head[2 + 2 * index]
            let second = head[3 + 2 * index]
            let high = highFirst ? first : second
            let low = highFirst ? second : first
            if high == 0 && low != 0 {
                asciiRange += 1
            } else if isTextByte(high) && isTextByte(low) {
                asciiPairs += 1
            }
            if isSeparator(first) { separators += 1 }
            if isSeparator(second) { separators += 1 }
            let isHighSurrogate = high >= 0xD8 && high <= 0xDB
            let isLowSurrogate = high >= 0xDC && high <= 0xDF
            if pendingHigh && !isLowSurrogate { unpaired += 1 }
            if isLowSurrogate && !pendingHigh { unpaired += 1 }
            pendingHigh = isHighSurrogate
        }
        if asciiRange * 8 >= units { return encoding }
        let looksLikeASCII = units >= 8 && asciiPairs * 2 >= units && separators * 20 >= 2 * units
        return !looksLikeASCII && unpaired * 100 <= units ? encoding : nil
    }
}

/// CP949 → Unicode, from glibc's iconv, built once into a table (the transcoder then needs no
/// iconv state and no lock).
enum CP949 {
    /// Trail bytes of CP949 double-byte characters.
    @inline(__always) static func isTrail(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x81 && byte <= 0xFE)
    }

    /// Code point of lead 0x81–0xFE and trail 0x41–0xFE at `(lead - 0x81) * 190 + (trail - 0x41)`;
    /// 0 where the pair is not a character.
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 126 * 190)
        let converter = iconv_open("UTF-32LE", "CP949")
        guard let converter, converter != iconv_t(bitPattern: -1) else { return table }
        defer { iconv_close(converter) }
        var input: [UInt8] = [0, 0]
        var output: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        for lead in 0x81...0xFE {
            for trail in 0x41...0xFE where isTrail(UInt8(trail)) {
                input[0] = UInt8(lead)
                input[1] = UInt8(trail)
                let code: UInt32? = input.withUnsafeMutableBytes { inBytes in
                    output.withUnsafeMutableBytes { outBytes in
                        var inPointer: UnsafeMutablePointer<CChar>? = inBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                        var outPointer: UnsafeMutablePointer<CChar>? = outBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                        var inLeft = 2
                        var outLeft = 8
                        let rc = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        iconv(converter, nil, nil, nil, nil)  // reset the state after a failure
                        guard rc != -1, inLeft == 0, outLeft == 4 else { return nil }
                        return outBytes.load(as: UInt32.self).littleEndian
                    }
                }
                if let code { table[(lead - 0x81) * 190 + (trail - 0x41)] = code }
            }
        }
        return table
    }()
}
