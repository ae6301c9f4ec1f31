#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies a version of a file: its identity (device and inode), size and last
/// modification time. Captured for every listed file (never for standard input), for
/// incremental sweeps (`--state`) and the retention view (`--older-than`).
public struct FileMetadata: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Last modification, nanoseconds since the Unix epoch.
    public var modifiedNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modifiedNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// Last modification in seconds since the Unix epoch.
    public var modifiedSeconds: Double { Double(modifiedNanoseconds) / 1e9 }

    /// The metadata of `path` (symbolic links followed, as the walker does), or nil.
    ///
    /// A SQLite database in WAL mode that a program has open takes its new rows into `PATH-wal`
    /// and leaves the database file as it was: a non-empty `-wal` next to the file adds its size
    /// and, when later, its modification time, so that a sweep rescans the database when its log
    /// changes (the scan reads the log too).
    public static func of(_ path: String) -> FileMetadata? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var metadata = FileMetadata(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedNanoseconds: nanoseconds(info))
        var log = stat()
        if stat(path + "-wal", &log) == 0, log.st_mode & S_IFMT == S_IFREG, log.st_size > 0 {
            metadata.size += Int64(log.st_size)
            metadata.modifiedNanoseconds = max(metadata.modifiedNanoseconds, nanoseconds(log))
        }
        return metadata
    }

    private static func nanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        let mtime = info.st_mtimespec
        #else
        let mtime = info.st_mtim
        #endif
        return Int64(mtime.tv_sec) * 1_000_000_000 + Int64(mtime.tv_nsec)
    }
}

extension Walker {
    /// The metadata of every file in `entries`, by display path. Taken right after the walk, so
    /// it describes the version that is about to be scanned.
    public static func metadata(of entries: [WalkEntry]) -> [String: FileMetadata] {
        var result: [String: FileMetadata] = [:]
        for case .file(let path, _) in entries {
            if let metadata = FileMetadata.of(path) { result[path] = metadata }
        }
        return result
    }
}
