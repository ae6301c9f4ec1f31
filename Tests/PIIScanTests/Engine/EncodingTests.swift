import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Legacy encodings (detection, transcoding, offset maps) and values hidden by encodings in text.
final class EncodingTests: XCTestCase {
    private func detect(_ bytes: [UInt8]) -> TextEncoding { bytes.withUnsafeBytes { TextEncoding.detect($0) } }

    /// CP949 bytes of a string (``cp949Bytes(_:)``).
    private func cp949(_ text: String) throws -> [UInt8] { try cp949Bytes(text) }

    private func builtInEngine(bufferSize: Int = 4096, decode: Bool = true) throws -> ScanEngine {
        var configuration = testConfiguration(bufferSize: bufferSize)
        configuration.showValues = true
        configuration.decodeValues = decode
        return try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn())
    }

    // MARK: - Detection

    func testDetectsCP949AndUTF16ButNeverUTF8() throws {
        XCTAssertEqual(detect(try cp949("고객 홍길동 주민번호 850315-2012341 연락처 010-2345-6789\n주소 서울특별시 송파구\n")), .cp949)
        // Little Hangul, much of it reading as valid UTF-8 (홍 = C8 AB, 길동 = B1 + E6 B5 BF).
        var rows = "이름,주민번호,휴대폰\n"
        for n in 1...12 { rows += "홍길동\(n),670124-2320988,010-3828-3286\n" }
        XCTAssertEqual(detect(try cp949(rows)), .cp949)
        XCTAssertEqual(detect([0xFF, 0xFE, 0x41, 0x00]), .utf16LE)
        XCTAssertEqual(detect([0xFE, 0xFF, 0x00, 0x41]), .utf16BE)
        XCTAssertEqual(detect(Array("한국어 텍스트 주민번호 850315-2012341\n".utf8)), .utf8)
        XCTAssertEqual(detect([]), .utf8)
        // UTF-8 with a few invalid bytes (and an EUC-KR word pasted in) stays UTF-8.
        let mixed = Array(String(repeating: "한국어 로그 줄입니다 ", count: 20).utf8) + [0xFF, 0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF, 0x80, 0xFE]
        XCTAssertEqual(detect(mixed), .utf8)
        // Latin-1 (accented letters followed by ASCII) is not CP949.
        let latin1: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" na".utf8) + [0xEF] + Array("ve r".utf8) + [0xE9]
            + Array("sum".utf8) + [0xE9] + Array(" d".utf8) + [0xE9] + Array("j".utf8) + [0xE0] + Array(" vu\n".utf8)
        XCTAssertEqual(detect(latin1 + latin1), .utf8)
        // Every UTF-8 text fixture of the main corpus stays UTF-8.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for name in ["mixed/invalid-utf8.log", "text/notes-ko.txt", "app/app.jsonl", "export/customers.csv", "nginx/access.log"] {
            let data = try Data(contentsOf: root.appendingPathComponent("fixtures/inputs/\(name)"))
            XCTAssertEqual(detect(Array(data.prefix(ContentSniffer.headSize))), .utf8, name)
        }
    }

    /// A UTF-16 BOM counts only when what follows plausibly is UTF-16: `FF FE` before ASCII (a
    /// stray `ÿþ`, garbage at the start of a log) is byte text, and is not skipped as binary.
    func testUTF16BOMNeedsUTF16AfterIt() throws {
        func le(_ text: String) -> [UInt8] { [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        func be(_ text: String) -> [UInt8] { [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        let ascii = Array("rrn 790722-2045642 name hong\n".utf8)
        XCTAssertEqual(detect([0xFF, 0xFE] + ascii), .utf8)
        XCTAssertEqual(detect([0xFE, 0xFF] + ascii), .utf8)
        XCTAssertEqual(detect([0xFF, 0xFE, 0xC3, 0x28] + ascii + [0x80, 0x81, 0x0A]), .utf8, "with invalid bytes around")
        XCTAssertEqual(detect([0xFF, 0xFE] + Array(String(repeating: "790722-2045642,010-2345-6789\n", count: 3).utf8)), .utf8, "CSV without spaces")
        XCTAssertEqual(detect([0xFF, 0xFE] + Array("a b c".utf8)), .utf16LE, "fewer than eight units: too few to judge, the BOM wins")
        // Real UTF-16, with or without ASCII, Korean only, Chinese or kana only, an emoji (a surrogate pair).
        for text in ["rrn 790722-2045642\n", "홍길동홍길동", "中文文本中文", "中华人民共和国公民身份号码是唯一的终身不变的", "ひらがなのぶんしょう", "주민번호 😀 790722-2045642", "\n"] {
            XCTAssertEqual(detect(le(text)), .utf16LE, text)
            XCTAssertEqual(detect(be(text)), .utf16BE, text)
        }
        XCTAssertEqual(detect([0xFF, 0xFE]), .utf16LE, "a BOM alone")
        // Lone surrogates in quantity are not UTF-16.
        XCTAssertEqual(detect([0xFF, 0xFE] + Array(repeating: [UInt8(0x00), 0xD8, 0x00, 0xAC], count: 20).flatMap { $0 }), .utf8)
        // The sniffer agrees: FF FE + ASCII is judged like other bytes (text here, binary with NULs).
        func kind(_ bytes: [UInt8]) -> ContentKind { bytes.withUnsafeBytes { ContentSniffer.classify($0) } }
        XCTAssertEqual(kind([0xFF, 0xFE] + ascii), .text)
        XCTAssertEqual(kind([0xFF, 0xFE] + ascii + [0x00, 0x01] + ascii), .unsupported(reason: "binary file skipped (contains NUL bytes)"))
        XCTAssertEqual(kind(le("홍길동 790722-2045642")), .text)

        // End to end: the value is found at its byte offset; real UTF-16 files still are transcoded.
        let directory = try TemporaryDirectory()
        let prefixed = try directory.write("fffe.log", [0xFF, 0xFE, 0xC3, 0x28] + ascii)
        let utf16 = try directory.write("utf16.log", le("주민번호 790722-2045642\n"))
        let result = try builtInEngine().collect([prefixed, utf16])
        XCTAssertEqual(result.findings.map(\.path), [prefixed, utf16])
        XCTAssertEqual(result.findings.map(\.offset), [8, 2 + 2 * 5])
        XCTAssertEqual(result.findings.map(\.value), ["790722-2045642", "790722-2045642"])
        XCTAssertEqual(result.issues, [])
    }

    /// UTF-16 without a BOM (SQL Server's `bcp -w`, `sqlcmd -u`) is recognised by its code
    /// units — ASCII with a zero high byte, Hangul — in either byte order, and scanned; a
    /// leading `00` of such a file (`가` little-endian) is no truncation hole. Binary data with
    /// NUL bytes, and little-endian numbers, stay binary.
    func testUTF16WithoutBOMIsText() throws {
        func le(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        func be(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        func kind(_ bytes: [UInt8]) -> ContentKind { bytes.withUnsafeBytes { ContentSniffer.classify($0) } }
        let export = "가입일,성명,주민등록번호,휴대폰\r\n2023-01-02,홍길동,790722-2045642,010-2345-6789\r\n"
        XCTAssertEqual(detect(le(export)), .utf16LE)
        XCTAssertEqual(detect(be(export)), .utf16BE)
        XCTAssertEqual(kind(le(export)), .text)
        XCTAssertEqual(kind(be(export)), .text)
        XCTAssertEqual(detect(le(String(repeating: "홍길동 주민등록번호 790722-2045642 입니다\n", count: 200))), .utf16LE, "Korean prose, a full head")
        XCTAssertNil(le(String(repeating: "a", count: 8000)).withUnsafeBytes { TextEncoding.utf16WithoutBOM($0) }, "a full head without a line break")
        // Binary: little-endian 32-bit counters, a header with UTF-16 names among numbers.
        let counters = (0..<2000).flatMap { withUnsafeBytes(of: UInt32($0 * 7).littleEndian, Array.init) }
        XCTAssertEqual(kind(counters), .unsupported(reason: "binary file skipped (contains NUL bytes)"))
        var state: UInt64 = 3
        let record = (0..<400).flatMap { index -> [UInt8] in
            state = state &* 6364136223846793005 &+ 1
            return le("name\(index)") + withUnsafeBytes(of: state, Array.init)
        }
        XCTAssertEqual(kind(record), .unsupported(reason: "binary file skipped (contains NUL bytes)"))
        XCTAssertEqual([UInt8]([0, 0xAC, 0x31, 0]).withUnsafeBytes { ContentSniffer.leadingNULs($0) }, 0)
        XCTAssertEqual([UInt8]([0, 0, 0x41]).withUnsafeBytes { ContentSniffer.leadingNULs($0) }, 2)

        let directory = try TemporaryDirectory()
        let little = try directory.write("bcp.csv", le(export))
        let big = try directory.write("java.txt", be("id,phone\n1,010-2345-6789\n"))
        let result = try builtInEngine().collect([little, big])
        XCTAssertEqual(result.findings.map { "\($0.path.dropFirst(directory.path.count + 1)) \($0.line) \($0.offset) \($0.value ?? "")" }, [
            "bcp.csv 2 68 790722-2045642", "bcp.csv 2 98 010-2345-6789", "java.txt 2 22 010-2345-6789",
        ])
        XCTAssertEqual(result.issues, [])
    }

    // MARK: - Transcoding

    func testTranscodingSourceMapsOffsetsWithTinyReads() throws {
        let text = "가a😀b\r\n똠 850315-2012341"
        let inputs: [(TextEncoding, [UInt8])] = [
            (.cp949, try cp949("가a똠 850315-2012341")),
            (.utf16LE, [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            (.utf16BE, [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ]
        for (encoding, bytes) in inputs {
            for chunk in [1, 2, 3, 7, 4096] {
                var source = TranscodingSource(MemorySource(bytes), encoding: encoding)
                var out: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: chunk)
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                    if n == 0 { break }
                    out += buffer[0..<n]
                }
                let decoded = String(decoding: out, as: UTF8.self)
                XCTAssertTrue(decoded.hasSuffix("똠 850315-2012341"), "\(encoding) \(chunk): \(decoded)")
                XCTAssertEqual(source.consumed, Int64(bytes.count))
                // The RRN's transcoded offset maps to its original offset.
                let start = Int64(out.count - 14)
                let unit: Int64 = encoding == .cp949 ? 1 : 2
                XCTAssertEqual(source.map.original(start), Int64(bytes.count) - 14 * unit, "\(encoding) \(chunk)")
                XCTAssertEqual(source.map.original(Int64(out.count)), Int64(bytes.count))
            }
        }
    }

    /// A log that two components write, one in EUC-KR and one in UTF-8: each line is read in its
    /// own encoding, whichever the file's majority is, and the values are reported at their
    /// bytes in the file.
    func testLinesOfTheOtherEncodingAreReadInTheirOwn() throws {
        let legacy = "IFC8 투숙객 홍길동 연락처 010-2345-6789 주소 서울특별시 강남구 테헤란로 152\n"
        let modern = "CDR 고객 여권번호 M12345678 주소 부산광역시 해운대구 센텀중앙로 79\n"
        let directory = try TemporaryDirectory()
        for (majority, minority) in [(true, false), (false, true)] {
            var bytes: [UInt8] = []
            var lines: [Bool] = []  // whether each line is CP949
            for index in 0..<24 {
                let cp949Line = index % 6 == 5 ? minority : majority
                bytes += cp949Line ? try cp949(legacy) : Array(modern.utf8)
                lines.append(cp949Line)
            }
            let path = try directory.write(majority ? "cp949.log" : "utf8.log", bytes)
            XCTAssertEqual(detect(bytes), majority ? .cp949 : .utf8)
            let findings = try builtInEngine().collect([path]).findings
            for (number, cp949Line) in lines.enumerated() {
                let found = findings.filter { $0.line == number + 1 }
                XCTAssertEqual(
                    found.map(\.category), cp949Line ? [.phone, .address] : [.passport, .address], "line \(number + 1) of \(path)")
                XCTAssertEqual(found.last?.value, cp949Line ? "서울특별시 강남구 테헤란로 152" : "부산광역시 해운대구 센텀중앙로 79")
                // The passport's keyword is read too (0.7 with it, 0.3 without).
                if !cp949Line { XCTAssertGreaterThanOrEqual(found.first?.confidence ?? 0, 0.7) }
            }
            if !majority {
                // In a UTF-8 file a CP949 line's Hangul is decoded, at its bytes.
                let address = try XCTUnwrap(findings.first { $0.category == .address && $0.line == 6 })
                XCTAssertEqual(address.decoding, "cp949")
                XCTAssertEqual(Array(bytes[Int(address.offset)..<(Int(address.offset) + address.length)]), try cp949("서울특별시 강남구 테헤란로 152"))
            }
        }
    }

    func testBrokenBytesBecomeReplacementCharacters() throws {
        let cases: [(TextEncoding, [UInt8])] = [
            (.cp949, [0x80, 0xFF, 0x41, 0xB0]),  // stray bytes, a lead byte at the end
            (.utf16LE, [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x00, 0xDC, 0x42]),  // lone surrogates, odd tail
        ]
        for (encoding, bytes) in cases {
            var source = TranscodingSource(MemorySource(bytes), encoding: encoding)
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            XCTAssertTrue(text.contains("\u{FFFD}"), "\(encoding): \(text)")
            XCTAssertTrue(text.contains("A"))
            XCTAssertEqual(source.consumed, Int64(bytes.count))
        }
    }

    // MARK: - Encoded values

    func testEveryDecodingRevealsValuesAtTheEncodedSpan() throws {
        let b64 = Data("주민번호 900101-1234568".utf8).base64EncodedString()
        let lines: [(String, String, String?, String, String?)] = [
            ("GET /a?email=hong%40naver.com&x=1", "percent", "hong%40naver.com", "hong@naver.com", "email"),
            ("ref=https%3A%2F%2Fshop.co.kr%2Ffind%3Femail%3Dkim.minsu%2540daum.net",
             "percent", "kim.minsu%2540daum.net", "kim.minsu@daum.net", "email"),
            ("q=%EC%84%9C%EC%9A%B8%ED%8A%B9%EB%B3%84%EC%8B%9C+%EC%86%A1%ED%8C%8C%EA%B5%AC+%EC%98%AC%EB%A6%BC%ED%94%BD%EB%A1%9C+229",
             "percent", nil, "서울특별시 송파구 올림픽로 229", "q"),
            (#"{"e":"hong\u0040naver.com"}"#, "json-escape", #"hong\u0040naver.com"#, "hong@naver.com", "e"),
            ("<td>hong&#64;naver.com</td>", "html-entity", "hong&#64;naver.com", "hong@naver.com", nil),
            ("tel &#x30;&#x31;&#x30;-2345-6789", "html-entity", "&#x30;&#x31;&#x30;-2345-6789", "010-2345-6789", nil),
            ("연락처 ０１０－２３４５－６７８９", "fullwidth", "０１０－２３４５－６７８９", "010-2345-6789", nil),
            // The characters that begin inside the value's bits (its first byte is the second of a group).
            ("data=\(b64)", "base64", String(b64.suffix(18)), "900101-1234568", "data"),
        ]
        for (line, decoding, span, value, field) in lines {
            let bytes = Array(("first line\n" + line + "\nlast\n").utf8)
            let findings = try builtInEngine().scan(bytes: bytes)
            XCTAssertEqual(findings.count, 1, line)
            guard let finding = findings.first else { continue }
            XCTAssertEqual(finding.decoding, decoding, line)
            XCTAssertEqual(finding.value, value, line)
            XCTAssertEqual(finding.field, field, line)
            XCTAssertEqual(finding.line, 2)
            XCTAssertEqual(finding.column, Int(finding.offset) - 11 + 1)
            let original = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            if let span { XCTAssertEqual(original, span, line) }
        }
    }

    /// Values side by side in one Base64 payload share a group of four characters: their spans
    /// are still disjoint, so both are reported (the phone was dropped as overlapping the e-mail).
    func testValuesSideBySideInOneBase64PayloadAreAllReported() throws {
        for text in ["010-2345-6789 hong.gildong@naver.com", "010-2345-6789,hong.gildong@naver.com", "hong@naver.com 010-2345-6789"] {
            let line = "data=" + Data(text.utf8).base64EncodedString() + "\n"
            let findings = try builtInEngine().scan(bytes: Array(line.utf8))
            XCTAssertEqual(Set(findings.map(\.category)), [Category.phone, Category.email], text)
            XCTAssertTrue(findings.allSatisfy { $0.decoding == "base64" }, text)
            let spans = findings.map { Int($0.offset)..<(Int($0.offset) + $0.length) }.sorted { $0.lowerBound < $1.lowerBound }
            XCTAssertTrue(spans.count == 2 && spans[0].upperBound <= spans[1].lowerBound, "\(text): \(spans)")
        }
    }

    func testPlainValuesAreNotReportedTwiceAndNoDecodeTurnsDecodingOff() throws {
        let bytes = Array("GET /a?email=hong@naver.com&name=%ED%99%8D phone=010-2345-6789&ref=%2F\n".utf8)
        let findings = try builtInEngine().scan(bytes: bytes)
        XCTAssertEqual(findings.map(\.category), [Category.email, Category.phone])
        XCTAssertEqual(findings.map(\.decoding), [nil, nil])
        let hidden = Array("email=hong%40naver.com tel ０１０－２３４５－６７８９\n".utf8)
        XCTAssertEqual(try builtInEngine().scan(bytes: hidden).count, 2)
        XCTAssertEqual(try builtInEngine(decode: false).scan(bytes: hidden).count, 0)
    }

    /// A plain value glued to a decoded delimiter (`%3A`, `%3D`, `%20`, `%22`, `\u003a`, a form's
    /// `+`): the plain scan's left guard sees the escape's last character, so the decoded scan
    /// reports it, once, at its own bytes.
    func testPlainValueAfterADecodedDelimiterIsReported() throws {
        let lines: [(String, String, Category)] = [
            ("GET /search?q=%EC%97%B0%EB%9D%BD%EC%B2%98%3A01023456789 HTTP/1.1", "01023456789", .phone),
            ("GET /admin/find?filter=rrn%3D900101-1234568 HTTP/1.1", "900101-1234568", .rrn),
            ("GET /cs/memo?text=%EC%97%B0%EB%9D%BD%EC%B2%98%20010-2345-6789 HTTP/1.1", "010-2345-6789", .phone),
            ("POST /log data=%7B%22phone%22%3A%22010-2345-6789%22%7D", "010-2345-6789", .phone),
            ("POST /cs/memo msg=%EC%97%B0%EB%9D%BD%EC%B2%98+010-2345-6789+%EB%B6%80%ED%83%81", "010-2345-6789", .phone),
            (#"{"memo":"\uc5f0\ub77d\ucc98\u003a010-2345-6789"}"#, "010-2345-6789", .phone),
        ]
        for (line, value, category) in lines {
            let bytes = Array(("first line\n" + line + "\nlast\n").utf8)
            let findings = try builtInEngine().scan(bytes: bytes)
            XCTAssertEqual(findings.map(\.category), [category], line)
            guard let finding = findings.first else { continue }
            XCTAssertEqual(finding.value, value, line)
            XCTAssertNotNil(finding.decoding, line)
            XCTAssertEqual(finding.column, Int(finding.offset) - 11 + 1)
            XCTAssertEqual(String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self), value, line)
        }
        XCTAssertEqual(try builtInEngine(decode: false).scan(bytes: Array(lines[0].0.utf8)), [])
    }

    /// A value that the plain scan finds next to a decoded character is its finding, reported once
    /// and not as decoded (a `+` stops no resident number's guard; a separate value is plain).
    func testPlainValueNextToADecodedCharacterIsNotReportedTwice() throws {
        for line in [
            "msg=%EC%97%B0+900101-1234568 x", "q=%EC%97%B0 010-2345-6789", "q=%2F%20 hong@naver.com&x=%3A",
            "t=&#58;010-2345-6789",
        ] {
            let findings = try builtInEngine().scan(bytes: Array((line + "\n").utf8))
            XCTAssertEqual(findings.count, 1, line)
            XCTAssertEqual(findings.first?.decoding, nil, line)
        }
        // An escape glued to a longer run of digits or letters reveals no value inside it.
        for line in ["id=%3A901023456789", "ts=%3A17032952169510", "h=%3D9001011234568abcdef", "u=%2F01023456789012"] {
            XCTAssertEqual(try builtInEngine().scan(bytes: Array((line + "\n").utf8)), [], line)
        }
    }

    /// A readable value whose context word is escaped (`json.dumps` escapes all Hangul by default):
    /// the word labels it as it does unescaped — an account needs it to be reported at all, a
    /// passport, licence or foreigner number is more confident with it — and it is reported once,
    /// at its own bytes, without a decoding (the value itself was not encoded).
    func testEscapedContextWordsLabelReadableValues() throws {
        let bodies: [(String, Category)] = [
            ("[자동이체] 신한은행 계좌 100-893-367558 에서 출금됩니다.", .bankAccount),
            ("[로밍] 여권번호 M12345678 로 신청 접수", .passport),
            ("[본인확인] 운전면허번호 112233333344 진위확인 완료", .driverLicense),
            ("[출입국] 외국인등록번호 900101-5123468 확인", .frn),
            ("자동이체 100-893-367558 계좌 등록", .bankAccount),  // the word after the value
        ]
        func escaped(_ text: String) -> String {
            text.unicodeScalars.map { $0.value < 0x80 ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
        }
        for (body, category) in bodies {
            let plain = try builtInEngine().scan(bytes: Array("{\"to\": \"x\", \"body\": \"\(body)\"}\n".utf8))
            XCTAssertEqual(plain.map(\.category), [category], body)
            for encoded in [escaped(body)] {
                let line = "{\"to\": \"x\", \"body\": \"\(encoded)\"}\n"
                let findings = try builtInEngine().scan(bytes: Array(line.utf8))
                XCTAssertEqual(findings.map(\.category), [category], line)
                XCTAssertEqual(findings.map(\.confidence), plain.map(\.confidence), line)
                XCTAssertEqual(findings.first?.decoding, nil, line)
                guard let finding = findings.first else { continue }
                XCTAssertEqual(
                    String(decoding: Array(line.utf8)[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self),
                    finding.value, line)
            }
        }
        // Without the decoding pass the escaped word is no word: the account is not reported.
        let hidden = Array("{\"body\": \"\(escaped(bodies[0].0))\"}\n".utf8)
        XCTAssertEqual(try builtInEngine(decode: false).scan(bytes: hidden), [])
    }

    /// Full-width forms escaped as JSON (`ensure_ascii` over `０１０－２３４５－６７８９`) are read as
    /// the ASCII characters they stand for, as the same forms unescaped are.
    func testEscapedFullWidthFormsAreReadAsASCII() throws {
        let phone = "０１０－２３４５－６７８９"
        let escaped = phone.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        let findings = try builtInEngine().scan(bytes: Array("{\"msg\": \"연락처 \(escaped)\"}\n".utf8))
        XCTAssertEqual(findings.map(\.masked), ["010-****-6789"])
        XCTAssertEqual(findings.first?.decoding, "json-escape")
        XCTAssertEqual(try builtInEngine().scan(bytes: Array("{\"msg\": \"연락처 \(phone)\"}\n".utf8)).map(\.masked), ["010-****-6789"])
    }

    /// A CI log's colours (`ESC[38;5;196m010-…ESC[0m`): the `m` of a colour sequence before a
    /// value is no letter of its token — the phone, card and resident number are read as if a
    /// blank stood there, and reported at their own bytes; the digits inside the sequences are
    /// none.
    func testValuesAfterTerminalColoursAreRead() throws {
        let text = "phone \u{1B}[38;5;196m010-5500-1934\u{1B}[0m ok\ncard=\u{1B}[31m3564-9226-9315-1315\u{1B}[0m\n"
            + "\u{1B}[32mINFO\u{1B}[0m build 1234 took 35s \u{1B}[1;33m2024-11-05\u{1B}[0m\n주민번호 \u{1B}[33m900101-1234568\u{1B}[0m\n"
        let bytes = Array(text.utf8)
        let findings = try builtInEngine().scan(bytes: bytes)
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.masked)" }, [
            "1 kr-phone 010-****-1934", "2 credit-card 3564-92**-****-1315", "4 kr-rrn 900101-1******",
        ])
        XCTAssertEqual(findings.first?.decoding, "ansi-escape")
        for finding in findings {
            let span = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            XCTAssertFalse(span.contains("\u{1B}") || span.hasPrefix("m"), span)
        }
        // Without the decoding pass the `m` glues the value to its sequence.
        XCTAssertEqual(try builtInEngine(decode: false).scan(bytes: bytes).map(\.line), [])
    }

    /// An application's JSON line in a container log's `"log"` field: its escaped Hangul is
    /// escaped twice (`\\uc81c`), and read as its characters all the same — the address is
    /// reported at its bytes, as the same line escaped once is.
    func testTwiceEscapedHangulIsRead() throws {
        let address = "제주특별자치도 제주시 중앙로 198"
        func escaped(_ backslashes: String) -> String {
            address.unicodeScalars.map { $0.isASCII ? String($0) : backslashes + String(format: "u%04x", $0.value) }.joined()
        }
        let twice = "{\"log\":\"{\\\"addr\\\":\\\"\(escaped("\\\\"))\\\"}\\n\",\"stream\":\"stdout\"}\n"
        XCTAssertTrue(twice.contains(#"\\uc81c"#), twice)
        let findings = try builtInEngine().scan(bytes: Array(twice.utf8))
        XCTAssertEqual(findings.map(\.category), [.address], twice)
        XCTAssertEqual(findings.first?.decoding, "json-escape")
        let once = try builtInEngine().scan(bytes: Array("{\"addr\":\"\(escaped("\\"))\"}\n".utf8))
        XCTAssertEqual(once.map(\.category), [.address])
        XCTAssertEqual(findings.first?.confidence, once.first?.confidence)
        guard let finding = findings.first else { return }
        let span = Array(twice.utf8)[Int(finding.offset)..<Int(finding.offset) + finding.length]
        XCTAssertTrue(String(decoding: span, as: UTF8.self).hasPrefix(#"\\uc81c"#))
    }

    /// No-break spaces (copied from a web page or a PDF) and ideographic spaces (typed with a
    /// Korean input method) between an address's words read as blanks; the value is reported at
    /// its bytes, with the fingerprint of the same address written with blanks.
    func testNoBreakAndIdeographicSpacesAreBlanks() throws {
        let address = "서울특별시 강남구 테헤란로 152"
        let plain = try builtInEngine().scan(bytes: Array("주소: \(address)\n".utf8))
        for space in ["\u{00A0}", "\u{3000}"] {
            let line = "주소: " + address.replacingOccurrences(of: " ", with: space) + "\n"
            let findings = try builtInEngine().scan(bytes: Array(line.utf8))
            XCTAssertEqual(findings.map(\.category), [.address], space.debugDescription)
            XCTAssertEqual(findings.first?.decoding, "fullwidth")
            XCTAssertEqual(findings.first?.fingerprint, plain.first?.fingerprint)
            XCTAssertEqual(findings.first?.length, Array(line.utf8).count - 1 - Array("주소: ".utf8).count)
            XCTAssertEqual(try builtInEngine(decode: false).scan(bytes: Array(line.utf8)).count, 0)
        }
        // `C2`/`E3` that start other characters (`·`, `「`) decode nothing.
        XCTAssertEqual(try builtInEngine().scan(bytes: Array("서울·부산 「공지」 2024\n".utf8)).count, 0)
    }

    /// Legacy byte escapes: nginx's `\xEC\x84…` of a request line's non-ASCII bytes, and
    /// percent-encoded EUC-KR (CP949), as legacy payment gateways send it, transcoded.
    func testByteEscapesAndPercentEncodedCP949() throws {
        let address = "서울특별시 강남구 테헤란로 152"
        let xEscaped = Array(address.utf8).map { $0 < 0x80 ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
        let nginx = #"10.0.0.1 - - [01/May/2024:10:00:00 +0900] "GET /api/v1/address/search?keyword="# + xEscaped
            + #" HTTP/1.1" 200 512 "-" "Mozilla/5.0""#
        let euckr = try cp949(address).map { $0 < 0x80 ? ($0 == 0x20 ? "+" : String(UnicodeScalar($0))) : String(format: "%%%02X", $0) }
            .joined()
        for (line, decoding) in [(nginx, "byte-escape"), ("P_STATUS=00&P_ADDR=" + euckr + "&P_AMT=1000", "percent")] {
            let bytes = Array(("first line\n" + line + "\nlast\n").utf8)
            let findings = try builtInEngine().scan(bytes: bytes)
            XCTAssertEqual(findings.map(\.category), [.address], line)
            guard let finding = findings.first else { continue }
            XCTAssertEqual(finding.value, address, line)
            XCTAssertEqual(finding.decoding, decoding, line)
            let span = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            XCTAssertTrue(span.hasPrefix(decoding == "percent" ? "%BC%AD" : "\\xEC\\x84"), span)
            XCTAssertTrue(span.hasSuffix("152"), span)
        }
        // An e-mail and a phone number escaped the same way; ASCII `\x40` is decoded too.
        let findings = try builtInEngine().scan(bytes: Array(#"GET /q?n=\xED\x99\x8D&e=hong\x40naver.com&t=010\x2D2345-6789 HTTP/1.1"#.utf8 + [0x0A]))
        XCTAssertEqual(findings.map(\.value), ["hong@naver.com", "010-2345-6789"])
        // Neither UTF-8 nor CP949 pairs: the bytes as they are (nothing invented, nothing crashes).
        // A lead byte before 0xFF, which is no trail byte (a UTF-16 byte-order mark `\xfe\xff` in
        // Python's codec tests crashed the scan here).
        for line in [
            #"k=\xFF\xFE\x80 010"#, "k=%FF%FE%80", "k=%B0", #"k=\xB0\x41"#, #"k=\xZZ\x9"#, "k=%C8%AB%", #"b"\xfe\xff\x00a""#,
            "k=%B0%FF", "k=%81%FF%B0%A1",
        ] {
            XCTAssertEqual(try builtInEngine().scan(bytes: Array((line + "\n").utf8)), [], line)
        }
    }

    /// Base64 JSON (`eyJ…`, base64url without padding: a JWT's header and payload, each segment on
    /// its own), a quoted Base64 value, and HTTP basic credentials, whose password is never read.
    func testJWTsQuotedBase64AndBasicCredentials() throws {
        func base64url(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let header = base64url(#"{"alg":"RS256","typ":"JWT"}"#)
        let payload = base64url(#"{"sub":"1","email":"hong.gildong@naver.com","phone_number":"+82 10-2345-6789","iat":1714521600}"#)
        let jwt = header + "." + payload + ".c2lnLWJ5dGVzLWhlcmU"
        let json = Data(#"{"name":"홍길동","rrn":"900101-1234568"}"#.utf8).base64EncodedString()
        let basic = Data("hong.gildong@naver.com:010-2345-6789".utf8).base64EncodedString()
        let lines: [(String, [String])] = [
            ("id_token=" + jwt + "&state=xyz", ["hong.gildong@naver.com", "+82 10-2345-6789"]),
            ("Authorization: Bearer " + jwt, ["hong.gildong@naver.com", "+82 10-2345-6789"]),
            (#"{"token":""# + jwt + #""}"#, ["hong.gildong@naver.com", "+82 10-2345-6789"]),
            ("Kafka record value=\"" + json + "\" offset=12", ["900101-1234568"]),
            ("Kafka record value='" + json + "' offset=12", ["900101-1234568"]),
            ("payload=\"" + Data("주민번호 900101-1234568".utf8).base64EncodedString() + "\"", ["900101-1234568"]),
            // The password (here a phone number) is dropped before any rule runs.
            ("Authorization: Basic " + basic, ["hong.gildong@naver.com"]),
            (#"curl -H "authorization: Basic "# + basic + #"""#, ["hong.gildong@naver.com"]),
        ]
        for (line, values) in lines {
            let bytes = Array((line + "\n").utf8)
            let findings = try builtInEngine().scan(bytes: bytes)
            XCTAssertEqual(findings.map(\.value), values, line)
            XCTAssertTrue(findings.allSatisfy { $0.decoding == "base64" }, line)
            for finding in findings {
                // The span is the Base64 characters of the value, inside the token.
                let span = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
                XCTAssertTrue(line.contains(span) && !span.contains(".") && !span.contains(" "), "\(line): \(span)")
            }
        }
        // Silent: claims without personal data, a header alone, `eyJ` inside a longer token, a
        // user name that is no value, `Basic` without credentials.
        for line in [
            "Authorization: Bearer " + header + "." + base64url(#"{"sub":"8f14e45f-ceea-467f-a5c5-3f2b1d0a9c11","iat":1714521600,"exp":1714525200}"#) + ".c2ln",
            "jwt=" + header, "h=abc" + payload, "Authorization: Basic " + Data("admin:01023456789".utf8).base64EncodedString(),
            "Authorization: Basic realm=\"shop\"", "Basic " + Data("no colon in these bytes".utf8).base64EncodedString(),
        ] {
            XCTAssertEqual(try builtInEngine().scan(bytes: Array((line + "\n").utf8)), [], line)
        }
    }

    func testEncodedValuesAcrossBufferBoundaries() throws {
        // Values at every position around the 4096-byte windows: same findings as one big buffer.
        var text = ""
        for i in 0..<300 {
            text += String(repeating: "x", count: i % 41) + " e=hong\(i)%40naver.com t=" + "０１０－２３４５－６７８９" + " h=k&#64;daum.net\n"
        }
        let small = try builtInEngine(bufferSize: 4096).scan(bytes: Array(text.utf8))
        let large = try builtInEngine(bufferSize: 1 << 20).scan(bytes: Array(text.utf8))
        XCTAssertEqual(small.count, 900)
        XCTAssertEqual(small, large)
    }

    func testBrokenEscapesDoNotCrashOrInvent() throws {
        let text = "a=%E b=%ZZ c=%\nd=\\u12 e=\\uZZZZ f=\\ud800 g=\\udc00x\nh=&#; i=&#x; j=&#99999999999; k=&#xFFFFFFFF; l=&bogus; m=&\n"
            + "n=QUJDREVGR0hJSktMTU5PUA== o=AAAAAAAAAAAAAAAAAAAAAAAA\nq=\u{FF10} r=%"
        XCTAssertEqual(try builtInEngine().scan(bytes: Array(text.utf8)), [])
        var bytes = Array(text.utf8) + [0xEF, 0xBC] + [0xEF] + Array("%4".utf8)  // truncated at the end
        bytes += [0x26, 0x23]
        XCTAssertEqual(try builtInEngine().scan(bytes: bytes), [])
    }

    // MARK: - Fields

    func testFieldNamesFromJSONLogfmtAndQueries() throws {
        let text = #"{"user":{"rrn":"900101-1234568","memo":"tel 010-2345-6789"}} jumin=850315-2012341 "# + "\n"
            + #"GET /x?hp=010-3819-9448 msg="call 010-6567-7062""# + "\n"
        let findings = try builtInEngine().scan(bytes: Array(text.utf8))
        XCTAssertEqual(findings.map(\.field), ["rrn", "memo", "jumin", "hp", "msg"])
        // OpenTelemetry's attributes and cloud tags name a value in the sibling `key`: a time
        // stamp that passes as a child's resident number is named for what it is, and a phone
        // for its attribute.
        let spans = #"{"attributes": [{"key": "messaging.kafka.message.timestamp", "value": {"stringValue": "1111143772000"}}, "#
            + #"{"key": "user.phone", "value": {"stringValue": "010-2345-6789"}}], "tags": [{"Key": "owner", "Value": "hong@naver.com"}]}"#
            + "\n"
        let attributes = try builtInEngine().scan(bytes: Array(spans.utf8))
        XCTAssertEqual(attributes.filter { $0.confidence >= 0.5 }.map(\.field), ["user.phone", "owner"])
        XCTAssertFalse(attributes.contains { $0.category == .rrn && $0.confidence >= 0.5 })
    }

    /// A JSON record inside a JSON string (a tool call's `arguments`, a log's serialised body)
    /// writes its keys with escaped quotes, `{\"jumin_no\":\"…\"}`: they name and label their
    /// values as unescaped keys do.
    func testKeysOfAJSONRecordInAJSONString() throws {
        let line = #"{"role":"assistant","tool_calls":[{"function":{"name":"verify","arguments":"{\"jumin_no\":\"7103132264488\",\"refund_account\":\"110-234-567890\"}"}}]}"#
        let findings = try builtInEngine().scan(bytes: Array((line + "\n").utf8)).filter { $0.confidence >= 0.5 }
        XCTAssertEqual(findings.map { "\($0.category.rawValue) \($0.field ?? "-") \($0.confidence)" }, [
            "kr-rrn jumin_no 0.5", "kr-bank-account refund_account 0.75",
        ])
    }

    /// A type's key names no value: DynamoDB's `{"S": …}`, Avro's `{"string": …}` and MongoDB's
    /// `{"$numberLong": …}` stand for the key of their object — the field, the scope of its
    /// negative words (an `ean`'s barcode), its label (a `txSeq` is no foreigner's number
    /// whatever key follows it) and of its record's sibling keys (the `bankName` of a virtual
    /// account).
    func testTypeWrappersStandForTheirKey() throws {
        let text = #"{"vaccountNo":{"S":"00936142861"},"bankName":{"S":"국민은행"}}"# + "\n"
            + #"{"ean":{"S":"8803281856016"}}"# + "\n"
            + #"{"accountNo":{"string":"1234567890123"},"bank":{"string":"신한"}}"# + "\n"
            + #"{"member":{"M":{"phone":{"S":"010-2345-6789"},"zip":{"N":"06236"}}}}"# + "\n"
            + #"{"txSeq":{"$numberLong":"3709055513038"},"외국인등록번호":"670523-6181385"}"# + "\n"
            + #"{"acct":{"S":"110-123-456789"}}"# + "\n"
        let findings = try builtInEngine().scan(bytes: Array(text.utf8)).filter { $0.confidence >= 0.5 }
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-")" }, [
            "1 kr-bank-account vaccountNo", "3 kr-bank-account accountNo", "4 kr-phone phone", "5 kr-frn 외국인등록번호",
            "6 kr-bank-account acct",
        ])
        // The key before the type's object labels the value, as it would the value itself.
        XCTAssertEqual(findings.last?.confidence, 0.75)
        // Pretty-printed (`aws dynamodb scan`, an OCR result): the object opens on the line
        // before, whose key is the value's field and context, as a column's name is.
        let pretty = "{\n  \"ean\": {\n    \"S\": \"8803281856016\"\n  },\n  \"licenseNumber\": {\n    \"value\": \"201213412158\",\n"
            + "    \"confidence\": 0.98\n  },\n  \"vaccountNo\": {\n    \"S\": \"00936142861\"\n  }\n}\n"
        let lines = try builtInEngine().scan(bytes: Array(pretty.utf8)).filter { $0.confidence >= 0.5 }
        XCTAssertEqual(lines.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-")" }, [
            "6 kr-driver-license licenseNumber", "10 kr-bank-account vaccountNo",
        ])
    }

    func testCSVHeaderNamesEveryUnitsColumns() throws {
        let head = Array("id,order_no,jumin,phone\n1,9001011234568,850315-2012341,010-2345-6789\n".utf8)
        let structure = head.withUnsafeBytes { TextStructure.detect($0) }
        XCTAssertEqual(structure, TextStructure(delimiter: 0x2C, columns: ["id", "order_no", "jumin", "phone"]))
        XCTAssertNil(Array("127.0.0.1 - - [12/Nov/2024] \"GET / HTTP/1.1\" 200\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        XCTAssertNil(Array("{\"a\":1,\"b\":2}\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        XCTAssertNil(Array("a,b\n1,2,3\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        // A quoted field of the first row holding a line break: the record ends after it.
        let multiLine = Array("name,memo,hp\n홍길동,\"첫줄\n둘째줄, 셋째\",1023456789\n김철수,메모,1098765432\n".utf8)
        XCTAssertEqual(multiLine.withUnsafeBytes { TextStructure.detect($0) }, TextStructure(delimiter: 0x2C, columns: ["name", "memo", "hp"]))
        XCTAssertNil(Array("a,b\n\"1\n2\",3,4\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        // Spreadsheet labels (`/`, `&`, `:`, `%`, a quoted comma) and a title line above the header.
        let row = "2023-05-01 10:00,홍길동,01023456789,110123456789\n"
        for (text, first) in [
            ("접수일/시간,고객명,연락처,환불계좌\n" + row, "접수일/시간"), ("접수일&시간,고객명,연락처,환불계좌\n" + row, "접수일&시간"),
            ("접수일:시간,고객명,연락처,환불계좌\n" + row, "접수일:시간"), ("\"일시, 접수\",고객명,연락처,환불계좌\n" + row, "일시, 접수"),
            ("반품/교환 내역 (조회기간: 2023-01-01 ~ 2023-12-31)\n접수일시,고객명,연락처,환불계좌\n" + row, "접수일시"),
            ("주문내역,,,\r\n접수일시,고객명,연락처,환불계좌\r\n" + row, "접수일시"),
        ] {
            let structure = Array(text.utf8).withUnsafeBytes { TextStructure.detect($0) }
            XCTAssertEqual(structure?.columns.first, first, text)
            XCTAssertEqual(structure?.columns.count, 4, text)
        }
        // No title without a header under it, and no e-mail address as a label.
        XCTAssertNil(Array("고객 목록\n홍길동 010-2345-6789\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        XCTAssertNil(Array("hong@naver.com,홍길동\nkim@daum.net,김철수\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
        // The account under `환불계좌` is found by its column's name alone.
        let directory = try TemporaryDirectory()
        let path = try directory.write("returns.csv", "접수일/시간,고객명,연락처,환불계좌\n" + row)
        let findings = try builtInEngine().collect([path]).findings
        XCTAssertEqual(findings.filter { $0.category == .bankAccount }.map(\.field), ["환불계좌"])
    }

    /// Spreadsheet exports put several title and blank lines over the header (`급여 이체 내역,,,,`,
    /// `출력일: …,,,,`, `,,,,`); a note typed after the last cell of the first row makes that row
    /// ragged; firm-banking files separate cells by `|`, European ones by `;`. None of them hides
    /// the columns — and under a title, two names with a comma are a header only over records of
    /// two fields (not a sentence).
    func testHeadersUnderTitlesOverRaggedRowsAndWithOtherDelimiters() throws {
        func detect(_ text: String) -> TextStructure? { Array(text.utf8).withUnsafeBytes { TextStructure.detect($0) } }
        let excel = "2024년 11월 급여 이체 내역,,,,,,\r\n(주)누리에듀 재무팀  출력일: 2024-11-25,,,,,,\r\n,,,,,,\r\n"
            + "사번,성명,주민등록번호,부서,실지급액,급여계좌,비고\r\nN20101738,오예준,980811-2388995,교무처,\"2,070,000\",216-491096-66-627,\r\n"
        XCTAssertEqual(detect(excel)?.columns, ["사번", "성명", "주민등록번호", "부서", "실지급액", "급여계좌", "비고"])
        XCTAssertEqual(detect("a,b,c\n1,2,3,메모\n4,5,6\n7,8,9\n")?.columns, ["a", "b", "c"])
        XCTAssertNil(detect("a,b,c\n1,2,3,4\n5,6,7,8\n9,10,11\n"))
        XCTAssertEqual(detect("순번|은행코드|계좌번호|예금주\n1|004|119621-66-801496|유재원\n"), TextStructure(delimiter: 0x7C, columns: ["순번", "은행코드", "계좌번호", "예금주"]))
        XCTAssertEqual(detect("name;phone;email\n홍길동;010-2345-6789;hong@naver.com\n")?.delimiter, 0x3B)
        XCTAssertNil(detect("고객 목록\n이름, 나이\n홍길동, 30\n"))
        // Two names under a title: a header when every record after it (two at least) has two fields.
        XCTAssertEqual(
            detect("주민번호 오류확인 요청목록 (2025년 귀속)\n성명,주민등록번호\n조혜빈,810220-1963122\n김민수,770312-1234563\n")?.columns,
            ["성명", "주민등록번호"])
        XCTAssertNil(detect("서버 시작\n설정 읽음, 캐시 비움\n요청 처리, 200\n요청 처리\n"))
        XCTAssertNil(detect("| 이름 | 연락처 |\n|---|---|\n| 홍길동 | 010-2345-6789 |\n"))
        let deep = String(repeating: "제목\n", count: TextStructure.maximumTitleLines + 1) + "a,b,c\n1,2,3\n"
        XCTAssertNil(detect(deep))
        XCTAssertEqual(detect(String(repeating: "제목\n", count: TextStructure.maximumTitleLines) + "a,b,c\n1,2,3\n")?.columns.count, 3)
        // A name may start with digits when English follows (a volunteer portal's `1365ID`); a
        // date, a unit (`101동`) or a hex id starting a cell is a value.
        XCTAssertEqual(detect("1365ID,성명,운전면허번호\nV35536128,주자범,140049177824\n")?.columns, ["1365ID", "성명", "운전면허번호"])
        XCTAssertNil(detect("101동,홍길동,연락처\n102동,김철수,연락처\n"))
        XCTAssertNil(detect("5f3a9c,홍길동,서울\n7be21d,김철수,부산\n"))
        XCTAssertNil(detect("2024-11-25,홍길동,서울\n2024-11-26,김철수,부산\n"))

        // The account under `급여계좌` and under a pipe file's `계좌번호` is found by its column's name.
        let directory = try TemporaryDirectory()
        let transfers = try directory.write("transfers.txt", "순번|은행코드|계좌번호|예금주|이체금액\n1|004|119621-66-801496|유재원|2450000\n")
        let payroll = try directory.write("payroll.csv", excel)
        let findings = try builtInEngine().collect([transfers, payroll]).findings
        XCTAssertEqual(findings.filter { $0.category == .bankAccount }.compactMap(\.field).sorted(), ["계좌번호", "급여계좌"])
    }

    /// A change history names what changed in one cell and holds the old and new values in
    /// columns of any values (`변경전`/`변경후`, `old_value`/`new_value`): their context is the
    /// line, as a log line's, so `여권번호` labels the passports; other columns keep their own.
    func testColumnsOfAnyValueTakeTheirLineAsContext() throws {
        let directory = try TemporaryDirectory()
        let history = try directory.write(
            "고객정보_변경이력.csv",
            "변경일시,고객번호,변경항목,변경전,변경후,처리채널\n"
                + "2024-11-12 21:00:38,C47764158,여권번호,\"M957K1693\",\"D51055574\",홈페이지\n"
                + "2024-11-13 09:12:01,C47764159,환불계좌,\"110-123-456789\",\"1002-123-456789\",지점\n")
        let plain = try directory.write(
            "passports.csv", "고객번호,항목,비고\nC47764158,여권번호,M957K1693\n")
        let findings = try builtInEngine().collect([history, plain]).findings.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(findings.filter { $0.path == history }.map(\.category), [.passport, .passport, .bankAccount, .bankAccount])
        XCTAssertEqual(findings.filter { $0.path == history }.map(\.field), ["변경전", "변경후", "변경전", "변경후"])
        XCTAssertEqual(findings.filter { $0.path == plain }.map(\.category), [], "a named column keeps its own name as context")
        // An identity document's number, whose kind the cell before names (a pet hotel's
        // check-in sheet): `passport` labels the passport.
        let checkIn = try directory.write(
            "checkin.tsv",
            "checkin_id\tguardian\tid_type\tid_number\troom\nH000005\t전승준\tpassport\tM643F4858\t2동 117호\n"
                + "H000006\t허정주\t\t\t1동 111호\n")
        let documents = try builtInEngine().collect([checkIn]).findings.filter { $0.category == .passport }
        XCTAssertEqual(documents.map(\.field), ["id_number"])
        XCTAssertGreaterThanOrEqual(documents.first?.confidence ?? 0, 0.5)
        // A masking-failure report: `field` names what the `raw_value` cell holds.
        let report = try directory.write(
            "masking_failures.csv",
            "no,system,field,raw_value,cause\n1,IVR,계좌번호,110-663-926057,평문\n2,CRM,메모,110-663-926057,평문\n")
        let reported = try builtInEngine().collect([report]).findings.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(reported.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-")" }, ["2 kr-bank-account raw_value"])
    }

    /// The column walk kept between calls (values of a line located in increasing order, across
    /// buffer shifts) gives what a walk from the line start gives, quotes and all.
    func testResumedColumnWalkLocatesWhatAFreshWalkDoes() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "1", ",", ",", "\"", "\"x,y\"", "  ", "가", "\"\"", "\t"]
        for delimiter in [UInt8(ascii: ","), 0x09] {
            let structure = TextStructure(delimiter: delimiter, columns: (0..<12).map { "c\($0)" })
            var walk = FieldLocator.ColumnWalk()
            var checked = 0
            for _ in 0..<300 {
                let line = Array((0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                    .joined().utf8)
                // The line at some place in a buffer whose base moves, as the scanner's does.
                let lead = Int.random(in: 0...3, using: &generator)
                let buffer = [UInt8](repeating: 0x0A, count: lead) + line + [0x0A]
                let base = Int64.random(in: 0...1_000_000, using: &generator)
                var starts = (0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 0..<line.count, using: &generator) }
                starts.sort()
                if Bool.random(using: &generator) { starts.reverse() }  // out of order: a fresh walk
                buffer.withUnsafeBytes { subject in
                    for start in starts {
                        let end = min(line.count, start + 1)
                        let fresh = FieldLocator.locate(subject, lineStart: lead, start: lead + start, end: lead + end, structure: structure)
                        let resumed = FieldLocator.locate(
                            subject, lineStart: lead, start: lead + start, end: lead + end, structure: structure, base: base, walk: &walk)
                        XCTAssertEqual(resumed?.name, fresh?.name)
                        XCTAssertEqual(resumed?.cell, fresh?.cell)
                        checked += 1
                    }
                }
            }
            XCTAssertGreaterThan(checked, 300)
        }
    }
}
