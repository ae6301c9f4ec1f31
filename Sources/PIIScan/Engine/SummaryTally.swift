import PIIModel

/// Counts reported findings into a ``ScanSummary`` as ``ScanSummary/add(_:)`` does, for the
/// engine's one call per finding: that method hashes the path and the category into four
/// dictionaries each time; the tally counts the findings of the current path in a short list
/// (equal-string checks) and folds it into the summary's dictionaries when the path changes.
/// The exposure sketch still sees every finding, in order.
struct SummaryTally {
    private var path: String?
    private var counts: [(category: Category, verdict: Verdict, count: Int)] = []

    /// Counts `finding` (already admitted by the policy) into `summary`; the per-category,
    /// per-verdict and per-file counts reach it with the next ``flush(into:)``.
    mutating func add(_ finding: Finding, to summary: inout ScanSummary) {
        if finding.path != path {
            flush(into: &summary)
            path = finding.path
        }
        if let index = counts.firstIndex(where: { $0.category == finding.category && $0.verdict == finding.verdict }) {
            counts[index].count += 1
        } else {
            counts.append((finding.category, finding.verdict, 1))
        }
        summary.exposure.add(finding)
    }

    /// Moves the pending counts into `summary`; call before the summary is read.
    mutating func flush(into summary: inout ScanSummary) {
        if let path, !counts.isEmpty {
            for entry in counts {
                summary.counts[entry.category, default: 0] += entry.count
                summary.verdicts[entry.verdict, default: 0] += entry.count
                summary.perFile[path, default: [:]][entry.category, default: 0] += entry.count
            }
        }
        counts.removeAll(keepingCapacity: true)
    }
}
