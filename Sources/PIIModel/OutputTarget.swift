#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a file named for output (`--output`, `--state`, a baseline) is written, so that writing
/// never replaces something that is not a regular file.
///
/// - A regular file, or a name that does not exist yet, is replaced atomically: the output goes
///   to a temporary file next to it, renamed over it once complete.
/// - A symbolic link is followed first: the file it points to is replaced (or created, for a
///   dangling link) the same way, and the link itself stays a link.
/// - Anything else that exists — a character device such as `/dev/null`, a FIFO, a socket, a
///   terminal, `/dev/stdout` — is opened and written in place, like a shell redirection would:
///   a rename over it would destroy it (as root, `-o /dev/null` would replace the system's
///   `/dev/null` with a regular file).
public enum OutputTarget: Equatable, Sendable {
    /// Write to `temporary`, then rename it over `path`. `path` is the name given, or where the
    /// chain of symbolic links that starts there ends.
    case replace(path: String, temporary: String)
    /// Open `path` (the name given; the kernel follows its links) and write to it directly.
    case inPlace(path: String)

    /// A name whose symbolic links cannot be followed (a loop).
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Decides how to write `path`; see ``OutputTarget``.
    public static func resolve(_ path: String) throws(Failure) -> OutputTarget {
        var current = path
        for _ in 0..<40 {  // Linux's own limit on links followed in one lookup
            var info = stat()
            guard lstat(current, &info) == 0 else {
                // Nothing there (a new file, or the end of a dangling link): the rename creates
                // it. Other errors (no such directory, no permission) surface when the temporary
                // file is created, with the same message as before.
                return .replace(path: current, temporary: temporaryName(for: current))
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                return .replace(path: current, temporary: temporaryName(for: current))
            case S_IFLNK:
                // A link another user planted in a shared sticky directory (`/tmp/report.json` →
                // `/etc/…`): a root cron sweep writing there would replace any file. Refused as
                // the kernel's `protected_symlinks` refuses to follow it (which a resolution by
                // hand would bypass).
                if isForeignLinkInStickyDirectory(current, owner: info.st_uid) {
                    throw Failure(description: "'\(current)': a symbolic link owned by another user in a shared sticky directory; not followed")
                }
                var target = stat()
                if stat(current, &target) == 0, target.st_mode & S_IFMT != S_IFREG {
                    // A link to a device or FIFO. Opening the name given lets the kernel follow
                    // links that name no path (`/dev/stdout` → /proc/self/fd/1 → `pipe:[…]`).
                    return .inPlace(path: path)
                }
                guard let link = readLink(current) else {
                    return .replace(path: current, temporary: temporaryName(for: current))
                }
                current = link.hasPrefix("/") ? link : directory(of: current) + link
            default:
                return .inPlace(path: path)
            }
        }
        throw Failure(description: "'\(path)': too many levels of symbolic links")
    }

    /// Whether the link at `path` (owned by `owner`) lies in a world-writable sticky directory
    /// (`/tmp`) and is owned neither by us nor by the directory's owner: the case Linux's
    /// `fs.protected_symlinks` refuses to follow.
    public static func isForeignLinkInStickyDirectory(_ path: String, owner: uid_t) -> Bool {
        var directoryInfo = stat()
        let parent = directory(of: path)
        guard stat(parent.isEmpty ? "." : parent, &directoryInfo) == 0 else { return false }
        let sticky = directoryInfo.st_mode & S_ISVTX != 0
        let worldWritable = directoryInfo.st_mode & S_IWOTH != 0
        return sticky && worldWritable && owner != geteuid() && owner != directoryInfo.st_uid
    }

    /// `DIR/.NAME.tmp-PID` for `DIR/NAME`: hidden, in the same directory (so the rename stays on
    /// one file system), and distinct per process.
    public static func temporaryName(for path: String) -> String {
        directory(of: path) + temporaryPrefix(for: path) + String(getpid())
    }

    /// The name of `path`'s temporary files without the process id: `.NAME.tmp-` (the walker
    /// recognises those that killed runs left behind).
    public static func temporaryPrefix(for path: String) -> String {
        // Not NSString's path methods: they trap on a one-character name (`-o r`) in this Foundation.
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        return ".\(name).tmp-"
    }

    /// Removes the temporary files of `path` that killed runs left behind (`DIR/.NAME.tmp-PID`
    /// of a process that no longer exists, owned by us): they hold masked findings and
    /// fingerprints, and with date-stamped reports they would pile up. Returns how many.
    @discardableResult
    public static func removeStaleTemporaries(for path: String) -> Int {
        let prefix = temporaryPrefix(for: path)
        let parent = directory(of: path)
        guard let directory = opendir(parent.isEmpty ? "." : parent) else { return 0 }
        defer { closedir(directory) }
        var removed = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            // A process that exists (or that we may not signal) may be writing it.
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            var info = stat()
            guard lstat(parent + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else { continue }
            if unlink(parent + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// The directory part of `path` with its trailing slash, or "" for a bare name.
    private static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
