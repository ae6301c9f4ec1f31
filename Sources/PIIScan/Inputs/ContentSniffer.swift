#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScanKernels

/// Decides how to read an input from its first bytes (never from its name).
public enum ContentKind: Equatable, Sendable {
    case text
    case gzip
    /// A SQLite database file (by its 16-byte header), scanned table by table.
    case sqlite
    /// Not scanned; the reason is reported as a `skipped` note.
    case unsupported(reason: String)
}

/// Classifies inputs by content: gzip by magic bytes, SQLite databases by their header, binary
/// by NUL bytes or control characters in the head (like git and ripgrep), and a few well-known binary formats.
public enum ContentSniffer {
    /// How many leading bytes are examined.
    public static let headSize = 8192

    private static let binaryFormats: [([UInt8], String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "PNG image"), ([0xFF, 0xD8, 0xFF], "JPEG image"),
        (Array("%PDF-".utf8), "PDF document"), ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz archive"),
    ]

    /// Control bytes other than tab, line breaks, form feed and escape (NUL is checked first).
    private static let controlBytes = pii_byte_set { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20 && $0 != 0x1B) }

    public static func classify(_ head: UnsafeRawBufferPointer) -> ContentKind {
        func starts(with signature: [UInt8]) -> Bool {
            head.count >= signature.count && zip(head, signature).allSatisfy { $0 == $1 }
        }
        if starts(with: [0x1F, 0x8B]) { return .gzip }
        if starts(with: Array("SQLite format 3\0".utf8)) { return .sqlite }
        // UTF-16 with a BOM is text (transcoded when scanned, see TextEncoding).
        if starts(with: [0xFF, 0xFE]) || starts(with: [0xFE, 0xFF]) { return .text }
        for (signature, name) in binaryFormats where starts(with: signature) {
            return .unsupported(reason: "binary file skipped (\(name))")
        }
        guard let base = head.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .text }
        if memchr(base, 0, head.count) != nil { return .unsupported(reason: "binary file skipped (contains NUL bytes)") }
        let control = withUnsafePointer(to: controlBytes) { pii_count_members(base, head.count, $0) }
        if head.count >= 32 && Int(control) * 10 > head.count {
            return .unsupported(reason: "binary file skipped (mostly control bytes)")
        }
        return .text
    }
}
