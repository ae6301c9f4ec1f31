import CSQLite
import Foundation
import XCTest

/// Scheduled sweeps: `--state` (incremental rescans with complete reports), the retention view
/// (`--older-than`, `--retention`), progress and `-v` logging.
final class SweepTests: CLITestCase {
    /// A copy of fixtures/inputs in a temporary directory (as `in/`), plus the directory.
    private func tree() throws -> URL {
        let directory = try temporaryDirectory()
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("fixtures/inputs"), to: directory.appendingPathComponent("in"))
        return directory
    }

    /// `-v` log lines `piiscan: file path="…" … result=R`, as path → R.
    private func results(_ stderr: String) -> [String: String] {
        var map: [String: String] = [:]
        for line in stderr.split(separator: "\n") where line.hasPrefix("piiscan: file ") {
            guard let path = line.firstMatch(of: /path="([^"]*)"/)?.1, let result = line.firstMatch(of: /result=(\w+)/)?.1 else { continue }
            map[String(path)] = String(result)
        }
        return map
    }

    private func stateRows(_ path: String, _ sql: String) throws -> [String] {
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        XCTAssertEqual(sqlite3_prepare_v2(db, sql, -1, &statement, nil), SQLITE_OK)
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW { rows.append(String(cString: sqlite3_column_text(statement, 0))) }
        return rows
    }

    func testSecondSweepRescansOnlyChangedFilesAndReportsEverything() throws {
        let directory = try tree()
        let arguments = ["scan", "in", "--format", "ndjson", "--state", "sweep.state", "-v"]
        let first = try piiscan(arguments, directory: directory)
        XCTAssertEqual(first.status, 2, first.stderr)  // the truncated gzip
        let firstResults = results(first.stderr)
        XCTAssertEqual(firstResults["in/apache/access.log"], "scanned")
        XCTAssertFalse(firstResults.values.contains("carried"))
        let statePath = directory.appendingPathComponent("sweep.state").path
        let mode = try FileManager.default.attributesOfItem(atPath: statePath)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["in", "sweep.state"],
                       "no temporary state file left")

        // Unchanged: everything but the unreadable gzip is carried over, and the report is the same.
        let second = try piiscan(arguments, directory: directory)
        XCTAssertEqual(second.stdout, first.stdout)
        let secondResults = results(second.stderr)
        XCTAssertEqual(secondResults.filter { $0.value != "carried" }.keys.sorted(), ["in/gzip/truncated.log.gz"],
                       "only the file with an error is scanned again")

        // Modify one file, delete another: only the modified one is rescanned, the report equals a full scan.
        let log = directory.appendingPathComponent("in/apache/access.log")
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        handle.write(Data("주민번호 900101-1234568\n".utf8))
        try handle.close()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("in/nginx/access.log"))
        let third = try piiscan(arguments, directory: directory)
        let thirdResults = results(third.stderr)
        XCTAssertEqual(thirdResults.filter { $0.value != "carried" }.keys.sorted(), ["in/apache/access.log", "in/gzip/truncated.log.gz"])
        XCTAssertGreaterThan(thirdResults.filter { $0.value == "carried" }.count, 10)
        XCTAssertTrue(third.stderr.contains("carried=\(thirdResults.filter { $0.value == "carried" }.count)"), third.stderr)
        // The summary line's counts cover every file once: read now, not read (binary …), carried.
        let summaryLine = try XCTUnwrap(third.stderr.split(separator: "\n").first { $0.hasPrefix("piiscan: summary ") })
        func count(_ name: String) -> Int { summaryLine.firstMatch(of: try! Regex("\(name)=([0-9]+)")).flatMap { Int($0.output[1].substring ?? "") } ?? -1 }
        XCTAssertEqual(count("scanned") + count("not_read") + count("carried"), thirdResults.count, String(summaryLine))
        XCTAssertEqual(count("scanned"), thirdResults.filter { $0.value == "scanned" || $0.value == "error" }.count, String(summaryLine))
        let full = try piiscan(["scan", "in", "--format", "ndjson"], directory: directory)
        XCTAssertEqual(third.stdout, full.stdout, "a sweep with carried results reports exactly what a full scan does")
        XCTAssertNotEqual(third.stdout, first.stdout)
        XCTAssertEqual(third.status, full.status)
        let textSweep = try piiscan(["scan", "in", "--state", "sweep.state"], directory: directory)
        XCTAssertEqual(textSweep.stdout, try piiscan(["scan", "in"], directory: directory).stdout)

        // The state: the deleted file is gone, the errored file was never stored, no raw values.
        let files = try stateRows(statePath, "SELECT path FROM files")
        XCTAssertTrue(files.contains("in/apache/access.log"))
        XCTAssertFalse(files.contains("in/nginx/access.log"))
        XCTAssertFalse(files.contains("in/gzip/truncated.log.gz"))
        let stateBytes = try Data(contentsOf: URL(fileURLWithPath: statePath))
        for value in try fixtureLines("expected-values.txt") + ["900101-1234568"] {
            XCTAssertNil(stateBytes.range(of: Data(value.utf8)), "raw value in the state: \(value.prefix(3))…")
        }
        XCTAssertGreaterThan(Int(try stateRows(statePath, "SELECT count(*) FROM findings").first ?? "") ?? 0, 500)
    }

    /// A program that has a WAL database open writes new rows to its `-wal` log and leaves the
    /// database file as it was: the sweep rescans the database when the log changes, and its
    /// report equals a fresh scan's.
    /// A file with more stored findings than one replay batch (4,096), next to a small one, with
    /// two threads: replayed in batches, in order, the report the same as the first sweep's.
    func testCarriedFileWithManyFindingsReplaysInBatches() throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("in"), withIntermediateDirectories: true)
        let lines = (0..<10_000).map { "user\($0)@naver.com 연락처 010-\(2000 + $0 % 8000)-\(1000 + $0 % 9000)" }
        try (lines.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("in/export.log"), atomically: true, encoding: .utf8)
        try "주민번호 900101-1234568\n".write(to: directory.appendingPathComponent("in/small.log"), atomically: true, encoding: .utf8)
        let arguments = ["scan", "in", "--format", "ndjson", "--state", "sweep.state", "--threads", "2", "-v"]
        let first = try piiscan(arguments, directory: directory)
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertEqual(first.stdout.components(separatedBy: #""type":"finding""#).count - 1, 20_001)
        let second = try piiscan(arguments, directory: directory)
        XCTAssertEqual(results(second.stderr)["in/export.log"], "carried")
        XCTAssertEqual(second.stdout, first.stdout)
    }

    func testDatabaseWhoseLogGrewIsRescanned() throws {
        let directory = try temporaryDirectory()
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let path = data.appendingPathComponent("cust.db").path
        func execute(_ db: OpaquePointer?, _ sql: String) { XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK, sql) }
        var setup: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &setup), SQLITE_OK)
        execute(setup, "PRAGMA journal_mode=WAL; CREATE TABLE c (id INTEGER PRIMARY KEY, jumin TEXT);"
            + "INSERT INTO c (jumin) VALUES ('900101-1234568');")
        sqlite3_close(setup)  // checkpointed: everything in the database file
        let arguments = ["scan", "data", "--format", "json", "--state", "sweep.state", "-v"]
        let environment = ["PIISCAN_KEY": Self.key]
        XCTAssertEqual(try piiscan(arguments, environment: environment, directory: directory).status, 1)

        // A writer keeps the database open; its new row is only in the log.
        var writer: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &writer), SQLITE_OK)
        defer { sqlite3_close(writer) }
        execute(writer, "PRAGMA wal_autocheckpoint=0; INSERT INTO c (jumin) VALUES ('850315-2012341');")
        let second = try piiscan(arguments, environment: environment, directory: directory)
        XCTAssertEqual(results(second.stderr)["data/cust.db"], "scanned", second.stderr)
        let fresh = try piiscan(["scan", "data", "--format", "json"], environment: environment, directory: directory)
        func findings(_ report: String) throws -> Int? {
            let object = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any]
            return (object?["summary"] as? [String: Any])?["findings"] as? Int
        }
        XCTAssertEqual(try findings(fresh.stdout), 2)
        XCTAssertEqual(try findings(second.stdout), 2)
    }

    func testConfigurationChangeRescansEverything() throws {
        let directory = try tree()
        _ = try piiscan(["scan", "in", "--state", "s", "-v"], directory: directory)
        let same = try piiscan(["scan", "in", "--state", "s", "-v"], directory: directory)
        XCTAssertTrue(results(same.stderr).values.contains("carried"))
        for change in [["--min-confidence", "0.9"], ["--only", "kr-rrn"]] {
            let changed = try piiscan(["scan", "in", "--state", "s", "-v"] + change, directory: directory)
            XCTAssertFalse(results(changed.stderr).values.contains("carried"), "\(change) must rescan everything")
            XCTAssertEqual(changed.stdout, try piiscan(["scan", "in"] + change, directory: directory).stdout)
        }
        let otherKey = try piiscan(["scan", "in", "--state", "s", "-v", "--only", "kr-rrn"], environment: ["PIISCAN_KEY": "other"], directory: directory)
        XCTAssertFalse(results(otherKey.stderr).values.contains("carried"), "another key must rescan everything")
        let rulesDirectory = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
        try """
            [[rules]]
            id = "employee-id"
            category = "employee-id"
            regex = '''EMP-\\d{6}'''
            confidence = 0.6
            """.write(to: rulesDirectory.appendingPathComponent("emp.toml"), atomically: true, encoding: .utf8)
        _ = try piiscan(["scan", "in", "--state", "s"], directory: directory)
        let rules = try piiscan(["scan", "in", "--state", "s", "-v", "--rules", "rules"], directory: directory)
        XCTAssertFalse(results(rules.stderr).values.contains("carried"), "a changed rule set must rescan everything")
    }

    /// Findings a baseline holds back are not stored, so dropping the baseline must rescan and
    /// report them again (not carry over the filtered results).
    func testChangedBaselineRescansEverything() throws {
        let directory = try tree()
        // Exit 2: the fixtures hold a truncated gzip; the baseline is written all the same.
        try piiscan(["baseline", "create", "in", "-o", "base"], directory: directory)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("base").path))
        let baselined = try piiscan(["scan", "in", "--state", "s", "--baseline", "base", "--no-config"], directory: directory)
        XCTAssertNotEqual(baselined.status, 1, baselined.stdout)
        let without = try piiscan(["scan", "in", "--state", "s", "-v", "--no-config"], directory: directory)
        XCTAssertFalse(results(without.stderr).values.contains("carried"), "a changed baseline must rescan everything")
        XCTAssertEqual(without.stdout, try piiscan(["scan", "in", "--no-config"], directory: directory).stdout)
        XCTAssertEqual(without.status, 2)  // findings again, and the truncated gzip
    }

    func testCorruptOrForeignStateFiles() throws {
        let directory = try tree()
        let state = directory.appendingPathComponent("s")
        // A state file damaged past its first pages (which hold the format marker).
        XCTAssertEqual(try piiscan(["scan", "in/apache", "--state", "s"], directory: directory).status, 1)
        let handle = try FileHandle(forWritingTo: state)
        try handle.seek(toOffset: 8192)
        try handle.write(contentsOf: Data(repeating: 0x42, count: 4096))
        try handle.close()
        let corrupt = try piiscan(["scan", "in/apache", "--state", "s", "-v"], directory: directory)
        XCTAssertEqual(corrupt.status, 1, "a corrupt state means a full rescan, not a failure: \(corrupt.stderr)")
        XCTAssertTrue(corrupt.stderr.contains("piiscan: warning: --state: cannot use state file"), corrupt.stderr)
        XCTAssertEqual(results(corrupt.stderr)["in/apache/access.log"], "scanned")
        let again = try piiscan(["scan", "in/apache", "--state", "s", "-v"], directory: directory)
        XCTAssertEqual(results(again.stderr)["in/apache/access.log"], "carried", "the state was rewritten")
        XCTAssertEqual(again.stdout, corrupt.stdout)

        // An SQLite database that is not a state file is never overwritten.
        let foreign = directory.appendingPathComponent("app.db").path
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(foreign, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nil, nil, nil), SQLITE_OK)
        sqlite3_close(db)
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        let refused = try piiscan(["scan", "in/apache", "--state", "app.db"], directory: directory)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("piiscan: error: --state:"), refused.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: foreign)), before)
    }

    /// A file that is not an SQLite database (a report swapped with the state by mistake), or a
    /// damaged database without the state's marker, is refused and left as it was; an empty
    /// file is an empty state.
    func testStateNeverOverwritesAFileThatIsNotAState() throws {
        let directory = try tree()
        let report = directory.appendingPathComponent("report.json")
        let garbage = directory.appendingPathComponent("blob")
        let damaged = directory.appendingPathComponent("app.db")
        try Data(#"{"important": true}"#.utf8).write(to: report)
        try Data(repeating: 0x42, count: 5000).write(to: garbage)
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(damaged.path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(db, "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT i FROM n;", nil, nil, nil), SQLITE_OK)
        sqlite3_close(db)
        let handle = try FileHandle(forWritingTo: damaged)
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0x42, count: 4096))
        try handle.close()
        for (file, message) in [
            (report, "'report.json' is not a piiscan state file (not an SQLite database); refusing to overwrite it"),
            (garbage, "'blob' is not a piiscan state file"),
            (damaged, "'app.db' is an SQLite database that cannot be read"),
        ] {
            let before = try Data(contentsOf: file)
            let outcome = try piiscan(
                ["scan", "in/apache", "--state", file.lastPathComponent, "-o", "out.json"], directory: directory)
            XCTAssertEqual(outcome.status, 2, outcome.all)
            XCTAssertTrue(outcome.stderr.contains("piiscan: error: --state: " + message), outcome.stderr)
            XCTAssertEqual(try Data(contentsOf: file), before, "\(file.lastPathComponent) is untouched")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path),
                           "refused before anything is written")
        }
        let empty = directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        XCTAssertEqual(try piiscan(["scan", "in/apache", "--state", "empty"], directory: directory).status, 1)
        XCTAssertTrue(try Data(contentsOf: empty).starts(with: Data("SQLite format 3".utf8)), "an empty file becomes the state")
    }

    func testShowValuesNeverReachesTheState() throws {
        let directory = try tree()
        let shown = try piiscan(["scan", "in/apache", "--state", "s", "--show-values"], directory: directory)
        XCTAssertTrue(shown.stderr.contains("--state is not used with --show-values"), shown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("s").path))
        _ = try piiscan(["scan", "in/apache", "--state", "s"], directory: directory)
        let before = try Data(contentsOf: directory.appendingPathComponent("s"))
        _ = try piiscan(["scan", "in/apache", "--state", "s", "--show-values"], directory: directory)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("s")), before)
    }

    // MARK: - Retention

    private func age(_ url: URL, days: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -days * 86_400)], ofItemAtPath: url.path)
    }

    func testOlderThanAndRetentionBands() throws {
        let directory = try temporaryDirectory()
        let files: [(String, Double, String)] = [
            ("new.log", 5, "rrn 900101-1234568\n"),
            ("quarter.log", 100, "phone 010-2345-6789\n"),
            ("old.log", 500, "rrn 900101-1234568 phone 010-2345-6789\n"),
            ("ancient.log", 2000, "rrn 850315-2012341\nmail hong.gildong@naver.com\n"),
            ("clean-old.log", 2000, "nothing\n"),
        ]
        for (name, days, text) in files {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try age(url, days: days)
        }
        let json = try piiscan(["scan", ".", "--format", "json", "--older-than", "1y"], directory: directory)
        XCTAssertEqual(json.status, 1, json.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let paths = Set((document["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        XCTAssertEqual(paths, ["./old.log", "./ancient.log"])
        let summary = try XCTUnwrap(document["summary"] as? [String: Any])
        XCTAssertEqual(summary["files"] as? Int, 3, "only files older than a year are scanned")
        let retention = try XCTUnwrap(summary["retention"] as? [String: Any])
        XCTAssertEqual(retention["older_than"] as? String, "1y")
        let bands = try XCTUnwrap(retention["bands"] as? [[String: Any]])
        XCTAssertEqual(bands.compactMap { $0["age"] as? String }, ["<30d", "30-90d", "90-365d", "1-3y", ">3y"])
        XCTAssertEqual(bands.compactMap { $0["files"] as? Int }, [0, 0, 0, 1, 1])
        let oldest = try XCTUnwrap(bands[4]["categories"] as? [String: [String: Int]])
        XCTAssertEqual(oldest, ["kr-rrn": ["files": 1, "findings": 1], "email": ["files": 1, "findings": 1]])

        let all = try piiscan(["scan", ".", "--format", "json", "--retention"], directory: directory)
        let allBands = ((try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])?["summary"]
            as? [String: Any])?["retention"] as? [String: Any]
        XCTAssertEqual((allBands?["bands"] as? [[String: Any]])?.compactMap { $0["files"] as? Int }, [1, 0, 1, 1, 1])
        XCTAssertNil(allBands?["older_than"])

        let text = try piiscan(["scan", ".", "--retention"], directory: directory)
        XCTAssertTrue(text.stdout.contains("Retention (files with personal data by last modification):"), text.stdout)
        XCTAssertNil(try piiscan(["scan", "."], directory: directory).stdout.range(of: "Retention"), "off unless asked for")

        let bad = try piiscan(["scan", ".", "--older-than", "soon"], directory: directory)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--older-than"), bad.stderr)
    }

    // MARK: - Progress and logging

    func testProgressOnlyWhenAskedOrOnATerminal() throws {
        let forced = try piiscan(["scan", "fixtures/inputs", "--progress", "always", "--format", "json"])
        XCTAssertTrue(forced.stderr.contains("\r\u{1B}[K"), "redraws in place")
        XCTAssertTrue(forced.stderr.contains("19/19 files"), forced.stderr)
        XCTAssertTrue(forced.stderr.contains("/s"), forced.stderr)
        let progressLines = forced.stderr.components(separatedBy: "\r\u{1B}[K").filter { $0.contains(" files, ") }
        XCTAssertGreaterThan(progressLines.count, 1)
        XCTAssertTrue(progressLines.contains { $0.hasSuffix("  notes-ko.txt") }, "the name of the last file done")
        XCTAssertTrue(forced.stderr.contains("\npiiscan: error: fixtures/inputs/gzip/truncated.log.gz")
            || forced.stderr.hasPrefix("piiscan: error:") || forced.stderr.contains("\u{1B}[Kpiiscan: error:"),
            "an error line starts on a cleared line: \(forced.stderr)")
        XCTAssertFalse(progressLines.contains { $0.contains("fixtures/inputs/") }, "file names only, never paths")
        // stderr is a pipe here: auto means off, and so does never.
        for mode in [[], ["--progress", "never"]] {
            let quiet = try piiscan(["scan", "fixtures/inputs", "--format", "json"] + mode)
            XCTAssertFalse(quiet.stderr.contains("files,"), quiet.stderr)
            XCTAssertFalse(quiet.stderr.contains("\u{1B}"))
        }
        XCTAssertEqual(try piiscan(["scan", "fixtures/inputs", "--progress", "sometimes"]).status, 2)
    }

    func testVerboseLogsEachFileWithoutValues() throws {
        let verbose = try piiscan(["scan", "fixtures/inputs", "-v", "--format", "json"])
        let lines = verbose.stderr.split(separator: "\n").filter { $0.hasPrefix("piiscan: file ") }
        XCTAssertEqual(lines.count, 19, verbose.stderr)
        let apache = try XCTUnwrap(lines.first { $0.contains(#"path="fixtures/inputs/apache/access.log""#) })
        XCTAssertTrue(apache.contains("bytes=") && apache.contains("findings=") && apache.contains("ms="), String(apache))
        XCTAssertTrue(verbose.stderr.contains("piiscan: summary files=17"), verbose.stderr)
        XCTAssertFalse(verbose.stderr.contains("reason="), "-v is per file only")

        let stateFile = try temporaryDirectory().appendingPathComponent("vv.state").path
        let veryVerbose = try piiscan(["scan", "fixtures/inputs", "-vv", "--format", "json", "--state", stateFile])
        XCTAssertTrue(veryVerbose.stderr.contains("reason="), veryVerbose.stderr)
        XCTAssertTrue(veryVerbose.stderr.contains("piiscan: walk "), veryVerbose.stderr)
        for value in try fixtureLines("expected-values.txt") {
            XCTAssertFalse(veryVerbose.stderr.contains(value), "raw value in the log: \(value.prefix(3))…")
        }
        // The same check finds values when they are there.
        let shown = try piiscan(["scan", "fixtures/inputs", "-vv", "--show-values", "--format", "json"])
        XCTAssertTrue(try fixtureLines("expected-values.txt").contains { shown.stdout.contains($0) })
    }

    // MARK: - Report files

    func testOutputReplacesAnExistingReportAtomically() throws {
        let directory = try temporaryDirectory()
        let report = directory.appendingPathComponent("report.sarif")
        try "old report".write(to: report, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: report.path)
        let inode = { (try FileManager.default.attributesOfItem(atPath: report.path)[.systemFileNumber] as? NSNumber)?.intValue }
        let before = try inode()
        let outcome = try piiscan(["scan", "fixtures/inputs/app", "--format", "sarif", "--output", report.path])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertNotEqual(try inode(), before, "a new file renamed into place, not written over the old one")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: report.path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).hasPrefix(#"{"$schema""#))
        // A run that fails before writing leaves the old report alone.
        let failed = try piiscan(["scan", "fixtures/inputs/app", "--format", "sarif", "--output", report.path, "--rules", "/no/such/dir"])
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).hasPrefix(#"{"$schema""#))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.sarif"])

        // One-character names (relative, no directory part) work for the report and the state.
        let short = try piiscan(["scan", "in.log", "-o", "r", "--state", "s"], directory: try {
            let d = try temporaryDirectory()
            try "phone 010-2345-6789\n".write(to: d.appendingPathComponent("in.log"), atomically: true, encoding: .utf8)
            return d
        }())
        XCTAssertEqual(short.status, 1, short.stderr)
    }
}
