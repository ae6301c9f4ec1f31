#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One file of a diff: where its new version is and which of its lines are new.
public struct DiffFile: Equatable, Sendable {
    /// Path of the new version, relative to the repository's top level.
    public var path: String
    /// The old path, for a rename.
    public var renamedFrom: String?
    /// Object id of the new blob (full, from `--full-index`); nil when the file was deleted.
    public var blob: String?
    public var deleted = false
    /// git showed no line diff ("Binary files … differ": binary, or over `core.bigFileThreshold`).
    public var binary = false
    /// Added lines of the new version: 1-based, half-open line ranges in increasing order.
    public var added: [Range<Int>] = []

    public init(path: String) { self.path = path }
}

/// Parses `git diff --full-index -U0` output as it streams in, keeping only the headers: paths,
/// blob ids, rename/delete/binary markers and the `+c,d` side of each hunk header. Content lines
/// are skipped without being buffered (they are counted off against the hunk header, so a
/// content line that looks like a header, `+++ x` or `diff --git`, is never taken for one), so
/// memory does not depend on the size of the diff.
public struct DiffParser {
    public private(set) var files: [DiffFile] = []
    private var current: DiffFile?
    /// Bytes of the header line being collected.
    private var line: [UInt8] = []
    /// The rest of the current line is hunk content: skip it.
    private var skippingContent = false
    private var atLineStart = true
    /// Lines of the current hunk still to come, per side.
    private var oldLeft = 0
    private var newLeft = 0
    /// Header lines longer than this are cut (paths are far shorter).
    static let maximumHeaderLength = 1 << 16

    public init() {}

    /// Parses a whole diff at once (tests, small diffs).
    public static func parse(_ text: String) -> [DiffFile] {
        var parser = DiffParser()
        Array(text.utf8).withUnsafeBytes { parser.feed($0) }
        return parser.finish()
    }

