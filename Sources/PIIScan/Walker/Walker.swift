#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PIIModel

/// One thing to scan, or a note about something that will not be scanned, in walk order.
public enum WalkEntry: Equatable, Sendable {
    /// A regular file: `path` as displayed in reports, `size` at listing time.
    case file(path: String, size: Int64)
    /// Standard input.
    case standardInput
    /// A named pipe (FIFO) or character device named on the command line (`<(zcat x.gz)`,
    /// `/dev/stdin`): read once to its end, as a stream, like standard input.
    case stream(path: String)
    /// An error or skip note for a path.
    case issue(InputIssue)
}

/// Expands the command-line paths into files, in a deterministic order (arguments in order,
/// directory entries sorted by name), skipping `.git`/`.hg`/`.svn`, honouring
/// `.piiscanignore` files and `--exclude` globs, never following directory symlinks (so
/// symlink loops cannot occur) and never opening special files (FIFOs, sockets, devices) met in a
/// directory or listed by `--files-from` — only those named on the command line are read.
public struct Walker {
    public var excludes: [String]
    public var useIgnoreFiles: Bool
    /// Name of the per-directory ignore file.
    public static let ignoreFileName = ".piiscanignore"
    static let skippedDirectories: Set<String> = [".git", ".hg", ".svn"]

    /// Files this run of piiscan writes — its report, incremental state, baseline, and their
    /// temporary files — which are never scanned when a walk reaches them (a report written into
    /// the scanned directory would otherwise be counted, and its masked values found, next time).
    public var ownFiles: [String] = []

    public init(excludes: [String] = [], useIgnoreFiles: Bool = true, ownFiles: [String] = []) {
        self.excludes = excludes
        self.useIgnoreFiles = useIgnoreFiles
        self.ownFiles = ownFiles
    }

