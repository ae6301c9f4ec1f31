import Foundation
import PIIModel

/// Accepted findings, recorded as `path`, `rule` and keyed `fingerprint` of the normalised value
/// — never the value and never a line number — so edits that move lines keep them accepted,
/// while a different value on an accepted line is a new finding.
///
/// The file is one entry per line (`path<TAB>rule<TAB>fingerprint`, paths relative to the
/// baseline's directory, tab/newline/`%` percent-encoded), sorted, after a fixed comment header
/// and without timestamps, so it diffs and merges cleanly in git. Fingerprints depend on the key
/// (`--key-file` / `PIISCAN_KEY`): a baseline only works with the key it was made with.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Hashable, Comparable, Sendable {
        public var path: String
        public var rule: String
        public var fingerprint: String

        public init(path: String, rule: String, fingerprint: String) {
            self.path = path
            self.rule = rule
            self.fingerprint = fingerprint
        }

        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.path, lhs.rule, lhs.fingerprint) < (rhs.path, rhs.rule, rhs.fingerprint)
        }
    }

    public private(set) var entries: Set<Entry>
    /// Turns the display path of a finding into the path stored in the baseline.
    public var paths: BaselinePaths
    /// The id of the fingerprint key the baseline was made with (``Fingerprinter/keyID``, as in
    /// a report's `key_id`), stored in a `# key-id:` comment line so that a scan under another
    /// key — whose fingerprints match no entry — is refused with a reason instead of reporting
    /// every accepted finding as new. `nil` for baselines written before the line existed.
    public var keyID: String?

    public init(entries: Set<Entry> = [], paths: BaselinePaths = BaselinePaths(), keyID: String? = nil) {
        self.entries = entries
        self.paths = paths
        self.keyID = keyID
    }

    /// The entry that accepts `finding`.
    public func entry(for finding: Finding) -> Entry {
        Entry(path: paths.key(for: finding.path), rule: finding.rule, fingerprint: finding.fingerprint.description)
    }

    public func contains(_ finding: Finding) -> Bool { entries.contains(entry(for: finding)) }

    public mutating func insert(_ finding: Finding) { entries.insert(entry(for: finding)) }

    static let header = """
        # piiscan baseline: accepted findings, one per line: path<TAB>rule<TAB>keyed fingerprint of the value.
        # No values and no line numbers. Sorted; regenerate with `piiscan baseline create`.
        # Fingerprints depend on the key (--key-file / PIISCAN_KEY): keep the key stable.

        """

    /// The comment line that records ``keyID`` (a comment: older versions skip it).
    static let keyIDPrefix = "# key-id: "

    /// The file's text: the header, the key id, then the entries sorted.
    public func serialized() -> String {
        var text = Baseline.header
        if let keyID { text += "\(Baseline.keyIDPrefix)\(keyID)\n" }
        for entry in entries.sorted() {
            text += "\(Baseline.encode(entry.path))\t\(entry.rule)\t\(entry.fingerprint)\n"
        }
        return text
    }

    /// Parses a baseline file (`source` names it in errors).
    public static func parse(_ text: String, source: String, paths: BaselinePaths = BaselinePaths()) throws(BaselineError)
        -> Baseline
    {
        var entries = Set<Entry>()
        var keyID: String?
        // (`\r\n` is one Character: a checkout with `core.autocrlf` must split too.)
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix(keyIDPrefix) {
                keyID = line.dropFirst(keyIDPrefix.count).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty, fields[2].hasPrefix("hmac-sha256:") else {
                throw BaselineError(
                    message: "\(source):\(index + 1): expected 'path<TAB>rule<TAB>hmac-sha256:…' (make baselines with `piiscan baseline create`)")
            }
            entries.insert(Entry(path: decode(fields[0]), rule: String(fields[1]), fingerprint: String(fields[2])))
        }
        return Baseline(entries: entries, paths: paths, keyID: keyID)
    }

    private static func encode(_ path: String) -> String {
        guard path.contains(where: { $0 == "%" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return path }
        return path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\t", with: "%09")
            .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
    }

    private static func decode(_ field: Substring) -> String {
        guard field.contains("%") else { return String(field) }
        return String(field).replacingOccurrences(of: "%09", with: "\t").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }
}

