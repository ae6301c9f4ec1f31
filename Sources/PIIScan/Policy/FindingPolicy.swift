import PIIModel

/// What happens to findings between the detectors and the report: per-category confidence
/// thresholds, the project allowlist and a baseline (`.piiscan.toml`, `--baseline`).
public struct FindingPolicy: Sendable {
    /// Minimum confidence per category (a base category also sets its `-masked` look-alike);
    /// categories not listed use `defaultMinConfidence`. The scan's own
    /// ``ScanConfiguration/minConfidence`` must be at most the lowest of these (see ``lowestMinimum``).
    public var minConfidenceByCategory: [Category: Double] = [:]
    /// The threshold of categories not in `minConfidenceByCategory` (the user's `--min-confidence`).
    public var defaultMinConfidence: Double = 0
    /// Fingerprints of allowlisted values (test numbers): such findings are counted, not reported.
    public var allowedFingerprints: Set<Fingerprint> = []
    /// Accepted findings: counted, not reported.
    public var baseline: Baseline? { didSet { hasBaseline = baseline != nil } }
    /// `baseline != nil`, kept: ``isEmpty`` is asked for every finding, and comparing the optional
    /// copies the whole baseline.
    private var hasBaseline = false

    public init() {}

    /// Why a finding is (not) reported.
    public enum Decision: Sendable, Equatable {
        case report
        /// Covered by a `piiscan:allow` comment.
        case suppressed
        /// Below its category's minimum confidence: as if never found.
        case belowThreshold
        case allowlisted
        case baselined
    }

    /// Whether the policy does anything beyond inline suppression.
    public var isEmpty: Bool { minConfidenceByCategory.isEmpty && allowedFingerprints.isEmpty && !hasBaseline }

    /// The decision for `finding`.
    public func decide(_ finding: Finding) -> Decision {
        if !minConfidenceByCategory.isEmpty {
            let category = finding.category
            let base = category.base
            let minimum = minConfidenceByCategory[category] ?? minConfidenceByCategory[base] ?? defaultMinConfidence
            if finding.confidence < minimum { return .belowThreshold }
        }
        if finding.suppressed { return .suppressed }
        if allowedFingerprints.contains(finding.fingerprint) { return .allowlisted }
        if let baseline, baseline.contains(finding) { return .baselined }
        return .report
    }

    /// The lowest threshold any category uses: what the detectors must let through.
    public var lowestMinimum: Double { minConfidenceByCategory.values.reduce(defaultMinConfidence, min) }
}

extension ScanConfiguration {
    /// Applies inline suppression and the policy to a finding about to be reported: returns
    /// whether to report it, and counts the ones held back in `summary`.
    public func admit(_ finding: Finding, counting summary: inout ScanSummary) -> Bool {
        guard finding.suppressed || !policy.isEmpty else { return true }
        switch policy.decide(finding) {
        case .report: return true
        case .belowThreshold: return false
        case .suppressed: summary.suppressed += 1
        case .allowlisted: summary.allowlisted += 1
        case .baselined: summary.baselined += 1
        }
        return false
    }
}
