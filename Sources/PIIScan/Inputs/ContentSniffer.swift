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
    /// A tar archive (`ustar` at offset 257): its files are scanned one by one (``TarReader``).
    case tar
    /// A ZIP archive (also `.xlsx`, `.docx`, `.pptx`, `.hwpx`, OpenDocument): read from its
    /// central directory (``ZipArchive``), on a regular file or read into memory.
    case zip
    /// An OLE compound file: a legacy Excel, Word or PowerPoint file (``LegacyWorkbook``,
    /// ``WordDocument``, ``PowerPointDocument``), a Hancom `.hwp` document (``HWPDocument``) or
    /// an Outlook message (``OutlookMessage``) is scanned; an older or a password-protected
    /// Office file gets a note or an error.
    case compoundFile
    /// A PostgreSQL archive (`pg_dump -Fc`, or the `toc.dat` of `-Ft`/`-Fd`): scanned table by
    /// table (``PostgresArchive``).
    case postgresArchive
    /// An Apache Parquet file (`PAR1`; `PARE` when encrypted): its rows scanned as a table's
    /// (``ParquetScanner``).
    case parquet
    /// A bzip2, xz or zstd stream: decompressed and scanned as gzip is (``DecoderSource``).
    case compressed(Compression)
    /// Not scanned; the reason is reported as a `skipped` note.
    case unsupported(reason: String)
}

/// Classifies inputs by content: gzip by magic bytes, SQLite databases by their header, binary
/// by NUL bytes or control characters in the head (like git and ripgrep), and a few well-known binary formats.
/// NUL bytes in *holes* (a run at the start, or runs of at least ``minimumHole`` bytes, as a log
/// truncated in place by `logrotate copytruncate` has) do not make a text file binary.
public enum ContentSniffer {
    /// How many leading bytes are examined.
    public static let headSize = 8192

    private static let binaryFormats: [([UInt8], String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "PNG image"), ([0xFF, 0xD8, 0xFF], "JPEG image"),
        (Array("%PDF-".utf8), "PDF document"), ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
    ]

    private static let postgresArchiveSignature = Array("PGDMP".utf8)
    private static let parquetSignature = Array("PAR1".utf8)
    private static let encryptedParquetSignature = Array("PARE".utf8)

    /// Archives and compressors other than gzip: what they hold may be text with personal data,
    /// so the note says how to scan it rather than calling it binary.
    private static let archiveFormats: [([UInt8], String)] = [
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7-Zip archive"), (Array("Rar!\u{1A}\u{07}".utf8), "RAR archive"),
    ]

    /// The note of an archive piiscan does not open.
    static func archiveNote(_ name: String) -> String {
        "\(name) skipped: piiscan opens gzip, bzip2, xz, zstd, tar and ZIP only; extract it and scan its files"
    }

