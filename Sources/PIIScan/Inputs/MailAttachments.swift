/// The attached files of a mail file (a saved `.eml`, an mbox archive): the MIME parts whose
/// body is Base64 and whose type is not text (`application/vnd.ms-excel`, `application/zip`,
/// `application/octet-stream` …), decoded, each named by its `filename`/`name` parameter
/// (RFC 2231 `filename*=UTF-8''…` and RFC 2047 `=?UTF-8?B?…?=`/`=?ks_c_5601-1987?B?…?=`
/// words decoded). A text part's Base64 body is decoded by the text scan itself
/// (``MailText``); so is a part whose bytes turn out to be text whatever its type says, which
/// the caller therefore passes over.
///
/// Read line by line as a stream, so an mbox of any size needs one attachment's memory at a
/// time; a part's boundary is any `--boundary` line of a boundary some `Content-Type` header
/// declared (parts nest: a forwarded message's own parts are found too).
struct MailAttachments {
    /// An attached file: its name and bytes, or nil bytes when it is larger than the limit.
    typealias Attachment = (name: String, bytes: [UInt8]?)

    private var boundaries: [[UInt8]] = []
    private(set) var inHeaders = true
    private var headers: [[UInt8]] = []
    private(set) var collecting = false
    private var name = ""
    private var body: [UInt8] = []
    private var base64 = Base64Decoder()
    private var tooLarge = false
    private var unnamed = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Reads `source` to its end, calling `found` with each attachment in the file's order.
    static func read<Source: ByteSource>(
        _ source: inout Source, limit: Int, _ found: (Attachment) -> Void
    ) throws(InputError) {
        var reader = MailAttachments(limit: limit)
        let readBuffer = ReadBuffer(byteCount: 256 * 1024)
        var pending: [UInt8] = []
        var skipping = false  // the rest of a long line that is no attachment's
        while true {
            let count = try source.read(into: readBuffer.bytes)
            if count == 0 { break }
            let buffer = Array(readBuffer.bytes[0..<count])
            var start = 0
            for index in 0..<count where buffer[index] == 0x0A {
                if skipping {
                    skipping = false
                } else if pending.isEmpty {
                    reader.line(buffer[start..<index], found)
                } else {
                    pending += buffer[start..<index]
                    reader.line(pending[...], found)
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            if !skipping { pending += buffer[start..<count] }
            // A line longer than a buffer waits whole, unless it is a Base64 body's (a mailer
            // that does not wrap), which decodes as it comes, whole groups of four at a time;
            // any other line that long (a text body's) is no header or boundary: passed over.
            if reader.collecting, !reader.inHeaders, pending.count >= 1 << 16 {
                let usable = pending.count / 4 * 4
                reader.decode(pending[..<usable])
                pending.removeFirst(usable)
            } else if pending.count >= 1 << 20 {
                pending.removeAll()
                skipping = true
            }
        }
        if !pending.isEmpty { reader.line(pending[...], found) }
        reader.finish(found)
    }

    private mutating func line(_ raw: ArraySlice<UInt8>, _ found: (Attachment) -> Void) {
        var line = raw
        if line.last == 0x0D { line.removeLast() }
        if inHeaders, line.starts(with: [0x2D, 0x2D]), !headers.isEmpty {
            // A boundary right after the headers, without the blank line that should end them.
            inHeaders = false
            startBody()
        }
        if line.starts(with: [0x2D, 0x2D]) && boundaries.contains(where: { line.dropFirst(2).starts(with: $0) }) {
            finish(found)
            inHeaders = true
            headers.removeAll()
            return
        }
        if line.starts(with: Array("From ".utf8)) {
            // An mbox message's separator (never a Base64 line): its headers follow.
            finish(found)
            inHeaders = true
            headers.removeAll()
            return
        }
        if inHeaders {
            if line.isEmpty {
                inHeaders = false
                startBody()
            } else if let first = line.first, first == 0x20 || first == 0x09, !headers.isEmpty {
                if headers[headers.count - 1].count < 1 << 16 { headers[headers.count - 1] += line }  // a folded header line
            } else if headers.count < 1024 {
                headers.append(Array(line))
            }
            return
        }
        if collecting { decode(line) }
    }

    /// After a part's headers: whether its body is an attachment to collect, and a boundary
    /// it declares.
    private mutating func startBody() {
        var type: [UInt8] = []
        var disposition: [UInt8] = []
        var encoding: [UInt8] = []
        for header in headers {
            guard let colon = header.firstIndex(of: 0x3A) else { continue }
            let field = Self.lowercased(header[..<colon])
            let value = Array(header[(colon + 1)...])
            if field == Array("content-type".utf8) {
                type = value
            } else if field == Array("content-disposition".utf8) {
                disposition = value
            } else if field == Array("content-transfer-encoding".utf8) {
                encoding = value
            }
        }
        if let boundary = Self.parameter("boundary", in: type), !boundary.isEmpty, !boundaries.contains(boundary) {
            // (An mbox declares one per message: the recent ones are the ones that can recur.)
            if boundaries.count == 64 { boundaries.removeFirst() }
            boundaries.append(boundary)
        }
        let mediaType = Self.lowercased(type.drop { $0 == 0x20 || $0 == 0x09 }.prefix { $0 != 0x3B && $0 != 0x20 })
        let isText = mediaType.isEmpty || mediaType.starts(with: Array("text/".utf8)) || mediaType.starts(with: Array("multipart/".utf8))
            || mediaType.starts(with: Array("message/".utf8))
        let isBase64 = Self.lowercased(encoding).contains(Array("base64".utf8))
        collecting = isBase64 && !isText
        // A forwarded message's body starts with its own headers.
        if mediaType == Array("message/rfc822".utf8) {
            inHeaders = true
            headers.removeAll()
        }
        guard collecting else { return }
        let fileName = Self.parameter("filename", in: disposition) ?? Self.parameter("name", in: type)
        unnamed += 1
        name = fileName.map(Self.decodedName).flatMap { $0.isEmpty ? nil : $0 } ?? "attachment \(unnamed)"
        body.removeAll(keepingCapacity: true)
        base64 = Base64Decoder()
        tooLarge = false
    }

    private mutating func decode(_ characters: ArraySlice<UInt8>) {
        guard collecting, !tooLarge else { return }
        base64.decode(characters, into: &body)
        if body.count > limit {
            tooLarge = true
            body = []
        }
    }

    private mutating func finish(_ found: (Attachment) -> Void) {
        if collecting { found((name, tooLarge ? nil : body)) }
        collecting = false
        body = []
    }

    // MARK: - Header values

    private static func lowercased<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// A header value's parameter (`name="x"`, `name=x`, or RFC 2231's `name*=UTF-8''%XX…`
    /// and its continuations `name*0*=`, `name*1*=`), unquoted; RFC 2231 values come back
    /// decoded as UTF-8 (or CP949) text.
    static func parameter(_ wanted: String, in value: [UInt8]) -> [UInt8]? {
        var plain: [UInt8]? = nil
        var extended: [(index: Int, text: [UInt8], encoded: Bool)] = []
        for item in value.split(separator: 0x3B).dropFirst() {
            let trimmed = item.drop { $0 == 0x20 || $0 == 0x09 }
            guard let equals = trimmed.firstIndex(of: 0x3D) else { continue }
            let key = lowercased(trimmed[..<equals].filter { $0 != 0x20 })
            var text = Array(trimmed[(equals + 1)...])
            while text.last == 0x20 || text.last == 0x09 { text.removeLast() }
            if text.count >= 2, text.first == 0x22, text.last == 0x22 { text = Array(text.dropFirst().dropLast()) }
            let name = Array(wanted.utf8)
            if key == name {
                plain = text
            } else if key.starts(with: name + [0x2A]) {
                // `name*`, `name*0`, `name*0*`, `name*1*` …
                let rest = key.dropFirst(name.count + 1)
                let encoded = rest.last == 0x2A || rest.isEmpty
                let index = Int(String(decoding: rest.filter { $0 != 0x2A }, as: UTF8.self)) ?? 0
                // `charset'language'` before the first part's text: the decoded bytes are read as
                // UTF-8 when they are, CP949 otherwise, whatever it names.
                if encoded && index == 0, let quote = text.firstIndex(of: 0x27), let second = text[(quote + 1)...].firstIndex(of: 0x27) {
                    text = Array(text[(second + 1)...])
                }
                extended.append((index, text, encoded))
            }
        }
        guard !extended.isEmpty else { return plain }
        var bytes: [UInt8] = []
        for part in extended.sorted(by: { $0.index < $1.index }) {
            bytes += part.encoded ? percentDecoded(part.text) : part.text
        }
        return Array(text(bytes).utf8)
    }

    private static func percentDecoded(_ text: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < text.count {
            if text[index] == 0x25, index + 2 < text.count, let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }

    /// Bytes as a string: UTF-8 when they are, otherwise CP949 (`ks_c_5601-1987`, `euc-kr`:
    /// what Korean Outlook writes).
    private static func text(_ bytes: [UInt8]) -> String {
        ZipArchive.name(bytes[...], utf8: false)
    }

    /// A file name with its RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`)
    /// decoded; whitespace between two encoded words dropped, as the RFC says.
    static func decodedName(_ value: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        var afterWord = false
        var pendingSpace: [UInt8] = []
        while index < value.count {
            if value[index] == 0x3D, index + 1 < value.count, value[index + 1] == 0x3F, let word = encodedWord(value, at: index) {
                if !afterWord { output += pendingSpace }
                pendingSpace = []
                output += word.bytes
                index = word.end
                afterWord = true
                continue
            }
            if value[index] == 0x20 || value[index] == 0x09 {
                pendingSpace.append(value[index])
            } else {
                output += pendingSpace
                pendingSpace = []
                output.append(value[index])
                afterWord = false
            }
            index += 1
        }
        return text(output)
    }

    /// The decoded bytes of the encoded word at `start` and the index after it.
    private static func encodedWord(_ value: [UInt8], at start: Int) -> (bytes: [UInt8], end: Int)? {
        // =?charset?E?text?=
        var index = start + 2
        while index < value.count, value[index] != 0x3F { index += 1 }
        guard index + 2 < value.count, value[index + 2] == 0x3F else { return nil }
        let encoding = value[index + 1] | 0x20
        let textStart = index + 3
        var end = textStart
        while end + 1 < value.count, !(value[end] == 0x3F && value[end + 1] == 0x3D) { end += 1 }
        guard end + 1 < value.count else { return nil }
        let text = value[textStart..<end]
        var bytes: [UInt8] = []
        if encoding == 0x62 {  // B
            var decoder = Base64Decoder()
            decoder.decode(text, into: &bytes)
        } else if encoding == 0x71 {  // Q
            bytes = percentDecoded(text.map { $0 == 0x5F ? 0x20 : $0 == 0x3D ? 0x25 : $0 })
        } else {
            return nil
        }
        return (bytes, end + 2)
    }

}

/// Base64 decoded as it comes, in pieces of any length: bytes that are no digit (padding, line
/// ends, blanks) are passed over.
struct Base64Decoder {
    private var quantum: UInt32 = 0
    private var bits = 0

    mutating func decode(_ characters: ArraySlice<UInt8>, into output: inout [UInt8]) {
        for character in characters {
            let digit = Self.values[Int(character)]
            guard digit < 64 else { continue }
            quantum = quantum << 6 | UInt32(digit)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: quantum >> UInt32(bits)))
            }
        }
    }

    /// Digit values; 64 for a byte that is no digit.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 64, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}
