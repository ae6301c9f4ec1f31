#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads `[start, end)` of an open file with `pread`, or a pipe/stdin to its end with `read`.
/// Never takes ownership of the descriptor.
public struct FileDescriptorSource: ByteSource {
    let fd: Int32
    var position: Int64
    let end: Int64?
    let seekable: Bool

    /// A byte range of a regular file; `end == nil` reads to the end of the file.
    public init(fd: Int32, start: Int64 = 0, end: Int64? = nil) {
        self.fd = fd
        position = start
        self.end = end
        seekable = true
    }

    /// A non-seekable stream (pipe, stdin), read sequentially.
    public init(streamFD fd: Int32) {
        self.fd = fd
        position = 0
        end = nil
        seekable = false
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var wanted = buffer.count
        if let end { wanted = Int(min(Int64(wanted), max(0, end - position))) }
        guard wanted > 0, let base = buffer.baseAddress else { return 0 }
        while true {
            // A pipe or FIFO may block for as long as its writer waits. SIGINT/SIGTERM interrupts
            // a read only in the thread the signal went to: another worker's read is polled, so
            // it sees the request within a fifth of a second.
            if !seekable {
                var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&waiting, 1, 200)
                if Interruption.isRequested { throw InputError("interrupted at byte \(position)") }
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            }
            let n = seekable ? pread(fd, base, wanted, off_t(position)) : Glibc.read(fd, base, wanted)
            if n >= 0 {
                position += Int64(n)
                return n
            }
            if errno == EINTR {
                if Interruption.isRequested { throw InputError("interrupted at byte \(position)") }
                continue
            }
            throw InputError("read failed at byte \(position): \(String(cString: strerror(errno)))")
        }
    }
}

/// A source that first replays bytes already read (a sniffed header), then continues.
public struct PrefixedSource<Base: ByteSource>: ByteSource {
    var prefix: [UInt8]
    var prefixPosition = 0
    var base: Base

    public init(prefix: [UInt8], base: Base) {
        self.prefix = prefix
        self.base = base
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if prefixPosition < prefix.count {
            let n = min(buffer.count, prefix.count - prefixPosition)
            prefix.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + prefixPosition, byteCount: n)
            }
            prefixPosition += n
            return n
        }
        return try base.read(into: buffer)
    }
}
