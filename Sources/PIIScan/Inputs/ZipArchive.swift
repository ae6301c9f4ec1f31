#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// The directory of a ZIP archive on a regular file (also `.xlsx`, `.docx`, `.pptx`, `.hwpx`
/// and OpenDocument files, which are ZIP archives of XML): the central directory at its end is
/// read once, and each member is then read on its own (``source(of:limits:)``), stored,
/// deflated, or compressed with bzip2, LZMA, zstd or xz, its CRC-32 checked. ZIP64 sizes and
/// offsets, UTF-8 names and CP949 names (Korean Windows' archivers set no UTF-8 flag) are read;
/// encrypted members and other compression methods cannot be read and are reported by
/// ``Entry/unreadableReason``.
///
/// A ZIP archive is read from its end, so it needs random access: a file, or the bytes of one
/// held in memory (a workbook inside a `.zip` or `.tar`, on standard input; see `ScanEngine`).
struct ZipArchive {
    /// Where the archive's bytes are.
    enum Storage {
        /// A regular file's descriptor.
        case file(Int32)
        /// The whole archive, read into memory.
        case memory([UInt8])
    }

    /// A member of the archive.
    struct Entry {
        var name: String
        /// 0: stored, 8: deflated (others: ``compression(_:)``).
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int64
        var size: Int64
        var localHeaderOffset: Int64

        /// A directory, not a file.
        var isDirectory: Bool { name.hasSuffix("/") }

        /// Why the member's bytes cannot be read, or nil.
        var unreadableReason: String? {
            if flags & 1 != 0 { return "encrypted ZIP member skipped (its password is not known)" }
            guard method == 0 || method == 8 || Self.compression(method) != nil else {
                return "ZIP member skipped: compression method \(method) is not supported (stored, deflate, bzip2, LZMA, zstd and xz are)"
            }
            return nil
        }

        /// The decoder of a method other than stored and deflate: 12 bzip2, 14 LZMA, 93 zstd, 95 xz.
        static func compression(_ method: UInt16) -> Compression? {
            switch method {
            case 12: .bzip2
            case 14: .zipLZMA
            case 93: .zstd
            case 95: .xz
            default: nil
            }
        }
    }

    let storage: Storage
    let size: Int64
    let entries: [Entry]

    /// Whether the entries were read from the members' local headers, the central directory
    /// being lost (``recovered(_:size:)``).
    private(set) var isRecovered = false

    /// Reads the central directory of the ZIP archive in `fd` (a regular file of `size` bytes),
    /// or, when its end is lost, the members' local headers (``isRecovered``).
    /// - Throws: ``InputError`` when neither a directory nor a member is found.
    init(fd: Int32, size: Int64) throws(InputError) {
        try self.init(recovering: .file(fd), size: size)
    }

    /// Reads the central directory of the ZIP archive `bytes` (or its local headers).
    init(bytes: [UInt8]) throws(InputError) {
        try self.init(recovering: .memory(bytes), size: Int64(bytes.count))
    }

    private init(recovering storage: Storage, size: Int64) throws(InputError) {
        do {
            try self.init(storage: storage, size: size)
        } catch {
            // A truncated archive (a download or a backup cut short) lost its directory, not
            // the members before the cut: they are found from the start, header by header.
            let entries = Self.localEntries(storage, size: size)
            guard !entries.isEmpty else { throw error }
            self.init(storage: storage, size: size, recoveredEntries: entries)
        }
    }

    private init(storage: Storage, size: Int64, recoveredEntries: [Entry]) {
        self.storage = storage
        self.size = size
        entries = recoveredEntries
        isRecovered = true
    }

