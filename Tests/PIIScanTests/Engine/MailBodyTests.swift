import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// MIME bodies of mail files (mbox, `.eml`): Base64 blocks and quoted-printable text are
/// decoded as one text each, so values inside them — also split over two lines of a block, or
/// over a soft line break — are found at their encoded bytes.
final class MailBodyTests: XCTestCase {
    private func engine(bufferSize: Int = 1 << 20, threads: Int = 1, decode: Bool = true) throws -> ScanEngine {
        var configuration = testConfiguration(threads: threads, bufferSize: bufferSize)
        configuration.minConfidence = 0.5
        configuration.showValues = true
        configuration.decodeValues = decode
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    /// Base64 as MIME writes it: 76 characters a line.
    private func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start -> String in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: min(76, encoded.count - start)))])
        }.joined(separator: "\n")
    }

    private let headers = """
        From hong@example.com Mon Mar  4 10:00:00 2024
        Return-Path: <hong@example.com>
        Subject: =?UTF-8?B?7J247IKs?=
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        """

    func testSnifferKnowsMailFromItsHead() {
        func isMail(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { MailText.isMail($0) } }
        XCTAssertTrue(isMail(headers))
        XCTAssertTrue(isMail("Received: from mx.example.com\nFrom: a@b.c\nContent-Transfer-Encoding: base64\n\n7J24\n"))
        XCTAssertFalse(isMail("From hong@example.com Mon Mar  4 10:00:00 2024\nSubject: no MIME header\n\nhello\n"))
        XCTAssertFalse(isMail("2024-03-04 10:00:00 INFO start\nContent-Transfer-Encoding: base64\n"), "a log is no mail")
        XCTAssertFalse(isMail("id,name\n1,MIME-Version: 1.0\n"))
    }

    func testBase64BodiesAreDecodedAcrossTheirLines() throws {
        // The resident number's encoding is cut by the line break after 76 characters.
        let body = Array("안녕하세요. 인사팀 홍길동입니다. 요청하신 서류 확인 부탁드립니다. 주민번호 900101-1234568, 연락처 010-2345-6789.\n".utf8)
        let encoded = base64Lines(body)
        let firstLine = encoded.split(separator: "\n")[0]
        XCTAssertFalse(String(firstLine).isEmpty)
        let text = headers + "--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + encoded + "\n--b1--\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("inbox.mbox", text)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map(\.masked), ["900101-1******", "010-****-6789"])
        XCTAssertEqual(findings.map(\.decoding), ["base64", "base64"])
        XCTAssertEqual(findings.map(\.value), ["900101-1234568", "010-2345-6789"])
        // Located at the encoded characters: the body's first line is line 10.
        let bodyStart = text.utf8.count - encoded.utf8.count - "\n--b1--\n".utf8.count
        XCTAssertTrue(findings.allSatisfy { $0.offset >= Int64(bodyStart) && $0.line >= 10 }, "\(findings.map(\.offset)) \(bodyStart)")
        // The same in small windows and on two threads; and nothing with --no-decode, nor in a
        // file that is not a mail.
        for (bufferSize, threads) in [(4096, 1), (4099, 2)] {
            XCTAssertEqual(try engine(bufferSize: bufferSize, threads: threads).collect([path]).findings, findings)
        }
        XCTAssertEqual(try engine(decode: false).collect([path]).findings, [])
        let log = try directory.write("app.log", "2024-03-04 10:00:00 INFO payload follows\n" + encoded + "\n")
        XCTAssertEqual(try engine().collect([log]).findings, [])
    }

    func testCP949Base64BodiesAreTranscoded() throws {
        // Outlook's Korean mail: charset="ks_c_5601-1987" (CP949 bytes), Base64.
        let body: [UInt8] = [0xB0, 0xED, 0xB0, 0xB4, 0x20, 0xC1, 0xD6, 0xB9, 0xCE, 0xB9, 0xF8, 0xC8, 0xA3, 0x20]  // "고객 주민번호 "
            + Array("880101-1612655".utf8)
        let text = headers + "--b1\nContent-Type: text/plain; charset=\"ks_c_5601-1987\"\nContent-Transfer-Encoding: base64\n\n"
            + base64Lines(body) + "\n--b1--\n"
        let directory = try TemporaryDirectory()
        let findings = try engine().collect([try directory.write("a.eml", text)]).findings
        XCTAssertEqual(findings.map(\.masked), ["880101-1******"])
        XCTAssertEqual(findings.first?.decoding, "base64")
    }

    func testAttachmentsAreNotText() throws {
        // A binary attachment (bytes that are neither UTF-8 nor CP949 text) gives nothing.
        var seed: UInt64 = 42
        let binary = (0..<3000).map { _ -> UInt8 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        let text = headers + "--b1\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n" + base64Lines(binary) + "\n--b1--\n"
        let directory = try TemporaryDirectory()
        let result = try engine().collect([try directory.write("a.eml", text)])
        XCTAssertEqual(result.findings, [])
        XCTAssertEqual(result.issues.map(\.message), ["1 binary attached file (images, PDFs …) skipped"])
    }

    /// Attached files are scanned as the files they are, named as their `filename` says
    /// (RFC 2231 and RFC 2047 names decoded): a workbook's sheets, a ZIP's members, the
    /// attachments of a forwarded message, in every message of an mbox; a text attachment is
    /// read once, with the mail's text (its phone at line 40).
    func testAttachedFilesAreScannedAsTheFilesTheyAre() throws {
        var book = ZipBuilder()
        book.add("xl/workbook.xml", #"<workbook><sheets><sheet name="명단" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        book.add("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#)
        book.add("xl/worksheets/sheet1.xml", #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>주민등록번호</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>900101-1234568</t></is></c></row></sheetData></worksheet>"#)
        var archive = ZipBuilder()
        archive.add("list.csv", "name,phone\nkim,010-3456-7890\n")
        let message = headers + """
            --b1
            Content-Type: text/plain; charset=utf-8

            첨부 파일을 확인하세요.
            --b1
            Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
            Content-Disposition: attachment;
             filename*0*=utf-8''%EA%B3%A0%EA%B0%9D;
             filename*1*=%EB%AA%85%EB%8B%A8.xlsx
            Content-Transfer-Encoding: base64

            \(base64Lines(book.bytes))
            --b1
            Content-Type: application/octet-stream; name="=?UTF-8?B?7J2066aE?= =?UTF-8?B?LnppcA==?="
            Content-Transfer-Encoding: base64

            \(base64Lines(archive.bytes))
            --b1
            Content-Type: text/csv; name="a.csv"
            Content-Transfer-Encoding: base64

            \(base64Lines(Array("phone\n010-9876-5432\n".utf8)))
            --b1
            Content-Type: message/rfc822

            Subject: forwarded
            Content-Type: multipart/mixed; boundary="inner"

            --inner
            Content-Type: application/zip; name="fwd.zip"
            Content-Transfer-Encoding: base64

            \(base64Lines(archive.bytes))
            --inner--
            --b1--

            """
        let directory = try TemporaryDirectory()
        let eml = try directory.write("mail.eml", message)
        let mbox = try directory.write("box.mbox", message + message)
        let result = try engine().collect([eml, mbox])
        XCTAssertEqual(result.findings.map { "\($0.path.dropFirst(directory.path.count + 1)) \($0.line) \($0.category.rawValue)" }.sorted(), [
            "box.mbox 40 kr-phone", "box.mbox 95 kr-phone", "box.mbox!fwd.zip!list.csv 2 kr-phone",
            "box.mbox!fwd.zip!list.csv 2 kr-phone", "box.mbox!고객명단.xlsx!명단 2 kr-rrn", "box.mbox!고객명단.xlsx!명단 2 kr-rrn",
            "box.mbox!이름.zip!list.csv 2 kr-phone", "box.mbox!이름.zip!list.csv 2 kr-phone",
            "mail.eml 40 kr-phone", "mail.eml!fwd.zip!list.csv 2 kr-phone", "mail.eml!고객명단.xlsx!명단 2 kr-rrn",
            "mail.eml!이름.zip!list.csv 2 kr-phone",
        ])
        XCTAssertEqual(result.issues, [])

        // A mailer that does not wrap Base64, and a text line of more than a MiB before it.
        var big = ZipBuilder()
        big.add("big.csv", "name,phone\n" + String(repeating: "x", count: 200_000) + "\nkim,010-3456-7890\n", deflate: false)
        let unwrapped = headers + "\n--b1\nContent-Type: text/plain\n\n" + String(repeating: "y", count: 1_100_000)
            + "\n--b1\nContent-Type: application/zip; name=big.zip\nContent-Transfer-Encoding: base64\n\n"
            + Data(big.bytes).base64EncodedString() + "\n--b1--\n"
        let long = try engine().collect([try directory.write("long.eml", unwrapped)])
        XCTAssertEqual(long.findings.map { "\($0.path.dropFirst(directory.path.count + 1)) \($0.line)" }, ["long.eml!big.zip!big.csv 3"])
    }

    func testQuotedPrintableBodiesAreDecodedOverSoftBreaks() throws {
        // `여권번호` escaped labels the readable passport number; a resident number cut by a soft
        // line break is whole again.
        let text = headers + """
            --b1
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            =EC=97=AC=EA=B6=8C=EB=B2=88=ED=98=B8 M12345678 =ED=99=95=EC=9D=B8 =EB=B6=80=ED=83=81=
            =EB=93=9C=EB=A6=BD=EB=8B=88=EB=8B=A4. =EC=A3=BC=EB=AF=BC=EB=B2=88=ED=98=B8 850315-20=
            12341 =EC=9E=85=EB=8B=88=EB=8B=A4.
            card=3D9430-1801-1323-4919 =EC=97=B0=EB=9D=BD=EC=B2=98 =EF=BC=90=EF=BC=91=EF=BC=90=EF=BC=8D=EF=BC=93=
            =EF=BC=99=EF=BC=90=EF=BC=95=EF=BC=8D=EF=BC=96=EF=BC=94=EF=BC=93=EF=BC=95
            --b1--

            """
        let directory = try TemporaryDirectory()
        let findings = try engine().collect([try directory.write("a.eml", text)]).findings
        // A card glued to an escaped `=` (`card=3D9430…`), full-width digits escaped over a soft break.
        XCTAssertEqual(findings.map(\.masked), ["M******78", "850315-2******", "9430-18**-****-4919", "010-****-6435"])
        XCTAssertEqual(findings.map(\.decoding), [nil, "quoted-printable", "quoted-printable", "quoted-printable"])
        XCTAssertEqual(findings.map(\.line), [10, 11, 13, 13])
        XCTAssertEqual(findings[1].value, "850315-2012341", "the decoded value")
    }

    /// A body's values and a later line's percent-encoded one are found by two passes over the
    /// window: each is reported on its own line, neither taking the other's place.
    func testBodyValuesAndLaterEncodedValuesKeepTheirLines() throws {
        let text = headers + """
            Content-Transfer-Encoding: quoted-printable

            =EC=A3=BC=EC=86=8C: =EC=A0=84=EB=9D=BC=EB=B6=81=EB=8F=84 =EC=A0=84=EC=A3=BC=
            =EC=8B=9C =EC=99=84=EC=82=B0=EA=B5=AC =ED=9A=A8=EC=9E=90=EB=A1=9C 289, 114=
            =EB=8F=99 1682=ED=98=B8
            filler

            List-Unsubscribe: <https://shop.example.kr/unsubscribe?email=minsu.kim%40hanbit-logis.co.kr>

            """
        let directory = try TemporaryDirectory()
        let findings = try engine().collect([try directory.write("b.eml", text)]).findings
        XCTAssertEqual(findings.map(\.category), [.address, .email])
        XCTAssertEqual(findings.map(\.decoding), ["quoted-printable", "percent"])
        XCTAssertEqual(findings.map(\.line), [8, 13])
        XCTAssertTrue(findings.allSatisfy { $0.column > 0 })
    }

    /// An LDIF directory export writes non-ASCII values in Base64 (`postalAddress:: …`): they
    /// are decoded and reported at their encoded bytes; the same line in another file is not.
    func testLDIFBase64ValuesAreDecoded() throws {
        func isLDIF(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { MailText.isLDIF($0) } }
        XCTAssertTrue(isLDIF("version: 1\n\ndn: cn=a,dc=b\n"))
        XCTAssertTrue(isLDIF("# export\n\ndn:: Q049\n"))
        XCTAssertFalse(isLDIF("2024-01-01 dn: x\n"))
        let address = Data("서울특별시 강남구 테헤란로 152, 101동 1203호".utf8).base64EncodedString()
        let note = Data("연락처 010-2345-6789".utf8).base64EncodedString()
        let text = "version: 1\n\ndn: CN=Hong,OU=Users,DC=corp,DC=example,DC=com\nobjectClass: user\npostalAddress:: \(address)\n"
            + "mobile: 010-3456-7890\ndescription:: \(note)\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("users.ldif", text)
        let findings = try engine().collect([path]).findings
        XCTAssertEqual(findings.map(\.category), [.address, .phone, .phone])
        XCTAssertEqual(findings.map(\.decoding), ["base64", nil, "base64"])
        XCTAssertEqual(findings.map(\.line), [5, 6, 7])
        let encodedStart = text.utf8.count - note.utf8.count - 1
        // At the Base64 characters that encode the number, inside the encoded value.
        let last = try XCTUnwrap(findings.last)
        XCTAssertGreaterThan(last.offset, Int64(encodedStart))
        XCTAssertLessThanOrEqual(last.offset + Int64(last.length), Int64(text.utf8.count - 1))
        XCTAssertEqual(try engine(decode: false).collect([path]).findings.count, 1)
        let log = try directory.write("app.log", "2024-01-01 INFO start\n" + text.split(separator: "\n").dropFirst(2).joined(separator: "\n") + "\n")
        XCTAssertEqual(try engine().collect([log]).findings.map(\.decoding), [nil], "only an LDIF file's `::` values are decoded")
        // ... also on a line that another encoding makes the decoder read.
        let mixed = try directory.write("mixed.log", "2024-01-01 mail=kim%40naver.com description:: \(note)\n")
        XCTAssertEqual(try engine().collect([mixed]).findings.map(\.category), [.email])
    }

    /// `ldapsearch` folds lines at 76 columns (RFC 2849: a continuation line starts with one
    /// space), so a Korean address in Base64 spans two or three lines: it is decoded whole, and
    /// reported at its encoded bytes on its first line; CRLF line ends too.
    func testFoldedLDIFValuesAreDecodedWhole() throws {
        let address = "서울특별시 강남구 테헤란로 152, 101동 1203호 (역삼동)"
        let encoded = Data(address.utf8).base64EncodedString()
        func folded(_ name: String, _ value: String, width: Int = 76, newline: String = "\n") -> String {
            var line = "\(name):: "
            var lines: [String] = []
            for character in value {
                if line.count == width {
                    lines.append(line)
                    line = " "
                }
                line.append(character)
            }
            lines.append(line)
            return lines.joined(separator: newline) + newline
        }
        let directory = try TemporaryDirectory()
        for newline in ["\n", "\r\n"] {
            let record = ["version: 1", "", "dn: uid=hong,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson"]
                .joined(separator: newline) + newline
            let photo = Data((0..<300).map { UInt8($0 % 256) }).base64EncodedString()
            let text = record + folded("postalAddress", encoded, newline: newline)
                + folded("jpegPhoto", photo, newline: newline)
                + folded("description", Data("비상연락처 010-2345-6789 (배우자)".utf8).base64EncodedString(), width: 30, newline: newline)
                + "mail: hong.gildong@naver.com" + newline
            XCTAssertGreaterThan(text.utf8.filter { $0 == 0x0A }.count, 9, "the values are folded")
            let path = try directory.write("people\(newline.count).ldif", text)
            let findings = try engine().collect([path]).findings
            XCTAssertEqual(findings.map(\.category), [.address, .phone, .email], newline.debugDescription)
            XCTAssertEqual(findings.map(\.decoding), ["base64", "base64", nil])
            XCTAssertEqual(findings.first?.value, address, "the whole address, from its folded lines")
            XCTAssertEqual(findings.first?.line, 5)
            // The attribute's name is the value's context, as on one line.
            let unfolded = try directory.write("one\(newline.count).ldif", record + "postalAddress:: \(encoded)" + newline)
            XCTAssertEqual(findings.first?.confidence, try engine().collect([unfolded]).findings.first?.confidence)
            XCTAssertEqual(findings[1].value, "010-2345-6789")
            // The number is reported on the line of the description that holds its first encoded
            // character (a continuation line), inside that value's lines.
            func lineOf(_ marker: String) -> Int { text.components(separatedBy: marker)[0].filter { $0 == "\n" || $0 == "\r\n" }.count + 1 }
            XCTAssertGreaterThan(findings[1].line, lineOf("description::"))
            XCTAssertLessThan(findings[1].line, lineOf("mail:"))
            XCTAssertEqual(findings[2].line, lineOf("mail:"))
        }
    }

    /// Wherever the fold falls — inside a character's UTF-8 bytes, or after a few Base64
    /// characters (a long attribute's name) — the value is decoded whole.
    func testLDIFValuesFoldedAnywhereAreDecoded() throws {
        let address = "인천광역시 연수구 컨벤시아대로 80-3 (송도동)"
        let encoded = Array(Data(address.utf8).base64EncodedString())
        let directory = try TemporaryDirectory()
        for cut in stride(from: 4, to: encoded.count - 3, by: 3) {
            let text = "version: 1\n\ndn: uid=a,dc=example\nhomePostalAddress:: \(String(encoded[..<cut]))\n \(String(encoded[cut...]))\n"
                + "mail: hong.gildong@naver.com\n"
            let path = try directory.write("cut\(cut).ldif", text)
            let findings = try engine().collect([path]).findings
            XCTAssertEqual(findings.map(\.category), [.address, .email], "folded after \(cut) characters")
            XCTAssertEqual(findings.first?.value, address, "folded after \(cut) characters")
        }
    }
}
