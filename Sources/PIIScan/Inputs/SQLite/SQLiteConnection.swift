#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Foundation

/// A failed SQLite call. The message names the problem, never a cell value.
struct SQLiteError: Error {
    /// Extended result code.
    let code: Int32
    let message: String

    /// The primary result code (`SQLITE_CORRUPT`, `SQLITE_BUSY` …).
    var primary: Int32 { code & 0xFF }

    /// Whether the rest of the database cannot be read either (as opposed to one bad table).
    var isFatal: Bool {
        [SQLITE_NOTADB, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_NOMEM, SQLITE_PERM, SQLITE_AUTH]
            .contains(primary)
    }

    /// The reason SQLite gives for a schema it would not load, when that reason is not damage:
    /// `malformed database schema (ix) - unsafe use of json_extract()` gives `ix: unsafe use of
    /// json_extract()`. SQLite reports every schema problem as `SQLITE_CORRUPT`; a schema entry
    /// with a bad root page, an orphaned index or no reason at all is damage (nil).
    static func schemaProblem(_ detail: String) -> String? {
        let prefix = "malformed database schema ("
        guard detail.hasPrefix(prefix), let close = detail.range(of: ") - ") else { return nil }
        let object = detail[detail.index(detail.startIndex, offsetBy: prefix.count)..<close.lowerBound]
        let reason = detail[close.upperBound...]
        guard !reason.isEmpty, reason != "invalid rootpage", reason != "orphan index" else { return nil }
        return "\(object): \(reason)"
    }

    init(code: Int32, detail: String?) {
        self.code = code
        switch code & 0xFF {
        case SQLITE_NOTADB: message = "file is not a database (encrypted, or damaged beyond its header)"
        case SQLITE_CORRUPT:
            if let detail, let reason = SQLiteError.schemaProblem(detail) {
                // The schema parsed into something this SQLite refuses (a newer feature, a function
                // it will not run there): not a damaged file, and `integrity_check` would say ok.
                message = "database schema cannot be used by SQLite \(String(cString: sqlite3_libversion())): \(reason)"
            } else {
                message = "database disk image is malformed (corrupt or truncated)"
            }
        case SQLITE_BUSY, SQLITE_LOCKED: message = "database is locked by another connection (try again when it is idle)"
        case SQLITE_CANTOPEN: message = "cannot open database" + (detail.map { ": \($0)" } ?? "")
        case SQLITE_READONLY:
            message = "database needs recovery (hot journal or write-ahead log), which a read-only scan cannot do"
        default: message = detail ?? String(cString: sqlite3_errstr(code))
        }
    }
}

/// A strictly read-only connection to one SQLite database file.
///
/// The file is opened through a `file:` URI with `mode=ro` (`SQLITE_OPEN_READONLY`), so SQLite
/// never writes to it. A database in WAL mode is opened according to its write-ahead log
/// (``LogState``): without a log (none, or empty) with `immutable=1` as well, since a read-only
/// WAL connection would otherwise create `-wal` and `-shm` next to the database; with a log that
/// a process holds open, as it is (that process keeps the shared-memory index current). A log
/// that no process holds — a copy or backup of a live database, a writer that crashed — would
/// need recovery, which writes the `-shm` index (or, without one, is not read at all under
/// `immutable`): the database and its log are then copied into a private temporary directory
/// and the copy is read, so its last transactions are scanned and nothing next to the database
/// changes. A rollback-mode database with a hot journal (``hasHotJournal(_:)``: a writer
/// crashed, or the files were copied mid-transaction) cannot be read at all read-only: it is
/// copied with its `-journal` the same way, and the copy — piiscan's own file — is opened
/// writable so that SQLite rolls the journal back there. Single-threaded use only
/// (`SQLITE_OPEN_NOMUTEX`).
final class SQLiteConnection {
    let handle: OpaquePointer
    /// The private directory holding the copy read instead of the database (removed on close).
    private let copyDirectory: String?

    /// What the write-ahead log of a WAL-mode database looks like.
    enum LogState: Equatable {
        /// No `-wal` file, or an empty one nobody holds: everything is in the database file.
        case none
        /// A `-shm` index that some process holds a lock on: the database is open elsewhere.
        case live
        /// A `-wal` file with content that no process holds (no `-shm`, or nobody has it locked).
        case orphaned
    }

