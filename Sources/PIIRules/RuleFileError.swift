/// A rule file that could not be used, with the place and the reason.
public struct RuleFileError: Error, Equatable, CustomStringConvertible {
    /// File path (or `builtin:NAME`).
    public var file: String
    /// 1-based line and column, when known.
    public var line: Int?
    public var column: Int?
    /// The rule concerned, when known.
    public var ruleID: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, ruleID: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.ruleID = ruleID
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let ruleID { return "\(location): rule '\(ruleID)': \(message)" }
        return "\(location): \(message)"
    }
}
