import CSQLite
import Foundation
import XCTest

/// SQLite databases that other processes hold, write or have broken, through the built binary.
/// Another process is the `sqlite3` shell (Debian package `sqlite3`, installed by `.ci/run`).
/// piiscan must never change a database: contents, size, modification time and the set of files
/// next to it are compared before and after.
final class SQLiteFaultTests: CLITestCase {
    private static let sqlite3 = ["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private func database(_ name: String, in directory: URL, wal: Bool = false, rows: Int = 200) throws -> String {
        let path = directory.appendingPathComponent(name).path
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        var sql = wal ? "PRAGMA journal_mode=WAL;" : ""
        sql += "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, jumin_no TEXT, phone TEXT); BEGIN;"
        for index in 0..<rows {
            sql += "INSERT INTO customers (name, jumin_no, phone) VALUES ('고객\(index)', '900101-1234568', '010-2345-\(String(format: "%04d", index % 10000))');"
        }
        sql += "COMMIT;"
        XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK)
        return path
    }

    /// Names, sizes, modification times and contents of every file in `directory`.
    private func snapshot(_ directory: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            XCTAssertEqual(stat(path, &info), 0)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            result[name] = "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(data.base64EncodedString())"
        }
        return result
    }

    /// A `sqlite3` shell on `path` that reads commands from a pipe, for holding locks.
    private final class Shell {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(_ executable: String, path: String) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [path]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Runs `sql`, then waits until the shell printed `marker` (so the statements ran).
        func run(_ sql: String) {
            let marker = "done-\(UUID().uuidString)"
            input.fileHandleForWriting.write(Data("\(sql)\n.print \(marker)\n".utf8))
            var seen = ""
            while !seen.contains(marker) {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                seen += String(decoding: data, as: UTF8.self)
            }
        }

        func quit() {
            input.fileHandleForWriting.write(Data(".quit\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// Rollback-journal and WAL databases, scanned with one and two threads: nothing changes
    /// and no `-wal`/`-shm`/`-journal` file is left behind.
    func testScanNeverModifiesTheDatabase() throws {
        for wal in [false, true] {
            let directory = try temporaryDirectory()
            _ = try database("shop.db", in: directory, wal: wal)
            let before = try snapshot(directory)
            XCTAssertEqual(before.count, 1, "only the database (wal: \(wal))")
            usleep(20_000)  // a write now would show in the modification time
            for threads in ["1", "2"] {
                let outcome = try piiscan(["scan", "--format", "ndjson", "--threads", threads, "--chunk-size", "4096", directory.path])
                XCTAssertEqual(outcome.status, 1, outcome.all)
                XCTAssertTrue(outcome.stdout.contains(#""table":"customers","column":"jumin_no""#))
            }
            XCTAssertEqual(try snapshot(directory), before, "wal: \(wal)")
        }
    }

    /// Another process holds an exclusive lock (`BEGIN EXCLUSIVE` with a pending write): the
    /// database is an error that says "locked", the other input is scanned, exit 2; once the
    /// lock is gone, the database is scanned and unchanged.
    func testDatabaseLockedByAnotherProcess() throws {
        let sqlite3 = try XCTUnwrap(Self.sqlite3, "sqlite3 is not installed (.ci/run installs it)")
        let directory = try temporaryDirectory()
        let path = try database("locked.db", in: directory)
        let notes = directory.appendingPathComponent("notes.txt")
        try Data("연락처 010-2345-6789\n".utf8).write(to: notes)
        let shell = try Shell(sqlite3, path: path)
        shell.run("BEGIN EXCLUSIVE; INSERT INTO customers (name) VALUES ('x');")
        let locked = try piiscan(["scan", "--format", "ndjson", path, notes.path])
        shell.run("ROLLBACK;")
        shell.quit()
        XCTAssertEqual(locked.status, 2, locked.all)
        XCTAssertTrue(locked.stderr.contains("piiscan: error: \(path): "), locked.stderr)
        XCTAssertTrue(locked.stderr.contains("locked"), locked.stderr)
        XCTAssertTrue(locked.stdout.contains(#""type":"finding","path":"\#(notes.path)""#), "the scan went on")

        let before = try snapshot(directory)
        let free = try piiscan(["scan", "--format", "ndjson", path])
        XCTAssertEqual(free.status, 1, free.all)
        XCTAssertEqual(try snapshot(directory), before)
    }

    /// A WAL database another process keeps open with rows only in the log: they are read, and
    /// neither the database nor its log nor its shared-memory file change.
    func testLiveWALDatabaseOfAnotherProcess() throws {
        let sqlite3 = try XCTUnwrap(Self.sqlite3, "sqlite3 is not installed (.ci/run installs it)")
        let directory = try temporaryDirectory()
        let path = try database("live.db", in: directory, wal: true, rows: 3)
        let shell = try Shell(sqlite3, path: path)
        defer { shell.quit() }
        shell.run("PRAGMA wal_autocheckpoint=0; INSERT INTO customers (id, jumin_no) VALUES (99, '850315-2012341');")
        let before = try snapshot(directory)
        XCTAssertEqual(Set(before.keys), ["live.db", "live.db-wal", "live.db-shm"])
        usleep(20_000)
        let outcome = try piiscan(["scan", "--format", "ndjson", path])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        XCTAssertTrue(outcome.stdout.contains(#""column":"jumin_no","rowid":99"#), "the row only in the log is read")
        let after = try snapshot(directory)
        XCTAssertEqual(after["live.db"], before["live.db"])
        XCTAssertEqual(after["live.db-wal"], before["live.db-wal"])
        XCTAssertEqual(Set(after.keys), Set(before.keys))
    }

    /// Another process writes (one transaction per row) for the whole scan: every scan either
    /// succeeds or reports the database as locked — never a crash, a hang or "malformed" — and
    /// piiscan leaves no file of its own behind.
    func testDatabaseWrittenDuringTheScan() throws {
        let sqlite3 = try XCTUnwrap(Self.sqlite3, "sqlite3 is not installed (.ci/run installs it)")
        for wal in [false, true] {
            let directory = try temporaryDirectory()
            let path = try database("busy.db", in: directory, wal: wal, rows: 5000)
            var script = ".timeout 10000\n"
            for index in 0..<3000 { script += "INSERT INTO customers (name, phone) VALUES ('w\(index)', '010-3456-7890');\n" }
            // The script comes from a file, not a pipe, so stopping the writer early is safe.
            let scriptFile = directory.appendingPathComponent("writer.sql")
            try Data(script.utf8).write(to: scriptFile)
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: sqlite3)
            writer.arguments = [path]
            writer.standardInput = try FileHandle(forReadingFrom: scriptFile)
            writer.standardOutput = FileHandle.nullDevice
            writer.standardError = FileHandle.nullDevice
            try writer.run()
            var scans = 0
            repeat {
                let outcome = try piiscan(["scan", "--format", "ndjson", "--threads", "2", "--chunk-size", "65536", path])
                XCTAssertTrue([1, 2].contains(outcome.status), outcome.all)
                if outcome.status == 2 {
                    XCTAssertTrue(outcome.stderr.contains("locked"), "wal: \(wal): \(outcome.stderr)")
                } else {
                    XCTAssertTrue(outcome.stdout.contains(#""column":"jumin_no""#))
                }
                XCTAssertFalse(outcome.all.contains("malformed"), outcome.all)
                scans += 1
            } while writer.isRunning && scans < 4
            if writer.isRunning { writer.terminate() }  // enough overlap; do not wait for the rest
            writer.waitUntilExit()
            XCTAssertGreaterThan(scans, 0)
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
            XCTAssertTrue(left.isSubset(of: ["busy.db", "busy.db-wal", "busy.db-shm", "busy.db-journal", "writer.sql"]), "\(left)")
        }
    }
}

extension SQLiteFaultTests {
    /// A leaf page in the middle of a table overwritten with garbage: exit 2, the error names
    /// the rowids not read, the rows after the damage are reported, and the file is unchanged.
    func testDamagedPageInTheMiddleOfATable() throws {
        let directory = try temporaryDirectory()
        let path = try database("damaged.db", in: directory, rows: 5000)
        let url = URL(fileURLWithPath: path)
        var bytes = Array(try Data(contentsOf: url))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        var page = bytes.count / pageSize / 2
        while bytes[(page - 1) * pageSize] != 0x0D { page -= 1 }  // a table leaf page
        for index in ((page - 1) * pageSize)..<(page * pageSize) { bytes[index] = UInt8(truncatingIfNeeded: index &* 131 &+ 7) }
        try Data(bytes).write(to: url)
        let before = try snapshot(directory)
        for threads in ["1", "2"] {
            let outcome = try piiscan(["scan", "--format", "ndjson", "--threads", threads, "--chunk-size", "4096", path])
            XCTAssertEqual(outcome.status, 2, outcome.all)
            XCTAssertTrue(outcome.stderr.contains("table \"customers\": database disk image is malformed"), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("could be read"), outcome.stderr)
            XCTAssertTrue(outcome.stdout.contains(#""column":"jumin_no","rowid":5000,"#), "the last row is scanned")
        }
        XCTAssertEqual(try snapshot(directory), before)
    }

    /// A valid database whose index calls a JSON function (`json_valid`) is scanned (exit 1), not "malformed".
    func testSchemaWithAJSONIndexIsScanned() throws {
        let directory = try temporaryDirectory()
        let path = try database("json.db", in: directory, rows: 10)
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(db, "CREATE INDEX ix ON customers (json_valid(name));", nil, nil, nil), SQLITE_OK)
        sqlite3_close(db)
        let outcome = try piiscan(["scan", "--format", "ndjson", path])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        XCTAssertFalse(outcome.stderr.contains("malformed"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains(#""column":"jumin_no","rowid":10,"#), outcome.stdout)
    }
}
