import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// UTF-16 columns of text findings (`ScanConfiguration.utf16Columns`, for SARIF): the counter,
/// and findings after Hangul, emoji, invalid bytes and on lines longer than the buffer.
final class UTF16ColumnTests: XCTestCase {
    private func count(_ bytes: [UInt8], split: Int? = nil) -> Int64 {
        var counter = UTF16Counter()
        let cut = split ?? bytes.count
        bytes[..<cut].withUnsafeBytes { counter.add($0) }
        bytes[cut...].withUnsafeBytes { counter.add($0) }
        return counter.units
    }

    /// Valid text: String's UTF-16 count, whatever byte the text is cut at between two pieces.
    func testCounterCountsCharactersAndSurrogatePairs() {
        let text = "a주민번호 😀 é𝄞 z"
        let bytes = Array(text.utf8)
        for split in 0...bytes.count {
            XCTAssertEqual(count(bytes, split: split), Int64(text.utf16.count), "split at \(split)")
        }
    }

    /// Invalid bytes count as the decoder replaces them (one U+FFFD per maximal subpart), and a
    /// count never goes negative, for any bytes.
    func testCounterMatchesTheDecoderOnInvalidBytes() {
        let cases: [[UInt8]] = [
            [0x80], [0xFF, 0xFE, 0x80, 0x41], [0xE0, 0x80, 0x41], [0xF0, 0x9F, 0x98, 0x41], [0xED, 0xA0, 0x80],
            [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xEA, 0xB0], [0xF0, 0x9F, 0x98, 0x80, 0x80],
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<200).map { _ in (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0x7E...0xFF, using: &generator) } }
        for bytes in cases + random {
            let expected = Int64(String(decoding: bytes, as: UTF8.self).utf16.count)
            for split in 0...bytes.count {
                XCTAssertEqual(count(bytes, split: split), expected, "\(bytes.map { String($0, radix: 16) }) split at \(split)")
            }
        }
    }

    /// Every text finding's UTF-16 columns select, in the line decoded as UTF-8, exactly the
    /// characters of its bytes; byte columns are unchanged, and nothing is computed unless asked.
    func testFindingsPointAtTheirValueInUTF16CodeUnits() throws {
        var text: [UInt8] = []
        text += Array("주민번호 900101-1234568 연락처 010-2345-6789\n".utf8)
        text += Array("😀😀 메일 hong@naver.com\n".utf8)
        text += [0xFF, 0xFE, 0x80, 0xE0, 0x80] + Array(" 전화 010-2345-6789 😀 email=hong%40naver.com\n".utf8)
        // A line much longer than the buffer (4 KiB here): values after 30,000 Hangul bytes and
        // more, and a shift that cuts characters apart.
        var long = Array("시작 ".utf8)
        for index in 0..<12 {
            long += Array(String(repeating: "가나다😀", count: 250 + index).utf8)
            long += Array(" 주민번호 900101-1234568 ".utf8)
        }
        text += long + [0x0A]
        text += Array("끝 hong@naver.com\n".utf8)

        var configuration = ScanConfiguration()
        configuration.bufferSize = 4096
        configuration.fingerprinter = Fingerprinter(secret: Array("utf16-column-test-key".utf8))
        let plain = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).scan(bytes: text, path: "t.log")
        configuration.utf16Columns = true
        let findings = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).scan(bytes: text, path: "t.log")
        XCTAssertEqual(findings.count, 18)
        XCTAssertTrue(plain.allSatisfy { $0.utf16Column == 0 && $0.utf16EndColumn == 0 })
        XCTAssertTrue(findings.contains { $0.decoding == "percent" })

        var lineStarts = [0]
        for (index, byte) in text.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        for (finding, unlocated) in zip(findings, plain) {
            var copy = finding
            copy.utf16Column = 0
            copy.utf16EndColumn = 0
            XCTAssertEqual(copy, unlocated, "only the UTF-16 columns differ")
            let lineStart = lineStarts[finding.line - 1]
            XCTAssertEqual(lineStart + finding.column - 1, Int(finding.offset), "byte column unchanged")
            let lineEnd = text[lineStart...].firstIndex(of: 0x0A) ?? text.count
            let line = Array(String(decoding: text[lineStart..<lineEnd], as: UTF8.self).utf16)
            XCTAssertGreaterThan(finding.utf16Column, 0)
            XCTAssertLessThanOrEqual(finding.utf16Column, finding.utf16EndColumn)
            XCTAssertLessThanOrEqual(Int(finding.utf16EndColumn) - 1, line.count)
            let selected = line[(Int(finding.utf16Column) - 1)..<(Int(finding.utf16EndColumn) - 1)]
            let value = String(decoding: text[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            // Compared, not printed: a failure shows positions only.
            XCTAssertTrue(Array(value.utf16) == Array(selected), "line \(finding.line) byte column \(finding.column): UTF-16 \(finding.utf16Column)–\(finding.utf16EndColumn)")
        }
    }

    /// A value decoded from a mail body's Base64 block may span a line break of the block: its
    /// region then ends on the later line (`utf16EndLine`), the end column counted from that
    /// line's start; a value within one line keeps `utf16EndLine` 0.
    func testASpanCrossingALineBreakEndsOnTheLaterLine() throws {
        let body = "고객 주민번호 900101-1234568 연락처 010-2345-6789 입니다. 추가 정보 "
        let encoded = Data(String(repeating: body, count: 3).utf8).base64EncodedString(options: .lineLength76Characters)
            .replacingOccurrences(of: "\r\n", with: "\n")
        let header = "From: a@example.com\nSubject: test\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        let text = Array((header + encoded + "\n").utf8)
        let directory = try TemporaryDirectory()
        let path = try directory.write("m.eml", String(decoding: text, as: UTF8.self))
        var configuration = testConfiguration(threads: 1, bufferSize: 1 << 20)
        configuration.utf16Columns = true
        let findings = try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).collect([path]).findings
        XCTAssertEqual(findings.count, 6)
        XCTAssertTrue(findings.allSatisfy { $0.decoding == "base64" })
        // The same in windows smaller than the body.
        configuration.bufferSize = 4096
        XCTAssertEqual(try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn()).collect([path]).findings, findings)
        var lineStarts = [0]
        for (index, byte) in text.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        var crossing = 0
        for finding in findings {
            let end = Int(finding.offset) + finding.length
            let breaks = text[Int(finding.offset)..<end].filter { $0 == 0x0A }.count
            XCTAssertEqual(Int(finding.utf16EndLine), breaks == 0 ? 0 : finding.line + breaks)
            let endLine = breaks == 0 ? finding.line : finding.line + breaks
            // Base64 is ASCII: a column is the byte's distance from its line's start.
            XCTAssertEqual(Int(finding.utf16EndColumn), end - lineStarts[endLine - 1] + 1)
            XCTAssertEqual(Int(finding.utf16Column), Int(finding.offset) - lineStarts[finding.line - 1] + 1)
            if breaks > 0 { crossing += 1 }
        }
        XCTAssertGreaterThan(crossing, 0, "the test needs a value whose Base64 crosses a line break")
    }
}
