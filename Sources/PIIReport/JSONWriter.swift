import PIIModel

/// Builds compact JSON text with keys in a fixed order (so reports are byte-stable and diffable).
public struct JSONWriter {
    public private(set) var text = ""
    private var needsComma: [Bool] = []

    public init() {}

    public mutating func beginObject() { value("{"); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); text += "}" }
    public mutating func beginArray() { value("["); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); text += "]" }

    public mutating func key(_ name: String) {
        separate()
        text += JSONWriter.quote(name)
        text += ":"
        // The value that follows must not add another comma.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
        pendingKey = true
    }
    private var pendingKey = false

    public mutating func string(_ value: String) { self.value(JSONWriter.quote(value)) }
    public mutating func int<T: BinaryInteger>(_ value: T) { self.value(String(value)) }
    public mutating func double(_ value: Double) { self.value(JSONWriter.format(value)) }
    public mutating func bool(_ value: Bool) { self.value(value ? "true" : "false") }
    public mutating func null() { value("null") }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field<T: BinaryInteger>(_ name: String, _ value: T) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); double(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    private mutating func value(_ raw: String) {
        if pendingKey {
            pendingKey = false
        } else {
            separate()
        }
        text += raw
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    private mutating func separate() {
        if let last = needsComma.last, last { text += "," }
    }

    /// Shortest decimal form of a finite number (`0.95`, `1`, `12.5`).
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A JSON string literal. Control characters are escaped; everything else passes as UTF-8.
    public static func quote(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONWriter {
    /// Writes a finding object; `type` adds the NDJSON discriminator.
    public mutating func finding(_ finding: Finding, type: Bool) {
        beginObject()
        if type { field("type", "finding") }
        field("path", finding.path)
        field("line", finding.line)
        field("column", finding.column)
        field("offset", finding.offset)
        field("length", finding.length)
        field("category", finding.category.rawValue)
        field("rule", finding.rule)
        field("verdict", finding.verdict.rawValue)
        field("confidence", finding.confidence)
        field("masked", finding.masked)
        field("fingerprint", finding.fingerprint)
        if let value = finding.value { field("value", value) }
        endObject()
    }

    /// Writes an error or skip note.
    public mutating func issue(_ issue: InputIssue, type: Bool) {
        beginObject()
        if type { field("type", issue.kind == .error ? "error" : "skipped") }
        field("path", issue.path)
        field("message", issue.message)
        endObject()
    }

    /// Writes the summary object.
    public mutating func summary(_ summary: ScanSummary, type: Bool) {
        beginObject()
        if type { field("type", "summary") }
        field("complete", summary.complete)
        field("files", summary.files)
        field("bytes", summary.bytes)
        field("rows", summary.rows)
        field("findings", summary.counts.values.reduce(0, +))
        field("exposures", summary.exposures)
        key("counts")
        countsObject(summary.counts)
        key("verdicts")
        beginObject()
        for verdict in Verdict.allCases.reversed() where summary.verdicts[verdict, default: 0] > 0 {
            field(verdict.rawValue, summary.verdicts[verdict]!)
        }
        endObject()
        key("per_file")
        beginObject()
        for path in summary.perFile.keys.sorted() {
            key(path)
            countsObject(summary.perFile[path]!)
        }
        endObject()
        field("errors", summary.errors)
        field("skipped", summary.skipped)
        endObject()
    }

    private mutating func countsObject(_ counts: [Category: Int]) {
        beginObject()
        for category in counts.keys.sorted() { field(category.rawValue, counts[category]!) }
        endObject()
    }
}
