#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

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

    init(code: Int32, detail: String?) {
        self.code = code
        switch code & 0xFF {
        case SQLITE_NOTADB: message = "file is not a database (encrypted, or damaged beyond its header)"
        case SQLITE_CORRUPT: message = "database disk image is malformed (corrupt or truncated)"
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
/// never writes to it. A database in WAL mode whose `-wal` and `-shm` files do not both exist
/// is opened with `immutable=1` as well: a read-only WAL connection would otherwise create
/// them next to the database. Single-threaded use only (`SQLITE_OPEN_NOMUTEX`).
final class SQLiteConnection {
    let handle: OpaquePointer

    /// Opens `path`. `walMode` comes from the file header (bytes 18–19 equal to 2).
    init(path: String, walMode: Bool, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        let live = access(path + "-wal", F_OK) == 0 && access(path + "-shm", F_OK) == 0
        let uri = SQLiteConnection.uri(for: path, immutable: walMode && !live)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(uri, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let detail = db.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(db)
            throw SQLiteError(code: status, detail: detail)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Belt and braces: no writes, and no functions from the schema run with side effects.
        _ = sqlite3_exec(db, "PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;", nil, nil, nil)
    }

    deinit { sqlite3_close_v2(handle) }

    /// A `file:` URI for `path` with every byte outside the unreserved set percent-encoded.
    static func uri(for path: String, immutable: Bool) -> String {
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
        return encoded + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
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
