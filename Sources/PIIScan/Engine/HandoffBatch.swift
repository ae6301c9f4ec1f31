import PIIModel

/// The findings a worker hands to the assembling thread, a batch at a time.
typealias FindingBatch = HandoffBatch<Finding>

/// A fixed-capacity run of values handed from one thread to another: values are moved in and
/// moved out, never copied.
///
/// An `Array` of findings would copy each finding twice more on the way (into the channel's
/// buffer, and out of it into the assembler's consuming sink), and each copy retains — and its
/// release later frees — every string of the finding. The input's path is one string for all
/// the findings of a file, touched by the worker and the assembler at once, so every one of
/// those reference-count updates contended for the same cache line: on a SQLite table (several
/// findings a row) the copies took a tenth of the CPU time of a two-thread scan.
///
/// Not thread-safe: one thread at a time (the worker fills it and hands it over under the
/// channel's lock; only the assembler touches it after that).
final class HandoffBatch<Element>: @unchecked Sendable {
    // SAFETY: `storage[taken..<count]` are initialized, the rest is not; the single-owner rule
    // above keeps the counters consistent with that.
    private let storage: UnsafeMutablePointer<Element>
    /// How many values the batch holds at most.
    let capacity: Int
    /// Values appended so far (those already moved out included).
    private(set) var count = 0
    /// Values already moved out by ``moveAll(to:)``.
    private var taken = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        // A batch dropped before it was drained (an interrupted scan) still owns the rest.
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == capacity }

    /// Moves `value` into the batch, which must not be full.
    func append(_ value: consuming Element) {
        precondition(count < capacity, "HandoffBatch is full")
        (storage + count).initialize(to: consume value)
        count += 1
    }

    /// Moves every value not yet taken out of the batch to `body`, in the order appended.
    func moveAll(to body: (consuming Element) -> Void) {
        while taken < count {
            let value = (storage + taken).move()
            taken += 1
            body(consume value)
        }
    }
}
