import CScanKernels
import PIIRules

/// The shared pass of the rules' start filters (``RuleStartFilter``): one walk over a window
/// finds, for every byte, the set of rules whose matches may start there, so that each such rule
/// tries its anchored regex only at those positions instead of letting PCRE2 try every digit.
///
/// Up to 64 rules take part (bit `i` of a mask = the `i`-th participating rule); further rules
/// keep the whole-buffer search. A rule that also has a byte prefilter (``RulePrefilter``, e-mail's
/// `@`) is not collected: it checks ``allows(_:at:bit:)`` at the starts near each anchor instead.
///
/// A rule whose filter promises a shape (``RuleStartFilter/minUnits``) is kept at a position only
/// if the bytes from there have that shape. Rules with the same units, separators and gap share
/// one shape, and the units all shapes in question have in common (digits) are counted once, so
/// the usual candidate — a two-digit fragment of a timestamp — costs a few table lookups. At most
/// 8 distinct shapes are checked; a rule beyond them is tried without its shape (only slower).
/// Digit promises are checked before the shape is counted: ``RuleStartFilter/maxDigits`` (too
/// many digits in a row from the start) and, for a rule with a shape,
/// ``RuleStartFilter/digitRun`` (no run of that many digits before the shape's stretch ends).
struct StartFilterTable: Sendable {
    /// Bit for each detector index (0 when the detector has no start filter).
    let bit: [UInt64]
    /// Per detector: how many leading bytes of a match its filter constrains (``RuleStartFilter/positions``).
    let prefixLength: [Int]
    /// Bits of the rules whose candidates ``collect(_:from:cut:into:)`` gathers.
    let all: UInt64
    private let tables: Tables

    /// The byte-indexed tables, in immutable allocations the hot loop reads through pointers.
    /// Shapes are checked all at once, one byte lane each in a 64-bit word (SWAR): lane `s` of
    /// ``unitLanes`` is 0xFF when the byte is a unit of shape `s`, and so on.
    private final class Tables: @unchecked Sendable {
        /// For each byte: the rules that may start with it.
        let start: UnsafeMutablePointer<UInt64>
        /// For each byte: the rules that cannot start right after it.
        let notAfter: UnsafeMutablePointer<UInt64>
        /// For each byte: the rules that may start with a non-ASCII character whose second byte
        /// it is (rules without non-ASCII starts: all of them).
        let second: UnsafeMutablePointer<UInt64>
        /// For each byte: the shape lanes it is a unit of, and those it separates units in.
        let unitLanes: UnsafeMutablePointer<UInt64>
        let separatorLanes: UnsafeMutablePointer<UInt64>
        /// Per rule bit position: its shape's lane (0xFF in that byte lane) and its minimum units.
        let ruleLane: UnsafeMutablePointer<UInt64>
        let minUnits: UnsafeMutablePointer<Int>
        /// Per lane: 0x7F − the shape's gap (bit 7 set once a gap exceeds it), and 0x80 − the
        /// shape's largest minimum (bit 7 set once reached).
        let gapLimit: UInt64
        let needLimit: UInt64
        /// Bits of the rules with a shape.
        let shaped: UInt64
        /// For each set of lanes (bit `s` = lane `s`): the shaped rules of those lanes — when every
        /// rule's minimum is its shape's largest (one rule per shape, as in the built-in rules),
        /// a rule keeps its start exactly when its lane reached the minimum.
        let rulesOfLanes: UnsafeMutablePointer<UInt64>
        let oneMinimumPerShape: Bool
        /// The bytes any collected rule may start with, and those after which none may: the
        /// vector pre-pass (`pii_candidate_mask`) marks the positions worth the table lookups.
        let anyStart: UnsafeMutablePointer<pii_byte_set>
        let blocksAll: UnsafeMutablePointer<pii_byte_set>
        /// The bytes of any shape (units and separators), and for each stretch length n ≤ 64
        /// the shaped rules whose minimum exceeds n: a candidate followed by fewer than a rule's
        /// minimum of such bytes cannot have its shape, and skips the count.
        let shapeBytes: UnsafeMutablePointer<pii_byte_set>
        let tooShort: UnsafeMutablePointer<UInt64>
        /// The same for the *narrow* shapes only — those of at most ``narrowShape`` bytes (digits
        /// and punctuation: cards, phones, resident numbers), whose stretch in text is far shorter
        /// than that of all shapes together (the passport's letters, the licence's Hangul): the
        /// rules of narrow shapes whose minimum exceeds it skip the count. `narrowRules` = 0: none.
        let narrowBytes: UnsafeMutablePointer<pii_byte_set>
        let narrowTooShort: UnsafeMutablePointer<UInt64>
        let narrowRules: UInt64
        /// Per detector, 256 entries: bit `i` of entry `b` is set when byte `b` may stand at
        /// position `i` of a match (``RuleStartFilter/positions``).
        let positions: UnsafeMutablePointer<UInt64>
        /// The same by rule bit for the first ``leadingChecked`` positions, checked for all rules
        /// at once before a shape is counted: 256 entries per position, the rules that allow the
        /// byte there (a rule that constrains fewer positions allows every byte). `prefixed`: the
        /// rules that constrain any; `prefixBeyond[k]`: those that constrain position `k` (a
        /// subject ending before it rules them out).
        let leading: UnsafeMutablePointer<UInt64>
        let leadingChecked: Int
        let prefixed: UInt64
        let prefixBeyond: UnsafeMutablePointer<UInt64>
        /// The smallest minimum of the collected rules when every one of them has a shape (0
        /// otherwise): no candidate survives a stretch of fewer shape bytes, so whole words of
        /// candidates are thinned out before any of them is looked at.
        let leastNeed: Int
        /// The collected rules with a ``RuleStartFilter/maxDigits``; for each run length n up to
        /// the largest such limit + 1, those whose limit n exceeds.
        let digitLimited: UInt64
        let tooManyDigits: UnsafeMutablePointer<UInt64>
        let digitLimit: Int
        /// The collected shaped rules with a ``RuleStartFilter/digitRun``, and each one's run by
        /// rule bit position.
        let runNeeded: UInt64
        let digitRun: UnsafeMutablePointer<Int>
        /// Per shape lane (256 entries each): 0 for a byte that ends the shape, 1 for an ASCII
        /// digit of it, 2 for its other bytes.
        let runClasses: UnsafeMutablePointer<UInt8>

