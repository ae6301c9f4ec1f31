#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MyBatis's log of a statement's bound values, the most common SQL log of Korean Spring
/// applications:
///
///     ==> Parameters: 홍길동(String), 9001011234568(String), 2024-05-01 10:00:00.0(Timestamp)
///
/// Each value is followed by its Java type in parentheses and the next value after `, ` (a
/// `null` has no type). The line holds values only, no labels: a type tag or another value is not
/// the context of a value, so a value is assessed on its own bytes and its own tag, like a
/// database cell (`(Timestamp)` after the third value is not the negative keyword `timestamp` of
/// the second, nor is a value `ORDER(String)` a label of the next).
enum MyBatisParameters {
    /// The longest type name looked at (`LocalDateTime`, `OffsetDateTime`, `BigDecimal`, `byte[]`).
    static let longestType = 40

    /// The parameter holding `subject[start..<end]`: from the start of its value (after
    /// `Parameters: ` or the previous parameter's `(Type), ` or `null, `) to the end of its own
    /// type tag; `nil` unless both ends are found between `floor` and `limit` (the match's context
    /// on its line; `limit` is the end of the line when no more than the context follows).
    static func parameter(_ s: UnsafeRawBufferPointer, floor: Int, start: Int, end: Int, limit: Int) -> Range<Int>? {
        guard let tagEnd = ownTagEnd(s, from: end, limit: limit) else { return nil }
        guard let valueStart = valueStart(s, floor: floor, before: start) else { return nil }
        return valueStart..<tagEnd
    }

    /// The end of the first type tag after `from` that ends a parameter: `(Type)` glued to the
    /// value, then `, ` or the end of the line.
    private static func ownTagEnd(_ s: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        var position = from
        while position < limit {
            guard let hit = memchr(s.baseAddress! + position, 0x28, limit - position) else { return nil }
            let open = UnsafeRawPointer(s.baseAddress!).distance(to: UnsafeRawPointer(hit))
            position = open + 1
            guard open > 0, s[open - 1] != 0x20, s[open - 1] != 0x09, let close = typeTagClose(s, open: open, limit: limit) else {
                continue
            }
            let after = close + 1
            if after < limit {
                if s[after] == 0x2C && after + 1 < limit && s[after + 1] == 0x20 { return after }
                if s[after] == 0x0D { return after }
                continue
            }
            // At `limit`: the end of the line only if the line ends there.
            if after == s.count || s[after] == 0x0A || s[after] == 0x0D { return after }
            return nil
        }
        return nil
    }

    /// The index of the `)` of a type tag opening at `open`: a Java class's simple name
    /// (`String`, `Long`, `Timestamp`, `LocalDateTime`; an upper-case letter first) or a
    /// primitive array (`byte[]`).
    private static func typeTagClose(_ s: UnsafeRawBufferPointer, open: Int, limit: Int) -> Int? {
        var index = open + 1
        guard index < limit else { return nil }
        let first = s[index]
        let isClass = first >= 0x41 && first <= 0x5A
        guard isClass || (first >= 0x61 && first <= 0x7A) else { return nil }
        index += 1
        while index < limit && index - open <= longestType {
            let byte = s[index]
            if byte == 0x29 {
                // A lower-case name only as a primitive array (`byte[]`).
                return isClass || s[index - 1] == 0x5D ? index : nil
            }
            guard isASCIIAlphanumeric(byte) || byte == 0x5F || byte == 0x24 || byte == 0x5B || byte == 0x5D else { return nil }
            index += 1
        }
        return nil
    }

    /// Where the value ending after `before` starts: right after `Parameters: `, or after the
    /// previous parameter (`(Type), `, `null, `). A `, ` inside a string value is passed over.
    private static func valueStart(_ s: UnsafeRawBufferPointer, floor: Int, before: Int) -> Int? {
        var index = before - 1
        while index > floor {
            defer { index -= 1 }
            guard s[index] == 0x20 else { continue }
            let previous = s[index - 1]
            if previous == 0x2C {
                if endsParameter(s, floor: floor, at: index - 1) { return index + 1 }
            } else if previous == 0x3A {
                if endsWord(s, parametersWord, floor: floor, at: index - 1) { return index + 1 }
            }
        }
        return nil
    }

    private static let parametersWord: [UInt8] = Array("Parameters".utf8)
    private static let nullWord: [UInt8] = Array("null".utf8)

    /// Whether the bytes before the `,` at `comma` end a parameter: a type tag glued to a value,
    /// or a `null` (after `: ` or `, `).
    private static func endsParameter(_ s: UnsafeRawBufferPointer, floor: Int, at comma: Int) -> Bool {
        if endsWord(s, nullWord, floor: floor, at: comma) {
            let before = comma - nullWord.count - 1
            return before > floor && s[before] == 0x20 && (s[before - 1] == 0x2C || s[before - 1] == 0x3A)
        }
        guard comma - 1 > floor, s[comma - 1] == 0x29 else { return false }
        var open = comma - 2
        while open > floor && comma - open <= longestType + 2 && s[open] != 0x28 { open -= 1 }
        guard open > floor, s[open] == 0x28, s[open - 1] != 0x20, let close = typeTagClose(s, open: open, limit: comma) else {
            return false
        }
        return close == comma - 1
    }

    /// Whether `word` ends right before `at` and starts a word.
    private static func endsWord(_ s: UnsafeRawBufferPointer, _ word: [UInt8], floor: Int, at: Int) -> Bool {
        let start = at - word.count
        guard start >= floor else { return false }
        for offset in 0..<word.count where s[start + offset] != word[offset] { return false }
        return start == floor || !isASCIIAlphanumeric(s[start - 1])
    }
}
