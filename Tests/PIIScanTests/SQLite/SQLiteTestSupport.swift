import CSQLite
import Foundation
import XCTest

/// Builds real SQLite databases from the `.sql` fixtures at test time (no binary databases in git).
enum SQLiteFixture {
    /// `fixtures/sql/` of the package.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/sql")

    /// The text of `fixtures/sql/<name>`.
    static func sql(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Creates the database `path` from `sql`; `wal` switches it to WAL mode first. The
    /// connection is closed afterwards (so a WAL database is checkpointed and its -wal and -shm
    /// files are removed).
    static func build(_ sql: String, at path: String, wal: Bool = false) throws {
        let connection = try Connection(path: path)
        if wal { try connection.execute("PRAGMA journal_mode = WAL;") }
        try connection.execute(sql)
    }

    /// A read-write connection for tests (writers, lock holders).
    final class Connection {
        let handle: OpaquePointer

        init(path: String) throws {
            var db: OpaquePointer?
            guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
                sqlite3_close(db)
                throw NSError(domain: "sqlite", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot create \(path)"])
            }
            handle = db
        }

        deinit { sqlite3_close(handle) }

        func execute(_ sql: String) throws {
            var message: UnsafeMutablePointer<CChar>?
            let status = sqlite3_exec(handle, sql, nil, nil, &message)
            guard status == SQLITE_OK else {
                let text = message.map { String(cString: $0) } ?? "error \(status)"
                sqlite3_free(message)
                throw NSError(domain: "sqlite", code: Int(status), userInfo: [NSLocalizedDescriptionKey: text])
            }
        }
    }
}

/// The state of a directory that must not change: every file's bytes and modification time.
struct DirectorySnapshot: Equatable {
    var files: [String: Data] = [:]
    var modified: [String: Date] = [:]

    init(_ path: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            let file = (path as NSString).appendingPathComponent(name)
            files[name] = try Data(contentsOf: URL(fileURLWithPath: file))
            modified[name] = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        }
    }
}
