import Foundation
import XCTest

/// The report of a scan of fixtures/inputs in every format, compared byte for byte with
/// fixtures/golden/. `UPDATE_GOLDENS=1 swift test` rewrites them (review the diff).
final class GoldenTests: CLITestCase {
    private func check(_ format: String, file: String, extra: [String] = []) throws {
        let outcome = try piiscan(["scan", "fixtures/inputs", "--format", format] + extra)
        XCTAssertEqual(outcome.status, 2, "the fixtures include a truncated gzip: exit code 2\n\(outcome.stderr)")
        let golden = Self.root.appendingPathComponent("fixtures/golden/\(file)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try outcome.stdout.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(outcome.stdout, expected, "\(file) differs; if intended: UPDATE_GOLDENS=1 swift test")
    }

    func testTextGolden() throws { try check("text", file: "scan.txt") }
    func testJSONGolden() throws { try check("json", file: "scan.json") }
    func testNDJSONGolden() throws { try check("ndjson", file: "scan.ndjson") }

    func testSameReportForAnyThreadsBufferAndChunkSize() throws {
        let reference = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson", "--threads", "1"])
        XCTAssertGreaterThan(reference.stdout.count, 1000)
        for extra in [["--threads", "2"], ["--threads", "3", "--buffer-size", "4096", "--chunk-size", "20000"],
                      ["--threads", "1", "--buffer-size", "5003", "--chunk-size", "7000"]] {
            let outcome = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson"] + extra)
            XCTAssertEqual(outcome.stdout, reference.stdout, "differs with \(extra)")
        }
    }

    func testJSONOutputsParse() throws {
        let json = try piiscan(["scan", "fixtures/inputs", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = document?["findings"] as? [[String: Any]] ?? []
        XCTAssertGreaterThan(findings.count, 50)
        for finding in findings {
            for key in ["path", "line", "column", "offset", "length", "category", "rule", "verdict", "confidence", "masked", "fingerprint"] {
                XCTAssertNotNil(finding[key], "finding lacks \(key)")
            }
        }
        let ndjson = try piiscan(["scan", "fixtures/inputs", "--format", "ndjson"])
        var types: [String: Int] = [:]
        for line in ndjson.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            types[object?["type"] as? String ?? "?", default: 0] += 1
        }
        XCTAssertEqual(types["summary"], 1)
        XCTAssertEqual(types["finding"], findings.count)
        XCTAssertGreaterThanOrEqual(types["error"] ?? 0, 1)
        XCTAssertGreaterThanOrEqual(types["skipped"] ?? 0, 2)
    }
}