    /// Whether `head` starts a bzip2 stream: `BZh`, the block size `1`–`9`, then a block's
    /// magic (π) or the end-of-stream magic (√π, an empty stream).
    static func isBzip2(_ head: UnsafeRawBufferPointer) -> Bool {
        guard head.count >= 10, head[0] == 0x42, head[1] == 0x5A, head[2] == 0x68, (0x31...0x39).contains(head[3]) else { return false }
        let magic = Array(head[4..<10])
        return magic == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] || magic == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90]
    }

    /// Whether `head` starts with a tar header: `ustar` (POSIX and GNU) at offset 257.
    static func isTar(_ head: UnsafeRawBufferPointer) -> Bool {
        head.count >= 263 && zip(head[257..<262], Array("ustar".utf8)).allSatisfy { $0 == $1 }
            && (head[262] == 0 || head[262] == 0x20)
    }

    /// Control bytes other than tab, line breaks, form feed and escape (NUL is checked first).
    private static let controlBytes = pii_byte_set { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20 && $0 != 0x1B) }

    public static func classify(_ head: UnsafeRawBufferPointer) -> ContentKind {
        func starts(with signature: [UInt8]) -> Bool {
            head.count >= signature.count && zip(head, signature).allSatisfy { $0 == $1 }
        }
        if starts(with: [0x1F, 0x8B]) { return .gzip }
        if starts(with: Array("SQLite format 3\0".utf8)) { return .sqlite }
        // A local file header, or the end record of an empty archive.
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) || starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if starts(with: CompoundFile.signature) { return .compoundFile }
        if starts(with: postgresArchiveSignature) { return .postgresArchive }
        if starts(with: parquetSignature) || starts(with: encryptedParquetSignature) { return .parquet }
        if starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .compressed(.zstd) }
        if starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .compressed(.xz) }
        if isBzip2(head) { return .compressed(.bzip2) }
        // UTF-16 with a BOM is text (transcoded when scanned, see TextEncoding), when what follows
        // the BOM plausibly is UTF-16; otherwise the bytes are judged like any others.
        if TextEncoding.utf16ByBOM(head) != nil { return .text }
        // UTF-16 without a BOM holds NUL bytes in every other byte where it holds ASCII: judged
        // by its code units before the NUL bytes call it binary.
        if let base = head.baseAddress, memchr(base, 0, head.count) != nil, TextEncoding.utf16WithoutBOM(head) != nil { return .text }
        for (signature, name) in binaryFormats where starts(with: signature) {
            return .unsupported(reason: "binary file skipped (\(name))")
        }
        for (signature, name) in archiveFormats where starts(with: signature) {
            return .unsupported(reason: archiveNote(name))
        }
        if isTar(head) { return .tar }
        guard let base = head.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .text }
        // Text never holds NUL bytes, except in holes left by a log truncated in place: the
        // common case costs one memchr, and only a head holding a NUL is looked at further.
        var nuls = 0
        if memchr(base, 0, head.count) != nil {
            guard let count = nulBytesInHoles(head) ?? paddingNULs(head) ?? nulBytesAmongTextLines(head) else {
                return .unsupported(reason: "binary file skipped (contains NUL bytes)")
            }
            nuls = count
        }
        if nuls > 0 && nuls == head.count { return .unsupported(reason: "binary file skipped (contains NUL bytes)") }
        // NUL is a member of `controlBytes`: the holes count neither as control bytes nor as text.
        let control = Int(withUnsafePointer(to: controlBytes) { pii_count_members(base, head.count, $0) }) - nuls
        let rest = head.count - nuls
        if rest >= 32 && control * 10 > rest {
            return .unsupported(reason: "binary file skipped (mostly control bytes)")
        }
        return .text
    }

    /// The shortest run of NUL bytes, after the start of the head, that is taken for a hole in
    /// a text file rather than for binary data.
    public static let minimumHole = 32

    /// How many NUL bytes `head` holds, if they all lie in *holes*: a run at the very start (any
    /// length: what `logrotate copytruncate` leaves when the writer keeps its file offset, and
    /// ``leadingNULs(_:)`` skips), or runs of at least ``minimumHole`` bytes later on (another
    /// truncation in place) — a run cut by the end of a full-size head counts as long. `nil` when
    /// a shorter run occurs: NUL bytes scattered through the data mean binary (or UTF-16 without
    /// a BOM), as before.
    static func nulBytesInHoles(_ head: UnsafeRawBufferPointer) -> Int? {
        guard let base = head.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let count = head.count
        var total = 0
        var position = 0
        while position < count, let found = memchr(base + position, 0, count - position) {
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var end = start + 1
            while end < count && base[end] == 0 { end += 1 }
            let atStart = start == 0
            let cutByHeadEnd = end == count && count >= headSize
            if !atStart && !cutByHeadEnd && end - start < minimumHole { return nil }
            total += end - start
            position = end
        }
        return total
    }

    /// How many NUL bytes `head` holds when it is text whose fields are padded with NUL bytes
    /// (fixed-width records of a legacy export, a C program's log of fixed-size buffers): lines,
    /// at least 64 other bytes, and next to no other control bytes (binary formats —
    /// compressed data, images, executables — hold many: one byte in ten of random data).
    /// `nil` otherwise, and for UTF-16 without a BOM (NUL bytes on one side of every pair),
    /// which such a reading would turn into text without a single finding.
    static func paddingNULs(_ head: UnsafeRawBufferPointer) -> Int? {
        var nuls = 0
        var even = 0
        var control = 0
        var lineBreaks = 0
        for (index, byte) in head.enumerated() {
            if byte == 0 {
                nuls += 1
                if index & 1 == 0 { even += 1 }
            } else if byte == 0x0A || byte == 0x0D {
                lineBreaks += 1
            } else if byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) {
                control += 1
            }
        }
        let rest = head.count - nuls
        guard nuls > 0, rest >= 64, lineBreaks > 0, control * 100 <= rest else { return nil }
        let oneSide = max(even, nuls - even)
        if nuls * 4 >= head.count && oneSide * 10 >= nuls * 8 { return nil }
        return nuls
    }

    /// How many NUL bytes `head` holds when it is lines of text, some of which carry a binary
    /// record: a message queue's console dump (`kafka-console-consumer` prints an Avro or
    /// Protobuf value as its raw bytes, between text lines of JSON values), a log that writes a
    /// packet's bytes. At least 8 lines, and at least half of them — holding at least half the
    /// bytes — clean text (no NUL or other control byte), the others mostly text too (at most
    /// one control byte in four: a record's lengths and flags among its strings, not a binary
    /// header's tables). Binary formats have no such lines: a line break comes every 256 bytes
    /// of random data, and a control byte every ten. `nil` otherwise.
    static func nulBytesAmongTextLines(_ head: UnsafeRawBufferPointer) -> Int? {
        guard let base = head.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var lines = 0
        var cleanLines = 0
        var cleanBytes = 0
        var nuls = 0
        var lineStart = 0
        var lineClean = true
        var lineNULs = 0
        var lineControl = 0
        var dirtyControl = 0  // control bytes of the lines that are not clean
        for index in 0..<head.count {
            let byte = base[index]
            if byte == 0x0A {
                lines += 1
                if lineClean {
                    cleanLines += 1
                    cleanBytes += index + 1 - lineStart
                }
                nuls += lineNULs
                dirtyControl += lineControl
                lineStart = index + 1
                lineClean = true
                lineNULs = 0
                lineControl = 0
            } else if byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) {
                lineClean = false
                lineControl += 1
                if byte == 0 { lineNULs += 1 }
            }
        }
        // (A line cut by the head's end is left out of the counts.)
        let dirtyBytes = lineStart - cleanBytes
        guard lines >= 8, cleanLines * 2 >= lines, cleanBytes * 2 >= lineStart, dirtyControl * 4 <= dirtyBytes, nuls > 0
        else { return nil }
        return nuls + lineNULs
    }

    /// A page of zeros to compare against (libc's `memcmp` is vectorised).
    private static let zeroPage = [UInt8](repeating: 0, count: 4096)

    /// The length of the run of NUL bytes `bytes` starts with: a page at a time with `memcmp`
    /// (a hole can be 100 MB), then eight bytes at a time. One NUL before other bytes is no
    /// hole: UTF-16 text without a BOM starts so (`가` is `00 AC` little-endian, `1` is `00 31`
    /// big-endian).
    public static func leadingNULs(_ bytes: UnsafeRawBufferPointer) -> Int {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        zeroPage.withUnsafeBytes { page in
            while i + page.count <= n && memcmp(base + i, page.baseAddress!, page.count) == 0 { i += page.count }
        }
        while i + 8 <= n && bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) == 0 { i += 8 }
        while i < n && bytes[i] == 0 { i += 1 }
        return i == 1 && n > 1 ? 0 : i
    }
}