    /// Consumes the next bytes of the diff.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var position = 0
        while position < bytes.count {
            if atLineStart {
                atLineStart = false
                let first = bytes[position]
                if oldLeft > 0 || newLeft > 0 {
                    switch first {
                    case UInt8(ascii: "+"): newLeft -= 1; skippingContent = true
                    case UInt8(ascii: "-"): oldLeft -= 1; skippingContent = true
                    case UInt8(ascii: " "): oldLeft -= 1; newLeft -= 1; skippingContent = true
                    case UInt8(ascii: "\\"): skippingContent = true
                    default: oldLeft = 0; newLeft = 0  // malformed: back to headers
                    }
                } else if first == UInt8(ascii: "\\") {
                    skippingContent = true  // "\ No newline at end of file" after the last hunk line
                }
            }
            let newline = memchr(base + position, 0x0A, bytes.count - position)
            let end = newline.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            if !skippingContent && line.count < DiffParser.maximumHeaderLength {
                line.append(contentsOf: UnsafeRawBufferPointer(
                    rebasing: bytes[position..<min(end, position + DiffParser.maximumHeaderLength - line.count)]))
            }
            guard newline != nil else { return }
            if !skippingContent { header(line) }
            line.removeAll(keepingCapacity: true)
            skippingContent = false
            atLineStart = true
            position = end + 1
        }
    }

    /// Ends the input (a last line without a line break included) and returns the files.
    public mutating func finish() -> [DiffFile] {
        if !line.isEmpty && !skippingContent { header(line) }
        line.removeAll()
        if let current { files.append(current) }
        current = nil
        return files
    }

    private mutating func header(_ bytes: [UInt8]) {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if text.hasPrefix("diff --git ") {
            if let current { files.append(current) }
            current = DiffFile(path: DiffParser.pathFromDiffLine(String(text.dropFirst("diff --git ".count))) ?? "")
            return
        }
        guard current != nil else { return }
        if text.hasPrefix("@@ ") {
            guard let (oldCount, start, count) = DiffParser.hunkHeader(text) else { return }
            oldLeft = oldCount
            newLeft = count
            if count > 0 {
                if let last = current!.added.last, last.upperBound == start {
                    current!.added[current!.added.count - 1] = last.lowerBound..<(start + count)
                } else {
                    current!.added.append(start..<(start + count))
                }
            }
        } else if text.hasPrefix("+++ ") {
            var target = String(text.dropFirst(4))
            // git appends a TAB to a `+++`/`---` label that contains a space. A name that needs no
            // quoting never holds a TAB (it would be quoted as `\t`), so one trailing TAB is never
            // part of it; a quoted name ends at its closing quote, before the TAB.
            if !target.hasPrefix("\""), target.hasSuffix("\t") { target.removeLast() }
            if target == "/dev/null" {
                current!.deleted = true
            } else if let path = DiffParser.unquote(target), path.hasPrefix("b/") {
                current!.path = String(path.dropFirst(2))
            }
        } else if text.hasPrefix("rename to ") {
            if let path = DiffParser.unquote(String(text.dropFirst("rename to ".count))) { current!.path = path }
        } else if text.hasPrefix("rename from ") {
            current!.renamedFrom = DiffParser.unquote(String(text.dropFirst("rename from ".count)))
        } else if text.hasPrefix("deleted file mode ") {
            current!.deleted = true
        } else if text.hasPrefix("index ") {
            // index <old>..<new>[ <mode>]
            let ids = text.dropFirst("index ".count).split(separator: " ").first ?? ""
            if let range = ids.range(of: "..") {
                let new = String(ids[range.upperBound...])
                current!.blob = new.allSatisfy({ $0 == "0" }) ? nil : new
            }
        } else if text.hasPrefix("Binary files ") || text.hasPrefix("GIT binary patch") {
            current!.binary = true
        }
    }

    /// `(old count, new start, new count)` of `@@ -a[,b] +c[,d] @@`.
    static func hunkHeader(_ text: String) -> (Int, Int, Int)? {
        let fields = text.split(separator: " ")
        guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+") else { return nil }
        func range(_ field: Substring) -> (Int, Int)? {
            let parts = field.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(parts[0]) else { return nil }
            let count = parts.count > 1 ? Int(parts[1]) : 1
            return count.map { (start, $0) }
        }
        guard let old = range(fields[1]), let new = range(fields[2]) else { return nil }
        return (old.1, new.0, new.1)
    }

    /// The new path of `a/P b/P` (equal halves; quoted or not). A rename's header is ambiguous
    /// when paths contain spaces, so `rename to` / `+++` lines, when present, replace it.
    static func pathFromDiffLine(_ rest: String) -> String? {
        if rest.hasPrefix("\"") {
            // "a/…" "b/…" or "a/…" b/…
            guard let (_, after) = quotedToken(Substring(rest)) else { return nil }
            let second = after.drop(while: { $0 == " " })
            let path = second.hasPrefix("\"") ? quotedToken(second).map { $0.0 } : String(second)
            return path.map { $0.hasPrefix("b/") ? String($0.dropFirst(2)) : $0 }
        }
        if rest.hasSuffix("\"") , let start = rest.range(of: " \"b/") {
            return unquote(String(rest[rest.index(after: start.lowerBound)...])).map { String($0.dropFirst(2)) }
        }
        let characters = Array(rest)
        guard characters.count >= 5, (characters.count - 5) % 2 == 0 else { return nil }
        let length = (characters.count - 5) / 2
        let old = String(characters[2..<(2 + length)])
        let new = String(characters[(5 + length)...])
        guard characters.starts(with: ["a", "/"]), old == new else {
            // A rename (different halves): take everything after the last " b/".
            return rest.range(of: " b/", options: .backwards).map { String(rest[$0.upperBound...]) }
        }
        return new
    }

    /// A path as git prints it: as is, or C-quoted (`"tab\there"`, octal escapes for bytes).
    static func unquote(_ text: String) -> String? {
        guard text.hasPrefix("\"") else { return text }
        return quotedToken(Substring(text)).map { $0.0 }
    }

    /// Parses one C-quoted token at the start of `text`: its value and the rest after it.
    private static func quotedToken(_ text: Substring) -> (String, Substring)? {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        guard utf8.first == UInt8(ascii: "\"") else { return nil }
        var index = 1
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") {
                let rest = String(decoding: utf8[(index + 1)...], as: UTF8.self)
                return (String(decoding: bytes, as: UTF8.self), Substring(rest))
            }
            if byte == UInt8(ascii: "\\"), index + 1 < utf8.count {
                let next = utf8[index + 1]
                switch next {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "a"): bytes.append(0x07)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "v"): bytes.append(0x0B)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = 0
                    var digits = 0
                    while digits < 3, index + 1 + digits < utf8.count,
                        (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(utf8[index + 1 + digits])
                    {
                        value = value * 8 + Int(utf8[index + 1 + digits] - UInt8(ascii: "0"))
                        digits += 1
                    }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                    index += 1 + digits
                    continue
                default: bytes.append(next)
                }
                index += 2
                continue
            }
            bytes.append(byte)
            index += 1
        }
        return nil
    }
}

