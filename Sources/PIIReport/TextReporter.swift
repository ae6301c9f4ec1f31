import PIIModel

/// The human-readable report: findings grouped by input with `line:column`, category, verdict,
/// confidence and masked value; then errors, skipped inputs and a summary with counts per
/// category and per input.
public final class TextReporter: Reporter {
    private let sink: OutputSink
    private let color: Bool
    private var currentPath: String?
    private var issues: [InputIssue] = []
    /// How a file path is shown (the text report masks the values in file names unless
    /// `--show-values`: a folder named after a resident number must not reach a CI log).
    public var showPath: (String) -> String = { $0 }
    /// Text appended after the summary (`scan --estimate`).
    public var appendix: ((ScanSummary) -> String)?
    /// `scan --quiet`: write nothing at all when the scan reported no finding and no error (the
    /// pre-commit hook on a clean commit); otherwise the full report.
    public var quiet = false

    public init(sink: OutputSink, color: Bool) {
        self.sink = sink
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func finding(_ finding: Finding) throws(OutputSink.Failure) {
        if finding.path != currentPath {
            try sink.write((currentPath == nil ? "" : "\n") + paint(TextReporter.escape(showPath(finding.path)), "1") + "\n")
            currentPath = finding.path
        }
        let location: String
        let escape = TextReporter.escape
        if let record = finding.record, finding.hasTextLocation {
            // A SQL dump value: its line and column in the text, then where it sits in the table.
            location = pad("\(finding.line):\(finding.column)", 10) + " \(escape(record.table)).\(escape(record.column)) [row \(record.rowid ?? 0)]"
        } else if let record = finding.record {
            let row = record.rowid.map { "rowid \($0)" } ?? record.primaryKey.map { "key \(escape($0))" } ?? "?"
            location = "\(escape(record.table)).\(escape(record.column)) [\(row)]"
        } else {
            location = pad("\(finding.line):\(finding.column)", 10)
        }
        let category = paint(pad(finding.category.rawValue, 20), finding.category.isMasked ? "2" : "33")
        var line = "  \(location) \(category) \(pad(finding.verdict.rawValue, 10)) \(format(finding.confidence))  \(finding.masked)"
        if let note = TextReporter.note(finding) { line += "  (\(escape(note)))" }  // a field name is the input's
        // (A value may span a line break: `990107-⏎1343414` typed over two lines.)
        if let value = finding.value { line += "  value=\(escape(value))" }
        try sink.write(line + "\n")
    }

    /// `text` made safe to print on a terminal, as `ls -b` prints file names: a backslash becomes
    /// `\\`; newline, tab and carriage return `\n`, `\t`, `\r`; other control characters
    /// (C0 and DEL) `\xHH`; C1 controls, line and paragraph separators and bidirectional
    /// controls `\uHHHH`. Names and messages from the scanned data (file names, table and column
    /// names, keys) can hold them, and printed raw an ESC starts a terminal escape sequence and a
    /// newline fakes a report line. Everything else passes through.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || escapeCode($0) != nil }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if let code = escapeCode(scalar) {
                out += code
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` with the characters that drive a terminal or reorder text — C0 controls other
    /// than tab and line breaks, DEL, C1 controls, bidirectional controls — written as `\x1b` or
    /// `\u202e`; everything else (backslashes included) as it is. For formats that keep names
    /// exact but are read on terminals (CSV).
    public static func escapeTerminalControls(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\t" && scalar != "\n" && scalar != "\r" && escapeCode(scalar) != nil
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar), let code = escapeCode(scalar) { out += code } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func escapeCode(_ scalar: Unicode.Scalar) -> String? {
        func hex(_ value: UInt32, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F: return "\\x" + hex(scalar.value, 2)
        case 0x80...0x9F, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return "\\u" + hex(scalar.value, 4)
        default: return nil
        }
    }

    /// How the value was found in structured or encoded text: `percent-decoded, field email`.
    static func note(_ finding: Finding) -> String? {
        let parts = [finding.decoding.map { "\($0)-decoded" }, finding.field.map { "field \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    public func issue(_ issue: InputIssue) { issues.append(issue) }

    public func finish(_ summary: ScanSummary) throws(OutputSink.Failure) {
        if quiet && currentPath == nil && !issues.contains(where: { $0.kind == .error }) && summary.complete {
            try sink.flush()
            return
        }
        var out = currentPath == nil ? "" : "\n"
        let errors = issues.filter { $0.kind == .error }
        let skipped = issues.filter { $0.kind == .skipped }
        if !errors.isEmpty {
            out += paint("Errors (these inputs were not read completely):", "31") + "\n"
            for issue in errors { out += "  \(TextReporter.escape(showPath(issue.path))): \(TextReporter.escape(issue.message))\n" }
            out += "\n"
        }
        if !skipped.isEmpty {
            out += "Skipped:\n"
            for issue in skipped { out += "  \(TextReporter.escape(showPath(issue.path))): \(TextReporter.escape(issue.message))\n" }
            out += "\n"
        }
        let total = summary.counts.values.reduce(0, +)
        out += "Summary: \(summary.files) \(plural(summary.files, "input")) scanned (\(summary.bytes) bytes), "
        out += "\(total) \(plural(total, "finding")) in \(summary.perFile.count) \(plural(summary.perFile.count, "input"))"
        out += ", \(summary.errors) \(plural(summary.errors, "error")), \(summary.skipped) skipped"
        for (name, count) in [
            ("suppressed by piiscan:allow", summary.suppressed), ("baselined", summary.baselined),
            ("allowlisted", summary.allowlisted),
        ] where count > 0 {
            out += ", \(count) \(name)"
        }
        out += summary.complete ? "\n" : " — INCOMPLETE\n"
        if total > 0 {
            out += "\n  " + pad("category", 22) + "findings  distinct\n"
            for category in summary.counts.keys.sorted() {
                let note = category.isMasked ? "  (masked; not an exposure)" : ""
                let distinct = summary.exposure.categories[category].map { sketch in
                    (sketch.isExact ? "" : "~") + String(Int64(sketch.distinct.rounded()))
                } ?? "-"
                out += "  " + pad(category.rawValue, 22) + leftPad(String(summary.counts[category]!), 8)
                    + leftPad(distinct, 10) + note + "\n"
            }
            let people = summary.exposure.linkage.components
            if people.d > 0 {
                out += "\n  Distinct people (identifiers linked by record): \(summary.exposure.linkage.isExact ? "" : "~")\(Int64(people.d.rounded()))"
                let weak = summary.exposure.unattachedWeak.values.reduce(0.0) { $0 + $1.distinct }
                if weak > 0 { out += ", plus up to \(Int64(weak.rounded())) known only by weak values" }
                out += "\n"
            }
            out += "\n  Per input:\n"
            for path in summary.perFile.keys.sorted() {
                let counts = summary.perFile[path]!
                let total = counts.values.reduce(0, +)
                let detail = counts.keys.sorted().map { "\($0.rawValue) \(counts[$0]!)" }.joined(separator: ", ")
                out += "  \(leftPad(String(total), 6))  \(TextReporter.escape(showPath(path)))  (\(detail))\n"
            }
            out += columnTable(summary.columns)
        }
        if let retention = summary.retention { out += retentionTable(retention) }
        if let appendix { out += "\n" + appendix(summary) }
        try sink.write(out)
        try sink.flush()
    }

    /// Database columns with findings: rows scanned, then rows with findings per category and
    /// their share (`sampled/total` rows with `--sample-rows`). Columns without findings are only counted (the JSON summary lists them all).
    private func columnTable(_ columns: [ColumnSummary]) -> String {
        let hits = columns.filter { !$0.rowsWithFindings.isEmpty }
        guard !hits.isEmpty else { return "" }
        var out = "\n  Database columns with findings:\n  " + leftPad("rows", 8) + "  " + pad("table.column", 32) + "rows with findings\n"
        var path: String? = nil
        for column in hits {
            if column.key.path != path {
                path = column.key.path
                out += "  \(TextReporter.escape(showPath(column.key.path)))\n"
            }
            let detail = column.rowsWithFindings.keys.sorted().map { category in
                let percent = (column.share(of: category) * 1000).rounded() / 10
                return "\(category.rawValue) \(column.rowsWithFindings[category]!) (\(JSONWriter.format(percent))%)"
            }.joined(separator: ", ")
            let rows = column.tableRows.map { "\(column.rows)/\($0)" } ?? String(column.rows)
            let name = TextReporter.escape(column.key.table) + "." + TextReporter.escape(column.key.column)
            // A name wider than its column keeps two spaces before the counts.
            out += "  " + leftPad(rows, 8) + "  " + (displayWidth(name) >= 32 ? name + "  " : pad(name, 32)) + detail + "\n"
        }
        let quiet = columns.count - hits.count
        if quiet > 0 { out += "  (\(quiet) other \(plural(quiet, "column")) scanned without findings)\n" }
        return out
    }

    /// Files with exposures by age of last modification and category.
    private func retentionTable(_ retention: RetentionSummary) -> String {
        var out = "\n  Retention (files with personal data by last modification"
        out += (retention.olderThan.map { ", older than \($0) only" } ?? "") + "):\n"
        out += "  " + pad("age", 10) + leftPad("files", 6) + "  " + pad("category", 22) + leftPad("files", 6) + leftPad("findings", 10) + "\n"
        for band in retention.bands {
            let categories = band.findings.keys.sorted()
            out += "  " + pad(band.label, 10) + leftPad(String(band.files), 6)
            if categories.isEmpty { out += "\n" }
            for (index, category) in categories.enumerated() {
                if index > 0 { out += "  " + String(repeating: " ", count: 16) }
                out += "  " + pad(category.rawValue, 22) + leftPad(String(band.filesPerCategory[category, default: 0]), 6)
                    + leftPad(String(band.findings[category]!), 10) + "\n"
            }
        }
        return out
    }

    private func format(_ confidence: Double) -> String {
        let hundredths = Int((confidence * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    private func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }
    private func pad(_ text: String, _ width: Int) -> String {
        let shown = displayWidth(text)
        return shown >= width ? text : text + String(repeating: " ", count: width - shown)
    }
    /// Terminal columns of `text`: Hangul and other wide East Asian characters take two.
    private func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60: width + 2
            case 0x0300...0x036F, 0x1160...0x11FF: width  // combining marks, Hangul jamo vowels/finals
            default: width + 1
            }
        }
    }
    private func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
