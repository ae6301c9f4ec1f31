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
    /// UTF-16 little endian, recognised by its BOM `FF FE`.
    case utf16LE = "utf-16le"
    /// UTF-16 big endian, recognised by its BOM `FE FF`.
    case utf16BE = "utf-16be"

    /// Detects the encoding from the first bytes of a text input. UTF-16 needs its BOM. CP949
    /// needs clear evidence, so that UTF-8 with a few bad bytes (or Latin-1) never qualifies:
    /// at least four byte sequences that are invalid UTF-8 and more than twice as many of them as
    /// valid multi-byte UTF-8 sequences, at least four CP949 double-byte characters, at least half
    /// of them in the KS X 1001 range (both bytes ≥ 0xA1, where Hangul syllables live), and hardly
    /// any high byte that is not part of a CP949 character.
    public static func detect(_ head: UnsafeRawBufferPointer) -> TextEncoding {
        if head.count >= 2 {
            if head[0] == 0xFF && head[1] == 0xFE { return .utf16LE }
            if head[0] == 0xFE && head[1] == 0xFF { return .utf16BE }
        }
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
        guard utf8Invalid >= 4, utf8Invalid > 2 * utf8Valid else { return .utf8 }
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
