import PIIRules

/// The shared pass of the rules' start filters (``RuleStartFilter``): one walk over a window
/// finds, for every byte, the set of rules whose matches may start there, so that each such rule
/// tries its anchored regex only at those positions instead of letting PCRE2 try every digit.
///
/// Up to 64 rules take part (bit `i` of a mask = the `i`-th participating rule); further rules
/// keep the whole-buffer search. A rule that also has a byte prefilter (``RulePrefilter``, e-mail's
/// `@`) is not collected: it checks ``allows(_:at:bit:)`` at the starts near each anchor instead.
struct StartFilterTable: Sendable {
    /// Bit for each detector index (0 when the detector has no start filter).
    let bit: [UInt64]
    /// Minimum leading digits per detector.
    let digits: [Int]
    /// For each byte: the rules that may start with it.
    private let startMask: [UInt64]
    /// For each byte: the rules that cannot start right after it.
    private let notAfterMask: [UInt64]
    /// Bits of the rules whose candidates ``collect(_:from:cut:into:)`` gathers.
    let all: UInt64

    init(detectors: [Detector]) {
        var bit = [UInt64](repeating: 0, count: detectors.count)
        var digits = [Int](repeating: 0, count: detectors.count)
        var startMask = [UInt64](repeating: 0, count: 256)
        var notAfterMask = [UInt64](repeating: 0, count: 256)
        var next = 0
        var collected: UInt64 = 0
        for (index, detector) in detectors.enumerated() {
            guard let filter = detector.rule.start, detector.anchoredRegex != nil, next < 64 else { continue }
            let b = UInt64(1) << UInt64(next)
            next += 1
            bit[index] = b
            if detector.rule.prefilter == nil { collected |= b }
            digits[index] = filter.digits
            for byte in filter.bytes { startMask[Int(byte)] |= b }
            for byte in filter.notAfter { notAfterMask[Int(byte)] |= b }
        }
        self.bit = bit
        self.digits = digits
        self.startMask = startMask
        self.notAfterMask = notAfterMask
        all = collected
    }

    /// A position where at least one rule may start, with the set of those rules.
    struct Candidate {
        var position: Int
        var rules: UInt64
    }

    /// Appends the candidates in `[from, cut)` of `subject` (bytes before `from` are context).
    func collect(_ subject: UnsafeRawBufferPointer, from: Int, cut: Int, into candidates: inout [Candidate]) {
        guard from < cut else { return }
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        startMask.withUnsafeBufferPointer { startTable in
            notAfterMask.withUnsafeBufferPointer { notAfterTable in
                let start = startTable.baseAddress!
                let notAfter = notAfterTable.baseAddress!
                var blocked: UInt64 = from > 0 ? notAfter[Int(bytes[from - 1])] : 0
                var index = from
                while index < cut {
                    let byte = Int(bytes[index])
                    let rules = start[byte] & ~blocked & all
                    blocked = notAfter[byte]
                    if rules != 0 { candidates.append(Candidate(position: index, rules: rules)) }
                    index += 1
                }
            }
        }
    }

    /// Whether the rule with `bit` may start at `position` (its start byte and the byte before).
    @inline(__always)
    func allows(_ subject: UnsafeRawBufferPointer, at position: Int, bit: UInt64) -> Bool {
        guard startMask[Int(subject[position])] & bit != 0 else { return false }
        return position == 0 || notAfterMask[Int(subject[position - 1])] & bit == 0
    }

    /// Whether `subject` has at least `count` ASCII digits from `position`.
    @inline(__always)
    static func hasDigits(_ subject: UnsafeRawBufferPointer, at position: Int, count: Int) -> Bool {
        guard count > 0 else { return true }
        guard position + count <= subject.count else { return false }
        for index in position..<(position + count) where subject[index] &- 0x30 > 9 { return false }
        return true
    }
}
