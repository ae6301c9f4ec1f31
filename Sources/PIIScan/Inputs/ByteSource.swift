#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of decoded bytes (plain file range, gzip, stdin) read into a caller's buffer.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the stream.
    /// - Throws: ``InputError`` when the stream cannot be read further.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
}

/// Why an input could not be read (completely). Messages name the problem, never a value.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A source whose CR bytes are read as LF: a file with classic Mac line ends (CR alone) scanned
/// as lines, every byte where it is in the file.
struct CRLineSource<Base: ByteSource>: ByteSource {
    var base: Base

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = try base.read(into: buffer)
        guard count > 0, let start = buffer.baseAddress else { return count }
        var position = start
        let end = start + count
        while position < end, let found = memchr(position, 0x0D, end - position) {
            found.storeBytes(of: 0x0A, as: UInt8.self)
            position = UnsafeMutableRawPointer(found) + 1
        }
        return count
    }
}
