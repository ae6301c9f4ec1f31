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
    /// The literals' last bytes, for a look-up before comparing (marks from ``WindowMasks`` are
    /// those of every line-filter rule).
    private let isLastByte: [Bool]
    /// One bit per (next-to-last, last) byte pair that ends a literal (every pair for a
    /// one-byte literal), and the literals by last byte: the vector pass marks the union of
    /// next-to-last bytes before the union of last bytes, which for ASCII words (`account`,
    /// `tax`, `bank`) is most letter pairs of English text.
    private let endPairs: [UInt64]
    private let byLastByte: [[Int]]
    /// A rule's one or two long literals (four bytes or more: `CTCE`, an airline record's
    /// element), which most windows do not hold at all: a vector search for them (`pii_find`)
    /// first spares the walk over every other rule's marks (a pass of its own per window). Nil
    /// otherwise.
    let prescreen: [[UInt8]]?

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
        isLastByte = (0..<256).map { last.contains(UInt8($0)) }
        var endPairs = [UInt64](repeating: 0, count: 1024)
        var byLastByte = [[Int]](repeating: [], count: 256)
        for (number, literal) in filter.literals.enumerated() {
            let lastByte = Int(literal[literal.count - 1])
            byLastByte[lastByte].append(number)
            for previous in literal.count < 2 ? Array(0..<256) : [Int(literal[literal.count - 2])] {
                let pair = previous << 8 | lastByte
                endPairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        self.endPairs = endPairs
        self.byLastByte = byLastByte
        prescreen = filter.literals.count <= 2 && filter.literals.allSatisfy({ $0.count >= 4 }) ? filter.literals : nil
    }

    /// Whether `subject` from `from` on may hold a literal: false only when a ``prescreen`` says
    /// it holds none.
    func mayHoldLiteral(_ subject: UnsafeRawBufferPointer, from: Int) -> Bool {
        guard let prescreen, from < subject.count else { return true }
        return prescreen.contains { literal in
            pii_find(subject.baseAddress!.assumingMemoryBound(to: UInt8.self), from, subject.count, literal, literal.count) >= 0
        }
    }

    deinit {
        lastBytes.deallocate()
        notPenultimate.deallocate()
    }

    /// The first position in `[from, limit)` where one of the literals starts and an ASCII digit
    /// follows within `digitWithin` bytes of its end, on the same line (any literal, without
    /// `digitWithin`).
    func first(in subject: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        var found: Int? = nil
        forEach(in: subject, from: from, limit: limit) { start in
            found = start
            return nil
        }
        return found
    }

    /// Calls `body` with the positions in `[from, limit)` where a literal starts and qualifies
    /// (as for ``first(in:from:limit:)``), in increasing order. `body` returns where the search
    /// goes on (starts before it are skipped; at least one past the start it was given), or `nil`
    /// to stop.
    ///
    /// One pass for a whole window: asking ``first(in:from:limit:)`` again after each qualifying
    /// line classified the bytes past that line again and again (chunks grow, the next line is
    /// close), which cost more than the regexes run on the lines.
    ///
    /// With `shared`, the candidate marks are read from masks computed once for the window and
    /// every line-filter rule (``WindowMasks``) instead of being computed for this rule alone.
    func forEach(in subject: UnsafeRawBufferPointer, from: Int, limit: Int, shared: WindowMasks? = nil, _ body: (Int) -> Int?) {
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        // Literal ends: a literal starting at s < limit ends (last byte) before limit + longest - 1.
        let endLimit = min(subject.count, limit + longest - 1)
        var from = from
        var best: Int? = nil  // the earliest qualifying start found and not yet handed over
        var chunkStart = from + shortest - 1  // the next end to look at
        // The first chunk is small: a caller that stops at the first start usually finds it close.
        var chunk = 256
        let largest = 4096
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: largest / 64) { masks in
            /// Hands `start` to `body` once the ends up to `lookedAt` were looked at; false to stop.
            /// Otherwise returns with `chunkStart` at the first end the search goes on from (the
            /// current chunk's end: go on with it).
            func deliver(_ start: Int, lookedAt: Int, chunkEnd: Int) -> Bool {
                best = nil
                guard let next = body(start) else { return false }
                precondition(next > start, "the search must move forward")
                from = next
                let resume = next + shortest - 1
                // Only the earliest start is kept: the others found with ends up to `lookedAt`
                // are looked for again when `next` leaves them in play (rare: the caller skips to
                // the end of a line). A `next` within the chunk's rest: go on with it.
                chunkStart = resume > lookedAt && resume < chunkEnd ? chunkEnd : resume
                return true
            }
            repeat {
                chunks: while chunkStart < endLimit {
                    let base = chunkStart
                    let chunkEnd = min(endLimit, base + chunk)
                    chunk = min(largest, 2 * chunk)
                    chunkStart = chunkEnd
                    if let shared {
                        shared.extract(from: base, to: chunkEnd, into: masks.baseAddress!)
                    } else {
                        pii_candidate_mask(bytes, base, chunkEnd, lastBytes, notPenultimate, masks.baseAddress!)
                    }
                    for word in 0..<((chunkEnd - base + 63) / 64) {
                        var mask = masks[word]
                        while mask != 0 {
                            let end = base + 64 * word + mask.trailingZeroBitCount
                            mask &= mask &- 1
                            // A later end can still belong to an earlier start only within `longest`.
                            if let found = best, end >= found + longest - 1 {
                                guard deliver(found, lookedAt: end - 1, chunkEnd: chunkEnd) else { return }
                                if chunkStart != chunkEnd { continue chunks }
                            }
                            if let start = qualifyingStart(endingAt: end, bytes, count: subject.count, from: from, limit: limit),
                                best.map({ start < $0 }) ?? true
                            {
                                best = start
                                // Handed over at once when no later end can start earlier (literals
                                // of one length: always), before the caller's next line is passed.
                                if start + longest - 1 <= end + 1 {
                                    guard deliver(start, lookedAt: end, chunkEnd: chunkEnd) else { return }
                                    if chunkStart != chunkEnd { continue chunks }
                                }
                            }
                        }
                    }
                    // The ends still to come start at `chunkEnd`: none can beat a start found here.
                    if let found = best, chunkEnd >= found + longest - 1 {
                        guard deliver(found, lookedAt: chunkEnd - 1, chunkEnd: chunkEnd) else { return }
                    }
                }
                // All ends looked at: the last start found, if any, and on if `body` asks for ends
                // already passed.
                guard let found = best, deliver(found, lookedAt: endLimit - 1, chunkEnd: endLimit) else { return }
            } while chunkStart < endLimit
        }
    }

    /// The earliest start of a literal whose last byte is at `end`, that starts in `[from, limit)`
    /// and is followed closely enough by a digit.
    @inline(__always)
    private func qualifyingStart(
        endingAt end: Int, _ bytes: UnsafePointer<UInt8>, count: Int, from: Int, limit: Int
    ) -> Int? {
        guard isLastByte[Int(bytes[end])] else { return nil }
        if end > 0 {
            let pair = Int(bytes[end - 1]) << 8 | Int(bytes[end])
            guard endPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return nil }
        }
        var best: Int? = nil
        for number in byLastByte[Int(bytes[end])] {
            let literal = filter.literals[number]
            let start = end - literal.count + 1
            guard start >= from, start < limit, best.map({ start < $0 }) ?? true else { continue }
            var equal = true
            for offset in 0..<literal.count where bytes[start + offset] != literal[offset] {
                equal = false
                break
            }
            guard equal else { continue }
            guard let digitWithin = filter.digitWithin else {
                best = start
                continue
            }
            var digit = end + 1
            let digitEnd = min(count, end + 1 + digitWithin + 1)
            while digit < digitEnd && bytes[digit] &- 0x30 > 9 && bytes[digit] != 0x0A { digit += 1 }
            if digit < digitEnd && bytes[digit] &- 0x30 <= 9 { best = start }
        }
        return best
    }
}

