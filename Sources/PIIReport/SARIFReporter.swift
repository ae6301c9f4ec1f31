import CCrypto
import PIIModel

/// What a SARIF report says about one rule (`tool.driver.rules`).
public struct RuleDescriptor: Sendable, Equatable {
    public var id: String
    public var description: String
    public var category: Category

    public init(id: String, description: String, category: Category) {
        self.id = id
        self.description = description
        self.category = category
    }

    /// A friendly name: the id in UpperCamelCase (`kr-rrn` → `KrRrn`).
    public var name: String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}

/// SARIF 2.1.0 (one JSON document, one run) for code-scanning tools such as GitHub code
/// scanning. Results stream out as findings arrive; the few input issues are held and written
/// as `toolExecutionNotifications` of the invocation at the end. Messages carry masked values
/// only; `partialFingerprints` are derived from the keyed fingerprint, the rule and the path
/// (plus the database column and the occurrence number), never from line numbers, so a moved
/// line keeps its identity.
public final class SARIFReporter: Reporter {
    /// Key of the partial fingerprint in each result.
    public static let fingerprintKey = "piiscanFindingHash/v1"

    private let sink: OutputSink
    private let rules: [RuleDescriptor]
    private let ruleIndex: [String: Int]
    private let version: String
    private var resultCount = 0
    /// Whether any reported finding makes the exit code 1 (`--fail-on`); `nil`: any exposure does.
    public var failing: Bool?
    /// GitHub code scanning rejects a whole upload whose run holds more than 25,000 results.
    public static let gitHubResultLimit = 25_000
    /// At most this many results are written (`nil`: all); the rest are counted in ``omitted``
    /// and named by a warning notification, so an upload is not rejected outright.
    public var maxResults: Int? = SARIFReporter.gitHubResultLimit
    /// Findings left out by ``maxResults``.
    public private(set) var omitted = 0
    private var issues: [InputIssue] = []
    /// Occurrences so far of each (fingerprint, rule, column) in the current path, keyed by a
    /// 64-bit hash of the fingerprint and a number for the rule and column rather than by their
    /// text: a file with a million distinct values held 400 MB of keys. (Two keys of one file
    /// share a hash with a chance of about 1 in 2^64 / n²; the cost would be one result's
    /// occurrence number.)
    private var occurrences: [Int: Int32] = [:]
    private var occurrencePath: String?
    /// `rule \0 column` → its number in the occurrence key (a handful per file).
    private var labels: [String: Int32] = [:]

    public init(sink: OutputSink, rules: [RuleDescriptor], version: String) {
        self.sink = sink
        self.rules = rules
        self.version = version
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() where index[rule.id] == nil { index[rule.id] = position }
        ruleIndex = index
    }

    /// SARIF levels: masked look-alikes are notes, high confidence (≥ 0.85) errors, the rest warnings.
    static func level(_ finding: Finding) -> String {
        finding.category.isMasked ? "note" : finding.confidence >= 0.85 ? "error" : "warning"
    }

    private func header() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("name", "piiscan")
        writer.field("version", version)
        writer.field("semanticVersion", version)
        writer.key("rules")
        writer.beginArray()
        for rule in rules {
            writer.beginObject()
            writer.field("id", rule.id)
            writer.field("name", rule.name)
            writer.key("shortDescription")
            writer.beginObject()
            writer.field("text", rule.description.isEmpty ? rule.id : rule.description)
            writer.endObject()
            writer.key("fullDescription")
            writer.beginObject()
            let masked = rule.category.isMasked ? " Masked look-alike: reported, never counted as an exposure." : ""
            writer.field("text", (rule.description.isEmpty ? rule.id : rule.description) + " (category \(rule.category.rawValue))." + masked)
            writer.endObject()
            writer.key("defaultConfiguration")
            writer.beginObject()
            writer.field("level", rule.category.isMasked ? "note" : "error")
            writer.endObject()
            writer.key("properties")
            writer.beginObject()
            writer.field("category", rule.category.rawValue)
            writer.key("tags")
            writer.beginArray()
            for tag in ["privacy", "pii", rule.category.rawValue] { writer.string(tag) }
            writer.endArray()
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":"
            + writer.text + "},\"columnKind\":\"utf16CodeUnits\",\"results\":["
    }

