/// Decides, from the text of a pattern, whether its matches are *line-local*: no match can
/// contain a line feed, and no assertion in it can tell a line feed next to the match from the
/// start or end of the subject. Then matching text made of lines joined by `\n` finds exactly
/// the matches of matching each line on its own (shifted by the line's offset), which lets the
/// engine scan many database cells as the lines of one buffer.
///
/// The check is conservative: it accepts only constructs whose behaviour it knows and answers
/// `false` for everything else (`.`, `^`, `$`, `\s`, negated classes, back-references, options
/// other than `i`, verbs, …). A pattern it rejects is still correct everywhere; cells are then
/// scanned one by one. It assumes piiscan's compile options (UTF, no `DOTALL`, `MULTILINE` or
/// `EXTENDED`).
///
/// Why assertions are safe: when nothing in the pattern can match a line feed, a lookahead
/// that would have to read the line feed fails exactly as it fails at the end of the subject
/// (and a lookbehind likewise at the start); `\b` and `\B` see the line feed as a non-word
/// character, as they see the subject's edge.
public enum RegexLineLocality {
    /// Whether every match of `pattern` is line-local (see the type's description).
    public static func isLineLocal(_ pattern: String) -> Bool {
        var parser = Parser(Array(pattern.unicodeScalars))
        return parser.run()
    }

