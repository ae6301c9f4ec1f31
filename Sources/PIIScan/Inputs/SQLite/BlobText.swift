/// The text a BLOB cell holds: valid UTF-8 without NUL bytes as it is
/// (``SQLiteScanner/isText(_:)``), and
///
/// - **JSONB** (SQLite 3.45+ `jsonb()`, the binary JSON format of
///   <https://sqlite.org/jsonb.html>): rendered as the minified JSON text it stands for
///   (`{"hp":"010-2345-6789"}`), so its strings are scanned like a JSON TEXT cell's, keys giving
///   context to their values; offsets are within that text. A blob counts as JSONB only when it
///   parses whole — an array or object at the top, every element's size within its container,
///   keys of text types, texts valid UTF-8, numbers in number characters — so a photo or a random
///   binary blob is not misread.
/// - **C strings**: UTF-8 text followed by one or more NUL bytes (the terminator stored with it)
///   is that text.
/// - **UTF-16** with a byte-order mark (`FF FE` or `FE FF`), as Windows programs store strings:
///   transcoded to UTF-8 (offsets are within the UTF-8 text); trailing NUL units are dropped; an
///   unpaired surrogate or a NUL inside means it is not text.
///
/// Not read: UTF-16 without a BOM, CP949/EUC-KR and other legacy encodings (a binary blob can
/// look like them), compressed or encrypted blobs.
enum BlobText {
    /// Where the text of a blob is.
    enum Text: Equatable {
        /// The first `count` bytes of the blob itself.
        case prefix(Int)
        /// The bytes written to the output buffer.
        case output
    }

    /// The text `blob` holds (see ``BlobText``); nil when it holds none. `output` is a buffer
    /// reused from cell to cell (emptied first). JSONB is tried first, and only on a blob whose
    /// first byte is an array or object header: a small one can be valid UTF-8 as well, and
    /// must read like its JSON text.
    static func text(of blob: UnsafeRawBufferPointer, output: inout [UInt8]) -> Text? {
        guard let first = blob.first else { return nil }
        if first & 0x0F == JSONB.array || first & 0x0F == JSONB.object {
            output.removeAll(keepingCapacity: true)
            if JSONB.render(blob, into: &output) { return .output }
        }
        if SQLiteScanner.isText(blob) { return .prefix(blob.count) }
        // A BOM, and code units that plausibly are UTF-16 text (see ``TextEncoding/utf16ByBOM(_:)``).
        if let encoding = TextEncoding.utf16ByBOM(blob) {
            output.removeAll(keepingCapacity: true)
            if utf16(blob, bigEndian: encoding == .utf16BE, into: &output) { return .output }
            return nil
        }
        var count = blob.count
        while count > 0 && blob[count - 1] == 0 { count -= 1 }
        if count > 0 && count < blob.count && SQLiteScanner.isText(UnsafeRawBufferPointer(rebasing: blob[0..<count])) {
            return .prefix(count)
        }
        return nil
    }

    /// Transcodes UTF-16 after a byte-order mark to UTF-8 into `output`; false for an odd length,
    /// an unpaired surrogate, a NUL before the trailing ones, or nothing but NULs.
    static func utf16(_ blob: UnsafeRawBufferPointer, bigEndian: Bool, into output: inout [UInt8]) -> Bool {
        guard blob.count % 2 == 0 else { return false }
        var units = CodeUnits(blob: blob, bigEndian: bigEndian, position: 2, end: blob.count)
        while units.end > 2 && units.unit(at: units.end - 2) == 0 { units.end -= 2 }
        guard units.end > 2 else { return false }
        var nul = false
        let invalid = transcode(units, from: UTF16.self, to: UTF8.self, stoppingOnError: true) {
            if $0 == 0 { nul = true }
            output.append($0)
        }
        return !invalid && !nul
    }
}

/// The UTF-16 code units of bytes `position..<end` of a blob (no allocation, unlike a lazy map).
private struct CodeUnits: IteratorProtocol {
    let blob: UnsafeRawBufferPointer
    let bigEndian: Bool
    var position: Int
    var end: Int

    func unit(at offset: Int) -> UInt16 {
        let first = UInt16(blob[offset]), second = UInt16(blob[offset + 1])
        return bigEndian ? first << 8 | second : second << 8 | first
    }

    mutating func next() -> UInt16? {
        guard position + 1 < end else { return nil }
        defer { position += 2 }
        return unit(at: position)
    }
}

