/// Reads a tar archive (POSIX ustar, GNU and pax) from a stream, one member at a time: each
/// regular file's bytes are handed out as a ``ByteSource`` of their own (``Member``), so that
/// every file of an archive — a `.tar` of old exports, a `.tar.gz` backup — is scanned as the
/// file it is (its own CSV header, its own encoding) and reported under
/// `archive.tar!member/path`. Directories, links and devices have no bytes to scan and are
/// passed over; the end of the archive is two zero blocks, or the end of the stream.
final class TarReader<Base: ByteSource> {
    private var base: Base
    /// Bytes of the current member not yet read, and the padding to its block's end.
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    /// Whether the stream ended where an archive may end (after a zero block, or at a header's start).
    private(set) var endedCleanly = false

    init(_ base: Base) { self.base = base }

    /// A regular file of the archive: its name (the pax `path`, a GNU long name, or the ustar
    /// prefix and name) and its size in bytes.
    struct Entry {
        var name: String
        var size: Int64
    }

    /// The next regular file (its bytes are then read with ``read(into:)``), nil at the end.
    /// What was left of the current member is read past first.
    /// - Throws: ``InputError`` for a damaged header or a stream that ends inside the archive.
    func next() throws(InputError) -> Entry? {
        try skip(remaining + padding)
        remaining = 0
        padding = 0
        var longName: String? = nil
        var block = [UInt8](repeating: 0, count: 512)
        while true {
            let count = try fill(&block)
            if count == 0 {
                endedCleanly = true
                return nil
            }
            guard count == 512 else { throw InputError("tar archive truncated: a header is cut short") }
            if block.allSatisfy({ $0 == 0 }) {
                endedCleanly = true
                return nil
            }
            guard Self.checksumMatches(block) else { throw InputError("tar archive damaged: a header's checksum does not match") }
            guard let size = Self.size(block) else { throw InputError("tar archive damaged: a header's size is unreadable") }
            let blocks = (size + 511) / 512 * 512
            let type = block[156]
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "x"):
                // A GNU long name, or a pax header's records (`path=` names the next file).
                guard size <= 1 << 20 else { throw InputError("tar archive damaged: an extended header of \(size) bytes") }
                var data = [UInt8](repeating: 0, count: Int(blocks))
                guard try fill(&data) == data.count else { throw InputError("tar archive truncated inside an extended header") }
                let bytes = data[0..<Int(size)]
                longName = type == UInt8(ascii: "L") ? Self.string(bytes) : Self.paxPath(bytes) ?? longName
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
                var name = longName ?? Self.name(block)
                while name.hasPrefix("./") { name.removeFirst(2) }  // `tar cf x.tar .`
                remaining = size
                padding = blocks - size
                return Entry(name: name, size: size)
            default:
                // Directories, links, devices, FIFOs, global pax headers, GNU sparse files: no
                // bytes of their own to scan.
                try skip(blocks)
                longName = nil
            }
        }
    }

    /// The current member's bytes (0 at its end).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard remaining > 0, buffer.count > 0 else { return 0 }
        let wanted = Int(min(Int64(buffer.count), remaining))
        let n = try base.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        guard n > 0 else { throw InputError("tar archive truncated inside a file (\(remaining) bytes missing)") }
        remaining -= Int64(n)
        return n
    }

    /// The current member as a source of its own.
    struct Member: ByteSource {
        let reader: TarReader
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
            try reader.read(into: buffer)
        }
    }

    /// Reads into `bytes` from `offset` (up to `limit` bytes), as the base source does.
    private func read(_ bytes: inout [UInt8], from offset: Int, limit: Int) throws(InputError) -> Int {
        let result: Result<Int, InputError> = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(InputError) -> Int in
                try base.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<min(buffer.count, offset + limit)]))
            }
        }
        return try result.get()
    }

    private func fill(_ bytes: inout [UInt8]) throws(InputError) -> Int {
        var count = 0
        while count < bytes.count {
            let n = try read(&bytes, from: count, limit: bytes.count - count)
            if n == 0 { break }
            count += n
        }
        return count
    }

    private func skip(_ count: Int64) throws(InputError) {
        var left = count
        var scratch = [UInt8](repeating: 0, count: 65_536)
        while left > 0 {
            let n = try read(&scratch, from: 0, limit: Int(min(left, Int64(scratch.count))))
            guard n > 0 else { throw InputError("tar archive truncated (\(left) bytes missing)") }
            left -= Int64(n)
        }
    }

    /// The header's checksum field (octal, at 148) against the sum of its bytes, the field
    /// itself counted as eight blanks (unsigned, as POSIX has it; signed, as old tars wrote it).
    static func checksumMatches(_ block: [UInt8]) -> Bool {
        guard let stored = octal(block[148..<156]) else { return false }
        var unsigned = 0
        var signed = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        return stored == Int64(unsigned) || stored == Int64(signed)
    }

    /// The size field (at 124): octal, or GNU's base-256 (high bit set) for 8 GiB and more.
    static func size(_ block: [UInt8]) -> Int64? {
        let field = block[124..<136]
        if field.first! & 0x80 != 0 {
            var value: Int64 = 0
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        return octal(field)
    }

    /// An octal field: digits, blanks and NULs around them.
    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == 0x20 {
                if digits > 0 { break }
                continue
            }
            guard byte >= 0x30 && byte <= 0x37, value < Int64.max >> 3 else { return nil }
            value = value << 3 | Int64(byte - 0x30)
            digits += 1
        }
        return value
    }

    /// The ustar name: the prefix (at 345, when the magic says ustar) and `/`, then the name.
    static func name(_ block: [UInt8]) -> String {
        let name = string(block[0..<100])
        guard block[257..<262].elementsEqual("ustar".utf8) else { return name }
        let prefix = string(block[345..<500])
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// The bytes up to the first NUL, as UTF-8 (broken bytes replaced).
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The `path` of pax records (`<length> path=<name>\n` …).
    static func paxPath(_ bytes: ArraySlice<UInt8>) -> String? {
        var rest = bytes
        while let space = rest.firstIndex(of: 0x20), let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
            length > 0, rest.startIndex + length <= rest.endIndex
        {
            let record = rest[(space + 1)..<(rest.startIndex + length)]
            if record.starts(with: "path=".utf8) {
                return String(decoding: record.dropFirst(5).prefix { $0 != 0x0A }, as: UTF8.self)
            }
            rest = rest[(rest.startIndex + length)...]
        }
        return nil
    }
}
