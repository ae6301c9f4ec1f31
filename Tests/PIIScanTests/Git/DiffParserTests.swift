import XCTest

@testable import PIIScan

final class DiffParserTests: XCTestCase {
    // Real `git diff --cached --full-index -U0 -M --src-prefix=a/ --dst-prefix=b/` output shapes.
    static let oid1 = String(repeating: "1", count: 40)
    static let oid2 = String(repeating: "2", count: 40)
    static let zero = String(repeating: "0", count: 40)

    func testAddedModifiedAndDeletedFiles() {
        let diff = """
            diff --git a/docs/new.txt b/docs/new.txt
            new file mode 100644
            index \(Self.zero)..\(Self.oid1)
            --- /dev/null
            +++ b/docs/new.txt
            @@ -0,0 +1,3 @@
            +one
            +two
            +three
            diff --git a/src/main.c b/src/main.c
            index \(Self.oid1)..\(Self.oid2) 100644
            --- a/src/main.c
            +++ b/src/main.c
            @@ -2 +2 @@ int main(void)
            -old
            +new
            @@ -10,2 +9,0 @@
            -gone
            -gone too
            @@ -20,0 +20,2 @@
            +added
            +added
            diff --git a/old.txt b/old.txt
            deleted file mode 100644
            index \(Self.oid1)..\(Self.zero)
            --- a/old.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye

            """
        let files = DiffParser.parse(diff)
        XCTAssertEqual(files.map(\.path), ["docs/new.txt", "src/main.c", "old.txt"])
        XCTAssertEqual(files[0].added, [1..<4])
        XCTAssertEqual(files[0].blob, Self.oid1)
        XCTAssertEqual(files[1].added, [2..<3, 20..<22])
        XCTAssertEqual(files[1].blob, Self.oid2)
        XCTAssertFalse(files[1].deleted)
        XCTAssertTrue(files[2].deleted)
        XCTAssertNil(files[2].blob)
        XCTAssertEqual(files[2].added, [])
    }

    func testRenamesCountOnlyChangedLines() {
        let diff = """
            diff --git a/a b.txt b/c d.txt
            similarity index 100%
            rename from a b.txt
            rename to c d.txt
            diff --git a/x.txt b/y/x.txt
            similarity index 80%
            rename from x.txt
            rename to y/x.txt
            index \(Self.oid1)..\(Self.oid2) 100644
            --- a/x.txt
            +++ b/y/x.txt
            @@ -3,0 +4 @@
            +only this

            """
        let files = DiffParser.parse(diff)
        XCTAssertEqual(files.count, 2)
        XCTAssertEqual(files[0].path, "c d.txt")
        XCTAssertEqual(files[0].renamedFrom, "a b.txt")
        XCTAssertEqual(files[0].added, [])
        XCTAssertEqual(files[1].path, "y/x.txt")
        XCTAssertEqual(files[1].added, [4..<5])
    }

    func testBinaryAndQuotedPaths() {
        let diff = """
            diff --git a/img.png b/img.png
            new file mode 100644
            index \(Self.zero)..\(Self.oid1)
            Binary files /dev/null and b/img.png differ
            diff --git "a/tab\\there.txt" "b/tab\\there.txt"
            new file mode 100644
            index \(Self.zero)..\(Self.oid2)
            --- /dev/null
            +++ "b/tab\\there.txt"
            @@ -0,0 +1 @@
            +x
            diff --git a/\u{C8FC}\u{BBFC}.txt b/\u{C8FC}\u{BBFC}.txt
            new file mode 100644
            index \(Self.zero)..\(Self.oid2)
            --- /dev/null
            +++ "b/\\354\\243\\274\\353\\257\\274.txt"
            @@ -0,0 +1 @@
            +y

            """
        let files = DiffParser.parse(diff)
        XCTAssertEqual(files.map(\.path), ["img.png", "tab\there.txt", "주민.txt"])
        XCTAssertTrue(files[0].binary)
        XCTAssertEqual(files[0].added, [])
        XCTAssertFalse(files[1].binary)
        XCTAssertEqual(files[1].added, [1..<2])
    }

    func testTheTabGitAppendsToLabelsWithASpaceIsNotPartOfThePath() {
        // git writes "+++ b/a b.txt<TAB>" when the label holds a space, quoted or not.
        let diff = "diff --git a/a b.txt b/a b.txt\nnew file mode 100644\nindex \(Self.zero)..\(Self.oid1)\n"
            + "--- /dev/null\n+++ b/a b.txt\t\n@@ -0,0 +1 @@\n+x\n"
            + "diff --git \"a/q\\\"u o.txt\" \"b/q\\\"u o.txt\"\nnew file mode 100644\nindex \(Self.zero)..\(Self.oid2)\n"
            + "--- /dev/null\n+++ \"b/q\\\"u o.txt\"\t\n@@ -0,0 +1 @@\n+y\n"
        XCTAssertEqual(DiffParser.parse(diff).map(\.path), ["a b.txt", "q\"u o.txt"])
    }

