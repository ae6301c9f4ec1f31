/// Distinct values of one category, counted from keyed 64-bit hashes (never plaintext), in
/// bounded memory, and mergeable exactly.
///
/// Up to ``capacity`` distinct values it is exact: it keeps every hash with its number of
/// occurrences, so the distinct count `d` and the frequency-of-frequencies `f1` (values seen
/// once) and `f2` (seen twice) used by the extrapolation are exact. Beyond that it keeps a
/// *hash-defined sample* — the values whose hash has at least `level` trailing zero bits, each
/// with its exact count — and a ``HyperLogLog`` of all values: `d` comes from the HyperLogLog and
/// `f1`, `f2` are the sample's, scaled to `d`.
///
/// Merging is exact: the result equals the sketch of one scan over both inputs, whatever the
/// order, because which values are sampled depends only on their hashes and the final level is
/// the smallest one at which the sample of *all* values fits the capacity.
public struct DistinctSketch: Sendable, Equatable {
    /// Sampling level: hashes with fewer trailing zero bits are not kept (0 = all kept, exact).
    public private(set) var level: Int = 0
    /// The sampled hashes and how often each occurred.
    public private(set) var sample: [UInt64: UInt32] = [:]
    /// All values, once the sample no longer holds them all (`level > 0`).
    public private(set) var hyperLogLog: HyperLogLog?
    /// Occurrences added (findings), sampled or not.
    public private(set) var occurrences: Int64 = 0
    /// The most hashes kept in the sample.
    public let capacity: Int

    /// The default capacity: exact up to 65,536 distinct values per category (~2.5 MB at most).
    public static let defaultCapacity = 1 << 16

    public init(capacity: Int = DistinctSketch.defaultCapacity) {
        precondition(capacity >= 16, "capacity must be at least 16")
        self.capacity = capacity
    }

    /// Restores a serialised sketch; `nil` when the parts are inconsistent.
    public init?(level: Int, sample: [UInt64: UInt32], hyperLogLog: HyperLogLog?, occurrences: Int64, capacity: Int) {
        guard capacity >= 16, (0...64).contains(level), (level == 0) == (hyperLogLog == nil), sample.count <= capacity,
            sample.keys.allSatisfy({ $0.trailingZeroBitCount >= level })
        else { return nil }
        self.level = level
        self.sample = sample
        self.hyperLogLog = hyperLogLog
        self.occurrences = occurrences
        self.capacity = capacity
    }

    /// Whether `d`, `f1` and `f2` are exact (every distinct value is held).
    public var isExact: Bool { level == 0 }

    /// Records one occurrence of the value with this keyed hash.
    public mutating func add(hash: UInt64) {
        occurrences += 1
        hyperLogLog?.add(hash: hash)
        guard hash.trailingZeroBitCount >= level else { return }
        sample[hash, default: 0] &+= 1
        if sample.count > capacity { raiseLevel() }
    }

    /// Makes this the sketch of both inputs together.
    public mutating func merge(_ other: DistinctSketch) {
        occurrences += other.occurrences
        if level > 0 || other.level > 0 {
            var union = hyperLogLog ?? Self.hyperLogLog(of: sample)
            union.merge(other.hyperLogLog ?? Self.hyperLogLog(of: other.sample))
            hyperLogLog = union
        }
        let target = max(level, other.level)
        for (hash, count) in other.sample where hash.trailingZeroBitCount >= target {
            sample[hash, default: 0] &+= count
        }
        if target > level {
            level = target
            sample = sample.filter { $0.key.trailingZeroBitCount >= target }
        }
        while sample.count > capacity { raiseLevel() }
    }

    /// Estimated number of distinct values (exact while ``isExact``): never fewer than the sample
    /// proves, nor more than the occurrences (an estimate of all-distinct values may exceed them).
    public var distinct: Double {
        guard let hyperLogLog else { return Double(sample.count) }
        return min(max(hyperLogLog.estimate, Double(sample.count)), Double(occurrences))
    }

    /// Values seen exactly once (`f1`) and exactly twice (`f2`), estimated from the sample when
    /// it is not exact (scaled to ``distinct``, and so that `f1 + 2·f2` is at most the occurrences).
    public var frequencies: (f1: Double, f2: Double) {
        var once = 0
        var twice = 0
        for count in sample.values {
            if count == 1 { once += 1 } else if count == 2 { twice += 1 }
        }
        guard !isExact, !sample.isEmpty else { return (Double(once), Double(twice)) }
        let d = distinct
        let (f1, f2) = (d * Double(once) / Double(sample.count), d * Double(twice) / Double(sample.count))
        let shrink = min(1, Double(occurrences) / max(1, f1 + 2 * f2))
        return (min(d, f1 * shrink), f2 * shrink)
    }

    private mutating func raiseLevel() {
        if hyperLogLog == nil { hyperLogLog = Self.hyperLogLog(of: sample) }
        while sample.count > capacity {
            level += 1
            let minimum = level
            sample = sample.filter { $0.key.trailingZeroBitCount >= minimum }
        }
    }

    private static func hyperLogLog(of sample: [UInt64: UInt32]) -> HyperLogLog {
        var sketch = HyperLogLog()
        for hash in sample.keys { sketch.add(hash: hash) }
        return sketch
    }
}
