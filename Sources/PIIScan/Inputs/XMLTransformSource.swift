#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an ``XMLTransformSource`` does with the XML it reads: it is handed tags and text in
/// document order and appends the bytes to scan to `output`.
protocol XMLTransform {
    /// A start tag (`selfClosing`: `<x/>`, which gets no ``end(_:output:)``). `name` is the local
    /// name (without its prefix); `tag` the whole tag's bytes, for ``XMLTag/attribute(_:in:)``.
    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8])
    /// An end tag's local name.
    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8])
    /// Character data with its references (`&amp;`, `&#44608;`) decoded; one run of text may
    /// come in several pieces.
    mutating func text(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8])
}

/// Helpers for tags as ``XMLTransform`` receives them.
enum XMLTag {
    /// The value of attribute `name` (an exact, prefixed name such as `r` or `r:id`), with its
    /// references decoded, or nil.
    static func attribute(_ name: String, in tag: UnsafeRawBufferPointer) -> [UInt8]? {
        let wanted = Array(name.utf8)
        var index = 1
        // Past the tag's name.
        while index < tag.count, !isSpace(tag[index]), tag[index] != 0x3E, tag[index] != 0x2F { index += 1 }
        while index < tag.count {
            while index < tag.count, isSpace(tag[index]) { index += 1 }
            let nameStart = index
            while index < tag.count, tag[index] != 0x3D, !isSpace(tag[index]), tag[index] != 0x3E, tag[index] != 0x2F { index += 1 }
            let nameEnd = index
            while index < tag.count, isSpace(tag[index]) { index += 1 }
            guard index < tag.count, tag[index] == 0x3D else {
                if nameEnd == nameStart { index += 1 }
                continue
            }
            index += 1
            while index < tag.count, isSpace(tag[index]) { index += 1 }
            guard index < tag.count, tag[index] == 0x22 || tag[index] == 0x27 else { continue }
            let quote = tag[index]
            let valueStart = index + 1
            index = valueStart
            while index < tag.count, tag[index] != quote { index += 1 }
            if nameEnd - nameStart == wanted.count, wanted.indices.allSatisfy({ tag[nameStart + $0] == wanted[$0] }) {
                var value: [UInt8] = []
                decodeReferences(UnsafeRawBufferPointer(rebasing: tag[valueStart..<index]), into: &value)
                return value
            }
            index += 1
        }
        return nil
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Appends `bytes` with the five predefined entities and character references decoded (an
    /// unknown or malformed reference is kept as it is).
    static func decodeReferences(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x26, let semicolon = (index + 1..<min(bytes.count, index + 12)).first(where: { bytes[$0] == 0x3B }) else {
                output.append(byte)
                index += 1
                continue
            }
            let name = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<semicolon])
            if let decoded = reference(name) {
                output.append(contentsOf: decoded)
            } else {
                output.append(contentsOf: bytes[index...semicolon])
            }
            index = semicolon + 1
        }
    }

    private static func reference(_ name: UnsafeRawBufferPointer) -> [UInt8]? {
        switch Array(name) {
        case Array("lt".utf8): return [0x3C]
        case Array("gt".utf8): return [0x3E]
        case Array("amp".utf8): return [0x26]
        case Array("quot".utf8): return [0x22]
        case Array("apos".utf8): return [0x27]
        default: break
        }
        guard name.count >= 2, name[0] == 0x23 else { return nil }
        let hex = name[1] == 0x78 || name[1] == 0x58
        var value: UInt32 = 0
        for byte in name[(hex ? 2 : 1)...] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + digit
            guard value <= 0x10FFFF else { return nil }
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return Array(String(Character(scalar)).utf8)
    }
}

/// Reads XML from a source and hands out what a ``XMLTransform`` makes of it (the text of a
/// document, the rows of a sheet), streaming: memory holds one read of the XML and what it
/// produced, whatever the document's size. Comments, processing instructions and declarations
/// are passed over; CDATA sections are text.
struct XMLTransformSource<Base: ByteSource, Transform: XMLTransform>: ByteSource {
    private var base: Base
    private(set) var transform: Transform
    /// XML read but not yet tokenised (an incomplete tag or reference at its end).
    private var pending: [UInt8] = []
    private var output: [UInt8] = []
    private var outputStart = 0
    private var ended = false
    /// The longest tag (or comment) held while waiting for its end: beyond it the XML is broken.
    static var maximumTag: Int { 1 << 20 }
    private static var chunkSize: Int { 256 * 1024 }

    /// Where a read of the XML lands.
    private let chunk = ReadBuffer(byteCount: chunkSize)

