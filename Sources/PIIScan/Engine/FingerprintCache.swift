#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

/// Remembers the fingerprints of the values one worker saw last, so that HMAC-SHA-256 runs once
/// per distinct value instead of once per finding (masked look-alikes such as `010-****-5678`
/// and repeated values recur thousands of times in a log). Per worker, in memory only, bounded:
/// it is emptied when full. The fingerprint itself is unchanged (same key, same MAC input).
///
/// An open-addressing table over a byte arena rather than a `Dictionary`: the lookup runs once
/// per finding, and hashing a category's name and the value's bytes with SipHash (then once
/// more to insert) cost a third of what the cache saved. The hash here is a multiply–xorshift
/// over 8-byte words, seeded per process so that crafted input cannot line values up in one
/// probe chain.
///
/// Values that never recur (a customer table: one phone, e-mail and address per row) make the
/// cache pure cost, 3 % of such a scan: when a full table has served fewer than one lookup in
/// ``minimumHitRate``, lookups bypass it for the next ``bypassLength`` values, then it fills
/// again to see whether the values have started to recur.
struct FingerprintCache {
    /// Most distinct values kept.
    static let capacity = 4096
    /// Slots: a power of two, twice the capacity (probe chains stay short).
    private static let slotCount = 2 * capacity

    private struct Entry {
        /// 0: an empty slot (a computed hash of 0 is stored as 1).
        var hash: UInt64 = 0
        var category: Int32 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        var fingerprint = Fingerprint(macHigh: 0, low: 0)
    }
    private var entries = [Entry](repeating: Entry(), count: FingerprintCache.slotCount)
    /// The values' bytes, one after another.
    private var arena: [UInt8] = []
    /// The categories seen (a handful), numbered by position.
    private var categories: [Category] = []
    private var count = 0
    private let seed = UInt64.random(in: 1...UInt64.max)
    /// Hits since the table was last emptied.
    private var hits = 0
    /// Lookups left to bypass the table (0: it is in use).
    private var bypassLeft = 0
    /// A full table that served fewer hits than one per this many values is bypassed.
    static let minimumHitRate = 8
    /// How many values a bypass lasts.
    static let bypassLength = 16 * capacity
    /// Whether the last lookup went around the table (for tests).
    private(set) var bypassed = false

    mutating func fingerprint(_ fingerprinter: Fingerprinter, category: Category, canonical: [UInt8]) -> Fingerprint {
        bypassed = bypassLeft > 0
        if bypassed {
            bypassLeft -= 1
            return fingerprinter.fingerprint(category: category, canonical: canonical)
        }
        let number: Int
        if let known = categories.firstIndex(of: category) {
            number = known
        } else {
            number = categories.count
            categories.append(category)
        }
        let hash = canonical.withUnsafeBytes { FingerprintCache.hash($0, category: number, seed: seed) }
        let mask = FingerprintCache.slotCount - 1
        var slot = Int(truncatingIfNeeded: hash >> 32) & mask
        while entries[slot].hash != 0 {
            if entries[slot].hash == hash && entries[slot].category == Int32(number) && holds(entries[slot], canonical) {
                hits += 1
                return entries[slot].fingerprint
            }
            slot = (slot + 1) & mask
        }
        let value = fingerprinter.fingerprint(category: category, canonical: canonical)
        // Full, or (values of megabytes) an arena past what the 32-bit offsets address.
        if count >= FingerprintCache.capacity || arena.count + canonical.count > Int(Int32.max) {
            // Filled with `count` misses, having served `hits`.
            if hits * FingerprintCache.minimumHitRate < count { bypassLeft = FingerprintCache.bypassLength }
            for index in entries.indices { entries[index].hash = 0 }
            arena.removeAll(keepingCapacity: true)
            count = 0
            hits = 0
            slot = Int(truncatingIfNeeded: hash >> 32) & mask
        }
        entries[slot] = Entry(
            hash: hash, category: Int32(number), start: Int32(arena.count), length: Int32(canonical.count), fingerprint: value)
        arena += canonical
        count += 1
        return value
    }

    /// Whether `entry` holds the bytes `canonical`.
    private func holds(_ entry: Entry, _ canonical: [UInt8]) -> Bool {
        guard Int(entry.length) == canonical.count else { return false }
        return arena.withUnsafeBytes { stored in
            canonical.withUnsafeBytes { value in
                value.count == 0 || memcmp(stored.baseAddress! + Int(entry.start), value.baseAddress!, value.count) == 0
            }
        }
    }

    /// A 64-bit hash of `bytes` and the category's number (never 0).
    private static func hash(_ bytes: UnsafeRawBufferPointer, category: Int, seed: UInt64) -> UInt64 {
        @inline(__always) func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
            return mixed ^ (mixed >> 31)
        }
        var state = mix(seed, UInt64(bytes.count) << 32 | UInt64(category))
        var offset = 0
        while offset + 8 <= bytes.count {
            state = mix(state, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
            state = mix(state, tail)
        }
        state = (state ^ (state >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        return state == 0 ? 1 : state
    }
}
