import CSQLite
import Foundation
import XCTest

/// `piiscan merge`, `piiscan estimate` and `scan --estimate` through the built binary.
final class EstimateCLITests: CLITestCase {
    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The summary of a report, with column summaries in a canonical order (a merge sorts them).
    private func summary(_ report: String) throws -> NSDictionary {
        var summary = try XCTUnwrap(try json(report)["summary"] as? [String: Any])
        if let columns = summary["columns"] as? [[String: Any]] {
            summary["columns"] = columns.sorted {
                ("\($0["path"]!)", "\($0["table"]!)", "\($0["column"]!)") < ("\($1["path"]!)", "\($1["table"]!)", "\($1["column"]!)")
            }
        }
        return summary as NSDictionary
    }

    private func makeDatabase(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("shop.db").path
        let text = try String(contentsOf: Self.root.appendingPathComponent("fixtures/sql/shop.sql"), encoding: .utf8)
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, text, nil, nil, nil), SQLITE_OK)
        return path
    }

    /// Shards scanned separately and merged give exactly the report of one scan over everything:
    /// counts, column summaries, distinct-value sketches and linked people — in any order.
    func testMergedShardsEqualOneScan() throws {
        let directory = try temporaryDirectory()
        let database = try makeDatabase(in: directory)
        let shardA = ["fixtures/inputs/app", "fixtures/inputs/export", database]
        let shardB = ["fixtures/inputs/apache", "fixtures/inputs/nginx", "fixtures/inputs/text", "fixtures/inputs/gzip/app.log.gz"]
        let whole = try piiscan(["scan", "--format", "json"] + shardA + shardB)
        XCTAssertEqual(whole.status, 1, whole.stderr)
        let a = directory.appendingPathComponent("a.json").path
        let b = directory.appendingPathComponent("b.ndjson").path
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", a] + shardA).status, 1)
        XCTAssertEqual(try piiscan(["scan", "--format", "ndjson", "-o", b] + shardB).status, 1)
        let merged = try piiscan(["merge", a, b])
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertEqual(try summary(merged.stdout), try summary(whole.stdout))
        let reversed = try piiscan(["merge", b, a])
        XCTAssertEqual(try summary(reversed.stdout), try summary(whole.stdout))
        // Every finding of the whole scan is in the merged report.
        let wholeFindings = try XCTUnwrap(try json(whole.stdout)["findings"] as? [Any]).count
        XCTAssertEqual(try XCTUnwrap(try json(merged.stdout)["findings"] as? [Any]).count, wholeFindings)
        // The merged report can be merged again and estimated.
        let again = directory.appendingPathComponent("merged.json").path
        XCTAssertEqual(try piiscan(["merge", "-o", again, a, b]).status, 1)
        let people = try XCTUnwrap(try summary(whole.stdout)["people"] as? [String: Any])["d"] as? Int
        let estimate = try piiscan(["estimate", "--format", "json", again])
        XCTAssertEqual(estimate.status, 0, estimate.stderr)
        let subjects = try XCTUnwrap(try json(estimate.stdout)["subjects"] as? [String: Any])
        XCTAssertEqual(subjects["point"] as? Int, people)
        XCTAssertEqual(try piiscan(["estimate", a, b]).stdout, try piiscan(["estimate", again]).stdout)
    }

    /// The same report twice, one file under two names, or two reports naming the same input
    /// would count those inputs twice: merge and estimate refuse them, naming the report and the
    /// first shared input.
    func testOverlappingReportsAreRefused() throws {
        let directory = try temporaryDirectory()
        try "jumin 900101-1234568\n".write(to: directory.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        try "mail hong@naver.com\n".write(to: directory.appendingPathComponent("b.log"), atomically: true, encoding: .utf8)
        for (report, inputs) in [("a.json", ["a.log"]), ("b.json", ["b.log"]), ("ab.json", ["a.log", "b.log"])] {
            XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", report] + inputs, directory: directory).status, 1)
        }
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("a.json"), to: directory.appendingPathComponent("copy.json"))
        let cases: [([String], String)] = [
            (["a.json", "a.json"], "piiscan: error: 'a.json' is given twice"),
            (["a.json", "./a.json"], "piiscan: error: './a.json' is the same report as 'a.json'"),
            (["a.json", "b.json", "copy.json"], "piiscan: error: 'copy.json' and 'a.json' both cover 'a.log'"),
            (["b.json", "ab.json"], "piiscan: error: 'ab.json' and 'b.json' both cover 'b.log'"),
        ]
        for (reports, message) in cases {
            for command in ["merge", "estimate"] {
                let outcome = try piiscan([command] + reports, directory: directory)
                XCTAssertEqual(outcome.status, 2, "\(command) \(reports): \(outcome.all)")
                XCTAssertTrue(outcome.stderr.hasPrefix(message), "\(command) \(reports): \(outcome.stderr)")
            }
        }
        let refused = try piiscan(["merge", "-o", "m.json", "a.json", "a.json"], directory: directory)
        XCTAssertEqual(refused.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.json").path))
        // Disjoint reports still merge.
        let merged = try piiscan(["merge", "a.json", "b.json"], directory: directory)
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertEqual(try summary(merged.stdout)["findings"] as? Int, 2)

        // One input spelled two ways (`./a.log`, `a.log`) is one input.
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", "dot.json", ".//a.log"], directory: directory).status, 1)
        let respelled = try piiscan(["merge", "a.json", "dot.json"], directory: directory)
        XCTAssertEqual(respelled.status, 2, respelled.all)
        XCTAssertTrue(respelled.stderr.hasPrefix("piiscan: error: 'dot.json' and 'a.json' both cover 'a.log'"), respelled.stderr)

        // Interrupted shards each carry an error about the scan as a whole, `(scan)`: not an
        // input they share. They merge into an incomplete report (exit 2).
        for name in ["a.json", "b.json"] {
            let url = directory.appendingPathComponent(name)
            var report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var errors = report["errors"] as? [[String: Any]] ?? []
            errors.append(["path": "(scan)", "message": "scan interrupted by a signal: 1 of 2 work units were not scanned"])
            report["errors"] = errors
            var reportSummary = try XCTUnwrap(report["summary"] as? [String: Any])
            reportSummary["complete"] = false
            reportSummary["errors"] = 1
            report["summary"] = reportSummary
            try JSONSerialization.data(withJSONObject: report).write(to: url)
        }
        let interrupted = try piiscan(["merge", "a.json", "b.json"], directory: directory)
        XCTAssertEqual(interrupted.status, 2, interrupted.all)
        XCTAssertFalse(interrupted.stderr.contains("both cover"), interrupted.stderr)
        XCTAssertEqual(try summary(interrupted.stdout)["complete"] as? Bool, false)
        XCTAssertEqual(try summary(interrupted.stdout)["findings"] as? Int, 2)
    }

    /// Shards made with different detection settings, or with and without the retention view,
    /// would not add up to one scan: merge and estimate refuse them.
    func testReportsMadeWithDifferentSettingsAreRefused() throws {
        let directory = try temporaryDirectory()
        try "jumin 900101-1234568 tel 010-2345-6789\n".write(to: directory.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        try "mail hong@naver.com\n".write(to: directory.appendingPathComponent("b.log"), atomically: true, encoding: .utf8)
        let scans: [(String, [String])] = [
            ("a.json", ["a.log"]), ("b.json", ["b.log"]), ("b-phones.json", ["--only", "kr-phone", "b.log"]),
            ("b-strict.json", ["--min-confidence", "0.9", "b.log"]), ("a-retention.json", ["--retention", "a.log"]),
            ("b-retention.json", ["--retention", "b.log"]), ("b-old.json", ["--older-than", "1y", "b.log"]),
            ("b-baselined.json", ["--baseline", "baseline", "b.log"]),
        ]
        XCTAssertEqual(try piiscan(["baseline", "create", "-o", "baseline", "a.log"], directory: directory).status, 0)
        for (report, arguments) in scans {
            let outcome = try piiscan(["scan", "--format", "json", "-o", report] + arguments, directory: directory)
            XCTAssertTrue([0, 1].contains(outcome.status), "\(report): \(outcome.all)")
        }
        for (reports, message) in [
            (["a.json", "b-phones.json"], "different detection settings"),
            (["a.json", "b-strict.json"], "different detection settings"),
            (["a.json", "b-baselined.json"], "different detection settings (rules, --min-confidence, --only, --sample-rows, --baseline,"),
            (["a.json", "b-retention.json"], "one report has the retention view"),
            (["a-retention.json", "b-old.json"], "different --older-than ages"),
        ] {
            for command in ["merge", "estimate"] {
                let outcome = try piiscan([command] + reports, directory: directory)
                XCTAssertEqual(outcome.status, 2, "\(command) \(reports): \(outcome.all)")
                XCTAssertTrue(outcome.stderr.contains(message), "\(command) \(reports): \(outcome.stderr)")
            }
        }
        XCTAssertEqual(try piiscan(["merge", "a.json", "b.json"], directory: directory).status, 1)
        XCTAssertEqual(try piiscan(["merge", "a-retention.json", "b-retention.json"], directory: directory).status, 1)
    }

    /// `merge --help` offers only the formats merge writes (json, ndjson); another is refused
    /// with that list.
    func testMergeHelpListsOnlyTheFormatsItWrites() throws {
        let help = try piiscan(["merge", "--help"])
        XCTAssertEqual(help.status, 0)
        let formatLine = try XCTUnwrap(help.stdout.split(separator: "\n").first { $0.contains("--format") })
        XCTAssertTrue(help.stdout.contains("values: json, ndjson"), help.stdout)
        for format in ["sarif", "csv", "text"] {
            XCTAssertFalse(help.stdout.contains(format), "\(format) in merge --help: \(formatLine)")
            let refused = try piiscan(["merge", "--format", format, "x.json"])
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("json") && refused.stderr.contains("ndjson"), refused.stderr)
        }
    }

    /// A report made with --show-values passes its raw values on: merge warns as scan does.
    func testMergeWarnsAboutRawValues() throws {
        let directory = try temporaryDirectory()
        try "jumin 900101-1234568\n".write(to: directory.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        try "mail hong@naver.com\n".write(to: directory.appendingPathComponent("b.log"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", "a.json", "--show-values", "a.log"], directory: directory).status, 1)
        XCTAssertEqual(try piiscan(["scan", "--format", "json", "-o", "b.json", "b.log"], directory: directory).status, 1)
        let plain = try piiscan(["merge", "b.json"], directory: directory)
        XCTAssertEqual(plain.stderr, "")
        let merged = try piiscan(["merge", "b.json", "a.json"], directory: directory)
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertEqual(
            merged.stderr, "piiscan: warning: 'a.json' was made with --show-values: the merged report prints raw personal data\n")
        XCTAssertTrue(merged.stdout.contains("900101-1234568"), "the value is copied (that is what the warning is for)")
    }

    /// The retention view (file ages by band) merges band by band, like the counts.
    func testRetentionViewsMerge() throws {
        let directory = try temporaryDirectory()
        let whole = try piiscan(["scan", "--format", "json", "--retention", "--no-config", "fixtures/inputs"])
        var reports: [String] = []
        for shard in 0..<2 {
            let path = directory.appendingPathComponent("s\(shard).json").path
            try piiscan(["scan", "--format", "json", "--retention", "--no-config", "--shard", "\(shard)/2", "-o", path, "fixtures/inputs"])
            reports.append(path)
        }
        let merged = try piiscan(["merge"] + reports)
        let mergedRetention = try XCTUnwrap(try summary(merged.stdout)["retention"] as? NSDictionary)
        XCTAssertEqual(mergedRetention, try XCTUnwrap(try summary(whole.stdout)["retention"] as? NSDictionary))
        XCTAssertEqual(try summary(merged.stdout), try summary(whole.stdout))
    }

    func testReportsWithDifferentKeysDoNotMerge() throws {
        let directory = try temporaryDirectory()
        let a = directory.appendingPathComponent("a.json").path
        let b = directory.appendingPathComponent("b.json").path
        try piiscan(["scan", "--format", "json", "-o", a, "fixtures/inputs/app"])
        try piiscan(["scan", "--format", "json", "-o", b, "fixtures/inputs/nginx"], environment: ["PIISCAN_KEY": "another key"])
        let merged = try piiscan(["merge", a, b])
        XCTAssertEqual(merged.status, 2)
        XCTAssertTrue(merged.stderr.contains("different fingerprint keys"), merged.stderr)
        XCTAssertEqual(merged.stdout, "")
        // A random per-run key cannot be merged either, and the message says what to do.
        try piiscan(["scan", "--format", "json", "-o", b, "fixtures/inputs/nginx"], environment: ["PIISCAN_KEY": ""])
        let ephemeral = try piiscan(["estimate", a, b])
        XCTAssertEqual(ephemeral.status, 2)
        XCTAssertTrue(ephemeral.stderr.contains("PIISCAN_KEY"), ephemeral.stderr)
        // The key itself never appears in a report.
        XCTAssertFalse(try String(contentsOfFile: a, encoding: .utf8).contains(Self.key))
    }

    func testBadReportsAreClearErrors() throws {
        let directory = try temporaryDirectory()
        let bad = directory.appendingPathComponent("bad.json")
        try Data("{\"findings\":[]}".utf8).write(to: bad)
        let outcome = try piiscan(["estimate", bad.path])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("bad.json"), outcome.stderr)
        let missing = try piiscan(["merge", directory.appendingPathComponent("nope.json").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.json"), missing.stderr)
        XCTAssertEqual(try piiscan(["estimate", "--audit", "5/3", bad.path]).status, 2)
        // A report marked incomplete merges into an incomplete one, and stderr says why it is 2.
        let report = directory.appendingPathComponent("partial.json")
        try piiscan(["scan", "--format", "json", "-o", report.path, "fixtures/inputs/app"])
        let text = try String(contentsOf: report, encoding: .utf8).replacingOccurrences(of: #""complete":true"#, with: #""complete":false"#)
        try text.write(to: report, atomically: true, encoding: .utf8)
        let partial = try piiscan(["merge", report.path])
        XCTAssertEqual(partial.status, 2, partial.stderr)
        XCTAssertTrue(partial.stderr.contains("partial.json' is marked incomplete"), partial.stderr)
        let backwards = try piiscan(["estimate", "--violation-date", "2026-05-01", "--decision-date", "2026-01-01", bad.path])
        XCTAssertEqual(backwards.status, 2, backwards.all)
        XCTAssertTrue(backwards.stderr.contains("is before --violation-date"), backwards.stderr)
    }

    /// Figures that would overflow or divide by zero (the QA crashes: SIGILL on `--fx 0`) are
    /// usage errors naming the option and its range; negative numbers read as values, not options.
    func testOutOfRangeFiguresAreUsageErrors() throws {
        let directory = try temporaryDirectory()
        let report = directory.appendingPathComponent("r.json").path
        try piiscan(["scan", "--format", "json", "-o", report, "fixtures/inputs/app"])
        let cases: [([String], String)] = [
            (["--fx", "0"], "--fx must be an exchange rate"), (["--fx", "1e-300"], "--fx must be"),
            (["--fx", "1e308"], "--fx must be"), (["--fx", "nan"], "--fx must be"), (["--fx", "-1450"], "--fx must be"),
            (["--revenue-krw", "1e300"], "--revenue-krw must be an amount in KRW from 0 to 1e16"),
            (["--revenue-krw", "-5"], "--revenue-krw must be"), (["--revenue-krw=-5"], "--revenue-krw must be"),
            (["--revenue-avg3-krw", "inf"], "--revenue-avg3-krw must be"),
            (["--worldwide-turnover-eur", "1e20"], "--worldwide-turnover-eur must be"),
            (["--unrelated-share", "-0.1"], "--unrelated-share must be between 0 and 1"),
            (["--sampling-fraction", "0"], "--sampling-fraction must be in (0, 1]"),
            (["--sampling-fraction", "-1"], "--sampling-fraction must be in (0, 1]"),
        ]
        for (arguments, message) in cases {
            for format in ["text", "json"] {
                let outcome = try piiscan(["estimate", "--format", format, report] + arguments)
                XCTAssertEqual(outcome.status, 2, "\(arguments): \(outcome.all)")
                XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
                XCTAssertEqual(outcome.stdout, "")
            }
        }
        // The same through `scan --estimate`, and for the scan's own counts.
        let scan = try piiscan(["scan", "--estimate", "--fx", "0", "fixtures/inputs/app"])
        XCTAssertEqual(scan.status, 2, scan.all)
        XCTAssertTrue(scan.stderr.contains("--fx must be"), scan.stderr)
        let threads = try piiscan(["scan", "--threads", "-1", "fixtures/inputs/app"])
        XCTAssertEqual(threads.status, 2)
        XCTAssertTrue(threads.stderr.contains("--threads must be at least 1"), threads.stderr)
        // In range: the largest figures still render (no Int64 overflow in the text).
        let big = try piiscan(["estimate", report, "--revenue-krw", "1e16", "--fx", "1", "--worldwide-turnover-eur", "1e13", "--eu-subjects"])
        XCTAssertEqual(big.status, 0, big.stderr)
        XCTAssertTrue(big.stdout.contains("Expected cost"), big.stdout)

        // A counts file is held to the same ranges.
        let counts = directory.appendingPathComponent("c.json")
        try Data(#"{"categories":{"RRN":{"d":10}},"finance":{"fx_krw_per_usd":0}}"#.utf8).write(to: counts)
        let badCounts = try piiscan(["estimate", "--counts", counts.path])
        XCTAssertEqual(badCounts.status, 2)
        XCTAssertTrue(badCounts.stderr.contains("finance.fx_krw_per_usd must be"), badCounts.stderr)
    }

    func testScanEstimateInEveryFormat() throws {
        let text = try piiscan(["scan", "--estimate", "--hacking", "fixtures/inputs/app"])
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("Breach-scale estimate"), text.stdout)
        XCTAssertTrue(text.stdout.contains("YES    KR_REPORT_PIPC_KISA_72H"), text.stdout)
        let json = try piiscan(["scan", "--estimate", "--format", "json", "fixtures/inputs/app"])
        let estimate = try XCTUnwrap(try self.json(json.stdout)["estimate"] as? [String: Any])
        XCTAssertNotNil(estimate["duties"])
        let ndjson = try piiscan(["scan", "--estimate", "--format", "ndjson", "fixtures/inputs/app"])
        let last = try XCTUnwrap(ndjson.stdout.split(separator: "\n").last)
        XCTAssertEqual(try self.json(String(last))["type"] as? String, "estimate")
        // The report with the estimate still reads back (merge skips the estimate line).
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("r.ndjson")
        try Data(ndjson.stdout.utf8).write(to: file)
        let fromReport = try piiscan(["estimate", file.path])
        XCTAssertEqual(fromReport.status, 0)
        XCTAssertFalse(fromReport.stdout.contains("INCOMPLETE"), fromReport.stdout)
        XCTAssertEqual(try self.json(try piiscan(["estimate", "--format", "json", file.path]).stdout)["complete"] as? Bool, true)

        // An incomplete scan (an input it could not read) gives an estimate that says so.
        let missing = directory.appendingPathComponent("missing.log").path
        let partial = try piiscan(["scan", "--format", "ndjson", "fixtures/inputs/app", missing])
        XCTAssertEqual(partial.status, 2)
        let partialFile = directory.appendingPathComponent("partial.ndjson")
        try Data(partial.stdout.utf8).write(to: partialFile)
        let incomplete = try piiscan(["estimate", partialFile.path])
        XCTAssertTrue(incomplete.stdout.contains("INCOMPLETE: a scan report behind this estimate is marked incomplete"), incomplete.stdout)
        XCTAssertTrue(incomplete.stderr.contains("marked incomplete"), incomplete.stderr)
        let incompleteJSON = try piiscan(["estimate", "--format", "json", partialFile.path])
        XCTAssertEqual(try self.json(incompleteJSON.stdout)["complete"] as? Bool, false)
    }

    func testConstantsFileOverridesTheBuiltIn() throws {
        let directory = try temporaryDirectory()
        let constants = try String(contentsOf: Self.root.appendingPathComponent("data/estimator.toml"), encoding: .utf8)
            .replacingOccurrences(of: "fx_krw_per_usd = { value = 1450", with: "fx_krw_per_usd = { value = 1000")
        let file = directory.appendingPathComponent("c.toml")
        try Data(constants.utf8).write(to: file)
        let report = directory.appendingPathComponent("r.json").path
        try piiscan(["scan", "--format", "json", "-o", report, "fixtures/inputs/app"])
        let outcome = try piiscan(["estimate", "--format", "json", "--constants", file.path, report])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(try XCTUnwrap(try json(outcome.stdout)["cost"] as? [String: Any])["fx_krw_per_usd"] as? Int, 1000)
        try Data(constants.replacingOccurrences(of: "fx_krw_per_usd = { value = 1000", with: "fx_krw_per_usd = { value = 0").utf8)
            .write(to: file)
        let noRate = try piiscan(["estimate", "--constants", file.path, report])
        XCTAssertEqual(noRate.status, 2)
        XCTAssertTrue(noRate.stderr.contains("cost.fx_krw_per_usd: 'value' must be an exchange rate"), noRate.stderr)
        try Data(constants.replacingOccurrences(of: "z95 = {", with: "z96 = {").utf8).write(to: file)
        let broken = try piiscan(["estimate", "--constants", file.path, report])
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("sampling.z9"), broken.stderr)
    }

    // MARK: A corpus with a known number of people

    /// A valid resident registration number (pre-2020 rule: check digit) for person `index`.
    static func rrn(_ index: Int) -> String {
        let year = 60 + index % 40, month = 1 + index % 12, day = 1 + index % 28
        let sex = 1 + index % 2
        let serial = String(format: "%05d", (index * 7919) % 100_000)
        let digits = String(format: "%02d%02d%02d%d", year, month, day, sex) + serial
        let weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        let sum = zip(digits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        let check = (11 - sum % 11) % 10
        return String(digits.prefix(6)) + "-" + String(digits.dropFirst(6)) + String(check)
    }

    /// Log lines of `people` customers, each appearing 1–7 times (a month of logs), as application logs keyed by
    /// the user look: every line of a customer names their e-mail, the first one also their
    /// phone and resident number, later ones sometimes the phone. A shared support number
    /// appears next to many customers (a hub that must not merge them).
    static func corpus(people: Int) -> [String] {
        var lines: [String] = []
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for person in 0..<people {
            let phone = String(format: "010-%04d-%04d", 2000 + person % 7000, 1000 + (person * 37) % 9000)
            let email = "customer\(person)@naver.com"
            let rrn = rrn(person)
            let appearances = 1 + Int(next() % 7)
            for appearance in 0..<appearances {
                let time = "2026-11-0\(1 + appearance % 9)T10:\(String(format: "%02d", person % 60)):00Z"
                switch appearance == 0 ? 0 : Int(next() % 3) {
                case 0: lines.append("\(time) INFO signup user_phone=\(phone) email=\(email) 주민등록번호=\(rrn)")
                case 1: lines.append("\(time) INFO login email=\(email) order=\(100_000 + person)")
                default: lines.append("\(time) INFO sms sent user=\(email) phone=\(phone) support=02-3456-7890")
                }
            }
            if person % 3 == 0 { lines.append("\(time(person)) WARN callback requested user=\(email) support=02-3456-7890") }
            lines.append("\(time(person)) DEBUG heartbeat id=\(1_700_000_000_000 + person * 13) latency_ms=\(person % 97)")
        }
        return lines
    }

    private static func time(_ person: Int) -> String { "2026-11-29T09:\(String(format: "%02d", person % 60)):00Z" }

    /// A full scan counts exactly the people planted; a 50 % Bernoulli sample of the lines gives
    /// an interval that contains the true number.
    /// A 050X safe number (spec §5.1 PHONE_SAFE) is a relay platforms reuse: reported as
    /// `kr-phone-safe` (`--only kr-phone` still covers it), it links no two customers into one.
    func testSafeNumbersAreOwnCategoryAndLinkNobody() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("orders.log")
        try Data("""
            주문 hong.gildong@naver.com 안심번호 0504-1234-5678
            주문 kim.minsu@daum.net 안심번호 0504-1234-5678
            주문 lee.jiwoo@nate.com 연락처 010-2345-6789

            """.utf8).write(to: file)
        let report = try piiscan(["scan", "--format", "json", file.path])
        XCTAssertEqual(report.status, 1)
        let summary = try XCTUnwrap(try json(report.stdout)["summary"] as? [String: Any])
        XCTAssertEqual((summary["counts"] as? [String: Any])?["kr-phone-safe"] as? Int, 2)
        XCTAssertEqual((summary["counts"] as? [String: Any])?["kr-phone"] as? Int, 1)
        XCTAssertEqual((summary["people"] as? [String: Any])?["d"] as? Int, 3, "two customers sharing a relay number are two people")
        let only = try piiscan(["scan", "--format", "ndjson", "--only", "kr-phone", file.path])
        XCTAssertEqual(only.stdout.components(separatedBy: #""category":"kr-phone-safe""#).count - 1, 2, only.stdout)
        XCTAssertFalse(only.stdout.contains(#""category":"email""#))
    }

    func testEstimateFindsTheKnownNumberOfPeople() throws {
        let people = 400
        let lines = Self.corpus(people: people)
        let directory = try temporaryDirectory()
        let full = directory.appendingPathComponent("full.log")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: full)
        let report = try piiscan(["scan", "--format", "json", full.path])
        let summary = try XCTUnwrap(try json(report.stdout)["summary"] as? [String: Any])
        let linked = try XCTUnwrap(summary["people"] as? [String: Any])
        XCTAssertEqual(linked["d"] as? Int, people, "linked people")
        XCTAssertEqual(linked["hubs"] as? Int, 1, "the support number is a hub")
        let distinct = try XCTUnwrap(summary["distinct"] as? [String: Any])
        XCTAssertEqual((distinct["kr-rrn"] as? [String: Any])?["d"] as? Int, people)
        XCTAssertEqual((distinct["email"] as? [String: Any])?["d"] as? Int, people)

        var state: UInt64 = 7
        let sampled = lines.filter { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % 2 == 0
        }
        let sample = directory.appendingPathComponent("sample.log")
        try Data((sampled.joined(separator: "\n") + "\n").utf8).write(to: sample)
        let sampleReport = directory.appendingPathComponent("sample.json").path
        try piiscan(["scan", "--format", "json", "-o", sampleReport, sample.path])
        let outcome = try piiscan(["estimate", "--format", "json", "--sampling-fraction", "0.5", sampleReport])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let estimate = try json(outcome.stdout)
        let subjects = try XCTUnwrap(estimate["subjects"] as? [String: Any])
        let low = try XCTUnwrap(subjects["low"] as? Double), high = try XCTUnwrap(subjects["high"] as? Double)
        XCTAssertLessThanOrEqual(low, Double(people), "\(subjects)")
        XCTAssertGreaterThanOrEqual(high, Double(people), "\(subjects)")
        let method = try XCTUnwrap(estimate["people"] as? [String: Any])["method"] as? String
        XCTAssertEqual(method, "linked identifiers (chao1)")
    }
}
