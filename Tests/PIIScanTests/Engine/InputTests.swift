import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class InputTests: XCTestCase {
    private let rules = RuleSet(rules: [
        Rule(id: "code", category: Category("test-code"), regex: #"(?<![0-9])\d{3}-\d{4}(?![0-9])"#, confidence: 0.6)
    ])

    private func engine(threads: Int = 1, bufferSize: Int = 4096) throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(threads: threads, bufferSize: bufferSize), rules: rules)
    }

    func testGzipOffsetsAreInDecompressedBytes() throws {
        let directory = try TemporaryDirectory()
        let text = Array("line one\nvalue 123-4567 here\n".utf8)
        let plain = try directory.write("a.log", text)
        let compressed = try directory.write("a.log.gz", try gzipped(text))
        let result = try engine().collect([plain, compressed])
        XCTAssertEqual(result.findings.count, 2)
        XCTAssertEqual(result.findings[0].offset, result.findings[1].offset)
        XCTAssertEqual(result.findings[1].line, 2)
        XCTAssertEqual(result.summary.files, 2)
        XCTAssertEqual(result.summary.bytes, Int64(text.count * 2))
    }

    /// A tar archive as `tar` writes it: a ustar header per file (name, mode, size in octal, the
    /// header's checksum), the file's bytes padded to 512, two zero blocks at the end.
    static func tarArchive(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var archive: [UInt8] = []
        for file in files {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) { header.replaceSubrange(offset..<(offset + text.utf8.count), with: Array(text.utf8)) }
            put(file.name, at: 0)
            put("0000644", at: 100)
            put(String(format: "%011o", file.bytes.count), at: 124)
            put("00000000000", at: 136)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257)
            put("00", at: 263)
            put("        ", at: 148)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o", sum), at: 148)
            header[154] = 0
            archive += header + file.bytes + [UInt8](repeating: 0, count: (512 - file.bytes.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }

    /// A `.tar` or `.tar.gz` is opened: each file of it is scanned as the file it is (its own
    /// CSV header; a rotated `.gz` log decompressed, in a `.tar.gz` too) and reported as
    /// `archive!member`; an archive in it is not opened (a note),
    /// and one cut short is an error after the files read before the cut.
    func testTarArchivesAreScannedFileByFile() throws {
        let engine = { try ScanEngine(configuration: testConfiguration(threads: 1, bufferSize: 4096), rules: .builtIn()) }
        let directory = try TemporaryDirectory()
        let csv = Array("성명,연락처\n홍길동,01023456789\n".utf8)
        let log = Array("주민번호 900101-1234568\n".utf8)
        let inner = Self.tarArchive([(name: "x.log", bytes: log)])
        // A rotated log compressed in the archive is decompressed too (a `.tar.gz` of `.gz` logs).
        let rotated = try gzipped(Array("연락처 010-3333-4444\n".utf8))
        let tar = Self.tarArchive([
            (name: "exports/members.csv", bytes: csv), (name: "logs/app.log", bytes: log), (name: "old.tar", bytes: inner),
            (name: "logs/app.log.2.gz", bytes: rotated),
        ])
        let plain = try directory.write("backup.tar", tar)
        let compressed = try directory.write("logs.tar.gz", try gzipped(tar))
        for path in [plain, compressed] {
            let result = try engine().collect([path])
            XCTAssertEqual(result.findings.map { "\($0.path.dropFirst(directory.url.path.count + 1)) \($0.line) \($0.category.rawValue)" }, [
                "backup.tar!exports/members.csv 2 kr-phone", "backup.tar!logs/app.log 1 kr-rrn", "backup.tar!logs/app.log.2.gz 1 kr-phone",
            ].map { path == plain ? $0 : $0.replacingOccurrences(of: "backup.tar", with: "logs.tar.gz") })
            XCTAssertEqual(result.findings.first?.field, "연락처", "the member's own CSV header")
            XCTAssertEqual(result.issues.map(\.message), ["tar archive inside an archive skipped"])
            XCTAssertEqual(result.summary.files, 1)
        }
        let cut = try directory.write("cut.tar", Array(tar[0..<(512 + 512 + 100)]))
        let result = try engine().collect([cut])
        XCTAssertEqual(result.findings.map(\.category), [.phone])
        XCTAssertEqual(result.issues.map(\.kind), [.error])
        XCTAssertTrue(result.issues[0].message.hasPrefix("tar archive truncated"), result.issues[0].message)
        var damaged = tar
        damaged[0] = UInt8(ascii: "X")  // the first header's checksum no longer matches
        let bad = try directory.write("bad.tar", damaged)
        XCTAssertEqual(try engine().collect([bad]).issues.map(\.message), ["tar archive damaged: a header's checksum does not match"])
        XCTAssertEqual(TarReader<MemorySource>.paxPath(ArraySlice(Array("27 mtime=1700000000.123456\n23 path=a/long/name.csv\n".utf8))), "a/long/name.csv")
    }

    func testConcatenatedGzipMembersAreAllRead() throws {
        let directory = try TemporaryDirectory()
        let first = Array(String(repeating: "noise line\n", count: 3000).utf8) + Array("a 111-2222\n".utf8)
        let second = Array("b 333-4444\n".utf8)
        let path = try directory.write("multi.gz", try gzipped(first) + gzipped(second))
        let result = try engine().collect([path])
        XCTAssertEqual(result.findings.map(\.line), [3001, 3002])
        XCTAssertTrue(result.issues.isEmpty)
    }

    func testTruncatedGzipKeepsEarlierFindingsAndReportsAnError() throws {
        let directory = try TemporaryDirectory()
        var text = "first 123-4567\n"
        var state: UInt64 = 42
        for _ in 0..<20000 {  // incompressible filler so the cut lands after the first value
            state = state &* 6364136223846793005 &+ 1
            text += String(state >> 20, radix: 36) + "\n"
        }
        let compressed = try gzipped(Array(text.utf8))
        let path = try directory.write("cut.gz", Array(compressed.prefix(compressed.count / 2)))
        let result = try engine().collect([path])
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertEqual(result.issues.first?.kind, .error)
        XCTAssertTrue(result.issues.first?.message.contains("truncated gzip") ?? false, "\(result.issues)")
        XCTAssertFalse(result.summary.complete)
    }

    /// A bad check value (CRC-32, length) is found only after the member's last byte was
    /// inflated, and garbage after a member only after it: every byte inflated before the damage
    /// is scanned, with any buffer size, and the damage is an error.
    func testCorruptGzipKeepsEverythingBeforeTheDamageAndReportsAnError() throws {
        let directory = try TemporaryDirectory()
        let text = Array("first 123-4567\n".utf8) + Array(String(repeating: "filler line\n", count: 2000).utf8)
            + Array("last 765-4321\n".utf8)
        var badCheck = try gzipped(text)
        badCheck[badCheck.count - 8] ^= 0xFF  // the CRC-32 in the trailer
        let garbage = try gzipped(text) + Array("not gzip\n".utf8)
        for (name, bytes) in [("crc.gz", badCheck), ("garbage.gz", garbage)] {
            let path = try directory.write(name, bytes)
            for bufferSize in [4096, 1 << 20] {
                let result = try engine(bufferSize: bufferSize).collect([path])
                XCTAssertEqual(result.findings.map(\.line), [1, 2002], "\(name), buffer \(bufferSize)")
                XCTAssertEqual(result.issues.count, 1, "\(result.issues)")
                XCTAssertTrue(result.issues.first?.message.contains("corrupt gzip data after \(text.count) decompressed bytes") ?? false,
                              "\(result.issues)")
                XCTAssertEqual(result.summary.bytes, Int64(text.count))
                XCTAssertFalse(result.summary.complete)
            }
        }
    }

    /// `--gzip-max-size` is exact, whatever the reader's buffer size: a stream longer than the
    /// limit hands out exactly the limit, then throws; a stream of exactly the limit ends normally.
    func testGzipSizeLimitIsExact() throws {
        let text = Array(String(repeating: "log line 123-4567 padding\n", count: 4000).utf8)  // 104 000 bytes
        let compressed = try gzipped(text)
        func read(limit: Int64, buffer: Int) -> (bytes: Int, error: InputError?) {
            var limits = GzipLimits()
            limits.maxBytes = limit
            var total = 0
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer, alignment: 16)
            defer { storage.deallocate() }
            do {
                var source = try GzipSource(MemorySource(compressed), limits: limits)
                while true {
                    let n = try source.read(into: storage)
                    if n == 0 { return (total, nil) }
                    total += n
                }
            } catch {
                return (total, error)
            }
        }
        for buffer in [1, 4096, 1 << 20] {
            for limit: Int64 in [1, 1000, 100 * 1024, Int64(text.count - 1)] {
                let outcome = read(limit: limit, buffer: buffer)
                XCTAssertEqual(outcome.bytes, Int(limit), "limit \(limit), buffer \(buffer)")
                XCTAssertEqual(
                    outcome.error?.message,
                    "gzip stream exceeds the size limit of \(limit) decompressed bytes (--gzip-max-size); decompression stopped")
            }
            let exact = read(limit: Int64(text.count), buffer: buffer)
            XCTAssertEqual(exact.bytes, text.count)
            XCTAssertNil(exact.error, "a stream of exactly the limit is within it")
        }
    }

    func testCorruptGzipIsAnError() throws {
        let directory = try TemporaryDirectory()
        var compressed = try gzipped(Array(String(repeating: "data 123-4567\n", count: 100).utf8))
        for index in 12..<min(40, compressed.count - 8) { compressed[index] ^= 0x5A }
        let result = try engine().collect([try directory.write("bad.gz", compressed)])
        XCTAssertEqual(result.issues.first?.kind, .error)
        XCTAssertFalse(result.summary.complete)
    }

    func testBinaryFilesAreSkippedWithANoteAndNeverScanned() throws {
        let directory = try TemporaryDirectory()
        let binary = try directory.write("blob.bin", [0x00, 0x01, 0x02] + Array("123-4567".utf8) + [0x00])
        let png = try directory.write("x.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(" 123-4567".utf8))
        // (A leading NUL run alone is a hole of a truncated log, see testLeadingNULRunIsSkipped…;
        // the NUL after the value makes this one binary.)
        let gzBinary = try directory.write("blob.gz", try gzipped([0, 0, 0] + Array("123-4567".utf8) + [0, 0x41]))
        let result = try engine().collect([binary, png, gzBinary])
        XCTAssertTrue(result.findings.isEmpty)
        XCTAssertEqual(result.issues.map(\.kind), [.skipped, .skipped, .skipped])
        XCTAssertTrue(result.summary.complete)
        XCTAssertEqual(result.summary.skipped, 3)
    }

    func testUnreadableAndMissingInputsAreErrorsAndTheScanContinues() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.log", "x 123-4567\n")
        let result = try engine().collect([directory.path + "/missing.log", good])
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertEqual(result.issues[0].kind, .error)
        XCTAssertTrue(result.issues[0].path.hasSuffix("missing.log"))
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertFalse(result.summary.complete)
    }

    func testUTF8BOMAndInvalidBytesDoNotStopDetection() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a 123-4567".utf8) + [0xFF, 0xC3, 0x0A] + Array("\u{FFFD} 765-4321\r\n".utf8)
        let findings = try engine().scan(bytes: bytes)
        XCTAssertEqual(findings.map(\.line), [1, 2])
        XCTAssertEqual(findings[0].column, 6)  // columns count bytes, BOM included
    }

    func testSniffer() {
        func kind(_ bytes: [UInt8]) -> ContentKind { bytes.withUnsafeBytes { ContentSniffer.classify($0) } }
        XCTAssertEqual(kind([0x1F, 0x8B, 8, 0]), .gzip)
        XCTAssertEqual(kind(Array("plain text\n".utf8)), .text)
        XCTAssertEqual(kind(Array("한국어 텍스트\n".utf8)), .text)
        XCTAssertEqual(kind([]), .text)
        XCTAssertNotEqual(kind(Array("SQLite format 3\0".utf8)), .text)
        XCTAssertNotEqual(kind([0x41, 0x00, 0x42]), .text)
        XCTAssertEqual(kind([0xFF, 0xFE, 0x41, 0x00]), .text)  // UTF-16 LE with BOM: transcoded
        // Mostly control bytes: more than one in ten (tab, line breaks, form feed, escape not counted).
        let text = Array(String(repeating: "log line\t\u{1B}[0m\r\n\u{0C}", count: 40).utf8)
        XCTAssertEqual(kind(text), .text)
        var controls = Array(repeating: UInt8(ascii: "a"), count: 100)
        for index in 0..<11 { controls[index * 9] = UInt8(1 + index % 8) }
        XCTAssertEqual(kind(controls), .unsupported(reason: "binary file skipped (mostly control bytes)"))
        controls[0] = UInt8(ascii: "a")
        XCTAssertEqual(kind(controls), .text, "10 in 100 is not more than one in ten")
        XCTAssertEqual(kind(Array(repeating: 0x1F, count: 31)), .text, "too short to judge")
        // Archives and other compressors: a note that says how to scan what they hold.
        var tar = Array("ar/a.csv".utf8) + [UInt8](repeating: 0, count: 504)
        tar.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
        XCTAssertEqual(kind(tar), .tar)
        tar.replaceSubrange(257..<263, with: Array("ustaR\0".utf8))
        XCTAssertNotEqual(kind(tar), .tar)
        XCTAssertEqual(kind([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]), .zip)
        XCTAssertEqual(kind([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)), .zip, "an empty archive")
        XCTAssertEqual(kind([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), .compoundFile)
        XCTAssertEqual(kind([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00]), .compressed(.xz))
        XCTAssertEqual(kind([0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00]), .compressed(.zstd))
        XCTAssertEqual(kind([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00]), .unsupported(reason: ContentSniffer.archiveNote("7-Zip archive")))
        XCTAssertEqual(kind(Array("BZh91AY&SY".utf8) + [0x8F, 0x00]), .compressed(.bzip2))
        XCTAssertEqual(kind(Array("BZh9 is a text line\n".utf8)), .text, "BZh without a block's magic is text")
    }

    /// NUL bytes in holes (a leading run of any length, later runs of at least
    /// `ContentSniffer.minimumHole` bytes) leave text text; scattered NUL bytes are binary.
    func testSnifferTellsHolesFromScatteredNULs() {
        func kind(_ bytes: [UInt8]) -> ContentKind { bytes.withUnsafeBytes { ContentSniffer.classify($0) } }
        let binary = ContentKind.unsupported(reason: "binary file skipped (contains NUL bytes)")
        let line = Array("2025-01-01 INFO signup\n".utf8)
        XCTAssertEqual(kind([0] + line), .text, "a one-byte leading run is a hole too")
        XCTAssertEqual(kind([UInt8](repeating: 0, count: 5000) + line), .text)
        XCTAssertEqual(kind(line + [UInt8](repeating: 0, count: 32) + line), .text, "a hole of minimumHole bytes")
        XCTAssertEqual(kind(line + [UInt8](repeating: 0, count: 31) + line), binary, "31 NUL bytes are not a hole")
        XCTAssertEqual(kind(line + [0] + line), binary)
        XCTAssertEqual(kind([UInt8](repeating: 0, count: 100) + line + [0, 0] + line), binary, "a hole does not excuse later NULs")
        XCTAssertEqual(kind([UInt8](repeating: 0, count: 100)), binary, "nothing but NULs")
        // A full head may end inside a hole (the engine reads on); a short head (the whole file) may not.
        let full = Array(repeating: UInt8(ascii: "a"), count: ContentSniffer.headSize - 3) + [0, 0, 0]
        XCTAssertEqual(kind(full), .text)
        XCTAssertEqual(kind(Array(full.dropFirst())), binary)
        // UTF-16 without a BOM (a NUL in every other byte) is text when its code units say so
        // (see EncodingTests.testUTF16WithoutBOMIsText); under 16 units they are too few to.
        XCTAssertEqual(kind(Array("plain text line".utf16.flatMap { [UInt8($0), 0] })), binary)
        XCTAssertEqual(kind(Array(String(repeating: "plain text line\n", count: 20).utf16.flatMap { [UInt8($0), 0] })), .text)
        XCTAssertEqual(kind(Array(String(repeating: "plain text line\n", count: 20).utf16.flatMap { [0, UInt8($0)] })), .text)
        // Lines of text whose fields are padded with NUL bytes (a fixed-width export) are text.
        var padded: [UInt8] = []
        for index in 0..<20 { padded += Array("\(index) 홍길동".utf8) + [0, 0, 0, 0, 0] + Array("010-2345-6789\n".utf8) }
        XCTAssertEqual(kind(padded), .text)
        XCTAssertEqual(padded.withUnsafeBytes { ContentSniffer.paddingNULs($0) }, 100)
        // ... but not with other control bytes among them (binary records), nor without lines.
        var records = padded
        for index in stride(from: 3, to: records.count, by: 40) { records[index] = 0x02 }
        XCTAssertEqual(kind(records), binary)
        XCTAssertEqual(kind(padded.filter { $0 != 0x0A }), binary)
        // Lines of text some of which carry a binary record (a Kafka console dump: JSON values and
        // raw Avro ones) are text; random bytes with line breaks are not.
        var dump: [UInt8] = []
        for index in 0..<24 {
            dump += Array("CreateTime:17181504\(String(format: "%05d", index))\tPartition:1\torder-\(7_729_710 + index)\t".utf8)
            if index % 3 == 2 {
                dump += [0, 0, 0, 4, 0x71, 0x1A] + Array("order-\(index)".utf8) + [0x12] + Array("010-2692-9449".utf8) + [0x86, 0x02, 0x0A]
            } else {
                dump += Array("{\"eventType\": \"PAYMENT_DONE\", \"orderId\": \"order-\(index)\", \"amount\": 13230}\n".utf8)
            }
        }
        XCTAssertEqual(kind(dump), .text)
        XCTAssertEqual(dump.withUnsafeBytes { ContentSniffer.nulBytesAmongTextLines($0) }, 24)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<ContentSniffer.headSize).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        XCTAssertEqual(kind(noise), binary)
        XCTAssertNil(noise.withUnsafeBytes { ContentSniffer.nulBytesAmongTextLines($0) })
        // The holes count neither as text nor as control bytes.
        var controls = Array(repeating: UInt8(ascii: "a"), count: 100)
        for index in 0..<11 { controls[index * 9] = UInt8(1 + index % 8) }
        XCTAssertEqual(kind([UInt8](repeating: 0, count: 4000) + controls), .unsupported(reason: "binary file skipped (mostly control bytes)"))
    }

    /// Classic Mac line ends (CR alone, Excel's "CSV (Macintosh)"): lines, columns, offsets and
    /// CSV fields are the file's, whatever the buffer, units and threads; CRLF stays as it was.
    func testCROnlyLineEndsAreLines() throws {
        let directory = try TemporaryDirectory()
        var text = "id,name,phone,note\r"
        for index in 1...300 { text += "\(index),홍길동,010-2345-\(String(format: "%04d", 1000 + index)),메모 \(index)\r" }
        let bytes = Array(text.utf8)
        let path = try directory.write("members-mac.csv", bytes)
        let crlf = try directory.write("members-win.csv", Array(text.replacingOccurrences(of: "\r", with: "\r\n").utf8))
        for configuration in [testConfiguration(), testConfiguration(threads: 2, bufferSize: 4096, chunkSize: 2048)] {
            let result = try ScanEngine(configuration: configuration, rules: rules).collect([path, crlf])
            let mac = result.findings.filter { $0.path == path }
            XCTAssertEqual(mac.map(\.line), Array(2...301))
            XCTAssertEqual(mac.map(\.field), Array(repeating: "phone", count: 300))
            for finding in mac {
                XCTAssertEqual(Array(bytes[Int(finding.offset)..<Int(finding.offset) + 3]), Array("010".utf8))
                let lineStart = Int(finding.offset) - (finding.column - 1)
                XCTAssertTrue(lineStart == 0 || bytes[lineStart - 1] == 0x0D)
            }
            XCTAssertEqual(result.findings.filter { $0.path == crlf }.map(\.line), Array(2...301))
            XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        }
        // A CRLF file whose first line fills the sniffed head, cut between its CR and LF, is no
        // CR-only file.
        func crOnly(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { ScanEngine.hasCROnlyLineEnds($0) } }
        XCTAssertTrue(crOnly("a\rb\r"))
        XCTAssertFalse(crOnly(String(repeating: "x", count: 10) + "\r"))
        XCTAssertFalse(crOnly("a\r\nb\r"))
        XCTAssertFalse(crOnly("plain"))
    }

    /// What `logrotate copytruncate` leaves when the writer keeps its offset: a NUL hole (here
    /// 100 kB, longer than the sniffed head) before the text. The hole is skipped with a note,
    /// the text is scanned with offsets, lines and columns of the file, whole or split into
    /// units, plain or gzip-compressed.
    func testLeadingNULRunIsSkippedAndTheTextScanned() throws {
        let directory = try TemporaryDirectory()
        let hole = 100_000
        var text = Array("first 123-4567\nsecond\n".utf8)
        for index in 0..<3000 { text += Array("noise line \(index)\n".utf8) }
        text += Array("last 765-4321\n".utf8)
        let bytes = [UInt8](repeating: 0, count: hole) + text
        let plain = try directory.write("copytruncate.log", bytes)
        let compressed = try directory.write("copytruncate.log.1.gz", try gzipped(bytes))
        for configuration in [testConfiguration(), testConfiguration(threads: 2, bufferSize: 4096, chunkSize: 8192)] {
            let engine = try ScanEngine(configuration: configuration, rules: rules)
            for path in [plain, compressed] {
                let result = engine.collect([path])
                XCTAssertEqual(result.findings.map(\.line), [1, 3003], path)
                XCTAssertEqual(result.findings.map(\.offset), [Int64(hole + 6), Int64(bytes.count - 9)], path)
                XCTAssertEqual(result.findings.first?.column, hole + 7, "the first line starts at byte 0, in the hole")
                XCTAssertEqual(result.findings.last?.column, 6)
                XCTAssertEqual(result.issues, [InputIssue(
                    kind: .skipped, path: path,
                    message: "100000 leading NUL bytes skipped (a log truncated in place, e.g. by logrotate copytruncate); the text after them was scanned")])
                XCTAssertTrue(result.summary.complete)
                XCTAssertEqual(result.summary.files, 1)
                XCTAssertEqual(result.summary.bytes, Int64(text.count), "the hole is not counted as scanned")
            }
        }
    }

    /// A file of NUL bytes only, binary data after a NUL run, and NUL bytes scattered through
    /// text are still skipped as binary, never scanned.
    func testNULOnlyFilesAndScatteredNULsAreStillBinary() throws {
        let directory = try TemporaryDirectory()
        let zeros = try directory.write("zeros.log", [UInt8](repeating: 0, count: 20_000))
        var scattered = [UInt8]()
        for _ in 0..<200 { scattered += Array("value 123-4567 ".utf8) + [0] }
        let holeThenBinary = try directory.write("hole-binary.log", [UInt8](repeating: 0, count: 50_000) + scattered)
        let scatteredText = try directory.write("scattered.log", scattered)
        let elf = try directory.write("a.out", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 64) + Array("x 123-4567\n".utf8))
        let result = try engine().collect([zeros, holeThenBinary, scatteredText, elf])
        XCTAssertEqual(result.findings, [])
        XCTAssertEqual(result.issues.map(\.message), [
            "binary file skipped (only NUL bytes)", "binary file skipped (contains NUL bytes)",
            "binary file skipped (contains NUL bytes)", "binary file skipped (ELF executable)",
        ])
        XCTAssertEqual(result.issues.map(\.kind), [.skipped, .skipped, .skipped, .skipped])
        XCTAssertEqual(result.summary.files, 0)
    }

    /// A NUL hole in the middle of a log (a second truncation in place, with another writer
    /// appending) neither makes the file binary nor hides what follows, whether it starts in the
    /// sniffed head or after it; line numbers count the line breaks of the file.
    func testNULHoleInTheMiddleOfALogKeepsTheRestScanned() throws {
        let directory = try TemporaryDirectory()
        let early = try directory.write(
            "early.log", Array("a 123-4567\n".utf8) + [UInt8](repeating: 0, count: 70_000) + Array("b 765-4321\nc 111-2222\n".utf8))
        let late = try directory.write(
            "late.log", Array(String(repeating: "plain log line\n", count: 1000).utf8) + [UInt8](repeating: 0, count: 70_000)
                + Array("b 765-4321\n".utf8))
        let result = try engine().collect([early, late])
        XCTAssertEqual(result.findings.map(\.line), [1, 2, 3, 1001])
        XCTAssertEqual(result.findings[1].offset, 11 + 70_000 + 2)
        XCTAssertEqual(result.issues, [])
    }
}

