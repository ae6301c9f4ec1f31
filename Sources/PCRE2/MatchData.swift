import CPCRE2

/// Per-thread scratch space for matching one ``Regex``: never share a `MatchData` between
/// threads. Matching allocates nothing.
public final class MatchData {
    let pointer: OpaquePointer
    let matchContext: OpaquePointer
    let jitStack: OpaquePointer?
    /// The regex this match data belongs to.
    public let regex: Regex

    /// Limits that bound the work of one match attempt, so a pathological user rule cannot hang
    /// a scan (PCRE2's defaults are 10 million for both).
    public static let matchLimit: UInt32 = 5_000_000
    /// See ``matchLimit``.
    public static let depthLimit: UInt32 = 100_000

    /// Creates match data sized for `regex`.
    public init(for regex: Regex) {
        self.regex = regex
        guard let data = pcre2_match_data_create_from_pattern_8(regex.code, nil),
            let context = pcre2_match_context_create_8(nil)
        else { fatalError("PCRE2: out of memory creating match data") }
        pointer = data
        matchContext = context
        pcre2_set_match_limit_8(context, MatchData.matchLimit)
        pcre2_set_depth_limit_8(context, MatchData.depthLimit)
        // A 1 MiB JIT stack (the default 32 KiB can fail on long address-like runs).
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(pointer)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Finds the first match at or after `start` in `subject`.
    ///
    /// Bytes before `start` are visible to lookbehinds, so pass the preceding context as part of
    /// the subject. Invalid UTF-8 is tolerated (the pattern is compiled with
    /// `PCRE2_MATCH_INVALID_UTF`).
    /// - Returns: the byte range of the whole match, or `nil` when there is none.
    /// - Throws: ``PCRE2Error/matchLimit`` when the backtracking limit was hit, or
    ///   ``PCRE2Error/match(code:message:)`` for other matching errors.
    @inline(__always)
    public func firstMatch(in subject: UnsafeRawBufferPointer, from start: Int) throws -> Range<Int>? {
        guard let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let rc: Int32
        if regex.isJITCompiled {
            rc = pcre2_jit_match_8(regex.code, base, subject.count, start, 0, pointer, matchContext)
        } else {
            rc = pcre2_match_8(
                regex.code, base, subject.count, start, UInt32(PCRE2_NO_UTF_CHECK), pointer, matchContext)
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 {
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
                throw PCRE2Error.matchLimit
            }
            throw PCRE2Error.match(code: rc, message: PCRE2Error.message(for: rc))
        }
        let ovector = pcre2_get_ovector_pointer_8(pointer)!
        return Int(ovector[0])..<Int(ovector[1])
    }

    /// The byte range of capture group `group` of the last successful match, if it took part.
    public func range(ofGroup group: Int) -> Range<Int>? {
        let count = Int(pcre2_get_ovector_count_8(pointer))
        guard group < count else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(pointer)!
        let start = ovector[2 * group]
        guard start >= 0 else { return nil }  // PCRE2_UNSET
        return Int(start)..<Int(ovector[2 * group + 1])
    }
}