/// SQLite's binary JSON (JSONB): validation and rendering as JSON text.
enum JSONB {
    static let array: UInt8 = 11
    static let object: UInt8 = 12
    /// Nesting read at most (SQLite allows 1000): rendering recurses once per level, and a
    /// hostile blob must not exhaust a worker thread's stack. A deeper blob is not read as JSONB.
    static let maximumDepth = 256

    /// Writes the minified JSON text of `blob` to `output` when the whole blob is one JSONB
    /// array or object; false (and `output` partly written) otherwise.
    static func render(_ blob: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        guard let first = blob.first, first & 0x0F == array || first & 0x0F == object else { return false }
        return element(blob, at: 0, depth: 0, into: &output) == blob.count
    }

    /// The element at `start`: its type, and where its payload starts and ends; nil when its
    /// header or size runs past the blob's end.
    static func header(_ blob: UnsafeRawBufferPointer, at start: Int) -> (type: UInt8, payload: Range<Int>)? {
        guard start < blob.count else { return nil }
        let byte = blob[start]
        let code = Int(byte >> 4)
        var size = 0
        var position = start + 1
        if code <= 11 {
            size = code
        } else {
            let width = 1 << (code - 12)  // 12, 13, 14, 15: 1, 2, 4, 8 bytes, big-endian
            guard blob.count - position >= width else { return nil }
            for _ in 0..<width {
                guard size >> 55 == 0 else { return nil }  // far more than any blob
                size = size << 8 | Int(blob[position])
                position += 1
            }
        }
        guard size <= blob.count - position else { return nil }
        return (byte & 0x0F, position..<(position + size))
    }

    /// Renders the element at `start`; the position after it, or nil when it is not valid JSONB.
    private static func element(_ blob: UnsafeRawBufferPointer, at start: Int, depth: Int, into output: inout [UInt8]) -> Int? {
        guard let (type, payload) = header(blob, at: start) else { return nil }
        switch type {
        case 0, 1, 2:  // null, true, false
            guard payload.isEmpty else { return nil }
            output.append(contentsOf: type == 0 ? nullText : type == 1 ? trueText : falseText)
        case 3, 4, 5, 6:  // INT, INT5, FLOAT, FLOAT5: the number's text
            guard !payload.isEmpty else { return nil }
            for index in payload {
                let byte = blob[index]
                guard isNumberByte(byte) else { return nil }
                output.append(byte)
            }
        case 7, 8, 9, 10:  // TEXT, TEXTJ, TEXT5, TEXTRAW
            guard string(blob, payload, escaped: type == 8 || type == 9, into: &output) else { return nil }
        case array, object:
            guard depth < maximumDepth else { return nil }
            output.append(type == array ? UInt8(ascii: "[") : UInt8(ascii: "{"))
            var position = payload.lowerBound
            var count = 0
            while position < payload.upperBound {
                if count > 0 { output.append(type == object && count % 2 == 1 ? UInt8(ascii: ":") : UInt8(ascii: ",")) }
                if type == object && count % 2 == 0 {
                    // A key: text only.
                    guard let key = header(blob, at: position), (7...10).contains(key.type) else { return nil }
                }
                guard let next = element(blob, at: position, depth: depth + 1, into: &output), next <= payload.upperBound else {
                    return nil
                }
                position = next
                count += 1
            }
            guard type == array || count % 2 == 0 else { return nil }
            output.append(type == array ? UInt8(ascii: "]") : UInt8(ascii: "}"))
        default:
            return nil  // reserved types 13–15
        }
        return payload.upperBound
    }

    private static let nullText = Array("null".utf8), trueText = Array("true".utf8), falseText = Array("false".utf8)

    /// Digits, signs, `.`, exponents, hexadecimal (`0x1F`), `Infinity` and `NaN`.
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default: return false
        }
    }

    /// Writes a text payload as a JSON string: valid UTF-8 without NUL, quoted; `"` and `\`
    /// escaped unless the payload holds JSON escapes already (`escaped`: TEXTJ, TEXT5), control
    /// characters always (`\u000a`: a cell is one line of a packed batch).
    private static func string(_ blob: UnsafeRawBufferPointer, _ payload: Range<Int>, escaped: Bool, into output: inout [UInt8]) -> Bool {
        let text = UnsafeRawBufferPointer(rebasing: blob[payload])
        guard text.isEmpty || SQLiteScanner.isText(text) else { return false }
        output.append(UInt8(ascii: "\""))
        for byte in text {
            if byte < 0x20 {
                output.append(UInt8(ascii: "\\"))
                output.append(UInt8(ascii: "u"))
                output.append(UInt8(ascii: "0"))
                output.append(UInt8(ascii: "0"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
                continue
            }
            if !escaped && (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")) { output.append(UInt8(ascii: "\\")) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
        return true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