/// The candidate marks of every line-filter rule's literals over one window, computed once: the
/// union of their last bytes, after the union of their next-to-last bytes. Each rule's
/// ``LiteralFinder/forEach(in:from:limit:shared:_:)`` reads them (and rejects the marks of
/// other rules' literals by their last byte) instead of classifying every byte of the window
/// again — one pass over a window instead of one per address rule.
final class WindowMasks {
    private let lastBytes: UnsafeMutablePointer<pii_byte_set>
    private let notPenultimate: UnsafeMutablePointer<pii_byte_set>
    private let words: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    /// Buffer index of the first marked position (a multiple of 64) and the end of the marks;
    /// `end < 0`: nothing computed for the current window.
    private var origin = 0
    private var end = -1
    /// The scanner's other marks of its windows (the context words' for the address rules', and
    /// back), computed in the same pass: a window needs both, and one pass loads and splits each
    /// byte once for the two pairs of byte sets. Weak: the two refer to each other.
    weak var partner: WindowMasks?

    /// Nil unless at least two filters share the work, each with literals of two bytes or more
    /// (as rule files require). `bufferSize`: the largest window.
    init?(_ filters: [RuleLineFilter], bufferSize: Int) {
        guard filters.count >= 2, filters.allSatisfy({ !$0.literals.isEmpty && $0.literals.allSatisfy { $0.count >= 2 } }) else {
            return nil
        }
        let last = Set(filters.flatMap { $0.literals.map { $0[$0.count - 1] } })
        let penultimate = Set(filters.flatMap { $0.literals.map { $0[$0.count - 2] } })
        lastBytes = .allocate(capacity: 1)
        lastBytes.initialize(to: pii_byte_set { last.contains(UInt8($0)) })
        notPenultimate = .allocate(capacity: 1)
        notPenultimate.initialize(to: pii_byte_set { !penultimate.contains(UInt8($0)) })
        capacity = bufferSize / 64 + 2
        words = .allocate(capacity: capacity)
    }

