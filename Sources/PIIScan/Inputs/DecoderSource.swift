import CCompression

/// A compression format other than gzip that piiscan decompresses as a stream: rotated logs
/// (`logrotate` with `compresscmd` bzip2, xz or zstd), `.tar.bz2`/`.tar.xz`/`.tar.zst`
/// archives, and ZIP members compressed by these methods.
public enum Compression: String, Equatable, Sendable {
    case bzip2
    case xz
    case zstd
    /// A ZIP member of method 14: raw LZMA behind ZIP's own 4-byte header and its properties.
    case zipLZMA = "LZMA"

    /// What messages call a stream of this format.
    var noun: String { "\(rawValue) stream" }
}

/// One decoder's state: it decodes from `input` into `output` and says how much of each it used
/// and whether the stream (all of it, concatenated streams included) ended.
protocol StreamDecoder: AnyObject {
    /// - Throws: the decoder's description of damage (`InputError`).
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) throws(InputError)
        -> (consumed: Int, produced: Int, ended: Bool)
}

/// Decompresses bzip2, xz or zstd from another source (concatenated streams too, as `cat
/// a.bz2 b.bz2` and `pbzip2` write them), bounded by the gzip limits (a bomb in any format stops
/// the same way). Offsets of findings are in decompressed bytes; damage is an error after the
/// bytes decoded before it, a stream cut short an error at its end.
struct DecoderSource<Input: ByteSource>: ByteSource {
    private var input: Input
    private let decoder: StreamDecoder
    private let format: Compression
    private let limits: GzipLimits
    private let buffer = ReadBuffer(byteCount: 64 * 1024)
    private var start = 0
    private var end = 0
    private var inputEnded = false
    private var finished = false
    private var produced: Int64 = 0
    private var consumed: Int64 = 0
    private var pendingError: InputError?

    init(_ input: Input, format: Compression, limits: GzipLimits, size: Int64? = nil) throws(InputError) {
        self.input = input
        self.format = format
        self.limits = limits
        switch format {
        case .bzip2: decoder = try BZip2Decoder()
        case .xz: decoder = try LZMADecoder(xz: true, size: nil)
        case .zipLZMA: decoder = try LZMADecoder(xz: false, size: size)
        case .zstd: decoder = try ZstdDecoder()
        }
    }

    mutating func read(into output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        guard !finished, output.count > 0 else { return 0 }
        if let violation = limits.violation(produced: produced, consumed: consumed, noun: format.noun) { throw InputError(violation) }
        var room = output
        if let maxBytes = limits.maxBytes {
            guard produced < maxBytes else {
                // At the limit: one more byte means the stream exceeds it.
                let probe = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
                defer { probe.deallocate() }
                if try fill(probe) > 0, let violation = limits.violation(produced: produced + 1, consumed: consumed, noun: format.noun) {
                    throw InputError(violation)
                }
                return 0
            }
            room = UnsafeMutableRawBufferPointer(rebasing: output.prefix(Int(min(Int64(output.count), maxBytes - produced))))
        }
        let count = try fill(room)
        produced += Int64(count)
        return count
    }

    /// Decodes into `output` until it holds something or the stream ends.
    private mutating func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            if start == end && !inputEnded {
                start = 0
                end = try input.read(into: buffer.bytes)
                consumed += Int64(end)
                if end == 0 { inputEnded = true }
            }
            let result: (consumed: Int, produced: Int, ended: Bool)
            do {
                result = try decoder.decode(
                    UnsafeRawBufferPointer(rebasing: buffer.bytes[start..<end]), into: output, inputEnded: inputEnded)
            } catch {
                finished = true
                throw InputError("corrupt \(format.rawValue) data after \(produced) decompressed bytes: \(error.message)")
            }
            start += result.consumed
            if result.consumed == 0 && result.produced == 0 && !result.ended && start < end {
                // Every decoder takes what it is given: this one is stuck on damaged data.
                finished = true
                throw InputError("corrupt \(format.rawValue) data after \(produced) decompressed bytes: the decoder made no progress")
            }
            if result.ended {
                finished = true
                return result.produced
            }
            if result.produced > 0 { return result.produced }
            if inputEnded && start == end {
                finished = true
                throw InputError("truncated \(format.noun) after \(produced) decompressed bytes")
            }
        }
    }
}

/// libbz2's decoder; after a stream's end, another stream may follow (`cat a.bz2 b.bz2`).
final class BZip2Decoder: StreamDecoder {
    private let stream: UnsafeMutablePointer<bz_stream>
    private var streamEnded = false

    init() throws(InputError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else {
            stream.deallocate()
            throw InputError("cannot initialise the bzip2 decoder")
        }
    }

