import PIIModel

/// Remembers the fingerprints of the values one worker saw last, so that HMAC-SHA-256 runs once
/// per distinct value instead of once per finding (masked look-alikes such as `010-****-5678`
/// and repeated values recur thousands of times in a log). Per worker, in memory only, bounded:
/// it is emptied when full. The fingerprint itself is unchanged (same key, same MAC input).
struct FingerprintCache {
    private struct Key: Hashable {
        let category: Category
        let canonical: [UInt8]

        /// The bytes in one call: `[UInt8]`'s own hashing feeds the hasher byte by byte, which
        /// cost more than the lookup saved for values seen once (most database cells).
        func hash(into hasher: inout Hasher) {
            hasher.combine(category)
            canonical.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
    private var entries: [Key: Fingerprint] = [:]
    /// Most distinct values kept.
    static let capacity = 4096

    mutating func fingerprint(_ fingerprinter: Fingerprinter, category: Category, canonical: [UInt8]) -> Fingerprint {
        let key = Key(category: category, canonical: canonical)  // no copy of the bytes
        if let known = entries[key] { return known }
        let value = fingerprinter.fingerprint(category: category, canonical: canonical)
        if entries.count >= FingerprintCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
        return value
    }
}
