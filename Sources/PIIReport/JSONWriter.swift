import PIIModel

/// Builds compact JSON (UTF-8 bytes) with keys in a fixed order, so reports are byte-stable
/// and diffable.
public struct JSONWriter {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Per open container: whether the next element needs a comma.
    private var needsComma: [Bool] = []
    private var afterKey = false
    /// The last finding's path and its quoted form (see ``finding(_:type:)``).
    private var lastPath: String? = nil
    private var lastPathQuoted: [UInt8] = []

    public init() { bytes.reserveCapacity(256) }

    /// Starts over with no bytes (keeping the capacity), so that one writer serves a report's
    /// every finding without allocating.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// Appends a raw byte (a line break between NDJSON objects).
    public mutating func appendRaw(_ byte: UInt8) { bytes.append(byte) }

    /// The JSON written so far, as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() {
        startValue()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }
    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }
    public mutating func beginArray() {
        startValue()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }
    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func key(_ name: String) {
        startValue()
        JSONWriter.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        startValue()
        JSONWriter.appendQuoted(value, to: &bytes)
    }
    public mutating func int(_ value: Int) { raw(String(value)) }
    public mutating func int(_ value: Int64) { raw(String(value)) }
    public mutating func double(_ value: Double) { raw(JSONWriter.format(value)) }
    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    public mutating func null() { raw("null") }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Int64) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); double(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    private mutating func raw(_ text: String) {
        startValue()
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes the separator a new element needs and marks the container non-empty.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Shortest decimal form of a finite number (`0.95`, `1`, `12.5`).
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A JSON string literal. Control characters, U+2028 and U+2029 are escaped; everything
    /// else passes through as UTF-8.
    public static func quote(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Whether `utf8` holds no byte that ``appendQuoted(_:to:)`` escapes or inspects (controls,
    /// `"`, `\`, DEL, and 0xE2, the lead byte of U+2028/U+2029). Eight bytes per step: a
    /// fingerprint alone is 76 bytes, and every finding writes one.
    static func needsNoEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool {
            (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
        }
        @inline(__always) func hasByte(_ word: UInt64, _ byte: UInt64) -> Bool { hasZeroByte(word ^ (0x0101_0101_0101_0101 &* byte)) }
        var index = 0
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                // A byte below 0x20 (exact for any threshold up to 0x80), or one of the four.
                if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0 || hasByte(word, 0x22)
                    || hasByte(word, 0x5C) || hasByte(word, 0x7F) || hasByte(word, 0xE2)
                {
                    return false
                }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 { return false }
            index += 1
        }
        return true
    }

    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Fast path: nothing to escape (the common case for paths, ids and masked values).
            if JSONWriter.needsNoEscaping(utf8) {
                bytes.append(contentsOf: utf8)
            } else {
                appendEscaped(utf8, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with the characters JSON strings may not hold (and U+2028/U+2029) escaped.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        do {
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x00..<0x20, 0x7F:
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    // U+2028/U+2029 are valid JSON but break JavaScript consumers.
                    bytes.append(contentsOf: Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }
}

extension JSONWriter {
    /// Writes a finding object; `type` adds the NDJSON discriminator.
    public mutating func finding(_ finding: Finding, type: Bool) {
        // The hot path of every report (one call per finding): keys (static), numbers (digit by
        // digit) and strings are written into scratch space sized for the worst case, without a
        // capacity check per piece, and appended in one copy; the path — the same for a file's
        // findings — is escaped once.
        beginObject()
        startValue()  // marks the object non-empty; the members below carry their commas
        if finding.path != lastPath {
            lastPath = finding.path
            lastPathQuoted.removeAll(keepingCapacity: true)
            JSONWriter.appendQuoted(finding.path, to: &lastPathQuoted)
        }
        let record = finding.record
        let confidence = JSONWriter.confidenceText(finding.confidence)
        // Keys, punctuation and numbers take less than 400 bytes; an escaped string at most six
        // bytes per byte (`\u001f`), plus its quotes.
        var strings = finding.category.rawValue.utf8.count + finding.rule.utf8.count + finding.masked.utf8.count
        strings += (finding.decoding?.utf8.count ?? 0) + (finding.field?.utf8.count ?? 0) + (finding.value?.utf8.count ?? 0)
        strings += (record?.table.utf8.count ?? 0) + (record?.column.utf8.count ?? 0) + (record?.primaryKey?.utf8.count ?? 0)
        strings += finding.fingerprint.isMAC ? 0 : finding.fingerprint.description.utf8.count
        let bound = 400 + lastPathQuoted.count + confidence.count + 6 * strings + 2 * 10
        // Scratch space on the stack (the heap only for a huge finding), then one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var out = Cursor(buffer.baseAddress!)
            out.write(type ? "\"type\":\"finding\",\"path\":" : "\"path\":")
            lastPathQuoted.withUnsafeBytes { out.write($0) }
            if let record, !finding.hasTextLocation {
                // A database cell: no line, `column` is the table's column.
                out.write(",\"table\":")
                out.quoted(record.table)
                out.write(",\"column\":")
                out.quoted(record.column)
                if let rowid = record.rowid {
                    out.write(",\"rowid\":")
                    out.decimal(rowid)
                }
                if let primaryKey = record.primaryKey {
                    out.write(",\"primary_key\":")
                    out.quoted(primaryKey)
                }
            } else {
                out.write(",\"line\":")
                out.decimal(Int64(finding.line))
                out.write(",\"column\":")
                out.decimal(Int64(finding.column))
                if let record {
                    // A value of a SQL dump row: the text location, then table, column and row.
                    out.write(",\"table\":")
                    out.quoted(record.table)
                    out.write(",\"table_column\":")
                    out.quoted(record.column)
                    if let row = record.rowid {
                        out.write(",\"row\":")
                        out.decimal(row)
                    }
                }
            }
            out.write(",\"offset\":")
            out.decimal(finding.offset)
            out.write(",\"length\":")
            out.decimal(Int64(finding.length))
            out.write(",\"category\":")
            out.quoted(finding.category.rawValue)
            out.write(",\"rule\":")
            out.quoted(finding.rule)
            switch finding.verdict {  // plain names: nothing to escape
            case .rejected: out.write(",\"verdict\":\"rejected\",\"confidence\":")
            case .plausible: out.write(",\"verdict\":\"plausible\",\"confidence\":")
            case .confirmed: out.write(",\"verdict\":\"confirmed\",\"confidence\":")
            }
            confidence.withUnsafeBytes { out.write($0) }
            out.write(",\"masked\":")
            out.quoted(finding.masked)
            out.write(",\"fingerprint\":")
            if finding.fingerprint.isMAC {  // hex digits: nothing to escape
                out.write(UInt8(ascii: "\""))
                finding.fingerprint.withText { out.write($0) }
                out.write(UInt8(ascii: "\""))
            } else {
                out.quoted(finding.fingerprint.description)
            }
            if let decoding = finding.decoding {
                out.write(",\"decoding\":")
                out.quoted(decoding)
            }
            if let name = finding.field {
                out.write(",\"field\":")
                out.quoted(name)
            }
            if let value = finding.value {
                out.write(",\"value\":")
                out.quoted(value)
            }
            let written = buffer.baseAddress!.distance(to: out.position)
            precondition(written <= bound, "finding JSON overran its bound")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<written]))
        }
        endObject()
    }

    /// The confidence as JSON: hundredths from a table (confidences are rounded to them).
    private static func confidenceText(_ confidence: Double) -> [UInt8] {
        let hundredths = (confidence * 100).rounded()
        if hundredths >= 0 && hundredths <= 100 && hundredths / 100 == confidence { return JSONWriter.hundredths[Int(hundredths)] }
        return Array(JSONWriter.format(confidence).utf8)
    }

    /// Writes into memory reserved in advance: no capacity or uniqueness check per write.
    private struct Cursor {
        private(set) var position: UnsafeMutablePointer<UInt8>

        init(_ position: UnsafeMutablePointer<UInt8>) { self.position = position }

        mutating func write(_ byte: UInt8) {
            position.pointee = byte
            position += 1
        }

        mutating func write(_ json: StaticString) {
            let count = json.utf8CodeUnitCount
            position.update(from: json.utf8Start, count: count)
            position += count
        }

        mutating func write(_ raw: UnsafeRawBufferPointer) {
            guard let base = raw.baseAddress else { return }
            UnsafeMutableRawPointer(position).copyMemory(from: base, byteCount: raw.count)
            position += raw.count
        }

        mutating func decimal(_ value: Int64) {
            var magnitude = value.magnitude
            if value < 0 { write(UInt8(ascii: "-")) }
            var digits = 1
            var rest = magnitude / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            for index in stride(from: digits - 1, through: 0, by: -1) {
                position[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            position += digits
        }

        /// A JSON string literal, escaped as ``JSONWriter/appendQuoted(_:to:)`` does.
        mutating func quoted(_ string: String) {
            write(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { utf8 in
                if JSONWriter.needsNoEscaping(utf8) {
                    write(UnsafeRawBufferPointer(utf8))
                } else {
                    var escaped: [UInt8] = []
                    JSONWriter.appendEscaped(utf8, to: &escaped)
                    escaped.withUnsafeBytes { write($0) }
                }
            }
            write(UInt8(ascii: "\""))
        }
    }

    /// `format(k / 100)` for k in 0...100: confidences are rounded to hundredths.
    private static let hundredths: [[UInt8]] = (0...100).map { Array(format(Double($0) / 100).utf8) }

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
        // Findings held back by `piiscan:allow`, a baseline or the allowlist: only when non-zero,
        // so reports of scans without them keep their shape.
        for (name, count) in [
            ("suppressed", summary.suppressed), ("baselined", summary.baselined), ("allowlisted", summary.allowlisted),
        ] where count > 0 {
            field(name, count)
        }
        if !summary.columns.isEmpty {
            key("columns")
            beginArray()
            for column in summary.columns { columnObject(column) }
            endArray()
        }
        if let retention = summary.retention { retentionObject(retention) }
        if let keyID = summary.keyID {
            field("key_id", keyID)
            field("key_ephemeral", summary.keyIsEphemeral)
        }
        if let settings = summary.settings { field("settings", settings) }
        exposureFields(summary.exposure)
        endObject()
    }

    /// Distinct values per category, linked people, and the sketches they come from (Base64;
    /// what `piiscan merge` and `piiscan estimate` read back).
    private mutating func exposureFields(_ exposure: ExposureSketch) {
        key("distinct")
        beginObject()
        for category in exposure.categories.keys.sorted() {
            let sketch = exposure.categories[category]!
            let (f1, f2) = sketch.frequencies
            key(category.rawValue)
            beginObject()
            field("n", sketch.occurrences)
            field("d", Int64(sketch.distinct.rounded()))
            field("f1", Int64(f1.rounded()))
            field("f2", Int64(f2.rounded()))
            field("exact", sketch.isExact)
            endObject()
        }
        endObject()
        let people = exposure.linkage.components
        key("people")
        beginObject()
        field("d", Int64(people.d.rounded()))
        field("f1", Int64(people.f1.rounded()))
        field("f2", Int64(people.f2.rounded()))
        field("exact", exposure.linkage.isExact)
        field("hubs", exposure.linkage.hubs)
        endObject()
        key("sketches")
        beginObject()
        field("version", 1)
        key("categories")
        beginObject()
        for category in exposure.categories.keys.sorted() {
            field(category.rawValue, SketchCodec.base64(SketchCodec.encode(exposure.categories[category]!)))
        }
        endObject()
        field("linkage", SketchCodec.base64(SketchCodec.encode(exposure.linkage)))
        key("weak")
        beginObject()
        for category in exposure.unattachedWeak.keys.sorted() {
            field(category.rawValue, SketchCodec.base64(SketchCodec.encode(exposure.unattachedWeak[category]!)))
        }
        endObject()
        endObject()
    }

    /// One database column of the summary: rows scanned, rows with findings per category and
    /// their share of the rows (rounded to four decimals).
    private mutating func columnObject(_ column: ColumnSummary) {
        beginObject()
        field("path", column.key.path)
        field("table", column.key.table)
        field("column", column.key.column)
        field("rows", column.rows)
        if let tableRows = column.tableRows {
            field("table_rows", tableRows)
            field("sample_fraction", tableRows == 0 ? 1 : (Double(column.rows) / Double(tableRows) * 1e6).rounded() / 1e6)
        }
        key("rows_with_findings")
        beginObject()
        for category in column.rowsWithFindings.keys.sorted() { field(category.rawValue, column.rowsWithFindings[category]!) }
        endObject()
        key("share")
        beginObject()
        for category in column.rowsWithFindings.keys.sorted() {
            field(category.rawValue, (column.share(of: category) * 10000).rounded() / 10000)
        }
        endObject()
        endObject()
    }

    private mutating func countsObject(_ counts: [Category: Int]) {
        beginObject()
        for category in counts.keys.sorted() { field(category.rawValue, counts[category]!) }
        endObject()
    }
}

extension JSONWriter {
    /// `"retention":{"older_than":…,"bands":[{"age":"<30d","files":2,"categories":{"kr-rrn":{"files":1,"findings":3}}},…]}`.
    mutating func retentionObject(_ retention: RetentionSummary) {
        key("retention")
        beginObject()
        if let olderThan = retention.olderThan { field("older_than", olderThan) }
        key("bands")
        beginArray()
        for band in retention.bands {
            beginObject()
            field("age", band.label)
            field("files", band.files)
            key("categories")
            beginObject()
            for category in band.findings.keys.sorted() {
                key(category.rawValue)
                beginObject()
                field("files", band.filesPerCategory[category, default: 0])
                field("findings", band.findings[category]!)
                endObject()
            }
            endObject()
            endObject()
        }
        endArray()
        endObject()
    }
}
