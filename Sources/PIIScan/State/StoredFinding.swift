import PIIModel

/// A finding as a state file stores it: one compact record (varints and length-prefixed UTF-8)
/// in a single BLOB column, instead of twenty columns SQLite would bind, encode and decode one
/// by one — a sweep over finding-dense logs wrote and read its state slower than it scanned.
/// Holds what ``Finding`` reports, never the raw value (`value` is not stored).
enum StoredFinding {
    /// Which optional parts follow the fixed ones (bit per part).
    private struct Parts: OptionSet {
        let rawValue: UInt8
        static let record = Parts(rawValue: 1 << 0)
        static let rowid = Parts(rawValue: 1 << 1)
        static let primaryKey = Parts(rawValue: 1 << 2)
        static let keyFingerprint = Parts(rawValue: 1 << 3)
        static let decoding = Parts(rawValue: 1 << 4)
        static let field = Parts(rawValue: 1 << 5)
    }

    /// Appends `finding`'s record to `out`.
    static func encode(_ finding: Finding, into out: inout [UInt8]) {
        var parts: Parts = []
        let record = finding.record
        if let record {
            parts.insert(.record)
            if record.rowid != nil { parts.insert(.rowid) }
            if record.primaryKey != nil { parts.insert(.primaryKey) }
            if record.keyFingerprint != nil { parts.insert(.keyFingerprint) }
        }
        let decoding = finding.decoding
        if decoding != nil { parts.insert(.decoding) }
        if finding.field != nil { parts.insert(.field) }
        out.append(parts.rawValue)
        for number in [
            Int64(finding.line), Int64(finding.column), finding.offset, Int64(finding.length), Int64(finding.utf16Column),
            Int64(finding.utf16EndColumn), Int64(finding.utf16EndLine),
        ] {
            appendVarint(UInt64(bitPattern: number), to: &out)
        }
        appendVarint(finding.confidence.bitPattern, to: &out)
        for text in [finding.category.rawValue, finding.rule, finding.verdict.rawValue, finding.masked, finding.fingerprint.description] {
            append(text, to: &out)
        }
        if let record {
            append(record.table, to: &out)
            append(record.column, to: &out)
            if let rowid = record.rowid { appendVarint(UInt64(bitPattern: rowid), to: &out) }
            if let key = record.primaryKey { append(key, to: &out) }
            if let key = record.keyFingerprint { append(key, to: &out) }
        }
        if let decoding { append(decoding, to: &out) }
        if let field = finding.field { append(field, to: &out) }
    }

    /// The finding of `path` that `bytes` (one ``encode(_:into:)`` record) holds; nil when the
    /// bytes are not such a record (a damaged state file).
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String) -> Finding? {
        var reader = Reader(bytes: bytes)
        guard let raw = reader.byte() else { return nil }
        let parts = Parts(rawValue: raw)
        var numbers: [Int64] = []
        numbers.reserveCapacity(7)
        for _ in 0..<7 {
            guard let number = reader.varint() else { return nil }
            numbers.append(Int64(bitPattern: number))
        }
        guard let confidenceBits = reader.varint(), let category = reader.string(), let rule = reader.string(),
            let verdict = reader.string().flatMap(Verdict.init(rawValue:)), let masked = reader.string(),
            let fingerprint = reader.string()
        else { return nil }
        var finding = Finding(
            path: path, line: Int(numbers[0]), column: Int(numbers[1]), offset: numbers[2], length: Int(numbers[3]),
            category: Category(category), rule: rule, verdict: verdict, confidence: Double(bitPattern: confidenceBits),
            masked: masked, fingerprint: Fingerprint(fingerprint))
        finding.utf16Column = Int32(clamping: numbers[4])
        finding.utf16EndColumn = Int32(clamping: numbers[5])
        finding.utf16EndLine = Int32(clamping: numbers[6])
        if parts.contains(.record) {
            guard let table = reader.string(), let column = reader.string() else { return nil }
            var rowid: Int64?
            var primaryKey: String?
            var keyFingerprint: String?
            if parts.contains(.rowid) {
                guard let value = reader.varint() else { return nil }
                rowid = Int64(bitPattern: value)
            }
            if parts.contains(.primaryKey) {
                guard let value = reader.string() else { return nil }
                primaryKey = value
            }
            if parts.contains(.keyFingerprint) {
                guard let value = reader.string() else { return nil }
                keyFingerprint = value
            }
            finding.record = RecordLocation(
                table: table, column: column, rowid: rowid, primaryKey: primaryKey, keyFingerprint: keyFingerprint)
        }
        if parts.contains(.decoding) {
            guard let decoding = reader.string() else { return nil }
            finding.decoding = decoding
        }
        if parts.contains(.field) {
            guard let field = reader.string() else { return nil }
            finding.field = field
        }
        return reader.isAtEnd ? finding : nil
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendVarint(UInt64(bytes.count), to: &out)
            out.append(contentsOf: bytes)
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 64 else { return nil }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }

        mutating func string() -> String? {
            guard let count = varint(), count <= UInt64(bytes.count - position) else { return nil }
            let start = position
            position += Int(count)
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }
    }
}
