import Foundation
import XCTest

/// The built binary on fixtures/encodings (legacy encodings, encoded values, structured text):
/// goldens, offsets in original bytes, buffer-size independence, records for linkage.
final class EncodingCLITests: CLITestCase {
    private func ndjson(_ arguments: [String], stdin: Data? = nil) throws -> [[String: Any]] {
        let outcome = try piiscan(["scan", "--format", "ndjson"] + arguments, stdin: stdin)
        XCTAssertTrue([0, 1].contains(outcome.status), outcome.stderr)
        return try outcome.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    private func findings(_ arguments: [String], stdin: Data? = nil) throws -> [[String: Any]] {
        try ndjson(arguments, stdin: stdin).filter { $0["type"] as? String == "finding" }
    }

    func testEncodingsGolden() throws {
        for (format, file) in [("ndjson", "encodings.ndjson"), ("text", "encodings.txt")] {
            let outcome = try piiscan(["scan", "fixtures/encodings", "--format", format])
            XCTAssertEqual(outcome.status, 1, outcome.stderr)
            XCTAssertEqual(outcome.stderr, "")
            let golden = Self.root.appendingPathComponent("fixtures/golden/\(file)")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
                try outcome.stdout.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            XCTAssertEqual(outcome.stdout, try String(contentsOf: golden, encoding: .utf8), "\(file) differs; if intended: UPDATE_GOLDENS=1 swift test")
        }
    }

    /// The text report says how a value was found: `(percent-decoded, field email)`.
    func testTextReportNamesDecodingAndField() throws {
        let directory = try temporaryDirectory()
        try "GET /a?email=hong%40naver.com&x=1\ntel ０１０－２３４５－６７８９\n{\"rrn\":\"900101-1234568\"}\n"
            .write(to: directory.appendingPathComponent("app.log"), atomically: true, encoding: .utf8)
        let outcome = try piiscan(["scan", "--format", "text", "app.log"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let lines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(":") }.prefix(3)
        XCTAssertEqual(lines.count, 3, outcome.stdout)
        XCTAssertTrue(lines[lines.startIndex].hasSuffix("h***@naver.com  (percent-decoded, field email)"), outcome.stdout)
        XCTAssertTrue(lines[lines.startIndex + 1].hasSuffix("(fullwidth-decoded)"), outcome.stdout)
        XCTAssertTrue(lines[lines.startIndex + 2].hasSuffix("900101-1******  (field rrn)"), outcome.stdout)
    }

    func testSameFindingsForAnyBufferSizeThreadsAndChunks() throws {
        let reference = try piiscan(["scan", "fixtures/encodings", "--format", "ndjson", "--threads", "1"])
        XCTAssertGreaterThan(reference.stdout.count, 100_000)
        for extra in [["--buffer-size", "4096"], ["--buffer-size", "5003", "--chunk-size", "7000", "--threads", "3"]] {
            let outcome = try piiscan(["scan", "fixtures/encodings", "--format", "ndjson"] + extra)
            XCTAssertEqual(outcome.stdout, reference.stdout, "differs with \(extra)")
        }
    }

    /// Offsets, lengths and columns are in the original bytes: the span decodes to the value.
    func testLegacyEncodingOffsetsAreInOriginalBytes() throws {
        let files: [(String, String.Encoding?)] = [
            ("utf16/export-utf16le.txt", .utf16LittleEndian), ("utf16/export-utf16be.txt", .utf16BigEndian),
            ("boundary/long-utf16le.txt", .utf16LittleEndian), ("boundary/long-cp949.txt", nil),
            ("cp949/notes-cp949.txt", nil), ("cp949/customers-euckr.csv", nil),
        ]
        for (name, encoding) in files {
            let path = "fixtures/encodings/\(name)"
            let data = try Data(contentsOf: Self.root.appendingPathComponent(path))
            let found = try findings([path, "--show-values", "--buffer-size", "4096"])
            XCTAssertGreaterThan(found.count, 2, name)
            for finding in found {
                let offset = finding["offset"] as! Int
                let length = finding["length"] as! Int
                let value = finding["value"] as! String
                let span = data[offset..<(offset + length)]
                if let encoding {
                    XCTAssertEqual(String(data: span, encoding: encoding), value, name)
                } else if value.allSatisfy(\.isASCII) {
                    XCTAssertEqual(String(decoding: span, as: UTF8.self), value, name)  // ASCII is ASCII in CP949
                } else {
                    XCTAssertEqual(length, value.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }, name)  // Hangul: 2 bytes
                }
                // Column: bytes since the previous line break, in the original encoding.
                let newline: [UInt8] = encoding == .utf16BigEndian ? [0, 10] : encoding == .utf16LittleEndian ? [10, 0] : [10]
                var lineStart = offset
                while lineStart >= newline.count && Array(data[(lineStart - newline.count)..<lineStart]) != newline { lineStart -= 1 }
                if lineStart < newline.count && encoding != nil { lineStart = 2 }  // after the BOM
                XCTAssertEqual(finding["column"] as? Int, offset - lineStart + 1, "\(name) \(value)")
            }
        }
    }

    /// A legacy server's log opens with a long ASCII boot banner: its EUC-KR lines further on are
    /// still read as EUC-KR (the labels and addresses would be lost as UTF-8), and every finding
    /// keeps its offset in the file.
    func testLegacyEncodingAfterALongASCIIHead() throws {
        let path = Self.root.appendingPathComponent("fixtures/encodings/cp949/notes-cp949.txt")
        let legacy = try Data(contentsOf: path)
        let banner = Data((0..<400).map { "2026-03-01 00:00:\($0 % 60) INFO boot sequence step \($0) ok\n" }.joined().utf8)
        XCTAssertGreaterThan(banner.count, 16_384)
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("catalina.out")
        try (banner + legacy).write(to: file)
        let alone = try findings([path.path]).map { "\(Int($0["offset"] as! NSNumber) + banner.count) \($0["fingerprint"]!)" }
        XCTAssertEqual(alone.count, 40)
        let late = try findings([file.path]).map { "\($0["offset"]!) \($0["fingerprint"]!)" }
        XCTAssertEqual(late, alone)
    }

    func testLegacyEncodingsFromStandardInputAndGzip() throws {
        let path = Self.root.appendingPathComponent("fixtures/encodings/cp949/notes-cp949.txt")
        let fromFile = try findings([path.path]).map { "\($0["offset"]!) \($0["fingerprint"]!)" }
        XCTAssertEqual(fromFile.count, 40)
        let fromStdin = try findings(["-"], stdin: try Data(contentsOf: path)).map { "\($0["offset"]!) \($0["fingerprint"]!)" }
        XCTAssertEqual(fromStdin, fromFile)
        let directory = try temporaryDirectory()
        let gz = directory.appendingPathComponent("notes.txt.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(path.path)' > '\(gz.path)'"]
        try process.run()
        process.waitUntilExit()
        let fromGzip = try findings([gz.path]).map { "\($0["offset"]!) \($0["fingerprint"]!)" }
        XCTAssertEqual(fromGzip, fromFile)
    }

    func testDecodedFindingsSayHowAndPointAtTheEncodedText() throws {
        let found = try findings(["fixtures/encodings/encoded", "fixtures/encodings/boundary/encoded-long.log", "--show-values"])
        var seen = Set<String>()
        for finding in found {
            guard let decoding = finding["decoding"] as? String else { continue }
            seen.insert(decoding)
            let data = try Data(contentsOf: Self.root.appendingPathComponent(finding["path"] as! String))
            let offset = finding["offset"] as! Int
            let span = String(decoding: data[offset..<(offset + (finding["length"] as! Int))], as: UTF8.self)
            let value = finding["value"] as! String
            XCTAssertNotEqual(span, value, "a decoded finding's span is encoded")
            switch decoding {
            case "percent": XCTAssertEqual(span.replacingOccurrences(of: "+", with: " ").removingPercentEncoding, value)
            case "json-escape": XCTAssertTrue(span.contains("\\u"), span)
            case "html-entity": XCTAssertTrue(span.contains("&#"), span)
            case "fullwidth": XCTAssertEqual(String(String.UnicodeScalarView(span.unicodeScalars.map {
                    (0xFF01...0xFF5E).contains($0.value) ? Unicode.Scalar($0.value - 0xFEE0)! : $0 })), value)
            case "base64":
                // The span is the characters that carry the value's bits (two values in one
                // payload get disjoint spans): widened by up to 3 characters on each side to its
                // groups of four (aligned with the payload's start, which the test does not
                // know), it decodes to a text holding the value.
                let bytes = Array(data)
                let decodes = (0...3).contains { left in
                    let start = offset - left
                    guard start >= 0 else { return false }
                    var end = offset + (finding["length"] as! Int)
                    while (end - start) % 4 != 0 { end += 1 }
                    guard end <= bytes.count, let text = Data(base64Encoded: Data(bytes[start..<end])) else { return false }
                    return String(decoding: text, as: UTF8.self).contains(value)
                }
                XCTAssertTrue(decodes, span)
            default: XCTFail("unknown decoding \(decoding)")
            }
        }
        XCTAssertEqual(seen, ["percent", "json-escape", "html-entity", "fullwidth", "base64"])
        let plain = try findings(["fixtures/encodings/encoded", "--no-decode"])
        XCTAssertTrue(plain.allSatisfy { $0["decoding"] == nil })
        XCTAssertLessThan(plain.count, found.count / 2)
    }

    func testBrokenEncodingsDoNotCrash() throws {
        let outcome = try piiscan(["scan", "fixtures/encodings/invalid", "--format", "ndjson"])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertEqual(outcome.stdout.components(separatedBy: "\"type\":\"finding\"").count - 1, 6)
        // Random bytes behind a UTF-16 BOM, and random CP949-looking bytes: scanned, no crash.
        let directory = try temporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        for index in 0..<6 {
            var bytes: [UInt8] = index % 2 == 0 ? [0xFF, 0xFE] : Array("주민 ".utf8)
            for _ in 0..<20_000 { bytes.append(index % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : UInt8.random(in: 0x80...0xFF, using: &generator)) }
            try Data(bytes).write(to: directory.appendingPathComponent("r\(index).txt"))
        }
        let random = try piiscan(["scan", directory.path, "--buffer-size", "4096"])
        XCTAssertTrue([0, 1].contains(random.status), random.stderr)
    }

    /// A CSV header names every later row's cells; `order_no` holding RRN-shaped numbers (with a
    /// valid check digit) is not reported, `jumin` is.
    func testCSVColumnsAreContextAndOrderNumbersAreNotRRNs() throws {
        let found = try findings(["fixtures/encodings/structure/orders.csv", "--chunk-size", "300"])
        XCTAssertEqual(found.filter { $0["field"] as? String == "jumin" }.count, 20)
        XCTAssertEqual(found.filter { $0["field"] as? String == "order_no" }.count, 0)
        let all = try findings(["fixtures/encodings/structure/orders.csv", "--min-confidence", "0"])
        let orders = all.filter { $0["field"] as? String == "order_no" }
        XCTAssertEqual(orders.count, 20)
        XCTAssertTrue(orders.allSatisfy { ($0["confidence"] as! Double) < 0.5 })
    }

    /// One JSON object, CSV row or logfmt line is one record: the identifiers on it are one person.
    func testRecordsOfStructuredTextLinkIdentifiers() throws {
        for (name, people) in [("structure/users.jsonl", 15), ("structure/orders.csv", 20), ("structure/events.logfmt", 15),
                               ("structure/users.tsv", 10), ("cp949/customers-euckr.csv", 25)] {
            let summary = try ndjson(["fixtures/encodings/\(name)"]).first { $0["type"] as? String == "summary" }
            let linked = (summary?["people"] as? [String: Any])?["d"] as? Int
            XCTAssertEqual(linked, people, name)
        }
    }
}
