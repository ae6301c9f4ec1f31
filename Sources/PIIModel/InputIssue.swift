/// Something that happened to one input: an error that stopped it from being read completely,
/// or a note that it was deliberately skipped (binary file, special file).
public struct InputIssue: Sendable, Equatable {
    /// How serious the issue is.
    public enum Kind: String, Sendable {
        /// The input was not read completely: the scan is incomplete (exit code 2).
        case error
        /// The input was skipped on purpose (binary, FIFO, …); the scan is still complete.
        case skipped
    }
    public var kind: Kind
    public var path: String
    /// A message that names the problem and, where possible, the fix. Never holds a scanned value.
    public var message: String

    /// The pseudo-paths of issues about a whole scan rather than one input: an interruption
    /// (`(scan)`) and a failure of git's output in `--staged`/`--diff` (`(git)`).
    public static let scanPath = "(scan)"
    public static let gitPath = "(git)"

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }
}