final class ChangingInputTests: XCTestCase {
    /// A file that shrinks between listing and reading (log rotation) is reported, not silently
    /// scanned short.
    func testFileTruncatedAfterListingIsAnError() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("rotating.log", String(repeating: "line 123-4567\n", count: 1000))
        let entries = Walker().walk([path])
        XCTAssertEqual(truncate(path, 100), 0)
        let rules = RuleSet(rules: [Rule(id: "code", category: Category("t"), regex: #"\d{3}-\d{4}"#, confidence: 0.6)])
        var issues: [InputIssue] = []
        var findings = 0
        let summary = try ScanEngine(configuration: testConfiguration(), rules: rules).scan(entries) { event in
            switch event {
            case .finding: findings += 1
            case .issue(let issue): issues.append(issue)
            }
        }
        XCTAssertEqual(findings, 7)
        XCTAssertEqual(issues.count, 1)
        XCTAssertTrue(issues.first?.message.contains("shrank") ?? false, "\(issues)")
        XCTAssertFalse(summary.complete)
    }
}

/// Files that change between listing and reading, through the same engine the binary uses
/// (the window between the walk and the open cannot be hit reliably from outside the process).
final class ListedThenChangedTests: XCTestCase {
    private let rules = RuleSet(rules: [Rule(id: "code", category: Category("t"), regex: #"\d{3}-\d{4}"#, confidence: 0.6)])

    private func scan(_ entries: [WalkEntry]) throws -> (findings: [Finding], issues: [InputIssue], summary: ScanSummary) {
        var findings: [Finding] = []
        var issues: [InputIssue] = []
        let summary = try ScanEngine(configuration: testConfiguration(threads: 2, chunkSize: 4096), rules: rules).scan(entries) { event in
            switch event {
            case .finding(let finding): findings.append(finding)
            case .issue(let issue): issues.append(issue)
            }
        }
        return (findings, issues, summary)
    }

    /// Deleted after the walk listed it: an error naming the file; the other file is scanned.
    func testFileDeletedBetweenListingAndOpening() throws {
        let directory = try TemporaryDirectory()
        let gone = try directory.write("a-gone.log", "x 123-4567\n")
        let kept = try directory.write("b-kept.log", "y 765-4321\n")
        let entries = Walker().walk([directory.path])
        XCTAssertEqual(unlink(gone), 0)
        let result = try scan(entries)
        XCTAssertEqual(result.issues.map(\.path), [gone])
        XCTAssertEqual(result.issues.first?.message, "cannot open: No such file or directory")
        XCTAssertEqual(result.findings.map(\.path), [kept])
        XCTAssertFalse(result.summary.complete)
    }

    /// Rotated after listing (renamed away, a new short file in its place): the new file is
    /// shorter than listed, which is reported instead of a silent short scan.
    func testFileRotatedBetweenListingAndReading() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("app.log", String(repeating: "line 123-4567\n", count: 2000))
        let entries = Walker().walk([path])
        XCTAssertEqual(rename(path, path + ".1"), 0)
        _ = try directory.write("app.log", "new 123-4567\n")
        let result = try scan(entries)
        XCTAssertEqual(result.issues.count, 1, "\(result.issues)")
        XCTAssertTrue(result.issues.first?.message.contains("shrank") ?? false, "\(result.issues)")
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertFalse(result.summary.complete)
    }

    /// Growing while read (a live log): scanned up to the size it had when listed, which is a
    /// complete scan of that snapshot; the appended lines wait for the next scan.
    func testGrowingFileIsScannedToItsListedSize() throws {
        let directory = try TemporaryDirectory()
        let original = String(repeating: "line 123-4567\n", count: 1000)
        let path = try directory.write("live.log", original)
        let entries = Walker().walk([path])
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(String(repeating: "more 765-4321\n", count: 1000).utf8))
        try handle.close()
        let result = try scan(entries)
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        XCTAssertEqual(result.findings.count, 1000)
        XCTAssertEqual(result.summary.bytes, Int64(original.utf8.count))
        XCTAssertTrue(result.summary.complete)
    }
}


/// A rule that hits PCRE2's backtracking limit on one line: that line is reported where it is
/// and skipped for that rule, and the lines before and after it are still searched.
final class MatchLimitTests: XCTestCase {
    func testTheLineAtFaultIsReportedAndTheOthersStillSearched() throws {
        let directory = try TemporaryDirectory()
        // `(?:a+)+b` backtracks exponentially on a long run of a's with a b later on the line
        // (the b defeats PCRE2's required-character shortcut).
        let lines = ["id aab ok", "x " + String(repeating: "a", count: 40) + "!b", "then aab again", "and aab"]
        let path = try directory.write("limit.log", lines.joined(separator: "\n") + "\n")
        let slow = Rule(id: "slow", category: Category(rawValue: "slow"), regex: "(?:a+)+b", confidence: 0.9)
        for bufferSize in [4096, 1 << 20] {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.minConfidence = 0
            let engine = try ScanEngine(configuration: configuration, rules: RuleSet(rules: [slow]))
            let (findings, issues, _) = engine.collect([path])
            XCTAssertEqual(findings.map(\.line), [1, 3, 4], "buffer \(bufferSize)")
            XCTAssertEqual(issues.count, 1, "\(issues)")
            let faultyLineStart = lines[0].utf8.count + 1
            XCTAssertTrue(issues.first?.message.contains("rule 'slow'") ?? false, "\(issues)")
            XCTAssertTrue(issues.first?.message.contains("near byte \(faultyLineStart);") ?? false, "\(issues)")
        }
    }
}

/// The per-file results (`fileFinished`, what `--state` stores) count exactly the findings
/// reported for each file, whatever the thread count and however a file is split into units.
final class FileResultTests: XCTestCase {
    func testEachFileResultCountsItsReportedFindings() throws {
        let rules = RuleSet(rules: [Rule(id: "code", category: Category("t"), regex: #"\d{3}-\d{4}"#, confidence: 0.6)])
        let directory = try TemporaryDirectory()
        var big = ""
        for line in 0..<3000 { big += line % 3 == 0 ? "row \(line) 123-\(1000 + line % 9000)\n" : "row \(line) nothing here\n" }
        try directory.write("a-big.log", big)  // several units with a 4 KiB chunk size
        try directory.write("b-none.log", "no values\n")
        try directory.write("c-small.log", "x 123-4567 y 765-4321\n")
        let entries = Walker().walk([directory.path])
        for threads in [1, 2] {
            var reported: [String: Int] = [:]
            var results: [FileResult] = []
            _ = try ScanEngine(configuration: testConfiguration(threads: threads, chunkSize: 4096), rules: rules).scan(
                entries, fileFinished: { results.append($0) }
            ) { event in
                if case .finding(let finding) = event { reported[finding.path, default: 0] += 1 }
            }
            XCTAssertEqual(results.count, 3, "threads \(threads)")
            XCTAssertEqual(reported.values.reduce(0, +), 1002, "threads \(threads)")
            for result in results {
                XCTAssertEqual(result.findings, reported[result.path, default: 0], "\(result.path), threads \(threads)")
            }
        }
    }
}
