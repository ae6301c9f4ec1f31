#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings of values inside text that the scanner undoes (see ``EncodedText``).
enum TextDecoding: UInt8 {
    case none = 0
    /// `%40`, `%EC%84%9C`, `+` as a space in a percent-encoded token.
    case percent
    /// JSON `\uXXXX` (surrogate pairs included) and `\/`.
    case jsonEscape
    /// `&#64;`, `&#x40;`, `&amp;`, `&commat;` …
    case htmlEntity
    /// Full-width forms U+FF01–U+FF5E (`０１０－１２３４`, `＠`).
    case fullwidth
    /// A Base64 field value whose decoded bytes are text.
    case base64
    /// `\xEC\x84\x9C`: nginx's escaping of the non-ASCII bytes of a request line.
    case byteEscape
    /// A MIME body's `=EC=A3=BC` and soft line breaks (mail files only).
    case quotedPrintable
    /// A line of a vCard, iCalendar or LDIF file read with its continuation lines (``FoldedText``).
    case folded
    /// A vCard's address read in Korean order (``FoldedText``).
    case vCardAddress
    /// A line of CP949 (EUC-KR) text in a UTF-8 file, transcoded.
    case cp949
    /// A terminal's colour or cursor sequence (`ESC[31m`, ANSI CSI), read as a blank: a CI log's
    /// coloured value follows its `m`.
    case ansi

    /// The name in reports (`"decoding":"percent"`).
    var name: String {
        switch self {
        case .none: ""
        case .percent: "percent"
        case .jsonEscape: "json-escape"
        case .htmlEntity: "html-entity"
        case .fullwidth: "fullwidth"
        case .base64: "base64"
        case .byteEscape: "byte-escape"
        case .quotedPrintable: "quoted-printable"
        case .folded: "folded"
        case .vCardAddress: "vcard-address"
        case .cp949: "cp949"
        case .ansi: "ansi-escape"
        }
    }
}

/// One line with its escapes undone, and for every decoded byte the range of original bytes it
/// came from and the decoding that produced it. Its storage is kept from line to line (one per
/// ``UnitScanner``), so decoding a line allocates nothing once it has grown to the longest line.
final class DecodedLine {
    /// Decoded bytes.
    private var count = 0
    private var capacity = 0
    private var byteStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private var startStorage = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private var endStorage = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private var kindStorage = UnsafeMutablePointer<TextDecoding>.allocate(capacity: 1)

    init() {}

    deinit {
        byteStorage.deallocate()
        startStorage.deallocate()
        endStorage.deallocate()
        kindStorage.deallocate()
    }

    /// The decoded line, to read.
    var view: DecodedView {
        DecodedView(
            bytes: UnsafeBufferPointer(start: byteStorage, count: count),
            sourceStart: UnsafeBufferPointer(start: startStorage, count: count),
            sourceEnd: UnsafeBufferPointer(start: endStorage, count: count),
            kind: UnsafeBufferPointer(start: kindStorage, count: count))
    }

    /// A writer for a new line of at most `capacity` decoded bytes (the line is emptied).
    func writer(capacity total: Int) -> Writer {
        count = 0
        if total > capacity {
            let newCapacity = max(total, capacity * 2, 256)
            for storage in [UnsafeMutableRawPointer(byteStorage), UnsafeMutableRawPointer(startStorage),
                UnsafeMutableRawPointer(endStorage), UnsafeMutableRawPointer(kindStorage)]
            {
                storage.deallocate()
            }
            byteStorage = .allocate(capacity: newCapacity)
            startStorage = .allocate(capacity: newCapacity)
            endStorage = .allocate(capacity: newCapacity)
            kindStorage = .allocate(capacity: newCapacity)
            capacity = newCapacity
        }
        return Writer(
            bytes: byteStorage, sourceStart: startStorage, sourceEnd: endStorage, kind: kindStorage, capacity: total)
    }

    /// Ends a line written with `writer`.
    func finish(_ writer: Writer) { count = writer.count }

    /// Appends decoded bytes to the line's storage (a local value, so the hot loop does no
    /// dynamic exclusivity checks).
    struct Writer {
        let bytes: UnsafeMutablePointer<UInt8>
        let sourceStart: UnsafeMutablePointer<Int>
        let sourceEnd: UnsafeMutablePointer<Int>
        let kind: UnsafeMutablePointer<TextDecoding>
        let capacity: Int
        var count = 0

