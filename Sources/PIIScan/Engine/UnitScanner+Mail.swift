#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mail files — an mbox archive, a saved `.eml` — hold their text in MIME bodies: Base64 blocks
/// of 76-character lines, or quoted-printable text (`=EC=A3=BC…`, lines joined by a soft break
/// `=` at their end). Korean mail is almost always one of the two, so a mail archive scanned as
/// plain text shows nothing of what was written. In a file that starts like a mail
/// (``isMail(_:)``), each such block is decoded as one text — a value split over two lines of a
/// block is whole again — and scanned like a decoded line (``UnitScanner/scanDecoded``):
/// findings are reported at the encoded bytes, with `"decoding":"base64"` or
/// `"quoted-printable"`. A block whose bytes are not UTF-8 text is read as CP949
/// (`charset="ks_c_5601-1987"`, Outlook's default for Korean) when they are that, and skipped
/// otherwise (an attachment: an image, a PDF).
enum MailText {
    /// Whether `head` (a file's first bytes) starts like an LDIF directory export (RFC 2849):
    /// after comment and blank lines, `version: 1` or a `dn:` line. (With the mail files here:
    /// another text format whose values are Base64 by rule.)
    static func isLDIF(_ head: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < head.count {
            if head[index] == 0x23 || head[index] == 0x0A || head[index] == 0x0D {  // a comment or blank line
                while index < head.count && head[index] != 0x0A { index += 1 }
                index += 1
                continue
            }
            let rest = UnsafeRawBufferPointer(rebasing: head[index...])
            return rest.starts(with: Array("version:".utf8)) || rest.starts(with: Array("dn:".utf8))
        }
        return false
    }

    /// Whether `head` (a file's first bytes) starts like a mail: an mbox `From ` line or a header
    /// line (`Return-Path: …`, `Received: …`), and a MIME header somewhere
    /// (`Content-Transfer-Encoding:` or `MIME-Version:`, in any case).
    static func isMail(_ head: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { start = 3 }
        guard head.count - start >= 16 else { return false }
        let startsMbox = head[start..<(start + 5)].elementsEqual("From ".utf8)
        if !startsMbox {
            // `Name: value`: a header's name is letters, digits and dashes.
            var index = start
            while index < head.count && (ValidatorSupport.isASCIIAlphanumeric(head[index]) || head[index] == 0x2D) { index += 1 }
            guard index > start, index + 1 < head.count, head[index] == 0x3A, head[index + 1] == 0x20,
                ValidatorSupport.isASCIILetter(head[start])
            else { return false }
        }
        return contains(head, "\ncontent-transfer-encoding:") || contains(head, "\nmime-version:")
    }

    /// Whether `text` holds `needle` (lower case), ASCII letters compared in either case.
    private static func contains(_ text: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard text.count >= pattern.count else { return false }
        var index = 0
        let last = text.count - pattern.count
        while index <= last {
            // Every header name starts after a line break: only those are compared.
            guard let newline = memchr(text.baseAddress! + index, 0x0A, last + 1 - index) else { return false }
            index = text.baseAddress!.distance(to: UnsafeRawPointer(newline))
            if (0..<pattern.count).allSatisfy({ ValidatorSupport.lowercased(text[index + $0]) == pattern[$0] }) { return true }
            index += 1
        }
        return false
    }

    /// The Base64 characters of a body line, `[start, end)` (no line break): at least 4, only
    /// the Base64 alphabet, up to two `=` of padding at the end. Returns the characters' end
    /// (before the padding), nil when the line is not one.
    static func base64Line(_ s: UnsafeRawBufferPointer, _ line: Range<Int>, values: UnsafeBufferPointer<UInt8>) -> Int? {
        guard line.count >= 4 else { return nil }
        var end = line.upperBound
        var padding = 0
        while end > line.lowerBound && s[end - 1] == 0x3D && padding < 2 {
            end -= 1
            padding += 1
        }
        guard (end - line.lowerBound + padding) % 4 == 0 || padding == 0 else { return nil }
        for index in line.lowerBound..<end where values[Int(s[index])] == 0xFF { return nil }
        return end
    }

    /// Whether `bytes` are UTF-8 (no overlong forms or surrogates are looked for: a Base64 or
    /// quoted-printable body of other bytes is not mistaken for it).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
            guard length > 0, index + length <= bytes.count else { return false }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// Whether the bytes of `bytes` that are not ASCII are CP949 double-byte characters.
    static func isCP949(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            guard byte >= 0x81 && byte <= 0xFE, index + 1 < bytes.count, CP949.isTrail(bytes[index + 1]),
                CP949.table[Int(byte - 0x81) * 190 + Int(bytes[index + 1] &- 0x41)] != 0
            else { return false }
            index += 2
        }
        return true
    }

    /// Whether a body line holds a quoted-printable escape of a byte that is not ASCII
    /// (`=EC`, `=B1`: the text is Korean, so the escapes are its bytes) or ends in a soft break.
    static func quotedPrintableLine(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        guard !line.isEmpty else { return false }
        if s[line.upperBound - 1] == 0x3D { return true }
        var index = line.lowerBound
        while index + 2 < line.upperBound {
            guard let equals = memchr(s.baseAddress! + index, 0x3D, line.upperBound - 2 - index) else { return false }
            index = s.baseAddress!.distance(to: UnsafeRawPointer(equals))
            if let high = EncodedText.hexValue(s[index + 1]), high >= 8, EncodedText.hexValue(s[index + 2]) != nil { return true }
            index += 1
        }
        return false
    }
}

