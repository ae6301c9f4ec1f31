/// Reads a PostgreSQL archive: the custom format of `pg_dump -Fc` (header, table of contents,
/// then each table's data in blocks of length-prefixed chunks, compressed as a whole), and the
/// `toc.dat` of the tar (`-Ft`) and directory (`-Fd`) formats, which holds the same table of
/// contents without the data.
///
/// The archive is read front to back, once, so a dump piped through gzip or read from a stream
/// works like a file. A table's data is what `COPY … TO stdout` wrote (or, with `--inserts`,
/// `INSERT` statements); the scanner puts the entry's `COPY … FROM stdin;` line (or its table's
/// `CREATE TABLE`) before it, so it reads as the same table in a plain dump.
///
/// Versions 1.10 (PostgreSQL 9.0) to 1.16 (PostgreSQL 17) are read; gzip and zstd data is
/// decompressed, LZ4 (PostgreSQL 16 and later, `--compress=lz4`) is reported, not read.
final class PostgresArchive<Source: ByteSource> {
    /// One entry of the table of contents.
    struct Entry {
        var dumpId: Int
        /// `TABLE DATA`, `TABLE`, `BLOBS`, `SEQUENCE SET`, `COMMENT`, …
        var desc: String
        /// The object's name (a table's name, unqualified).
        var tag: String
        var namespace: String?
        /// The SQL that creates the object (empty for data), in the database's encoding (as its
        /// data is).
        var rawDefinition: [UInt8]?
        /// `COPY schema.table (columns) FROM stdin;` for a table's data in COPY form, likewise.
        var rawCopyStatement: [UInt8]?

        var definition: String? { rawDefinition.map(archiveText) }
        var copyStatement: String? { rawCopyStatement.map(archiveText) }

        /// `schema.table` (the tag alone without a schema).
        var qualifiedName: String {
            guard let namespace, !namespace.isEmpty else { return tag }
            return namespace + "." + tag
        }
    }

    /// How the data blocks are compressed.
    enum DataCompression: Equatable {
        case none, gzip, lz4, zstd
    }

    /// A data block of a custom-format archive.
    enum Block {
        /// A table's rows (``Entry/copyStatement`` says how they read).
        case table(Entry)
        /// Large objects (`BLOBS`): each read with ``nextLargeObject()``.
        case largeObjects
    }

    /// `pg_dump`'s archive formats (the header's format byte).
    enum Format: UInt8 {
        case custom = 1, tar = 3, directory = 5
    }

    static var magic: [UInt8] { Array("PGDMP".utf8) }

    private let reader: ByteReader<Source>
    private(set) var version = (major: 0, minor: 0, revision: 0)
    private var intSize = 4
    private var offsetSize = 8
    private(set) var format = Format.custom
    private(set) var compression = DataCompression.none
    /// The database's name, as the header records it.
    private(set) var databaseName: String?
    private(set) var entries: [Entry] = []
    /// The `client_encoding` the data was written in (`UTF8`, `EUC_KR`, …).
    private(set) var encoding: String?
    private var entryIndex: [Int: Int] = [:]
    /// Bytes left in the current chunk of the current data stream; nil when no stream is open or
    /// it has ended (a chunk of length 0).
    private var chunkLeft: Int?

    /// Reads the header and the table of contents.
    init(_ source: Source) throws(InputError) {
        reader = ByteReader(source)
        try readHeader()
        try readTableOfContents()
    }

    private func readHeader() throws(InputError) {
        let magic = try reader.bytes(5)
        guard magic == Self.magic else { throw InputError("not a PostgreSQL archive (no PGDMP header)") }
        let major = Int(try reader.byte())
        let minor = Int(try reader.byte())
        let revision = major > 1 || (major == 1 && minor > 0) ? Int(try reader.byte()) : 0
        version = (major, minor, revision)
        // 1.10 is PostgreSQL 9.0's pg_dump; older archives use offsets of another size and
        // leave out fields read below.
        guard major == 1, minor >= 10, minor <= 16 else {
            throw InputError("PostgreSQL archive version \(major).\(minor) is not supported (1.10–1.16: PostgreSQL 9.0–17); restore it as SQL with `pg_restore -f -` and scan that")
        }
        intSize = Int(try reader.byte())
        offsetSize = Int(try reader.byte())
        guard (1...8).contains(intSize), (1...8).contains(offsetSize) else {
            throw InputError("corrupt PostgreSQL archive header (integer size \(intSize), offset size \(offsetSize))")
        }
        let formatByte = try reader.byte()
        guard let format = Format(rawValue: formatByte) else {
            throw InputError("corrupt PostgreSQL archive header (unknown format \(formatByte))")
        }
        self.format = format
        if minor >= 15 {
            switch try reader.byte() {
            case 0: compression = .none
            case 1: compression = .gzip
            case 2: compression = .lz4
            case 3: compression = .zstd
            case let other: throw InputError("corrupt PostgreSQL archive header (unknown compression \(other))")
            }
        } else {
            // A gzip level: 0 is none, -1 zlib's default.
            compression = try readInt() == 0 ? .none : .gzip
        }
        for _ in 0..<7 { _ = try readInt() }  // the creation time, field by field
        databaseName = try readString()
        _ = try readString()  // the server's version
        _ = try readString()  // pg_dump's version
    }

