import Foundation
import PIIModel

/// A scan report read back from its JSON or NDJSON form (for `piiscan merge` and
/// `piiscan estimate`).
public struct ReportDocument: Sendable {
    public var findings: [Finding] = []
    public var issues: [InputIssue] = []
    public var summary = ScanSummary()
}

/// Reads the reports piiscan writes with `--format json` or `--format ndjson`.
public enum ReportReader {
    /// Why a report could not be read.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the report at `path` (`-` for standard input).
    public static func read(path: String) throws(Failure) -> ReportDocument {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw Failure(description: "\(path): cannot read the report") }
        do {
            return try parse(data)
        } catch {
            throw Failure(description: "\(path): \(error.description)")
        }
    }

    /// Parses a JSON report (`{"findings":…,"summary":…}`) or an NDJSON one (one object per line,
    /// the summary last).
    public static func parse(_ data: Data) throws(Failure) -> ReportDocument {
        var document = ReportDocument()
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            guard let summary = object["summary"] as? [String: Any] else {
                throw Failure(description: "not a piiscan JSON report (no \"summary\")")
            }
            for item in object["findings"] as? [Any] ?? [] { document.findings.append(try finding(item)) }
            for (name, kind) in [("errors", InputIssue.Kind.error), ("skipped", .skipped)] {
                for item in object[name] as? [Any] ?? [] { document.issues.append(try issue(item, kind: kind)) }
            }
            document.summary = try self.summary(summary)
            return document
        }
        var sawSummary = false
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let type = object["type"] as? String
            else { throw Failure(description: "line \(lineNumber): not a piiscan JSON or NDJSON report") }
            switch type {
            case "finding": document.findings.append(try finding(object))
            case "error": document.issues.append(try issue(object, kind: .error))
            case "skipped": document.issues.append(try issue(object, kind: .skipped))
            case "estimate": continue
            case "summary":
                document.summary = try summary(object)
                sawSummary = true
            default: throw Failure(description: "line \(lineNumber): unknown record type '\(type)'")
            }
        }
        guard sawSummary else { throw Failure(description: "the report has no summary (was the scan cut short?)") }
        return document
    }

    private static func finding(_ item: Any) throws(Failure) -> Finding {
        guard let object = item as? [String: Any], let path = object["path"] as? String,
            let category = object["category"] as? String, let rule = object["rule"] as? String,
            let verdictName = object["verdict"] as? String, let verdict = Verdict(rawValue: verdictName),
            let masked = object["masked"] as? String, let fingerprint = object["fingerprint"] as? String
        else { throw Failure(description: "malformed finding") }
        var finding = Finding(
            path: path, line: int(object["line"]) ?? 0, column: 0, offset: Int64(int(object["offset"]) ?? 0),
            length: int(object["length"]) ?? 0, category: Category(category), rule: rule, verdict: verdict,
            confidence: (object["confidence"] as? NSNumber)?.doubleValue ?? 0, masked: masked, fingerprint: Fingerprint(fingerprint),
            value: object["value"] as? String)
        finding.decoding = object["decoding"] as? String
        finding.field = object["field"] as? String
        if let table = object["table"] as? String {
            if finding.line == 0 {
                finding.record = RecordLocation(
                    table: table, column: object["column"] as? String ?? "", rowid: int(object["rowid"]).map(Int64.init),
                    primaryKey: object["primary_key"] as? String)
            } else {
                finding.column = int(object["column"]) ?? 0
                finding.record = RecordLocation(
                    table: table, column: object["table_column"] as? String ?? "", rowid: int(object["row"]).map(Int64.init))
            }
        } else {
            finding.column = int(object["column"]) ?? 0
        }
        return finding
    }

    private static func issue(_ item: Any, kind: InputIssue.Kind) throws(Failure) -> InputIssue {
        guard let object = item as? [String: Any], let path = object["path"] as? String,
            let message = object["message"] as? String
        else { throw Failure(description: "malformed error/skipped entry") }
        return InputIssue(kind: kind, path: path, message: message)
    }

    private static func summary(_ object: [String: Any]) throws(Failure) -> ScanSummary {
        var summary = ScanSummary()
        summary.complete = object["complete"] as? Bool ?? false
        summary.files = int(object["files"]) ?? 0
        summary.bytes = Int64(int(object["bytes"]) ?? 0)
        summary.rows = Int64(int(object["rows"]) ?? 0)
        summary.counts = categoryCounts(object["counts"])
        for (name, value) in object["verdicts"] as? [String: Any] ?? [:] {
            if let verdict = Verdict(rawValue: name), let count = int(value) { summary.verdicts[verdict] = count }
        }
        for (path, counts) in object["per_file"] as? [String: Any] ?? [:] { summary.perFile[path] = categoryCounts(counts) }
        summary.errors = int(object["errors"]) ?? 0
        summary.skipped = int(object["skipped"]) ?? 0
        summary.suppressed = int(object["suppressed"]) ?? 0
        summary.baselined = int(object["baselined"]) ?? 0
        summary.allowlisted = int(object["allowlisted"]) ?? 0
        for item in object["columns"] as? [Any] ?? [] {
            guard let column = item as? [String: Any], let path = column["path"] as? String,
                let table = column["table"] as? String, let name = column["column"] as? String
            else { throw Failure(description: "malformed column summary") }
            var rowsWithFindings: [Category: Int64] = [:]
            for (category, count) in categoryCounts(column["rows_with_findings"]) { rowsWithFindings[category] = Int64(count) }
            summary.columns.append(
                ColumnSummary(
                    key: ColumnKey(path: path, table: table, column: name), rows: Int64(int(column["rows"]) ?? 0),
                    tableRows: int(column["table_rows"]).map(Int64.init), rowsWithFindings: rowsWithFindings))
        }
        if let retention = object["retention"] as? [String: Any] {
            var bands: [RetentionSummary.Band] = []
            for item in retention["bands"] as? [[String: Any]] ?? [] {
                var band = RetentionSummary.Band(label: item["age"] as? String ?? "?")
                band.files = int(item["files"]) ?? 0
                for (name, value) in item["categories"] as? [String: Any] ?? [:] {
                    let counts = value as? [String: Any] ?? [:]
                    band.filesPerCategory[Category(name)] = int(counts["files"]) ?? 0
                    band.findings[Category(name)] = int(counts["findings"]) ?? 0
                }
                bands.append(band)
            }
            var view = RetentionSummary(perFile: [:], ageSeconds: [:], olderThan: retention["older_than"] as? String)
            view.bands = bands
            summary.retention = view
        }
        summary.keyID = object["key_id"] as? String
        summary.keyIsEphemeral = object["key_ephemeral"] as? Bool ?? false
        summary.settings = object["settings"] as? String
        guard let sketches = object["sketches"] as? [String: Any] else {
            throw Failure(description: "the report has no sketches (made by an older piiscan?)")
        }
        guard int(sketches["version"]) == 1 else { throw Failure(description: "unsupported sketch version") }
        do {
            for (name, text) in sketches["categories"] as? [String: String] ?? [:] {
                summary.exposure.categories[Category(name)] = try SketchCodec.decodeDistinct(SketchCodec.base64Decode(text))
            }
            for (name, text) in sketches["weak"] as? [String: String] ?? [:] {
                summary.exposure.unattachedWeak[Category(name)] = try SketchCodec.decodeDistinct(SketchCodec.base64Decode(text))
            }
            if let text = sketches["linkage"] as? String {
                summary.exposure.linkage = try SketchCodec.decodeLinkage(SketchCodec.base64Decode(text))
            }
        } catch {
            throw Failure(description: "corrupt sketch: \(error.description)")
        }
        return summary
    }

    private static func categoryCounts(_ value: Any?) -> [Category: Int] {
        var counts: [Category: Int] = [:]
        for (name, count) in value as? [String: Any] ?? [:] { if let count = int(count) { counts[Category(name)] = count } }
        return counts
    }

    private static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        return number.intValue
    }
}
