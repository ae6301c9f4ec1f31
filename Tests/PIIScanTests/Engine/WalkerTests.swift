import Foundation
import PIIModel
import XCTest

@testable import PIIScan

final class WalkerTests: XCTestCase {
    private func files(_ entries: [WalkEntry], relativeTo root: String) -> [String] {
        entries.compactMap {
            if case .file(let path, _) = $0 { return String(path.dropFirst(root.count + 1)) }
            return nil
        }
    }

    func testSortedRecursiveWalkSkipsVCSAndHonoursIgnoreFilesAndExcludes() throws {
        let directory = try TemporaryDirectory()
        for name in ["b.log", "a.log", "sub/c.log", "sub/deep/d.tmp", "sub/deep/e.log", ".git/config", "secret/x.log", "n.tmp",
                     "keep/!important.tmp", "logs/old/1.log"] {
            try directory.write(name, "x\n")
        }
        try directory.write(".piiscanignore", "# comment\n*.tmp\nsecret/\n/logs/old\n")
        try directory.write("sub/.piiscanignore", "!deep/d.tmp\n")
        let entries = Walker(excludes: ["e.log"]).walk([directory.path])
        XCTAssertEqual(
            files(entries, relativeTo: directory.path),
            [".piiscanignore", "a.log", "b.log", "sub/.piiscanignore", "sub/c.log", "sub/deep/d.tmp"])
        let unfiltered = Walker(useIgnoreFiles: false).walk([directory.path])
        XCTAssertTrue(files(unfiltered, relativeTo: directory.path).contains("secret/x.log"))
        XCTAssertFalse(files(unfiltered, relativeTo: directory.path).contains(".git/config"))
    }

    func testSymlinkLoopsAndDirectoryLinksAreNotFollowedAndFilesAreScannedOnce() throws {
        let directory = try TemporaryDirectory()
        try directory.write("d/a.log", "x\n")
        XCTAssertEqual(symlink(directory.path + "/d", directory.path + "/d/loop"), 0)
        XCTAssertEqual(symlink(directory.path + "/d/a.log", directory.path + "/d/b-link.log"), 0)
        XCTAssertEqual(symlink(directory.path + "/nowhere", directory.path + "/d/broken"), 0)
        let entries = Walker().walk([directory.path])
        XCTAssertEqual(files(entries, relativeTo: directory.path), ["d/a.log"])
        let notes = entries.compactMap { if case .issue(let issue) = $0 { return issue } else { return nil } }
        XCTAssertEqual(notes.map(\.kind), [.skipped, .skipped])
        XCTAssertTrue(notes.contains { $0.message.contains("broken") })
        XCTAssertTrue(notes.contains { $0.message.contains("directory not followed") })
    }

    func testFIFOsAreSkippedNotOpened() throws {
        let directory = try TemporaryDirectory()
        XCTAssertEqual(mkfifo(directory.path + "/pipe", 0o600), 0)
        let entries = Walker().walk([directory.path])
        guard case .issue(let issue)? = entries.first else { return XCTFail("expected a note, got \(entries)") }
        XCTAssertEqual(issue.kind, .skipped)
        XCTAssertTrue(issue.message.contains("FIFO"))
    }

    /// A name that is not UTF-8 (EUC-KR `주민` = C1 D6 B9 CE) cannot be opened through a Swift
    /// string: an error names it with `\xHH` escapes; the other files are walked as usual.
    func testNamesThatAreNotUTF8AreErrorsThatNameThem() throws {
        let directory = try TemporaryDirectory()
        try directory.write("ok.txt", "x\n")
        let raw = Array(directory.path.utf8) + [0x2F, 0xC1, 0xD6, 0xB9, 0xCE] + Array(".txt".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o600) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        let entries = Walker().walk([directory.path])
        XCTAssertEqual(files(entries, relativeTo: directory.path), ["ok.txt"])
        let notes = entries.compactMap { if case .issue(let issue) = $0 { return issue } else { return nil } }
        XCTAssertEqual(notes.map(\.kind), [.error])
        XCTAssertEqual(notes.first?.path, directory.path + "/\\xc1\\xd6\\xb9\\xce.txt")
        XCTAssertTrue(notes.first?.message.contains("not valid UTF-8") ?? false)
        XCTAssertEqual(Walker.escapedName(Array("a\tb".utf8) + [0xED, 0x95, 0x9C, 0xFF]), "a\\x09b\\xed\\x95\\x9c\\xff")
    }

    func testMissingPathAndStdin() {
        let entries = Walker().walk(["/nonexistent/piiscan-test", "-"])
        guard case .issue(let issue) = entries[0] else { return XCTFail() }
        XCTAssertEqual(issue.kind, .error)
        XCTAssertEqual(entries[1], .standardInput)
    }

    func testGlob() {
        XCTAssertTrue(Glob("*.log").matches("app.log"))
        XCTAssertFalse(Glob("*.log").matches("dir/app.log"))
        XCTAssertTrue(Glob("**/*.log").matches("a/b/app.log"))
        XCTAssertTrue(Glob("**/*.log").matches("app.log"))
        XCTAssertTrue(Glob("logs/**").matches("logs/a/b"))
        XCTAssertTrue(Glob("a?c").matches("abc"))
        XCTAssertFalse(Glob("a?c").matches("a/c"))
        XCTAssertTrue(Glob("[a-c]x").matches("bx"))
        XCTAssertFalse(Glob("[!a-c]x").matches("bx"))
        XCTAssertTrue(Glob("*test*").matches("my_test_file"))
        XCTAssertFalse(Glob("*.gz").matches("x.gzip"))
    }
}
