import CScanKernels
import PIIRules

/// Finds a rule's line-filter literals (``RuleLineFilter``: `로`, `길` …) that are followed closely
/// by a digit. The vector kernel marks, 4 KiB at a time, the positions whose byte ends some literal
/// and whose previous byte is the one before it in that literal; only those are compared. In
/// Korean text a literal's last byte alone (a UTF-8 continuation byte) recurs every few dozen
/// bytes, which made one `memchr` per occurrence and literal cost more than the regex it spares.
final class LiteralFinder: @unchecked Sendable {
    // SAFETY: immutable after init; the byte sets are read-only allocations.
    let filter: RuleLineFilter
    private let lastBytes: UnsafeMutablePointer<pii_byte_set>
    /// The complement of the literals' next-to-last bytes (the kernel's "previous byte blocks").
    private let notPenultimate: UnsafeMutablePointer<pii_byte_set>
    private let shortest: Int
    private let longest: Int

    /// Nil when the filter has no literal (no line qualifies).
    init?(_ filter: RuleLineFilter) {
        guard !filter.literals.isEmpty, filter.literals.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.filter = filter
        let last = Set(filter.literals.map { $0[$0.count - 1] })
        // A one-byte literal (the rule parser allows none) has no previous byte to require.
        let penultimate: Set<UInt8> = filter.literals.contains { $0.count < 2 }
            ? Set(0...255) : Set(filter.literals.map { $0[$0.count - 2] })
        lastBytes = .allocate(capacity: 1)
        lastBytes.initialize(to: pii_byte_set { last.contains(UInt8($0)) })
        notPenultimate = .allocate(capacity: 1)
        notPenultimate.initialize(to: pii_byte_set { !penultimate.contains(UInt8($0)) })
        shortest = filter.literals.map(\.count).min()!
        longest = filter.literals.map(\.count).max()!
    }

    deinit {
        lastBytes.deallocate()
        notPenultimate.deallocate()
    }

    /// The first position in `[from, limit)` where one of the literals starts and an ASCII digit
    /// follows within `digitWithin` bytes of its end, on the same line.
    func first(in subject: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        // Literal ends: a literal starting at s < limit ends (last byte) before limit + longest - 1.
        let endLimit = min(subject.count, limit + longest - 1)
        var best: Int? = nil
        var chunkStart = from + shortest - 1
        // Chunks grow from 256 bytes to 4 KiB: the caller asks again after each qualifying line,
        // and a literal is usually close, so most of a big first chunk would be classified in vain.
        var chunk = 256
        let largest = 4096
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: largest / 64) { masks -> Int? in
            while chunkStart < endLimit {
                let chunkEnd = min(endLimit, chunkStart + chunk)
                chunk = min(largest, 2 * chunk)
                pii_candidate_mask(bytes, chunkStart, chunkEnd, lastBytes, notPenultimate, masks.baseAddress!)
                for word in 0..<((chunkEnd - chunkStart + 63) / 64) {
                    var mask = masks[word]
                    while mask != 0 {
                        let end = chunkStart + 64 * word + mask.trailingZeroBitCount
                        mask &= mask &- 1
                        // A later end can still belong to an earlier start only within `longest`.
                        if let found = best, end >= found + longest - 1 { return found }
                        if let start = qualifyingStart(endingAt: end, bytes, count: subject.count, from: from, limit: limit),
                            best.map({ start < $0 }) ?? true
                        {
                            best = start
                        }
                    }
                }
                // The ends still to come start at `chunkEnd`: none can beat a start found here.
                if let found = best, chunkEnd >= found + longest - 1 { return found }
                chunkStart = chunkEnd
            }
            return best
        }
    }

    /// The earliest start of a literal whose last byte is at `end`, that starts in `[from, limit)`
    /// and is followed closely enough by a digit.
    @inline(__always)
    private func qualifyingStart(
        endingAt end: Int, _ bytes: UnsafePointer<UInt8>, count: Int, from: Int, limit: Int
    ) -> Int? {
        var best: Int? = nil
        for literal in filter.literals {
            let start = end - literal.count + 1
            guard start >= from, start < limit, best.map({ start < $0 }) ?? true else { continue }
            var equal = true
            for offset in 0..<literal.count where bytes[start + offset] != literal[offset] {
                equal = false
                break
            }
            guard equal else { continue }
            var digit = end + 1
            let digitEnd = min(count, end + 1 + filter.digitWithin + 1)
            while digit < digitEnd && bytes[digit] &- 0x30 > 9 && bytes[digit] != 0x0A { digit += 1 }
            if digit < digitEnd && bytes[digit] &- 0x30 <= 9 { best = start }
        }
        return best
    }
}