        init(
            start: [UInt64], notAfter: [UInt64], second: [UInt64], unitLanes: [UInt64], separatorLanes: [UInt64],
            ruleLane: [UInt64], minUnits: [Int], gapLimit: UInt64, needLimit: UInt64, shaped: UInt64, collected: UInt64,
            positions: [UInt64], leading: [UInt64], leadingChecked: Int, prefixBeyond: [UInt64], maxDigits: [Int],
            digitRun: [Int]
        ) {
            func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
                let pointer = UnsafeMutablePointer<T>.allocate(capacity: array.count)
                pointer.initialize(from: array, count: array.count)
                return pointer
            }
            self.start = copy(start)
            self.notAfter = copy(notAfter)
            self.second = copy(second)
            self.unitLanes = copy(unitLanes)
            self.separatorLanes = copy(separatorLanes)
            self.ruleLane = copy(ruleLane)
            self.minUnits = copy(minUnits)
            self.positions = copy(positions)
            self.leading = copy(leading.isEmpty ? [0] : leading)
            self.leadingChecked = leadingChecked
            self.prefixBeyond = copy(prefixBeyond.isEmpty ? [0] : prefixBeyond)
            prefixed = prefixBeyond.first ?? 0
            self.gapLimit = gapLimit
            self.needLimit = needLimit
            self.shaped = shaped
            var rulesOfLanes = [UInt64](repeating: 0, count: 256)
            var oneMinimumPerShape = true
            for position in 0..<64 where shaped & (UInt64(1) << UInt64(position)) != 0 {
                let shape = ruleLane[position].trailingZeroBitCount / 8
                for lanes in 0..<256 where lanes & (1 << shape) != 0 { rulesOfLanes[lanes] |= UInt64(1) << UInt64(position) }
                let need = 0x80 - Int((needLimit >> UInt64(8 * shape)) & 0xFF)
                if minUnits[position] != need { oneMinimumPerShape = false }
            }
            self.rulesOfLanes = copy(rulesOfLanes)
            self.oneMinimumPerShape = oneMinimumPerShape
            func byteSet(_ isMember: (Int) -> Bool) -> UnsafeMutablePointer<pii_byte_set> {
                let set = UnsafeMutablePointer<pii_byte_set>.allocate(capacity: 1)
                set.initialize(to: pii_byte_set(isMember))
                return set
            }
            anyStart = byteSet { start[$0] & collected != 0 }
            blocksAll = byteSet { collected != 0 && notAfter[$0] & collected == collected }
            shapeBytes = byteSet { unitLanes[$0] | separatorLanes[$0] != 0 }
            // For each stretch length n ≤ 64: those of `rules` whose minimum exceeds n.
            func tooShort(_ rules: UInt64) -> [UInt64] {
                (0...64).map { stretch in
                    (0..<64).reduce(UInt64(0)) { short, position in
                        rules & (UInt64(1) << UInt64(position)) != 0 && minUnits[position] > stretch
                            ? short | UInt64(1) << UInt64(position) : short
                    }
                }
            }
            self.tooShort = copy(tooShort(shaped))
            // Narrow shapes: lanes whose bytes (units and separators) number at most `narrowShape`.
            var narrowLanes: UInt64 = 0
            for shape in 0..<8 {
                let lane = UInt64(0xFF) << UInt64(8 * shape)
                let size = (0..<256).filter { (unitLanes[$0] | separatorLanes[$0]) & lane != 0 }.count
                if size > 0 && size <= StartFilterTable.narrowShape { narrowLanes |= lane }
            }
            var narrowRules: UInt64 = 0
            for position in 0..<64 where shaped & (UInt64(1) << UInt64(position)) != 0 && ruleLane[position] & narrowLanes != 0 {
                narrowRules |= UInt64(1) << UInt64(position)
            }
            // Worth a second vector pass only when some rule is left out of it.
            if narrowRules == shaped { narrowRules = 0 }
            self.narrowRules = narrowRules
            narrowBytes = byteSet { (unitLanes[$0] | separatorLanes[$0]) & narrowLanes != 0 }
            self.narrowTooShort = copy(tooShort(narrowRules))
            var leastNeed = 64
            for position in 0..<64 where collected & (UInt64(1) << UInt64(position)) != 0 {
                leastNeed = shaped & (UInt64(1) << UInt64(position)) != 0 ? min(leastNeed, minUnits[position]) : 0
                if leastNeed == 0 { break }
            }
            self.leastNeed = collected == 0 ? 0 : leastNeed
            var digitLimited: UInt64 = 0
            for position in 0..<64 where collected & (UInt64(1) << UInt64(position)) != 0 && maxDigits[position] > 0 {
                digitLimited |= UInt64(1) << UInt64(position)
            }
            self.digitLimited = digitLimited
            digitLimit = maxDigits.max() ?? 0
            var runNeeded: UInt64 = 0
            for position in 0..<64 where shaped & collected & (UInt64(1) << UInt64(position)) != 0 && digitRun[position] > 0 {
                runNeeded |= UInt64(1) << UInt64(position)
            }
            self.runNeeded = runNeeded
            self.digitRun = copy(digitRun)
            runClasses = copy((0..<(8 * 256)).map { entry -> UInt8 in
                let lane = UInt64(0xFF) << UInt64(8 * (entry / 256))
                let byte = entry % 256
                guard (unitLanes[byte] | separatorLanes[byte]) & lane != 0 else { return 0 }
                return isASCIIDigit(UInt8(byte)) ? 1 : 2
            })
            self.tooManyDigits = copy((0...(digitLimit + 1)).map { run in
                (0..<64).reduce(UInt64(0)) { over, position in
                    digitLimited & (UInt64(1) << UInt64(position)) != 0 && run > maxDigits[position]
                        ? over | UInt64(1) << UInt64(position) : over
                }
            })
        }