    /// Whether every match of `rule` is line-local, and its start filter and prefilter do not
    /// treat a line feed specially (a promise that names `\n` would behave differently at the
    /// start of a line than at the start of the input).
    public static func isLineLocal(_ rule: Rule) -> Bool {
        if let start = rule.start, start.notAfter.contains(0x0A) || start.bytes.contains(0x0A) { return false }
        if let prefilter = rule.prefilter, prefilter.bytes.contains(0x0A) { return false }
        return isLineLocal(rule.regex)
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        /// Escapes outside a class that never match a line feed nor depend on the subject's edges.
        private static let safeEscapes: Set<Unicode.Scalar> = ["d", "w", "b", "B", "t", "S", "h", "V", "e", "f", "r", "a"]
        /// Escapes inside a class that stand for a set without a line feed.
        private static let safeClassSets: Set<Unicode.Scalar> = ["d", "w", "S", "h", "V"]
        /// POSIX classes without a line feed.
        private static let safePOSIX: Set<String> = [
            "alpha", "digit", "alnum", "upper", "lower", "xdigit", "word", "punct", "graph", "print", "blank",
        ]

        mutating func run() -> Bool {
            while i < s.count {
                let c = s[i]
                switch c {
                case "\n", ".", "^", "$":
                    return false
                case "\\":
                    i += 1
                    guard i < s.count else { return false }
                    let e = s[i]
                    if Parser.safeEscapes.contains(e) {
                        i += 1
                    } else if e == "x" {
                        guard let value = hexEscape(), value != 0x0A else { return false }
                    } else if e.isASCII && !isAlphanumeric(e) && e != "\n" {
                        i += 1  // an escaped punctuation character is itself
                    } else {
                        return false
                    }
                case "(":
                    guard group() else { return false }
                case "[":
                    guard characterClass() else { return false }
                default:
                    i += 1
                }
            }
            return true
        }

        private func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
            (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
        }

        /// After `\x` (at `i`): `\xhh` or `\x{h…}`; returns the value and moves past it.
        private mutating func hexEscape() -> UInt32? {
            i += 1
            var value: UInt32 = 0
            if i < s.count && s[i] == "{" {
                i += 1
                var digits = 0
                while i < s.count, s[i] != "}" {
                    guard let digit = hexDigit(s[i]), digits < 8 else { return nil }
                    value = value << 4 | digit
                    digits += 1
                    i += 1
                }
                guard i < s.count, digits > 0 else { return nil }
                i += 1
                return value
            }
            var digits = 0
            while i < s.count, digits < 2, let digit = hexDigit(s[i]) {
                value = value << 4 | digit
                digits += 1
                i += 1
            }
            return value
        }

        private func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": c.value - 0x30
            case "a"..."f": c.value - 0x57
            case "A"..."F": c.value - 0x37
            default: nil
            }
        }

        /// At `(`: accepts plain groups, `(?:`, lookarounds, atomic groups, branch resets, named
        /// groups and the option `i`; rejects everything else (verbs, conditionals, recursion,
        /// comments, other options).
        private mutating func group() -> Bool {
            i += 1
            guard i < s.count else { return false }
            if s[i] == "*" { return false }  // (*VERB) and (*NEWLINE) settings
            guard s[i] == "?" else { return true }
            i += 1
            guard i < s.count else { return false }
            switch s[i] {
            case ":", "=", "!", ">", "|":
                i += 1
                return true
            case "<":
                i += 1
                guard i < s.count else { return false }
                if s[i] == "=" || s[i] == "!" {
                    i += 1
                    return true
                }
                return name(until: ">")
            case "P":
                i += 1
                guard i < s.count, s[i] == "<" else { return false }
                i += 1
                return name(until: ">")
            case "'":
                i += 1
                return name(until: "'")
            default:
                // Options: only `i` (case does not touch a line feed), then `)` or `:`.
                while i < s.count, s[i] == "i" || s[i] == "-" { i += 1 }
                guard i < s.count, s[i] == ")" || s[i] == ":" else { return false }
                i += 1
                return true
            }
        }

        private mutating func name(until end: Unicode.Scalar) -> Bool {
            while i < s.count, s[i] != end {
                guard isAlphanumeric(s[i]) || s[i] == "_" else { return false }
                i += 1
            }
            guard i < s.count else { return false }
            i += 1
            return true
        }

        /// One member of a class: a character (its value) or a set escape (nil value).
        private enum Member {
            case character(UInt32)
            case set
        }

        /// At `[`: accepts a class that cannot contain a line feed.
        private mutating func characterClass() -> Bool {
            i += 1
            guard i < s.count, s[i] != "^" else { return false }  // a negated class holds `\n`
            var first = true
            while i < s.count {
                if s[i] == "]" && !first {
                    i += 1
                    return true
                }
                first = false
                guard let low = member() else { return false }
                // A range `a-b` (a `-` before `]` is literal).
                if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                    i += 1
                    guard case .character(let from) = low, let high = member(), case .character(let to) = high else { return false }
                    if from <= 0x0A && 0x0A <= to { return false }
                    continue
                }
                if case .character(let value) = low, value == 0x0A { return false }
            }
            return false
        }

        private mutating func member() -> Member? {
            guard i < s.count else { return nil }
            let c = s[i]
            if c == "[" && i + 1 < s.count && s[i + 1] == ":" {
                guard let close = (i + 2..<s.count).first(where: { s[$0] == ":" && $0 + 1 < s.count && s[$0 + 1] == "]" }) else {
                    return nil
                }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<close]))
                guard Parser.safePOSIX.contains(name) else { return nil }
                i = close + 2
                return .set
            }
            guard c == "\\" else {
                i += 1
                return .character(c.value)
            }
            i += 1
            guard i < s.count else { return nil }
            let e = s[i]
            if Parser.safeClassSets.contains(e) {
                i += 1
                return .set
            }
            switch e {
            case "t": i += 1; return .character(0x09)
            case "e": i += 1; return .character(0x1B)
            case "f": i += 1; return .character(0x0C)
            case "r": i += 1; return .character(0x0D)
            case "a": i += 1; return .character(0x07)
            case "b": i += 1; return .character(0x08)
            case "x": return hexEscape().map { .character($0) }
            default:
                guard e.isASCII && !isAlphanumeric(e) && e != "\n" else { return nil }
                i += 1
                return .character(e.value)
            }
        }
    }
}
