import PIIModel
import XCTest

@testable import PIIReport

/// CSV cells, SARIF URIs and levels, and the retention bands.
final class WorkflowReportTests: XCTestCase {
    func testCSVCellsAreQuotedAndDefused() {
        XCTAssertEqual(CSV.cell("plain"), "plain")
        XCTAssertEqual(CSV.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(CSV.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.cell("two\nlines"), "\"two\nlines\"")
        for dangerous in ["=1+1", "+82-10", "-5", "@SUM(A1)", "\tx"] {
            XCTAssertEqual(CSV.cell(dangerous).first(where: { $0 != "\"" }), "'", dangerous)
        }
        XCTAssertEqual(CSV.cell("=A1,B1"), "\"'=A1,B1\"")
        XCTAssertEqual(CSV.row(["a", "b"]), "a,b\r\n")
    }

    func testSARIFURIsAndLevels() {
        XCTAssertEqual(SARIFReporter.uri(for: "./logs/app.log"), "logs/app.log")
        XCTAssertEqual(SARIFReporter.uri(for: "/var/log/a b.log"), "file:///var/log/a%20b.log")
        XCTAssertEqual(SARIFReporter.uri(for: "고객.csv"), "%EA%B3%A0%EA%B0%9D.csv")
        func finding(_ category: String, _ confidence: Double) -> Finding {
            Finding(path: "a", line: 1, column: 1, offset: 0, length: 1, category: Category(category), rule: category,
                    verdict: .plausible, confidence: confidence, masked: "x", fingerprint: "f")
        }
        XCTAssertEqual(SARIFReporter.level(finding("kr-rrn", 0.9)), "error")
        XCTAssertEqual(SARIFReporter.level(finding("kr-rrn", 0.6)), "warning")
        XCTAssertEqual(SARIFReporter.level(finding("kr-rrn-masked", 1)), "note")
        XCTAssertEqual(RuleDescriptor(id: "kr-driver-license", description: "", category: .driverLicense).name, "KrDriverLicense")
    }

    func testRetentionBands() {
        let day = 86_400.0
        let retention = RetentionSummary(
            perFile: [
                "a": [.rrn: 2], "b": [.rrn: 1, .phone: 3], "c": [Category("kr-rrn-masked"): 5], "d": [.email: 1], "-": [.email: 1],
            ],
            ageSeconds: ["a": 1 * day, "b": 400 * day, "c": 400 * day, "d": 5000 * day])
        XCTAssertEqual(retention.bands.map(\.files), [1, 0, 0, 1, 1], "masked-only files and inputs without a date are left out")
        XCTAssertEqual(retention.bands[3].findings, [.rrn: 1, .phone: 3])
        XCTAssertEqual(retention.bands[3].filesPerCategory, [.rrn: 1, .phone: 1])
        XCTAssertEqual(retention.bands[0].label, "<30d")
    }
}