    private func readTableOfContents() throws(InputError) {
        let count = try readInt()
        guard count >= 0, count <= 10_000_000 else { throw InputError("corrupt PostgreSQL archive (\(count) table of contents entries)") }
        for _ in 0..<count {
            let dumpId = try readInt()
            guard dumpId > 0 else { throw InputError("corrupt PostgreSQL archive (entry ID \(dumpId))") }
            _ = try readInt()  // whether the entry had a data dumper
            _ = try readString()  // table OID of the catalog
            _ = try readString()  // OID
            let tag = try readString() ?? ""
            let desc = try readString() ?? ""
            _ = try readInt()  // section
            let rawDefinition = try readBytes()
            _ = try readBytes()  // DROP statement
            let rawCopyStatement = try readBytes().flatMap { $0.isEmpty ? nil : $0 }
            let namespace = try readString()
            _ = try readString()  // tablespace
            if version.minor >= 14 { _ = try readString() }  // table access method
            if version.minor >= 16 { _ = try readInt() }  // relkind
            _ = try readString()  // owner
            _ = try readString()  // "false": WITH OIDS
            while try readString() != nil {}  // dependencies, ended by a null string
            switch format {
            case .custom:
                _ = try reader.byte()  // whether the data's offset is known
                _ = try reader.bytes(offsetSize)
            case .tar, .directory:
                _ = try readString()  // the data's file name
            }
            if desc == "ENCODING", let definition = rawDefinition.map(archiveText), let quote = definition.firstIndex(of: "'") {
                encoding = String(definition[definition.index(after: quote)...].prefix { $0 != "'" })
            }
            entryIndex[dumpId] = entries.count
            entries.append(Entry(
                dumpId: dumpId, desc: desc, tag: tag, namespace: namespace, rawDefinition: rawDefinition,
                rawCopyStatement: rawCopyStatement))
        }
    }

    /// The next data block (custom format), nil at the end of the archive. The previous block's
    /// data is skipped if it was not read to its end.
    func nextBlock() throws(InputError) -> Block? {
        guard format == .custom else { return nil }
        try skipData()
        guard let type = try reader.byteOrEnd() else { return nil }
        let dumpId = try readInt()
        switch type {
        case 1:  // table data
            guard let index = entryIndex[dumpId] else {
                throw InputError("corrupt PostgreSQL archive: data block for unknown entry \(dumpId)")
            }
            chunkLeft = 0
            return .table(entries[index])
        case 3:  // large objects
            return .largeObjects
        default:
            throw InputError("corrupt PostgreSQL archive: unknown block type \(type) after \(reader.position) bytes")
        }
    }

    /// The next large object of a `BLOBS` block (its OID), whose data ``readData(into:)`` then
    /// reads; nil after the last one.
    func nextLargeObject() throws(InputError) -> Int? {
        try skipData()
        let oid = try readInt()
        guard oid != 0 else { return nil }
        chunkLeft = 0
        return oid
    }

    /// Whether reading a data stream failed (the error went to its reader): the archive
    /// cannot be read on from there.
    private(set) var dataFailed = false

