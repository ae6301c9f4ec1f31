#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Contact cards (vCard, RFC 6350 and its 2.1/3.0 forebears), calendars (iCalendar, RFC 5545)
/// and directory exports (LDIF, RFC 2849) *fold* long lines: a line that starts with one blank
/// continues the line before it, the blank dropped. Writers fold at 75 octets whatever is
/// there — in the middle of a phone number, of an e-mail address, even of a Hangul syllable's
/// UTF-8 bytes (`DESCRIPTION:… 연락처 010-2345-⏎ 6789`) — so in such a file each folded line is
/// also read unfolded, and a value that the fold cut is reported at its bytes with
/// `"decoding":"folded"`.
///
/// A vCard's address (`ADR`) is structured the other way round from a Korean one — post-office
/// box; extended address; street; locality; region; postal code; country
/// (`ADR;TYPE=HOME:;101동 1203호;테헤란로 152;강남구;서울특별시;06236;대한민국`, as an iPhone writes
/// it) — so it is also read in Korean order (`서울특별시 강남구 테헤란로 152, 101동 1203호 06236`),
/// its quoted-printable escapes (vCard 2.1, as Android writes it) undone, and an address found
/// there is reported over the components it spans with `"decoding":"vcard-address"`.
enum FoldedText {
    /// The formats whose lines fold.
    enum Format: Sendable {
        case vCard, iCalendar, ldif
    }

    /// The folded format that `head` (a file's first bytes) starts like: after a byte-order mark
    /// and blank lines, `BEGIN:VCARD` or `BEGIN:VCALENDAR` (in any case); LDIF as
    /// ``MailText/isLDIF(_:)`` tells. Nil for any other text.
    static func format(_ head: UnsafeRawBufferPointer) -> Format? {
        var index = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { index = 3 }
        while index < head.count && (head[index] == 0x0A || head[index] == 0x0D || ValidatorSupport.isBlank(head[index])) {
            index += 1
        }
        if startsWith(head, at: index, "begin:vcard") { return .vCard }
        if startsWith(head, at: index, "begin:vcalendar") { return .iCalendar }
        return MailText.isLDIF(head) ? .ldif : nil
    }

    /// Whether `text` holds `word` (lower case) at `index`, ASCII letters in either case.
    static func startsWith(_ text: UnsafeRawBufferPointer, at index: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= text.count else { return false }
        return (0..<count).allSatisfy { ValidatorSupport.lowercased(text[index + $0]) == word.utf8Start[$0] }
    }

    /// Whether the property line starting at `start` carries a binary value (`PHOTO`, `LOGO`,
    /// `SOUND`, `KEY`, an `ENCODING=b`/`BASE64` parameter, iCalendar's `ATTACH`): hundreds of
    /// folded lines of Base64 that hold no text to read.
    static func holdsBinary(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        let name = propertyName(s, line)
        for binary: StaticString in ["photo", "logo", "sound", "key", "attach"] where name.count == binary.utf8CodeUnitCount {
            if startsWith(s, at: name.lowerBound, binary) { return true }
        }
        return parametersHold(s, line, "encoding=b")
    }

    /// Whether the property's parameters (between its name and the `:` before its value) hold
    /// `word` (lower case), in any case.
    static func parametersHold(_ s: UnsafeRawBufferPointer, _ line: Range<Int>, _ word: StaticString) -> Bool {
        guard let colon = valueStart(s, line) else { return false }
        var index = propertyName(s, line).upperBound
        while index < colon {
            if startsWith(s, at: index, word) { return true }
            index += 1
        }
        return false
    }

