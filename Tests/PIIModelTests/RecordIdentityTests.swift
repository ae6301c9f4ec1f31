import XCTest

@testable import PIIModel

/// `RecordIdentity.holds` (the per-finding check of the exposure sketch) against building the
/// identity and comparing, over findings of text lines, SQL dump rows and database cells.
final class RecordIdentityTests: XCTestCase {
    private func randomFinding(_ generator: inout SystemRandomNumberGenerator) -> Finding {
        let records: [RecordLocation?] = [
            nil,
            RecordLocation(
                table: ["users", "orders"].randomElement(using: &generator)!, column: "rrn",
                rowid: Int64.random(in: 1...2, using: &generator)),
            RecordLocation(table: ["users", "orders"].randomElement(using: &generator)!, column: "phone"),
            RecordLocation(table: "users", column: "email", primaryKey: ["id=1", "id=2"].randomElement(using: &generator)!),
            RecordLocation(
                table: "users", column: "email", primaryKey: "id=1***",
                keyFingerprint: ["hmac-sha256:aa", "hmac-sha256:bb"].randomElement(using: &generator)!),
        ]
        return Finding(
            path: ["a.db", "b.sql"].randomElement(using: &generator)!,
            line: Int.random(in: 0...2, using: &generator), column: 1, offset: Int64.random(in: 0...1, using: &generator),
            length: 1, category: .rrn, rule: "kr-rrn", verdict: .confirmed, confidence: 1, masked: "*",
            fingerprint: "hmac-sha256:00", record: records.randomElement(using: &generator)!)
    }

    func testHoldsAgreesWithIdentityEquality() {
        var generator = SystemRandomNumberGenerator()
        var agreed = (same: 0, different: 0)
        for _ in 0..<5000 {
            let first = randomFinding(&generator), second = randomFinding(&generator)
            let expected = RecordIdentity(first) == RecordIdentity(second)
            XCTAssertEqual(RecordIdentity(first).holds(second), expected, "\(first) / \(second)")
            if expected { agreed.same += 1 } else { agreed.different += 1 }
        }
        XCTAssertGreaterThan(agreed.same, 50)  // both outcomes were exercised
        XCTAssertGreaterThan(agreed.different, 50)
    }
}
