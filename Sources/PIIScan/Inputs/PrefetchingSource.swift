import Foundation

/// Reads another source on a thread of its own, a block ahead of the consumer, so that producing
/// the bytes (inflating a gzip file) overlaps with scanning them. The consumer sees exactly the
/// bytes, and the error, that reading `inner` directly gives, in the same order.
///
/// Call ``finish()`` before the inner source's resources (its file descriptor) go away: it stops
/// the reader and waits for it. Only for sources whose reads cannot block indefinitely (regular
/// files, not pipes): `finish()` waits for a read in progress.
struct PrefetchingSource<Inner: ByteSource>: ByteSource {
    private let pipeline: Pipeline

    /// `blockSize`: bytes per block; two blocks alternate between reader and consumer.
    init(_ inner: Inner, blockSize: Int = 1 << 20) {
        pipeline = Pipeline(inner, blockSize: blockSize)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        try pipeline.read(into: buffer)
    }

    /// Stops the reader thread and waits until it has exited.
    func finish() { pipeline.finish() }

    /// The two blocks and the reader thread. `inner` is touched only by the reader thread once it
    /// started; every other field is guarded by `condition`.
    private final class Pipeline: @unchecked Sendable {
        private var inner: Inner
        private let condition = NSCondition()
        private let blocks: [UnsafeMutableRawBufferPointer]
        /// Per block: bytes filled (-1: empty, waiting for the reader), and the error that ended
        /// the stream after those bytes.
        private var filled: [Int]
        private var errors: [InputError?]
        /// The block the consumer reads, and how far.
        private var current = 0
        private var consumed = 0
        private var cancelled = false
        private var readerDone = false
        private var started = false

        init(_ inner: Inner, blockSize: Int) {
            self.inner = inner
            blocks = (0..<2).map { _ in .allocate(byteCount: max(4096, blockSize), alignment: 64) }
            filled = [-1, -1]
            errors = [nil, nil]
        }

        deinit {
            finish()
            for block in blocks { block.deallocate() }
        }

        private func start() {
            started = true
            let thread = Thread { [self] in produce() }
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// The reader: fills the blocks in turn until the stream ends, fails or is cancelled.
        private func produce() {
            var index = 0
            while true {
                condition.lock()
                while filled[index] >= 0 && !cancelled { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { break }
                let block = blocks[index]
                var count = 0
                var failure: InputError? = nil
                var ended = false
                while count < block.count {
                    do {
                        let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: block[count...]))
                        if n == 0 {
                            ended = true
                            break
                        }
                        count += n
                    } catch {
                        failure = error
                        ended = true
                        break
                    }
                }
                condition.lock()
                filled[index] = count
                errors[index] = failure
                condition.broadcast()
                condition.unlock()
                // A short block (end of stream or error) is the last one.
                if ended { break }
                index ^= 1
            }
            condition.lock()
            readerDone = true
            condition.broadcast()
            condition.unlock()
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
            guard buffer.count > 0 else { return 0 }
            condition.lock()
            defer { condition.unlock() }
            if !started { start() }
            while true {
                while filled[current] < 0 && !readerDone { condition.wait() }
                let count = filled[current]
                if count < 0 { return 0 }  // the reader stopped (cancelled): nothing more
                if consumed < count {
                    let n = min(buffer.count, count - consumed)
                    buffer.baseAddress!.copyMemory(from: blocks[current].baseAddress! + consumed, byteCount: n)
                    consumed += n
                    return n
                }
                if let error = errors[current] {
                    errors[current] = nil
                    filled[current] = 0
                    throw error
                }
                if count < blocks[current].count { return 0 }  // the stream ended in this block
                // This block is used up: hand it back and go on with the other one.
                filled[current] = -1
                condition.broadcast()
                current ^= 1
                consumed = 0
            }
        }

        func finish() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            if started {
                while !readerDone { condition.wait() }
            }
            condition.unlock()
        }
    }
}