        deinit {
            for pointer in [
                start, notAfter, second, unitLanes, separatorLanes, ruleLane, rulesOfLanes, tooShort, positions, narrowTooShort,
                leading, prefixBeyond, tooManyDigits,
            ] {
                pointer.deallocate()
            }
            minUnits.deallocate()
            digitRun.deallocate()
            runClasses.deallocate()
            for set in [anyStart, blocksAll, shapeBytes, narrowBytes] { set.deallocate() }
        }
    }

    init(detectors: [Detector]) {
        var bit = [UInt64](repeating: 0, count: detectors.count)
        var prefixLength = [Int](repeating: 0, count: detectors.count)
        var positions = [UInt64](repeating: 0, count: 256 * detectors.count)
        var start = [UInt64](repeating: 0, count: 256)
        var notAfter = [UInt64](repeating: 0, count: 256)
        var second = [UInt64](repeating: 0, count: 256)
        var unitLanes = [UInt64](repeating: 0, count: 256)
        var separatorLanes = [UInt64](repeating: 0, count: 256)
        var shapes: [(units: Set<UInt8>, separators: Set<UInt8>, gap: Int)] = []
        var shapeNeed: [Int] = []
        var ruleLane = [UInt64](repeating: 0, count: 64)
        var minUnits = [Int](repeating: 0, count: 64)
        var maxDigits = [Int](repeating: 0, count: 64)
        var digitRun = [Int](repeating: 0, count: 64)
        var shaped: UInt64 = 0
        var next = 0
        var collected: UInt64 = 0
        for (index, detector) in detectors.enumerated() {
            // A context rule's start filter is checked by its own scan, on the lines it searches
            // (``ContextStarts``): in the shared pass its digit runs would be candidates everywhere.
            guard let filter = detector.rule.start, detector.anchoredRegex != nil, next < 64, detector.rule.lines?.isContext != true
            else { continue }
            let b = UInt64(1) << UInt64(next)
            if filter.hasShape && detector.rule.prefilter == nil {
                let key = (units: filter.units, separators: filter.separators.subtracting(filter.units), gap: filter.maxGap)
                var shape = shapes.firstIndex { $0.units == key.units && $0.separators == key.separators && $0.gap == key.gap }
                if shape == nil && shapes.count < 8 {
                    shapes.append(key)
                    shapeNeed.append(0)
                    shape = shapes.count - 1
                }
                if let shape {
                    let lane = UInt64(0xFF) << UInt64(8 * shape)
                    for byte in key.units { unitLanes[Int(byte)] |= lane }
                    for byte in key.separators { separatorLanes[Int(byte)] |= lane }
                    shapeNeed[shape] = max(shapeNeed[shape], filter.minUnits)
                    ruleLane[next] = lane
                    minUnits[next] = filter.minUnits
                    shaped |= b
                }
            }
            maxDigits[next] = filter.maxDigits
            digitRun[next] = filter.digitRun
            next += 1
            bit[index] = b
            if detector.rule.prefilter == nil { collected |= b }
            for (offset, allowed) in filter.positions.prefix(64).enumerated() {
                for byte in allowed { positions[256 * index + Int(byte)] |= UInt64(1) << UInt64(offset) }
            }
            prefixLength[index] = min(64, filter.positions.count)
            for byte in filter.bytes { start[Int(byte)] |= b }
            for byte in filter.notAfter { notAfter[Int(byte)] |= b }
            for byte in 0..<256 where filter.continuations.isEmpty || filter.continuations.contains(UInt8(byte)) {
                second[byte] |= b
            }
        }
        // The first positions' tables by rule bit (collected rules only: the others are checked
        // by `hasPrefix` where they are tried).
        let leadingChecked = min(StartFilterTable.leadingPositions, prefixLength.max() ?? 0)
        var leading = [UInt64](repeating: ~0, count: 256 * leadingChecked)
        var prefixBeyond = [UInt64](repeating: 0, count: leadingChecked)
        for index in detectors.indices where bit[index] & collected != 0 {
            for offset in 0..<min(leadingChecked, prefixLength[index]) {
                prefixBeyond[offset] |= bit[index]
                for byte in 0..<256 where positions[256 * index + byte] & (UInt64(1) << UInt64(offset)) == 0 {
                    leading[256 * offset + byte] &= ~bit[index]
                }
            }
        }
        var gapLimit: UInt64 = 0
        var needLimit: UInt64 = 0
        for (shape, key) in shapes.enumerated() {
            gapLimit |= UInt64(0x7F - key.gap) << UInt64(8 * shape)
            needLimit |= UInt64(0x80 - shapeNeed[shape]) << UInt64(8 * shape)
        }
        self.bit = bit
        self.prefixLength = prefixLength
        all = collected
        tables = Tables(
            start: start, notAfter: notAfter, second: second, unitLanes: unitLanes, separatorLanes: separatorLanes,
            ruleLane: ruleLane, minUnits: minUnits, gapLimit: gapLimit, needLimit: needLimit, shaped: shaped,
            collected: collected, positions: positions, leading: leading, leadingChecked: leadingChecked,
            prefixBeyond: prefixBeyond, maxDigits: maxDigits, digitRun: digitRun)
    }

    /// How many leading positions of the rules' prefixes the collecting pass checks (the rest,
    /// if any, where each rule is tried): enough for the built-in rules' six.
    static let leadingPositions = 8

    /// A position where at least one rule may start, with the set of those rules.
    struct Candidate {
        var position: Int
        var rules: UInt64
    }

    /// Appends the candidates in `[from, cut)` of `subject` (bytes before `from` are context).
    ///
    /// One vector pre-pass (`pii_start_masks`) marks, 4 KiB at a time, the positions whose byte
    /// some rule may start with and whose previous byte does not block every rule (in text: the
    /// starts of digit runs and of a few words), and the bytes that belong to any shape. Only the marked positions get
    /// the per-rule table lookups — start byte, previous byte, the first bytes a rule promises
    /// (``RuleStartFilter/positions``) — and a shape is counted only when the stretch of shape
    /// bytes from the position is at least the rule's minimum (a timestamp's `05-01 00` is not).
    func collect(_ subject: UnsafeRawBufferPointer, from: Int, cut: Int, into candidates: inout [Candidate]) {
        guard from < cut, all != 0 else { return }
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = subject.count
        let start = tables.start
        let notAfter = tables.notAfter
        let second = tables.second
        let shaped = tables.shaped
        let tooShort = tables.tooShort
        let narrowTooShort = tables.narrowTooShort
        let narrowRules = tables.narrowRules
        let leading = tables.leading
        let leadingChecked = tables.leadingChecked
        let prefixed = tables.prefixed
        let prefixBeyond = tables.prefixBeyond
        // The rules that constrain a match's second byte (0 when no rule constrains one).
        let prefixBeyond1 = tables.leadingChecked > 1 ? prefixBeyond[1] : 0
        let digitLimited = tables.digitLimited
        let tooManyDigits = tables.tooManyDigits
        let digitLimit = tables.digitLimit
        let runNeeded = tables.runNeeded
        let all = all
        var lastRules: UInt64 = 0
        var lastLanes: UInt64 = 0
        let chunk = 4096
        // Shape bytes are marked 128 bytes past the chunk, enough to see a stretch of 64 (the
        // largest minimum) from any position in it.
        let lookahead = 128
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunk / 64) { masks in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (chunk + lookahead) / 64) { shapeMasks in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (chunk + lookahead) / 64) { narrowMasks in
                var chunkStart = from
                while chunkStart < cut {
                    let chunkEnd = min(cut, chunkStart + chunk)
                    let markedEnd = min(end, chunkEnd + lookahead)
                    // One pass for the three sets of marks (each byte loaded and split once).
                    pii_start_masks(
                        bytes, chunkStart, chunkEnd, markedEnd, tables.anyStart, tables.blocksAll, masks.baseAddress!,
                        shaped != 0 ? UnsafePointer(tables.shapeBytes) : nil, shapeMasks.baseAddress!,
                        narrowRules != 0 ? UnsafePointer(tables.narrowBytes) : nil, narrowMasks.baseAddress!)
                    let shapeWords = (markedEnd - chunkStart + 63) / 64
                    let leastNeed = tables.leastNeed
                    for word in 0..<((chunkEnd - chunkStart + 63) / 64) {
                        var mask = masks[word]
                        if leastNeed > 1 && mask != 0 { mask &= Self.runStarts(shapeMasks, words: shapeWords, word: word, length: leastNeed) }
                        while mask != 0 {
                            let offset = 64 * word + mask.trailingZeroBitCount
                            mask &= mask &- 1
                            let index = chunkStart + offset
                            let byte = Int(bytes[index])
                            var rules = start[byte] & all
                            if index > 0 { rules &= ~notAfter[Int(bytes[index - 1])] }
                            guard rules != 0 else { continue }
                            if byte >= 0xC0 { rules &= index + 1 < end ? second[Int(bytes[index + 1])] : 0 }
                            if rules & prefixBeyond1 != 0 {
                                // The second byte first: one lookup drops a passport's start letter
                                // in a word (`Mozilla`) before any stretch is measured.
                                rules &= index + 1 < end ? leading[256 + Int(bytes[index + 1])] : ~prefixBeyond1
                            }
                            if rules & shaped != 0 {
                                rules &= ~tooShort[Self.stretch(shapeMasks, words: shapeWords, at: offset)]
                            }
                            if rules & narrowRules != 0 {
                                rules &= ~narrowTooShort[Self.stretch(narrowMasks, words: shapeWords, at: offset)]
                            }
                            if rules & digitLimited != 0 {
                                // More digits in a row than a rule's matches hold (a 13-digit
                                // timestamp for the licence's 12).
                                var run = 0
                                while run <= digitLimit && index + run < end && isASCIIDigit(bytes[index + run]) { run += 1 }
                                rules &= ~tooManyDigits[run]
                            }
                            if rules & shaped != 0 && rules & prefixed != 0 {
                                // Before a shape is counted: a rule's first bytes (a passport's digits
                                // after its letter, a birth month's first digit) rule out most words
                                // and timestamps. (Rules without a shape are checked where tried.)
                                var position = 0
                                while position < leadingChecked && rules & prefixBeyond[position] != 0 {
                                    guard index + position < end else {
                                        rules &= ~prefixBeyond[position]
                                        break
                                    }
                                    rules &= leading[256 * position + Int(bytes[index + position])]
                                    position += 1
                                }
                            }
                            if rules & runNeeded != 0 {
                                // A rule whose matches hold a run of digits (a licence's serial)
                                // is dropped when its shape's stretch ends before one.
                                var members = rules & runNeeded
                                while members != 0 {
                                    let position = members.trailingZeroBitCount
                                    members &= members &- 1
                                    if !hasDigitRun(bytes, at: index, end: end, lane: tables.ruleLane[position], need: tables.digitRun[position]) {
                                        rules &= ~(UInt64(1) << UInt64(position))
                                    }
                                }
                            }
                            if rules & shaped != 0 {
                                // The same rules come up again and again (the digit rules after every space).
                                if rules != lastRules {
                                    lastRules = rules
                                    lastLanes = lanes(of: rules)
                                }
                                rules = keepingShapes(rules, lanes: lastLanes, bytes, at: index, end: end)
                            }
                            if rules != 0 { candidates.append(Candidate(position: index, rules: rules)) }
                        }
                    }
                    chunkStart = chunkEnd
                }
            }
            }
        }
    }

    /// The most bytes (units and separators) a shape may have to count as narrow.
    static let narrowShape = 40

    /// The bits `i` of word `word` such that bits `i ..< i + length` (length ≤ 64, across into the
    /// next word) are all marked; unmarked bits past the last word end a run.
    @inline(__always)
    private static func runStarts(_ masks: UnsafeMutableBufferPointer<UInt64>, words: Int, word: Int, length: Int) -> UInt64 {
        // Bit i of the 128-bit pair (high:low) is ANDed with its neighbours by doubling steps;
        // for i < 64 every bit needed (up to i + 63) is inside the pair.
        var low = masks[word]
        var high = word + 1 < words ? masks[word + 1] : 0
        var covered = 1
        @inline(__always) func combine(_ shift: Int) {
            low &= (low >> UInt64(shift)) | (high << UInt64(64 - shift))
            high &= high >> UInt64(shift)
        }
        while covered * 2 <= length {
            combine(covered)
            covered *= 2
        }
        if covered < length { combine(length - covered) }  // runs of `covered` at i and i + rest
        return low
    }

    /// The number of marked bits from bit `offset` on (at most 64): unmarked bits past the last
    /// word end the stretch, as they do at the end of the subject.
    @inline(__always)
    private static func stretch(_ masks: UnsafeMutableBufferPointer<UInt64>, words: Int, at offset: Int) -> Int {
        var word = offset >> 6
        var bit = offset & 63
        var run = 0
        while word < words {
            let outside = ~masks[word] >> UInt64(bit)
            if outside != 0 { return min(64, run + outside.trailingZeroBitCount) }
            run += 64 - bit
            if run >= 64 { return 64 }
            word += 1
            bit = 0
        }
        return min(64, run)
    }

    /// `rules` without those whose shape the bytes from `position` do not have: one pass counts
    /// units and separator runs for every shape in question at once, a lane each.
    // Not inlined: in a function of its own the counting loop keeps its tables in registers.
    @inline(never)
    private func keepingShapes(_ rules: UInt64, lanes: UInt64, _ bytes: UnsafePointer<UInt8>, at position: Int, end: Int) -> UInt64 {
        let unitLanes = tables.unitLanes
        let separatorLanes = tables.separatorLanes
        let gapLimit = tables.gapLimit
        let needLimit = tables.needLimit
        let high: UInt64 = 0x8080_8080_8080_8080
        var alive = lanes  // lanes still counting
        var done: UInt64 = 0  // lanes that reached their largest minimum (bit 7)
        var units: UInt64 = 0
        var gaps: UInt64 = 0
        var index = position
        while alive != 0 && index < end {
            let byte = Int(bytes[index])
            let unit = unitLanes[byte]
            let separator = separatorLanes[byte]
            alive &= unit | separator  // a byte of neither kind ends the shape
            units &+= unit & alive & 0x0101_0101_0101_0101
            gaps = (gaps & ~unit) &+ (separator & alive & 0x0101_0101_0101_0101)
            // A run of separators longer than the gap ends the shape (its units stay counted);
            // a shape that has its largest minimum stops counting.
            let over = (gaps &+ gapLimit) & high & alive
            let reached = (units &+ needLimit) & high & alive
            done |= reached
            alive &= ~(((over | reached) >> 7) &* 0xFF)
            index += 1
        }
        if tables.oneMinimumPerShape {
            // Gather bit 7 of each lane into one byte (lane s -> bit s) and keep the rules of the
            // lanes that got there.
            let reachedLanes = Int(((done >> 7) &* 0x0102_0408_1020_4080) >> 56)
            return rules & (~tables.shaped | tables.rulesOfLanes[reachedLanes])
        }
        // Drop the rules whose minimum the count of their shape's lane falls short of.
        var result = rules
        var members = rules & tables.shaped
        while members != 0 {
            let position = members.trailingZeroBitCount
            let lane = tables.ruleLane[position]
            let count = Int((units & lane) >> UInt64(lane.trailingZeroBitCount))
            if count < tables.minUnits[position] { result &= ~(UInt64(1) << UInt64(position)) }
            members &= members &- 1
        }
        return result
    }

    /// Whether `need` ASCII digits in a row follow `position` before the shape of `lane` ends
    /// (a byte that is neither its unit nor its separator), within 64 bytes: a stretch that goes
    /// on further counts as holding them (a longer match might).
    private func hasDigitRun(_ bytes: UnsafePointer<UInt8>, at position: Int, end: Int, lane: UInt64, need: Int) -> Bool {
        let classes = tables.runClasses + 256 * (lane.trailingZeroBitCount / 8)
        let limit = min(end, position + 64)
        var run = 0
        var index = position
        while index < limit {
            let kind = classes[Int(bytes[index])]
            if kind == 0 { return false }
            run = kind == 1 ? run + 1 : 0
            if run >= need { return true }
            index += 1
        }
        return index == position + 64
    }

    /// The shape lanes of `rules`.
    private func lanes(of rules: UInt64) -> UInt64 {
        var lanes: UInt64 = 0
        var members = rules & tables.shaped
        while members != 0 {
            lanes |= tables.ruleLane[members.trailingZeroBitCount]
            members &= members &- 1
        }
        return lanes
    }

    /// Whether the rule with `bit` may start at `position` (its start byte and the byte before).
    @inline(__always)
    func allows(_ subject: UnsafeRawBufferPointer, at position: Int, bit: UInt64) -> Bool {
        let byte = Int(subject[position])
        guard tables.start[byte] & bit != 0 else { return false }
        if byte >= 0xC0 && (position + 1 == subject.count || tables.second[Int(subject[position + 1])] & bit == 0) { return false }
        return position == 0 || tables.notAfter[Int(subject[position - 1])] & bit == 0
    }

    /// Whether the bytes of `subject` from `position` may begin a match of detector `index`:
    /// its filter's ``RuleStartFilter/positions`` (leading digits, a month's first digit …), a
    /// few table lookups that spare the regex most digit runs of timestamps and order numbers.
    @inline(__always)
    func hasPrefix(_ index: Int, _ subject: UnsafeRawBufferPointer, at position: Int) -> Bool {
        let length = prefixLength[index]
        guard length > 0 else { return true }
        guard position + length <= subject.count else { return false }
        let table = tables.positions + 256 * index
        for offset in 0..<length where table[Int(subject[position + offset])] & (UInt64(1) << UInt64(offset)) == 0 {
            return false
        }
        return true
    }
}