    /// The members whose local headers follow one another from the start of the archive, up to
    /// the first one whose size is not in its header (written with a data descriptor) or that
    /// is cut off by the end of the file (it is kept: what of it is there is read).
    private static func localEntries(_ storage: Storage, size: Int64) -> [Entry] {
        var entries: [Entry] = []
        var offset: Int64 = 0
        while offset + 30 <= size, let header = try? read(storage, at: offset, count: 30), header.count == 30,
            u32(header, 0) == 0x0403_4B50, entries.count < 1 << 20
        {
            let flags = u16(header, 6)
            let nameLength = Int(u16(header, 26))
            let extraLength = Int(u16(header, 28))
            guard let variable = try? read(storage, at: offset + 30, count: nameLength + extraLength), variable.count == nameLength + extraLength else { break }
            var entry = Entry(
                name: name(variable[0..<nameLength], utf8: flags & 0x800 != 0), method: u16(header, 8), flags: flags, crc: u32(header, 14),
                compressedSize: Int64(u32(header, 18)), size: Int64(u32(header, 22)), localHeaderOffset: offset)
            // A local header's ZIP64 field holds the size, then the compressed size.
            applyZip64(variable[nameLength...], to: &entry)
            guard flags & 8 == 0 else { break }
            entries.append(entry)
            offset += 30 + Int64(nameLength + extraLength) + entry.compressedSize
        }
        return entries
    }

    private init(storage: Storage, size: Int64) throws(InputError) {
        self.storage = storage
        self.size = size
        func bytes(at offset: Int64, count: Int) throws(InputError) -> [UInt8] { try Self.read(storage, at: offset, count: count) }
        // The end record (22 bytes) is followed by a comment of at most 65,535 bytes.
        let tailSize = Int(min(size, 22 + 65_535 + 20))
        let tail = try bytes(at: size - Int64(tailSize), count: tailSize)
        guard let end = Self.lastIndex(of: 0x0605_4B50, in: tail, searchFrom: tail.count - 22) else {
            throw InputError("ZIP archive damaged or truncated: no end-of-directory record")
        }
        var count = Int64(Self.u16(tail, end + 10))
        var directorySize = Int64(Self.u32(tail, end + 12))
        var directoryOffset = Int64(Self.u32(tail, end + 16))
        let endOffset = size - Int64(tailSize) + Int64(end)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF,
            end >= 20, Self.u32(tail, end - 20) == 0x0706_4B50
        {
            // ZIP64: the locator before the end record points to a larger end record.
            let record64 = Int64(bitPattern: Self.u64(tail, end - 20 + 8))
            let record = try bytes(at: record64, count: 56)
            guard record.count == 56, Self.u32(record, 0) == 0x0606_4B50 else {
                throw InputError("ZIP archive damaged: the ZIP64 end-of-directory record is missing")
            }
            count = Int64(bitPattern: Self.u64(record, 32))
            directorySize = Int64(bitPattern: Self.u64(record, 40))
            directoryOffset = Int64(bitPattern: Self.u64(record, 48))
        }
        guard directorySize >= 0, directorySize <= 1 << 30, directoryOffset >= 0, count >= 0 else {
            throw InputError("ZIP archive damaged: a central directory of \(directorySize) bytes")
        }
        // An archive with bytes before it (a self-extracting stub) has every offset shifted by them.
        var shift: Int64 = 0
        let directoryFound = count == 0 || (try? bytes(at: directoryOffset, count: 4)).map { $0.count == 4 && Self.u32($0, 0) == 0x0201_4B50 } == true
        if directoryOffset + directorySize > endOffset || !directoryFound {
            shift = endOffset - directorySize - directoryOffset
            guard shift > 0 else { throw InputError("ZIP archive damaged: the central directory is not where the end record says") }
        }
        let directory = try bytes(at: directoryOffset + shift, count: Int(directorySize))
        guard directory.count == Int(directorySize) else { throw InputError("ZIP archive truncated inside its central directory") }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(min(count, 1 << 16)))
        var position = 0
        while position + 46 <= directory.count, Self.u32(directory, position) == 0x0201_4B50 {
            let nameLength = Int(Self.u16(directory, position + 28))
            let extraLength = Int(Self.u16(directory, position + 30))
            let commentLength = Int(Self.u16(directory, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw InputError("ZIP archive damaged: a directory entry runs past the directory") }
            let flags = Self.u16(directory, position + 8)
            var entry = Entry(
                name: Self.name(directory[(position + 46)..<(position + 46 + nameLength)], utf8: flags & 0x800 != 0),
                method: Self.u16(directory, position + 10), flags: flags, crc: Self.u32(directory, position + 16),
                compressedSize: Int64(Self.u32(directory, position + 20)), size: Int64(Self.u32(directory, position + 24)),
                localHeaderOffset: Int64(Self.u32(directory, position + 42)))
            Self.applyZip64(directory[(position + 46 + nameLength)..<(position + 46 + nameLength + extraLength)], to: &entry)
            entry.localHeaderOffset += shift
            entries.append(entry)
            position = next
        }
        guard Int64(entries.count) == count || count == 0xFFFF else {
            throw InputError("ZIP archive damaged: \(entries.count) of \(count) directory entries readable")
        }
        self.entries = entries
    }

