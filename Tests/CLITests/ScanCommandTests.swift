import Foundation
import XCTest

final class ScanCommandTests: CLITestCase {
    private func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testExitCodes() throws {
        let directory = try temporaryDirectory()
        let clean = try write("nothing personal here\nts=1730000000000\n", to: "clean.log", in: directory)
        let dirty = try write("주민번호 900101-1234568\n", to: "dirty.log", in: directory)
        XCTAssertEqual(try piiscan(["scan", clean]).status, 0)
        XCTAssertEqual(try piiscan(["scan", dirty]).status, 1)
        XCTAssertEqual(try piiscan([dirty]).status, 1, "scan is the default subcommand")
        let missing = try piiscan(["scan", dirty, directory.path + "/missing.log"])
        XCTAssertEqual(missing.status, 2, "an input error wins over findings")
        XCTAssertTrue(missing.stderr.contains("missing.log"), missing.stderr)
        XCTAssertEqual(try piiscan(["scan", "--min-confidence", "3", clean]).status, 2)
        XCTAssertEqual(try piiscan(["scan", "--bogus-flag", clean]).status, 2)
        XCTAssertEqual(try piiscan(["scan", "--only", "no-such-category", clean]).status, 2)
        XCTAssertEqual(try piiscan(["--help"]).status, 0)
    }