/// One file of `git diff --raw -z`: status, blob ids and the paths exactly as git stores them
/// (NUL-terminated, never quoted), unlike the patch headers, whose names git quotes and may
/// follow with a TAB.
public struct RawDiffEntry: Equatable, Sendable {
    /// The status letter: `A`, `M`, `D`, `R`, `C`, `T`, `U`, …
    public var status: Character
    public var oldBlob: String
    public var newBlob: String
    /// The path of the new version (for a rename or copy, the destination).
    public var path: String
    /// The source path of a rename or copy.
    public var renamedFrom: String?

    public init(status: Character, oldBlob: String, newBlob: String, path: String, renamedFrom: String? = nil) {
        self.status = status
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.path = path
        self.renamedFrom = renamedFrom
    }

    /// Parses the header field `:oldmode newmode oldblob newblob status[score]`; the paths are
    /// filled in from the NUL-separated fields that follow it. Nil when it is not one.
    public init?(header: String) {
        guard header.hasPrefix(":") else { return nil }
        let fields = header.dropFirst().split(separator: " ")
        guard fields.count == 5, let status = fields[4].first else { return nil }
        self.init(status: status, oldBlob: String(fields[2]), newBlob: String(fields[3]), path: "")
    }

    /// Whether a rename or copy, which has two paths.
    public var hasTwoPaths: Bool { status == "R" || status == "C" }

    /// Whether the patch shows an `index old..new` line whose new id is ``newBlob``: there is a
    /// new version, and its content changed (a typechange's patch is a deletion and a creation,
    /// the creation naming the new blob even when the ids are equal).
    var hasNewBlobInPatch: Bool {
        status != "U" && status != "D" && !newBlob.allSatisfy({ $0 == "0" }) && (oldBlob != newBlob || status == "T")
    }

    /// Replaces the header-derived paths of `files` (the patch of the same `git diff`, whose file
    /// pairs come in the same order as `entries`) with the exact ones. Each patch section that names
    /// a new blob is matched to the next entry with that new blob; entries without such a section
    /// (unmerged, deleted, pure renames and mode changes) are passed over. A section left without a
    /// match keeps its header path.
    public static func attach(_ entries: [RawDiffEntry], to files: inout [DiffFile]) {
        var cursor = entries.startIndex
        for index in files.indices {
            guard let blob = files[index].blob,
                let match = entries[cursor...].firstIndex(where: { $0.hasNewBlobInPatch && $0.newBlob == blob })
            else { continue }
            files[index].path = entries[match].path
            files[index].renamedFrom = entries[match].renamedFrom
            cursor = match + 1
        }
    }
}
