#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScanKernels
import PCRE2
import PIIModel
import PIIRules

/// A finding revealed by a decoding, waiting to be merged (by its start) with the plain ones.
struct EncodedFinding {
    /// Buffer index of the first encoded byte.
    var start: Int
    /// `offset` is still to be set (buffer index → input offset), `line`/`column` too.
    var finding: Finding
}

extension UnitScanner {
    /// Finds values hidden by encodings on the lines holding a trigger at or after `from` and
    /// before `cut` (see ``EncodedText``). A value is reported only if its span contains encoded
    /// bytes (a value readable as it is was already found by the plain scan), or if it is readable
    /// but what is glued to its left was decoded and the plain scan did not match it there
    /// (`%3A01023456789`: the plain scan's guard sees the escape's `A`). `plain` is the plain
    /// scan's matches of the window, sorted by start. Returns where the next window resumes (after
    /// the last decoded line), so a line is decoded once.
    func findEncoded(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, path: String,
        plain: [(start: Int, end: Int, detector: Int)] = [], into found: inout [EncodedFinding]
    ) -> Int {
        EncodedText.base64Values.withUnsafeBufferPointer { values in
            withUnsafePointer(to: readsXMLElements ? UnitScanner.xmlTriggerBytes : UnitScanner.triggerBytes) { triggers in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: UnitScanner.triggerChunk / 64) { masks in
                    var next = TriggerSearch(subject: subject, cut: cut, triggers: triggers, masks: masks)
                    return findEncoded(
                        subject: subject, from: from, cut: cut, path: path, plain: plain, values: values, next: &next,
                        into: &found)
                }
            }
        }
    }

    /// The bytes that may begin an encoding or a Base64 value: `%` `\` `&`, ESC (a terminal's
    /// colour sequence), a full-width
    /// character's first byte (EF), the first of a no-break or ideographic space (C2, E3) and
    /// `=`, the `J` of `eyJ` (Base64 JSON: a JWT) and the `B` of `Basic `; and `:` right after
    /// `"` (a JSON key's end), which ``TriggerSearch`` marks as a pair: a `:` of a timestamp or a
    /// URL is not worth a look.
    /// Also the bytes from C0 to DF and from F5 up: in UTF-8 text each starts a character of two
    /// bytes or none, while a line of CP949 Hangul (an EUC-KR line in a UTF-8 log: a legacy
    /// component's) holds them all the time, after which no continuation byte follows.
    static let triggerBytes = pii_byte_set(isTrigger)
    /// ``triggerBytes`` and `>`, for an XML file: an element's key ends there (`<rrn1>900101</rrn1>`).
    static let xmlTriggerBytes = pii_byte_set { isTrigger($0) || $0 == 0x3E }
    private static func isTrigger(_ byte: Int) -> Bool {
        [0x25, 0x5C, 0x26, 0xEF, 0xE3, 0x3D, 0x4A, 0x42, 0x1B].contains(byte) || (0xC0...0xDF).contains(byte) || byte >= 0xF5
    }
    static let triggerChunk = 4096

    /// The trigger bytes of a window in increasing order (``triggerBytes``, and each `:` after a
    /// `"`), marked 4 KiB at a time by the vector kernel (in logs `=` and `:` recur every few
    /// bytes: one `memchr` per occurrence and per trigger byte cost more than the decoding it
    /// leads to).
    struct TriggerSearch {
        let subject: UnsafeRawBufferPointer
        let cut: Int
        let triggers: UnsafePointer<pii_byte_set>
        let masks: UnsafeMutableBufferPointer<UInt64>
        var chunkStart = 0
        var chunkEnd = 0

        /// The first trigger byte in `[position, cut)`.
        mutating func first(from position: Int) -> Int? {
            var position = position
            while position < cut {
                if position < chunkStart || position >= chunkEnd {
                    chunkStart = position
                    chunkEnd = min(cut, position + UnitScanner.triggerChunk)
                    pii_pair_member_mask(
                        subject.baseAddress!.assumingMemoryBound(to: UInt8.self), chunkStart, chunkEnd, triggers, 0x22, 0x3A,
                        masks.baseAddress!)
                }
                var word = (position - chunkStart) >> 6
                var bits = masks[word] & (~UInt64(0) << UInt64((position - chunkStart) & 63))
                let words = (chunkEnd - chunkStart + 63) >> 6
                while true {
                    if bits != 0 { return chunkStart + 64 * word + bits.trailingZeroBitCount }
                    word += 1
                    guard word < words else { break }
                    bits = masks[word]
                }
                position = chunkEnd
            }
            return nil
        }
    }

    private func findEncoded(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, path: String, plain: [(start: Int, end: Int, detector: Int)],
        values: UnsafeBufferPointer<UInt8>, next: inout TriggerSearch, into found: inout [EncodedFinding]
    ) -> Int {
        let base = subject.baseAddress!
        let end = subject.count
        var position = from
        // The end of the last line that a byte starting no UTF-8 character did not make a CP949 line.
        var notCP949Before = 0
        // The second colon of the next `::` (an LDIF attribute's Base64 value), which the vector
        // pass does not mark; Int.max when there is none.
        var doubleColon = decodesLDIFValues ? -1 : Int.max
        while position < cut {
            if doubleColon != Int.max && doubleColon < position {
                doubleColon = UnitScanner.doubleColon(subject, from: position, cut: cut) ?? Int.max
            }
            guard let trigger = next.first(from: position).map({ min($0, doubleColon) }) ?? (doubleColon < cut ? doubleColon : nil)
            else { break }
            // A key ending in `1` (`hp1=`, `"jumin1":`): the first of a value split over fields.
            if subject[trigger] == 0x3D || subject[trigger] == 0x3A { splitFieldKey(subject, at: trigger, path: path) }
            if subject[trigger] == 0x3E {
                // An XML element's key (`<rrn1>`, `<jumin_back>`): a trigger only in XML files.
                splitFieldKey(subject, at: trigger, path: path)
                position = trigger + 1
                continue
            }
            // A JSON number that lost its leading zeros (`"phone":1023456789`): most `":` are
            // followed by a quote or a short number, so its first eight digits are checked here.
            if subject[trigger] == 0x3A, let digits = UnitScanner.longNumber(subject, at: trigger + 1) {
                lostZeroField(subject, at: trigger, digits: digits, path: path)
            }
            if subject[trigger] >= 0xC0 && subject[trigger] != 0xE3 && subject[trigger] != 0xEF
                && !(subject[trigger] == 0xC2 && EncodedText.wideSpace(subject, at: trigger, end: end) != nil)
            {
                // A byte that starts no UTF-8 character: a line of CP949 text, transcoded whole
                // (a line that is not is tried once: a long line of stray bytes costs one pass).
                guard trigger >= notCP949Before,
                    TextEncoding.utf8Character(UnsafeRawBufferPointer(rebasing: subject[trigger..<min(end, trigger + 4)])) == nil
                else {
                    position = trigger + 1
                    continue
                }
                let lineEnd = memchr(base + trigger, 0x0A, end - trigger).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
                var lineStart = trigger
                while lineStart > 0 && subject[lineStart - 1] != 0x0A { lineStart -= 1 }
                guard decodeCP949Line(subject, lineStart..<lineEnd) else {
                    // Stray bytes: the line's other triggers are still looked at.
                    notCP949Before = lineEnd
                    position = trigger + 1
                    continue
                }
                scanDecoded(original: subject, lineStart: lineStart, from: max(from, lineStart), path: path, plain: plain, into: &found)
                position = lineEnd + 1
                continue
            }
            // Validate first (most `=` and `:` start no Base64 value), then find the line end.
            let valid: Bool
            switch subject[trigger] {
            case 0x3D:
                valid = EncodedText.startsQuotedBase64Value(subject, from: trigger + 1, end: end, values: values)
            case 0x3A:
                var j = trigger + 1
                if j < end && subject[j] == 0x20 { j += 1 }
                valid = trigger > 0 && subject[trigger - 1] == 0x22 && j < end && subject[j] == 0x22
                    && EncodedText.startsBase64Value(subject, from: j + 1, end: end, values: values)
                    || decodesLDIFValues && UnitScanner.isLDIFBase64Value(subject, at: trigger)
                        && (EncodedText.startsBase64Value(subject, from: j, end: end, values: values)
                            // A folded value's first line may end inside a character, or hold a few
                            // Base64 characters only: the value is judged whole, below.
                            || UnitScanner.continuesOnNextLine(subject, from: j))
            default:
                valid = EncodedText.isTrigger(subject, at: trigger, end: end)
            }
            guard valid else {
                position = trigger + 1
                continue
            }
            let lineEnd = memchr(base + trigger, 0x0A, end - trigger).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
            var lineStart = trigger
            while lineStart > 0 && subject[lineStart - 1] != 0x0A { lineStart -= 1 }
            if decodesLDIFValues && subject[trigger] == 0x3A && subject[trigger - 1] == 0x3A,
                let folded = UnitScanner.foldedLDIFValue(subject, from: trigger + 1, lineEnd: lineEnd, values: values)
            {
                // A value folded onto continuation lines (`ldapsearch` folds at 76 columns: a
                // Korean address in Base64 always is) is decoded whole, as a mail's Base64 block.
                // (The attribute's name stays before the value: `postalAddress`, `mobile` are its words.)
                if decodeBase64Block(subject, lines: folded.lines, values: values, label: lineStart..<(trigger + 1)) {
                    scanDecoded(original: subject, lineStart: lineStart, from: max(from, lineStart), path: path, plain: plain, into: &found)
                }
                position = folded.next
                continue
            }
            if EncodedText.decode(subject, lineStart..<lineEnd, into: decodedLine, ldif: decodesLDIFValues) {
                scanDecoded(
                    original: subject, lineStart: lineStart, from: max(from, lineStart), path: path, plain: plain, into: &found)
            }
            // The rest of the line's keys, which the jump to the next line passes over: each `1`
            // followed by `=` or `":`.
            var index = trigger + 1
            let keysEnd = min(lineEnd, cut)
            while index < keysEnd, let one = memchr(base + index, 0x31, keysEnd - index) {
                let at = base.distance(to: UnsafeRawPointer(one))
                if at + 1 < end && subject[at + 1] == 0x3D {
                    splitFieldKey(subject, at: at + 1, path: path)
                } else if at + 2 < end && subject[at + 1] == 0x22 && subject[at + 2] == 0x3A {
                    splitFieldKey(subject, at: at + 2, path: path)
                } else if at + 3 < end && subject[at + 1] == 0x5C {
                    // `\"rrn1\":` in a JSON string, `\\\"rrn1\\\":` in one inside another.
                    var quote = at + 1
                    while quote < end && subject[quote] == 0x5C { quote += 1 }
                    if quote + 1 < end && subject[quote] == 0x22 && subject[quote + 1] == 0x3A { splitFieldKey(subject, at: quote + 1, path: path) }
                }
                index = at + 1
            }
            // And its JSON numbers that lost their leading zeros (`"cell":1045678901`).
            index = trigger + 1
            while index < keysEnd, let colon = memchr(base + index, 0x3A, keysEnd - index) {
                let at = base.distance(to: UnsafeRawPointer(colon))
                if subject[at - 1] == 0x22, let digits = UnitScanner.longNumber(subject, at: at + 1) {
                    lostZeroField(subject, at: at, digits: digits, path: path)
                }
                index = at + 1
            }
            position = lineEnd + 1
        }
        return max(position, from)
    }

    /// Runs the detectors over the decoded line in `decodedLine` and keeps the matches that contain
    /// decoded bytes and start at or after buffer index `from`.
    ///
    /// A match that contains a decoded character consists of characters of its rule's alphabet
    /// (``MatchAlphabet``), so it lies in a stretch of such characters around a decoded one: a rule
    /// is run only on those stretches (not at all when no decoded character is in its alphabet),
    /// and, like the plain scan, only at the starts its start filter and prefilter allow. The
    /// findings are those of running every rule over the whole line
    /// (``ScanConfiguration/exhaustiveDecodedScan``, which the tests compare with).
    func scanDecoded(
        original: UnsafeRawBufferPointer, lineStart: Int, from: Int, path: String,
        plain: [(start: Int, end: Int, detector: Int)], into found: inout [EncodedFinding]
    ) {
        let line = decodedLine.view
        // Candidates are assessed on the decoded line (offsets in it, not in the input): in a
        // dump, not as the row value of an input offset — asking the dump's parser about one
        // would move it past the plain candidates of the window, which are asked about next.
        let savedDumpCells = dumpCells
        dumpCells = nil
        // Decoded lines all start at 0: a column walk of another line (decoded or not) must not
        // be taken for this one's.
        decodedLineOrigin = lineStart
        columnWalk = FieldLocator.ColumnWalk()
        defer {
            dumpCells = savedDumpCells
            decodedLineOrigin = nil
            columnWalk = FieldLocator.ColumnWalk()
        }
        // Only matches that contain decoded bytes count: search from a little before the first
        // one (the longest values are addresses, well under `lead` bytes) to the last one.
        guard let firstDecoded = line.kind.firstIndex(where: { $0 != .none }),
            let lastDecoded = line.kind.lastIndex(where: { $0 != .none })
        else { return }
        let lead = 256
        // A decoded word (`\uacc4\uc88c` is `계좌`) labels the values around it, readable or not:
        // for the rules that have a keyword (or negative keyword) among the decoded words, those
        // within a context's width of one are searched for too.
        var wordRules = decodedWordRules
        decodedWordRules = []
        defer { decodedWordRules = wordRules }
        wordRules.removeAll(keepingCapacity: true)
        var words = DecodedContext.decodedWords(line, mailOrFolded: decodesMailBodies || unfolds != nil)
        if let found = words, unfolds != nil, line.kind[found].contains(.folded) {
            // A fold cuts a word or stands between a word and its value (`연락처⏎ 010-…`):
            // every word of the line counts, for the values near a fold.
            let bytes = UnsafeRawBufferPointer(line.bytes)
            wordRules.append(contentsOf: detectors.map { $0.keywords.occurs(in: bytes) || $0.negativeKeywords.occurs(in: bytes) })
        } else if let found = words {
            // Each run of non-ASCII characters holding an escaped one (a keyword may be partly
            // escaped: `계\uc88c`); ASCII keywords near them (`page`, `id`) were read plain.
            wordRules.append(contentsOf: repeatElement(false, count: detectors.count))
            let bytes = UnsafeRawBufferPointer(line.bytes)
            var position = found.lowerBound
            while position <= found.upperBound {
                guard bytes[position] >= 0x80 else {
                    position += 1
                    continue
                }
                var lower = position
                var upper = position
                while lower > 0 && bytes[lower - 1] >= 0x80 { lower -= 1 }
                while upper < bytes.count && bytes[upper] >= 0x80 { upper += 1 }
                if line.kind[lower..<upper].contains(where: { $0 == .jsonEscape || $0 == .quotedPrintable || $0 == .cp949 }) {
                    let run = UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
                    for index in detectors.indices where !wordRules[index] {
                        wordRules[index] = detectors[index].keywords.occurs(in: run) || detectors[index].negativeKeywords.occurs(in: run)
                    }
                }
                position = upper
            }
            if !wordRules.contains(true) { words = nil }
        }
        let searchFrom = max(0, min(firstDecoded, words.map { $0.lowerBound - Candidate.contextWidth } ?? firstDecoded) - lead)
        // A value may also start right after the last decoded character (its left context).
        let lastStart = min(max(lastDecoded + 1, words.map { $0.upperBound + Candidate.contextWidth } ?? 0), line.bytes.count - 1)
        // Scratch arrays kept by the scanner, used here as locals.
        var results = decodedResults
        decodedResults = []
        results.removeAll(keepingCapacity: true)
        let context = DecodedContext(
            line: line, original: original, lineStart: lineStart, from: from, path: path, plain: plain, words: words,
            wordRules: wordRules)
        if configuration.exhaustiveDecodedScan {
            scanExhaustively(context, searchFrom: searchFrom, lastDecoded: lastStart, into: &results)
        } else {
            scanStretches(context, searchFrom: searchFrom, firstDecoded: firstDecoded, lastDecoded: lastStart, into: &results)
        }
        results.sort { $0.start != $1.start ? $0.start < $1.start : $0.finding.length > $1.finding.length }
        // Same rule as the plain scan: of overlapping values, the more confident one.
        for result in results {
            if let last = found.last, result.start < last.start + last.finding.length {
                if result.finding.confidence > last.finding.confidence { found[found.count - 1] = result }
            } else {
                found.append(result)
            }
        }
        decodedResults = results
    }

    /// The decoded line being scanned and where it is in the buffer.
    struct DecodedContext {
        let line: DecodedView
        let original: UnsafeRawBufferPointer
        let lineStart: Int
        /// Findings starting before this buffer index were reported in an earlier window.
        let from: Int
        let path: String
        /// The plain scan's matches of the window (buffer indices), sorted by start.
        let plain: [(start: Int, end: Int, detector: Int)]
        /// From the first to the last escaped non-ASCII byte (``decodedWords(_:)``), when a rule has
        /// a keyword among them.
        let words: ClosedRange<Int>?
        /// Per detector, whether one of its keywords or negative keywords is among those words
        /// (`words` is nil when none is).
        let wordRules: [Bool]
        var subject: UnsafeRawBufferPointer { UnsafeRawBufferPointer(line.bytes) }

        /// The decoded indices from the first to the last non-ASCII byte of a JSON `\u` escape: the
        /// words a JSON log written with escaped Hangul (`json.dumps`' default) hid. (Context words
        /// are Hangul; an escaped ASCII letter is not worth a look. Percent-encoded Hangul is
        /// left out: in query strings it is search terms, and looking it up cost an access log
        /// more than a tenth of its scan.)
        static func decodedWords(_ line: DecodedView, mailOrFolded: Bool = false) -> ClosedRange<Int>? {
            // (A mail's quoted-printable `=EC=A3=BC…` hides words as JSON's `\uc8fc` does, and
            // a fold cuts them — `연락⏎ 처`; they are only ever in mail and folded files.)
            if mailOrFolded {
                func escaped(_ index: Int) -> Bool {
                    (line.kind[index] == .jsonEscape || line.kind[index] == .quotedPrintable || line.kind[index] == .cp949)
                        && line.bytes[index] >= 0x80 || line.kind[index] == .folded
                }
                guard let first = line.kind.indices.first(where: escaped), let last = line.kind.indices.last(where: escaped)
                else { return nil }
                return first...last
            }
            // (A CP949 line's Hangul too.)
            func escaped(_ index: Int) -> Bool { (line.kind[index] == .jsonEscape || line.kind[index] == .cp949) && line.bytes[index] >= 0x80 }
            guard let first = line.kind.indices.first(where: escaped), let last = line.kind.indices.last(where: escaped)
            else { return nil }
            return first...last
        }

        /// Whether a decoded word is within a context's width of the match (``Candidate/contextWidth``
        /// bytes before its start or after its end) and rule `detector` has a keyword among the words.
        /// (Any decoded non-ASCII byte counts here; only escaped words are looked up.)
        func wordNear(_ match: Range<Int>, detector: Int) -> Bool {
            guard let words, wordRules[detector] else { return false }  // (wordRules is filled when words is set)
            let lower = max(words.lowerBound, match.lowerBound - Candidate.contextWidth)
            let upper = min(words.upperBound + 1, match.upperBound + Candidate.contextWidth)
            guard lower < upper else { return false }
            return (lower..<upper).contains { line.kind[$0] != .none && line.bytes[$0] >= 0x80 || line.kind[$0] == .folded }
        }

        /// Whether a value starting at decoded index `i` has a decoded left context that the plain
        /// scan could not read past: `i` is copied as it was, the character before it was decoded,
        /// and that character's encoding ends in a letter, digit or `+` (`%3A`, `%20`, `\u0022`, a
        /// form's `+`), which the plain scan's left guard takes for more of a token. An entity
        /// (`;`) or a full-width form stops no guard.
        @inline(__always)
        func decodedLeft(_ i: Int) -> Bool {
            guard i > 0, i < line.kind.count, line.kind[i] == .none, line.kind[i - 1] != .none else { return false }
            let byte = original[line.sourceEnd[i - 1] - 1]
            return byte == 0x2B || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }

        /// Whether the plain scan matched rule `detector` at buffer index `start`.
        func plainMatched(_ detector: Int, at start: Int) -> Bool {
            var lower = 0
            var upper = plain.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if plain[middle].start < start { lower = middle + 1 } else { upper = middle }
            }
            while lower < plain.count && plain[lower].start == start {
                if plain[lower].detector == detector { return true }
                lower += 1
            }
            return false
        }
    }

    /// The reference: every rule, by successive unanchored searches from `searchFrom`, keeping
    /// the matches that start at or before the last decoded byte.
    private func scanExhaustively(
        _ context: DecodedContext, searchFrom: Int, lastDecoded: Int, into results: inout [EncodedFinding]
    ) {
        let subject = context.subject
        for index in detectors.indices {
            if let prefilter = detectors[index].rule.prefilter, !subject.contains(where: { prefilter.bytes.contains($0) }) {
                continue  // every match of this rule holds an anchor byte
            }
            var position = searchFrom
            while position <= lastDecoded && position < subject.count {
                guard let match = try? matchData[index].firstMatch(in: subject, from: position), !match.isEmpty,
                    match.lowerBound <= lastDecoded
                else { break }
                position = match.upperBound
                record(match, index, context, into: &results)
            }
        }
    }

    /// The fast path: only the rules whose alphabet holds a decoded character, each only on the
    /// stretches of its alphabet around decoded characters and at the starts its filters allow.
    private func scanStretches(
        _ context: DecodedContext, searchFrom: Int, firstDecoded: Int, lastDecoded: Int, into results: inout [EncodedFinding]
    ) {
        let subject = context.subject
        let kind = context.line.kind
        var masks = decodedMasks
        var stretches = decodedStretches
        decodedMasks = []
        decodedStretches = []
        defer {
            decodedMasks = masks
            decodedStretches = stretches
        }
        decodedTable.classify(subject, into: &masks)
        var relevant: UInt64 = 0  // rules whose alphabet holds a decoded character or a value's first after one
        for i in firstDecoded...lastDecoded where kind[i] != .none || context.decodedLeft(i) { relevant |= masks[i] }
        // Around escaped words the rules with a keyword among them are tried, from where a value
        // ending a context's width before the first could start to a context's width after the last.
        let wordZone = context.words.map { (start: max(0, $0.lowerBound - Candidate.contextWidth - 256), limit: lastDecoded) }
        guard relevant != 0 || decodedTable.hasUngated || wordZone != nil else { return }
        for index in detectors.indices {
            let bit = decodedTable.bit[index]
            let aroundWords = wordZone != nil && context.wordRules[index]
            if bit != 0 && relevant & bit == 0 && !aroundWords { continue }
            let prefilter = detectors[index].rule.prefilter
            if let prefilter, !Self.contains(subject, anyOf: prefilter.bytes) {
                continue  // every match of this rule holds an anchor byte
            }
            if let lines = detectors[index].rule.lines, !(lines.isContext && contextOpen[index]),
                nextQualifyingLiteral(index, subject, from: 0, limit: subject.count) == nil
            {
                continue  // every match of this rule holds a literal followed closely by a digit (or has one on its line)
            }
            // The stretches of the rule's alphabet holding a decoded character: from the
            // stretch's start (not before `searchFrom`) to its last decoded byte (a match
            // starting after it holds none), or the first byte after a decoded left context.
            stretches.removeAll(keepingCapacity: true)
            if bit == 0 {
                stretches.append((searchFrom, lastDecoded))
            } else {
                var i = firstDecoded
                while i <= lastDecoded {
                    guard masks[i] & bit != 0 && (kind[i] != .none || context.decodedLeft(i)) else {
                        i += 1
                        continue
                    }
                    var start = i
                    while start > searchFrom && masks[start - 1] & bit != 0 { start -= 1 }
                    var limit = i
                    var end = i + 1
                    while end < subject.count && masks[end] & bit != 0 {
                        if kind[end] != .none || context.decodedLeft(end) { limit = end }
                        end += 1
                    }
                    stretches.append((start, limit))
                    i = end
                }
            }
            if aroundWords, let wordZone { Self.addStretch(wordZone, to: &stretches) }
            if let anchored = anchoredMatchData[index] {
                searchAtStarts(index, anchored, prefilter: prefilter, stretches: stretches, context, into: &results)
            } else {
                searchStretches(index, stretches: stretches, context, into: &results)
            }
        }
    }

    /// Adds `zone` to `stretches` (in order, disjoint), joining those it overlaps.
    static func addStretch(_ zone: (start: Int, limit: Int), to stretches: inout [(start: Int, limit: Int)]) {
        var zone = zone
        var kept: [(start: Int, limit: Int)] = []
        for stretch in stretches {
            if stretch.limit < zone.start - 1 || stretch.start > zone.limit + 1 {
                kept.append(stretch)
            } else {
                zone = (min(zone.start, stretch.start), max(zone.limit, stretch.limit))
            }
        }
        let at = kept.firstIndex { $0.start > zone.start } ?? kept.count
        kept.insert(zone, at: at)
        stretches = kept
    }

    private static func contains(_ subject: UnsafeRawBufferPointer, anyOf bytes: [UInt8]) -> Bool {
        if bytes.count == 1 { return memchr(subject.baseAddress!, Int32(bytes[0]), subject.count) != nil }
        return subject.contains { bytes.contains($0) }
    }

    /// The anchored regex of rule `index` at the starts in `stretches` that its start filter
    /// allows and that have an anchor byte of its prefilter close enough: the same matches as
    /// successive unanchored searches (the start filter's and prefilter's promise).
    private func searchAtStarts(
        _ index: Int, _ anchored: MatchData, prefilter: RulePrefilter?, stretches: [(start: Int, limit: Int)],
        _ context: DecodedContext, into results: inout [EncodedFinding]
    ) {
        let subject = context.subject
        let startBit = startTable.bit[index]
        var position = 0  // end of the last match
        var nextAnchor = -1
        for stretch in stretches {
            var start = max(stretch.start, position)
            while start <= stretch.limit {
                if let prefilter {
                    if nextAnchor < start {
                        nextAnchor = Int.max
                        var i = start
                        while i < subject.count {
                            if prefilter.bytes.contains(subject[i]) {
                                nextAnchor = i
                                break
                            }
                            i += 1
                        }
                    }
                    if nextAnchor == Int.max { return }
                    if nextAnchor - start > prefilter.within {
                        start = nextAnchor - prefilter.within
                        continue
                    }
                }
                if startBit != 0
                    && (!startTable.allows(subject, at: start, bit: startBit)
                        || !startTable.hasPrefix(index, subject, at: start))
                {
                    start += 1
                    continue
                }
                let match: Range<Int>?
                do {
                    match = try anchored.firstMatch(in: subject, from: start)
                } catch {
                    return  // like the exhaustive scan: the rest of the line is skipped for this rule
                }
                guard let match, !match.isEmpty else {
                    start += 1
                    continue
                }
                position = match.upperBound
                start = position
                record(match, index, context, into: &results)
            }
        }
    }

    /// Successive unanchored searches of rule `index`, keeping the matches that start in one of
    /// `stretches` (a match found beyond the current stretch is kept for the next ones).
    private func searchStretches(
        _ index: Int, stretches: [(start: Int, limit: Int)], _ context: DecodedContext, into results: inout [EncodedFinding]
    ) {
        let subject = context.subject
        var position = 0  // end of the last match
        var ahead: Range<Int>? = nil  // the first match at or after some start, not yet used
        for stretch in stretches {
            var start = max(stretch.start, position)
            while start <= stretch.limit {
                let match: Range<Int>
                if let ahead, ahead.lowerBound >= start {
                    match = ahead
                } else {
                    guard let next = try? matchData[index].firstMatch(in: subject, from: start), !next.isEmpty else { return }
                    match = next
                    ahead = next
                }
                guard match.lowerBound <= stretch.limit else { break }
                ahead = nil
                position = match.upperBound
                start = position
                record(match, index, context, into: &results)
            }
        }
    }

    /// Assesses one match on a decoded line and keeps it when it holds a decoded byte and starts
    /// at or after buffer index `from`.
    private func record(_ match: Range<Int>, _ index: Int, _ context: DecodedContext, into results: inout [EncodedFinding]) {
        let line = context.line
        // A match holding no decoded byte counts only after a decoded left context, where the
        // plain scan did not match it.
        let holdsDecoded = line.kind[match].contains(where: { $0 != .none })
        let afterDecoded = !holdsDecoded
            && context.decodedLeft(match.lowerBound) && !context.plainMatched(index, at: line.sourceStart[match.lowerBound])
        // A readable value near a decoded word: the plain scan read it without that word, so this
        // finding replaces the plain one where it is more confident (`\uacc4\uc88c 110-…`).
        let nearDecodedWord = !holdsDecoded && !afterDecoded && context.wordNear(match, detector: index)
        guard holdsDecoded || afterDecoded || nearDecodedWord else { return }
        guard var finding = assess(
            (match.lowerBound, match.upperBound, index), subject: context.subject, bufferBase: 0, line: 1, lineStart: 0,
            path: context.path)
        else { return }
        let first = Int(finding.offset)
        let last = first + max(1, finding.length) - 1
        let decoding: TextDecoding
        if let inside = line.kind[first...last].first(where: { $0 != .none }) {
            decoding = inside
        } else if afterDecoded && first == match.lowerBound {
            decoding = line.kind[first - 1]  // its left context
        } else if nearDecodedWord {
            decoding = .none  // the value is as it reads; only its context was decoded
        } else {
            return
        }
        // A reordered decoding (a vCard's address) spans its bytes' sources in any order.
        let start = decoding == .vCardAddress ? line.sourceStart[first...last].min()! : line.sourceStart[first]
        guard start >= context.from else { return }
        finding.length = (decoding == .vCardAddress ? line.sourceEnd[first...last].max()! : line.sourceEnd[last]) - start
        if decoding != .none { finding.decoding = decoding.name }
        if finding.field == nil && decoding == .base64 {
            // A value inside a decoded Base64 text: the field is the key of the Base64 value.
            var token = first
            while token > 0 && line.kind[token - 1] == .base64 { token -= 1 }
            let tokenStart = line.sourceStart[token]
            let original = context.original
            finding.field = FieldLocator.key(
                before: tokenStart, in: original, floor: max(context.lineStart, tokenStart - FieldLocator.reach)
            ).map { displayName(String(decoding: UnsafeRawBufferPointer(rebasing: original[$0]), as: UTF8.self)) }
        }
        results.append(EncodedFinding(start: start, finding: finding))
    }

    /// The index of the second colon of the first `::` in `[from, cut)` (LDIF files only).
    static func doubleColon(_ subject: UnsafeRawBufferPointer, from: Int, cut: Int) -> Int? {
        let base = subject.baseAddress!
        var index = from
        while index < cut, let colon = memchr(base + index, 0x3A, cut - index) {
            let at = base.distance(to: UnsafeRawPointer(colon))
            if at + 1 < subject.count && subject[at + 1] == 0x3A { return at + 1 }
            index = at + 1
        }
        return nil
    }

    /// The Base64 characters of an LDIF value that starts at `from` (after its `::`) on a line
    /// ending at `lineEnd` and is folded (RFC 2849: a line starting with one space continues the
    /// one before; the space is not part of the value): one range per line, and where the line
    /// after the last continuation starts. Nil when the next line does not continue this one, or
    /// a line holds something other than Base64 (padding ends the value).
    static func foldedLDIFValue(
        _ subject: UnsafeRawBufferPointer, from: Int, lineEnd: Int, values: UnsafeBufferPointer<UInt8>
    ) -> (lines: [Range<Int>], next: Int)? {
        let end = subject.count
        guard lineEnd + 1 < end, subject[lineEnd + 1] == 0x20 else { return nil }
        let base = subject.baseAddress!
        var start = from
        while start < lineEnd && subject[start] == 0x20 { start += 1 }
        var lines: [Range<Int>] = []
        var contentEnd = lineEnd
        var next = lineEnd + 1
        while true {
            if contentEnd > start && subject[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            var characters = start
            while characters < contentEnd && values[Int(subject[characters])] != 0xFF { characters += 1 }
            var padding = characters
            while padding < contentEnd && subject[padding] == 0x3D { padding += 1 }
            guard padding == contentEnd else { return nil }
            if characters > start { lines.append(start..<characters) }
            // Padding is the value's end; so is a line that no continuation follows.
            guard padding == characters, next < end, subject[next] == 0x20 else { break }
            start = next + 1
            contentEnd = memchr(base + start, 0x0A, end - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
            next = min(end, contentEnd + 1)
        }
        return lines.isEmpty ? nil : (lines, next)
    }

    /// Whether the line holding `from` is folded: the next line starts with a blank (RFC 2849).
    static func continuesOnNextLine(_ subject: UnsafeRawBufferPointer, from: Int) -> Bool {
        guard from < subject.count, let newline = memchr(subject.baseAddress! + from, 0x0A, subject.count - from) else { return false }
        let next = subject.baseAddress!.distance(to: UnsafeRawPointer(newline)) + 1
        return next < subject.count && subject[next] == 0x20
    }

    /// Whether the `:` at `index` is the second of an LDIF attribute's `::`, the mark of a
    /// Base64 value (`postalAddress:: 7ISc7Jq4…`: LDIF writes every non-ASCII value so, and a
    /// directory export holds names, addresses and numbers that way): an attribute name (letters,
    /// digits, `-`, `;` options) opening the line before it.
    static func isLDIFBase64Value(_ subject: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index >= 2, subject[index - 1] == 0x3A else { return false }
        var start = index - 1
        while start > 0, subject[start - 1] != 0x0A {
            let byte = subject[start - 1]
            guard ValidatorSupport.isASCIIAlphanumeric(byte) || byte == 0x2D || byte == 0x3B else { return false }
            start -= 1
        }
        return start < index - 1 && ValidatorSupport.isASCIILetter(subject[start])
    }
}

/// For each character of a decoded line, the rules whose ``MatchAlphabet`` holds it (bit `i` of
/// a mask: the `i`-th rule with an alphabet; at most 64 rules take part, the others are never
/// skipped).
struct DecodedRuleTable: Sendable {
    /// Bit for each detector index (0 when the detector has no alphabet).
    let bit: [UInt64]
    /// Every bit in use.
    let all: UInt64
    /// Whether some detector has no bit (no alphabet, or beyond the 64th).
    let hasUngated: Bool
    /// Rules per ASCII byte.
    private let ascii: [UInt64]
    /// Non-ASCII scalars: rules per interval `bounds[k]..<bounds[k + 1]` (`bounds[0]` = 0x80).
    private let bounds: [UInt32]
    private let masks: [UInt64]

    init(detectors: [Detector]) {
        var bit = [UInt64](repeating: 0, count: detectors.count)
        var alphabets: [(UInt64, MatchAlphabet)] = []
        for (index, detector) in detectors.enumerated() {
            guard let alphabet = detector.alphabet, alphabets.count < 64 else { continue }
            bit[index] = 1 << UInt64(alphabets.count)
            alphabets.append((bit[index], alphabet))
        }
        self.bit = bit
        all = alphabets.reduce(0) { $0 | $1.0 }
        hasUngated = bit.contains(0)
        ascii = (0..<128).map { byte in
            alphabets.reduce(0) { $1.1.contains(UInt32(byte)) ? $0 | $1.0 : $0 }
        }
        var breaks: [UInt32] = [0x80]
        for (_, alphabet) in alphabets {
            for range in alphabet.ranges {
                breaks.append(range.lowerBound)
                if range.upperBound < 0x10FFFF { breaks.append(range.upperBound + 1) }
            }
        }
        breaks.sort()
        bounds = breaks.enumerated().filter { $0.offset == 0 || $0.element != breaks[$0.offset - 1] }.map(\.element)
        masks = bounds.map { scalar in alphabets.reduce(0) { $1.1.contains(scalar) ? $0 | $1.0 : $0 } }
    }

    /// The interval of `bounds` holding the non-ASCII `scalar`.
    private func interval(of scalar: UInt32) -> Int {
        var lower = 0
        var upper = bounds.count
        while upper - lower > 1 {
            let middle = (lower + upper) / 2
            if bounds[middle] <= scalar { lower = middle } else { upper = middle }
        }
        return lower
    }

    /// Sets `masks[i]` for every byte of `subject` to the rules whose alphabet holds the
    /// character the byte belongs to. A byte of an invalid UTF-8 sequence gets every rule (PCRE2
    /// matches no invalid sequence, so this is only cautious).
    func classify(_ subject: UnsafeRawBufferPointer, into masks: inout [UInt64]) {
        let count = subject.count
        if masks.count < count { masks.append(contentsOf: repeatElement(0, count: count - masks.count)) }
        masks.withUnsafeMutableBufferPointer { out in
            ascii.withUnsafeBufferPointer { ascii in
                var cachedLow: UInt32 = 1
                var cachedHigh: UInt32 = 0
                var cachedRules: UInt64 = 0
                var i = 0
                while i < count {
                    let byte = subject[i]
                    if byte < 0x80 {
                        out[i] = ascii[Int(byte)]
                        i += 1
                        continue
                    }
                    // A UTF-8 sequence: its length and scalar, if it is valid.
                    var length = 0
                    var scalar: UInt32 = 0
                    if byte >= 0xC2 && byte <= 0xDF {
                        length = 2
                        scalar = UInt32(byte & 0x1F)
                    } else if byte >= 0xE0 && byte <= 0xEF {
                        length = 3
                        scalar = UInt32(byte & 0x0F)
                    } else if byte >= 0xF0 && byte <= 0xF4 {
                        length = 4
                        scalar = UInt32(byte & 0x07)
                    }
                    var valid = length > 0 && i + length <= count
                    if valid {
                        for k in 1..<length {
                            let next = subject[i + k]
                            guard next & 0xC0 == 0x80 else {
                                valid = false
                                break
                            }
                            scalar = scalar << 6 | UInt32(next & 0x3F)
                        }
                    }
                    if valid {
                        valid = (length == 3 && scalar >= 0x800 && !(0xD800...0xDFFF).contains(scalar))
                            || (length == 4 && scalar >= 0x10000 && scalar <= 0x10FFFF) || length == 2
                    }
                    guard valid else {
                        out[i] = all
                        i += 1
                        continue
                    }
                    // Hangul text repeats one interval: remember the last one.
                    if scalar < cachedLow || scalar >= cachedHigh {
                        let interval = self.interval(of: scalar)
                        cachedLow = bounds[interval]
                        cachedHigh = interval + 1 < bounds.count ? bounds[interval + 1] : 0x110000
                        cachedRules = self.masks[interval]
                    }
                    for k in 0..<length { out[i + k] = cachedRules }
                    i += length
                }
            }
        }
    }
}
