import CSQLite
import Foundation
import XCTest

/// `scan --files-from`, `--shard I/N` and `--stdin-format jsonl` through the built binary, and
/// merging their reports (issue 8).
final class ScaleOutCLITests: CLITestCase {
    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The summary of a report with column summaries in a canonical order (a merge sorts them).
    private func summary(_ report: String, dropping: [String] = []) throws -> NSDictionary {
        var summary = try XCTUnwrap(try json(report)["summary"] as? [String: Any])
        if let columns = summary["columns"] as? [[String: Any]] {
            summary["columns"] = columns.sorted {
                ("\($0["path"]!)", "\($0["table"]!)", "\($0["column"]!)") < ("\($1["path"]!)", "\($1["table"]!)", "\($1["column"]!)")
            }
        }
        for key in dropping { summary.removeValue(forKey: key) }
        return summary as NSDictionary
    }

    private func paths(_ report: String) throws -> [String] {
        let document = try json(report)
        var paths = Set<String>()
        for key in ["findings", "errors", "skipped"] {
            for item in try XCTUnwrap(document[key] as? [[String: Any]]) { paths.insert(try XCTUnwrap(item["path"] as? String)) }
        }
        return paths.sorted()
    }

    private func makeDatabase(in directory: URL, name: String = "shop.db") throws -> String {
        let path = directory.appendingPathComponent(name).path
        let text = try String(contentsOf: Self.root.appendingPathComponent("fixtures/sql/shop.sql"), encoding: .utf8)
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, text, nil, nil, nil), SQLITE_OK)
        return path
    }

    /// `--shard I/N` over the fixtures: the shards partition the inputs (every finding, error and
    /// skip note in exactly one shard, a missing path's error included), and merging the shard
    /// reports — in any order, in any grouping — equals one scan of everything.
    func testShardsPartitionTheInputsAndMergeToOneScan() throws {
        let directory = try temporaryDirectory()
        let database = try makeDatabase(in: directory)
        let inputs = ["fixtures/inputs", database, "no/such/file.log"]
        let whole = try piiscan(["scan", "--format", "json"] + inputs)
        XCTAssertEqual(whole.status, 2, whole.stderr)
        let count = 3
        var reports: [String] = []
        var seenPaths: [String] = []
        for index in 0..<count {
            let report = directory.appendingPathComponent("shard-\(index).json").path
            let shard = try piiscan(["scan", "--shard", "\(index)/\(count)", "--format", "json", "-o", report] + inputs)
            XCTAssertTrue([0, 1, 2].contains(shard.status), shard.stderr)
            let text = try String(contentsOfFile: report, encoding: .utf8)
            seenPaths += try paths(text)
            reports.append(report)
            // Same shard, same result on a second run (deterministic assignment).
            XCTAssertEqual(try piiscan(["scan", "--shard", "\(index)/\(count)", "--format", "json"] + inputs).stdout, text)
        }
        // A partition: each path with findings, errors or notes is in exactly one shard.
        XCTAssertEqual(seenPaths.sorted(), try paths(whole.stdout))
        XCTAssertEqual(Set(seenPaths).count, seenPaths.count, "a path appears in two shards")
        XCTAssertTrue(seenPaths.contains("no/such/file.log"))
        XCTAssertTrue(seenPaths.contains(database))
        // Every shard has work (size balancing spreads 20 files over 3 shards).
        for report in reports {
            let files = try XCTUnwrap(try summary(try String(contentsOfFile: report, encoding: .utf8))["files"] as? Int)
            XCTAssertGreaterThan(files, 0)
        }

        let expected = try summary(whole.stdout)
        let merged = try piiscan(["merge"] + reports)
        XCTAssertEqual(merged.status, 2, merged.stderr)
        XCTAssertEqual(try summary(merged.stdout), expected)
        XCTAssertEqual(try summary(try piiscan(["merge", reports[2], reports[0], reports[1]]).stdout), expected)
        // Associative: (a + b) + c.
        let ab = directory.appendingPathComponent("ab.json").path
        let partial = try piiscan(["merge", "-o", ab, reports[0], reports[1]])
        let complete = try XCTUnwrap(try summary(try String(contentsOfFile: ab, encoding: .utf8))["complete"] as? Bool)
        XCTAssertEqual(partial.status, complete ? 1 : 2, partial.stderr)
        XCTAssertEqual(try summary(try piiscan(["merge", ab, reports[2]]).stdout), expected)
        XCTAssertEqual(
            try XCTUnwrap(try json(merged.stdout)["findings"] as? [Any]).count,
            try XCTUnwrap(try json(whole.stdout)["findings"] as? [Any]).count)
        XCTAssertEqual(try piiscan(["estimate", "--format", "json"] + reports).stdout, try piiscan(["estimate", "--format", "json", "-"], stdin: Data(whole.stdout.utf8)).stdout)
    }

    /// A path list, NUL- or newline-separated, from a file or standard input; `--shard 0/1` is
    /// everything; an empty list scans nothing.
    func testFilesFrom() throws {
        let directory = try temporaryDirectory()
        let files = ["fixtures/inputs/apache/access.log", "fixtures/inputs/export/customers.csv", "fixtures/inputs/gzip/app.log.gz"]
        let direct = try piiscan(["scan", "--format", "json"] + files)
        XCTAssertEqual(direct.status, 1, direct.stderr)
        let expected = try summary(direct.stdout, dropping: ["elapsed_seconds"])
        let newline = directory.appendingPathComponent("list.txt")
        try Data((files.joined(separator: "\r\n") + "\n\n").utf8).write(to: newline)
        XCTAssertEqual(try summary(try piiscan(["scan", "--files-from", newline.path, "--format", "json"]).stdout), expected)
        let nul = Data(files.joined(separator: "\0").utf8) + Data([0])
        let fromStdin = try piiscan(["scan", "--files-from", "-", "--format", "json", "--shard", "0/1"], stdin: nul)
        XCTAssertEqual(fromStdin.status, 1, fromStdin.stderr)
        XCTAssertEqual(try summary(fromStdin.stdout), expected)
        // Listed and command-line paths together; a directory in the list is walked.
        let mixed = try piiscan(["scan", "--files-from", "-", "--format", "json", files[0]], stdin: Data((files[1] + "\n" + "fixtures/inputs/gzip/app.log.gz").utf8))
        XCTAssertEqual(try summary(mixed.stdout), expected)
        // A FIFO, as a shell's process substitution gives (`--files-from <(find …)`): no size.
        let fifo = directory.appendingPathComponent("list.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(files.joined(separator: "\n").utf8))
                try? handle.close()
            }
        }
        writer.start()
        XCTAssertEqual(try summary(try piiscan(["scan", "--files-from", fifo, "--format", "json"]).stdout), expected)
        // An empty list is an empty scan, not a scan of '.' or of standard input.
        let empty = try piiscan(["scan", "--files-from", "-", "--format", "json"], stdin: Data())
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(try summary(empty.stdout)["files"] as? Int, 0)
        // Errors: an unreadable list, a bad shard, two readers of standard input.
        let missing = try piiscan(["scan", "--files-from", directory.appendingPathComponent("nope").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("piiscan: error: --files-from: cannot read"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("No such file or directory"), missing.stderr)
        for bad in ["3/3", "1", "-1/2", "a/b", "0/0"] {
            let outcome = try piiscan(["scan", "--shard=\(bad)", files[0]])
            XCTAssertEqual(outcome.status, 2, bad)
            XCTAssertTrue(outcome.stderr.contains("--shard must be I/N"), outcome.stderr)
        }
        XCTAssertEqual(try piiscan(["scan", "--files-from", "-", "-"], stdin: Data()).status, 2)
        XCTAssertEqual(try piiscan(["scan", "--files-from", "-", "--stdin-format", "jsonl"], stdin: Data()).status, 2)
    }

    /// Sampled database columns keep their sampling fraction (`table_rows`) through a merge.
    func testSampledShardsMergeWithTheirTableRows() throws {
        let directory = try temporaryDirectory()
        let first = try makeDatabase(in: directory, name: "a.db")
        let second = try makeDatabase(in: directory, name: "b.db")
        let whole = try piiscan(["scan", "--sample-rows", "3", "--format", "json", first, second])
        let a = directory.appendingPathComponent("a.json").path
        let b = directory.appendingPathComponent("b.json").path
        XCTAssertEqual(try piiscan(["scan", "--sample-rows", "3", "--format", "json", "-o", a, "--shard", "0/2", first, second]).status, 1)
        XCTAssertEqual(try piiscan(["scan", "--sample-rows", "3", "--format", "json", "-o", b, "--shard", "1/2", first, second]).status, 1)
        let merged = try piiscan(["merge", b, a])
        XCTAssertEqual(try summary(merged.stdout), try summary(whole.stdout))
        let columns = try XCTUnwrap(try summary(merged.stdout)["columns"] as? [[String: Any]])
        let sampled = columns.filter { $0["table_rows"] != nil }
        XCTAssertFalse(sampled.isEmpty)
        var fractions = 0
        for column in sampled {
            let rows = try XCTUnwrap(column["rows"] as? Int)
            let tableRows = try XCTUnwrap(column["table_rows"] as? Int)
            XCTAssertEqual(rows, min(3, tableRows))
            if tableRows > rows { fractions += 1 }
        }
        XCTAssertGreaterThan(fractions, 0, "some tables have more than 3 rows: their sampling fraction is below 1")
    }

    /// JSON lines on standard input are the rows of one table: findings carry table, column
    /// (nested keys joined with dots) and rowid (the line number); invalid lines are counted as
    /// one error and the other lines are still scanned.
    func testJSONLinesAreScannedAsTableRows() throws {
        let lines = [
            #"{"id":1,"name":"김민준","jumin":"900101-1234568","contact":{"phone":"010-3819-9448","emails":["dream.ocean99@naver.com"]},"vip":true,"memo":null}"#,
            #"{"id":2,"jumin":"850315-2012341","contact":{"phone":"02-312-3456"}}"#,
            "",
            #"{"id":3,"jumin":"not a number" "#,
            #"{"id":4,"note":"\uc8fc\ubbfc 110930-4456780"}"#,
            #"[1,2]"#,
        ]
        let outcome = try piiscan(
            ["scan", "--stdin-format", "jsonl", "--source-name", "customers", "--format", "json"],
            stdin: Data(lines.joined(separator: "\n").utf8))
        XCTAssertEqual(outcome.status, 2, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("piiscan: error: customers: JSON lines: 2 invalid lines skipped (line 4:"), outcome.stderr)
        let document = try json(outcome.stdout)
        let findings = try XCTUnwrap(document["findings"] as? [[String: Any]])
        let located = findings.map { "\($0["table"]!).\($0["column"]!)#\($0["rowid"]!) \($0["category"]!)" }
        XCTAssertEqual(located, [
            "customers.jumin#1 kr-rrn", "customers.contact.phone#1 kr-phone", "customers.contact.emails#1 email",
            "customers.jumin#2 kr-rrn", "customers.contact.phone#2 kr-phone", "customers.note#5 kr-rrn",
        ])
        XCTAssertEqual(Set(findings.map { $0["path"] as? String }), ["customers"])
        XCTAssertFalse(outcome.stdout.contains("900101-1234568"), "values are masked")
        let summary = try summary(outcome.stdout)
        XCTAssertEqual(summary["rows"] as? Int, 3)
        let columns = try XCTUnwrap(summary["columns"] as? [[String: Any]])
        func column(_ name: String) -> [String: Any]? { columns.first { $0["column"] as? String == name } }
        XCTAssertEqual(column("jumin")?["rows"] as? Int, 2)
        XCTAssertEqual(column("contact.phone")?["rows"] as? Int, 2)
        XCTAssertEqual(column("note")?["rows"] as? Int, 1)
        XCTAssertEqual((column("jumin")?["rows_with_findings"] as? [String: Int])?["kr-rrn"], 2)
        XCTAssertNil(column("vip"), "booleans are not cells")
        XCTAssertNil(column("memo"), "nulls are not cells")
    }

    /// A table split into partitions (as Spark streams it) merges to the scan of the whole table.
    func testJSONLinesPartitionsMergeToTheWholeTable() throws {
        let directory = try temporaryDirectory()
        let csv = try fixtureLines("inputs/export/customers.csv")
        let header = csv[0].split(separator: ",").map(String.init)
        // Rows without quoted commas, as JSON objects (strings, and ids as numbers).
        var rows: [String] = []
        for line in csv.dropFirst() where !line.contains("\"") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count else { continue }
            var object: [String: Any] = [:]
            for (name, cell) in zip(header, cells) { object[name] = Int(cell).map { $0 as Any } ?? cell }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            rows.append(String(decoding: data, as: UTF8.self))
        }
        XCTAssertGreaterThan(rows.count, 20)
        let arguments = ["scan", "--stdin-format", "jsonl", "--source-name", "customers", "--format", "json"]
        let whole = try piiscan(arguments, stdin: Data(rows.joined(separator: "\n").utf8))
        XCTAssertEqual(whole.status, 1, whole.stderr)
        var reports: [String] = []
        for (index, part) in [rows[..<7], rows[7..<20], rows[20...]].enumerated() {
            let report = directory.appendingPathComponent("part-\(index).json").path
            XCTAssertEqual(try piiscan(arguments + ["-o", report], stdin: Data(part.joined(separator: "\n").utf8)).status, 1)
            reports.append(report)
        }
        let merged = try piiscan(["merge"] + reports)
        // Everything but the input count (three streams instead of one) is equal.
        XCTAssertEqual(try summary(merged.stdout, dropping: ["files"]), try summary(whole.stdout, dropping: ["files"]))
        XCTAssertEqual(try summary(merged.stdout)["files"] as? Int, 3)
        let people = try XCTUnwrap(try summary(whole.stdout)["people"] as? [String: Any])["d"] as? Int
        XCTAssertGreaterThan(people ?? 0, 10)
    }
}
