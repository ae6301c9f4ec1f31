import CSQLite
import Foundation
import XCTest

/// No raw value of the fixtures may appear in any output unless --show-values is given.
final class LeakTests: CLITestCase {
    func testNoRawValueInAnyOutputWithoutShowValues() throws {
        let values = try fixtureLines("expected-values.txt")
        XCTAssertGreaterThan(values.count, 50)
        let directory = try temporaryDirectory()
        var captured = ""
        for format in ["text", "json", "ndjson"] {
            let outcome = try piiscan(["scan", "fixtures/inputs", "--format", format, "--color", "always"])
            captured += outcome.all
            let report = directory.appendingPathComponent("report.\(format)").path
            captured += try piiscan(["scan", "fixtures/inputs", "--format", format, "--output", report]).all
            captured += try String(contentsOfFile: report, encoding: .utf8)
        }
        let stdin = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/inputs/text/notes-ko.txt"))
        captured += try piiscan(["scan", "--format", "ndjson"], stdin: stdin).all
        // The other formats, logging at every verbosity, progress and the estimate.
        for format in ["csv", "csv-summary"] {
            captured += try piiscan(["scan", "fixtures/inputs", "--format", format, "-vv", "--progress", "always"]).all
        }
        captured += try piiscan(["scan", "fixtures/inputs", "-v", "--estimate", "--retention"]).all
        // SARIF: its driver section quotes the rules' own descriptions (e.g. example formats), which
        // are not scanned data; every result, notification and log line is checked.
        let sarif = try piiscan(["scan", "fixtures/inputs", "--format", "sarif", "-vv"])
        captured += sarif.stderr + (sarif.stdout.components(separatedBy: #""results":["#).last ?? sarif.stdout)
        for value in values {
            XCTAssertFalse(captured.contains(value), "raw value leaked: \(value.prefix(3))…")
        }

        // The check can fail: with --show-values the values are there.
        let shown = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson", "--show-values"])
        XCTAssertTrue(shown.stderr.contains("--show-values"))
        let revealed = values.filter { shown.stdout.contains($0) }
        XCTAssertGreaterThan(revealed.count, values.count / 2)
    }

    /// Values where a report prints a location: JSON keys, a CSV header row of values, keys
    /// flattened into JSON-lines columns, SQLite table and column names, and primary keys split
    /// over several columns (`010|2745|8813` spells a phone no rule finds in one cell).
    func testNamesAndKeysAreMaskedLikeValues() throws {
        let raw = ["2745-8813", "27458813", "2745|8813", "1915009", "2526011", "park1987", "4539|6091", "6091|3909"]
        let directory = try temporaryDirectory()
        try #"{"010-2745-8813":"jiwoo.park1987@naver.com","850315-2526011":"x"}"#
            .write(to: directory.appendingPathComponent("keys.json"), atomically: true, encoding: .utf8)
        try "id,rrn 880524-1915009,phone\n1,611118-1636088,x\n"
            .write(to: directory.appendingPathComponent("header.csv"), atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("names.db").path
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(database, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(db, """
            CREATE TABLE "850315-2526011" ("jiwoo.park1987@naver.com" TEXT, memo TEXT);
            INSERT INTO "850315-2526011" VALUES ('hong@naver.com', '010-3456-7890');
            CREATE TABLE phones (hp1 TEXT, hp2 TEXT, hp3 TEXT, memo TEXT, PRIMARY KEY (hp1, hp2, hp3)) WITHOUT ROWID;
            INSERT INTO phones VALUES ('010', '2745', '8813', 'hong@naver.com');
            CREATE TABLE cards (a TEXT, b TEXT, c TEXT, d TEXT, memo TEXT, PRIMARY KEY (a, b, c, d)) WITHOUT ROWID;
            INSERT INTO cards VALUES ('4539', '6091', '3909', '9600', 'hong@naver.com');
            """, nil, nil, nil), SQLITE_OK)
        sqlite3_close(db)
        let jsonLines = Data(#"{"contacts":{"010-2745-8813":{"email":"jiwoo.park1987@naver.com"}}}"#.utf8 + [0x0A])

        var captured = ""
        for format in ["text", "json", "ndjson", "csv", "sarif"] {
            let outcome = try piiscan(["scan", "--format", format, directory.path])
            XCTAssertEqual(outcome.status, 1, outcome.all)
            captured += outcome.all
            captured += try piiscan(["scan", "-", "--stdin-format", "jsonl", "--format", format], stdin: jsonLines).all
        }
        // A file name holding a value: the progress line names it masked, as `-v` and errors do.
        let named = try temporaryDirectory()
        try "jumin 900101-1234568\n".write(to: named.appendingPathComponent("김민수_850315-2526011.txt"), atomically: true, encoding: .utf8)
        let progress = try piiscan(["scan", "--progress", "always", "-o", "/dev/null", named.path])
        XCTAssertTrue(progress.stderr.contains("850315-2******"), progress.stderr)
        captured += progress.all
        for value in raw { XCTAssertFalse(captured.contains(value), "raw value leaked: \(value)") }
        // Masked as findings are, so a reader still sees what kind of name it is.
        XCTAssertTrue(captured.contains("(field 010-****-8813)"), captured)
        XCTAssertTrue(captured.contains("(field rrn 880524-1******)"), captured)
        XCTAssertTrue(captured.contains("850315-2******.j***@naver.com"), captured)
        XCTAssertTrue(captured.contains("[key ***|****|****]"), captured)
        XCTAssertTrue(captured.contains("contacts.010-****-8813.email"), captured)

        // The state file stores names as reports show them.
        let state = directory.appendingPathComponent("sweep.state").path
        _ = try piiscan(["scan", "--state", state, "-o", "/dev/null", directory.path])
        let stored = String(decoding: try Data(contentsOf: URL(fileURLWithPath: state)), as: UTF8.self)
        XCTAssertTrue(stored.contains("850315-2******"), "the state holds the masked table name")
        for value in raw { XCTAssertFalse(stored.contains(value), "raw value in the state: \(value)") }

        // The check can fail: --show-values shows names as they are.
        let shown = try piiscan(["scan", "--format", "ndjson", "--show-values", directory.path])
        XCTAssertTrue(shown.stdout.contains(#""field":"010-2745-8813""#), shown.stdout)
        XCTAssertTrue(shown.stdout.contains(#""table":"850315-2526011""#), shown.stdout)
    }

    /// A folder and a file named after people's resident numbers: the text report (what a CI log
    /// shows) and errors on stderr mask them; JSON keeps the exact path for tools.
    func testValuesInFileNamesAreMaskedWhereTextIsShown() throws {
        let directory = try temporaryDirectory()
        let folder = directory.appendingPathComponent("customers/681028-1417774")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "주민번호 900101-1234568\n".write(to: folder.appendingPathComponent("김민수_840404-2066907.txt"), atomically: true, encoding: .utf8)
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: folder.appendingPathComponent("broken_840404-2066907.gz"))
        // A phone number as a file's name: its extension must not hide it (`.log` after the
        // digits reads like a longer dotted number to the phone rule).
        try "주민번호 900101-1234568\n".write(to: folder.appendingPathComponent("010-2745-8813.log"), atomically: true, encoding: .utf8)
        let text = try piiscan(["scan", directory.path])
        XCTAssertEqual(text.status, 2, text.all)
        for raw in ["1417774", "2066907", "2745"] { XCTAssertFalse(text.all.contains(raw), text.all) }
        XCTAssertTrue(text.stdout.contains("customers/681028-1******/김민수_840404-2******.txt"), text.stdout)
        XCTAssertTrue(text.stdout.contains("customers/681028-1******/010-****-8813.log"), text.stdout)
        XCTAssertTrue(text.stderr.contains("broken_840404-2******.gz"), text.stderr)
        let json = try piiscan(["scan", "--format", "json", directory.path])
        XCTAssertTrue(json.stdout.contains("customers/681028-1417774/김민수_840404-2066907.txt"), json.stdout)
        let shown = try piiscan(["scan", "--show-values", directory.path])
        XCTAssertTrue(shown.stdout.contains("681028-1417774"), shown.stdout)
    }

    /// Error paths (truncated and corrupt gzip, a broken database, a rule that hits the
    /// backtracking limit on a line full of values, a gzip bomb) in every format, to stdout and
    /// to --output: no raw value, and never the key, in any output; report files are 0600.
    func testErrorPathsLeakNothingAndTheKeyNeverAppears() throws {
        let values = try fixtureLines("expected-values.txt")
        let directory = try temporaryDirectory()
        let inputs = directory.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let lines = values.joined(separator: " ")
        // Every value on one long line the evil rule backtracks over.
        try Data((String(repeating: "a", count: 5000) + "!!x " + lines + "\n").utf8).write(to: inputs.appendingPathComponent("values.log"))
        var gzipped = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/inputs/gzip/app.log.gz"))
        try gzipped.prefix(gzipped.count / 2).write(to: inputs.appendingPathComponent("cut.log.gz"))
        for index in 20..<min(60, gzipped.count - 8) { gzipped[index] ^= 0x5A }
        try gzipped.write(to: inputs.appendingPathComponent("corrupt.log.gz"))
        try Data(Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0xA5, count: 4096)).write(to: inputs.appendingPathComponent("bad.db"))
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try Data("[[rules]]\nid = \"evil\"\ncategory = \"evil\"\nregex = '''(a+)+[^a]{2}\\d'''\n".utf8)
            .write(to: rules.appendingPathComponent("evil.toml"))
        let keyFile = directory.appendingPathComponent("key")
        let fileKey = "key-file-secret-\(UUID().uuidString)"
        try Data(fileKey.utf8).write(to: keyFile)
        let environmentKey = "env-secret-\(UUID().uuidString)"

        var captured = ""
        var reports = 0
        for format in ["text", "json", "ndjson"] {
            for keyArguments in [[], ["--key-file", keyFile.path]] {
                let base = ["scan", inputs.path, "fixtures/inputs", "--rules", rules.path, "--format", format, "--min-confidence", "0"]
                    + keyArguments
                let report = directory.appendingPathComponent("report-\(reports).\(format)").path
                reports += 1
                for arguments in [base, base + ["--output", report]] {
                    let outcome = try piiscan(arguments, environment: ["PIISCAN_KEY": environmentKey])
                    XCTAssertEqual(outcome.status, 2, outcome.stderr)
                    XCTAssertTrue(outcome.stderr.contains("rule 'evil'") && outcome.stderr.contains("bad.db"), outcome.stderr)
                    captured += outcome.all
                }
                let attributes = try FileManager.default.attributesOfItem(atPath: report)
                XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, report)
                captured += try String(contentsOfFile: report, encoding: .utf8)
            }
        }
        // Byte search (strstr; the outputs hold no NUL): String.contains is far too slow on
        // megabytes of output.
        let haystack = captured.utf8CString
        func occurs(_ needle: String) -> Bool {
            haystack.withUnsafeBufferPointer { strstr($0.baseAddress!, needle) != nil }
        }
        XCTAssertTrue(occurs("hmac-sha256:"), "fingerprints are there, keyed")
        XCTAssertTrue(occurs("900101-1******"), "masked values are there")
        for value in values {
            XCTAssertFalse(occurs(value), "raw value leaked: \(value.prefix(3))…")
        }
        XCTAssertFalse(occurs(environmentKey), "the PIISCAN_KEY value leaked")
        XCTAssertFalse(occurs(fileKey), "the key-file contents leaked")

        // The key stays out even when values are shown on purpose.
        let shown = try piiscan(["scan", "fixtures/inputs/text", "--show-values", "--format", "json"],
                                environment: ["PIISCAN_KEY": environmentKey])
        XCTAssertFalse(shown.all.contains(environmentKey))
        XCTAssertTrue(values.contains { shown.stdout.contains($0) }, "the search itself works")
    }

    /// piiscan makes no network connection. Static proof: the binary imports no socket function
    /// and links no networking library (FoundationNetworking, libcurl), so no code path in it
    /// can open a socket directly. Dynamic proof: a full scan of the fixtures under strace makes
    /// no socket-family system call at all (which also covers the libraries it loads).
    func testNoNetworkUse() throws {
        let socketFunctions: Set<String> = [
            "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto", "sendmsg", "recvfrom",
            "recvmsg", "getaddrinfo", "gethostbyname", "gethostbyname2", "gethostbyname_r", "getnameinfo", "res_query",
            "curl_easy_init",
        ]
        let symbols = try run("/usr/bin/nm", ["-D", "--undefined-only", Self.binary.path])
        XCTAssertEqual(symbols.status, 0, symbols.stderr)
        let imported = Set(symbols.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map { String($0.split(separator: "@").first ?? $0) }
        })
        // (`read`: piiscan reads files with it; `open` comes through the Swift runtime's shim.)
        XCTAssertTrue(imported.contains("read") && imported.contains("opendir"), "the symbol list is real")
        XCTAssertTrue(imported.isDisjoint(with: socketFunctions), "\(imported.intersection(socketFunctions))")
        let libraries = try run("/usr/bin/ldd", [Self.binary.path])
        XCTAssertTrue(libraries.stdout.contains("libpcre2-8"), libraries.stdout)
        for library in ["FoundationNetworking", "libcurl", "libssl", "libresolv"] {
            XCTAssertFalse(libraries.stdout.contains(library), library)
        }

        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try XCTSkipIf(strace == nil, "strace is not installed (.ci/run installs it)")
        let directory = try temporaryDirectory()
        let log = directory.appendingPathComponent("strace.txt").path
        let traced = try run(strace!, [
            "-f", "-qq", "-o", log, "-e", "trace=%network,%file",
            Self.binary.path, "scan", "fixtures/inputs", "--threads", "2", "--format", "json",
        ])
        XCTAssertEqual(traced.status, 2, traced.stderr)  // the fixtures hold a truncated gzip
        let trace = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(trace.contains("fixtures/inputs"), "the trace is real (file calls are in it)")
        for call in ["socket(", "connect(", "bind(", "sendto(", "socketpair("] {
            XCTAssertFalse(trace.contains(call), "\(call) in the trace")
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        try execute(executable, arguments, environment: ["PIISCAN_KEY": Self.key, "PATH": "/usr/bin:/bin"])
    }
}
