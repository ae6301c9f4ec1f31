import CScanKernels
import PIIRules

/// Where a context rule's match may start (its ``RuleStartFilter``, checked by the rule alone on
/// the lines it searches): a start byte, not after a byte the filter blocks, from which the
/// stretch of the shape's units and separators holds at least its minimum of units (the gap
/// limit is not checked: a weaker, still necessary condition), and with no more ASCII digits in a
/// row than its `max_digits`. For the BRN rule: the first digit of a run of at most ten digits
/// in a stretch of at least ten digits and dashes (not a 13-digit stamp, a 14-digit order
/// number). The vector kernel of the start pass (`pii_candidate_mask`) marks the starts 4 KiB
/// at a time; only those are looked at.
final class ContextStarts: @unchecked Sendable {
    // SAFETY: immutable after init; the byte sets are read-only allocations.
    /// Per byte: bit 2 a unit, bit 3 a separator.
    private let classes: [UInt8]
    private let minUnits: Int
    private let maxDigits: Int
    private let starts: UnsafeMutablePointer<pii_byte_set>
    private let blocks: UnsafeMutablePointer<pii_byte_set>

    init(_ filter: RuleStartFilter) {
        var classes = [UInt8](repeating: 0, count: 256)
        for byte in filter.units { classes[Int(byte)] |= 4 }
        for byte in filter.separators.subtracting(filter.units) { classes[Int(byte)] |= 8 }
        self.classes = classes
        minUnits = filter.minUnits
        maxDigits = filter.maxDigits
        starts = .allocate(capacity: 1)
        starts.initialize(to: pii_byte_set { filter.bytes.contains(UInt8($0)) })
        blocks = .allocate(capacity: 1)
        blocks.initialize(to: pii_byte_set { filter.notAfter.contains(UInt8($0)) })
    }

    deinit {
        starts.deallocate()
        blocks.deallocate()
    }

    /// Calls `body` with the positions in `[from, cut)` where a match may start, in increasing
    /// order; `body` returns the position to go on from (past the one it was given).
    func forEach(in subject: UnsafeRawBufferPointer, from: Int, cut: Int, _ body: (Int) -> Int) {
        guard from < cut else { return }
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let chunk = 4096
        classes.withUnsafeBufferPointer { classes in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunk / 64) { masks in
                var next = from  // starts before this are passed over
                var stretchEnd = from  // no start before this (in the last stretch counted) has enough units
                var chunkStart = from
                while chunkStart < cut {
                    let chunkEnd = min(cut, chunkStart + chunk)
                    pii_candidate_mask(bytes, chunkStart, chunkEnd, starts, blocks, masks.baseAddress!)
                    for word in 0..<((chunkEnd - chunkStart + 63) / 64) {
                        var mask = masks[word]
                        while mask != 0 {
                            let index = chunkStart + 64 * word + mask.trailingZeroBitCount
                            mask &= mask &- 1
                            guard index >= next, index >= stretchEnd else { continue }
                            if maxDigits > 0 {
                                var run = 0
                                while run <= maxDigits && index + run < subject.count && isASCIIDigit(bytes[index + run]) { run += 1 }
                                if run > maxDigits { continue }
                            }
                            if minUnits > 0 {
                                var units = 0
                                var end = index
                                while end < subject.count, case let kind = classes[Int(bytes[end])], kind & 12 != 0 {
                                    if kind & 4 != 0 { units += 1 }
                                    if units >= minUnits { break }
                                    end += 1
                                }
                                // A later start in the same stretch has no more units ahead of it.
                                guard units >= minUnits else {
                                    stretchEnd = end
                                    continue
                                }
                            }
                            next = body(index)
                        }
                    }
                    chunkStart = chunkEnd
                }
            }
        }
    }
}