    init(_ base: Base, transform: Transform) {
        self.base = base
        self.transform = transform
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            guard !ended else { return 0 }
            try pull()
        }
        let count = min(buffer.count, output.count - outputStart)
        output.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + outputStart, byteCount: count) }
        outputStart += count
        return count
    }

    /// Reads one chunk of XML and tokenises what of it is complete.
    private mutating func pull() throws(InputError) {
        let count = try base.read(into: chunk.bytes)
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk.bytes[0..<count]))
        if count == 0 { ended = true }
        let consumed = pending.withUnsafeBytes { tokenize($0, final: count == 0) }
        pending.removeSubrange(0..<consumed)
        if !ended && pending.count > Self.maximumTag {
            throw InputError("XML damaged: a tag of more than \(Self.maximumTag) bytes")
        }
    }

    /// Tokenises `xml`; returns how many bytes were consumed (the rest is an incomplete token,
    /// unless `final`).
    private mutating func tokenize(_ xml: UnsafeRawBufferPointer, final: Bool) -> Int {
        var index = 0
        var decoded: [UInt8] = []
        while index < xml.count {
            if xml[index] != 0x3C {
                // Text up to the next tag; a reference cut by the chunk's end waits for the rest.
                var end = xml.count
                if let found = memchr(xml.baseAddress! + index, 0x3C, xml.count - index) {
                    end = xml.baseAddress!.distance(to: UnsafeRawPointer(found))
                }
                if end == xml.count && !final, let ampersand = (max(index, end - 12)..<end).last(where: { xml[$0] == 0x26 }),
                    !(ampersand..<end).contains(where: { xml[$0] == 0x3B })
                {
                    end = ampersand
                    if end == index { return index }
                }
                decoded.removeAll(keepingCapacity: true)
                XMLTag.decodeReferences(UnsafeRawBufferPointer(rebasing: xml[index..<end]), into: &decoded)
                decoded.withUnsafeBytes { transform.text($0, output: &output) }
                index = end
                continue
            }
            // A tag, comment, CDATA section or declaration: complete, or wait for the rest.
            guard let end = tokenEnd(xml, from: index) else { return final ? xml.count : index }
            let token = UnsafeRawBufferPointer(rebasing: xml[index..<end])
            if token.count >= 2 {
                switch token[1] {
                case 0x21:  // `<!`: a comment, CDATA or a declaration
                    if token.count >= 12, token[2] == 0x5B, token[3] == 0x43 {
                        transform.text(UnsafeRawBufferPointer(rebasing: token[9..<(token.count - 3)]), output: &output)
                    }
                case 0x3F: break  // `<?…?>`
                case 0x2F:
                    transform.end(Self.localName(token, from: 2), output: &output)
                default:
                    let selfClosing = token.count >= 3 && token[token.count - 2] == 0x2F
                    transform.start(Self.localName(token, from: 1), tag: token, selfClosing: selfClosing, output: &output)
                }
            }
            index = end
        }
        return index
    }

    /// Where the token starting at `start` (a `<`) ends (after its `>`), nil if not in `xml`.
    private func tokenEnd(_ xml: UnsafeRawBufferPointer, from start: Int) -> Int? {
        func find(_ terminator: [UInt8], from: Int) -> Int? {
            var index = from
            while index + terminator.count <= xml.count {
                if xml[index] == terminator[0], terminator.indices.allSatisfy({ xml[index + $0] == terminator[$0] }) {
                    return index + terminator.count
                }
                index += 1
            }
            return nil
        }
        func startsWith(_ prefix: String) -> Bool? {
            let bytes = Array(prefix.utf8)
            guard start + bytes.count <= xml.count else { return nil }
            return bytes.indices.allSatisfy { xml[start + $0] == bytes[$0] }
        }
        guard start + 1 < xml.count else { return nil }
        if xml[start + 1] == 0x21 {
            guard let comment = startsWith("<!--"), let cdata = startsWith("<![CDATA[") else { return nil }
            if comment { return find(Array("-->".utf8), from: start + 4) }
            if cdata { return find(Array("]]>".utf8), from: start + 9) }
        }
        // A tag: its `>`, outside quoted attribute values.
        var quote: UInt8 = 0
        var index = start + 1
        while index < xml.count {
            let byte = xml[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The local name of a tag whose name starts at `from`: after any `prefix:`.
    private static func localName(_ token: UnsafeRawBufferPointer, from: Int) -> UnsafeRawBufferPointer {
        var start = from
        var index = from
        while index < token.count {
            let byte = token[index]
            if byte == 0x3A {
                start = index + 1
            } else if XMLTag.isSpace(byte) || byte == 0x3E || byte == 0x2F {
                break
            }
            index += 1
        }
        return UnsafeRawBufferPointer(rebasing: token[start..<index])
    }
}

/// A buffer freed with its last reference (a source is a value, copied as it is handed on).
final class ReadBuffer {
    let bytes: UnsafeMutableRawBufferPointer
    init(byteCount: Int) { bytes = .allocate(byteCount: byteCount, alignment: 16) }
    deinit { bytes.deallocate() }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are `text`'s UTF-8.
    func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, text.utf8Start, count) == 0)
    }
}