    /// The bytes of `entry`, inflated if deflated, checked against its CRC-32 and size at the end.
    func source(of entry: Entry, limits: GzipLimits) throws(InputError) -> ZipMemberSource {
        let header = try Self.read(storage, at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw InputError("ZIP archive damaged: no local header where the directory puts \(entry.name)")
        }
        let start = entry.localHeaderOffset + 30 + Int64(Self.u16(header, 26)) + Int64(Self.u16(header, 28))
        // (A member cut off by the end of a recovered archive: what is there is read, and its
        // size check fails at its end.)
        guard start + entry.compressedSize <= size || isRecovered && start <= size else {
            throw InputError("ZIP archive truncated: \(entry.name) runs past the end of the file")
        }
        return try ZipMemberSource(
            ZipRange(storage: storage, start: start, end: min(size, start + entry.compressedSize)), entry: entry, limits: limits)
    }

    // MARK: - Reading

    private static func read(_ storage: Storage, at offset: Int64, count: Int) throws(InputError) -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw InputError("ZIP archive damaged: an offset out of range") }
        switch storage {
        case .memory(let bytes):
            let start = Int(min(offset, Int64(bytes.count)))
            return Array(bytes[start..<min(start + count, bytes.count)])
        case .file(let fd):
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw InputError("cannot read: \(String(cString: strerror(errno)))") }
                if n == 0 { break }
                done += n
            }
            bytes.removeSubrange(done...)
            return bytes
        }
    }

    /// Where the last `signature` starts at or before `searchFrom`.
    private static func lastIndex(of signature: UInt32, in bytes: [UInt8], searchFrom: Int) -> Int? {
        var index = searchFrom
        while index >= 0 {
            if bytes[index] == 0x50 && u32(bytes, index) == signature { return index }
            index -= 1
        }
        return nil
    }

    /// The ZIP64 extended information (extra field 0x0001): 64-bit values for the fields whose
    /// 32-bit value is all ones, in the order size, compressed size, offset.
    static func applyZip64(_ extra: ArraySlice<UInt8>, to entry: inout Entry) {
        var position = extra.startIndex
        while position + 4 <= extra.endIndex {
            let id = UInt16(extra[position]) | UInt16(extra[position + 1]) << 8
            let length = Int(UInt16(extra[position + 2]) | UInt16(extra[position + 3]) << 8)
            let data = position + 4
            guard data + length <= extra.endIndex else { return }
            if id == 0x0001 {
                var field = data
                func next() -> Int64? {
                    guard field + 8 <= data + length else { return nil }
                    defer { field += 8 }
                    return Int64(bitPattern: u64(Array(extra[field..<(field + 8)]), 0))
                }
                if entry.size == 0xFFFF_FFFF, let value = next() { entry.size = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                return
            }
            position = data + length
        }
    }

    /// A member's name: UTF-8 when flagged or valid, otherwise CP949 (what Korean Windows'
    /// archivers write), with `?` for bytes neither reads.
    static func name(_ bytes: ArraySlice<UInt8>, utf8: Bool) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                scalars.append(Unicode.Scalar(lead))
                index += 1
                continue
            }
            if !utf8, lead >= 0x81, lead <= 0xFE, index + 1 < bytes.endIndex, bytes[index + 1] >= 0x41 {
                let code = CP949.table[Int(lead - 0x81) * 190 + Int(bytes[index + 1] - 0x41)]
                if code != 0, let scalar = Unicode.Scalar(code) {
                    scalars.append(scalar)
                    index += 2
                    continue
                }
            }
            scalars.append("?")
            index += 1
        }
        return String(scalars)
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u16(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }
}