    /// Reads the current data stream's (compressed) bytes: its chunks joined; 0 at its end.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        do {
            return try readChunks(into: buffer)
        } catch {
            dataFailed = true
            chunkLeft = nil
            throw error
        }
    }

    private func readChunks(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while let left = chunkLeft {
            if left > 0 {
                let count = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(left)))
                chunkLeft = left - count
                return count
            }
            let size = try readInt()
            guard size >= 0 else { throw InputError("corrupt PostgreSQL archive: chunk of \(size) bytes after \(reader.position) bytes") }
            chunkLeft = size > 0 ? size : nil
        }
        return 0
    }

    /// Skips what is left of the current data stream.
    private func skipData() throws(InputError) {
        while let left = chunkLeft {
            if left > 0 {
                try reader.skip(left)
                chunkLeft = 0
                continue
            }
            let size = try readInt()
            guard size >= 0 else { throw InputError("corrupt PostgreSQL archive: chunk of \(size) bytes after \(reader.position) bytes") }
            chunkLeft = size > 0 ? size : nil
        }
    }

    /// An integer: a sign byte, then `intSize` bytes, least significant first.
    private func readInt() throws(InputError) -> Int {
        let negative = try reader.byte() != 0
        var value: UInt64 = 0
        for index in 0..<intSize { value |= UInt64(try reader.byte()) << (8 * UInt64(index)) }
        guard value <= UInt64(Int32.max) else { throw InputError("corrupt PostgreSQL archive: integer out of range after \(reader.position) bytes") }
        return negative ? -Int(value) : Int(value)
    }

    /// A string's bytes: its length (-1 for null), then its bytes.
    private func readBytes() throws(InputError) -> [UInt8]? {
        let length = try readInt()
        guard length >= 0 else { return nil }
        guard length <= 256 << 20 else { throw InputError("corrupt PostgreSQL archive: string of \(length) bytes after \(reader.position) bytes") }
        return try reader.bytes(length)
    }

    private func readString() throws(InputError) -> String? { try readBytes().map(archiveText) }
}

/// A name or statement of a PostgreSQL archive as text: UTF-8, or else CP949 (a database in
/// `EUC_KR` or `UHC` writes its names and statements in that encoding).
private func archiveText(_ bytes: [UInt8]) -> String { ZipArchive.name(bytes[...], utf8: false) }

/// The data stream of a PostgreSQL archive's current block, as it is stored (compressed or not).
struct PostgresArchiveData<Source: ByteSource>: ByteSource {
    let archive: PostgresArchive<Source>
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        try archive.readData(into: buffer)
    }
}

/// A buffered reader of bytes, for the fields of a binary format read front to back.
final class ByteReader<Source: ByteSource> {
    private var source: Source
    private let buffer = ReadBuffer(byteCount: 64 * 1024)
    private var start = 0
    private var end = 0
    private var ended = false
    /// Bytes consumed so far.
    private(set) var position: Int64 = 0

    init(_ source: Source) { self.source = source }

    /// Fills the buffer when it is empty; false at the end of the source.
    private func refill() throws(InputError) -> Bool {
        if start < end { return true }
        guard !ended else { return false }
        start = 0
        end = try source.read(into: buffer.bytes)
        if end == 0 { ended = true }
        return end > 0
    }

    func byteOrEnd() throws(InputError) -> UInt8? {
        guard try refill() else { return nil }
        defer {
            start += 1
            position += 1
        }
        return buffer.bytes[start]
    }

    func byte() throws(InputError) -> UInt8 {
        guard let byte = try byteOrEnd() else { throw InputError("truncated PostgreSQL archive (pg_dump) after \(position) bytes") }
        return byte
    }

    func bytes(_ count: Int) throws(InputError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            guard try refill() else { throw InputError("truncated PostgreSQL archive (pg_dump) after \(position) bytes") }
            let step = min(count - result.count, end - start)
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer.bytes[start..<(start + step)]))
            start += step
            position += Int64(step)
        }
        return result
    }

    /// Reads up to `output.count` bytes (fewer only at the end, where it throws: the caller
    /// knows how many bytes must follow).
    func read(into output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard output.count > 0 else { return 0 }
        guard try refill() else { throw InputError("truncated PostgreSQL archive (pg_dump) after \(position) bytes") }
        let count = min(output.count, end - start)
        output.baseAddress!.copyMemory(from: buffer.bytes.baseAddress! + start, byteCount: count)
        start += count
        position += Int64(count)
        return count
    }

    func skip(_ count: Int) throws(InputError) {
        var left = count
        while left > 0 {
            guard try refill() else { throw InputError("truncated PostgreSQL archive (pg_dump) after \(position) bytes") }
            let step = min(left, end - start)
            start += step
            position += Int64(step)
            left -= step
        }
    }
}