    func testRawEntriesReplaceHeaderPathsMatchedByNewBlob() {
        XCTAssertEqual(
            RawDiffEntry(header: ":100644 100644 \(Self.oid1) \(Self.oid2) R066"),
            RawDiffEntry(status: "R", oldBlob: Self.oid1, newBlob: Self.oid2, path: ""))
        XCTAssertNil(RawDiffEntry(header: "diff --git a/x b/x"))
        let oid3 = String(repeating: "3", count: 40)
        var files = DiffParser.parse("""
            diff --git a/mode.sh b/mode.sh
            old mode 100644
            new mode 100755
            diff --git a/x b/x
            new file mode 100644
            index \(Self.zero)..\(Self.oid2)
            --- /dev/null
            +++ b/x
            @@ -0,0 +1 @@
            +x
            diff --git a/link b/link
            deleted file mode 100644
            index \(Self.oid1)..\(Self.zero)
            diff --git a/link b/link
            new file mode 120000
            index \(Self.zero)..\(oid3)
            --- /dev/null
            +++ b/link
            @@ -0,0 +1 @@
            +target

            """)
        let entries = [
            // A mode change of a file whose content is the next file's: no index line, passed over.
            RawDiffEntry(status: "M", oldBlob: Self.oid2, newBlob: Self.oid2, path: "mode.sh"),
            RawDiffEntry(status: "A", oldBlob: Self.zero, newBlob: Self.oid2, path: "x\ty z.txt"),
            RawDiffEntry(status: "U", oldBlob: Self.zero, newBlob: Self.zero, path: "conflict.txt"),
            RawDiffEntry(status: "T", oldBlob: Self.oid1, newBlob: oid3, path: "l i\"nk"),
        ]
        RawDiffEntry.attach(entries, to: &files)
        XCTAssertEqual(files.map(\.path), ["mode.sh", "x\ty z.txt", "link", "l i\"nk"])
        XCTAssertEqual(files.map(\.blob), [nil, Self.oid2, nil, oid3])
    }

    func testContentThatLooksLikeHeadersIsSkipped() {
        // Added lines "++ b/evil" and "diff --git a/x b/x" appear as "+++ b/evil" and "+diff --git …".
        let diff = """
            diff --git a/f.txt b/f.txt
            index \(Self.oid1)..\(Self.oid2) 100644
            --- a/f.txt
            +++ b/f.txt
            @@ -1 +1,3 @@
            --- a/f.txt
            +++ b/evil
            +diff --git a/x b/x
            +@@ -0,0 +1,900 @@
            \\ No newline at end of file

            """
        let files = DiffParser.parse(diff)
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(files[0].path, "f.txt")
        XCTAssertEqual(files[0].added, [1..<4])
    }

    func testStreamingInAnyChunksGivesTheSameFiles() {
        let diff = """
            diff --git a/a.txt b/a.txt
            index \(Self.oid1)..\(Self.oid2) 100644
            --- a/a.txt
            +++ b/a.txt
            @@ -1,0 +2,2 @@
            +\(String(repeating: "long line ", count: 500))
            +short
            @@ -9 +11 @@
            -x
            +y
            """  // no final line break
        let whole = DiffParser.parse(diff)
        XCTAssertEqual(whole.first?.added, [2..<4, 11..<12])
        let bytes = Array(diff.utf8)
        for chunk in [1, 3, 7, 64] {
            var parser = DiffParser()
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + chunk)
                bytes[index..<end].withUnsafeBytes { parser.feed($0) }
                index = end
            }
            XCTAssertEqual(parser.finish(), whole, "chunk size \(chunk)")
        }
    }

    func testHunkHeaderForms() {
        XCTAssertEqual(DiffParser.hunkHeader("@@ -0,0 +1 @@").map { [$0.0, $0.1, $0.2] }, [0, 1, 1])
        XCTAssertEqual(DiffParser.hunkHeader("@@ -5 +7,0 @@ func").map { [$0.0, $0.1, $0.2] }, [1, 7, 0])
        XCTAssertNil(DiffParser.hunkHeader("@@ garbage @@"))
    }

    func testAddedLinesSourceMapsBackToTheFile() throws {
        // A blob of 6 lines of which 2, 3 and 5 are added, fed through a pipe as cat-file does.
        let blob = Array("l1\nl2 900101-1234568\nl3\nl4\nl5 hong@naver.com\nl6".utf8)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        blob.withUnsafeBytes { _ = write(fds[1], $0.baseAddress!, $0.count) }
        close(fds[1])
        defer { close(fds[0]) }
        let map = AddedLineMap()
        var source = AddedLinesSource(
            reader: PipeReader(fd: fds[0], capacity: 8), size: Int64(blob.count), added: [2..<4, 5..<6], map: map)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 5)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "l2 900101-1234568\nl3\nl5 hong@naver.com\n")
        // "hong" is on stream line 3 at stream offset 24; in the file: line 5, offset 30.
        let mapped = map.map(line: 3, offset: 24)
        XCTAssertEqual(mapped.line, 5)
        XCTAssertEqual(mapped.offset, 30)
        XCTAssertEqual(Array(blob[30..<34]), Array("hong".utf8))
        XCTAssertEqual(map.map(line: 1, offset: 3).line, 2)
    }
}