    deinit {
        BZ2_bzDecompressEnd(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) throws(InputError)
        -> (consumed: Int, produced: Int, ended: Bool)
    {
        if streamEnded {
            // Another stream, or the end (trailing zero padding is no stream).
            if input.allSatisfy({ $0 == 0 }) { return (input.count, 0, inputEnded) }
            BZ2_bzDecompressEnd(stream)
            stream.initialize(to: bz_stream())
            guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else { throw InputError("cannot initialise the bzip2 decoder") }
            streamEnded = false
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_out = UInt32(min(output.count, Int(UInt32.max)))
        let rc = BZ2_bzDecompress(stream)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch rc {
        case BZ_OK: return (consumed, produced, false)
        case BZ_STREAM_END:
            streamEnded = true
            let rest = input.count - consumed
            return (consumed, produced, rest == 0 && inputEnded)
        default: throw InputError("bzip2 error \(rc)")
        }
    }
}

/// liblzma's decoder: `.xz` (concatenated streams too), or a ZIP member's raw LZMA, whose
/// 4-byte ZIP header and 5-byte properties are turned into the `.lzma` ("alone") header
/// liblzma reads.
final class LZMADecoder: StreamDecoder {
    private let stream: UnsafeMutablePointer<lzma_stream>
    /// For a ZIP member: the `.lzma` header still to be made from the member's first 9 bytes.
    private var zipHeader: [UInt8]?
    private let size: Int64?

    init(xz: Bool, size: Int64?) throws(InputError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: lzma_stream())
        self.size = size
        // 0x08: LZMA_CONCATENATED (a macro Swift does not import): `cat a.xz b.xz` is one stream.
        let rc = xz ? lzma_stream_decoder(stream, UInt64.max, 0x08) : lzma_alone_decoder(stream, UInt64.max)
        guard rc == LZMA_OK else {
            stream.deallocate()
            throw InputError("cannot initialise the LZMA decoder")
        }
        if !xz { zipHeader = [] }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) throws(InputError)
        -> (consumed: Int, produced: Int, ended: Bool)
    {
        var skipped = 0
        if var header = zipHeader {
            // ZIP's LZMA header: version (2 bytes), properties size (2), properties (5).
            let take = min(9 - header.count, input.count)
            header += input.prefix(take)
            skipped = take
            guard header.count == 9 else {
                zipHeader = header
                if inputEnded { throw InputError("LZMA member shorter than its header") }
                return (skipped, 0, false)
            }
            zipHeader = nil
            // The `.lzma` header: the properties, then the size (all ones: unknown, an end marker follows).
            let alone = UnsafeMutableRawBufferPointer.allocate(byteCount: 13, alignment: 1)
            defer { alone.deallocate() }
            for index in 0..<5 { alone[index] = header[4 + index] }
            let known = size.map { UInt64($0) } ?? UInt64.max
            for index in 0..<8 { alone[5 + index] = UInt8(truncatingIfNeeded: known >> UInt64(8 * index)) }
            let fed = try run(UnsafeRawBufferPointer(alone), output, action: LZMA_RUN)
            guard fed.consumed == 13, fed.produced == 0 else { throw InputError("LZMA header not accepted") }
        }
        let rest = UnsafeRawBufferPointer(rebasing: input[skipped...])
        let result = try run(rest, output, action: inputEnded ? LZMA_FINISH : LZMA_RUN)
        return (skipped + result.consumed, result.produced, result.ended)
    }

    private func run(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, action: lzma_action) throws(InputError)
        -> (consumed: Int, produced: Int, ended: Bool)
    {
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = input.count
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = output.count
        let rc = lzma_code(stream, action)
        let consumed = input.count - stream.pointee.avail_in
        let produced = output.count - stream.pointee.avail_out
        switch rc {
        case LZMA_OK, LZMA_BUF_ERROR: return (consumed, produced, false)
        case LZMA_STREAM_END: return (consumed, produced, true)
        default: throw InputError("LZMA error \(rc.rawValue)")
        }
    }
}

/// libzstd's decoder; frames follow one another (`cat a.zst b.zst`, `zstd -T0`'s frames).
final class ZstdDecoder: StreamDecoder {
    private let stream: OpaquePointer
    /// Whether the last call ended a frame (the stream may end there).
    private var atFrameEnd = true

    init() throws(InputError) {
        guard let stream = ZSTD_createDStream() else { throw InputError("cannot initialise the zstd decoder") }
        self.stream = stream
        ZSTD_initDStream(stream)
    }

    deinit { ZSTD_freeDStream(stream) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) throws(InputError)
        -> (consumed: Int, produced: Int, ended: Bool)
    {
        if input.isEmpty && inputEnded && atFrameEnd { return (0, 0, true) }
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let rc = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
        if ZSTD_isError(rc) != 0 { throw InputError(String(cString: ZSTD_getErrorName(rc))) }
        atFrameEnd = rc == 0
        let ended = atFrameEnd && inputEnded && inBuffer.pos == input.count && outBuffer.pos < output.count
        return (inBuffer.pos, outBuffer.pos, ended)
    }
}
