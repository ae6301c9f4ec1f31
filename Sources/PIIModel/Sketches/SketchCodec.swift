/// Compact, deterministic binary forms of the sketches (Base64 in JSON reports), so shard
/// reports can be merged exactly. Entries are sorted by hash: equal sketches encode equally.
public enum SketchCodec {
    /// Why a serialised sketch was rejected.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func encode(_ sketch: DistinctSketch) -> [UInt8] {
        var out: [UInt8] = Array("DS1".utf8)
        putVarint(UInt64(sketch.capacity), &out)
        putVarint(UInt64(sketch.level), &out)
        putVarint(UInt64(sketch.occurrences), &out)
        putVarint(UInt64(sketch.sample.count), &out)
        // Sorted as pairs: looking each sorted key up again would hash it (SipHash) once more.
        for (hash, count) in sketch.sample.sorted(by: { $0.key < $1.key }) {
            putHash(hash, &out)
            putVarint(UInt64(count), &out)
        }
        if let hyperLogLog = sketch.hyperLogLog {
            out.append(UInt8(hyperLogLog.precision))
            out += hyperLogLog.registers
        }
        return out
    }

    public static func decodeDistinct(_ bytes: [UInt8]) throws(Failure) -> DistinctSketch {
        var reader = Reader(bytes: bytes)
        try reader.expect("DS1")
        let capacity = try reader.varint(), level = try reader.varint(), occurrences = try reader.varint()
        let count = try reader.varint()
        guard count <= capacity, capacity <= 1 << 30 else { throw Failure(description: "distinct sketch: bad size") }
        var sample: [UInt64: UInt32] = [:]
        sample.reserveCapacity(Int(count))
        for _ in 0..<count {
            let hash = try reader.hash()
            sample[hash] = UInt32(truncatingIfNeeded: try reader.varint())
        }
        var hyperLogLog: HyperLogLog?
        if level > 0 {
            let precision = Int(try reader.byte())
            guard (4...18).contains(precision), let registers = HyperLogLog(registers: try reader.bytes(1 << precision))
            else { throw Failure(description: "distinct sketch: bad HyperLogLog") }
            hyperLogLog = registers
        }
        guard reader.atEnd,
            let sketch = DistinctSketch(
                level: Int(level), sample: sample, hyperLogLog: hyperLogLog, occurrences: Int64(occurrences),
                capacity: Int(capacity))
        else { throw Failure(description: "distinct sketch: inconsistent") }
        return sketch
    }

    public static func encode(_ sketch: LinkageSketch) -> [UInt8] {
        var out: [UInt8] = Array("LS1".utf8)
        putVarint(UInt64(sketch.capacity), &out)
        putVarint(UInt64(sketch.level), &out)
        putVarint(UInt64(sketch.nodes.count), &out)
        for (hash, node) in sketch.nodes.sorted(by: { $0.key < $1.key }) {
            putHash(hash, &out)
            putVarint(UInt64(node.records), &out)
            // 0 marks a hub; otherwise the number of partners + 1.
            putVarint(node.partners.map { UInt64($0.count) + 1 } ?? 0, &out)
            for partner in node.partners ?? [] { putHash(partner, &out) }
        }
        return out
    }

    public static func decodeLinkage(_ bytes: [UInt8]) throws(Failure) -> LinkageSketch {
        var reader = Reader(bytes: bytes)
        try reader.expect("LS1")
        let capacity = try reader.varint(), level = try reader.varint(), count = try reader.varint()
        guard count <= capacity, capacity <= 1 << 30 else { throw Failure(description: "linkage sketch: bad size") }
        var nodes: [UInt64: LinkageSketch.Node] = [:]
        nodes.reserveCapacity(Int(count))
        for _ in 0..<count {
            let hash = try reader.hash()
            let records = UInt32(truncatingIfNeeded: try reader.varint())
            let marker = try reader.varint()
            guard marker <= UInt64(LinkageSketch.hubPartnerLimit) + 1 else { throw Failure(description: "linkage sketch: bad node") }
            var partners: [UInt64]? = nil
            if marker > 0 {
                var list: [UInt64] = []
                for _ in 0..<(marker - 1) { list.append(try reader.hash()) }
                guard list == list.sorted() else { throw Failure(description: "linkage sketch: unsorted partners") }
                partners = list
            }
            nodes[hash] = LinkageSketch.Node(records: records, partners: partners)
        }
        guard reader.atEnd, let sketch = LinkageSketch(level: Int(level), nodes: nodes, capacity: Int(capacity))
        else { throw Failure(description: "linkage sketch: inconsistent") }
        return sketch
    }

    // MARK: Base64 (RFC 4648, with padding)

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func base64(_ bytes: [UInt8]) -> String {
        // Written straight into the string's storage (a summary's sketches run to megabytes).
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { out in
            bytes.withUnsafeBufferPointer { input in
                alphabet.withUnsafeBufferPointer { table in
                    var index = 0
                    var written = 0
                    while index < input.count {
                        let b0 = UInt32(input[index])
                        let b1 = index + 1 < input.count ? UInt32(input[index + 1]) : 0
                        let b2 = index + 2 < input.count ? UInt32(input[index + 2]) : 0
                        let triple = b0 << 16 | b1 << 8 | b2
                        out[written] = table[Int(triple >> 18 & 63)]
                        out[written + 1] = table[Int(triple >> 12 & 63)]
                        out[written + 2] = index + 1 < input.count ? table[Int(triple >> 6 & 63)] : UInt8(ascii: "=")
                        out[written + 3] = index + 2 < input.count ? table[Int(triple & 63)] : UInt8(ascii: "=")
                        index += 3
                        written += 4
                    }
                }
            }
            return length
        }
    }

    public static func base64Decode(_ text: String) throws(Failure) -> [UInt8] {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            case UInt8(ascii: "="): padding += 1; values.append(0)
            default: throw Failure(description: "invalid Base64")
            }
        }
        guard values.count % 4 == 0, padding <= 2 else { throw Failure(description: "invalid Base64 length") }
        var out: [UInt8] = []
        out.reserveCapacity(values.count / 4 * 3)
        var index = 0
        while index < values.count {
            let quad = UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12 | UInt32(values[index + 2]) << 6
                | UInt32(values[index + 3])
            out.append(UInt8(quad >> 16 & 0xFF))
            out.append(UInt8(quad >> 8 & 0xFF))
            out.append(UInt8(quad & 0xFF))
            index += 4
        }
        out.removeLast(padding)
        return out
    }

    // MARK: Primitives

    private static func putVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func putHash(_ hash: UInt64, _ out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func expect(_ magic: String) throws(Failure) {
            for byte in magic.utf8 {
                guard try self.byte() == byte else { throw Failure(description: "not a \(magic) sketch") }
            }
        }

        mutating func byte() throws(Failure) -> UInt8 {
            guard position < bytes.count else { throw Failure(description: "sketch truncated") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func bytes(_ count: Int) throws(Failure) -> [UInt8] {
            guard count <= bytes.count - position else { throw Failure(description: "sketch truncated") }
            defer { position += count }
            return Array(bytes[position..<position + count])
        }

        mutating func varint() throws(Failure) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try self.byte()
                guard shift < 64 else { throw Failure(description: "sketch: varint too long") }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        mutating func hash() throws(Failure) -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
            return value
        }
    }
}
