import PIIModel

/// Output formats of `piiscan scan`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, ndjson
    /// SARIF 2.1.0 for code scanning (see ``SARIFReporter``).
    case sarif
    /// One CSV row per finding (see ``CSVReporter``).
    case csv
    /// CSV counts per category, input and database column (see ``CSVSummaryReporter``).
    case csvSummary = "csv-summary"
}

/// Writes a report while the scan runs: events arrive in input order, the summary last.
public protocol Reporter {
    func finding(_ finding: Finding) throws(OutputSink.Failure)
    func issue(_ issue: InputIssue) throws(OutputSink.Failure)
    func finish(_ summary: ScanSummary) throws(OutputSink.Failure)
}

/// Creates the reporter for `format`. `rules` and `version` describe the tool in SARIF;
/// `showValues` adds the raw-value column to CSV.
public func makeReporter(
    _ format: ReportFormat, sink: OutputSink, color: Bool = false, rules: [RuleDescriptor] = [], version: String = "",
    showValues: Bool = false
) -> any Reporter {
    switch format {
    case .text: TextReporter(sink: sink, color: color)
    case .json: JSONReporter(sink: sink)
    case .ndjson: NDJSONReporter(sink: sink)
    case .sarif: SARIFReporter(sink: sink, rules: rules, version: version)
    case .csv: CSVReporter(sink: sink, showValues: showValues)
    case .csvSummary: CSVSummaryReporter(sink: sink)
    }
}

/// One JSON object per line, each with a `type`: findings and errors as they happen, then one
/// `summary`. Memory does not grow with the number of findings.
public final class NDJSONReporter: Reporter {
    private let sink: OutputSink
    /// A JSON object written as one more line, `{"type":"estimate",…}`, after the summary.
    public var appendix: ((ScanSummary) -> String)?
    /// Reused for every finding (no allocation per line).
    private var writer = JSONWriter()
    public init(sink: OutputSink) { self.sink = sink }

    public func finding(_ finding: Finding) throws(OutputSink.Failure) {
        writer.reset()
        writer.finding(finding, type: true)
        writer.appendRaw(0x0A)
        try sink.write(writer.bytes)
    }

    public func issue(_ issue: InputIssue) throws(OutputSink.Failure) {
        var writer = JSONWriter()
        writer.issue(issue, type: true)
        try sink.write(writer.text + "\n")
    }

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        var writer = JSONWriter()
        writer.summary(summary, type: true)
        try sink.write(writer.text + "\n")
        if let object = appendix?(summary), object.hasPrefix("{") {
            try sink.write("{\"type\":\"estimate\"," + object.dropFirst())
        }
        try sink.flush()
    }
}

/// One JSON document `{"findings":[…],"errors":[…],"skipped":[…],"summary":{…}}`. Findings
/// stream out as they come; the (few) issues are held until the end.
public final class JSONReporter: Reporter {
    private let sink: OutputSink
    private var findingCount = 0
    private var errors: [InputIssue] = []
    private var skipped: [InputIssue] = []
    /// A JSON value written as the document's `estimate` member, after the summary.
    public var appendix: ((ScanSummary) -> String)?

    /// Reused for every finding (no allocation per finding).
    private var writer = JSONWriter()
    public init(sink: OutputSink) { self.sink = sink }

    public func finding(_ finding: Finding) throws(OutputSink.Failure) {
        writer.reset()
        writer.finding(finding, type: false)
        try sink.write(findingCount == 0 ? "{\"findings\":[\n" : ",\n")
        try sink.write(writer.bytes)
        findingCount += 1
    }

    public func issue(_ issue: InputIssue) {
        if issue.kind == .error { errors.append(issue) } else { skipped.append(issue) }
    }

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        try sink.write(findingCount == 0 ? "{\"findings\":[],\n" : "\n],\n")
        for (name, list) in [("errors", errors), ("skipped", skipped)] {
            var lines: [String] = []
            for issue in list {
                var writer = JSONWriter()
                writer.issue(issue, type: false)
                lines.append(writer.text)
            }
            try sink.write("\"\(name)\":[" + (lines.isEmpty ? "" : "\n" + lines.joined(separator: ",\n") + "\n") + "],\n")
        }
        var writer = JSONWriter()
        writer.summary(summary, type: false)
        try sink.write("\"summary\":" + writer.text)
        if let value = appendix?(summary) { try sink.write(",\n\"estimate\":" + value.trimmingSuffixNewline) }
        try sink.write("}\n")
        try sink.flush()
    }
}

extension String {
    fileprivate var trimmingSuffixNewline: Substring { hasSuffix("\n") ? dropLast() : self[...] }
}
