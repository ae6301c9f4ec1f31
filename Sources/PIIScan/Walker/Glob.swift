/// A gitignore-style glob: `*` and `?` stay within one path segment, `**` crosses segments,
/// `[abc]`/`[a-z]`/`[!a]` are byte classes.
public struct Glob: Sendable, Equatable {
    private let pattern: [UInt8]

    public init(_ pattern: String) { self.pattern = Array(pattern.utf8) }

    /// Whether `path` (segments separated by `/`) matches the whole pattern.
    public func matches(_ path: String) -> Bool {
        Glob.match(pattern[...], Array(path.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        // Backtracking point for the last single `*`.
        var starP: Int? = nil
        var starT = 0
        while t < text.endIndex || p < pattern.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    if p + 1 < pattern.endIndex && pattern[p + 1] == UInt8(ascii: "*") {
                        // `**`: any run of characters, slashes included; `**/` may match nothing.
                        var rest = p + 2
                        if rest < pattern.endIndex && pattern[rest] == UInt8(ascii: "/") { rest += 1 }
                        var k = t
                        while true {
                            if match(pattern[rest...], text[k...]) { return true }
                            if k == text.endIndex { return false }
                            k += 1
                        }
                    }
                    starP = p
                    starT = t
                    p += 1
                    continue
                }
                if t < text.endIndex {
                    if c == UInt8(ascii: "?") {
                        if text[t] != UInt8(ascii: "/") {
                            p += 1
                            t += 1
                            continue
                        }
                    } else if c == UInt8(ascii: "["), let (matched, next) = matchClass(pattern, p, text[t]) {
                        if matched {
                            p = next
                            t += 1
                            continue
                        }
                    } else if c == UInt8(ascii: "\\") && p + 1 < pattern.endIndex {
                        if pattern[p + 1] == text[t] {
                            p += 2
                            t += 1
                            continue
                        }
                    } else if c == text[t] {
                        p += 1
                        t += 1
                        continue
                    }
                }
            }
            // Mismatch: let the last `*` absorb one more character (never a slash).
            if let sp = starP, starT < text.endIndex, text[starT] != UInt8(ascii: "/") {
                starT += 1
                t = starT
                p = sp + 1
                continue
            }
            return false
        }
        return true
    }

    /// Matches `byte` against the class starting at `pattern[start] == "["`.
    /// Returns nil for a malformed class (then `[` is literal).
    private static func matchClass(_ pattern: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.endIndex && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^")) {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]") && !first {
                return (matched != negate, i + 1)
            }
            first = false
            if i + 2 < pattern.endIndex && pattern[i + 1] == UInt8(ascii: "-") && pattern[i + 2] != UInt8(ascii: "]") {
                if byte >= c && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if byte == c { matched = true }
                i += 1
            }
        }
        return nil
    }
}