/// A ZIP member's bytes: stored ones read as they are, deflated ones inflated (bounded by the
/// gzip limits: a ZIP bomb stops as a gzip bomb does); at the end the CRC-32 and the size are
/// checked against the directory's, so a damaged member is an error after its bytes were scanned.
struct ZipMemberSource: ByteSource {
    private enum Base {
        case stored(ZipRange)
        case deflated(GzipSource<ZipRange>)
        case decoded(DecoderSource<ZipRange>)
    }
    private var base: Base
    private let name: String
    private let expectedCRC: UInt32
    private let expectedSize: Int64
    private var crc: uLong = crc32(0, nil, 0)
    private var produced: Int64 = 0
    private var checked = false

    init(_ range: ZipRange, entry: ZipArchive.Entry, limits: GzipLimits) throws(InputError) {
        if let reason = entry.unreadableReason { throw InputError(reason) }
        if let format = ZipArchive.Entry.compression(entry.method) {
            // (An LZMA member's size is given to the decoder unless an end marker follows its
            // data: general-purpose flag 1.)
            base = .decoded(try DecoderSource(range, format: format, limits: limits, size: entry.flags & 2 != 0 ? nil : entry.size))
        } else {
            base = entry.method == 8 ? .deflated(try GzipSource(range, limits: limits, raw: true)) : .stored(range)
        }
        name = entry.name
        expectedCRC = entry.crc
        expectedSize = entry.size
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !checked else { return 0 }
        let count: Int
        switch base {
        case .stored(var source):
            count = try source.read(into: buffer)
            base = .stored(source)
        case .deflated(var source):
            count = try source.read(into: buffer)
            base = .deflated(source)
        case .decoded(var source):
            count = try source.read(into: buffer)
            base = .decoded(source)
        }
        if count > 0 {
            crc = crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count))
            produced += Int64(count)
            return count
        }
        checked = true
        guard produced == expectedSize else {
            throw InputError("ZIP member damaged: \(produced) of \(expectedSize) bytes readable")
        }
        guard UInt32(truncatingIfNeeded: crc) == expectedCRC else { throw InputError("ZIP member damaged: its CRC-32 does not match") }
        return 0
    }
}

/// A byte range of a ZIP archive, in a file or in memory.
struct ZipRange: ByteSource {
    private var file: FileDescriptorSource?
    private let memory: [UInt8]
    private var position: Int
    private let end: Int

    init(storage: ZipArchive.Storage, start: Int64, end: Int64) {
        switch storage {
        case .file(let fd):
            file = FileDescriptorSource(fd: fd, start: start, end: end)
            memory = []
            position = 0
            self.end = 0
        case .memory(let bytes):
            file = nil
            memory = bytes
            position = Int(min(start, Int64(bytes.count)))
            self.end = Int(min(max(end, start), Int64(bytes.count)))
        }
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if var source = file {
            defer { file = source }
            return try source.read(into: buffer)
        }
        let count = min(buffer.count, end - position)
        guard count > 0 else { return 0 }
        memory.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: count) }
        position += count
        return count
    }
}