    /// Walks `paths` (`-` is standard input) and returns the entries in scan order. A FIFO or
    /// character device among `paths` that is also in `streams` (the paths named on the command
    /// line) is read as a stream; others (found in a directory, listed by `--files-from`: a list
    /// made by `find` may name pipes nobody writes to, and reading one would block) are skipped
    /// with a note.
    public func walk(_ paths: [String], streams: Set<String> = []) -> [WalkEntry] {
        var entries: [WalkEntry] = []
        // Own files count as seen: a file reached again is passed over without a note.
        var seen = Set<FileIdentity>()
        for path in ownFiles {
            var info = stat()
            if stat(path, &info) == 0 { seen.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))) }
        }
        let leftovers = Walker.temporaryPrefixes(of: ownFiles)
        for path in paths {
            if path == "-" {
                entries.append(.standardInput)
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                entries.append(.issue(InputIssue(kind: .error, path: path, message: "cannot open: \(reason)")))
                continue
            }
            let type = info.st_mode & S_IFMT
            if (type == S_IFIFO || type == S_IFCHR) && streams.contains(path) {
                // Read once, even if named twice (a second reader of a pipe would wait forever).
                if seen.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted {
                    entries.append(.stream(path: path))
                }
                continue
            }
            if isDirectory(info) {
                var rules = IgnoreRules()
                for pattern in excludes { rules.add(pattern: pattern) }
                walkDirectory(path, relative: "", rules: rules, leftovers: leftovers, seen: &seen, into: &entries)
            } else {
                addFile(path, info: info, seen: &seen, into: &entries)
            }
        }
        return entries
    }

    /// The `.NAME.tmp-` prefixes of `paths`' temporary files (``OutputTarget/temporaryName(for:)``),
    /// by the identity of their directory: those that earlier runs writing the same files may
    /// have left, followed by a process id.
    private static func temporaryPrefixes(of paths: [String]) -> [FileIdentity: [String]] {
        var prefixes: [FileIdentity: [String]] = [:]
        for path in paths where !path.hasSuffix("/") {
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { String(path[...$0]) } ?? "."
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            var info = stat()
            guard !name.isEmpty, stat(directory, &info) == 0 else { continue }
            prefixes[FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), default: []]
                .append(OutputTarget.temporaryPrefix(for: path))
        }
        return prefixes
    }

    /// Whether `name` is `PREFIX` and a process id for one of `prefixes`.
    private static func isLeftover(_ name: String, _ prefixes: [String]) -> Bool {
        prefixes.contains { prefix in
            name.hasPrefix(prefix) && name.count > prefix.count && name.dropFirst(prefix.count).allSatisfy(\.isASCIIDigitCharacter)
        }
    }

    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private func addFile(_ path: String, info: stat, seen: inout Set<FileIdentity>, into entries: inout [WalkEntry]) {
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind: String
            switch type {
            case S_IFIFO: kind = "named pipe (FIFO)"
            case S_IFSOCK: kind = "socket"
            case S_IFCHR: kind = "character device"
            case S_IFBLK: kind = "block device"
            default: kind = "special file"
            }
            entries.append(.issue(InputIssue(kind: .skipped, path: path, message: "\(kind) skipped")))
            return
        }
        // The same file reached twice (hard link, symlink, repeated argument) is scanned once.
        guard seen.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        entries.append(.file(path: path, size: Int64(info.st_size)))
    }

    private func walkDirectory(
        _ directory: String, relative: String, rules: IgnoreRules, leftovers: [FileIdentity: [String]],
        seen: inout Set<FileIdentity>, into entries: inout [WalkEntry]
    ) {
        var rules = rules
        guard let handle = opendir(directory) else {
            let reason = String(cString: strerror(errno))
            entries.append(.issue(InputIssue(kind: .error, path: directory, message: "cannot read directory: \(reason)")))
            return
        }
        var names: [String] = []
        var undecodable: [String] = []
        while let entry = readdir(handle) {
            let bytes = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: Int(NAME_MAX) + 1) { name in
                    Array(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))))
                }
            }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                undecodable.append(Walker.escapedName(bytes))
                continue
            }
            if name != "." && name != ".." { names.append(name) }
        }
        var directoryInfo = stat()
        let prefixes = fstat(dirfd(handle), &directoryInfo) == 0
            ? leftovers[FileIdentity(device: UInt64(directoryInfo.st_dev), inode: UInt64(directoryInfo.st_ino))] : nil
        closedir(handle)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        if let prefixes {
            // A report or state file that a killed run left half-written is not an input: say so
            // (it may be deleted) instead of scanning its masked values again on every run.
            let ours = "tmp-\(getpid())"  // this run's own, being written: passed over silently
            for name in names where Walker.isLeftover(name, prefixes) && !name.hasSuffix(ours) {
                entries.append(.issue(InputIssue(
                    kind: .skipped, path: join(directory, name),
                    message: "temporary file of an interrupted piiscan run skipped (it can be deleted)")))
            }
            names.removeAll { Walker.isLeftover($0, prefixes) }
        }
        // A name in another encoding (EUC-KR/CP949 from an old Windows share or zip file) cannot
        // be opened through a Swift string: an error that names it, escaped, instead of a file
        // silently skipped or one reported as missing.
        for name in undecodable.sorted() {
            entries.append(.issue(InputIssue(
                kind: .error, path: join(directory, name),
                message: "file name is not valid UTF-8 (shown with \\xHH escapes), so it was not scanned; rename it to UTF-8, e.g. convmv -f cp949 -t utf-8 --notest")))
        }

        if useIgnoreFiles && names.contains(Walker.ignoreFileName) {
            let ignorePath = join(directory, Walker.ignoreFileName)
            if let data = FileManager.default.contents(atPath: ignorePath) {
                rules.add(fileContents: String(decoding: data, as: UTF8.self), base: relative)
            } else {
                entries.append(.issue(InputIssue(kind: .error, path: ignorePath, message: "cannot read ignore file")))
            }
        }

        for name in names {
            let path = join(directory, name)
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                entries.append(.issue(InputIssue(kind: .error, path: path, message: "cannot open: \(reason)")))
                continue
            }
            if isDirectory(info) {
                if Walker.skippedDirectories.contains(name) { continue }
                if rules.isIgnored(relativePath, isDirectory: true) { continue }
                walkDirectory(path, relative: relativePath, rules: rules, leftovers: leftovers, seen: &seen, into: &entries)
                continue
            }
            if rules.isIgnored(relativePath, isDirectory: false) { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                var target = stat()
                guard stat(path, &target) == 0 else {
                    let message = errno == ELOOP ? "symbolic link loop skipped" : "broken symbolic link skipped"
                    entries.append(.issue(InputIssue(kind: .skipped, path: path, message: message)))
                    continue
                }
                if isDirectory(target) {
                    entries.append(.issue(InputIssue(
                        kind: .skipped, path: path, message: "symbolic link to a directory not followed")))
                    continue
                }
                info = target
            }
            addFile(path, info: info, seen: &seen, into: &entries)
        }
    }

    /// A name that is not UTF-8 with every byte outside printable ASCII written as `\xHH` (in
    /// another encoding, even its bytes that happen to form UTF-8 sequences are not text).
    static func escapedName(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    private func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
