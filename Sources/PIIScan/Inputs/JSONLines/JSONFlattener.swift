#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict JSON parser for one line holding an object, on raw bytes, that returns the string
/// and number leaves as cells named by their flattened key path (`a.b`; array elements keep
/// their array's name). Strings are unescaped to UTF-8; numbers keep their literal text.
struct JSONFlattener {
    /// One scalar leaf of the object.
    struct Field {
        var name: String
        var value: [UInt8]
        /// A non-negative integer literal (it may have lost a leading zero, like a SQLite INTEGER).
        var isInteger: Bool
    }

    struct Failure: Error {
        var reason: String
    }

    /// Objects and arrays nested deeper than this are refused (the parser recurses).
    static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Parses the whole line: one object, surrounded by whitespace only.
    mutating func parseLine(into fields: inout [Field]) throws(Failure) {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            throw Failure(reason: position < bytes.count ? "not a JSON object" : "empty")
        }
        try parseValue(name: nil, depth: 0, into: &fields)
        skipSpace()
        guard position == bytes.count else { throw failure("unexpected data after the object") }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count && JSONFlattener.isSpace(bytes[position]) { position += 1 }
    }

    private func failure(_ what: String) -> Failure { Failure(reason: "\(what) at byte \(position + 1)") }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func parseValue(name: String?, depth: Int, into fields: inout [Field]) throws(Failure) {
        skipSpace()
        guard let byte = peek() else { throw failure("unexpected end of line") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < JSONFlattener.maxDepth else { throw failure("nested too deeply") }
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
                let key = String(decoding: try parseString(), as: UTF8.self)
                try expect(UInt8(ascii: ":"))
                try parseValue(name: name.map { $0 + "." + key } ?? key, depth: depth + 1, into: &fields)
                skipSpace()
                guard let next = peek() else { throw failure("unexpected end of line") }
                position += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw failure("expected ',' or '}'")
                }
            }
        case UInt8(ascii: "["):
            guard depth < JSONFlattener.maxDepth else { throw failure("nested too deeply") }
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try parseValue(name: name, depth: depth + 1, into: &fields)
                skipSpace()
                guard let next = peek() else { throw failure("unexpected end of line") }
                position += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw failure("expected ',' or ']'")
                }
            }
        case UInt8(ascii: "\""):
            let value = try parseString()
            if let name { fields.append(Field(name: name, value: value, isInteger: false)) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (value, isInteger) = try parseNumber()
            if let name { fields.append(Field(name: name, value: value, isInteger: isInteger)) }
        default:
            throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw failure("invalid literal") }
        position += count
    }

    /// A number per RFC 8259 (no leading zeros, no `+`, no bare `.`); returns its text.
    private mutating func parseNumber() throws(Failure) -> ([UInt8], Bool) {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count && bytes[position] >= 0x30 && bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        var isInteger = true
        if peek() == UInt8(ascii: "-") {
            position += 1
            isInteger = false
        }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("invalid number") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") { throw failure("invalid number (leading zero)") }
        if peek() == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw failure("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("invalid number") }
        }
        return (Array(bytes[start..<position]), isInteger)
    }

    /// A string starting at the current `"`; returns its unescaped UTF-8 bytes. Bytes that are
    /// not valid UTF-8 are kept as they are (the detectors tolerate them, as in text files).
    private mutating func parseString() throws(Failure) -> [UInt8] {
        position += 1  // the opening quote
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return value
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw failure("unterminated string") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(escaped)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate: a low one should follow as another \u escape.
                        if position + 1 < bytes.count && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u") {
                            let saved = position
                            position += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                position = saved
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    value.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default:
                    position -= 1
                    throw failure("invalid escape")
                }
            case 0x00..<0x20:
                position -= 1
                throw failure("control character in a string")
            default:
                value.append(byte)
            }
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("invalid \\u escape") }
        var result: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            result = result << 4 | UInt32(digit)
            position += 1
        }
        return result
    }
}
