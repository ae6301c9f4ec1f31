import PIIModel

/// Masks the personal values inside text that a report prints as a *location* rather than as a
/// finding: a JSON key or CSV header cell (`field`), a table or column name, a primary key.
/// Such text is data too — `{"010-2745-8813": …}` keys a map by phone number, a CSV header row
/// can be a row of values, a table can be named after a person — and a report must not print it
/// raw without `--show-values`.
///
/// Every value a rule finds in the text, at any confidence, is replaced by its mask, exactly as
/// a finding shows it (`010-****-8813`, `850315-2******`); what is left is handed to a caller's
/// function (e-mail local parts for names, digit runs for keys).
public final class ValueMasker {
    private let scanner: UnitScanner
    private var names: [String: String] = [:]

    init(detectors: [Detector], configuration: ScanConfiguration) {
        var plain = configuration.reportingEveryCandidate
        plain.bufferSize = 0  // the scanner's minimum: names and keys are short
        scanner = UnitScanner(detectors: detectors, configuration: plain)
        scanner.masksNames = false
    }

    /// A masker with the rules of `engine`.
    public convenience init(engine: ScanEngine) {
        self.init(detectors: engine.detectors, configuration: engine.configuration)
    }

    /// `text` with each value a rule finds replaced by its mask, and the text between and around
    /// them passed through `rest`. `context`: keyword context (a column's name).
    /// `scanned`: what the rules see instead of `text`'s bytes, when a caller hides something
    /// from them (the same length: offsets must agree).
    func mask(_ text: String, context: [UInt8] = [], scanned: [UInt8]? = nil, rest: ([UInt8]) -> [UInt8]) -> String {
        let bytes = Array(text.utf8)
        var found: [Finding] = []
        var source = MemorySource(scanned ?? bytes)
        _ = scanner.scan(&source, path: "", context: context) { found.append($0) }
        var masked: [UInt8] = []
        var position = 0
        for finding in found.sorted(by: { $0.offset < $1.offset }) {
            let start = Int(finding.offset)
            guard start >= position, start + finding.length <= bytes.count else { continue }  // overlaps: keep the first
            masked += rest(Array(bytes[position..<start]))
            masked += Array(finding.masked.utf8)
            position = start + finding.length
        }
        masked += rest(Array(bytes[position...]))
        return String(decoding: masked, as: UTF8.self)
    }

    /// A name (JSON key, CSV header cell, table or column name) as a report shows it: values a
    /// rule finds masked, and the local part of anything around an `@`. Names without an `@` and
    /// with fewer than 6 digits (one, with a non-ASCII character) hold no value a rule could find
    /// and are returned as they are;
    /// the others are masked once and remembered.
    public func name(_ name: String) -> String {
        if !Self.mayHoldValue(name) { return name }
        if let known = names[name] { return known }
        let masked = mask(name, rest: Self.maskingEmailLocalParts)
        if names.count < 65_536 { names[name] = masked }
        return masked
    }

    /// A file path as the text report and standard error show it: the values in it masked, at any
    /// confidence, as in names (`customers/681028-1******/김민수_840404-2******.pdf`: a value glued
    /// to a word by `_` scores low, and file names glue everything); remembered like names.
    public func path(_ path: String) -> String {
        if !Self.mayHoldValue(path) { return path }
        if let known = names[path] { return known }
        let masked = mask(path, scanned: Self.hidingSeparators(path)) { $0 }
        if names.count < 65_536 { names[path] = masked }
        return masked
    }

    /// `path`'s bytes with each `/` and the dot of each name's extension after a digit turned
    /// into spaces: `…/010-2745-8813.log` is a phone number, but the phone rule reads a digit
    /// group after `1417774/` as a fraction's denominator, or one followed by `.` and more
    /// characters as part of a longer dotted number, and rejects it.
    static func hidingSeparators(_ path: String) -> [UInt8] {
        var bytes = Array(path.utf8)
        var end = bytes.count
        while end > 0 {
            var start = end
            while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            // The last dot of the name, after a digit, before 1–8 letters or digits.
            if let dot = bytes[start..<end].lastIndex(of: UInt8(ascii: ".")), dot > start,
                (0x30...0x39).contains(bytes[dot - 1]), (1...8).contains(end - dot - 1),
                bytes[(dot + 1)..<end].allSatisfy({ $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber) })
            {
                bytes[dot] = UInt8(ascii: " ")
            }
            if start > 0 { bytes[start - 1] = UInt8(ascii: " ") }
            end = start - 1
        }
        return bytes
    }

    /// Whether `text` could hold a value some rule finds: an `@`, 6 or more digits (ASCII or
    /// full-width), or a digit and a non-ASCII character (a Hangul address has a number; Hangul
    /// names such as `주민번호` or `연락처` hold none).
    static func mayHoldValue(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var digits = 0
            var nonASCII = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x30 && byte <= 0x39 {
                    digits += 1
                } else if byte == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBC && (0x90...0x99).contains(bytes[index + 2]) {
                    digits += 1  // ０–９
                    nonASCII = true
                    index += 2
                } else if byte == UInt8(ascii: "@") {
                    return true
                } else if byte >= 0x80 {
                    nonASCII = true
                }
                if digits >= 6 || (nonASCII && digits > 0) { return true }
                index += 1
            }
            return false
        }
    }

    /// The local part of anything around an `@` masked (an address no rule accepts can still name
    /// a person): its first character stays, like `h***@`.
    static func maskingEmailLocalParts(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        var at = bytes.startIndex
        while let index = bytes[at...].firstIndex(of: UInt8(ascii: "@")) {
            // The local part: back to a space or separator.
            var start = index
            while start > 0, ![UInt8(ascii: " "), UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<")]
                .contains(bytes[start - 1])
            {
                start -= 1
            }
            if index - start > 1 {
                let first = start + (bytes[start] < 0x80 ? 1 : 0)  // never keep half a character
                bytes.replaceSubrange(first..<index, with: Array("***".utf8))
                at = first + 4
            } else {
                if index > start { bytes[start] = UInt8(ascii: "*") }
                at = index + 1
            }
        }
        return bytes
    }
}