    /// The name of the property on the line (`ADR` of `item1.ADR;TYPE=HOME:…`): after a group
    /// name and its dot, up to the first `;` or `:`.
    static func propertyName(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Range<Int> {
        var start = line.lowerBound
        var index = start
        while index < line.upperBound && s[index] != 0x3B && s[index] != 0x3A {
            if s[index] == 0x2E { start = index + 1 }
            index += 1
        }
        return start..<index
    }

    /// The index after the `:` that ends the property's name and parameters (a quoted parameter
    /// value may hold one), nil when the line has none.
    static func valueStart(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Int? {
        var quoted = false
        for index in line {
            if s[index] == 0x22 { quoted.toggle() }
            if s[index] == 0x3A && !quoted { return index + 1 }
        }
        return nil
    }
}

extension UnitScanner {
    /// Where a window of a folded file ends, at or before `cut` (after a line break): before the
    /// line that the line at the cut continues — one starting with a blank, or one not read yet
    /// — so that no folded line is split between two windows. `cut` when one folded line fills
    /// the window (or the cut is not after a line break).
    static func foldedCut(_ subject: UnsafeRawBufferPointer, scanStart: Int, cut: Int) -> Int {
        guard cut > scanStart, subject[cut - 1] == 0x0A else { return cut }
        var candidate = cut
        while candidate == subject.count || ValidatorSupport.isBlank(subject[candidate]) {
            var start = candidate - 1
            while start > scanStart && subject[start - 1] != 0x0A { start -= 1 }
            guard start > scanStart else { return cut }
            candidate = start
        }
        return candidate
    }

    /// The folded lines (``FoldedText``) from the one holding `from` to the one holding `cut`
    /// (the last may run past it, while the buffer holds it), each read unfolded — and a vCard's
    /// addresses in Korean order — and scanned like a decoded line. Returns where the next window
    /// resumes (after the last line read), so a line is read once.
    func findFoldedLines(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, final: Bool, format: FoldedText.Format, path: String,
        into found: inout [EncodedFinding]
    ) -> Int {
        let end = subject.count
        func line(at start: Int) -> (content: Range<Int>, next: Int)? { UnitScanner.bufferedLine(subject, at: start, final: final) }
        var position = from
        while position > 0 && subject[position - 1] != 0x0A { position -= 1 }
        while position < cut, let first = line(at: position) {
            // Whether the next line continues this one is known only once the buffer holds its
            // first byte.
            guard first.next < end || final else { break }
            var lines = [first.content]
            var next = first.next
            var whole = true
            while next < end, ValidatorSupport.isBlank(subject[next]) {
                guard let more = line(at: next), more.next < end || final else {
                    whole = false
                    break
                }
                lines.append(more.content.lowerBound + 1..<max(more.content.lowerBound + 1, more.content.upperBound))
                next = more.next
            }
            guard whole else { break }
            let header = first.content
            let quotedPrintable = format == .vCard && FoldedText.isQuotedPrintable(subject, header)
            if quotedPrintable {
                // vCard 2.1's quoted-printable values go on after a soft break `=`.
                while let last = lines.last, !last.isEmpty, subject[last.upperBound - 1] == 0x3D, next < end,
                    let more = line(at: next), more.next < end || final
                {
                    lines.append(more.content)
                    next = more.next
                }
            }
            let name = FoldedText.propertyName(subject, header)
            if format == .vCard && name.count == 3 && FoldedText.startsWith(subject, at: name.lowerBound, "adr") {
                if readKoreanOrderAddress(subject, lines: lines, quotedPrintable: quotedPrintable) {
                    scanDecoded(original: subject, lineStart: position, from: max(from, position), path: path, plain: [], into: &found)
                }
            } else if lines.count > 1 && !quotedPrintable && !FoldedText.holdsBinary(subject, header)
                && !(format == .ldif && FoldedText.isLDIFBase64(subject, header))
            {
                if unfold(subject, lines: lines) {
                    scanDecoded(original: subject, lineStart: position, from: max(from, position), path: path, plain: [], into: &found)
                }
            }
            position = next
        }
        return max(position, from)
    }

    /// Writes `lines` (the first whole, the rest without their folding blank) into
    /// ``decodedLine``; the first byte after each fold counts as decoded, so that only the values
    /// the folds cut are reported from it. False when the text is not UTF-8 or CP949.
    private func unfold(_ s: UnsafeRawBufferPointer, lines: [Range<Int>]) -> Bool {
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        var decoded: [Bool] = []
        let total = lines.reduce(0) { $0 + $1.count }
        bytes.reserveCapacity(total)
        spans.reserveCapacity(total)
        decoded.reserveCapacity(total)
        for (number, line) in lines.enumerated() {
            for index in line {
                bytes.append(s[index])
                spans.append(index..<(index + 1))
                decoded.append(number > 0 && index == line.lowerBound)
            }
        }
        return writeDecodedText(bytes, spans: spans, .folded, decoded: decoded)
    }

    /// Writes a vCard `ADR` property's value into ``decodedLine`` in Korean order — postal code,
    /// region, locality, street, `, ` extended address — after `address: ` (for the property's
    /// name and parameters); each component's quoted-printable escapes and backslash escapes undone. False
    /// when the region and the locality are empty and nothing is escaped (the street then holds
    /// the whole address, which the plain scan reads), or the text is not UTF-8 or CP949.
    private func readKoreanOrderAddress(_ s: UnsafeRawBufferPointer, lines: [Range<Int>], quotedPrintable: Bool) -> Bool {
        guard let valueStart = FoldedText.valueStart(s, lines[0]) else { return false }
        // The value's bytes with their spans, folds and soft breaks removed, escapes undone.
        var components: [[(byte: UInt8, span: Range<Int>)]] = [[]]
        var separators: [Int] = []  // where each `;` between components is
        for (number, line) in lines.enumerated() {
            var index = number == 0 ? valueStart : line.lowerBound
            var upper = line.upperBound
            if quotedPrintable && number < lines.count - 1 && upper > index && s[upper - 1] == 0x3D { upper -= 1 }
            while index < upper {
                let byte = s[index]
                if quotedPrintable && byte == 0x3D && index + 2 < upper, let high = EncodedText.hexValue(s[index + 1]),
                    let low = EncodedText.hexValue(s[index + 2])
                {
                    components[components.count - 1].append((high << 4 | low, index..<(index + 3)))
                    index += 3
                } else if byte == 0x5C && index + 1 < upper {
                    // `\,` `\;` `\\` stand for themselves, `\n` for a line break (a blank here).
                    let escaped = s[index + 1]
                    let character: UInt8 = escaped == 0x6E || escaped == 0x4E ? 0x20 : escaped
                    components[components.count - 1].append((character, index..<(index + 2)))
                    index += 2
                } else if byte == 0x3B {
                    separators.append(index)
                    components.append([])
                    index += 1
                } else {
                    components[components.count - 1].append((byte, index..<(index + 1)))
                    index += 1
                }
            }
        }
        func component(_ number: Int) -> [(byte: UInt8, span: Range<Int>)] {
            number < components.count ? components[number] : []
        }
        let (extended, street, locality, region, postcode) = (component(1), component(2), component(3), component(4), component(5))
        guard !street.isEmpty, quotedPrintable || !region.isEmpty || !locality.isEmpty else { return false }
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        var decoded: [Bool] = []
        // The property says what the value is: `ADR` reads as `address: ` (a context word of the
        // address rules), over the property's bytes.
        for (offset, byte) in "address: ".utf8.enumerated() {
            let index = min(lines[0].lowerBound + offset, valueStart - 1)
            bytes.append(byte)
            spans.append(index..<(index + 1))
            decoded.append(false)
        }
        var first = true
        func append(_ part: [(byte: UInt8, span: Range<Int>)], after separator: [UInt8]) {
            // Blanks around a component are dropped; a separator takes the span of the first
            // byte after it.
            var lower = 0
            var upper = part.count
            while lower < upper && ValidatorSupport.isBlank(part[lower].byte) { lower += 1 }
            while upper > lower && ValidatorSupport.isBlank(part[upper - 1].byte) { upper -= 1 }
            guard lower < upper else { return }
            if !first {
                for byte in separator {
                    bytes.append(byte)
                    spans.append(part[lower].span)
                    decoded.append(true)
                }
            }
            first = false
            for (byte, span) in part[lower..<upper] {
                bytes.append(byte)
                spans.append(span)
                decoded.append(true)
            }
        }
        // The postal code first, as Korean letters write it (`(06236) 서울특별시 …`): the street
        // component often goes on after the building number (`테헤란로 152 강남파이낸스센터 12층`).
        append(postcode, after: [])
        append(region, after: [0x20])
        append(locality, after: [0x20])
        append(street, after: [0x20])
        append(extended, after: [0x2C, 0x20])
        return writeDecodedText(bytes, spans: spans, .vCardAddress, decoded: decoded)
    }
}

extension FoldedText {
    /// Whether the property line's parameters say its value is quoted-printable (vCard 2.1:
    /// `ENCODING=QUOTED-PRINTABLE`, or the bare `QUOTED-PRINTABLE`).
    static func isQuotedPrintable(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        parametersHold(s, line, "quoted-printable")
    }

    /// Whether an LDIF line holds a Base64 value (`attr:: …`), which the LDIF decoding reads.
    static func isLDIFBase64(_ s: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        guard let colon = valueStart(s, line) else { return false }
        return colon < line.upperBound && s[colon] == 0x3A
    }
}
