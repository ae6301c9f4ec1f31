import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// vCard, iCalendar and LDIF files fold long lines (a line starting with a blank continues the
/// one before): values cut by a fold are read across it, and a vCard's address, written the
/// other way round from a Korean one, is read in Korean order.
final class FoldedTextTests: XCTestCase {
    private func engine(bufferSize: Int = 1 << 20, decode: Bool = true) throws -> ScanEngine {
        var configuration = testConfiguration(threads: 1, bufferSize: bufferSize)
        configuration.minConfidence = 0.5
        configuration.showValues = true
        configuration.decodeValues = decode
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    /// Folds `line` as RFC 5545 asks writers to: at `width` octets, whatever is there (also
    /// inside a UTF-8 character, as some writers do).
    private func fold(_ line: String, width: Int = 75, newline: String = "\r\n") -> [UInt8] {
        let bytes = Array(line.utf8)
        var parts: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let length = min(parts.isEmpty ? width : width - 1, bytes.count - start)
            parts.append(Array(bytes[start..<(start + length)]))
            start += length
        }
        var out: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { out += Array(newline.utf8) + [0x20] }
            out += part
        }
        return out + Array(newline.utf8)
    }

    func testFormatIsKnownFromTheHead() {
        func format(_ text: String) -> FoldedText.Format? { Array(text.utf8).withUnsafeBytes { FoldedText.format($0) } }
        XCTAssertEqual(format("BEGIN:VCARD\r\nVERSION:3.0\r\n"), .vCard)
        XCTAssertEqual(format("\u{FEFF}\n\nbegin:vcard\nversion:2.1\n"), .vCard)
        XCTAssertEqual(format("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), .iCalendar)
        XCTAssertEqual(format("version: 1\n\ndn: uid=a,dc=b\n"), .ldif)
        XCTAssertNil(format("2024-01-01 BEGIN:VCARD\n"))
        XCTAssertNil(format("name,phone\n"))
    }

    /// A calendar's description folded at 75 octets cuts a phone number, an address, an e-mail
    /// address and a resident number (and Hangul characters): each is found whole, at its bytes,
    /// once; the same text in a log is read line by line.
    func testValuesCutByFoldsAreFound() throws {
        let description = "DESCRIPTION:상담 고객 홍길동 / 연락처 010-2345-6789 / 주소 서울특별시 강남구 테헤란로 152 (역삼동) / "
            + "메일 gildong.hong@example.co.kr / 본인확인 주민번호 900101-1234568 / 재방문 예정"
        let directory = try TemporaryDirectory()
        for newline in ["\r\n", "\n"] {
            let text = Array((["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:20261201T090000-1234@example.co.kr",
                "DTSTART:20261203T100000"].joined(separator: newline) + newline).utf8)
                + fold(description, newline: newline)
                + Array(("ATTENDEE;CN=김철수:mailto:chulsoo.kim@example.co.kr" + newline + "END:VEVENT" + newline + "END:VCALENDAR" + newline).utf8)
            XCTAssertEqual(text.filter { $0 == 0x0A }.count, 11, "the description is folded twice")
            XCTAssertNil(String(validatingUTF8: text.map { CChar(bitPattern: $0) } + [0]), "a fold cuts a character")
            let path = try directory.write("meeting\(newline.count).ics", text)
            let findings = try engine().collect([path]).findings
            XCTAssertEqual(findings.map(\.category), [.phone, .address, .email, .rrn, .email], newline.debugDescription)
            XCTAssertEqual(
                findings.map(\.value),
                ["010-2345-6789", "서울특별시 강남구 테헤란로 152 (역삼동)", "gildong.hong@example.co.kr", "900101-1234568",
                    "chulsoo.kim@example.co.kr"])
            // Each spans its bytes in the file, the fold included.
            let foldBytes = Array((newline + " ").utf8)
            for finding in findings {
                var span = Array(text[Int(finding.offset)..<(Int(finding.offset) + finding.length)])
                let folded = span.contains(0x0A)
                while let at = (0..<span.count).first(where: { span[$0...].starts(with: foldBytes) }) {
                    span.removeSubrange(at..<(at + foldBytes.count))
                }
                XCTAssertEqual(String(decoding: span, as: UTF8.self), finding.value, "\(finding.category)")
                XCTAssertEqual(finding.decoding, folded ? "folded" : nil, "\(finding.category)")
            }
            XCTAssertGreaterThanOrEqual(findings.filter { $0.decoding == "folded" }.count, 2)
            let unfolded = try engine(decode: false).collect([path]).findings
            XCTAssertFalse(unfolded.contains { $0.decoding != nil })
            XCTAssertLessThan(unfolded.count, findings.count)
            let log = try directory.write("meeting\(newline.count).log", Array("2024-01-01 INFO\n".utf8) + text.drop { $0 != 0x0A }.dropFirst())
            XCTAssertFalse(try engine().collect([log]).findings.contains { $0.decoding != nil })
        }
    }

    /// A road address cut after part of its building number (`센텀중앙로 9⏎ 7`) is reported whole,
    /// not as the number the plain scan read on the first line.
    func testCutBuildingNumberIsReadWhole() throws {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:김철수\nNOTE:주소 변경 예정 - 부산광역시 해운대구 센텀중앙로 9\n 7 센텀리더스마크 1203호\nEND:VCARD\n"
        let directory = try TemporaryDirectory()
        let findings = try engine().collect([try directory.write("kim.vcf", text)]).findings
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.value, "부산광역시 해운대구 센텀중앙로 97")
        XCTAssertEqual(findings.first?.decoding, "folded")
    }

    /// An iPhone's card writes the address's components the other way round from Korean
    /// (`;;street;locality;region;postcode;country`): it is read in Korean order, reported once
    /// over the components it spans; a card whose street holds the whole address is read as it is.
    func testVCardAddressIsReadInKoreanOrder() throws {
        let card = """
            BEGIN:VCARD
            VERSION:3.0
            N:홍;길동;;;
            FN:홍길동
            TEL;TYPE=CELL:010-2345-6789
            item1.ADR;TYPE=HOME;TYPE=pref:;101동 1203호;테헤란로 152 강남파이낸스센터;강남구;서울특별시;06236;대한민국
            ADR;TYPE=WORK:;;서울특별시 중구 세종대로 110;;;04524;KR
            END:VCARD

            """
        let directory = try TemporaryDirectory()
        let path = try directory.write("contacts.vcf", card)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map(\.category), [.phone, .address, .address])
        let home = findings[1]
        XCTAssertEqual(home.decoding, "vcard-address")
        XCTAssertEqual(home.value, "서울특별시 강남구 테헤란로 152")
        XCTAssertEqual(home.masked, "서울특별시 강남구 테헤란로 ***")
        XCTAssertEqual(home.line, 6)
        XCTAssertGreaterThanOrEqual(home.confidence, 0.85)
        // From the street to the region, in the file's order.
        let bytes = Array(card.utf8)
        let span = String(decoding: bytes[Int(home.offset)..<(Int(home.offset) + home.length)], as: UTF8.self)
        XCTAssertEqual(span, "테헤란로 152 강남파이낸스센터;강남구;서울특별시")
        // The same address written in Korean order has the same fingerprint.
        let korean = try directory.write("korean.txt", "주소: 서울특별시 강남구 테헤란로 152\n")
        XCTAssertEqual(try engine().collect([korean]).findings.first?.fingerprint, home.fingerprint)
        XCTAssertNil(findings[2].decoding)
        XCTAssertEqual(findings[2].value, "서울특별시 중구 세종대로 110")
        // Without the region and locality, a street alone is no address.
        let bare = try directory.write("bare.vcf", "BEGIN:VCARD\nADR:;;테헤란로 152;;;;\nEND:VCARD\n")
        XCTAssertEqual(try engine().collect([bare]).findings.count, 0)
    }

    /// Android writes vCard 2.1: Korean text in quoted-printable, an address in its street or
    /// in its components; a photo's Base64 lines hold nothing.
    func testQuotedPrintableCardIsDecoded() throws {
        func qp(_ text: String) -> String { text.utf8.map { $0 < 0x80 ? String(UnicodeScalar($0)) : String(format: "=%02X", $0) }.joined() }
        let photo = Data((0..<600).map { UInt8(($0 * 7) % 256) }).base64EncodedString()
        let photoLines = stride(from: 0, to: photo.count, by: 72).map { start -> String in
            let from = photo.index(photo.startIndex, offsetBy: start)
            return " " + photo[from..<photo.index(from, offsetBy: min(72, photo.count - start))]
        }
        let card = ["BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:\(qp("홍"));\(qp("길동"));;;",
            "TEL;CELL:010-2345-6789",
            "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;\(qp("판교역로 235"));\(qp("성남시 분당구"));\(qp("경기도"));13494;",
            "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;\(qp("부산광역시 해운대구 센텀중앙로 79"));;;;",
            "PHOTO;ENCODING=BASE64;TYPE=JPEG:" + photoLines[0].dropFirst()] + photoLines.dropFirst() + ["", "END:VCARD", ""]
        let directory = try TemporaryDirectory()
        let path = try directory.write("android.vcf", card.joined(separator: "\r\n"))
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map(\.category), [.phone, .address, .address])
        XCTAssertEqual(findings[1].value, "경기도 성남시 분당구 판교역로 235")
        XCTAssertEqual(findings[1].decoding, "vcard-address")
        XCTAssertEqual(findings[2].value, "부산광역시 해운대구 센텀중앙로 79")
        XCTAssertEqual(findings.map(\.line), [4, 5, 6])
    }

    /// A folded line is never split between two windows of the scan: with a buffer of 4 KiB,
    /// cards whose folds fall anywhere give the findings of one window.
    func testFoldsAcrossWindowsAreReadWhole() throws {
        var text = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".utf8)
        for index in 0..<80 {
            let phone = String(format: "010-%04d-%04d", 2000 + index * 37, 5000 + index * 53)
            let padding = String(repeating: "일정 ", count: 40 + index % 23)  // longer than the bytes a window keeps
            text += Array("BEGIN:VEVENT\r\n".utf8) + fold("DESCRIPTION:\(padding)담당자 연락처 \(phone) 확인 후 회신 요망 / 다음 방문 예정", width: 40)
                + Array("END:VEVENT\r\n".utf8)
        }
        text += Array("END:VCALENDAR\r\n".utf8)
        XCTAssertGreaterThan(text.count, 3 * 4096)
        let directory = try TemporaryDirectory()
        let path = try directory.write("team.ics", text)
        let whole = try engine().collect([path]).findings
        XCTAssertEqual(whole.count, 80)
        XCTAssertTrue(whole.allSatisfy { $0.confidence == 1.0 }, "a fold between the keyword and the number does not part them")
        XCTAssertEqual(try engine(bufferSize: 4096).collect([path]).findings, whole)
    }

    func testFoldedCutStopsBeforeAContinuedLine() {
        let text = Array("A:1\nB:2\n 3\n 4\nC:5\n".utf8)
        func cut(_ at: Int, _ filled: Int) -> Int {
            text.withUnsafeBytes { UnitScanner.foldedCut(UnsafeRawBufferPointer(rebasing: $0[0..<filled]), scanStart: 0, cut: at) }
        }
        XCTAssertEqual(cut(8, text.count), 4, "B goes on: the window ends before it")
        XCTAssertEqual(cut(14, text.count), 14, "C starts a new line")
        XCTAssertEqual(cut(14, 14), 4, "what follows is not read yet")
        XCTAssertEqual(cut(4, text.count), 4)
        XCTAssertEqual(cut(6, text.count), 6, "not after a line break")
    }
}