    /// `scan …` is parsed by the subcommand's own parser (start-up); whatever that parser cannot
    /// take is left to the root parser, so help and errors still name `piiscan scan`.
    func testScanArgumentsLeftToTheRootParserReportAsBefore() throws {
        let directory = try temporaryDirectory()
        let clean = try write("nothing personal here\n", to: "clean.log", in: directory)
        let help = try piiscan(["scan", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: piiscan scan"), help.stdout)
        let version = try piiscan(["scan", "--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
        for (arguments, message) in [
            (["scan", "--bogus-flag", clean], "Unknown option '--bogus-flag'"),
            (["scan", "--min-confidence", "3", clean], "--min-confidence must be between 0 and 1"),
        ] {
            let outcome = try piiscan(arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertTrue(outcome.stderr.contains(message), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("Usage: piiscan scan"), outcome.stderr)
        }
        // A scan parsed by `scan`'s own parser runs with the options it was given.
        let both = try write("주민번호 900101-1234568 연락처 010-2345-6789\n", to: "both.log", in: directory)
        let parsed = try piiscan(["scan", "--format", "ndjson", "--only", "kr-phone", both])
        XCTAssertEqual(parsed.status, 1, parsed.stderr)
        XCTAssertTrue(parsed.stdout.contains(#""category":"kr-phone""#), parsed.stdout)
        XCTAssertFalse(parsed.stdout.contains(#""category":"kr-rrn""#), parsed.stdout)
    }

    func testMaskedLookAlikesAreReportedButDoNotFail() throws {
        let directory = try temporaryDirectory()
        let masked = try write("주민번호 900101-1******\n", to: "masked.log", in: directory)
        let outcome = try piiscan(["scan", "--format", "ndjson", masked])
        XCTAssertEqual(outcome.status, 0, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""category":"kr-rrn-masked""#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""exposures":0"#))
    }

    func testOffsetsLinesAndColumnsPointAtTheValue() throws {
        let outcome = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson", "--show-values"])
        var checked = 0
        for line in outcome.stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["type"] as? String == "finding", let path = object["path"] as? String, !path.hasSuffix(".gz"),
                let value = object["value"] as? String
            else { continue }
            let bytes = try Data(contentsOf: Self.root.appendingPathComponent(path))
            let offset = object["offset"] as! Int
            let length = object["length"] as! Int
            let span = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
            if object["decoding"] == nil {
                XCTAssertEqual(span, value, "\(path)@\(offset)")
            } else {
                XCTAssertNotEqual(span, value, "a decoded value's span is the encoded text: \(path)@\(offset)")  // see EncodingCLITests
            }
            let before = bytes[0..<offset]
            XCTAssertEqual(object["line"] as? Int, before.filter { $0 == 0x0A }.count + 1, "\(path)@\(offset)")
            let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
            XCTAssertEqual(object["column"] as? Int, offset - lineStart + 1)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testStandardInputPlainAndGzip() throws {
        let text = Data("연락처 010-2345-6789\n".utf8)
        let piped = try piiscan(["scan", "--format", "ndjson"], stdin: text)
        XCTAssertEqual(piped.status, 1)
        XCTAssertTrue(piped.stdout.contains(#""path":"-""#))
        XCTAssertEqual(try piiscan(["scan", "-"], stdin: text).status, 1)
        let gzip = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/inputs/gzip/app.log.gz"))
        let fromGzip = try piiscan(["scan", "--format", "ndjson", "-"], stdin: gzip)
        XCTAssertEqual(fromGzip.status, 1)
        XCTAssertTrue(fromGzip.stdout.contains(#""type":"finding""#))
    }

    /// A named pipe or character device named on the command line is read as a stream, as
    /// standard input is (`piiscan scan <(zcat x.gz)`, `/dev/stdin`): it was skipped with exit 0,
    /// a silently "clean" input. A FIFO met in a directory, or listed by --files-from, is still
    /// skipped with a note (nobody may be writing to it: reading would block).
    func testNamedPipesAndDevicesOnTheCommandLineAreRead() throws {
        let directory = try temporaryDirectory()
        _ = try write("연락처 010-2345-6789\n", to: "v.txt", in: directory)
        let gzip = Self.root.appendingPathComponent("fixtures/inputs/gzip/app.log.gz").path
        var environment = ProcessInfo.processInfo.environment
        environment["PIISCAN_KEY"] = Self.key
        let substituted = try execute(
            "/bin/bash", ["-c", #""$0" scan --format ndjson <(cat v.txt) <(cat "$1")"#, Self.binary.path, gzip],
            environment: environment, directory: directory)
        XCTAssertEqual(substituted.status, 1, substituted.all)
        XCTAssertTrue(substituted.stdout.contains(#""path":"/dev/fd/"#), substituted.stdout)
        XCTAssertTrue(substituted.stdout.contains(#""files":2"#), substituted.stdout)
        XCTAssertFalse(substituted.stdout.contains(#""type":"skipped""#), substituted.stdout)

        let stdin = try piiscan(["scan", "--format", "ndjson", "/dev/stdin"], stdin: Data("연락처 010-2345-6789\n".utf8))
        XCTAssertEqual(stdin.status, 1, stdin.all)
        XCTAssertTrue(stdin.stdout.contains(#""path":"/dev/stdin""#), stdin.stdout)
        let empty = try piiscan(["scan", "--format", "ndjson", "/dev/null"])
        XCTAssertEqual(empty.status, 0, empty.all)
        XCTAssertTrue(empty.stdout.contains(#""files":1"#), empty.stdout)

        // A FIFO nobody writes to, in a directory and in a --files-from list: skipped, not opened.
        let fifo = directory.appendingPathComponent("tree/pipe").path
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("tree").path, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let walked = try piiscan(["scan", "--format", "ndjson", "tree"], directory: directory)
        XCTAssertEqual(walked.status, 0, walked.all)
        XCTAssertTrue(walked.stdout.contains("named pipe (FIFO) skipped"), walked.stdout)
        _ = try write("tree/pipe\n", to: "list", in: directory)
        let listed = try piiscan(["scan", "--format", "ndjson", "--files-from", "list"], directory: directory)
        XCTAssertEqual(listed.status, 0, listed.all)
        XCTAssertTrue(listed.stdout.contains("named pipe (FIFO) skipped"), listed.stdout)
    }

    /// No path, and standard input is `/dev/null` (cron, CI runners, `ssh -n`), not a pipe or a
    /// redirected file: the current directory is scanned, as with a terminal.
    func testNoPathWithStandardInputFromDevNullScansTheCurrentDirectory() throws {
        let directory = try temporaryDirectory()
        try Data("연락처 010-2345-6789\n".utf8).write(to: directory.appendingPathComponent("a.txt"))
        func scan(stdin: FileHandle) throws -> (status: Int32, stdout: String) {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["scan", "--format", "ndjson"]
            process.currentDirectoryURL = directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = stdin
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let fromDevNull = try scan(stdin: FileHandle(forReadingAtPath: "/dev/null")!)
        XCTAssertEqual(fromDevNull.status, 1, fromDevNull.stdout)
        XCTAssertTrue(fromDevNull.stdout.contains(#""path":"./a.txt""#) || fromDevNull.stdout.contains(#""path":"a.txt""#), fromDevNull.stdout)
        // A redirected file is still read as standard input.
        let redirected = try scan(stdin: FileHandle(forReadingAtPath: directory.appendingPathComponent("a.txt").path)!)
        XCTAssertEqual(redirected.status, 1)
        XCTAssertTrue(redirected.stdout.contains(#""path":"-""#), redirected.stdout)
    }

    /// A report or state file written into the scanned directory (and its temporary file) is
    /// not scanned by the run that writes it: the counts stay those of the inputs, run after run.
    func testOwnReportAndStateFilesAreNotScanned() throws {
        let directory = try temporaryDirectory()
        try Data("주민번호 900101-1234568\n".utf8).write(to: directory.appendingPathComponent("a.txt"))
        let report = directory.appendingPathComponent("report.json").path
        let state = directory.appendingPathComponent("sweep.state").path
        for run in 1...3 {
            let outcome = try piiscan(
                ["scan", "--format", "json", "-o", report, "--state", state, directory.path], environment: ["PIISCAN_KEY": Self.key])
            XCTAssertEqual(outcome.status, 1, outcome.all)
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
            let summary = object?["summary"] as? [String: Any]
            XCTAssertEqual(summary?["files"] as? Int, 1, "run \(run): only a.txt")
            XCTAssertEqual(summary?["findings"] as? Int, 1, "run \(run)")
        }
        // Another run's temporary report is not scanned either: one of a process that is gone
        // (killed) is removed; one of a live process (still writing) is skipped with a note.
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let live = ProcessInfo.processInfo.processIdentifier
        for pid in [dead, live] {
            try FileManager.default.copyItem(atPath: report, toPath: directory.appendingPathComponent(".report.json.tmp-\(pid)").path)
        }
        let after = try piiscan(
            ["scan", "--format", "json", "-o", report, "--state", state, directory.path], environment: ["PIISCAN_KEY": Self.key])
        XCTAssertEqual(after.status, 1, after.all)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        XCTAssertEqual((object?["summary"] as? [String: Any])?["findings"] as? Int, 1)
        let skipped = try XCTUnwrap(object?["skipped"] as? [[String: Any]])
        XCTAssertEqual(skipped.compactMap { $0["path"] as? String }, [directory.appendingPathComponent(".report.json.tmp-\(live)").path])
        XCTAssertTrue((skipped.first?["message"] as? String)?.contains("interrupted piiscan run") ?? false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".report.json.tmp-\(dead)").path))
    }

    func testOnlyAndMinConfidenceFilter() throws {
        let all = try piiscan(["scan", "fixtures/inputs/text", "--format", "ndjson", "--min-confidence", "0"])
        let onlyPhones = try piiscan(["scan", "fixtures/inputs/text", "--format", "ndjson", "--only", "kr-phone"])
        let categories = Set(onlyPhones.stdout.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String == "finding" ? object?["category"] as? String : nil
        })
        XCTAssertFalse(categories.isEmpty)
        XCTAssertTrue(categories.isSubset(of: ["kr-phone", "kr-phone-masked", "kr-phone-safe"]), "\(categories)")
        let strict = try piiscan(["scan", "fixtures/inputs/text", "--format", "ndjson", "--min-confidence", "0.95"])
        let count = { (text: String) in text.components(separatedBy: #""type":"finding""#).count - 1 }
        XCTAssertLessThan(count(strict.stdout), count(all.stdout))
        XCTAssertLessThan(count(onlyPhones.stdout), count(all.stdout))
    }

    func testOutputFileIsWrittenAtomicallyWithOwnerOnlyMode() throws {
        let directory = try temporaryDirectory()
        let report = directory.appendingPathComponent("report.json").path
        let outcome = try piiscan(["scan", "fixtures/inputs/app", "--format", "json", "--output", report])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout, "")
        let attributes = try FileManager.default.attributesOfItem(atPath: report)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.json"], "no temp file left")

        let nowhere = try piiscan(["scan", "fixtures/inputs/app", "--output", directory.path + "/no/such/dir/r.json"])
        XCTAssertEqual(nowhere.status, 2)
        XCTAssertTrue(nowhere.stderr.contains("--output"), nowhere.stderr)
    }

    func testIgnoreFileAndExcludes() throws {
        let outcome = try piiscan(["scan", "fixtures/inputs/ignore-demo", "--format", "ndjson"])
        XCTAssertTrue(outcome.stdout.contains("keep.log"))
        XCTAssertFalse(outcome.stdout.contains("drop.tmp"))
        XCTAssertFalse(outcome.stdout.contains("secret/"))
        let noIgnore = try piiscan(["scan", "fixtures/inputs/ignore-demo", "--format", "ndjson", "--no-ignore"])
        XCTAssertTrue(noIgnore.stdout.contains("drop.tmp"))
        let excluded = try piiscan(["scan", "fixtures/inputs/ignore-demo", "--format", "ndjson", "--exclude", "keep.*"])
        XCTAssertFalse(excluded.stdout.contains("keep.log"))
    }

    func testUnreadableFileIsReportedAndTheScanContinues() throws {
        let directory = try temporaryDirectory()
        chmod(directory.path, 0o755)
        let locked = try write("x 900101-1234568\n", to: "locked.log", in: directory)
        let open = try write("y 900101-1234568\n", to: "open.log", in: directory)
        chmod(locked, 0)
        chmod(open, 0o644)
        var arguments = ["scan", "--format", "ndjson", directory.path]
        var executable = Self.binary.path
        if getuid() == 0 {
            // Root reads everything: run as nobody so the permission check is real. The binary is
            // copied next to the files, since the build directory may not be reachable by nobody.
            let copy = directory.appendingPathComponent("piiscan-bin").path
            try FileManager.default.copyItem(atPath: Self.binary.path, toPath: copy)
            chmod(copy, 0o755)
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", copy] + arguments
            executable = "/usr/bin/setpriv"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PIISCAN_KEY": Self.key]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 2, stderr)
        XCTAssertTrue(stderr.contains("locked.log") && stderr.contains("Permission denied"), stderr)
        XCTAssertTrue(stdout.contains(#""type":"error","path":"\#(locked)""#), stdout)
        XCTAssertTrue(stdout.contains(#""type":"finding","path":"\#(open)""#), "the scan continued: \(stdout)")
        if getuid() == 0 { XCTAssertTrue(stdout.contains(#""type":"skipped","path":"\#(directory.path)/piiscan-bin""#)) }
    }

    func testBrokenPipeExitsQuietly() throws {
        let directory = try temporaryDirectory()
        var text = ""
        for i in 0..<20000 { text += "line \(i) 연락처 010-2345-\(String(format: "%04d", i % 10000))\n" }
        let big = try write(text, to: "big.log", in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(Self.binary.path)' scan --format ndjson '\(big)' | head -n 1 >/dev/null"]
        let error = Pipe()
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(stderr, "", "no error message on a closed pipe")
    }

    /// Starts piiscan with `arguments`, its standard input a pipe the test writes (and keeps open).
    private func startScanReadingAPipe(_ arguments: [String]) throws -> (Process, input: Pipe, output: Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ["PIISCAN_KEY": Self.key]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        return (process, input, output)
    }

    /// SIGINT while reading a pipe: what arrived is scanned, the report is finished and marked
    /// incomplete, exit code 2.
    func testInterruptFinishesAPartialReport() throws {
        let (process, input, output) = try startScanReadingAPipe(["scan", "--format", "ndjson", "-"])
        input.fileHandleForWriting.write(Data("주민번호 900101-1234568\n".utf8))
        usleep(700_000)  // piiscan is now blocked reading the open pipe
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        XCTAssertEqual(process.terminationStatus, 2, stdout)
        XCTAssertTrue(stdout.contains(#""type":"finding""#) && stdout.contains("900101-1******"), stdout)
        XCTAssertTrue(stdout.contains("interrupted"), stdout)
        XCTAssertTrue(stdout.contains(#""complete":false"#), stdout)
        XCTAssertFalse(stdout.contains("900101-1234568"))
    }

    /// The same with other inputs and two threads: the signal interrupts the read of one thread
    /// only, and a worker blocked on the pipe must still stop (it polls), not wait for the writer.
    func testInterruptStopsAPipeReadOnAnotherThread() throws {
        let directory = try temporaryDirectory()
        for index in 0..<4 {
            try "주민번호 900101-1234568\n".write(to: directory.appendingPathComponent("f\(index).txt"), atomically: true, encoding: .utf8)
        }
        let (process, input, output) = try startScanReadingAPipe(["scan", "--format", "ndjson", "--threads", "2", directory.path, "-"])
        input.fileHandleForWriting.write(Data("주민번호 850315-2012341\n".utf8))
        usleep(700_000)  // the files are scanned; a worker is blocked reading the open pipe
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        // Should the scan not stop, the writer closes the pipe after 5 s (the test then fails,
        // rather than waiting for ever).
        let writer = input.fileHandleForWriting
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) { try? writer.close() }
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let waited = Date().timeIntervalSince(sent)
        XCTAssertLessThan(waited, 3, "stopped without the writer closing the pipe")
        XCTAssertEqual(process.terminationStatus, 2, stdout)
        XCTAssertTrue(stdout.contains(#""complete":false"#), stdout)
    }

    /// A key shorter than 16 bytes gets a warning (fingerprints under a guessable key give the
    /// values back); the key itself is never printed.
    func testShortKeysAreWarnedAbout() throws {
        let short = try piiscan(["scan", "fixtures/inputs/text"], environment: ["PIISCAN_KEY": "k1x9"])
        XCTAssertTrue(short.stderr.contains("warning: the fingerprint key (PIISCAN_KEY) is only 4 bytes"), short.stderr)
        XCTAssertFalse(short.all.contains("k1x9"))
        let long = try piiscan(["scan", "fixtures/inputs/text"], environment: ["PIISCAN_KEY": String(repeating: "q7", count: 8)])
        XCTAssertFalse(long.stderr.contains("fingerprint key"), long.stderr)
    }

    /// A crash prints one fixed line — not the runtime's register and memory dump, which can
    /// hold a scanned value — and dies of its signal, without a core file.
    func testACrashPrintsNoScannedData() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["scan", "--format", "ndjson", "-"]
        process.environment = ["PIISCAN_KEY": Self.key]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("주민번호 900101-1234568\n".utf8))
        usleep(700_000)  // blocked reading the open pipe, the value in its buffer
        kill(process.processIdentifier, SIGSEGV)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGSEGV)
        XCTAssertEqual(stderr, "piiscan: fatal error (crash); no details are printed, they could hold scanned data (PIISCAN_CRASH_BACKTRACE=1 shows them)\n")
    }

    func testRulesListAndTest() throws {
        let list = try piiscan(["rules", "list"])
        XCTAssertEqual(list.status, 0)
        XCTAssertTrue(list.stdout.contains("kr-rrn"))
        let test = try piiscan(["rules", "test"])
        XCTAssertEqual(test.status, 0, test.stdout)
        XCTAssertTrue(test.stdout.contains(" 0 failed"), test.stdout)

        let directory = try temporaryDirectory()
        _ = try write("[[rules]]\nid = \"bad\"\ncategory = \"x\"\nregex = '''(unclosed'''\n", to: "bad.toml", in: directory)
        let bad = try piiscan(["rules", "list", "--rules", directory.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad") && bad.stderr.contains("offset"), bad.stderr)
    }

    func testUserRuleAddsACategory() throws {
        let directory = try temporaryDirectory()
        _ = try write(
            """
            [[rules]]
            id = "employee-id"
            category = "employee-id"
            regex = '''(?<![A-Z0-9])EMP-\\d{6}(?![0-9])'''
            keywords = ["사번"]
            confidence = 0.6
            [rules.tests]
            positives = ["사번 EMP-123456"]
            negatives = ["EMP-12"]
            """, to: "rules/employee.toml", in: directory)
        let log = try write("사번 EMP-123456 로그인\n", to: "a.log", in: directory)
        let outcome = try piiscan(["scan", "--rules", directory.path + "/rules", "--format", "ndjson", log])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stdout.contains(#""category":"employee-id""#))
        XCTAssertFalse(outcome.stdout.contains("EMP-123456"), "regex-only rules are masked too")
        XCTAssertEqual(try piiscan(["rules", "test", "--rules", directory.path + "/rules"]).status, 0)
    }

    /// A file name with ESC and a newline is escaped in the text report and on stderr (the QA
    /// reproduction: `evil<ESC>[31mRED<LF>fake.txt` coloured the terminal and forged a line).
    func testControlCharactersInFileNamesAreEscaped() throws {
        let directory = try temporaryDirectory()
        let evil = "evil\u{1B}[31mRED\nfake.txt"
        try "jumin 900101-1234568\n".write(to: directory.appendingPathComponent(evil), atomically: true, encoding: .utf8)
        try Data([0x1F, 0x8B, 0x08]).write(to: directory.appendingPathComponent("cut\u{1B}.gz"))  // a truncated gzip: an error
        let outcome = try piiscan(["scan", "--color", "never", "."], directory: directory)
        XCTAssertEqual(outcome.status, 2, outcome.all)
        XCTAssertFalse(outcome.stdout.contains("\u{1B}"), outcome.stdout)
        XCTAssertFalse(outcome.stderr.contains("\u{1B}"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasPrefix(#"./evil\x1b[31mRED\nfake.txt"# + "\n  1:7 "), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains(#"piiscan: error: ./cut\x1b.gz: "#), outcome.stderr)
        // JSON keeps the real name (escaped the JSON way).
        let json = try piiscan(["scan", "--format", "json", "."], directory: directory)
        XCTAssertTrue(json.stdout.contains(#""path":"./evil\u001b[31mRED\nfake.txt""#), json.stdout)
        // The -v/-vv log lines escape them too, bidirectional overrides and C1 controls included.
        let bidi = "a\u{202E}b\u{85}c.txt"
        try "x\n".write(to: directory.appendingPathComponent(bidi), atomically: true, encoding: .utf8)
        let verbose = try piiscan(["scan", "-vv", "--format", "json", "."], directory: directory)
        for raw in ["\u{1B}", "\u{202E}", "\u{85}", "\n" + "fake"] { XCTAssertFalse(verbose.stderr.contains(raw), verbose.stderr) }
        XCTAssertTrue(verbose.stderr.contains(#"path="./a\u202eb\u0085c.txt""#), verbose.stderr)
        XCTAssertTrue(verbose.stderr.contains(#"path="./evil\x1b[31mRED\nfake.txt""#), verbose.stderr)
    }
}