/// A malformed baseline file.
public struct BaselineError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Maps the display path of a finding (relative to the directory the scan resolves paths
/// against: the current directory, or the repository's top level for `--staged`/`--diff`) to
/// the path stored in a baseline: relative to the baseline file's directory, so the same
/// baseline works from anywhere in the tree and after the tree moves (a CI checkout). A file
/// outside that directory gets `../` steps (`-o ci/baseline` stores `../src/a.txt`); only one
/// that shares nothing with it but `/` stays absolute. Standard input stays `-`.
///
/// The file's directory is resolved like the baseline's (symbolic links, `..`), so an absolute
/// argument that reaches the tree through a link, or a relative one, gives the same entry.
public struct BaselinePaths: Sendable, Equatable {
    /// Absolute directory display paths are relative to.
    public var base: String
    /// Absolute directory of the baseline file (resolved: no symbolic links).
    public var baselineDirectory: String
    private let resolver = DirectoryResolver()

    /// The identity mapping (paths stored as displayed, less a leading `./`).
    public init() {
        base = ""
        baselineDirectory = ""
    }

    public init(base: String, baselineDirectory: String) {
        self.base = BaselinePaths.normalize(base)
        self.baselineDirectory = BaselinePaths.normalize(baselineDirectory)
    }

    public static func == (lhs: BaselinePaths, rhs: BaselinePaths) -> Bool {
        lhs.base == rhs.base && lhs.baselineDirectory == rhs.baselineDirectory
    }

    public func key(for displayPath: String) -> String {
        if displayPath == "-" { return displayPath }
        guard !baselineDirectory.isEmpty else { return BaselinePaths.normalize(displayPath) }
        let joined = displayPath.hasPrefix("/") ? displayPath : base + "/" + displayPath
        let absolute = resolver.resolve(joined)
        return BaselinePaths.relative(absolute, to: baselineDirectory)
    }

    /// `path` relative to `directory` (both absolute and normalised), with `..` steps as needed;
    /// `path` itself when the two share nothing but the root.
    static func relative(_ path: String, to directory: String) -> String {
        if directory == "/" { return String(path.dropFirst()) }
        if path.hasPrefix(directory + "/") { return String(path.dropFirst(directory.count + 1)) }
        let from = directory.split(separator: "/")
        let to = path.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count - 1) && from[common] == to[common] { common += 1 }
        guard common > 0 else { return path }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    /// Lexical normalisation: no `.` components, `..` resolved, no duplicate or trailing `/`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}

/// Resolves the directory part of absolute paths with `realpath` (symbolic links, `..`), once
/// per directory: a scan reports many findings per file. A directory that cannot be resolved
/// (a `--staged` file deleted from the working tree, a test's made-up path) is normalised
/// lexically instead.
private final class DirectoryResolver: @unchecked Sendable {
    // SAFETY: `cache` is only touched under `lock`.
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func resolve(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return BaselinePaths.normalize(path) }
        let directory = String(path[..<slash])
        let name = path[path.index(after: slash)...]
        lock.lock()
        let cached = cache[directory]
        lock.unlock()
        let resolved: String
        if let cached {
            resolved = cached
        } else {
            if let real = realpath(directory.isEmpty ? "/" : directory, nil) {
                resolved = String(cString: real)
                free(real)
            } else {
                resolved = BaselinePaths.normalize(directory)
            }
            lock.lock()
            if cache.count > 4096 { cache.removeAll() }  // bounded: a sweep sees many directories
            cache[directory] = resolved
            lock.unlock()
        }
        return BaselinePaths.normalize(resolved + "/" + name)
    }
}
