/// A promise about where a rule's matches can start, written in its rule file as
/// `[rules.start]`: every match starts with a byte of `bytes`, right after a byte that is *not*
/// in `notAfter` (or at the start of the input), begins with at least `digits` ASCII digits, and
/// has byte `i` in `prefix[i]` for each of its first `prefix.count` bytes (a date's month digit
/// is `0` or `1`: an epoch-millisecond timestamp `1746025200430` is no resident number).
/// Optionally it also promises a *shape*: every match is made of `units` and `separators` bytes
/// only, with at most `maxGap` separator bytes in a row, and holds at least `minUnits` unit
/// bytes (a phone number: at least 9 digits, between them only spaces, dots, dashes and
/// parentheses, never more than 4 in a row). The shape is checked from each start position by
/// counting forward, so a 2-digit fragment of a timestamp never reaches the regex. And it may
/// promise `maxDigits`: no match starts where more ASCII digits follow in a row; and, with a
/// shape, `digitRun`: every match holds that many ASCII digits in a row.
///
/// The engine then finds the positions that keep the promise in one pass over the buffer, shared
/// by all such rules, and tries the rule's anchored regex only there: the result is exactly that
/// of a whole-buffer search as long as the promise holds (a match start the filter rejects would
/// be lost). `notAfter` must be ASCII and a subset of the bytes the rule's leading negative
/// lookbehind rejects (an ASCII byte is always a whole character, even in invalid UTF-8).
public struct RuleStartFilter: Sendable, Equatable {
    /// Bytes a match can start with (for a non-ASCII character, its first UTF-8 byte).
    public var bytes: Set<UInt8>
    /// Second bytes of the non-ASCII characters a match can start with (empty: any). A match
    /// starting with a non-ASCII character has one of these as its second byte.
    public var continuations: Set<UInt8>
    /// ASCII bytes that never come right before a match.
    public var notAfter: Set<UInt8>
    /// Minimum number of ASCII digits at the start of every match (0: no requirement).
    public var digits: Int
    /// The bytes each of the first positions of every match may hold (every byte of a non-ASCII
    /// character is allowed at any of them); at most ``maxPrefix`` positions, empty: none.
    public var prefix: [Set<UInt8>]
    /// The most positions ``prefix`` and ``digits`` together may constrain.
    public static let maxPrefix = 64

    /// Bytes counted towards `minUnits` (every byte of a non-ASCII character); empty: no shape.
    public var units: Set<UInt8>
    /// Bytes that may stand between units (every byte of a non-ASCII character). A byte in both
    /// sets counts as a unit.
    public var separators: Set<UInt8>
    /// Most separator bytes in a row within a match.
    public var maxGap: Int
    /// Fewest unit bytes in a match (0: no shape; at most 64).
    public var minUnits: Int
    /// Most ASCII digits in a row from a match's start on (0: no limit; at most 64): no match
    /// starts where more follow. A rule may promise it when its matches never hold more digits
    /// in a row and are never followed by a digit (`(?![0-9])`): a driver's licence has at most
    /// 12, so a 13-digit millisecond timestamp or a 14-digit order number is not one.
    public var maxDigits: Int
    /// Fewest ASCII digits in a row somewhere in every match (0: no promise; at most 64; needs a
    /// shape): a driver's licence holds its 6-digit serial, so the shape's stretch from a start
    /// must hold 6 digits in a row before it ends — a timestamp's `2025-05-01 10` does not.
    public var digitRun: Int

    public init(
        bytes: Set<UInt8>, continuations: Set<UInt8> = [], notAfter: Set<UInt8> = [], digits: Int = 0,
        prefix: [Set<UInt8>] = [], units: Set<UInt8> = [], separators: Set<UInt8> = [], maxGap: Int = 0,
        minUnits: Int = 0, maxDigits: Int = 0, digitRun: Int = 0
    ) {
        self.bytes = bytes
        self.continuations = continuations
        self.notAfter = notAfter
        self.digits = digits
        self.prefix = prefix
        self.units = units
        self.separators = separators
        self.maxGap = maxGap
        self.minUnits = minUnits
        self.maxDigits = maxDigits
        self.digitRun = digitRun
    }

    /// The second bytes of the non-ASCII characters in a byte-set specification.
    public static func continuations(_ specification: String) -> Set<UInt8> {
        Set(specification.unicodeScalars.filter { !$0.isASCII }.map { Array(String($0).utf8)[1] })
    }

    /// The bytes allowed at each of the first positions of a match: ``prefix`` narrowed to ASCII
    /// digits over the first ``digits`` positions (empty when neither constrains anything).
    public var positions: [Set<UInt8>] {
        let digitSet = Set(UInt8(ascii: "0")...UInt8(ascii: "9"))
        return (0..<max(digits, prefix.count)).map { index in
            let allowed = index < prefix.count ? prefix[index] : Set(0...255)
            return index < digits ? allowed.intersection(digitSet) : allowed
        }
    }

    /// Whether the filter promises a shape (``units``, ``separators``, ``maxGap``, ``minUnits``).
    public var hasShape: Bool { minUnits > 0 }

    /// Parses a byte-set specification: characters and ASCII ranges `a-z` (a `-` first or last
    /// is literal); a non-ASCII character contributes its first UTF-8 byte, or all of its bytes
    /// with `allBytes`.
    /// - Returns: `nil` when a range is reversed.
    public static func byteSet(_ specification: String, allBytes: Bool = false) -> Set<UInt8>? {
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
            let utf8 = Array(String(low).utf8)
            if allBytes { result.formUnion(utf8) } else { result.insert(utf8[0]) }
            index += 1
        }
        return result
    }
}
