import CSQLite
import Foundation
import XCTest

/// `--format sarif`: schema validity (official OASIS schema, validated by python3-jsonschema),
/// the golden report, rules metadata, masked messages, database locations and partial
/// fingerprints that survive moved lines.
final class SARIFTests: CLITestCase {
    private func document(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func run(_ document: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap((document["runs"] as? [[String: Any]])?.first)
    }

    /// Validates `sarif` with python3's jsonschema against fixtures/schemas/sarif-schema-2.1.0.json;
    /// returns the validator's verdict. A missing validator fails the test (set
    /// PIISCAN_SKIP_SCHEMA=1 to skip on a machine without it; CI never does).
    private func validate(_ sarif: String) throws -> (valid: Bool, message: String) {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("report.sarif")
        try sarif.write(to: file, atomically: true, encoding: .utf8)
        let schema = Self.root.appendingPathComponent("fixtures/schemas/sarif-schema-2.1.0.json").path
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("MISSING jsonschema (apt-get install python3-jsonschema)"); sys.exit(3)
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
            for e in errors[:5]: print(list(e.absolute_path), e.message[:300])
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 || process.terminationStatus == 127 {
            if ProcessInfo.processInfo.environment["PIISCAN_SKIP_SCHEMA"] != nil {
                throw XCTSkip("schema validator missing and PIISCAN_SKIP_SCHEMA is set")
            }
            XCTFail("python3 with jsonschema is needed to validate SARIF: \(output)")
        }
        return (process.terminationStatus == 0, output)
    }

    func testSARIFGolden() throws {
        let outcome = try piiscan(["scan", "fixtures/inputs", "--format", "sarif"])
        XCTAssertEqual(outcome.status, 2, outcome.stderr)
        let golden = Self.root.appendingPathComponent("fixtures/golden/scan.sarif")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try outcome.stdout.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(outcome.stdout, try String(contentsOf: golden, encoding: .utf8),
                       "scan.sarif differs; if intended: UPDATE_GOLDENS=1 swift test")
    }

    func testSARIFValidatesAgainstTheOfficialSchema() throws {
        let outcome = try piiscan(["scan", "fixtures/inputs", "--format", "sarif"])
        let verdict = try validate(outcome.stdout)
        XCTAssertTrue(verdict.valid, verdict.message)

        // A clean scan (no results) and a database scan are valid too.
        let directory = try temporaryDirectory()
        try "nothing here\n".write(to: directory.appendingPathComponent("clean.log"), atomically: true, encoding: .utf8)
        let clean = try piiscan(["scan", "--format", "sarif", directory.path])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(try validate(clean.stdout).valid)
        let database = try makeDatabase(in: directory)
        let db = try piiscan(["scan", "--format", "sarif", database])
        let dbVerdict = try validate(db.stdout)
        XCTAssertTrue(dbVerdict.valid, dbVerdict.message)

        // The validator really checks: a broken document is rejected.
        let broken = outcome.stdout.replacingOccurrences(of: #""level":"error""#, with: #""level":"fatal""#)
        XCTAssertFalse(try validate(broken).valid, "the schema check must be able to fail")
    }

    func testRulesResultsAndInvocation() throws {
        let outcome = try piiscan(["scan", "fixtures/inputs", "--format", "sarif"])
        let run = try run(try document(outcome.stdout))
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        XCTAssertTrue(ids.contains("kr-rrn"))
        XCTAssertTrue(ids.contains("kr-phone-masked"))
        let rrn = try XCTUnwrap(rules.first { $0["id"] as? String == "kr-rrn" })
        XCTAssertEqual((rrn["properties"] as? [String: Any])?["category"] as? String, "kr-rrn")
        XCTAssertNotNil((rrn["shortDescription"] as? [String: Any])?["text"] as? String)

        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let json = try document(try piiscan(["scan", "fixtures/inputs", "--format", "json"]).stdout)
        XCTAssertEqual(results.count, (json["findings"] as? [Any])?.count)
        let first = try XCTUnwrap(results.first)
        let index = try XCTUnwrap(first["ruleIndex"] as? Int)
        XCTAssertEqual(ids[index], first["ruleId"] as? String)
        let region = (((first["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
            as? [String: Any])
        XCTAssertEqual(region?["startLine"] as? Int, 8)
        XCTAssertEqual(region?["startColumn"] as? Int, 76)
        XCTAssertTrue(((first["message"] as? [String: Any])?["text"] as? String ?? "").hasSuffix("850315-2******"))
        XCTAssertEqual(Set(results.compactMap { $0["level"] as? String }), ["error", "warning", "note"])

        let invocation = try XCTUnwrap((run["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, false)
        XCTAssertEqual(invocation["exitCode"] as? Int, 2)
        let notes = try XCTUnwrap(invocation["toolExecutionNotifications"] as? [[String: Any]])
        XCTAssertTrue(notes.contains { $0["level"] as? String == "error"
            && ((($0["message"] as? [String: Any])?["text"] as? String) ?? "").contains("truncated.log.gz") })

        // Masked messages only: no raw fixture value in the results (the rules' descriptions
        // quote example numbers such as M12345678, so the driver section is left out).
        let resultsText = try XCTUnwrap(outcome.stdout.components(separatedBy: #""results":["#).last)
        for value in try fixtureLines("expected-values.txt") {
            XCTAssertFalse(resultsText.contains(value), "raw value leaked: \(value.prefix(3))…")
        }
    }

    /// The invocation's exit code is the process's: `--fail-on none` makes a scan with findings exit 0.
    func testInvocationExitCodeFollowsFailOn() throws {
        for (failOn, expected) in [("any", Int32(1)), ("none", 0)] {
            let outcome = try piiscan(["scan", "--format", "sarif", "--fail-on", failOn, "--no-config", "fixtures/inputs/app"])
            XCTAssertEqual(outcome.status, expected)
            let invocation = try XCTUnwrap(((try document(outcome.stdout)["runs"] as? [[String: Any]])?.first?["invocations"] as? [[String: Any]])?.first)
            XCTAssertEqual(invocation["exitCode"] as? Int32, expected, failOn)
        }
    }

    /// GitHub rejects a run of more than 25,000 results: past `--sarif-max-results` (25,000 by
    /// default) results are counted, not written, and a warning notification says how many; the
    /// summary and the exit code still cover every finding.
    func testResultsBeyondTheLimitAreCountedInANotification() throws {
        let directory = try temporaryDirectory()
        var text = ""
        for index in 0..<30 { text += "연락처 010-\(2000 + index)-\(5000 + index)\n" }
        let file = directory.appendingPathComponent("many.log")
        try Data(text.utf8).write(to: file)
        let capped = try piiscan(["scan", "--format", "sarif", "--sarif-max-results", "12", file.path])
        XCTAssertEqual(capped.status, 1)
        let sarifRun = try run(try document(capped.stdout))
        XCTAssertEqual((sarifRun["results"] as? [Any])?.count, 12)
        XCTAssertEqual((sarifRun["properties"] as? [String: Any])?["findings"] as? Int, 30)
        let notifications = try XCTUnwrap((sarifRun["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let omitted = try XCTUnwrap(notifications.first { ($0["properties"] as? [String: Any])?["kind"] as? String == "omitted" })
        XCTAssertEqual(omitted["level"] as? String, "warning")
        XCTAssertEqual((omitted["properties"] as? [String: Any])?["omitted"] as? Int, 18)
        XCTAssertTrue(((omitted["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("18 more findings were left out") == true)
        XCTAssertTrue(try validate(capped.stdout).valid)
        let all = try piiscan(["scan", "--format", "sarif", "--sarif-max-results", "0", file.path])
        XCTAssertEqual((try run(try document(all.stdout))["results"] as? [Any])?.count, 30)
        XCTAssertFalse(all.stdout.contains(#""kind":"omitted""#))
        XCTAssertEqual(try piiscan(["scan", "--format", "sarif", "--sarif-max-results", "-1", file.path]).status, 2)
    }

    func testPartialFingerprintsSurviveMovedLines() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("app.log")
        let body = "user rrn 900101-1234568 phone 010-2345-6789\nagain 900101-1234568\n"
        try body.write(to: file, atomically: true, encoding: .utf8)
        func fingerprints() throws -> [String] {
            let run = try run(try document(try piiscan(["scan", "--format", "sarif", "app.log"], directory: directory).stdout))
            return (run["results"] as? [[String: Any]] ?? []).compactMap {
                ($0["partialFingerprints"] as? [String: String])?["piiscanFindingHash/v1"]
            }
        }
        let before = try fingerprints()
        XCTAssertEqual(before.count, 3)
        XCTAssertEqual(Set(before).count, 3, "the same value twice in a file still gets distinct fingerprints")
        try ("# header\n\n\n" + body).write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fingerprints(), before, "moving lines must not change partial fingerprints")
        try body.replacingOccurrences(of: "010-2345-6789", with: "010-2345-6788").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try fingerprints(), before, "a different value gets a different fingerprint")
    }

    /// A value found through a decoding or in a named field says so in its properties and message.
    func testDecodingAndFieldAreResultProperties() throws {
        let directory = try temporaryDirectory()
        try "GET /a?email=hong%40naver.com&x=1\n{\"rrn\":\"900101-1234568\"}\n"
            .write(to: directory.appendingPathComponent("app.log"), atomically: true, encoding: .utf8)
        let outcome = try piiscan(["scan", "--format", "sarif", "app.log"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let results = try XCTUnwrap(try run(try document(outcome.stdout))["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 2)
        let properties = results.map { $0["properties"] as? [String: Any] ?? [:] }
        XCTAssertEqual(properties[0]["decoding"] as? String, "percent")
        XCTAssertEqual(properties[0]["field"] as? String, "email")
        XCTAssertNil(properties[1]["decoding"])
        XCTAssertEqual(properties[1]["field"] as? String, "rrn")
        let messages = results.map { ($0["message"] as? [String: Any])?["text"] as? String ?? "" }
        XCTAssertEqual(messages, [
            "email (plausible, confidence 1.00, percent-decoded, field email): h***@naver.com",
            "kr-rrn (confirmed, confidence 1.00, field rrn): 900101-1******",
        ])
        let verdict = try validate(outcome.stdout)
        XCTAssertTrue(verdict.valid, verdict.message)
    }

    /// SARIF columns count UTF-16 code units of the line (`run.columnKind`): after Hangul and an
    /// emoji they point at the value, not at its byte; `byteOffset`/`byteLength` keep the bytes,
    /// and the JSON report keeps byte columns. A `--state` sweep carries the columns over, and a
    /// state written for another format is not used for SARIF (it has no UTF-16 columns).
    func testColumnsCountUTF16CodeUnits() throws {
        let directory = try temporaryDirectory()
        let text = "주민번호 900101-1234568 😀 연락처 010-2345-6789\nplain 900101-1234568\n"
        try text.write(to: directory.appendingPathComponent("app.log"), atomically: true, encoding: .utf8)
        func regions(_ outcome: Outcome) throws -> [[String: Int]] {
            let run = try run(try document(outcome.stdout))
            XCTAssertEqual(run["columnKind"] as? String, "utf16CodeUnits")
            let results = try XCTUnwrap(run["results"] as? [[String: Any]])
            return results.map {
                (((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Int]) ?? [:]
            }
        }
        let outcome = try piiscan(["scan", "--format", "sarif", "app.log"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let expected: [[String: Int]] = [
            ["startLine": 1, "startColumn": 6, "endColumn": 20, "byteOffset": 13, "byteLength": 14],
            ["startLine": 1, "startColumn": 28, "endColumn": 41, "byteOffset": 43, "byteLength": 13],
            ["startLine": 2, "startColumn": 7, "endColumn": 21, "byteOffset": 63, "byteLength": 14],
        ]
        XCTAssertEqual(try regions(outcome), expected)
        let verdict = try validate(outcome.stdout)
        XCTAssertTrue(verdict.valid, verdict.message)

        let json = try document(try piiscan(["scan", "--format", "json", "app.log"], directory: directory).stdout)
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.compactMap { $0["column"] as? Int }, [14, 44, 7], "JSON columns stay in bytes")

        // A state written by a JSON sweep has byte columns only: a SARIF sweep rescans, then carries.
        _ = try piiscan(["scan", "--format", "json", "--state", "s.state", "app.log"], directory: directory)
        let first = try piiscan(["scan", "--format", "sarif", "--state", "s.state", "-v", "app.log"], directory: directory)
        XCTAssertEqual(try regions(first), expected)
        let second = try piiscan(["scan", "--format", "sarif", "--state", "s.state", "-v", "app.log"], directory: directory)
        XCTAssertTrue(second.stderr.contains("carried"), second.stderr)
        XCTAssertEqual(try regions(second), expected)
    }

    /// A value decoded from a mail body's Base64 block whose encoded text crosses a line break
    /// has a region ending on the later line (`endLine`, its `endColumn` counted there), also
    /// when a `--state` sweep carries the finding over; one within a line has no `endLine`.
    func testARegionCrossingALineBreakHasAnEndLine() throws {
        let directory = try temporaryDirectory()
        let body = String(repeating: "고객 주민번호 900101-1234568 연락처 010-2345-6789 입니다. 추가 정보 ", count: 3)
        let encoded = Data(body.utf8).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\n")
        let mail = "From: a@example.com\nSubject: test\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\n\(encoded)\n"
        try mail.write(to: directory.appendingPathComponent("m.eml"), atomically: true, encoding: .utf8)
        func regions(_ outcome: Outcome) throws -> [[String: Int]] {
            let results = try XCTUnwrap(try run(try document(outcome.stdout))["results"] as? [[String: Any]])
            return results.map {
                (((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Int]) ?? [:]
            }
        }
        let outcome = try piiscan(["scan", "--format", "sarif", "--state", "m.state", "m.eml"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let found = try regions(outcome)
        XCTAssertEqual(found.count, 6)
        let lines = mail.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8.count }
        for region in found {
            let (start, offset, length) = (try XCTUnwrap(region["startLine"]), try XCTUnwrap(region["byteOffset"]), try XCTUnwrap(region["byteLength"]))
            let lineStart = lines[..<(start - 1)].reduce(0) { $0 + $1 + 1 }
            XCTAssertEqual(region["startColumn"], offset - lineStart + 1)
            if offset + length <= lineStart + lines[start - 1] {
                XCTAssertNil(region["endLine"])
                XCTAssertEqual(region["endColumn"], offset + length - lineStart + 1)
            } else {
                let end = try XCTUnwrap(region["endLine"])
                XCTAssertEqual(end, start + 1)
                XCTAssertEqual(region["endColumn"], offset + length - (lineStart + lines[start - 1] + 1) + 1)
            }
        }
        XCTAssertTrue(found.contains { $0["endLine"] != nil }, "the test needs a value whose Base64 crosses a line break")
        let verdict = try validate(outcome.stdout)
        XCTAssertTrue(verdict.valid, verdict.message)
        let carried = try piiscan(["scan", "--format", "sarif", "--state", "m.state", "-v", "m.eml"], directory: directory)
        XCTAssertTrue(carried.stderr.contains("carried"), carried.stderr)
        XCTAssertEqual(try regions(carried), found)
    }

    /// A partial resident number (≥ 4 of 7 back digits visible) is an exposure: its result is
    /// filed under a `kr-rrn-partial` descriptor of level `error`, not under the masked rule's
    /// `note`. The finding's rule (JSON, baselines, `piiscan:allow`) stays `kr-rrn-masked`.
    func testPartialResidentNumbersHaveTheirOwnRule() throws {
        let directory = try temporaryDirectory()
        try "주민번호 900101-1234***\n주민번호 900101-1******\n"
            .write(to: directory.appendingPathComponent("in.log"), atomically: true, encoding: .utf8)
        let outcome = try piiscan(["scan", "--format", "sarif", "--no-config", "in.log"], directory: directory)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let verdict = try validate(outcome.stdout)
        XCTAssertTrue(verdict.valid, verdict.message)
        let run = try run(try document(outcome.stdout))
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.filter { $0 == "kr-rrn-partial" }.count, 1)
        let partial = try XCTUnwrap(rules.first { $0["id"] as? String == "kr-rrn-partial" })
        XCTAssertEqual((partial["defaultConfiguration"] as? [String: Any])?["level"] as? String, "error")
        XCTAssertEqual((partial["properties"] as? [String: Any])?["category"] as? String, "kr-rrn-partial")
        XCTAssertTrue(((partial["fullDescription"] as? [String: Any])?["text"] as? String ?? "").contains("is an exposure"))
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["ruleId"] as? String }, ["kr-rrn-partial", "kr-rrn-masked"])
        XCTAssertEqual(results.compactMap { $0["level"] as? String }, ["error", "note"])
        for result in results {
            XCTAssertEqual(ids[try XCTUnwrap(result["ruleIndex"] as? Int)], result["ruleId"] as? String)
        }
        let json = try document(try piiscan(["scan", "--format", "json", "--no-config", "in.log"], directory: directory).stdout)
        XCTAssertEqual((json["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }, ["kr-rrn-masked", "kr-rrn-masked"])

        // A baseline made before (rule kr-rrn-masked) still accepts the partial number.
        XCTAssertEqual(try piiscan(["baseline", "create", "in.log", "--no-config"], directory: directory).status, 0)
        let baselined = try piiscan(["scan", "--format", "sarif", "--no-config", "--baseline", ".piiscan-baseline", "in.log"], directory: directory)
        XCTAssertEqual(baselined.status, 0, baselined.stderr)
        XCTAssertEqual((try self.run(try document(baselined.stdout))["results"] as? [Any])?.count, 0)
        // piiscan:allow by category or by the rule id still suppresses it.
        for marker in ["kr-rrn", "kr-rrn-masked"] {
            try "주민번호 900101-1234*** # piiscan:allow \(marker)\n"
                .write(to: directory.appendingPathComponent("in.log"), atomically: true, encoding: .utf8)
            let allowed = try piiscan(["scan", "--format", "sarif", "--no-config", "in.log"], directory: directory)
            XCTAssertEqual(allowed.status, 0, marker)
        }
    }

    func testDatabaseCellsHaveLogicalLocations() throws {
        let directory = try temporaryDirectory()
        let path = try makeDatabase(in: directory)
        let outcome = try piiscan(["scan", "--format", "sarif", path])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let results = try XCTUnwrap(try run(try document(outcome.stdout))["results"] as? [[String: Any]])
        let location = try XCTUnwrap((results.first?["locations"] as? [[String: Any]])?.first)
        XCTAssertNil((location["physicalLocation"] as? [String: Any])?["region"])
        let logical = (location["logicalLocations"] as? [[String: Any]])?.first
        XCTAssertEqual(logical?["fullyQualifiedName"] as? String, "customers.jumin")
        XCTAssertEqual((results.first?["properties"] as? [String: Any])?["rowid"] as? Int, 1)
        XCTAssertFalse(outcome.stdout.contains("900101-1234568"))
    }

    private func makeDatabase(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("people.db").path
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        let sql = "CREATE TABLE customers(name TEXT, jumin TEXT); INSERT INTO customers VALUES ('kim', '900101-1234568');"
        XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK)
        return path
    }
}
