/// A promise about where a rule's matches can start, written in its rule file as
/// `[rules.start]`: every match starts with a byte of `bytes`, right after a byte that is *not*
/// in `notAfter` (or at the start of the input), and begins with at least `digits` ASCII digits.
///
/// The engine then finds the positions that keep the promise in one pass over the buffer, shared
/// by all such rules, and tries the rule's anchored regex only there: the result is exactly that
/// of a whole-buffer search as long as the promise holds (a match start the filter rejects would
/// be lost). `notAfter` must be ASCII and a subset of the bytes the rule's leading negative
/// lookbehind rejects (an ASCII byte is always a whole character, even in invalid UTF-8).
public struct RuleStartFilter: Sendable, Equatable {
    /// Bytes a match can start with (for a non-ASCII character, its first UTF-8 byte).
    public var bytes: Set<UInt8>
    /// ASCII bytes that never come right before a match.
    public var notAfter: Set<UInt8>
    /// Minimum number of ASCII digits at the start of every match (0: no requirement).
    public var digits: Int

    public init(bytes: Set<UInt8>, notAfter: Set<UInt8> = [], digits: Int = 0) {
        self.bytes = bytes
        self.notAfter = notAfter
        self.digits = digits
    }

    /// Parses a byte-set specification: characters and ASCII ranges `a-z` (a `-` first or last
    /// is literal); a non-ASCII character contributes its first UTF-8 byte.
    /// - Returns: `nil` when a range is reversed.
    public static func byteSet(_ specification: String) -> Set<UInt8>? {
        let characters = Array(specification.unicodeScalars)
        var result = Set<UInt8>()
        var index = 0
        while index < characters.count {
            let low = characters[index]
            if index + 2 < characters.count, characters[index + 1] == "-", low.isASCII, characters[index + 2].isASCII {
                let high = characters[index + 2]
                guard low.value <= high.value else { return nil }
                for value in low.value...high.value { result.insert(UInt8(value)) }
                index += 3
                continue
            }
            result.insert(Array(String(low).utf8)[0])
            index += 1
        }
        return result
    }
}