    /// The `ruleId` a finding is filed under: its rule's, except for a `kr-rrn-partial`
    /// exposure found by a rule of another category (the masked-RRN rule, whose descriptor is a
    /// `note`), which goes under the `kr-rrn-partial` descriptor when there is one. Only the SARIF
    /// result changes: the finding's `rule` (baselines, `piiscan:allow`, the partial fingerprint,
    /// the other formats) stays the rule that matched.
    private func reportedRule(_ finding: Finding) -> String {
        guard finding.category == .rrnPartial, let partial = ruleIndex[Category.rrnPartial.rawValue],
            rules[partial].category == .rrnPartial, ruleIndex[finding.rule].map({ rules[$0].category != .rrnPartial }) ?? true
        else { return finding.rule }
        return rules[partial].id
    }

    public func finding(_ finding: Finding) throws(OutputSink.Failure) {
        if let maxResults, resultCount >= maxResults {
            omitted += 1
            return
        }
        if resultCount == 0 { try sink.write(header() + "\n") } else { try sink.write(",\n") }
        resultCount += 1
        var writer = JSONWriter()
        writer.beginObject()
        let rule = reportedRule(finding)
        writer.field("ruleId", rule)
        if let index = ruleIndex[rule] { writer.field("ruleIndex", index) }
        writer.field("level", SARIFReporter.level(finding))
        writer.key("message")
        writer.beginObject()
        let note = TextReporter.note(finding).map { ", \($0)" } ?? ""
        writer.field(
            "text", "\(finding.category.rawValue) (\(finding.verdict.rawValue), confidence \(confidenceText(finding.confidence))\(note)): \(finding.masked)")
        writer.endObject()
        writer.key("locations")
        writer.beginArray()
        writer.beginObject()
        writer.key("physicalLocation")
        writer.beginObject()
        writer.key("artifactLocation")
        writer.beginObject()
        writer.field("uri", SARIFReporter.uri(for: finding.path))
        writer.endObject()
        if finding.hasTextLocation {
            writer.key("region")
            writer.beginObject()
            writer.field("startLine", finding.line)
            // Columns count UTF-16 code units (`columnKind`), which only a scan asked for them
            // computes; without them the region is the line (and the bytes below).
            if finding.utf16Column > 0 {
                writer.field("startColumn", Int(finding.utf16Column))
                if finding.utf16EndLine > 0 { writer.field("endLine", Int(finding.utf16EndLine)) }
                writer.field("endColumn", Int(finding.utf16EndColumn))
            }
            writer.field("byteOffset", finding.offset)
            writer.field("byteLength", finding.length)
            writer.endObject()
        }
        writer.endObject()
        if let record = finding.record {
            writer.key("logicalLocations")
            writer.beginArray()
            writer.beginObject()
            writer.field("name", record.column)
            writer.field("fullyQualifiedName", "\(record.table).\(record.column)")
            writer.field("kind", "member")
            writer.endObject()
            writer.endArray()
        }
        writer.endObject()
        writer.endArray()
        writer.key("partialFingerprints")
        writer.beginObject()
        writer.field(SARIFReporter.fingerprintKey, partialFingerprint(finding))
        writer.endObject()
        writer.key("properties")
        writer.beginObject()
        writer.field("category", finding.category.rawValue)
        writer.field("verdict", finding.verdict.rawValue)
        writer.field("confidence", finding.confidence)
        writer.field("masked", finding.masked)
        writer.field("fingerprint", finding.fingerprint.description)
        writer.field("offset", finding.offset)
        writer.field("length", finding.length)
        if let decoding = finding.decoding { writer.field("decoding", decoding) }
        if let field = finding.field { writer.field("field", field) }
        if let record = finding.record {
            writer.field("table", record.table)
            writer.field(finding.hasTextLocation ? "table_column" : "column", record.column)
            if let rowid = record.rowid { writer.field(finding.hasTextLocation ? "row" : "rowid", rowid) }
            if let key = record.primaryKey { writer.field("primary_key", key) }
        }
        if let value = finding.value { writer.field("value", value) }
        writer.endObject()
        writer.endObject()
        try sink.write(writer.bytes)
    }

