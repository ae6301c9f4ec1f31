import Foundation
import PIIModel
import XCTest

@testable import PIIReport

/// `JSONWriter.finding` writes into memory reserved in advance; its bytes must be those of the
/// same members written one by one through the generic writer, for any strings, and the result
/// must parse as JSON with the same values.
final class FindingJSONTests: XCTestCase {
    private let pieces = [
        "a", "Z", "0", "가", "😀", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "\u{2028}", "\u{2029}", "/", " ", "*",
        "é", "\u{e2}", "\r",
    ]

    private func randomText(_ generator: inout SystemRandomNumberGenerator, maxLength: Int = 12) -> String {
        (0..<Int.random(in: 0...maxLength, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    private func randomFinding(_ generator: inout SystemRandomNumberGenerator) -> Finding {
        let record: RecordLocation? = Bool.random(using: &generator)
            ? RecordLocation(
                table: randomText(&generator), column: randomText(&generator),
                rowid: Bool.random(using: &generator) ? Int64.random(in: -5...Int64.max, using: &generator) : nil,
                primaryKey: Bool.random(using: &generator) ? randomText(&generator) : nil)
            : nil
        let text = Bool.random(using: &generator)
        var finding = Finding(
            path: randomText(&generator, maxLength: 40), line: text ? Int.random(in: 1...1_000_000, using: &generator) : 0,
            column: text ? Int.random(in: 1...5000, using: &generator) : 0, offset: Int64.random(in: 0...Int64.max, using: &generator),
            length: Int.random(in: 0...500, using: &generator), category: Category(randomText(&generator)), rule: randomText(&generator),
            verdict: [.rejected, .plausible, .confirmed].randomElement(using: &generator)!,
            confidence: Bool.random(using: &generator) ? Double(Int.random(in: 0...100, using: &generator)) / 100 : Double.random(in: 0...1, using: &generator),
            masked: randomText(&generator),
            fingerprint: Bool.random(using: &generator)
                ? Fingerprint(macHigh: UInt64.random(in: 0...UInt64.max, using: &generator), low: UInt64.random(in: 0...UInt64.max, using: &generator))
                : Fingerprint(randomText(&generator)),
            value: Bool.random(using: &generator) ? randomText(&generator, maxLength: 60) : nil, record: record)
        if Bool.random(using: &generator) { finding.decoding = randomText(&generator) }
        if Bool.random(using: &generator) { finding.field = randomText(&generator) }
        return finding
    }

    /// The members one by one through `field(...)`, in the order the fast path writes them.
    private func reference(_ finding: Finding, type: Bool, into writer: inout JSONWriter) {
        writer.beginObject()
        if type { writer.field("type", "finding") }
        writer.field("path", finding.path)
        if let record = finding.record, !finding.hasTextLocation {
            writer.field("table", record.table)
            writer.field("column", record.column)
            if let rowid = record.rowid { writer.field("rowid", rowid) }
            if let primaryKey = record.primaryKey { writer.field("primary_key", primaryKey) }
        } else {
            writer.field("line", finding.line)
            writer.field("column", finding.column)
            if let record = finding.record {
                writer.field("table", record.table)
                writer.field("table_column", record.column)
                if let row = record.rowid { writer.field("row", row) }
            }
        }
        writer.field("offset", finding.offset)
        writer.field("length", finding.length)
        writer.field("category", finding.category.rawValue)
        writer.field("rule", finding.rule)
        writer.field("verdict", finding.verdict.rawValue)
        writer.field("confidence", finding.confidence)
        writer.field("masked", finding.masked)
        writer.field("fingerprint", finding.fingerprint.description)
        if let decoding = finding.decoding { writer.field("decoding", decoding) }
        if let name = finding.field { writer.field("field", name) }
        if let value = finding.value { writer.field("value", value) }
        writer.endObject()
    }

    func testFastPathWritesWhatTheGenericWriterWrites() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            let type = Bool.random(using: &generator)
            // Several findings into one writer: inside an array, and with a path repeated.
            let first = randomFinding(&generator)
            var second = randomFinding(&generator)
            if Bool.random(using: &generator) { second.path = first.path }
            var fast = JSONWriter()
            var slow = JSONWriter()
            fast.beginArray()
            slow.beginArray()
            for finding in [first, second] {
                fast.finding(finding, type: type)
                reference(finding, type: type, into: &slow)
            }
            fast.endArray()
            slow.endArray()
            XCTAssertEqual(fast.text, slow.text, "round \(round)")
            if fast.text != slow.text { return }
            let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fast.bytes)) as? [[String: Any]])
            XCTAssertEqual(parsed.first?["masked"] as? String, first.masked)
            XCTAssertEqual(parsed.last?["path"] as? String, second.path)
        }
    }
}