    /// The state of the write-ahead log of the WAL-mode database at `path`. A process that has
    /// the database open holds a shared lock on the `-shm` file's dead-man-switch byte (offset
    /// 128 in SQLite's unix VFS: 120 + 8 lock bytes); `F_GETLK` asks for it without taking it.
    /// A held database counts as live even with an empty log: its writer may checkpoint into
    /// the database file at any time, which an `immutable` reader would not notice.
    static func logState(_ path: String) -> LogState {
        var log = stat()
        guard stat(path + "-wal", &log) == 0 else { return .none }
        // Cannot tell (no lock support): read it as it is, as before.
        switch lockProbe(path + "-shm", byte: 128) {
        case .held, .unknown: return .live
        case .free, .missing: return log.st_size > 0 ? .orphaned : .none
        }
    }

    /// What `F_GETLK` (which asks without taking a lock) says about one byte of a file.
    private enum LockProbe { case missing, unknown, held, free }

    /// Whether some process holds a lock on byte `byte` of the file at `path`.
    private static func lockProbe(_ path: String, byte: Int) -> LockProbe {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return .missing }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(byte)
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { return .unknown }
        return lock.l_type == Int16(F_UNLCK) ? .free : .held
    }

    /// The header every live rollback journal starts with (a committed or persisted one is zeroed).
    static let journalMagic: [UInt8] = [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7]

    /// Whether the rollback-mode database at `path` has a hot journal: a `-journal` file that
    /// starts with the journal header while no process holds the database's RESERVED lock (a
    /// writer in its transaction holds it; SQLite's unix VFS locks byte 0x40000001). Such a
    /// journal must be rolled back before anything can be read.
    static func hasHotJournal(_ path: String) -> Bool {
        let journal = open(path + "-journal", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard journal >= 0 else { return false }
        var head = [UInt8](repeating: 0, count: journalMagic.count)
        let count = head.withUnsafeMutableBytes { pread(journal, $0.baseAddress!, $0.count, 0) }
        close(journal)
        guard count == journalMagic.count, head == journalMagic else { return false }
        // Not when a writer holds it, nor when nobody can tell.
        return lockProbe(path, byte: 0x4000_0001) == .free
    }

    /// Opens `path`. `walMode` comes from the file header (bytes 18–19 equal to 2).
    init(path: String, walMode: Bool, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        var openPath = path
        var immutable = false
        var writableCopy = false
        var copyDirectory: String?
        if walMode {
            switch SQLiteConnection.logState(path) {
            case .none: immutable = true
            case .live: break
            case .orphaned:
                copyDirectory = try SQLiteConnection.privateCopy(of: path, log: "-wal")
                openPath = copyDirectory! + "/db"
            }
        } else if SQLiteConnection.hasHotJournal(path) {
            copyDirectory = try SQLiteConnection.privateCopy(of: path, log: "-journal")
            openPath = copyDirectory! + "/db"
            writableCopy = true
        }
        self.copyDirectory = copyDirectory
        let uri = SQLiteConnection.uri(for: openPath, immutable: immutable, writable: writableCopy)
        var db: OpaquePointer?
        let flags = (writableCopy ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(uri, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let detail = db.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(db)
            if let copyDirectory { SQLiteConnection.remove(copyDirectory) }
            throw SQLiteError(code: status, detail: detail)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Belt and braces: no writes, and no extension can be loaded (the `load_extension()` SQL
        // function included; off by default, and kept off).
        //
        // The schema is trusted (`trusted_schema = ON`, SQLite's default): with it off, SQLite
        // refuses to load a schema that calls any function not marked innocuous — in SQLite
        // before 3.45 that includes the JSON functions — from an index, generated column, default
        // or CHECK, and reports the whole valid database as malformed (`create index ix on
        // u(json_extract(p, '$.a'))`: nothing scanned). `trusted_schema = OFF` guards
        // applications that register functions with side effects, or load extensions whose
        // virtual tables or functions a hostile schema could call. This connection registers no
        // function, loads no extension, is read-only (`mode=ro`, `query_only`; the writable
        // private copy of a hot journal is only rolled back) and never reads a view or fires a
        // trigger; so what a schema can reach is SQLite's built-in SQL functions, which have no
        // side effect outside the statement (`load_extension()` is disabled above and is
        // direct-only even when trusted), and built-in virtual tables, which are not scanned.
        sqlite3_enable_load_extension(db, 0)
        _ = sqlite3_exec(db, "PRAGMA query_only = ON; PRAGMA trusted_schema = ON;", nil, nil, nil)
    }

    /// Copies the database at `path` and its log (`log`: `-wal` or `-journal`) into a fresh
    /// private directory (mode 0700 under `TMPDIR`) as `db` and `db-wal`/`db-journal`; returns
    /// the directory.
    private static func privateCopy(of path: String, log: String) throws(SQLiteError) -> String {
        let what = log == "-wal" ? "its write-ahead log needs recovery" : "its hot journal needs a rollback"
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("piiscan-wal.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SQLiteError(
                code: SQLITE_CANTOPEN,
                detail: "\(what), and no private directory for a copy could be made in \(base): \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        for (source, target) in [(path, "/db"), (path + log, "/db" + log)] {
            if let problem = copyFile(source, to: directory + target) {
                remove(directory)
                throw SQLiteError(
                    code: SQLITE_CANTOPEN,
                    detail: "\(what), which a read-only scan does on a private copy, and the copy failed: \(problem)")
            }
        }
        return directory
    }

    /// Copies the file at `source` to a new file `target` (mode 0600); the error, if any.
    private static func copyFile(_ source: String, to target: String) -> String? {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return "cannot read \(source): \(String(cString: strerror(errno)))" }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { return "cannot create \(target): \(String(cString: strerror(errno)))" }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failure: String?
        while failure == nil {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                failure = "cannot read \(source): \(String(cString: strerror(errno)))"
                break
            }
            var done = 0
            while done < n {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    failure = "cannot write \(target): \(String(cString: strerror(written < 0 ? errno : ENOSPC)))"
                    break
                }
                done += written
            }
        }
        if close(output) != 0 && failure == nil { failure = "cannot write \(target): \(String(cString: strerror(errno)))" }
        return failure
    }

    /// Removes the private directory `directory` and the files in it (the copy, its log and index).
    private static func remove(_ directory: String) {
        for name in ["db", "db-wal", "db-shm", "db-journal"] { unlink(directory + "/" + name) }
        rmdir(directory)
    }

    deinit {
        sqlite3_close_v2(handle)
        if let copyDirectory { SQLiteConnection.remove(copyDirectory) }
    }

    /// A `file:` URI for `path` with every byte outside the unreserved set percent-encoded,
    /// read-only unless `writable` (piiscan's own private copy only).
    static func uri(for path: String, immutable: Bool, writable: Bool = false) -> String {
        var encoded = path.hasPrefix("/") ? "file://" : "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded + (writable ? "" : immutable ? "?mode=ro&immutable=1" : "?mode=ro")
    }

    /// The error of the last failed call on this connection.
    func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, detail: String(cString: sqlite3_errmsg(handle)))
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(status)
        }
        return SQLiteStatement(handle: statement, connection: self)
    }

    /// `name` as a quoted SQL identifier (`"a ""b"""`): safe for any table or column name.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    let handle: OpaquePointer
    private let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row: true on a row, false at the end.
    func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(status)
        }
    }

    /// Runs the statement again with `value` bound to its first parameter and returns the
    /// integer in the first column of its first row (nil when there is no row).
    func firstInt64(binding value: Int64) throws(SQLiteError) -> Int64? {
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, value)
        guard try step() else { return nil }
        return sqlite3_column_int64(handle, 0)
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    func type(_ index: Int) -> Int32 { sqlite3_column_type(handle, Int32(index)) }

    func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// The cell as text (numbers converted by SQLite); nil for NULL.
    func text(_ index: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The cell as text bytes (numbers converted by SQLite), valid until the next step; nil for
    /// NULL. The bytes of ``text(_:)``.
    func textBytesOrNil(_ index: Int) -> UnsafeRawBufferPointer? {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return nil }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, Int32(index))))
    }

    /// The bytes of a TEXT cell, valid until the next step (empty for an empty string).
    func textBytes(_ index: Int) -> UnsafeRawBufferPointer {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, Int32(index))))
    }

    /// The bytes of a BLOB cell, valid until the next step.
    func blobBytes(_ index: Int) -> UnsafeRawBufferPointer {
        guard let pointer = sqlite3_column_blob(handle, Int32(index)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, Int32(index))))
    }
}
