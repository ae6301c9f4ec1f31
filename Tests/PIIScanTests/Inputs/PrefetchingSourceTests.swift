import XCTest

@testable import PIIScan

/// The gzip reader runs a block ahead on its own thread; the consumer must see exactly what a
/// direct read gives, error included, whatever the block and read sizes.
final class PrefetchingSourceTests: XCTestCase {
    /// Hands out `bytes` in reads of at most `chunk`, then fails with `error` if given.
    struct ScriptedSource: ByteSource {
        var bytes: [UInt8]
        var chunk: Int
        var error: InputError?
        var position = 0
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
            if position == bytes.count, let error { throw error }
            let n = min(buffer.count, chunk, bytes.count - position)
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.withUnsafeBytes { $0 }[position..<(position + n)]))
            position += n
            return n
        }
    }

    private func drain<S: ByteSource>(_ source: inout S, readSize: Int) -> (bytes: [UInt8], error: InputError?) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: readSize)
        while true {
            do {
                let n = try buffer.withUnsafeMutableBytes { bytes throws(InputError) in try source.read(into: bytes) }
                if n == 0 { return (out, nil) }
                out += buffer[0..<n]
            } catch {
                return (out, error as? InputError)
            }
        }
    }

    func testSameBytesAndErrorAsADirectRead() {
        let data = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        for (blockSize, readSize, chunk, fails) in [
            (4096, 1000, 777, false), (4096, 5000, 4096, true), (8192, 8192, 8192, false), (4096, 70_000, 100_000, true),
            (65_536, 3, 70_000, false),
        ] {
            let error: InputError? = fails ? InputError("truncated gzip stream") : nil
            var direct = ScriptedSource(bytes: data, chunk: chunk, error: error)
            let expected = drain(&direct, readSize: readSize)
            var ahead = PrefetchingSource(ScriptedSource(bytes: data, chunk: chunk, error: error), blockSize: blockSize)
            let got = drain(&ahead, readSize: readSize)
            ahead.finish()
            XCTAssertEqual(got.bytes, data, "block \(blockSize) read \(readSize)")
            XCTAssertEqual(got.bytes, expected.bytes)
            XCTAssertEqual(got.error, expected.error)
            // After the end (or the error), reads keep returning 0.
            XCTAssertEqual(drain(&ahead, readSize: readSize).bytes, [])
        }
    }

    func testAStreamEndingOnABlockBoundary() {
        let data = [UInt8](repeating: 7, count: 8192)
        var ahead = PrefetchingSource(ScriptedSource(bytes: data, chunk: 4096, error: nil), blockSize: 4096)
        XCTAssertEqual(drain(&ahead, readSize: 4096).bytes, data)
        ahead.finish()
    }

    func testFinishStopsTheReaderEarly() {
        let data = [UInt8](repeating: 1, count: 1 << 20)
        var ahead = PrefetchingSource(ScriptedSource(bytes: data, chunk: 4096, error: nil), blockSize: 4096)
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = try? buffer.withUnsafeMutableBytes { bytes throws(InputError) in try ahead.read(into: bytes) }
        XCTAssertEqual(n, 100)
        ahead.finish()  // returns although most of the stream is unread
        let never = PrefetchingSource(ScriptedSource(bytes: data, chunk: 4096, error: nil))
        never.finish()  // never started
    }
}
