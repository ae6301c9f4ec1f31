import Foundation
import XCTest

/// No raw value of the fixtures may appear in any output unless --show-values is given.
final class LeakTests: CLITestCase {
    func testNoRawValueInAnyOutputWithoutShowValues() throws {
        let values = try fixtureLines("expected-values.txt")
        XCTAssertGreaterThan(values.count, 50)
        let directory = try temporaryDirectory()
        var captured = ""
        for format in ["text", "json", "ndjson"] {
            let outcome = try piiscan(["scan", "fixtures/inputs", "--format", format, "--color", "always"])
            captured += outcome.all
            let report = directory.appendingPathComponent("report.\(format)").path
            captured += try piiscan(["scan", "fixtures/inputs", "--format", format, "--output", report]).all
            captured += try String(contentsOfFile: report, encoding: .utf8)
        }
        let stdin = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/inputs/text/notes-ko.txt"))
        captured += try piiscan(["scan", "--format", "ndjson"], stdin: stdin).all
        for value in values {
            XCTAssertFalse(captured.contains(value), "raw value leaked: \(value.prefix(3))…")
        }

        // The check can fail: with --show-values the values are there.
        let shown = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson", "--show-values"])
        XCTAssertTrue(shown.stderr.contains("--show-values"))
        let revealed = values.filter { shown.stdout.contains($0) }
        XCTAssertGreaterThan(revealed.count, values.count / 2)
    }
}
