#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PIIModel
import XCTest

/// How an output name is written: replaced (regular, new, through links) or in place (devices).
final class OutputTargetTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "piiscan-target-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let created = directory
        addTeardownBlock { try? FileManager.default.removeItem(atPath: created) }
    }

    private func temporary(_ path: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return String(path[...slash]) + ".\(path[path.index(after: slash)...]).tmp-\(getpid())"
    }

    func testRegularAndNewFilesAreReplacedNextToThemselves() throws {
        let file = directory + "/report.json"
        XCTAssertEqual(try OutputTarget.resolve(file), .replace(path: file, temporary: temporary(file)))
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try OutputTarget.resolve(file), .replace(path: file, temporary: temporary(file)))
        XCTAssertEqual(OutputTarget.temporaryName(for: "r"), ".r.tmp-\(getpid())")
    }

    func testSymbolicLinksAreFollowedToTheFileTheyName() throws {
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: false)
        let file = directory + "/sub/real.json"
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        // link → sub/hop (relative to the link's directory) → real.json (relative to sub/)
        XCTAssertEqual(symlink("real.json", directory + "/sub/hop"), 0)
        XCTAssertEqual(symlink("sub/hop", directory + "/link"), 0)
        XCTAssertEqual(try OutputTarget.resolve(directory + "/link"), .replace(path: file, temporary: temporary(file)))
        // A dangling link: the file is created where it points.
        XCTAssertEqual(symlink(directory + "/missing.json", directory + "/dangling"), 0)
        XCTAssertEqual(
            try OutputTarget.resolve(directory + "/dangling"),
            .replace(path: directory + "/missing.json", temporary: temporary(directory + "/missing.json")))
    }

    func testDevicesFIFOsAndLinksToThemAreWrittenInPlace() throws {
        let fifo = directory + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertEqual(try OutputTarget.resolve(fifo), .inPlace(path: fifo))
        XCTAssertEqual(symlink(fifo, directory + "/to-fifo"), 0)
        XCTAssertEqual(try OutputTarget.resolve(directory + "/to-fifo"), .inPlace(path: directory + "/to-fifo"))
        XCTAssertEqual(try OutputTarget.resolve("/dev/null"), .inPlace(path: "/dev/null"))
        XCTAssertEqual(try OutputTarget.resolve(directory), .inPlace(path: directory), "opening it fails: EISDIR")
    }

    /// A link in a world-writable sticky directory (`/tmp`) that another user owns is refused:
    /// a root sweep writing `-o /tmp/report.json` must not replace the file it points to.
    func testForeignLinksInStickyDirectoriesAreRefused() throws {
        let shared = directory + "/shared"
        XCTAssertEqual(mkdir(shared, 0o777), 0)
        XCTAssertEqual(chmod(shared, 0o1777), 0)
        let victim = directory + "/victim.conf"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        // Our own link there is followed, as before.
        XCTAssertEqual(symlink(victim, shared + "/mine.json"), 0)
        XCTAssertEqual(try OutputTarget.resolve(shared + "/mine.json"), .replace(path: victim, temporary: temporary(victim)))
        // Outside a sticky directory, a link of another user is followed too.
        XCTAssertEqual(chmod(shared, 0o777), 0)
        XCTAssertEqual(symlink(victim, shared + "/theirs.json"), 0)
        guard geteuid() == 0 else {
            // Making a link another user's takes root (CI runs as root); the rule itself:
            XCTAssertFalse(OutputTarget.isForeignLinkInStickyDirectory(shared + "/theirs.json", owner: geteuid()))
            return
        }
        XCTAssertEqual(lchown(shared + "/theirs.json", 65534, 65534), 0)
        XCTAssertEqual(try OutputTarget.resolve(shared + "/theirs.json"), .replace(path: victim, temporary: temporary(victim)))
        XCTAssertEqual(chmod(shared, 0o1777), 0)
        XCTAssertThrowsError(try OutputTarget.resolve(shared + "/theirs.json")) { error in
            XCTAssertTrue("\(error)".contains("owned by another user in a shared sticky directory"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious")
    }

    func testLinkLoopsAreAnError() throws {
        XCTAssertEqual(symlink(directory + "/b", directory + "/a"), 0)
        XCTAssertEqual(symlink(directory + "/a", directory + "/b"), 0)
        XCTAssertThrowsError(try OutputTarget.resolve(directory + "/a")) { error in
            XCTAssertTrue("\(error)".contains("too many levels of symbolic links"), "\(error)")
        }
    }
}