extension UnitScanner {
    /// The MIME bodies (Base64 blocks, quoted-printable text) of the lines from the one holding
    /// `from` to the one holding `cut` (the last may run past it, while the buffer holds it), as
    /// ``MailText`` describes. Returns where the next window resumes (after the last block), so
    /// a block is decoded once.
    func findMailBodies(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, final: Bool, path: String, into found: inout [EncodedFinding]
    ) -> Int {
        EncodedText.base64Values.withUnsafeBufferPointer { values in
            let end = subject.count
            func line(at start: Int) -> (content: Range<Int>, next: Int)? { UnitScanner.bufferedLine(subject, at: start, final: final) }
            var position = from
            while position > 0 && subject[position - 1] != 0x0A { position -= 1 }
            while position < cut, let first = line(at: position) {
                var blockEnd = first.next
                if let characters = MailText.base64Line(subject, first.content, values: values), characters - first.content.lowerBound >= 16 {
                    // Lines of Base64 until one that is not (a blank line, a MIME boundary) or
                    // one after padding (the body's end).
                    var lines = [first.content.lowerBound..<characters]
                    var padded = characters < first.content.upperBound
                    while !padded, blockEnd < end, let next = line(at: blockEnd),
                        let characters = MailText.base64Line(subject, next.content, values: values)
                    {
                        lines.append(next.content.lowerBound..<characters)
                        padded = characters < next.content.upperBound
                        blockEnd = next.next
                    }
                    if decodeBase64Block(subject, lines: lines, values: values) {
                        scanDecoded(original: subject, lineStart: position, from: max(from, position), path: path, plain: [], into: &found)
                    }
                } else if MailText.quotedPrintableLine(subject, first.content) {
                    // Lines joined by soft breaks, and the line the last one leads to.
                    var lines = [first.content]
                    var soft = subject[first.content.upperBound - 1] == 0x3D
                    while soft, blockEnd < end, let next = line(at: blockEnd) {
                        lines.append(next.content)
                        soft = !next.content.isEmpty && subject[next.content.upperBound - 1] == 0x3D
                        blockEnd = next.next
                    }
                    if decodeQuotedPrintable(subject, lines: lines) {
                        scanDecoded(original: subject, lineStart: position, from: max(from, position), path: path, plain: [], into: &found)
                    }
                }
                position = blockEnd
            }
            return max(position, from)
        }
    }

    /// The line starting at `start` of `subject`: its content (no `\r\n`) and the next line's
    /// start; nil when the buffer holds only part of it (the next window has it whole) — unless
    /// the input ends there (`final`).
    static func bufferedLine(_ subject: UnsafeRawBufferPointer, at start: Int, final: Bool) -> (content: Range<Int>, next: Int)? {
        let end = subject.count
        let base = subject.baseAddress!
        let newline = memchr(base + start, 0x0A, end - start).map { base.distance(to: UnsafeRawPointer($0)) }
        guard let newline else { return final && start < end ? (start..<end, end) : nil }
        let contentEnd = newline > start && subject[newline - 1] == 0x0D ? newline - 1 : newline
        return (start..<contentEnd, newline + 1)
    }

    /// Decodes the Base64 characters of `lines` (one run, over the line breaks) into
    /// ``decodedLine``, after the bytes of `label` as they are (an LDIF value's attribute name,
    /// `postalAddress:: `, a context word for what follows); false when they are not text
    /// (UTF-8 or CP949, no control characters).
    func decodeBase64Block(
        _ s: UnsafeRawBufferPointer, lines: [Range<Int>], values: UnsafeBufferPointer<UInt8>, label: Range<Int> = 0..<0
    ) -> Bool {
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        let characters = lines.reduce(0) { $0 + $1.count }
        bytes.reserveCapacity(label.count + characters * 3 / 4)
        spans.reserveCapacity(label.count + characters * 3 / 4)
        for index in label {
            bytes.append(s[index])
            spans.append(index..<(index + 1))
        }
        var accumulator: UInt32 = 0
        var bits = 0
        var group: [Int] = []  // where the characters of the current group of four are
        group.reserveCapacity(4)
        var emitted = 0  // bytes of the current group so far
        for line in lines {
            for index in line {
                accumulator = accumulator << 6 | UInt32(values[Int(s[index])])
                bits += 6
                group.append(index)
                if bits >= 8 {
                    bits -= 8
                    let byte = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                    // A control byte: an attachment (an image, a PDF), not text — given up at once,
                    // before a megabyte of it is decoded.
                    if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F { return false }
                    bytes.append(byte)
                    // The characters of its group that begin inside its bits (as for a Base64
                    // value on one line): disjoint spans, whichever line each character is on.
                    let (first, last) = EncodedText.base64CharacterSpan[emitted]
                    let lower = group[min(first, group.count - 1)]
                    let upper = group[min(last, group.count) - 1] + 1
                    spans.append(lower..<max(upper, lower + 1))
                    emitted += 1
                }
                if group.count == 4 {
                    group.removeAll(keepingCapacity: true)
                    emitted = 0
                    accumulator = 0
                    bits = 0
                }
            }
        }
        let decoded = label.isEmpty ? nil : Array(repeating: false, count: label.count) + Array(repeating: true, count: bytes.count - label.count)
        return writeDecodedText(bytes, spans: spans, .base64, decoded: decoded)
    }