    deinit {
        lastBytes.deallocate()
        notPenultimate.deallocate()
        words.deallocate()
    }

    /// Forgets the marks (the window moved).
    func invalidate() { end = -1 }

    /// Computes the marks of `subject` from `from` on, unless they are there already.
    func prepare(_ subject: UnsafeRawBufferPointer, from: Int) {
        if end == subject.count && origin <= from { return }
        origin = from & ~63
        let count = (subject.count - origin + 63) / 64
        precondition(count + 1 <= capacity, "window larger than the buffer")
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if let partner, partner.capacity == capacity, partner.end != subject.count || partner.origin > origin {
            // The partner's marks from the same origin on: its own `prepare` uses them when asked
            // from there or later, and computes its own (alone) when asked from further back.
            pii_candidate_mask_pair(
                bytes, origin, subject.count, lastBytes, notPenultimate, words, partner.lastBytes, partner.notPenultimate, partner.words)
            partner.origin = origin
            partner.words[count] = 0
            partner.end = subject.count
        } else {
            pii_candidate_mask(bytes, origin, subject.count, lastBytes, notPenultimate, words)
        }
        words[count] = 0  // read by `extract` past the last word
        end = subject.count
    }

    /// The marks of `[base, limit)` (within the prepared range) as `pii_candidate_mask` writes
    /// them: bit k of word w for position base + 64 w + k, none at or past `limit`.
    @inline(__always)
    func extract(from base: Int, to limit: Int, into out: UnsafeMutablePointer<UInt64>) {
        precondition(base >= origin && limit <= end && base < limit)
        let count = (limit &- base &+ 63) &>> 6
        var source = words + ((base &- origin) &>> 6)
        let shift = UInt64((base &- origin) & 63)
        if shift == 0 {
            out.update(from: source, count: count)
        } else {
            // Each word from two: the rest of one and the start of the next (`prepare` leaves a
            // zero word after the last).
            var target = out
            var low = source.pointee
            for _ in 0..<count {
                source += 1
                let high = source.pointee
                target.pointee = (low &>> shift) | (high &<< (64 &- shift))
                low = high
                target += 1
            }
        }
        let tail = (limit &- base) & 63
        if tail != 0 { out[count &- 1] &= (1 &<< UInt64(tail)) &- 1 }
    }
}
