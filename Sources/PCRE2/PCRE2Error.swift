import CPCRE2

/// Errors reported by PCRE2.
public enum PCRE2Error: Error, Equatable, CustomStringConvertible {
    /// The pattern did not compile; `offset` is the byte offset in the pattern.
    case compile(message: String, offset: Int)
    /// The match or depth limit was reached (catastrophic backtracking).
    case matchLimit
    /// Any other matching error.
    case match(code: Int32, message: String)

    public var description: String {
        switch self {
        case .compile(let message, let offset): return "\(message) at offset \(offset)"
        case .matchLimit: return "match limit exceeded (the pattern backtracks too much)"
        case .match(let code, let message): return "PCRE2 error \(code): \(message)"
        }
    }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "unknown PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}
