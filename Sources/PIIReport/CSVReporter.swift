import PIIModel

/// CSV cells (RFC 4180) that are safe to open in a spreadsheet.
public enum CSV {
    /// One cell: a text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
    /// leading `'` (spreadsheets would run it as a formula); cells with a comma, quote or line
    /// break are quoted, quotes doubled. Terminal and bidirectional controls (ESC, BEL, U+202E)
    /// are written as `\x1b`, `\u202e` (CSV goes to stdout: a file name must not drive the
    /// terminal that shows it).
    public static func cell(_ text: String) -> String {
        var text = TextReporter.escapeTerminalControls(text)
        if let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            text = "'" + text
        }
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A record: cells joined by commas, ended by CRLF.
    public static func row(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}

/// `--format csv`: a header, then one row per finding as it is found (masked values; the
/// decoding that revealed a value and the field it sits in, empty when none; the `value` column
/// only with `--show-values`, last). An input that could not be read completely (and an
/// interrupted scan, under `(scan)`) gets a row in input order with `category` `error`, the
/// message in `masked` and every other cell but `path` empty: a report with such a row is
/// incomplete. Skipped inputs (binary files …) get no row.
public final class CSVReporter: Reporter {
    private let sink: OutputSink
    private let showValues: Bool
    private var wroteHeader = false

    static let header = ["path", "line", "column", "table", "table_column", "row", "primary_key", "offset", "length",
                         "category", "rule", "verdict", "confidence", "masked", "fingerprint", "decoding", "field"]

    public init(sink: OutputSink, showValues: Bool) {
        self.sink = sink
        self.showValues = showValues
    }

    private func writeHeader() throws(OutputSink.Failure) {
        guard !wroteHeader else { return }
        wroteHeader = true
        try sink.write(CSV.row(CSVReporter.header + (showValues ? ["value"] : [])))
    }

    public func finding(_ finding: Finding) throws(OutputSink.Failure) {
        try writeHeader()
        let text = finding.hasTextLocation
        var cells = [
            CSV.cell(finding.path), text ? String(finding.line) : "", text ? String(finding.column) : "",
            CSV.cell(finding.record?.table ?? ""), CSV.cell(finding.record?.column ?? ""),
            finding.record?.rowid.map(String.init) ?? "", CSV.cell(finding.record?.primaryKey ?? ""),
            String(finding.offset), String(finding.length), CSV.cell(finding.category.rawValue), CSV.cell(finding.rule),
            finding.verdict.rawValue, JSONWriter.format(finding.confidence), CSV.cell(finding.masked), finding.fingerprint.description,
            CSV.cell(finding.decoding ?? ""), CSV.cell(finding.field ?? ""),
        ]
        if showValues { cells.append(CSV.cell(finding.value ?? "")) }
        try sink.write(CSV.row(cells))
    }

    public func issue(_ issue: InputIssue) throws(OutputSink.Failure) {
        guard issue.kind == .error else { return }
        try writeHeader()
        var cells = [String](repeating: "", count: CSVReporter.header.count + (showValues ? 1 : 0))
        cells[0] = CSV.cell(issue.path)
        cells[CSVReporter.categoryColumn] = "error"
        cells[CSVReporter.maskedColumn] = CSV.cell(issue.message)
        try sink.write(CSV.row(cells))
    }

    static let categoryColumn = header.firstIndex(of: "category")!
    static let maskedColumn = header.firstIndex(of: "masked")!

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        try writeHeader()
        try sink.flush()
    }
}

/// `--format csv-summary`: counts only, one row per (scope, place, category):
/// `total` rows per category, `file` rows per input and category, `column` rows per database
/// (or dump) column and category with rows scanned, rows with findings and their share, and,
/// with the retention view, `retention` rows per age band and category; last, an `error` row
/// per input that could not be read completely (and `(scan)` for an interrupted scan), with
/// the message in `category`: a summary with such a row is incomplete.
public final class CSVSummaryReporter: Reporter {
    private let sink: OutputSink
    private var errors: [InputIssue] = []

    public init(sink: OutputSink) { self.sink = sink }

    public func finding(_ finding: Finding) {}
    public func issue(_ issue: InputIssue) {
        if issue.kind == .error { errors.append(issue) }
    }

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        var out = CSV.row(["scope", "path", "table", "column", "category", "findings", "files", "rows", "rows_with_findings", "share"])
        for category in summary.counts.keys.sorted() {
            out += CSV.row(["total", "", "", "", CSV.cell(category.rawValue), String(summary.counts[category]!), String(summary.perFile.filter { $0.value[category] != nil }.count), "", "", ""])
        }
        for path in summary.perFile.keys.sorted() {
            let counts = summary.perFile[path]!
            for category in counts.keys.sorted() {
                out += CSV.row(["file", CSV.cell(path), "", "", CSV.cell(category.rawValue), String(counts[category]!), "1", "", "", ""])
            }
        }
        for column in summary.columns {
            for category in column.rowsWithFindings.keys.sorted() {
                out += CSV.row([
                    "column", CSV.cell(column.key.path), CSV.cell(column.key.table), CSV.cell(column.key.column),
                    CSV.cell(category.rawValue), "", "", String(column.rows), String(column.rowsWithFindings[category]!),
                    JSONWriter.format((column.share(of: category) * 10000).rounded() / 10000),
                ])
            }
        }
        for band in summary.retention?.bands ?? [] {
            for category in band.findings.keys.sorted() {
                out += CSV.row([
                    "retention", CSV.cell(band.label), "", "", CSV.cell(category.rawValue), String(band.findings[category]!),
                    String(band.filesPerCategory[category, default: 0]), "", "", "",
                ])
            }
        }
        for issue in errors {
            out += CSV.row(["error", CSV.cell(issue.path), "", "", CSV.cell(issue.message), "", "", "", "", ""])
        }
        try sink.write(out)
        try sink.flush()
    }
}
