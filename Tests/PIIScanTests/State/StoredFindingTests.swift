import PIIModel
import XCTest

@testable import PIIScan

/// The record a state file keeps per finding: every reported field comes back as it was, with
/// and without the optional parts; the raw value is never stored; damaged bytes are refused.
final class StoredFindingTests: XCTestCase {
    private func roundTrip(_ finding: Finding) -> Finding? {
        var bytes: [UInt8] = []
        StoredFinding.encode(finding, into: &bytes)
        return bytes.withUnsafeBytes { StoredFinding.decode($0, path: finding.path) }
    }

    func testEveryFieldComesBack() throws {
        var text = Finding(
            path: "logs/app.log", line: 1_234_567, column: 89, offset: 9_876_543_210, length: 14, category: .rrn, rule: "kr-rrn",
            verdict: .confirmed, confidence: 0.85, masked: "900101-1******",
            fingerprint: Fingerprint("hmac-sha256:1828bda6616bab7a42ff5e7a9ef0383c"))
        text.utf16Column = 40
        text.utf16EndColumn = 12
        text.utf16EndLine = 1_234_568
        text.decoding = "base64"
        text.field = "주민번호"
        XCTAssertEqual(roundTrip(text), text)

        var cell = Finding(
            path: "shop.db", line: 0, column: 0, offset: 0, length: 13, category: .phone, rule: "kr-phone", verdict: .plausible,
            confidence: 1, masked: "010-****-1522", fingerprint: Fingerprint("hmac-sha256:00"))
        cell.record = RecordLocation(table: "members", column: "hp1+hp2+hp3", rowid: -7, primaryKey: "2|1", keyFingerprint: "k")
        XCTAssertEqual(roundTrip(cell), cell)
        cell.record = RecordLocation(table: "codes", column: "rrn", rowid: nil, primaryKey: nil, keyFingerprint: nil)
        XCTAssertEqual(roundTrip(cell), cell)

        // The raw value is not part of the record.
        var shown = text
        shown.value = "900101-1234568"
        var bytes: [UInt8] = []
        StoredFinding.encode(shown, into: &bytes)
        XCTAssertNil(bytes.firstRange(of: Array("1234568".utf8)))
        XCTAssertEqual(roundTrip(shown), text)
    }

    func testDamagedRecordsAreRefused() {
        let finding = Finding(
            path: "a.log", line: 3, column: 1, offset: 40, length: 13, category: .phone, rule: "kr-phone", verdict: .plausible,
            confidence: 0.8, masked: "010-****-6789", fingerprint: Fingerprint("hmac-sha256:ab"))
        var bytes: [UInt8] = []
        StoredFinding.encode(finding, into: &bytes)
        for cut in 0..<bytes.count {
            XCTAssertNil(bytes[..<cut].withUnsafeBytes { StoredFinding.decode($0, path: "a.log") }, "cut at \(cut)")
        }
        XCTAssertNil((bytes + [0]).withUnsafeBytes { StoredFinding.decode($0, path: "a.log") }, "trailing byte")
    }
}
