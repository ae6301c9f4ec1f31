#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor. A closed reader (`piiscan … | head`) surfaces as
/// ``OutputSink/Failure/brokenPipe`` so the caller can stop quietly.
public final class OutputSink {
    public enum Failure: Error, Equatable {
        case brokenPipe
        case writeFailed(String)
    }
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 64 * 1024

    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(capacity)
    }

    public func write(_ text: String) throws(Failure) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws(Failure) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                buffer.removeAll(keepingCapacity: true)
                if code == EPIPE { throw .brokenPipe }
                throw .writeFailed(String(cString: strerror(code)))
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
