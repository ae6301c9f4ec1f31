#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest

/// Output names that are not regular files: `--output`, `--state` and baselines never replace a
/// device, a FIFO or a symbolic link; they write through it.
final class OutputTargetCLITests: CLITestCase {
    /// A directory with `in.log` holding one resident number.
    private func workspace() throws -> URL {
        let directory = try temporaryDirectory()
        try "jumin 900101-1234568\n".write(to: directory.appendingPathComponent("in.log"), atomically: true, encoding: .utf8)
        return directory
    }

    private func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// Reads a FIFO to its end on another thread (its open blocks until a writer comes).
    private final class FIFOReader: @unchecked Sendable {
        // SAFETY: the data is handed over through DataBox's lock; `thread` is used by the test only.
        private let path: String
        private let box = DataBox()
        private var thread: Thread!

        init(_ path: String) {
            self.path = path
            let box = self.box
            thread = Thread {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { return }
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count <= 0 { break }
                    data.append(contentsOf: buffer[..<count])
                }
                close(fd)
                box.data = data
            }
            thread.start()
        }

        /// What arrived, once the writer has exited.
        func finish() -> Data {
            // If piiscan never opened the FIFO, the reader still waits in open(): a writer that
            // opens and closes at once lets it end (and fails harmlessly if it already ended).
            let unblock = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if unblock >= 0 { close(unblock) }
            while !thread.isFinished { usleep(1000) }
            return box.data
        }
    }

    /// Temporary files that killed runs left next to the report and the state (`.NAME.tmp-PID`
    /// of a process that is gone) are removed by the next run; one of a live process is kept.
    func testStaleTemporariesOfKilledRunsAreRemoved() throws {
        let directory = try workspace()
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let live = ProcessInfo.processInfo.processIdentifier
        for name in [".r.json.tmp-\(dead)", ".r.json.tmp-\(live)", ".s.state.tmp-\(dead)", ".other.tmp-\(dead)"] {
            try "masked findings".write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let outcome = try piiscan(["scan", "in.log", "-o", "r.json", "--format", "json", "--state", "s.state"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.all)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        XCTAssertEqual(left, ["in.log", "r.json", "s.state", ".r.json.tmp-\(live)", ".other.tmp-\(dead)"])
    }

    func testOutputToAFIFOWritesThroughItAndKeepsIt() throws {
        let directory = try workspace()
        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let reader = FIFOReader(fifo)
        let outcome = try piiscan(["scan", "--format", "json", "-o", "fifo", "in.log"], directory: directory)
        let data = reader.finish()
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertEqual(fileType(fifo), S_IFIFO, "still a FIFO")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
        XCTAssertEqual((report["findings"] as? [Any])?.count, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["fifo", "in.log"],
                       "no temporary file")

        // Through a symbolic link to the FIFO (as /dev/stdout is one to a pipe): the link stays too.
        XCTAssertEqual(symlink("fifo", directory.appendingPathComponent("link").path), 0)
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", "r.json", "in.log"], directory: directory).status, 1)
        let linked = FIFOReader(fifo)
        let viaLink = try piiscan(["merge", "-o", "link", "r.json"], directory: directory)
        XCTAssertEqual(viaLink.status, 1, viaLink.stderr)
        XCTAssertTrue(String(decoding: linked.finish(), as: UTF8.self).contains(#""findings":["#))
        XCTAssertEqual(fileType(directory.appendingPathComponent("link").path), S_IFLNK)
        XCTAssertEqual(fileType(fifo), S_IFIFO)
    }

    func testOutputToACharacterDeviceKeepsIt() throws {
        try XCTSkipUnless(getuid() == 0, "mknod needs root")
        let directory = try workspace()
        let null = directory.appendingPathComponent("null").path
        XCTAssertEqual(mknod(null, S_IFCHR | 0o666, dev_t(1 << 8 | 3)), 0, "a copy of /dev/null (1, 3)")
        for name in ["null", "link"] {
            if name == "link" { XCTAssertEqual(symlink("null", directory.appendingPathComponent("link").path), 0) }
            let outcome = try piiscan(["scan", "-o", name, "in.log"], directory: directory)
            XCTAssertEqual(outcome.status, 1, outcome.stderr)
            XCTAssertEqual(fileType(null), S_IFCHR, "-o \(name) must not replace the device")
            var info = stat()
            XCTAssertEqual(stat(null, &info), 0)
            XCTAssertEqual(info.st_rdev, dev_t(1 << 8 | 3))
        }
        XCTAssertEqual(fileType(directory.appendingPathComponent("link").path), S_IFLNK)
    }

    func testOutputThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws {
        let directory = try workspace()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("reports"), withIntermediateDirectories: false)
        let target = directory.appendingPathComponent("reports/latest.json")
        try "old report".write(to: target, atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("reports/latest.json", directory.appendingPathComponent("current.json").path), 0)
        let outcome = try piiscan(["scan", "--format", "json", "-o", "current.json", "in.log"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertEqual(fileType(directory.appendingPathComponent("current.json").path), S_IFLNK, "the link survives")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("current.json").path),
                       "reports/latest.json")
        XCTAssertTrue(try String(contentsOf: target, encoding: .utf8).hasPrefix(#"{"findings":["#))
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path),
                       ["latest.json"], "no temporary file")

        // A dangling link: the report is created where it points.
        XCTAssertEqual(symlink("reports/new.json", directory.appendingPathComponent("next.json").path), 0)
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", "next.json", "in.log"], directory: directory).status, 1)
        XCTAssertEqual(fileType(directory.appendingPathComponent("next.json").path), S_IFLNK)
        XCTAssertEqual(fileType(directory.appendingPathComponent("reports/new.json").path), S_IFREG)

        // A baseline through a link: the same, and readable by everyone.
        XCTAssertEqual(symlink("reports/accepted", directory.appendingPathComponent(".piiscan-baseline").path), 0)
        let baseline = try piiscan(["baseline", "create", "in.log"], directory: directory)
        XCTAssertEqual(baseline.status, 0, baseline.stderr)
        XCTAssertEqual(fileType(directory.appendingPathComponent(".piiscan-baseline").path), S_IFLNK)
        XCTAssertTrue(try String(contentsOf: directory.appendingPathComponent("reports/accepted"), encoding: .utf8)
            .contains("in.log\tkr-rrn\thmac-sha256:"))
    }

    /// A report, state or baseline named like an input (or through a link to it) is refused
    /// before anything is written: the input stays as it was and the exit code says so.
    func testAnOutputThatIsAnInputIsRefused() throws {
        let directory = try workspace()
        XCTAssertEqual(symlink("in.log", directory.appendingPathComponent("alias.log").path), 0)
        for arguments in [
            ["scan", "--format", "csv", "-o", "in.log", "in.log"], ["scan", "-o", "alias.log", "in.log"],
            ["baseline", "create", "-o", "in.log", "in.log"],
        ] {
            let outcome = try piiscan(arguments, directory: directory)
            XCTAssertEqual(outcome.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(outcome.stderr.contains("is also an input; piiscan never writes over what it scans"), outcome.stderr)
            XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("in.log"), encoding: .utf8), "jumin 900101-1234568\n")
        }
    }

    func testStateIsNeverADeviceOrFIFOAndFollowsLinks() throws {
        let directory = try workspace()
        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let refused = try piiscan(["scan", "--state", "fifo", "in.log"], directory: directory)
        XCTAssertEqual(refused.status, 2, refused.all)
        XCTAssertTrue(refused.stderr.contains("piiscan: error: --state: 'fifo' is not a regular file"), refused.stderr)
        XCTAssertEqual(fileType(fifo), S_IFIFO)

        XCTAssertEqual(symlink("states/sweep.db", directory.appendingPathComponent("sweep.db").path), 0)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("states"), withIntermediateDirectories: false)
        let first = try piiscan(["scan", "--state", "sweep.db", "-v", "in.log"], directory: directory)
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertEqual(fileType(directory.appendingPathComponent("sweep.db").path), S_IFLNK)
        XCTAssertEqual(fileType(directory.appendingPathComponent("states/sweep.db").path), S_IFREG)
        let second = try piiscan(["scan", "--state", "sweep.db", "-v", "in.log"], directory: directory)
        XCTAssertTrue(second.stderr.contains("result=carried"), "the state written through the link is used: \(second.stderr)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("states").path),
                       ["sweep.db"], "no temporary file")
    }
}
