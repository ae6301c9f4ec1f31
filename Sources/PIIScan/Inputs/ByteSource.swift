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