        @inline(__always)
        mutating func append(_ byte: UInt8, from start: Int, to end: Int, _ decoding: TextDecoding) {
            precondition(count < capacity, "a decoded line is never longer than its source")
            bytes[count] = byte
            sourceStart[count] = start
            sourceEnd[count] = end
            kind[count] = decoding
            count += 1
        }

        /// Appends `range` of `s` as it is.
        mutating func appendCopies(of s: UnsafeRawBufferPointer, _ range: Range<Int>) {
            precondition(count + range.count <= capacity, "a decoded line is never longer than its source")
            UnsafeMutableRawPointer(bytes + count).copyMemory(from: s.baseAddress! + range.lowerBound, byteCount: range.count)
            var index = count
            for source in range {
                sourceStart[index] = source
                sourceEnd[index] = source + 1
                kind[index] = .none
                index += 1
            }
            count = index
        }

        mutating func append(scalar: UInt32, from start: Int, to end: Int, _ decoding: TextDecoding) {
            let s = scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) ? 0xFFFD : scalar
            if s < 0x80 {
                append(UInt8(s), from: start, to: end, decoding)
            } else if s < 0x800 {
                append(UInt8(0xC0 | s >> 6), from: start, to: end, decoding)
                append(UInt8(0x80 | s & 0x3F), from: start, to: end, decoding)
            } else if s < 0x10000 {
                append(UInt8(0xE0 | s >> 12), from: start, to: end, decoding)
                append(UInt8(0x80 | (s >> 6) & 0x3F), from: start, to: end, decoding)
                append(UInt8(0x80 | s & 0x3F), from: start, to: end, decoding)
            } else {
                append(UInt8(0xF0 | s >> 18), from: start, to: end, decoding)
                append(UInt8(0x80 | (s >> 12) & 0x3F), from: start, to: end, decoding)
                append(UInt8(0x80 | (s >> 6) & 0x3F), from: start, to: end, decoding)
                append(UInt8(0x80 | s & 0x3F), from: start, to: end, decoding)
            }
        }
    }
}

/// A decoded line to read: for every decoded byte, the range of original bytes (buffer indices)
/// of the unit that produced it, and the decoding (`.none`: copied as it was).
struct DecodedView {
    let bytes: UnsafeBufferPointer<UInt8>
    let sourceStart: UnsafeBufferPointer<Int>
    let sourceEnd: UnsafeBufferPointer<Int>
    let kind: UnsafeBufferPointer<TextDecoding>
}

