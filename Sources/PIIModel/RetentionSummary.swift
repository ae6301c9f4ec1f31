/// The retention view: files holding personal data (exposures, not masked look-alikes),
/// grouped by the age of their last modification and by category.
public struct RetentionSummary: Sendable, Equatable {
    /// One age band (`<30d`, `30-90d`, `90-365d`, `1-3y`, `>3y`).
    public struct Band: Sendable, Equatable {
        public var label: String
        /// Files in the band with at least one exposure.
        public var files = 0
        /// Per category: files with findings of it.
        public var filesPerCategory: [Category: Int] = [:]
        /// Per category: findings.
        public var findings: [Category: Int] = [:]

        public init(label: String) { self.label = label }
    }

    /// The age filter in effect (`--older-than`), as given.
    public var olderThan: String?
    /// All bands, youngest first (empty ones included, so reports have a fixed shape).
    public var bands: [Band]

    /// Upper bounds of the bands, in days (the last band is open).
    public static let bandLimits: [(label: String, days: Double)] = [
        ("<30d", 30), ("30-90d", 90), ("90-365d", 365), ("1-3y", 3 * 365), (">3y", .infinity),
    ]

    /// Groups the inputs of `perFile` by the age of their last modification (`ageSeconds` per
    /// path; inputs without one, like standard input, are left out).
    public init(perFile: [String: [Category: Int]], ageSeconds: [String: Double], olderThan: String? = nil) {
        self.olderThan = olderThan
        bands = RetentionSummary.bandLimits.map { Band(label: $0.label) }
        for (path, counts) in perFile {
            guard let age = ageSeconds[path] else { continue }
            let exposures = counts.filter { !$0.key.isMasked && $0.value > 0 }
            guard !exposures.isEmpty else { continue }
            let days = age / 86_400
            let index = RetentionSummary.bandLimits.firstIndex { days < $0.days } ?? bands.count - 1
            bands[index].files += 1
            for (category, count) in exposures {
                bands[index].filesPerCategory[category, default: 0] += 1
                bands[index].findings[category, default: 0] += count
            }
        }
    }
}

extension RetentionSummary {
    /// Adds the bands of `other` (the retention view of other inputs), band by band.
    public mutating func merge(_ other: RetentionSummary) {
        for theirs in other.bands {
            guard let index = bands.firstIndex(where: { $0.label == theirs.label }) else {
                bands.append(theirs)
                continue
            }
            bands[index].files += theirs.files
            for (category, count) in theirs.filesPerCategory { bands[index].filesPerCategory[category, default: 0] += count }
            for (category, count) in theirs.findings { bands[index].findings[category, default: 0] += count }
        }
        if olderThan == nil { olderThan = other.olderThan }
    }
}