    /// SHA-256 of the keyed fingerprint, rule, path, database column and occurrence number of
    /// this (fingerprint, rule, column) in the file; 32 hex digits.
    private func partialFingerprint(_ finding: Finding) -> String {
        if finding.path != occurrencePath {
            occurrencePath = finding.path
            occurrences.removeAll()
            labels.removeAll()
        }
        let column = finding.record.map { "\($0.table).\($0.column)" } ?? ""
        let label = finding.rule + "\u{0}" + column
        let number = labels[label] ?? {
            let next = Int32(labels.count)
            labels[label] = next
            return next
        }()
        var hasher = Hasher()
        hasher.combine(finding.fingerprint)
        hasher.combine(number)
        let key = hasher.finalize()
        let occurrence = occurrences[key, default: 0]
        occurrences[key] = occurrence + 1
        let material = finding.fingerprint.description + "\u{0}" + label + "\u{0}" + finding.path + "\u{0}" + String(occurrence)
        let bytes = Array(material.utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        piiscan_sha256(bytes, bytes.count, &digest)
        let hex = Array("0123456789abcdef")
        return digest.prefix(16).map { byte in String([hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]) }.joined()
    }

    public func issue(_ issue: InputIssue) { issues.append(issue) }

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        try sink.write(resultCount == 0 ? header() + "],\n" : "\n],\n")
        var writer = JSONWriter()
        writer.beginArray()
        writer.beginObject()
        writer.field("executionSuccessful", summary.complete)
        writer.field("exitCode", summary.complete ? ((failing ?? (summary.exposures > 0)) ? 1 : 0) : 2)
        writer.key("toolExecutionNotifications")
        writer.beginArray()
        if omitted > 0 {
            writer.beginObject()
            writer.field("level", "warning")
            writer.key("message")
            writer.beginObject()
            writer.field(
                "text",
                "\(omitted) more findings were left out of this report: it holds the first \(resultCount) (GitHub code scanning rejects a run of more than \(SARIFReporter.gitHubResultLimit) results). The summary counts all of them; --format json lists all, --sarif-max-results 0 writes all.")
            writer.endObject()
            writer.key("properties")
            writer.beginObject()
            writer.field("kind", "omitted")
            writer.field("omitted", omitted)
            writer.endObject()
            writer.endObject()
        }
        for issue in issues {
            writer.beginObject()
            writer.field("level", issue.kind == .error ? "error" : "note")
            writer.key("message")
            writer.beginObject()
            writer.field("text", "\(issue.path): \(issue.message)")
            writer.endObject()
            if issue.path != "-" && !issue.path.hasPrefix("(") {
                writer.key("locations")
                writer.beginArray()
                writer.beginObject()
                writer.key("physicalLocation")
                writer.beginObject()
                writer.key("artifactLocation")
                writer.beginObject()
                writer.field("uri", SARIFReporter.uri(for: issue.path))
                writer.endObject()
                writer.endObject()
                writer.endObject()
                writer.endArray()
            }
            writer.key("properties")
            writer.beginObject()
            writer.field("kind", issue.kind.rawValue)
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endArray()
        try sink.write("\"invocations\":")
        try sink.write(writer.bytes)
        writer = JSONWriter()
        writer.beginObject()
        writer.field("complete", summary.complete)
        writer.field("files", summary.files)
        writer.field("bytes", summary.bytes)
        writer.field("rows", summary.rows)
        writer.field("findings", summary.counts.values.reduce(0, +))
        writer.field("exposures", summary.exposures)
        writer.field("errors", summary.errors)
        writer.field("skipped", summary.skipped)
        writer.endObject()
        try sink.write(",\"properties\":")
        try sink.write(writer.bytes)
        try sink.write("}]}\n")
        try sink.flush()
    }

    private func confidenceText(_ confidence: Double) -> String {
        let hundredths = Int((confidence * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// A URI reference for a report path: relative paths stay relative (`./` dropped), absolute
    /// ones become `file://` URIs; bytes outside the unreserved set and `/` are percent-encoded.
    static func uri(for path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        var encoded = path.hasPrefix("/") ? "file://" : ""
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}
