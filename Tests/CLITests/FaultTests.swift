import Foundation
import XCTest

/// Faults and hostile input through the built binary: each ends in a clear message naming the
/// input (where there is a problem), the scan carrying on, and the documented exit code.
final class FaultTests: CLITestCase {
    /// A valid resident registration number (check digit correct) and its mask.
    static let rrn = "900101-1234568"
    static let rrnMasked = "900101-1******"

    private func write(_ bytes: [UInt8], to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func findings(_ ndjson: String) -> [[String: Any]] {
        ndjson.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String == "finding" ? object : nil
        }
    }

    // MARK: - Directory trees

    /// 300 nested directories under a limit of 64 open descriptors: the walker holds no directory
    /// open while it descends and recurses only once per level, so neither the stack nor the
    /// descriptors run out, and the file at the bottom is found.
    func testVeryDeepDirectoriesNeitherOverflowNorExhaustDescriptors() throws {
        let directory = try temporaryDirectory()
        var path = directory.path
        for level in 0..<300 { path += "/d\(level % 10)" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let deepest = try write(Array("주민번호 \(Self.rrn)\n".utf8), to: "bottom.log", in: URL(fileURLWithPath: path))
        let outcome = try sh([
            "-c", "ulimit -n 64 && exec '\(Self.binary.path)' scan --format ndjson --threads 4 '\(directory.path)'",
        ])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertEqual(findings(outcome.stdout).map { $0["path"] as? String }, [deepest])
        XCTAssertEqual(outcome.stderr, "")
    }

    /// Directory loops and file-link loops: the walk ends, each link is noted once, the real file
    /// is scanned once.
    func testSymbolicLinkLoopsEnd() throws {
        let directory = try temporaryDirectory()
        let real = try write(Array("연락처 010-2345-6789\n".utf8), to: "a/real.log", in: directory)
        XCTAssertEqual(symlink(directory.path + "/a", directory.path + "/a/up"), 0)  // a/up -> a
        XCTAssertEqual(symlink(directory.path + "/b", directory.path + "/a/c"), 0)  // c -> b -> c
        XCTAssertEqual(symlink(directory.path + "/a/c", directory.path + "/b"), 0)
        XCTAssertEqual(symlink(directory.path + "/a/self.log", directory.path + "/a/self.log"), 0)
        let outcome = try piiscan(["scan", "--format", "ndjson", directory.path])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        XCTAssertEqual(findings(outcome.stdout).map { $0["path"] as? String }, [real])
        XCTAssertTrue(outcome.stdout.contains(#""path":"\#(directory.path)/a/up","message":"symbolic link to a directory not followed""#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""path":"\#(directory.path)/a/self.log","message":"symbolic link loop skipped""#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""path":"\#(directory.path)/b","message":"symbolic link loop skipped""#), outcome.stdout)
    }

    // MARK: - Files that change while being read

    /// Starts piiscan on `path`, stops it (SIGSTOP) as soon as it has the file open — after the
    /// walk listed it, while it reads it — runs `change`, and lets it continue.
    private func scanChangingFile(_ path: String, change: () throws -> Void) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["scan", "--format", "ndjson", "--threads", "2", path]
        process.environment = ["PIISCAN_KEY": Self.key]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = DataBox()
        let errorReader = Thread { errorData.data = error.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let fdDirectory = "/proc/\(process.processIdentifier)/fd"
        var opened = false
        for _ in 0..<2000 where !opened {
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []
            opened = descriptors.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + $0)) == path }
            if !opened { usleep(2000) }
        }
        kill(process.processIdentifier, SIGSTOP)
        XCTAssertTrue(opened, "piiscan opened the file")
        try change()
        kill(process.processIdentifier, SIGCONT)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorReader.isFinished { usleep(1000) }
        return Outcome(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: errorData.data, as: UTF8.self),
            status: process.terminationStatus)
    }

    private func bigLog(in directory: URL) throws -> (path: String, size: Int) {
        let line = "2026-11-29 app INFO request served user=12345 path=/x/y/z status=200\n"
        let block = Data(String(repeating: line, count: 1 << 14).utf8)
        let path = directory.appendingPathComponent("app.log").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        for _ in 0..<(64 << 20) / block.count { handle.write(block) }
        try handle.close()
        return (path, ((64 << 20) / block.count) * block.count)
    }

    /// Log rotation by truncation while piiscan reads the file: an error that names the file
    /// and the bytes not scanned, exit 2.
    func testFileTruncatedWhileBeingRead() throws {
        let directory = try temporaryDirectory()
        let (path, size) = try bigLog(in: directory)
        let outcome = try scanChangingFile(path) { XCTAssertEqual(truncate(path, 1_000_000), 0) }
        XCTAssertEqual(outcome.status, 2, outcome.all)
        // The message names the whole tail that was lost, up to the size the file was listed with.
        XCTAssertTrue(outcome.stderr.contains("piiscan: error: \(path): file shrank from \(size) to 1000000 bytes while being read: bytes "), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("–\(size) were not scanned"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains(#""complete":false"#))
    }

    /// A log that grows while piiscan reads it: scanned up to its size when listed, a complete
    /// scan of that snapshot (the appended value is left for the next scan), exit 0.
    func testFileGrowingWhileBeingReadIsScannedToItsListedSize() throws {
        let directory = try temporaryDirectory()
        let (path, size) = try bigLog(in: directory)
        let outcome = try scanChangingFile(path) {
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data("주민번호 \(Self.rrn)\n".utf8))
            try handle.close()
        }
        XCTAssertEqual(outcome.status, 0, outcome.all)
        XCTAssertEqual(outcome.stderr, "")
        XCTAssertTrue(outcome.stdout.contains(#""complete":true,"files":1,"bytes":\#(size),"#), outcome.stdout)
    }

    // MARK: - Odd content

    /// A 200 MiB line without a line break: memory stays bounded (the read buffer, not the line),
    /// and a value at its very end is found at the right offset.
    func testHugeSingleLineIsScannedInBoundedMemory() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("one-line.log").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        let block = Data(String(repeating: "GET /index.html?id=abc status=200 t=0.25; ", count: 1 << 14).utf8)
        let blocks = (200 << 20) / block.count
        for _ in 0..<blocks { handle.write(block) }
        let tail = Data(" 주민번호 \(Self.rrn)".utf8)
        handle.write(tail)
        try handle.close()
        let size = blocks * block.count + tail.count
        let run = try measured(["scan", "--format", "ndjson", "--threads", "2", path])
        XCTAssertEqual(run.status, 1, run.stderr)
        let found = findings(run.stdout)
        XCTAssertEqual(found.count, 1, run.stdout)
        XCTAssertEqual(found.first?["offset"] as? Int, size - Self.rrn.utf8.count)
        XCTAssertEqual(found.first?["line"] as? Int, 1)
        print("FaultTests: peak RSS \(run.maxResidentKiB) KiB scanning a \(size >> 20) MiB line")
        XCTAssertLessThan(run.maxResidentKiB, 100 * 1024, "peak RSS \(run.maxResidentKiB) KiB for a \(size >> 20) MiB line")
        XCTAssertGreaterThan(run.maxResidentKiB, 0)
    }

    /// NUL bytes: scattered in the first 8 KiB among other control bytes they make the file
    /// binary (skipped with a note, like git and ripgrep); in lines of text with next to no other
    /// control bytes they pad fields (a legacy system's fixed-width export), and the file is
    /// scanned; after the first 8 KiB, NUL is just a byte: values after it are found.
    func testNULBytesInsideTextFiles() throws {
        let directory = try temporaryDirectory()
        let text = Array(String(repeating: "plain log line without values\n", count: 400).utf8)  // 12 000 bytes
        let late = try write(text + [0, 0, 0x0A] + Array("주민번호 \(Self.rrn)\n".utf8), to: "late-nul.log", in: directory)
        let early = try write(
            Array(String(repeating: "a\0\u{1}\u{2}\u{3}\u{4}", count: 40).utf8) + text + Array("주민번호 \(Self.rrn)\n".utf8),
            to: "early-nul.log", in: directory)
        var padded: [UInt8] = []
        for index in 0..<40 {
            padded += Array("\(String(format: "%06d", index))홍길동".utf8) + [UInt8](repeating: 0, count: 11)
            padded += Array("\(Self.rrn)".utf8) + [UInt8](repeating: 0, count: 5) + Array("서울\n".utf8)
        }
        let fixed = try write(padded, to: "fixed-width.dat", in: directory)
        let outcome = try piiscan(["scan", "--format", "ndjson", late, early, fixed])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        let paths = findings(outcome.stdout).map { $0["path"] as? String }
        XCTAssertEqual(paths.filter { $0 == late }.count, 1)
        XCTAssertEqual(paths.filter { $0 == fixed }.count, 40)
        XCTAssertFalse(paths.contains(early))
        XCTAssertTrue(outcome.stdout.contains(#""type":"skipped","path":"\#(early)","message":"binary file skipped (contains NUL bytes)""#), outcome.stdout)
    }

    /// A log truncated in place by `logrotate copytruncate` while its writer kept its offset: a
    /// hole of NUL bytes longer than the sniffed head, then text. The text is scanned (exit 1,
    /// the value at its real line and offset) and the report says how many NUL bytes were skipped.
    func testCopytruncateNULHoleIsSkippedAndTheTextScanned() throws {
        let directory = try temporaryDirectory()
        let hole = 100_000
        let path = try write(
            [UInt8](repeating: 0, count: hole) + Array("2025-01-01 INFO signup\n주민번호 \(Self.rrn)\n".utf8), to: "app.log", in: directory)
        let outcome = try piiscan(["scan", "--format", "ndjson", path])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        let found = findings(outcome.stdout)
        XCTAssertEqual(found.map { $0["line"] as? Int }, [2], outcome.stdout)
        XCTAssertEqual(found.first?["offset"] as? Int, hole + 23 + "주민번호 ".utf8.count)
        XCTAssertTrue(outcome.stdout.contains(
            #""type":"skipped","path":"\#(path)","message":"100000 leading NUL bytes skipped (a log truncated in place, e.g. by logrotate copytruncate); the text after them was scanned""#),
            outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""complete":true"#), outcome.stdout)
    }

    /// Empty files and directories are clean inputs, not errors.
    func testEmptyFilesAndDirectories() throws {
        let directory = try temporaryDirectory()
        _ = try write([], to: "empty.log", in: directory)
        _ = try write([], to: "empty.gz", in: directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nothing"), withIntermediateDirectories: true)
        let outcome = try piiscan(["scan", "--format", "json", directory.path])
        XCTAssertEqual(outcome.status, 0, outcome.all)
        XCTAssertTrue(outcome.stdout.contains(#""complete":true,"files":2,"bytes":0"#), outcome.stdout)
        XCTAssertEqual(outcome.stderr, "")
    }

    /// procfs reports a size of 0 for files with content: they are read to their end (the bytes
    /// counted), not taken for empty ones.
    func testFilesThatReportSizeZeroAreReadToTheirEnd() throws {
        let outcome = try piiscan(["scan", "--format", "json", "/proc/self/status"])
        XCTAssertEqual(outcome.status, 0, outcome.all)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])["summary"]
            as? [String: Any]
        XCTAssertEqual(summary?["files"] as? Int, 1)
        XCTAssertGreaterThan(summary?["bytes"] as? Int ?? 0, 100, outcome.stdout)
    }

    // MARK: - gzip bombs

    private func gzip(_ shell: String, to path: String) throws {
        let outcome = try sh(["-c", "\(shell) | gzip -9 > '\(path)'"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    /// A text bomb (32 MiB of spaces in 32 KB) stops at the ratio limit with a message naming the
    /// input, exit 2, and the next input is still scanned. The limit is lowered (hidden option)
    /// from 64 MiB to 1 MiB to keep the test fast; without the limit the same file is clean.
    func testGzipBombStopsAtTheRatioLimitAndTheScanContinues() throws {
        let directory = try temporaryDirectory()
        let bomb = directory.appendingPathComponent("bomb.log.gz").path
        try gzip("head -c 33554432 /dev/zero | tr '\\0' ' '", to: bomb)
        let other = try write(Array("연락처 010-2345-6789\n".utf8), to: "other.log", in: directory)
        let stopped = try piiscan(["scan", "--format", "ndjson", "--gzip-ratio-after", "1M", bomb, other])
        XCTAssertEqual(stopped.status, 2, stopped.all)
        XCTAssertTrue(stopped.stderr.contains("piiscan: error: \(bomb): gzip stream exceeds the compression ratio limit of 1000:1"), stopped.stderr)
        XCTAssertEqual(stopped.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count, 1, stopped.stderr)
        XCTAssertEqual(findings(stopped.stdout).map { $0["path"] as? String }, [other], "the scan went on")
        let summary = try XCTUnwrap(stopped.stdout.split(separator: "\n").last)
        XCTAssertTrue(summary.contains(#""complete":false"#))
        let bytes = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])?["bytes"] as? Int)
        XCTAssertLessThan(bytes, 4 << 20, "decompression stopped early")

        let unlimited = try piiscan(["scan", "--format", "ndjson", "--gzip-ratio-after", "1M", "--gzip-max-ratio", "0", bomb])
        XCTAssertEqual(unlimited.status, 0, unlimited.all)
        XCTAssertTrue(unlimited.stdout.contains(#""bytes":33554432"#), unlimited.stdout)
    }

    /// The absolute cap applies whatever the ratio (here ordinary, compressible log lines).
    func testGzipSizeCap() throws {
        let directory = try temporaryDirectory()
        let archive = directory.appendingPathComponent("big.log.gz").path
        try gzip("seq 1 400000 | sed 's/$/ GET \\/index.html 200/'", to: archive)
        let capped = try piiscan(["scan", "--format", "ndjson", "--gzip-max-size", "2M", archive])
        XCTAssertEqual(capped.status, 2, capped.all)
        XCTAssertTrue(capped.stderr.contains("\(archive): gzip stream exceeds the size limit of 2097152 decompressed bytes"), capped.stderr)
        XCTAssertEqual(try piiscan(["scan", archive]).status, 0)
        XCTAssertEqual(try piiscan(["scan", "--gzip-max-size", "lots", archive]).status, 2)
    }

    /// The size cap is exact, even far below the 1 MiB read buffer: the first SIZE decompressed
    /// bytes are scanned (values in them found), then the error, exit 2; a stream of exactly SIZE
    /// bytes is complete; `1M` stops a 2 MiB stream at 1 MiB.
    func testGzipSizeCapIsExactBelowAndAtTheLimit() throws {
        let directory = try temporaryDirectory()
        let line = "jumin \(Self.rrn) padding padding\n"  // 37 bytes
        let small = directory.appendingPathComponent("small.log.gz").path
        try gzip("yes '\(line.dropLast())' | head -n 3000", to: small)  // 111 000 bytes
        let capped = try piiscan(["scan", "--format", "ndjson", "--gzip-max-size", "100K", small])
        XCTAssertEqual(capped.status, 2, capped.all)
        XCTAssertTrue(capped.stderr.contains("\(small): gzip stream exceeds the size limit of 102400 decompressed bytes"), capped.stderr)
        // Every value that ends within the first 100 KiB (byte 20 of its line), none after.
        XCTAssertEqual(findings(capped.stdout).count, (102_400 - 20) / line.utf8.count + 1, "the values within the first 100 KiB")
        XCTAssertTrue(capped.stdout.contains(#""complete":false,"files":1,"bytes":102400,"#), capped.stdout)
        let tiny = try piiscan(["scan", "--format", "ndjson", "--gzip-max-size", "1K", small])
        XCTAssertEqual(tiny.status, 2, tiny.all)
        XCTAssertTrue(tiny.stdout.contains(#""bytes":1024,"#), tiny.stdout)
        let exact = try piiscan(["scan", "--format", "ndjson", "--gzip-max-size", "111000", small])
        XCTAssertEqual(exact.status, 1, exact.all)
        XCTAssertEqual(findings(exact.stdout).count, 3000)
        XCTAssertTrue(exact.stdout.contains(#""complete":true,"files":1,"bytes":111000,"#), exact.stdout)
        let large = directory.appendingPathComponent("large.log.gz").path
        try gzip("head -c 2097152 /dev/zero | tr '\\0' 'a'", to: large)
        let megabyte = try piiscan(["scan", "--format", "ndjson", "--gzip-max-size", "1M", large])
        XCTAssertEqual(megabyte.status, 2, megabyte.all)
        XCTAssertTrue(megabyte.stdout.contains(#""bytes":1048576,"#), megabyte.stdout)
    }

    // MARK: - Output errors

    /// Mounts a tmpfs (root only) for the duration of the test, or skips.
    private func mountTmpfs(options: String) throws -> URL {
        try XCTSkipUnless(getuid() == 0, "mounting a tmpfs needs root")
        let directory = try temporaryDirectory()
        let mounted = try sh(["-c", "mount -t tmpfs -o \(options) piiscan-test '\(directory.path)'"])
        try XCTSkipUnless(mounted.status == 0, "cannot mount a tmpfs here: \(mounted.stderr)")
        addTeardownBlock { _ = try? self.sh(["-c", "umount '\(directory.path)'"]) }
        return directory
    }

    /// A report that does not fit on the disk: an error naming --output, exit 2, and nothing left
    /// behind (no partial report, no temporary file).
    func testOutputOnAFullDiskLeavesNothingBehind() throws {
        let directory = try mountTmpfs(options: "size=16k")
        let report = directory.appendingPathComponent("report.ndjson").path
        let outcome = try piiscan(["scan", "--format", "ndjson", "--min-confidence", "0", "--output", report, "fixtures/inputs"])
        XCTAssertEqual(outcome.status, 2, outcome.all)
        XCTAssertTrue(outcome.stderr.contains("piiscan: error: cannot write the report: No space left on device")
            || outcome.stderr.contains("piiscan: error: --output: cannot write '\(report)'"), outcome.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    /// A read-only directory (a read-only mount, which binds root too): error, exit 2, no report.
    func testOutputIntoAReadOnlyDirectory() throws {
        let directory = try mountTmpfs(options: "ro,size=64k")
        let report = directory.appendingPathComponent("report.json").path
        let outcome = try piiscan(["scan", "--format", "json", "--output", report, "fixtures/inputs/app"])
        XCTAssertEqual(outcome.status, 2, outcome.all)
        XCTAssertTrue(outcome.stderr.contains("piiscan: error: --output: cannot create '\(report)': Read-only file system"), outcome.stderr)
        XCTAssertEqual(outcome.stdout, "")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    // MARK: - Regular-expression safety

    /// A user rule with catastrophic backtracking over long lines of `a`: bounded time, one
    /// error per rule and input (not per window or line), the other rules and inputs still
    /// scanned, exit 2 (those inputs were not fully checked for that rule).
    func testCatastrophicUserRuleIsBoundedAndReportedOncePerInput() throws {
        let directory = try temporaryDirectory()
        _ = try write(Array("""
            [[rules]]
            id = "evil"
            category = "evil"
            regex = '''(a+)+[^a]{2}\\d'''
            confidence = 0.9
            """.utf8), to: "rules/evil.toml", in: directory)
        let line = String(repeating: "a", count: 3000)
        var text = ""
        for _ in 0..<20 { text += line + "\n" }
        let first = try write(Array((text + "주민번호 \(Self.rrn)\n").utf8), to: "a1.log", in: directory)
        let second = try write(Array((text + text).utf8), to: "a2.log", in: directory)
        let started = Date()
        let outcome = try piiscan([
            "scan", "--rules", directory.path + "/rules", "--format", "ndjson", "--buffer-size", "4096", first, second,
        ])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 60, "bounded time")
        XCTAssertEqual(outcome.status, 2, outcome.all)
        let errors = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(errors.count, 2, outcome.stderr)
        XCTAssertTrue(errors.allSatisfy { $0.contains("rule 'evil': ") && $0.contains("limit") }, outcome.stderr)
        XCTAssertTrue(errors[0].contains(first) && errors[1].contains(second), outcome.stderr)
        XCTAssertEqual(findings(outcome.stdout).compactMap { $0["category"] as? String }, ["kr-rrn"], "other rules still ran")
    }

    // MARK: - Helpers

    /// Runs `sh` with `arguments` (and the fixed key, for piiscan run inside the script).
    private func sh(_ arguments: [String]) throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["PIISCAN_KEY"] = Self.key
        return try execute("/bin/sh", arguments, environment: environment)
    }

    struct MeasuredRun {
        var stdout: String
        var stderr: String
        var status: Int32
        /// Peak resident set size of the process (`ru_maxrss` from `wait4`), in KiB.
        var maxResidentKiB: Int
    }

    /// Runs piiscan for its own peak memory. Not with `posix_spawn` from here: glibc spawns with
    /// CLONE_VM, and at `exec` Linux records the *parent's* peak RSS as the child's `ru_maxrss` —
    /// so the measure was that of this test process once it had grown past the child's. A small
    /// Python parent forks (its own ~10 MB are the floor), execs piiscan and reports `wait4`'s
    /// `ru_maxrss`.
    func measured(_ arguments: [String]) throws -> MeasuredRun {
        let directory = try temporaryDirectory()
        let outPath = directory.appendingPathComponent("stdout").path
        let errPath = directory.appendingPathComponent("stderr").path
        let script = """
            import os, sys
            out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
            pid = os.fork()
            if pid == 0:
                os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
                os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
                os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
                os.execv(argv[0], argv)
            _, status, usage = os.wait4(pid, 0)
            print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
            """
        var environment = ProcessInfo.processInfo.environment
        environment["PIISCAN_KEY"] = Self.key
        let run = try execute("/usr/bin/python3", ["-c", script, outPath, errPath, Self.binary.path] + arguments, environment: environment)
        let fields = run.stdout.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(fields.count, 2, run.all)
        return MeasuredRun(
            stdout: try String(contentsOfFile: outPath, encoding: .utf8), stderr: try String(contentsOfFile: errPath, encoding: .utf8),
            status: Int32(fields.first.flatMap { $0 } ?? -1), maxResidentKiB: fields.last.flatMap { $0 } ?? 0)
    }
}