    /// Decodes quoted-printable `lines` (soft breaks joining them) into ``decodedLine``; false
    /// when the escaped bytes are neither UTF-8 nor CP949 text.
    private func decodeQuotedPrintable(_ s: UnsafeRawBufferPointer, lines: [Range<Int>]) -> Bool {
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        var decoded: [Bool] = []
        var joined = false  // the next byte follows a soft break or an escaped ASCII character
        for line in lines {
            var index = line.lowerBound
            while index < line.upperBound {
                let byte = s[index]
                if byte == 0x3D && index + 2 < line.upperBound, let high = EncodedText.hexValue(s[index + 1]),
                    let low = EncodedText.hexValue(s[index + 2])
                {
                    bytes.append(high << 4 | low)
                    spans.append(index..<(index + 3))
                    decoded.append(true)
                    index += 3
                    // A value glued to an escaped ASCII character (`passport_no=3DG74999331`: the
                    // plain scan read `3DG…` as one token) is read with it, as after a soft break.
                    joined = high < 8
                    continue
                } else if byte == 0x3D && index == line.upperBound - 1 {
                    joined = true  // a soft break: the line goes on on the next one
                    index += 1
                    continue
                } else {
                    bytes.append(byte)
                    spans.append(index..<(index + 1))
                    decoded.append(joined)
                    index += 1
                }
                joined = false
            }
        }
        return writeDecodedText(bytes, spans: spans, .quotedPrintable, decoded: decoded)
    }

    /// Transcodes the CP949 text of `line` (a line of a UTF-8 file that is not UTF-8: an EUC-KR
    /// line a legacy component wrote into the log) into ``decodedLine``, its non-ASCII
    /// characters counting as decoded; false when the line is not CP949 text either.
    func decodeCP949Line(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var upper = line.upperBound
        if upper > line.lowerBound && s[upper - 1] == 0x0D { upper -= 1 }
        let bytes = Array(s[line.lowerBound..<upper])
        guard !MailText.isUTF8(bytes), MailText.isCP949(bytes) else { return false }
        return writeDecodedText(bytes, spans: (line.lowerBound..<upper).map { $0..<($0 + 1) }, .cp949, decoded: bytes.map { $0 >= 0x80 })
    }

    /// Writes decoded `bytes` (each from its span of input bytes) into ``decodedLine`` as UTF-8:
    /// as they are when they are UTF-8, transcoded when they are CP949 double-byte characters
    /// (a pair's span is both bytes'). `decoded`: per byte, whether it counts as decoded (nil:
    /// all do). False when the bytes are neither, or hold control characters (binary data).
    func writeDecodedText(_ bytes: [UInt8], spans: [Range<Int>], _ decoding: TextDecoding, decoded: [Bool]? = nil) -> Bool {
        guard bytes.count >= 8 else { return false }
        for byte in bytes where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F { return false }
        let utf8 = MailText.isUTF8(bytes)
        guard utf8 || MailText.isCP949(bytes) else { return false }
        var writer = decodedLine.writer(capacity: bytes.count * 2)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let kind = (decoded.map { $0[index] } ?? true) ? decoding : TextDecoding.none
            if byte >= 0x80 && !utf8 {
                let scalar = CP949.table[Int(byte - 0x81) * 190 + Int(bytes[index + 1] &- 0x41)]
                writer.append(scalar: scalar, from: spans[index].lowerBound, to: spans[index + 1].upperBound, kind)
                index += 2
            } else if byte == 0xEF && index + 2 < bytes.count, let ascii = EncodedText.fullwidth(bytes[index + 1], bytes[index + 2]) {
                // A full-width form (`０１０－…`, typed with a Korean IME) is read as its ASCII
                // character, as the `fullwidth` decoding reads it in plain text.
                writer.append(ascii, from: spans[index].lowerBound, to: spans[index + 2].upperBound, decoding)
                index += 3
            } else {
                writer.append(byte, from: spans[index].lowerBound, to: spans[index].upperBound, kind)
                index += 1
            }
        }
        decodedLine.finish(writer)
        return true
    }
}
