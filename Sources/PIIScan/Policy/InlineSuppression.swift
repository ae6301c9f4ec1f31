#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

/// Inline suppression: a `piiscan:allow` comment on a line covers the findings on that line;
/// `piiscan:allow kr-rrn,email` covers only those categories (or rule ids; a base category
/// includes its `-masked` look-alike).
///
/// The word after the marker is read as a category list when it looks like one — it contains a
/// `-` or `,`, or is a known category or rule id. Unknown names in a list match nothing, so a
/// typo (`kr-rnn`) leaves the line reported rather than silently allowing everything; free text
/// (`piiscan:allow test data`) allows the whole line.
public struct InlineSuppression: Sendable {
    /// The marker, as bytes.
    public static let marker = Array("piiscan:allow".utf8)
    /// Category names and rule ids that count as a list even without `-` or `,`.
    let known: Set<String>

    public init(known: Set<String>) { self.known = known }

    /// Whether a marker in `line` (the bytes of one line, without its line break) covers a
    /// finding of `category` made by rule `rule`.
    /// Whether `line` holds the marker at all (cheaper than ``allows(line:category:rule:)`` for
    /// the many lines without one: one search for its rarest byte pair, `:a`).
    public static func containsMarker(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= marker.count, let base = line.baseAddress else { return false }
        var from = 7  // the `:` of `piiscan:allow`
        while from + 6 <= line.count, let found = memchr(base + from, 0x3A, line.count - from - 5) {
            let colon = base.distance(to: UnsafeRawPointer(found))
            if colon >= 7, marker.withUnsafeBytes({ memcmp(base + colon - 7, $0.baseAddress!, $0.count) == 0 }) { return true }
            from = colon + 1
        }
        return false
    }

    public func allows(line: UnsafeRawBufferPointer, category: Category, rule: String) -> Bool {
        guard line.count >= Self.marker.count, let base = line.baseAddress else { return false }
        var from = 0
        while from + Self.marker.count <= line.count {
            // memmem is not exported by Glibc's module map: find each 'p', then compare.
            guard let found = memchr(base + from, Int32(Self.marker[0]), line.count - from - Self.marker.count + 1) else {
                return false
            }
            let start = base.distance(to: UnsafeRawPointer(found))
            from = start + 1
            let matches = Self.marker.withUnsafeBytes { memcmp(base + start, $0.baseAddress!, $0.count) == 0 }
            guard matches else { continue }
            let end = start + Self.marker.count
            from = end
            // `piiscan:allowed` or `piiscan:allow_x` is not the marker.
            if end < line.count, Self.isNameByte(line[end]) || line[end] == 0x5F { continue }
            if covers(listAfter: end, in: line, category: category, rule: rule) { return true }
        }
        return false
    }

    private func covers(listAfter end: Int, in line: UnsafeRawBufferPointer, category: Category, rule: String) -> Bool {
        var start = end
        guard start < line.count, line[start] == 0x20 || line[start] == 0x09 else { return true }
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        var stop = start
        while stop < line.count && (Self.isNameByte(line[stop]) || line[stop] == 0x2C) { stop += 1 }
        let word = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<stop]), as: UTF8.self).lowercased()
        // A word followed by more name characters (`test_data`, `Müller`) is prose, not a list.
        if stop < line.count, line[stop] >= 0x80 || line[stop] == 0x5F { return true }
        let names = word.split(separator: ",").map(String.init)
        let isList = !names.isEmpty && (word.contains("-") || word.contains(",") || names.contains(where: known.contains))
        guard isList else { return true }
        let base = category.base.rawValue
        return names.contains { $0 == category.rawValue || $0 == base || $0 == rule }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }
}
