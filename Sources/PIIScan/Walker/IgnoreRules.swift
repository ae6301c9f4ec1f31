/// Path-exclusion rules with gitignore semantics, from `.piiscanignore` files and `--exclude`.
///
/// - A pattern without a slash (other than a trailing one) matches a name at any depth below
///   its base directory; a pattern with a slash is anchored to its base directory.
/// - A trailing `/` matches directories only; a leading `!` re-includes; `#` starts a comment.
public struct IgnoreRules: Sendable {
    struct Pattern: Sendable {
        let glob: Glob
        let base: String  // directory (relative to the scan root, "" for the root)
        let anchored: Bool
        let directoryOnly: Bool
        let negated: Bool
    }
    private(set) var patterns: [Pattern] = []

    public init() {}

    public var isEmpty: Bool { patterns.isEmpty }

    /// Adds the lines of an ignore file located in `base` (relative to the scan root).
    public mutating func add(fileContents: String, base: String) {
        for rawLine in fileContents.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            add(pattern: line, base: base)
        }
    }

    /// Adds one pattern (as on a line of an ignore file, or given to `--exclude`).
    public mutating func add(pattern: String, base: String = "") {
        var text = Substring(pattern)
        var negated = false
        if text.hasPrefix("!") {
            negated = true
            text = text.dropFirst()
        } else if text.hasPrefix("\\!") || text.hasPrefix("\\#") {
            text = text.dropFirst()
        }
        var directoryOnly = false
        if text.hasSuffix("/") {
            directoryOnly = true
            text = text.dropLast()
        }
        var anchored = text.contains("/")
        if text.hasPrefix("/") {
            text = text.dropFirst()
            anchored = true
        }
        if text.hasPrefix("**/") {
            text = text.dropFirst(3)
            anchored = text.contains("/")
        }
        guard !text.isEmpty else { return }
        patterns.append(Pattern(
            glob: Glob(String(text)), base: base, anchored: anchored, directoryOnly: directoryOnly, negated: negated))
    }

    /// Whether `relativePath` (relative to the scan root, `/`-separated) is excluded.
    /// The last matching pattern wins, as in git.
    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for pattern in patterns {
            if pattern.directoryOnly && !isDirectory { continue }
            let path: Substring
            if pattern.base.isEmpty {
                path = Substring(relativePath)
            } else if relativePath.hasPrefix(pattern.base + "/") {
                path = relativePath.dropFirst(pattern.base.count + 1)
            } else {
                continue
            }
            let matched: Bool
            if pattern.anchored {
                matched = pattern.glob.matches(String(path))
            } else {
                let name = path.split(separator: "/").last.map(String.init) ?? String(path)
                matched = pattern.glob.matches(name)
            }
            if matched { ignored = !pattern.negated }
        }
        return ignored
    }
}
