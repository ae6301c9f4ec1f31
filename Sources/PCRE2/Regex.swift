import CPCRE2

/// A PCRE2 pattern compiled once (with JIT) and shared read-only between threads.
///
/// Matching needs a ``MatchData`` per thread; the compiled code itself is immutable after
/// compilation and JIT compilation, which is what makes sharing it safe.
public final class Regex: @unchecked Sendable {
    // SAFETY: `code` is written only in `init` and freed in `deinit`; PCRE2 documents compiled
    // patterns (including JIT code) as safe for concurrent matching from several threads.
    let code: OpaquePointer
    /// The pattern text, for error messages.
    public let pattern: String
    /// Whether JIT compilation succeeded (matching falls back to the interpreter otherwise).
    public let isJITCompiled: Bool

    /// Compile options used for every pattern: UTF-8 that tolerates invalid bytes, ASCII
    /// `\d`/`\w`/`\b` (no `UCP`: faster, and Hangul next to a number stays a boundary).
    public static let defaultOptions: UInt32 = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF)

    /// The options the pattern was compiled with (`PCRE2_INFO_ARGOPTIONS`).
    var compileOptions: UInt32 {
        var options: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_ARGOPTIONS), &options)
        return options
    }

    /// Compiles `pattern`.
    /// - Parameters:
    ///   - anchored: compile an anchored variant (the JIT ignores `PCRE2_ANCHORED` at match time).
    ///   - caseless: case-insensitive matching.
    /// - Throws: ``PCRE2Error/compile(message:offset:)`` with the offset of the problem.
    public init(_ pattern: String, anchored: Bool = false, caseless: Bool = false) throws {
        var options = Regex.defaultOptions
        // An anchored variant is tried at one position: the start-up optimizations only cost
        // there. The "required code unit" check scans ahead for the pattern's last literal (an
        // e-mail domain's `.`) up to thousands of bytes, at every try — 100,000 instructions
        // per `@` in text like `user@host` without a dot nearby.
        if anchored { options |= UInt32(PCRE2_ANCHORED) | UInt32(PCRE2_NO_START_OPTIMIZE) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled: OpaquePointer? = pattern.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) { bytes in
                pcre2_compile_8(bytes, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PCRE2Error.compile(message: PCRE2Error.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        self.pattern = pattern
        isJITCompiled = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// Number of capture groups in the pattern.
    public var captureCount: Int {
        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        return Int(count)
    }

    /// A lower bound on the length of a match in bytes (0 when the pattern can match the empty string).
    public var minLength: Int {
        var value: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &value)
        return Int(value)
    }

    /// The longest lookbehind in the pattern, in characters (0 when there is none).
    public var maxLookbehind: Int {
        var value: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MAXLOOKBEHIND), &value)
        return Int(value)
    }
}
