/// A finding's keyed fingerprint, written `hmac-sha256:` and 32 lower-case hex digits (the
/// first 128 bits of the MAC).
///
/// The scanner makes one per finding, and findings are copied from stage to stage: the MAC is
/// kept as two words, so a fingerprint costs no allocation and no reference counting, and the
/// text is written only where a report needs it. Text that is not in that form (a report from
/// another tool, a test's placeholder) is kept as it is. Two fingerprints are equal when their
/// texts are.
public struct Fingerprint: Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The MAC's first and second 64 bits (big-endian: the order of the hex digits).
    private var high: UInt64
    private var low: UInt64
    /// The text, for fingerprints not in the `hmac-sha256:<32 hex>` form; `nil` otherwise.
    private var other: String?

    static let prefix = Array("hmac-sha256:".utf8)
    /// Length of the text of a MAC fingerprint.
    static let macTextLength = prefix.count + 32

    /// The fingerprint of a MAC whose first 128 bits are `high` and `low`.
    public init(macHigh high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
        other = nil
    }

    /// Reads a fingerprint's text (`hmac-sha256:<32 hex>`); other text is kept as it is.
    public init(_ text: String) {
        var text = text
        let parsed = text.withUTF8 { Fingerprint.parseMAC($0) }
        high = parsed?.0 ?? 0
        low = parsed?.1 ?? 0
        other = parsed == nil ? text : nil
    }

    public init(stringLiteral value: String) { self.init(value) }

    private static func parseMAC(_ utf8: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard utf8.count == macTextLength, utf8.starts(with: prefix) else { return nil }
        // Upper case is not read: the text would not round-trip.
        guard let high = hexWord(utf8, at: prefix.count), let low = hexWord(utf8, at: prefix.count + 16) else { return nil }
        return (high, low)
    }

    /// The 16 lower-case hex digits at `start` as a number; nil if any byte is not one.
    private static func hexWord(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt64? {
        var value: UInt64 = 0
        for byte in utf8[start..<(start + 16)] {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// The first 64 bits of the MAC (uniformly distributed, for sketches); for other text, the
    /// first 16 hex digits after its first `:` (or from its start) when there are that many,
    /// else `nil`.
    public var leadingBits: UInt64? {
        guard var text = other else { return high }
        return text.withUTF8 { utf8 -> UInt64? in
            var index = 0
            if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) { index = colon + 1 }
            guard utf8.count - index >= 16 else { return nil }
            return Fingerprint.hexWord(utf8, at: index)
        }
    }

    /// Calls `body` with the text's UTF-8 bytes (on the stack for a MAC).
    public func withText<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard var other else { return withMACText(body) }
        return other.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the text may need JSON escaping (only text not in the MAC form can).
    public var isMAC: Bool { other == nil }

    private func withMACText<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        // 44 bytes on the stack: prefix, then 32 hex digits.
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { text in
            let start = Fingerprint.prefix.withUnsafeBytes { prefix in
                text.baseAddress!.copyMemory(from: prefix.baseAddress!, byteCount: prefix.count)
                return prefix.count
            }
            text.storeBytes(of: Fingerprint.hexDigits(UInt32(truncatingIfNeeded: high >> 32)).littleEndian, toByteOffset: start, as: UInt64.self)
            text.storeBytes(of: Fingerprint.hexDigits(UInt32(truncatingIfNeeded: high)).littleEndian, toByteOffset: start + 8, as: UInt64.self)
            text.storeBytes(of: Fingerprint.hexDigits(UInt32(truncatingIfNeeded: low >> 32)).littleEndian, toByteOffset: start + 16, as: UInt64.self)
            text.storeBytes(of: Fingerprint.hexDigits(UInt32(truncatingIfNeeded: low)).littleEndian, toByteOffset: start + 24, as: UInt64.self)
            return body(UnsafeRawBufferPointer(rebasing: text[0..<Fingerprint.macTextLength]))
        }
    }

    /// The 8 lower-case hex digits of `value`, most significant first in memory order (byte 0
    /// of the little-endian word), eight at a time.
    static func hexDigits(_ value: UInt32) -> UInt64 {
        // Spread the nibbles one per byte (byte i holds nibble i, least significant first) …
        var spread = UInt64(value)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        spread = (spread | spread << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // … most significant first, then '0' + n, and 'a' - '0' - 10 more for n ≥ 10.
        spread = spread.byteSwapped
        let letters = ((spread &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return spread &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
    }

    public var description: String {
        if let other { return other }
        return withMACText { String(decoding: $0, as: UTF8.self) }
    }

    public static func == (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
        // The MAC form is canonical (text in that form is always parsed), so mixed forms differ.
        lhs.high == rhs.high && lhs.low == rhs.low && lhs.other == rhs.other
    }

    public func hash(into hasher: inout Hasher) {
        if let other { hasher.combine(other) } else {
            hasher.combine(high)
            hasher.combine(low)
        }
    }

    /// Orders as the texts do.
    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
        if lhs.other == nil && rhs.other == nil { return (lhs.high, lhs.low) < (rhs.high, rhs.low) }
        return lhs.description < rhs.description
    }
}