/// Finds encoded values in text cheaply and decodes the lines that hold them.
///
/// Only trigger bytes are searched for (with `memchr`): `%` followed by two hex digits, `\u`,
/// `&#` or a known entity, the lead bytes `EF BC`/`EF BD` of full-width forms, and `=` or `":"`
/// followed by a Base64 run of at least 16 characters that decodes to text. A line with a valid
/// trigger is decoded as a whole (every decoding at once), so keys and context words on it still
/// count.
enum EncodedText {
    /// Whether the trigger byte at `i` starts an encoding (cheap checks only).
    /// The byte of a twice percent-encoded escape at `i` (`%2540` is `%40` encoded again: `@`),
    /// as URLs carried in a query parameter (a referer's `?email=`, a redirect target) are.
    @inline(__always)
    static func doubleEscape(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> UInt8? {
        guard i + 4 < end, s[i + 1] == 0x32, s[i + 2] == 0x35, let high = hexValue(s[i + 3]), let low = hexValue(s[i + 4])
        else { return nil }
        return high << 4 | low
    }

    static func isTrigger(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> Bool {
        switch s[i] {
        case 0x25: return i + 2 < end && hexValue(s[i + 1]) != nil && hexValue(s[i + 2]) != nil
        case 0x5C:
            if i + 3 < end && s[i + 1] == 0x78 {
                // `\xHH` of a non-ASCII byte (an ASCII one, `\x22`, alone hides nothing).
                return s[i + 2] >= 0x38 && hexValue(s[i + 2]) != nil && hexValue(s[i + 3]) != nil
            }
            return i + 5 < end && s[i + 1] == 0x75 && (2...5).allSatisfy { hexValue(s[i + $0]) != nil }
        case 0x26: return entity(s, at: i, end: end) != nil
        case 0xEF: return i + 2 < end && fullwidth(s[i + 1], s[i + 2]) != nil
        case 0xC2, 0xE3: return wideSpace(s, at: i, end: end) != nil
        case 0x1B: return ansiSequence(s, at: i, end: end) != nil
        case 0x3D: return base64Values.withUnsafeBufferPointer { startsQuotedBase64Value(s, from: i + 1, end: end, values: $0) }
        case 0x4A: return jwtSegment(s, at: i, end: end) != nil
        case 0x42: return basicCredentials(s, at: i, end: end) != nil
        case 0x3A:
            var j = i + 1
            if j < end && s[j] == 0x20 { j += 1 }
            guard j < end, s[j] == 0x22, i > 0, s[i - 1] == 0x22 else { return false }
            return base64Values.withUnsafeBufferPointer { startsBase64Value(s, from: j + 1, end: end, values: $0) }
        default: return false
        }
    }

    /// Decodes `range` of `s` (one line). Returns nil when nothing on it decodes.
    static func decode(_ s: UnsafeRawBufferPointer, _ range: Range<Int>) -> DecodedLine? {
        let line = DecodedLine()
        return decode(s, range, into: line) ? line : nil
    }

    /// Decodes `range` of `s` (one line) into `line`, whose storage is reused. Returns false
    /// when nothing on it decodes.
    ///
    /// `+` is a space in a *token* (a run without spaces, tabs or quotes; a decoded Base64 value
    /// ends one) that holds a percent escape.
    /// `ldif`: the line is an LDIF file's, whose `name:: …` values are Base64.
    static func decode(_ s: UnsafeRawBufferPointer, _ range: Range<Int>, into target: DecodedLine, ldif: Bool = false) -> Bool {
        base64Values.withUnsafeBufferPointer { decode(s, range, into: target, values: $0, ldif: ldif) }
    }

    private static func decode(
        _ s: UnsafeRawBufferPointer, _ range: Range<Int>, into target: DecodedLine, values: UnsafeBufferPointer<UInt8>,
        ldif ldifFile: Bool
    ) -> Bool {
        // No unit decodes to more bytes than it has (`%41` 3 → 1, `\uAC00` 6 → 3, `&#2048;` 7 → 3,
        // Base64 4 → 3 …), so the line's length bounds the decoded one.
        var line = target.writer(capacity: range.count)
        defer { target.finish(line) }
        var decodedAny = false
        let end = range.upperBound
        // Start of the current token: after the last space, tab or quote, or at the end of the
        // last decoded Base64 value. `plusToken` caches the answer for the token of the last `+`.
        var tokenStart = range.lowerBound
        var plusToken = -1
        var plusIsSpace = false
        var i = range.lowerBound
        while i < end {
            let byte = s[i]
            if !isSpecial(byte) {
                // A run of bytes that start nothing: copied at once.
                var j = i + 1
                while j < end && !isSpecial(s[j]) { j += 1 }
                line.appendCopies(of: s, i..<j)
                i = j
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x22:
                // A delimiter is a token of its own; the next one starts after it.
                line.append(byte, from: i, to: i + 1, .none)
                i += 1
                tokenStart = i
                continue
            case 0x25:
                if let (byte, used) = escapedByte(s, at: i, end: end, .percent) {
                    if byte < 0x80 {
                        line.append(byte, from: i, to: i + used, .percent)
                        i += used
                    } else {
                        i = appendEscapedRun(s, from: i, end: end, .percent, to: &line)
                    }
                    decodedAny = true
                    continue
                }
            case 0x2B:
                if plusToken != tokenStart {
                    plusToken = tokenStart
                    plusIsSpace = hasPercentEscape(s, from: tokenStart, end: end)
                }
                if plusIsSpace {
                    line.append(0x20, from: i, to: i + 1, .percent)
                    i += 1
                    continue
                }
            case 0x5C:
                if let (byte, used) = escapedByte(s, at: i, end: end, .byteEscape) {
                    if byte >= 0x80 {
                        i = appendEscapedRun(s, from: i, end: end, .byteEscape, to: &line)
                        decodedAny = true
                        continue
                    }
                    if byte >= 0x20 && byte < 0x7F {
                        line.append(byte, from: i, to: i + used, .byteEscape)
                        decodedAny = true
                        i += used
                        continue
                    }
                }
                if i + 1 < end && s[i + 1] == 0x2F {
                    line.append(0x2F, from: i, to: i + 2, .jsonEscape)
                    i += 2
                    continue
                }
                // A `\u` escape escaped again (`\\uc81c`: a JSON line in a JSON string, as a
                // container log's `"log"` field holds an application's) is its character too.
                let twice = i + 2 < end && s[i + 1] == 0x5C && s[i + 2] == 0x75 && isTrigger(s, at: i + 1, end: end)
                if twice || isTrigger(s, at: i, end: end) {
                    let at = twice ? i + 1 : i
                    var scalar = hex4(s, at + 2)
                    var used = 6
                    if scalar >= 0xD800 && scalar <= 0xDBFF && at + 11 < end && s[at + 6] == 0x5C && s[at + 7] == 0x75
                        && hexValue(s[at + 8]) != nil && hexValue(s[at + 9]) != nil && hexValue(s[at + 10]) != nil
                        && hexValue(s[at + 11]) != nil
                    {
                        let low = hex4(s, at + 8)
                        if low >= 0xDC00 && low <= 0xDFFF {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            used = 12
                        }
                    }
                    // A full-width form escaped (`\uff10\uff11\uff10`, `ensure_ascii` over `０１０`) is
                    // read as its ASCII character, as the same form unescaped is (`fullwidth`).
                    if scalar >= 0xFF01 && scalar <= 0xFF5E { scalar -= 0xFEE0 }
                    line.append(scalar: scalar, from: i, to: at + used, .jsonEscape)
                    decodedAny = true
                    i = at + used
                    continue
                }
            case 0x26:
                if let (scalar, used) = entity(s, at: i, end: end) {
                    line.append(scalar: scalar, from: i, to: i + used, .htmlEntity)
                    decodedAny = true
                    i += used
                    continue
                }
            case 0x4A:
                // `eyJ`: Base64 of `{"`, a JSON object (a JWT's header and payload, a message
                // value); its `ey` were copied already.
                if let run = jwtSegment(s, at: i, end: end), line.count >= 2, line.sourceStart[line.count - 2] == i - 2,
                    line.kind[line.count - 2] == .none, line.kind[line.count - 1] == .none
                {
                    line.count -= 2
                    appendBase64(run, from: i - 2, to: &line)
                    decodedAny = true
                    i = run.end
                    tokenStart = i
                    continue
                }
            case 0x42:
                // `Basic <Base64 of user:password>`.
                if let run = basicCredentials(s, at: i, end: end) {
                    line.appendCopies(of: s, i..<(i + 6))
                    appendBase64(run, from: i + 6, to: &line)
                    decodedAny = true
                    i = run.end
                    tokenStart = i
                    continue
                }
            case 0xEF:
                if i + 2 < end, let ascii = fullwidth(s[i + 1], s[i + 2]) {
                    line.append(ascii, from: i, to: i + 3, .fullwidth)
                    decodedAny = true
                    i += 3
                    continue
                }
            case 0x1B, 0xC2, 0xE3:
                // A terminal's control sequence, or a no-break or ideographic space: a blank.
                let ansi = byte == 0x1B
                if let length = ansi ? ansiSequence(s, at: i, end: end) : wideSpace(s, at: i, end: end) {
                    line.append(0x20, from: i, to: i + length, ansi ? .ansi : .fullwidth)
                    decodedAny = true
                    i += length
                    tokenStart = i
                    continue
                }
            case 0x3D, 0x3A:
                line.append(byte, from: i, to: i + 1, .none)
                var j = i + 1
                if byte == 0x3A {
                    // `"key": "…"`, or an LDIF attribute's `name:: …` (Base64 unquoted).
                    let ldif = ldifFile && i > range.lowerBound && s[i - 1] == 0x3A
                    guard i > range.lowerBound, s[i - 1] == 0x22 || ldif else { i += 1; continue }
                    if j < end && s[j] == 0x20 {
                        line.append(0x20, from: j, to: j + 1, .none)
                        j += 1
                        tokenStart = j
                    }
                    if !ldif {
                        guard j < end, s[j] == 0x22 else { i = j; continue }
                        line.append(0x22, from: j, to: j + 1, .none)
                        j += 1
                        tokenStart = j
                    }
                } else if j + 16 < end && (s[j] == 0x22 || s[j] == 0x27) && startsBase64Value(s, from: j + 1, end: end, values: values) {
                    // A quoted value: `value="…"`, `data='…'`.
                    line.append(s[j], from: j, to: j + 1, .none)
                    j += 1
                    tokenStart = j
                }
                if let run = base64Run(s, from: j, end: end, values: values) {
                    appendBase64(run, from: j, to: &line)
                    decodedAny = true
                    i = run.end
                    tokenStart = i
                } else {
                    i = j
                }
                continue
            default: break
            }
            line.append(byte, from: i, to: i + 1, .none)
            i += 1
        }
        return decodedAny
    }

    /// Whether the decoder looks at `byte`: tab, space, `"`, `%`, `&`, `+`, `:`, `=`, `B`, `J`,
    /// `\\`, the full-width lead byte EF and the wide spaces' first bytes C2, E3 (the others are
    /// copied as they are).
    @inline(__always) private static func isSpecial(_ byte: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x09 | 1 << 0x1B | 1 << 0x20 | 1 << 0x22 | 1 << 0x25 | 1 << 0x26 | 1 << 0x2B | 1 << 0x3A | 1 << 0x3D
        return byte < 0x40
            ? (1 << UInt64(byte)) & low != 0 : byte == 0x5C || byte == 0xEF || byte == 0x42 || byte == 0x4A || byte == 0xC2 || byte == 0xE3
    }

    /// Appends the decoded bytes of the Base64 `run` whose characters start at `from`. Each
    /// decoded byte's span is the characters of its group of four that begin inside its bits
    /// (``base64CharacterSpan``): the spans of the bytes are disjoint, so two values side by side
    /// in one payload (`010-2345-6789 hong@…`, whose bytes share a group) do not overlap and both
    /// are kept.
    private static func appendBase64(_ run: (decoded: [UInt8], end: Int), from j: Int, to line: inout DecodedLine.Writer) {
        let characters = run.end  // padding and all: no span reaches past the run
        for (index, decoded) in run.decoded.enumerated() {
            let group = j + (index / 3) * 4
            let (first, last) = EncodedText.base64CharacterSpan[index % 3]
            line.append(decoded, from: min(characters, group + first), to: min(characters, group + last), .base64)
        }
    }

    /// A Base64 value after `=` (see ``startsBase64Value``), also in quotes: `"…"`, `'…'`.
    @inline(__always)
    static func startsQuotedBase64Value(
        _ s: UnsafeRawBufferPointer, from: Int, end: Int, values: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        if from < end && (s[from] == 0x22 || s[from] == 0x27) {
            return startsBase64Value(s, from: from + 1, end: end, values: values)
        }
        return startsBase64Value(s, from: from, end: end, values: values)
    }

    /// The `J` at `i` ends `eyJ`, the Base64 of `{"`, at the start of a token (after no Base64
    /// character): a JSON object in Base64 or base64url (`-_`, no padding), as a JWT's header and
    /// payload are (`eyJhbGciOi….eyJzdWIiOi….c2ln…`, each segment decoded on its own; the signature
    /// is not JSON). The run from the `e`, if it decodes to text.
    static func jwtSegment(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> (decoded: [UInt8], end: Int)? {
        guard i >= 2, s[i - 1] == 0x79, s[i - 2] == 0x65, i + 14 < end else { return nil }
        return base64URLValues.withUnsafeBufferPointer { values in
            guard i == 2 || values[Int(s[i - 3])] == 0xFF else { return nil }
            return base64Run(s, from: i - 2, end: end, values: values, dotEnds: true)
        }
    }

    /// The `B` at `i` starts `Basic ` (HTTP basic authentication) followed by the Base64 of
    /// `user:password` that decodes to text: the decoded user name (an e-mail address, a phone
    /// number) and the run's end. The password is dropped here: it never reaches a rule, a
    /// context window or a report.
    static func basicCredentials(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> (decoded: [UInt8], end: Int)? {
        guard i + 22 < end, s[i + 1] == 0x61, s[i + 2] == 0x73, s[i + 3] == 0x69, s[i + 4] == 0x63, s[i + 5] == 0x20,
            i == 0 || s[i - 1] | 0x20 < 0x61 || s[i - 1] | 0x20 > 0x7A,
            let run = base64Run(s, from: i + 6, end: end), let colon = run.decoded.firstIndex(of: 0x3A)
        else { return nil }
        return (Array(run.decoded[..<colon]), run.end)
    }

    /// The byte of the escape at `i` and the escape's length: `%HH` or `%25HH` (percent), `\xHH`
    /// (byte escape).
    @inline(__always)
    static func escapedByte(_ s: UnsafeRawBufferPointer, at i: Int, end: Int, _ decoding: TextDecoding) -> (UInt8, Int)? {
        if decoding == .percent {
            guard s[i] == 0x25 else { return nil }
            if let byte = doubleEscape(s, at: i, end: end) { return (byte, 5) }
            guard i + 2 < end, let high = hexValue(s[i + 1]), let low = hexValue(s[i + 2]) else { return nil }
            return (high << 4 | low, 3)
        }
        guard s[i] == 0x5C, i + 3 < end, s[i + 1] == 0x78, let high = hexValue(s[i + 2]), let low = hexValue(s[i + 3])
        else { return nil }
        return (high << 4 | low, 4)
    }

    /// Appends the run of escapes of non-ASCII bytes starting at `from` (`%EC%84%9C…`,
    /// `\xEC\x84…`) and returns where it ends. The bytes are UTF-8 if the run is; otherwise, if
    /// they are CP949 double-byte characters (`%BC%AD%BF%EF`: EUC-KR, as legacy payment gateways
    /// encode their return URLs), each pair is transcoded (``CP949``); otherwise they are
    /// appended as they are.
    private static func appendEscapedRun(
        _ s: UnsafeRawBufferPointer, from: Int, end: Int, _ decoding: TextDecoding, to line: inout DecodedLine.Writer
    ) -> Int {
        // First pass: where the run ends, and whether it is UTF-8 or CP949.
        var j = from
        var utf8 = true
        var continuations = 0  // still expected in the current UTF-8 sequence
        var next: ClosedRange<UInt8> = 0x80...0xBF  // what the next continuation byte may be
        var cp949 = true
        var lead: UInt8 = 0  // a CP949 lead byte waiting for its trail
        while j < end, let (byte, used) = escapedByte(s, at: j, end: end, decoding), byte >= 0x80 {
            if continuations > 0 {
                if next.contains(byte) { continuations -= 1 } else { utf8 = false }
                next = 0x80...0xBF
            } else {
                switch byte {
                case 0xC2...0xDF: continuations = 1
                case 0xE0...0xEF: continuations = 2
                case 0xF0...0xF4: continuations = 3
                default: utf8 = false
                }
                // No overlong forms, surrogates or scalars beyond U+10FFFF.
                next = byte == 0xE0 ? 0xA0...0xBF : byte == 0xED ? 0x80...0x9F : byte == 0xF0 ? 0x90...0xBF
                    : byte == 0xF4 ? 0x80...0x8F : 0x80...0xBF
            }
            if lead != 0 {
                // 0xFF is no trail byte (and past the table's last column).
                if cp949 && (!CP949.isTrail(byte) || CP949.table[Int(lead - 0x81) * 190 + Int(byte - 0x41)] == 0) {
                    cp949 = false
                }
                lead = 0
            } else if byte >= 0x81 && byte <= 0xFE {
                lead = byte
            } else {
                cp949 = false
            }
            j += used
        }
        let runEnd = j
        if continuations > 0 { utf8 = false }
        if lead != 0 { cp949 = false }
        j = from
        if !utf8 && cp949 {
            while j < runEnd {
                let (first, firstUsed) = escapedByte(s, at: j, end: end, decoding)!
                let (second, secondUsed) = escapedByte(s, at: j + firstUsed, end: end, decoding)!
                let scalar = CP949.table[Int(first - 0x81) * 190 + Int(second - 0x41)]
                line.append(scalar: scalar, from: j, to: j + firstUsed + secondUsed, decoding)
                j += firstUsed + secondUsed
            }
        } else {
            while j < runEnd {
                let (byte, used) = escapedByte(s, at: j, end: end, decoding)!
                line.append(byte, from: j, to: j + used, decoding)
                j += used
            }
        }
        return runEnd
    }

    /// Whether the token starting at `from` (it ends at a space, tab or quote) holds a percent escape.
    private static func hasPercentEscape(_ s: UnsafeRawBufferPointer, from: Int, end: Int) -> Bool {
        var j = from
        while j < end {
            let byte = s[j]
            if byte == 0x20 || byte == 0x09 || byte == 0x22 { return false }
            if byte == 0x25 && j + 2 < end && hexValue(s[j + 1]) != nil && hexValue(s[j + 2]) != nil { return true }
            j += 1
        }
        return false
    }

    // MARK: - Pieces

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }

    private static func hex4(_ s: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 4 | UInt32(hexValue(s[at + $1])!) }
    }

    /// The length of a no-break space (U+00A0, `C2 A0`: what a web page's `&nbsp;` becomes when
    /// copied) or an ideographic space (U+3000, `E3 80 80`: the full-width blank of a Korean or
    /// Japanese input method) at `i`, read as a blank; nil for anything else.
    /// The length of the ANSI control sequence at `i` (`ESC [`, parameters `0–9 ; :`, at most
    /// 16, then a final byte `@`–`~`: `ESC[0m`, `ESC[38;5;196m`, `ESC[2K`), if there is one.
    static func ansiSequence(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> Int? {
        guard i + 2 < end, s[i] == 0x1B, s[i + 1] == 0x5B else { return nil }
        var j = i + 2
        while j < end && j - i < 18 && (s[j] &- 0x30 < 10 || s[j] == 0x3B || s[j] == 0x3A) { j += 1 }
        guard j < end, s[j] >= 0x40 && s[j] <= 0x7E else { return nil }
        return j + 1 - i
    }

    @inline(__always) static func wideSpace(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> Int? {
        if s[i] == 0xC2 { return i + 1 < end && s[i + 1] == 0xA0 ? 2 : nil }
        return s[i] == 0xE3 && i + 2 < end && s[i + 1] == 0x80 && s[i + 2] == 0x80 ? 3 : nil
    }

    /// The ASCII character of a full-width form `EF b1 b2` (U+FF01–U+FF5E).
    @inline(__always) static func fullwidth(_ b1: UInt8, _ b2: UInt8) -> UInt8? {
        if b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF { return b2 - 0x81 + 0x21 }  // U+FF01–U+FF3F
        if b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E { return b2 - 0x80 + 0x60 }  // U+FF40–U+FF5E
        return nil
    }

    private static let namedEntities: [(name: [UInt8], scalar: UInt32)] = [
        ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27), ("nbsp", 0x20), ("commat", 0x40),
        ("period", 0x2E), ("hyphen", 0x2D), ("dash", 0x2010), ("plus", 0x2B), ("colon", 0x3A), ("lpar", 0x28),
        ("rpar", 0x29),
    ].map { (Array($0.0.utf8), $0.1) }

    /// An HTML character reference at `i` (`&#64;`, `&#x40;`, `&amp;` …): its scalar and length.
    static func entity(_ s: UnsafeRawBufferPointer, at i: Int, end: Int) -> (UInt32, Int)? {
        guard i + 3 < end else { return nil }
        if s[i + 1] == 0x23 {
            let hex = s[i + 2] | 0x20 == 0x78
            var j = i + (hex ? 3 : 2)
            var value: UInt32 = 0
            let digitsStart = j
            while j < end && j - digitsStart < 7 {
                if hex, let v = hexValue(s[j]) {
                    value = value * 16 + UInt32(v)
                } else if !hex, s[j] >= 0x30 && s[j] <= 0x39 {
                    value = value * 10 + UInt32(s[j] - 0x30)
                } else {
                    break
                }
                j += 1
            }
            guard j > digitsStart, j < end, s[j] == 0x3B, value > 0 else { return nil }
            return (value, j + 1 - i)
        }
        // A named one (2 to 6 letters) has its `;` 3 to 7 bytes after the `&`: most `&` (query
        // strings) have none there.
        var k = i + 3
        while k < end && k <= i + 7 && s[k] != 0x3B { k += 1 }
        guard k < end && k <= i + 7 else { return nil }
        for entity in namedEntities where i + entity.name.count + 1 < end {
            var matches = s[i + 1 + entity.name.count] == 0x3B
            var k = 0
            while matches && k < entity.name.count {
                if s[i + 1 + k] != entity.name[k] { matches = false }
                k += 1
            }
            if matches { return (entity.scalar, entity.name.count + 2) }
        }
        return nil
    }

    /// The value of each Base64 character (0xFF: not one).
    /// For the `k`-th byte of a Base64 group (k = 0, 1, 2: bits 8k ..< 8k + 8 of its 24), the
    /// characters of the group that begin inside its bits (character c begins at bit 6c).
    static let base64CharacterSpan: [(Int, Int)] = [(0, 2), (2, 3), (3, 4)]

    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// ``base64Values`` with base64url's `-` and `_` too.
    static let base64URLValues: [UInt8] = {
        var table = base64Values
        table[0x2D] = 62
        table[0x5F] = 63
        return table
    }()

    /// A Base64 value starting at `from` (a field value): at least 16 characters of the standard
    /// alphabet with both letter cases, optional `=` padding, ending at a delimiter, and decoding
    /// to valid UTF-8 text without control characters.
    static func base64Run(_ s: UnsafeRawBufferPointer, from: Int, end: Int) -> (decoded: [UInt8], end: Int)? {
        base64Values.withUnsafeBufferPointer { base64Run(s, from: from, end: end, values: $0) }
    }

    /// Whether a Base64 value (see ``base64Run(_:from:end:)``) starts at `from`; the common cases
    /// (a short value, no Base64 character) are rejected at a glance. `values` is ``base64Values``
    /// (hoisted by the caller: a static is reached through `swift_once` at every access).
    @inline(__always)
    static func startsBase64Value(_ s: UnsafeRawBufferPointer, from: Int, end: Int, values: UnsafeBufferPointer<UInt8>) -> Bool {
        guard from + 15 < end, values[Int(s[from])] != 0xFF, values[Int(s[from + 15])] != 0xFF else { return false }
        return base64Run(s, from: from, end: end, values: values) != nil
    }

    static func base64Run(
        _ s: UnsafeRawBufferPointer, from: Int, end: Int, values: UnsafeBufferPointer<UInt8>, dotEnds: Bool = false
    ) -> (decoded: [UInt8], end: Int)? {
        var j = from
        // Bit 0: an upper-case letter seen (values 0–25), bit 1: a lower-case one (26–51), bit 2:
        // a digit, `+` or `/`: no branch per character but the loop's own.
        var seen: UInt32 = 0
        while j < end {
            let value = values[Int(s[j])]
            if value == 0xFF { break }
            seen |= 1 &<< (UInt32(value) / 26)
            j += 1
        }
        let characters = j - from
        guard characters >= 16, seen & 3 == 3 else { return nil }
        var padding = 0
        while j < end && s[j] == 0x3D && padding < 2 {
            padding += 1
            j += 1
        }
        guard (characters + padding) % 4 == 0 || (padding == 0 && characters % 4 != 1) else { return nil }
        if j < end {
            // The value must end here (a delimiter, not more of a word).
            let next = s[j]
            guard next == 0x20 || next == 0x09 || next == 0x22 || next == 0x27 || next == 0x26 || next == 0x2C
                || next == 0x3B || next == 0x7D || next == 0x0D || next == 0x0A || (dotEnds && next == 0x2E)
            else { return nil }
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(characters * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for k in from..<(from + characters) {
            accumulator = accumulator << 6 | UInt32(values[Int(s[k])])
            bits += 6
            if bits >= 8 {
                bits -= 8
                decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard decoded.count >= 8, isText(decoded) else { return nil }
        return (decoded, j)
    }

    /// Valid UTF-8 without control characters other than tab and line breaks.
    private static func isText(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F { return false }
                i += 1
                continue
            }
            let length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
            guard length > 0, i + length <= bytes.count else { return false }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
