/// What validation concluded about a candidate.
public enum Verdict: String, Sendable, Comparable, CaseIterable {
    /// The value failed validation (impossible date, bad numbering plan, …); never reported.
    case rejected
    /// The shape is right and nothing contradicts it, but no check digit confirms it.
    case plausible
    /// A check digit or equally strong evidence confirms the value.
    case confirmed

    private var rank: Int {
        switch self {
        case .rejected: 0
        case .plausible: 1
        case .confirmed: 2
        }
    }
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}
