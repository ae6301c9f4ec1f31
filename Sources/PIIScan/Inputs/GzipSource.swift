import CZlib

/// Decompresses a gzip stream (including concatenated members, as written by `cat a.gz b.gz`)
/// from another source — or, with `raw`, one raw deflate stream (a ZIP member's bytes), with
/// `zlib` one zlib stream (a PostgreSQL archive's table data). Offsets of findings are in
/// decompressed bytes.
public struct GzipSource<Compressed: ByteSource>: ByteSource {
    private var input: Compressed
    private let state: InflateState
    private var inputEnd = false
    private var finished = false
    /// Decompressed bytes produced so far (for error messages).
    public private(set) var produced: Int64 = 0
    private var memberEnded = false
    /// Damage found after some bytes of a read were inflated: thrown by the next read.
    private var pendingError: InputError?
    /// Compressed bytes read from `input` (some may still wait in the input buffer).
    private var compressedRead: Int64 = 0
    /// Decompression bounds (gzip bombs); see ``GzipLimits``.
    public let limits: GzipLimits
    /// One raw deflate or zlib stream: no gzip header or trailer, and nothing after its end.
    private let raw: Bool
    /// What messages call the stream.
    private let noun: String

    public init(
        _ input: Compressed, limits: GzipLimits = GzipLimits(), inputBufferSize: Int = 64 * 1024, raw: Bool = false,
        zlib: Bool = false
    ) throws(InputError) {
        self.input = input
        self.limits = limits
        self.raw = raw || zlib
        noun = raw ? "deflate stream" : zlib ? "zlib stream" : "gzip stream"
        // 15 + 16: gzip format only (the caller sniffed the magic bytes); -15: raw deflate;
        // 15: zlib.
        state = try InflateState(inputBufferSize: inputBufferSize, windowBits: raw ? -15 : zlib ? 15 : 15 + 16)
    }

    /// Reads decompressed bytes. The size limit (``GzipLimits/maxBytes``) is exact: no more than
    /// that many bytes are handed out, and a stream that holds even one byte more throws once the
    /// bytes up to the limit were read (a stream of exactly the limit ends normally). The ratio
    /// limit is checked between reads (its overshoot is at most one caller buffer).
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        guard !finished, buffer.count > 0 else { return 0 }
        if let violation = limits.violation(produced: produced, consumed: compressedRead - Int64(state.stream.pointee.avail_in), noun: noun) {
            throw InputError(violation)
        }
        guard let maxBytes = limits.maxBytes else { return try inflateSome(into: buffer) }
        let room = maxBytes - produced
        if room > 0 { return try inflateSome(into: UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(Int(min(Int64(buffer.count), room))))) }
        // At the limit: one more byte means the stream exceeds it.
        let probe = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
        defer { probe.deallocate() }
        if try inflateSome(into: probe) > 0, let violation = limits.violation(produced: produced, consumed: 0, noun: noun) {
            throw InputError(violation)
        }
        return 0
    }

    /// Inflates into `buffer` (not empty) until it is full or the stream ends.
    private mutating func inflateSome(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !finished else { return 0 }
        let stream = state.stream
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        var written: Int { buffer.count - Int(stream.pointee.avail_out) }
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnd {
                let n = try input.read(into: state.inputBuffer)
                if n == 0 {
                    inputEnd = true
                } else {
                    compressedRead += Int64(n)
                    stream.pointee.avail_in = uInt(n)
                    stream.pointee.next_in = state.inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                }
            }
            if memberEnded && stream.pointee.avail_in > 0 {
                // Zero padding after the last member (tape/block devices) is not another member.
                if isAllZero(stream.pointee.next_in, Int(stream.pointee.avail_in)) {
                    stream.pointee.avail_in = 0
                    continue
                }
                inflateReset(stream)  // a concatenated member follows
                memberEnded = false
            }
            if stream.pointee.avail_in == 0 && inputEnd {
                if memberEnded {
                    finished = true
                    break
                }
                if written > 0 { break }  // hand out what we have; the error comes on the next call
                throw InputError("truncated \(noun) after \(produced) decompressed bytes")
            }
            let rc = inflate(stream, Z_NO_FLUSH)
            switch rc {
            case Z_STREAM_END where raw:
                // Whatever follows a ZIP member's deflate stream is not its data.
                finished = true
                produced += Int64(written)
                return written
            case Z_STREAM_END: memberEnded = true
            case Z_OK, Z_BUF_ERROR: continue
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                let error = InputError("corrupt \(noun.prefix { $0 != " " }) data after \(produced + Int64(written)) decompressed bytes: \(detail)")
                // The bytes inflated before the damage are handed out first (a bad check value
                // comes only after the whole member); the error comes on the next call.
                guard written > 0 else { throw error }
                pendingError = error
                finished = true
                produced += Int64(written)
                return written
            }
        }
        produced += Int64(written)
        return written
    }

    private func isAllZero(_ pointer: UnsafeMutablePointer<Bytef>?, _ count: Int) -> Bool {
        guard let pointer else { return true }
        for i in 0..<count where pointer[i] != 0 { return false }
        return true
    }
}

/// Owns a zlib inflate stream (a class so the pointer is stable and freed exactly once).
final class InflateState {
    let stream: UnsafeMutablePointer<z_stream>
    /// Compressed bytes waiting to be inflated; `stream.next_in` points into it.
    let inputBuffer: UnsafeMutableRawBufferPointer

    init(inputBufferSize: Int, windowBits: Int32) throws(InputError) {
        inputBuffer = .allocate(byteCount: inputBufferSize, alignment: 16)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard piiscan_inflate_init2(stream, windowBits) == Z_OK else {
            stream.deallocate()
            inputBuffer.deallocate()
            throw InputError("cannot initialise zlib")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }
}
