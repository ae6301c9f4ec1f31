import Synchronization

/// A process-wide stop request (SIGINT/SIGTERM): workers stop at the next window or unit, the
/// report is finished with what was scanned and marked incomplete.
public enum Interruption {
    /// Lock-free, so `request()` may be called from a signal handler.
    private static let flag = Atomic<Bool>(false)

    /// Asks the running scan to stop. Async-signal-safe.
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Whether a stop was requested.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Withdraws a request (tests: the flag is process-wide).
    static func reset() { flag.store(false, ordering: .relaxed) }
}
