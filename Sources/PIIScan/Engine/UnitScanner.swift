#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScanKernels
import PCRE2
import PIIModel
import PIIRules

/// What scanning one work unit produced besides its findings (which go to a sink as they are
/// settled, so memory does not grow with their number).
struct UnitResult: Sendable {
    var issues: [InputIssue] = []
    /// Decoded bytes scanned.
    var bytes: Int64 = 0
    /// Line breaks in the unit (to number the lines of the following units).
    var newlines: Int64 = 0
}

/// Scans byte streams with every detector, in bounded memory. One per worker thread: it owns
/// its read buffer and PCRE2 match data, so nothing mutable is shared on the hot path.
///
/// The stream is processed in windows of the read buffer. A window is cut after its last line
/// break (or, inside a line longer than the buffer, `margin` bytes before the data end), each
/// detector accepts only matches that start before the cut and resumes after its last match,
/// and `keep` bytes before the cut stay in the buffer as lookbehind and keyword context. The
/// result is therefore identical to matching the whole stream at once, whatever the buffer size.
final class UnitScanner {
    let detectors: [Detector]
    /// Whether database cells may be packed into lanes for these detectors (see ``CellBatch``):
    /// parsing every rule's pattern costs more than scanning a small table, so it is asked once.
    private(set) lazy var canPackCells = CellBatch.canPack(detectors)
    let matchData: [MatchData]
    /// Match data of the anchored variants (prefiltered rules only).
    let anchoredMatchData: [MatchData?]
    let configuration: ScanConfiguration
    private let buffer: UnsafeMutableRawBufferPointer
    /// `piiscan:allow` comments (nil when disabled).
    private let suppression: InlineSuppression?
    /// The rules' start filters, and the current window's candidates (see ``StartFilterTable``).
    let startTable: StartFilterTable
    /// Per detector: its line filter's literal search (nil without a line filter).
    let literalFinders: [LiteralFinder?]
    /// The line-filter literals' marks of the current window, shared by those rules (nil with
    /// fewer than two).
    let windowMasks: WindowMasks?
    /// The same for the context rules' words (``RuleLineFilter/isContext``).
    let contextMasks: WindowMasks?
    /// Per detector with a prefilter and an alphabet: the bytes a match may consume, as a
    /// 256-bit map (a byte ≥ 0x80 counts when the alphabet has any non-ASCII character). A
    /// match holding an anchor consumes every byte from its start to the anchor, so no match
    /// starts before the last byte outside this map (see ``findAroundAnchors``).
    let anchorReach: [(UInt64, UInt64, UInt64, UInt64)?]
    private var candidates: [StartFilterTable.Candidate] = []
    private var fingerprints = FingerprintCache()
    private var resumeScratch: [Int] = []
    /// The last call's pending findings, matches and encoded values arrays, emptied, kept for
    /// the next call: database cells are scanned a lane (a column's cells of a batch) per call,
    /// and a lane's findings run to thousands — grown from nothing on every call, the arrays
    /// were reallocated a dozen times per lane, on pages the kernel had to zero afresh.
    private var pendingScratch: [Pending] = []
    private var matchScratch: [(start: Int, end: Int, detector: Int)] = []
    private var encodedScratch: [EncodedFinding] = []
    /// The most pending findings whose storage is kept between calls (about 3 MB).
    private static let keptPendingCapacity = 16 << 10
    /// Keyword distances of the candidate being validated (reused: one allocation per scanner).
    private let keywordMemo = KeywordDistances()
    /// Which rules a decoded character can take part in, and scratch space for decoded lines
    /// (reused from line to line; see `findEncoded`).
    let decodedTable: DecodedRuleTable
    let decodedLine = DecodedLine()
    var decodedMasks: [UInt64] = []
    var decodedResults: [EncodedFinding] = []
    /// Scratch of the decoded scan: per detector, whether a decoded word is one of its keywords.
    var decodedWordRules: [Bool] = []
    var decodedStretches: [(start: Int, limit: Int)] = []

    /// Bytes kept before the cut for lookbehinds, keyword context (≥ Candidate.contextWidth) and
    /// a text table's header above a row (``TextTable/reach``: what a window sees above its
    /// first line must not depend on where the window starts).
    static let keep = 2048
    /// Bytes between a mid-line cut and the data end: longer than any match plus its context.
    static let margin = 1024
    /// The smallest usable buffer.
    static let minimumBufferSize = 4096

    init(detectors: [Detector], configuration: ScanConfiguration) {
        self.detectors = detectors
        matchData = detectors.map { MatchData(for: $0.regex) }
        anchoredMatchData = detectors.map { $0.anchoredRegex.map(MatchData.init(for:)) }
        self.configuration = configuration
        startTable = StartFilterTable(detectors: detectors)
        literalFinders = detectors.map { $0.rule.lines.flatMap(LiteralFinder.init) }
        // Context words (`계좌`, `사업자` …) share marks of their own: their Hangul bytes in the
        // address rules' marks would give every address rule more positions to compare.
        let windowMasks = WindowMasks(
            detectors.compactMap(\.rule.lines).filter { !$0.isContext }, bufferSize: max(UnitScanner.minimumBufferSize, configuration.bufferSize))
        let contextMasks = WindowMasks(
            detectors.compactMap(\.rule.lines).filter(\.isContext), bufferSize: max(UnitScanner.minimumBufferSize, configuration.bufferSize))
        // Both sets of marks are computed in one pass over each window (``WindowMasks/partner``).
        windowMasks?.partner = contextMasks
        contextMasks?.partner = windowMasks
        self.windowMasks = windowMasks
        self.contextMasks = contextMasks
        contextRules = detectors.indices.filter { detectors[$0].rule.lines?.isContext == true }
        contextStarts = detectors.map { detector in
            guard detector.rule.lines?.isContext == true, let filter = detector.rule.start, detector.anchoredRegex != nil else { return nil }
            return ContextStarts(filter)
        }
        contextOpen = [Bool](repeating: false, count: detectors.count)
        anchorReach = detectors.map { detector in
            guard detector.rule.prefilter != nil, let alphabet = detector.alphabet else { return nil }
            let wide: UInt64 = alphabet.ranges.isEmpty ? 0 : ~0
            var ascii: (UInt64, UInt64) = (0, 0)
            for byte in 0..<128 where alphabet.contains(UInt32(byte)) {
                if byte < 64 { ascii.0 |= 1 << UInt64(byte) } else { ascii.1 |= 1 << UInt64(byte - 64) }
            }
            return (ascii.0, ascii.1, wide, wide)
        }
        decodedTable = DecodedRuleTable(detectors: detectors)
        buffer = .allocate(byteCount: max(UnitScanner.minimumBufferSize, configuration.bufferSize), alignment: 64)
        suppression = configuration.inlineSuppression
            ? InlineSuppression(known: Set(detectors.flatMap { [$0.rule.id, $0.rule.category.rawValue] } + ["kr-frn"])) : nil
    }

    deinit { buffer.deallocate() }

    /// A finding waiting for overlap resolution; it may still lose to an overlapping match that
    /// starts in the next window.
    private struct Pending {
        /// `nil` once handed to the sink: moved out with `take()`, not copied (a copy retains,
        /// and its release frees, every string of the finding).
        var finding: Finding?
        var end: Int64
    }

    /// Scans `source` to its end. `baseOffset` is the offset of its first byte in the input.
    /// Findings go to `sink` in order, with line numbers relative to the start of the unit (its
    /// first line is line 1); the caller shifts them. `context` is extra keyword context for every
    /// candidate (a database column name); empty for files. `structure` names the columns of a
    /// CSV/TSV file (from its header row). `lineStart` is the input offset where the first line
    /// began, when that is before `baseOffset` (a skipped leading NUL run): columns count from it.
    /// `followsTables`: the call reads a whole CSV/TSV input and follows a sheet's later tables
    /// (``followsTables``). `htmlTables`: the tables of an HTML file (``HTMLTables``), whose
    /// header rows name the columns of the cells below. `xml`: an XML file, whose elements' names
    /// are keys of split values (`<rrn1>900101</rrn1><rrn2>…`), as JSON keys are.
    /// `fixedColumns`: the columns of a fixed-width table the file's head underlines
    /// (``FixedColumns``), which name the cells of every row.
    func scan<Source: ByteSource>(
        _ source: inout Source, path: String, baseOffset: Int64 = 0, lineStart firstLineStart: Int64? = nil,
        context: [UInt8] = [], structure: TextStructure? = nil, lines: LineReading = .records, lineBefore: [UInt8] = [],
        textBefore: [UInt8] = [],
        mail: Bool = false, folding: FoldedText.Format? = nil, followsTables: Bool = false, htmlTables: HTMLTables? = nil,
        xml: Bool = false, fixedColumns: FixedColumns? = nil, sink: (consuming Finding) -> Void
    ) -> UnitResult {
        extraContext = context
        self.fixedColumns = fixedColumns
        readsXMLElements = xml && configuration.decodeValues
        setHTMLTables(htmlTables)
        self.structure = structure
        self.followsTables = followsTables && structure != nil
        nextTable = nil
        decodesMailBodies = mail && configuration.decodeValues
        decodesLDIFValues = folding == .ldif && configuration.decodeValues
        unfolds = configuration.decodeValues ? folding : nil
        shownColumns = nil
        if !contextRules.isEmpty { openContextRules(context: context, structure: structure) }
        (self.lineBefore, lineBeforeUnit, linesMayAnswer) = (lineBefore, baseOffset, lines == .text && structure == nil)
        self.textBefore = textBefore
        defer {
            extraContext = []
            self.fixedColumns = nil
            setHTMLTables(nil)
            self.structure = nil
            self.followsTables = false
            nextTable = nil
            shownColumns = nil
            self.lineBefore = []
            self.textBefore = []
            readsXMLElements = false
        }
        var result = UnitResult()
        let capacity = buffer.count
        var filled = 0
        var scanStart = 0
        var bufferBase = baseOffset  // input offset of buffer[0]
        // Reuses the previous call's array (database cells are scanned one by one); a nested
        // call would find it taken and allocate its own.
        var resume = resumeScratch.count == detectors.count ? resumeScratch : [Int](repeating: 0, count: detectors.count)
        resumeScratch = []
        for index in resume.indices { resume[index] = 0 }
        defer { resumeScratch = resume }
        var endOfInput = false
        // Line tracking: `cursor` (buffer index) is on line `line` (unit-relative), whose first
        // byte is at input offset `lineStart`.
        var cursor = 0
        var line: Int64 = 1
        var lineStart = min(firstLineStart ?? baseOffset, baseOffset)
        // Taken, so that a nested call (none today) would start with arrays of its own.
        var pending = pendingScratch
        var matches = matchScratch
        var encoded = encodedScratch
        (pendingScratch, matchScratch, encodedScratch) = ([], [], [])
        defer {
            pending.removeAll(keepingCapacity: pending.capacity <= UnitScanner.keptPendingCapacity)
            matches.removeAll(keepingCapacity: true)
            encoded.removeAll(keepingCapacity: true)
            (pendingScratch, matchScratch, encodedScratch) = (pending, matches, encoded)
        }
        // UTF-16 columns (`utf16Columns`, for SARIF): the code units of line `lineStart` before
        // input offset `position`, remembered so that the findings of one long line are counted
        // from the previous one, and carried over the bytes a buffer shift drops (a line longer
        // than the buffer; the shift may cut a character, whose state the counter keeps).
        // `lineStart` -1: nothing remembered.
        var utf16Mark = (lineStart: Int64(-1), position: Int64(0), counter: UTF16Counter())
        if let firstLineStart, firstLineStart < baseOffset {
            // Skipped leading NUL bytes: one unit each.
            utf16Mark = (firstLineStart, baseOffset, UTF16Counter(units: baseOffset - firstLineStart))
        }
        /// The UTF-16 code units from `lineStart` to `position` (both input offsets), or nil
        /// when those bytes are no longer in the buffer.
        func utf16Units(upTo position: Int64, lineStart: Int64) -> Int64? {
            let bufferEnd = bufferBase + Int64(filled)
            guard lineStart <= position, position <= bufferEnd else { return nil }
            var from: Int64
            var counter: UTF16Counter
            if utf16Mark.lineStart == lineStart && utf16Mark.position <= position && utf16Mark.position >= bufferBase {
                (from, counter) = (utf16Mark.position, utf16Mark.counter)
            } else if lineStart >= bufferBase {
                (from, counter) = (lineStart, UTF16Counter())
            } else {
                return nil
            }
            counter.add(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[Int(from - bufferBase)..<Int(position - bufferBase)]))
            utf16Mark = (lineStart, position, counter)
            return counter.units
        }
        /// Sets the finding's UTF-16 columns (left 0 when its line is no longer in the buffer).
        /// A span that crosses line breaks (a decoded mail body's encoded text) ends on a later
        /// line: `utf16EndLine` names it and the end column counts from its start.
        func locateUTF16(_ finding: inout Finding) {
            guard finding.line > 0 else { return }
            let lineStart = finding.offset - Int64(finding.column - 1)
            let end = finding.offset + Int64(finding.length)
            guard let before = utf16Units(upTo: finding.offset, lineStart: lineStart),
                end <= bufferBase + Int64(filled)
            else { return }
            var (endLineStart, breaks) = (lineStart, 0)
            let spanStart = Int(finding.offset - bufferBase)
            for index in spanStart..<Int(end - bufferBase) where buffer[index] == 0x0A {
                (endLineStart, breaks) = (bufferBase + Int64(index) + 1, breaks + 1)
            }
            guard let through = utf16Units(upTo: end, lineStart: endLineStart) else { return }
            finding.utf16Column = Int32(clamping: before + 1)
            finding.utf16EndColumn = Int32(clamping: through + 1)
            if breaks > 0 { finding.utf16EndLine = Int32(clamping: finding.line + breaks) }
        }
        // Where ``locate`` last counted to in the window: buffer index, its line, the line's start.
        var locator = (position: 0, line: Int64(1), lineStart: Int64(0))
        var limitReported = Set<Int>()
        var decodeResume = 0
        var mailResume = 0
        var foldResume = 0
        var blobResume = 0
        var lostZeroResume = 0

        func advanceCursor(to target: Int) {
            guard target > cursor else { return }
            let base = UnsafeRawPointer(buffer.baseAddress!)
            var position = cursor
            while position < target, let hit = memchr(base + position, 0x0A, target - position) {
                let index = base.distance(to: UnsafeRawPointer(hit))
                line += 1
                lineStart = bufferBase + Int64(index) + 1
                position = index + 1
            }
            cursor = target
        }

        while true {
            while filled < capacity && !endOfInput {
                do {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<capacity]))
                    if n == 0 { endOfInput = true } else { filled += n }
                } catch {
                    result.issues.append(InputIssue(kind: .error, path: path, message: error.message))
                    endOfInput = true
                }
            }

            var cut: Int
            if endOfInput {
                cut = filled
            } else if let newline = lastNewline(in: scanStart..<filled) {
                cut = newline + 1
            } else {
                cut = max(scanStart + 1, filled - UnitScanner.margin)
            }

            if unfolds != nil && !endOfInput {
                // A folded line is read whole: the window ends before one that may go on after it.
                cut = UnitScanner.foldedCut(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), scanStart: scanStart, cut: cut)
            }

            // The cursor is at the window's start: split values are placed from there.
            let (windowLine, windowLineStart) = (line, lineStart)
            locator = (scanStart, line, lineStart)
            let subject = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
            suppressionLine = nil  // buffer indices of the last window
            windowMasks?.invalidate()
            contextMasks?.invalidate()
            windowStartsUnit = bufferBase == lineBeforeUnit
            matches.removeAll(keepingCapacity: true)
            if let next = nextTable, next.start == bufferBase + Int64(scanStart) {
                // A later table of the sheet starts here: its records are read under its header.
                self.structure = next.structure
                shownColumns = nil
                if !contextRules.isEmpty { openContextRules(context: extraContext, structure: next.structure) }
                nextTable = nil
            }
            if structure != nil {
                // First the CSV/TSV cells: the line-filtered search reads the multi-line cells.
                windowBase = bufferBase
                (lostZeroResume, cut) = findLostZeroCells(
                    subject: subject, from: max(scanStart, lostZeroResume), cut: cut, final: endOfInput, path: path, into: &cellFindings)
            }
            collectStartCandidates(subject: subject, scanStart: scanStart, resume: resume, cut: cut)
            for index in detectors.indices {
                let from = max(scanStart, resume[index])
                let end: Int
                if let prefilter = detectors[index].rule.prefilter, let anchored = anchoredMatchData[index] {
                    end = findAroundAnchors(index, anchored, prefilter, subject: subject, from: from, cut: cut, into: &matches)
                } else if startTable.bit[index] != 0, let anchored = anchoredMatchData[index] {
                    end = findAtStarts(index, anchored, subject: subject, from: from, cut: cut, into: &matches)
                } else if let lines = detectors[index].rule.lines,
                    !lines.isContext || !(contextOpen[index] || opensContext(index, subject: subject, cut: cut))
                {
                    let found = matches.count
                    end = max(
                        findOnLines(index, subject: subject, from: from, cut: cut, into: &matches),
                        findInHTMLRows(index, subject: subject, from: from, cut: cut, bufferBase: bufferBase, after: found, into: &matches))
                } else if contextStarts[index] != nil {
                    end = findAtContextStarts(index, subject: subject, from: from, cut: cut, into: &matches)
                } else {
                    end = findAll(index, subject: subject, from: from, cut: cut, into: &matches)
                }
                resume[index] = max(cut, end)
            }
            for hit in limitHits where limitReported.insert(hit.detector).inserted {
                // Once per rule and input: the scan goes on, but this input was not fully checked.
                result.issues.append(InputIssue(
                    kind: .error, path: path,
                    message: "rule '\(detectors[hit.detector].rule.id)': \(hit.error) near byte \(bufferBase + Int64(hit.position)); the rest of that line was skipped for this rule"))
            }
            limitHits.removeAll(keepingCapacity: true)
            if dumpCells != nil {
                // Unquoted numbers of dump rows that may have lost leading zeros, and hex-encoded
                // BLOB values: assessed in offset order with the others, when the dump parser can
                // say which value they are.
                findDumpNumbers(subject: subject, from: scanStart, cut: cut, final: endOfInput, into: &matches)
                blobResume = findDumpBlobs(subject: subject, from: max(scanStart, blobResume), cut: cut, final: endOfInput, into: &matches)
            }
            if matches.count > 1 {
                matches.sort { $0.start != $1.start ? $0.start < $1.start : $0.detector < $1.detector }
            }

            // Consuming: each finding is moved, not copied, into `pending`.
            func consider(_ finding: consuming Finding) {
                dumpCells?.attribute(&finding)
                if configuration.utf16Columns { locateUTF16(&finding) }
                let end = finding.offset + Int64(finding.length)
                // Read in place: `pending.last` would copy the whole pending finding.
                let last = pending.count - 1
                if last >= 0, finding.offset < pending[last].end {
                    // (Of two alike, the value read across a fold, which the plain scan saw cut.)
                    if finding.confidence > pending[last].finding!.confidence
                        || unfolds != nil && finding.confidence == pending[last].finding!.confidence && end > pending[last].end
                            && finding.offset == pending[last].finding!.offset && finding.decoding == TextDecoding.folded.name
                    {
                        pending[last] = Pending(finding: consume finding, end: end)
                    }
                } else {
                    pending.append(Pending(finding: consume finding, end: end))
                }
            }
            // Values hidden by encodings (percent, \u, entities, full-width, Base64): merged by start.
            encoded.removeAll(keepingCapacity: true)
            if configuration.decodeValues {
                decodeResume = findEncoded(
                    subject: subject, from: max(scanStart, decodeResume), cut: cut, path: path, plain: matches, into: &encoded)
            }
            // (Each pass below finds its values apart and they are merged by start: a decoded
            // line's values are kept in order of start among those found before it — one that
            // overlaps the last is kept or dropped — and the passes before found later lines'.)
            if decodesMailBodies {
                // A mail file's Base64 and quoted-printable bodies, merged by start with the above.
                var bodies: [EncodedFinding] = []
                mailResume = findMailBodies(
                    subject: subject, from: max(scanStart, mailResume), cut: cut, final: endOfInput, path: path, into: &bodies)
                let decoded = encoded.count
                encoded += bodies
                UnitScanner.mergeByStart(&encoded, tailFrom: decoded)
            }
            if let unfolds {
                // A vCard's, calendar's or LDIF file's folded lines read unfolded, merged by start.
                var unfolded: [EncodedFinding] = []
                foldResume = findFoldedLines(
                    subject: subject, from: max(scanStart, foldResume), cut: cut, final: endOfInput, format: unfolds, path: path,
                    into: &unfolded)
                let decoded = encoded.count
                encoded += unfolded
                UnitScanner.mergeByStart(&encoded, tailFrom: decoded)
            }
            if !cellFindings.isEmpty {
                // Digit-only CSV cells that lost their leading zeros, merged by start with the above.
                let decoded = encoded.count
                encoded += cellFindings
                cellFindings.removeAll(keepingCapacity: true)
                UnitScanner.mergeByStart(&encoded, tailFrom: decoded)
            }
            if !splitFound.isEmpty {
                // Values split over the fields of a line, found by the decoding pass (not in CSV
                // or dump rows, whose cells are joined by column).
                let decoded = encoded.count
                if structure == nil && dumpCells == nil { encoded += splitFound }
                splitFound.removeAll(keepingCapacity: true)
                UnitScanner.mergeByStart(&encoded, tailFrom: decoded)
            }
            var nextEncoded = 0
            func considerEncoded(before position: Int) {
                while nextEncoded < encoded.count && encoded[nextEncoded].start < position {
                    var finding = encoded[nextEncoded].finding
                    advanceCursor(to: encoded[nextEncoded].start)
                    finding.offset = bufferBase + Int64(encoded[nextEncoded].start)
                    finding.line = Int(line)
                    finding.column = Int(finding.offset - lineStart) + 1
                    nextEncoded += 1
                    consider(finding)
                }
            }

            for match in matches {
                considerEncoded(before: match.start)
                advanceCursor(to: match.start)
                if match.detector == dumpBlobMatch {
                    // Its findings start inside it, after this match: merged into the decoded
                    // ones still to come.
                    let blob = dumpBlobFindings(match, subject: subject, bufferBase: bufferBase, path: path)
                    if !blob.isEmpty {
                        var rest = Array(encoded[nextEncoded...])
                        let tail = rest.count
                        rest += blob
                        UnitScanner.mergeByStart(&rest, tailFrom: tail)
                        encoded.replaceSubrange(nextEncoded..., with: rest)
                    }
                    continue
                }
                if match.detector == dumpNumberMatch {
                    guard var finding = dumpNumberFinding(match, subject: subject, bufferBase: bufferBase, lineStart: lineStart, path: path)
                    else { continue }
                    finding.offset = bufferBase + Int64(match.start)
                    finding.line = Int(line)
                    finding.column = Int(finding.offset - lineStart) + 1
                    consider(finding)
                    continue
                }
                var candidate = match
                while true {
                    if let finding = assess(
                        candidate, subject: subject, bufferBase: bufferBase, line: line, lineStart: lineStart, path: path)
                    {
                        consider(finding)
                        break
                    }
                    // A rejected match may hide one that starts inside it, after a separator
                    // (`13:29:02 010 6880 4906`: the landline `02 010 6880` is no number, the mobile
                    // after it is): the search went on after its end.
                    guard let inner = matchStartingInside(candidate, subject: subject, cut: cut) else { break }
                    considerEncoded(before: inner.start)
                    advanceCursor(to: inner.start)
                    candidate = inner
                }
            }
            considerEncoded(before: Int.max)

            // Values split over the columns of dump rows (`jumin1`, `jumin2`), joined by the
            // dump parser: merged by offset, in place of a match of the same category over the
            // same parts (a COPY line's `900101<TAB>1234568`); later findings wait for their rows.
            // The parser reads up to the cut now (it lags behind the candidates otherwise, and
            // a row read windows later had lost its bytes): the rows that end in this window
            // give their values here, and the parts of the row still open are placed before
            // the window moves on.
            var splitHorizon = Int64.max
            if let dumpCells {
                if endOfInput { dumpCells.parseAll() } else { dumpCells.parse(upTo: bufferBase + Int64(cut)) }
                if dumpCells.hasSplitColumns {
                    var splits = dumpCells.takeSplitValues()
                    if splits.count > 1 { splits.sort { $0.start < $1.start } }
                    for split in splits { mergeSplit(split, dumpCells) }
                    if !endOfInput {
                        dumpCells.parser.locateOpenParts(locate)
                        splitHorizon = dumpCells.splitHorizon
                    }
                }
            }
            /// The line of input offset `offset` (from the window's start on) and where that
            /// line begins, counted on from the last offset asked (they come in order).
            func locate(_ offset: Int64) -> (line: Int64, lineStart: Int64)? {
                guard offset >= bufferBase + Int64(scanStart), offset <= bufferBase + Int64(filled) else { return nil }
                let target = Int(offset - bufferBase)
                if target < locator.position { locator = (scanStart, windowLine, windowLineStart) }
                let base = UnsafeRawPointer(buffer.baseAddress!)
                var position = locator.position
                while position < target, let hit = memchr(base + position, 0x0A, target - position) {
                    let index = base.distance(to: UnsafeRawPointer(hit))
                    locator.line += 1
                    locator.lineStart = bufferBase + Int64(index) + 1
                    position = index + 1
                }
                locator.position = target
                return (locator.line, locator.lineStart)
            }
            func mergeSplit(_ split: SQLDumpParser.SplitValue, _ cells: SQLDumpAttributor) {
                let context = CellScanner.context(forColumn: split.context)
                let found = split.backHalf
                    ? split.joined.withUnsafeBytes { backHalfFinding($0, context: context, path: path) }
                    : split.address ? splitAddressFinding(split.joined, context: context, path: path)
                    : splitValueFinding(split.joined, residentNumber: split.residentNumber, context: context, path: path)
                guard var finding = found else { return }
                // Where the first part starts: placed by the parser when the row began in an
                // earlier window, else counted here (never expected to fail: then the cursor's line).
                let location = split.line > 0 ? (line: split.line, lineStart: split.lineStart) : locate(split.start) ?? (line, lineStart)
                finding.offset = split.start
                finding.length = Int(split.end - split.start)
                finding.line = Int(location.line)
                finding.column = max(1, Int(split.start - location.lineStart) + 1)
                if configuration.showValues {
                    // The text of the span; the joined digits when the parts lie far apart.
                    finding.value = String(decoding: split.address ? split.joined : split.text ?? split.joined, as: UTF8.self)
                }
                if split.end >= bufferBase && split.end <= bufferBase + Int64(filled) {
                    markSuppression(&finding, subject: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<filled]),
                        lineStart: Int(max(location.lineStart, bufferBase) - bufferBase), after: Int(split.end - bufferBase))
                }
                cells.attribute(&finding, split: split)
                // After the findings before it; a finding of its category within its span (the
                // parts read as one text value) gives way to it.
                var position = pending.count
                while position > 0 && pending[position - 1].finding!.offset > split.start { position -= 1 }
                var replaced = false
                while position < pending.count && pending[position].finding!.offset < split.end {
                    if pending[position].end <= split.end && pending[position].finding!.category == finding.category {
                        pending.remove(at: position)
                        replaced = true
                    } else {
                        break
                    }
                }
                if !replaced && position > 0 && pending[position - 1].end > split.start && pending[position - 1].finding!.offset == split.start
                    && pending[position - 1].finding!.category == finding.category
                {
                    pending.remove(at: position - 1)
                    position -= 1
                }
                pending.insert(Pending(finding: finding, end: split.end), at: position)
            }

            // Findings that end before the cut can no longer be displaced by a later match.
            let cutOffset = bufferBase + Int64(cut)
            var settled = 0
            while settled < pending.count
                && (endOfInput || (pending[settled].end <= cutOffset && pending[settled].finding!.offset < splitHorizon))
            {
                settled += 1
            }
            for index in 0..<settled { sink(pending[index].finding.take()!) }
            pending.removeFirst(settled)

            advanceCursor(to: cut)
            // (At the input's end a window ends early only before a later table of a sheet,
            // whose records the next window reads.)
            if endOfInput && cut >= filled { break }
            if Interruption.isRequested {
                // Stop after this window; the input is incomplete (findings so far are kept).
                result.issues.append(InputIssue(
                    kind: .error, path: path, message: "scan interrupted after byte \(bufferBase + Int64(cut))"))
                for index in pending.indices { sink(pending[index].finding.take()!) }
                pending.removeAll()
                filled = cut
                break
            }

            let keepFrom = max(0, cut - UnitScanner.keep)
            if configuration.utf16Columns && keepFrom > 0 && lineStart < bufferBase + Int64(keepFrom) {
                // The line at the cut goes on past the bytes about to be dropped: count them now.
                _ = utf16Units(upTo: bufferBase + Int64(keepFrom), lineStart: lineStart)
            }
            let remaining = filled - keepFrom
            if keepFrom > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + keepFrom, byteCount: remaining)
            }
            bufferBase += Int64(keepFrom)
            filled = remaining
            scanStart = cut - keepFrom
            cursor -= keepFrom
            for index in resume.indices { resume[index] -= keepFrom }
            decodeResume -= keepFrom
            mailResume -= keepFrom
            foldResume -= keepFrom
            blobResume -= keepFrom
            lostZeroResume -= keepFrom
        }
        result.bytes = bufferBase + Int64(filled) - baseOffset
        result.newlines = line - 1
        return result
    }

    /// Extra keyword context of the current ``scan(_:path:baseOffset:context:structure:sink:)`` call.
    private var extraContext: [UInt8] = []
    /// The end of the line before the unit (a work unit of a text file that begins after its
    /// first line), for a value alone on the unit's first line (``answersLineBefore``); the
    /// unit's first offset; and whether the current window begins there.
    private var lineBefore: [UInt8] = []
    /// The whole lines within ``TextTable/reach`` bytes before the unit (``ScanEngine/textBefore``).
    private var textBefore: [UInt8] = []
    /// Whether the current call decodes MIME bodies (a mail file, see ``MailText``).
    var decodesMailBodies = false
    /// Whether the current call decodes an LDIF file's Base64 values (`attr:: …`).
    var decodesLDIFValues = false
    /// The folded format of the current call's file, whose folded lines are read unfolded
    /// (``FoldedText``); nil for other text.
    var unfolds: FoldedText.Format?
    /// While a decoded line is assessed: the buffer index where its original line starts.
    var decodedLineOrigin: Int?
    private var lineBeforeUnit: Int64 = -1
    private var windowStartsUnit = false
    /// Whether a line may answer the line before it (``LineReading/text``, not CSV).
    private var linesMayAnswer = false

    /// How the lines of a scanned input relate.
    enum LineReading {
        /// Each line stands alone: database cells packed one per line, decoded BLOBs, SQL dumps.
        case records
        /// Text a person or program wrote line after line: a value alone on its line may answer
        /// the line before (``answersLineBefore``).
        case text
    }
    /// The rules whose line filter holds context words (``RuleLineFilter/isContext``), and, by
    /// detector, whether the current call searches every line for them (see ``openContextRules``).
    private let contextRules: [Int]
    /// Per context rule with a start filter: where its anchored pattern is tried (nil: searched
    /// with the whole pattern).
    private let contextStarts: [ContextStarts?]
    /// By detector: whether a context rule searches every line of the current unit (its column
    /// names, or in a dump the text so far, hold one of its words). Read by the decoding pass.
    var contextOpen: [Bool]
    /// The column names ``contextOpen`` was last worked out for (cells of one column come in a row).
    private var contextKey: (context: [UInt8], columns: [String], open: [Bool]) = ([0xFF], [], [])
    /// The rows of the SQL dump being scanned (nil for other inputs): a candidate in a row value
    /// is assessed like a database cell (the value's bytes and its column name as context), and
    /// findings are attributed to their table, column and row as they are settled.
    var dumpCells: SQLDumpAttributor?
    /// Whether the current scan reads the input from its start to its end in one call (a
    /// transcoded file, a gzip stream, standard input) and follows a sheet's later tables
    /// itself (``followingTable(_:title:final:windowStart:)``); a file's work units are given
    /// theirs by the engine instead.
    private var followsTables = false
    /// The later table found at the end of the last window: where its records start (an input
    /// offset, the next window's start) and its columns.
    private var nextTable: (start: Int64, structure: TextStructure)?
    /// The tables of the HTML file being scanned (nil for other inputs).
    private var htmlTables: HTMLTables?
    /// The columns of the file's fixed-width table, for the call (``scan``'s `fixedColumns`).
    private var fixedColumns: FixedColumns?
    /// The rows of those tables whose column names hold a context rule's word, by context rule:
    /// they are searched by it whole, as a CSV file's lines are (input offsets).
    private var htmlRowsOpen: [Int: [Range<Int64>]] = [:]
    /// The last HTML column name used as a field's, and the name as a string.
    private var htmlColumn: (name: [UInt8], string: String) = ([], "")
    /// CSV/TSV columns of the current scan (nil for other text).
    private var structure: TextStructure? {
        didSet {
            columnWalk = FieldLocator.ColumnWalk()
            cellCarry = nil
        }
    }
    /// The lines of the current window that begin inside a quoted CSV/TSV cell, in order: the
    /// line's start, the cell's column and start (buffer indices; a start before the buffer is
    /// negative). Made by ``findLostZeroCells(subject:from:cut:final:path:into:)``.
    var cellContinuations: [(line: Int, column: Int, cellStart: Int)] = []
    /// A quoted cell open at the end of the last window: the next line's start, the cell's
    /// column and start, the record's start (input offsets), and whether its first line break
    /// is still to be judged.
    var cellCarry: (line: Int64, column: Int, cellStart: Int64, recordStart: Int64, undecided: Bool)?
    /// The input offset of the current window's first buffer byte.
    var windowBase: Int64 = 0
    /// The lost-zero and split-cell findings of the current window, until merged with the others.
    private var cellFindings: [EncodedFinding] = []
    /// The column walk of the line of the last CSV/TSV value located (see ``FieldLocator``).
    var columnWalk = FieldLocator.ColumnWalk()
    /// The last CSV/TSV column name used as context, and its bytes (built once per column change).
    private var fieldContext: (name: String, bytes: [UInt8]) = ("", [])
    /// The last field name and how reports show it (see ``displayName(_:)``).
    private var fieldDisplay: (name: String, shown: String) = ("", "")
    /// How reports show the columns of the current call's CSV/TSV structure (made on first use).
    private var shownColumns: [String]?
    /// Whether names in findings are masked (not in a ``ValueMasker``'s own scanner).
    var masksNames = true
    /// Masks values in the names findings carry — JSON keys, CSV header cells, table and column
    /// names — unless `--show-values` (see ``ValueMasker``); one per scanner, as it caches.
    private(set) lazy var nameMasker: ValueMasker? =
        configuration.showValues || !masksNames ? nil : ValueMasker(detectors: detectors, configuration: configuration)

    /// `name` as reports show it: the values in it masked, unless `--show-values`.
    func displayName(_ name: String) -> String { nameMasker?.name(name) ?? name }

    /// Rules that hit the PCRE2 match limit in the current window, with the position.
    private var limitHits: [(detector: Int, position: Int, error: Error)] = []

    /// Whole-buffer search: every match of detector `index` starting in `[from, cut)`.
    /// Returns where the next window resumes (the end of the last match, or `from`).
    private func findAll(
        _ index: Int, subject: UnsafeRawBufferPointer, from: Int, cut: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        var position = from
        // After the regex hit its backtracking limit somewhere past `position`, the rest of the
        // window is searched a line at a time (no match spans lines), so that the line at fault
        // is found, reported where it is and skipped, and every other line still searched.
        var lineByLine = false
        while position < cut {
            let found: Range<Int>?
            var lineEnd = subject.count
            if lineByLine, let newline = memchr(subject.baseAddress! + position, 0x0A, subject.count - position) {
                lineEnd = subject.baseAddress!.distance(to: UnsafeRawPointer(newline))
            }
            do {
                found = try matchData[index].firstMatch(in: UnsafeRawBufferPointer(rebasing: subject[0..<lineEnd]), from: position)
            } catch {
                if !lineByLine {
                    lineByLine = true
                    continue
                }
                limitHits.append((index, position, error))
                position = lineEnd + 1
                continue
            }
            guard let found, found.lowerBound < cut else {
                if lineByLine && lineEnd < subject.count {
                    position = lineEnd + 1
                    continue
                }
                break
            }
            if found.isEmpty {
                position = found.upperBound + 1
                continue
            }
            matches.append((found.lowerBound, found.upperBound, index))
            position = found.upperBound
        }
        return position
    }

    /// A context rule's search of the rows of HTML tables a column of which its word names
    /// (``htmlRowsOpen``) in `[from, cut)`, as it searches a CSV file whose column names hold
    /// one: the matches not found already (since `found`, by the line-filtered search). Returns
    /// the end of the last match added, or `from`.
    private func findInHTMLRows(
        _ index: Int, subject: UnsafeRawBufferPointer, from: Int, cut: Int, bufferBase: Int64, after found: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        guard let rows = htmlRowsOpen[index] else { return from }
        var position = from
        let window = (bufferBase + Int64(from))..<(bufferBase + Int64(cut))
        for row in rows where row.overlaps(window) {
            let start = Int(max(row.lowerBound, window.lowerBound) - bufferBase)
            let end = Int(min(row.upperBound, bufferBase + Int64(subject.count)) - bufferBase)
            let added = matches.count
            guard let last = searchLines(index, subject: subject, from: start, to: end, cut: cut, into: &matches) else { continue }
            let known = Set(matches[found..<added].map(\.start))
            let fresh = matches[added...].filter { !known.contains($0.start) }
            matches.removeSubrange(added...)
            matches += fresh
            position = max(position, last)
        }
        return position
    }

    /// Line-filtered search with the same result as ``findAll``: the regex runs only on the lines
    /// that hold one of the filter's literals followed closely by a digit (every match does, and
    /// no match spans lines), each searched as a subject that ends with the line.
    private func findOnLines(
        _ index: Int, subject: UnsafeRawBufferPointer, from: Int, cut: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        guard let finder = literalFinders[index] else { return from }
        let base = subject.baseAddress!
        var position = from  // end of the last match
        var from = from
        if finder.filter.isContext && structure != nil, let first = cellContinuations.first, first.line <= from {
            // The window begins inside a quoted cell whose first lines (and words) it no longer
            // holds: its lines here are searched as the word's line would have had them searched.
            var linesEnd = first.line  // the last of those lines' break (or the subject's end)
            var end = first.line  // the line after them
            repeat {
                linesEnd = memchr(base + end, 0x0A, subject.count - end).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
                end = min(subject.count, linesEnd + 1)
            } while end < subject.count && cellContinuation(atLine: end) != nil
            if from < end {
                let lines = UnsafeRawBufferPointer(rebasing: subject[0..<max(from, linesEnd)])
                let found = matches.count
                let last = contextStarts[index] != nil
                    ? findAtContextStarts(index, subject: lines, from: from, cut: min(cut, lines.count), into: &matches)
                    : findAll(index, subject: lines, from: from, cut: min(cut, lines.count), into: &matches)
                if matches.count > found { position = last }
                from = min(end, cut)
                position = max(position, from)
                if from >= cut { return position }
            }
        }
        let shared = finder.filter.isContext ? contextMasks : windowMasks
        shared?.prepare(subject, from: from)
        // A match starting before the cut may hold its literal after it (a line longer than the
        // buffer is cut mid-line), so literals are looked for in all the data.
        var nextLineSearched = from  // the end of the last line searched as the line after a word's line
        if finder.filter.isContext && linesMayAnswer && dumpCells == nil && from < cut
            && (from > 0 ? subject[from - 1] == 0x0A : windowStartsUnit && !lineBefore.isEmpty)
        {
            // The window's first line may answer the last line of the window before (which this
            // one holds only as context), or of the unit before: it is searched as that line's
            // next line would have been.
            let lineEnd = memchr(base + from, 0x0A, subject.count - from).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
            if let end = searchLines(index, subject: subject, from: from, to: lineEnd, cut: cut, into: &matches) { position = end }
            nextLineSearched = lineEnd
        }
        if finder.filter.isContext && linesMayAnswer && dumpCells == nil && from < cut,
            let rowsEnd = markdownRowsContinuing(finder, subject: subject, from: from), rowsEnd > nextLineSearched
        {
            // The window starts among the rows of a markdown table whose header holds a word:
            // they are searched as the header's line would have had them searched.
            let start = nextLineSearched > from ? nextLineSearched + 1 : from
            if start < rowsEnd, let end = searchLines(index, subject: subject, from: start, to: rowsEnd, cut: cut, into: &matches) {
                position = end
            }
            nextLineSearched = rowsEnd
        }
        guard finder.mayHoldLiteral(subject, from: from) else { return position }
        finder.forEach(in: subject, from: from, limit: subject.count, shared: shared) { hit in
            // The line's start (not before the last match's end): one vector search back.
            let newline = hit > position ? pii_last_newline(base.assumingMemoryBound(to: UInt8.self), position, hit) : -1
            var lineStart = hit <= position ? hit : newline < 0 ? position : newline + 1
            if lineStart >= cut { return nil }
            var lineEnd = memchr(base + hit, 0x0A, subject.count - hit).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
            let ownLineEnd = lineEnd
            if finder.filter.isContext && structure != nil {
                // The word's cell may go on over the next lines (a multi-line memo): so does its context.
                while lineEnd + 1 < subject.count && cellContinuation(atLine: lineEnd + 1) != nil {
                    lineEnd = memchr(base + lineEnd + 1, 0x0A, subject.count - lineEnd - 1).map { base.distance(to: UnsafeRawPointer($0)) }
                        ?? subject.count
                }
            } else if finder.filter.isContext && linesMayAnswer && dumpCells == nil && lineEnd + 1 < cut {
                // A word near the line's end may label a value alone on the next line (a chat's
                // answer, a form's value under its label): that line is searched too, and the
                // value is reported if it answers the line (``answersLineBefore``). (Whatever
                // this word's place: the line's last word is not looked for.)
                lineEnd = memchr(base + lineEnd + 1, 0x0A, subject.count - lineEnd - 1).map { base.distance(to: UnsafeRawPointer($0)) }
                    ?? subject.count
                // A markdown, box or `psql` table's header: its rows, which find it above them
                // (``TextTable/markdownRowsEnd(_:header:)``), are searched too.
                let nextLine = (ownLineEnd + 1)..<lineEnd
                if TextTable.isMarkdownDelimiter(subject, nextLine) || TextTable.isPsqlDelimiter(subject, nextLine) {
                    let back = pii_last_newline(base.assumingMemoryBound(to: UInt8.self), max(0, hit - TextTable.reach), hit)
                    let headerStart = back >= 0 ? back + 1 : hit <= TextTable.reach && windowStartsUnit ? 0 : -1
                    if headerStart >= 0, let rowsEnd = TextTable.markdownRowsEnd(subject, header: headerStart..<ownLineEnd) {
                        lineEnd = max(lineEnd, rowsEnd)
                    }
                }
            }
            // This line may have been searched already, as the line after the one before.
            lineStart = max(lineStart, nextLineSearched)
            if lineEnd > ownLineEnd { nextLineSearched = lineEnd }
            if let end = searchLines(index, subject: subject, from: lineStart, to: lineEnd, cut: cut, into: &matches) { position = end }
            // The next line, if it starts before the cut (after a multi-line cell: the cell's last
            // line; a line searched as the line after this one may hold words of its own).
            let resume = structure == nil ? ownLineEnd + 1 : lineEnd + 1
            return resume < cut ? resume : nil
        }
        return position
    }

    /// The end of the rows of a markdown (box, `psql`) table that the window's first line (at
    /// `from`, after a line break) is one of, or whose delimiter row it is, when the table's
    /// header — above it, in the bytes the window keeps or, in a unit's first window, in the
    /// unit's ``textBefore`` — holds one of `finder`'s literals: the rows that the header's line
    /// has searched (``TextTable/markdownRowsEnd(_:header:)``).
    private func markdownRowsContinuing(_ finder: LiteralFinder, subject: UnsafeRawBufferPointer, from: Int) -> Int? {
        let base = subject.baseAddress!
        let firstEnd = memchr(base + from, 0x0A, subject.count - from).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
        let first = from..<firstEnd
        guard TextTable.startsWithPipe(subject, first) || TextTable.isMarkdownDelimiter(subject, first)
            || TextTable.isPsqlRow(subject, first) || TextTable.isPsqlDelimiter(subject, first)
        else { return nil }
        if from > 0 {
            guard subject[from - 1] == 0x0A,
                let header = TextTable.markdownHeader(subject, lineStart: from, bufferStartsLine: windowStartsUnit, orDelimiter: true),
                finder.first(in: subject, from: header.lowerBound, limit: header.upperBound) != nil
            else { return nil }
            return TextTable.markdownRowsEnd(subject, header: header)
        }
        guard windowStartsUnit, !textBefore.isEmpty else { return nil }
        // The unit's first rows: the lines before the unit, then its first bytes (its rows start
        // within the reach of a header before it).
        let shift = textBefore.count
        let joined = textBefore + subject[0..<min(subject.count, TextTable.reach)]
        let end: Int? = joined.withUnsafeBytes { bytes in
            guard let header = TextTable.markdownHeader(bytes, lineStart: shift, bufferStartsLine: true, orDelimiter: true),
                finder.first(in: bytes, from: header.lowerBound, limit: header.upperBound) != nil,
                let rowsEnd = TextTable.markdownRowsEnd(bytes, header: header)
            else { return nil }
            return rowsEnd - shift
        }
        // (The last row may go on past the bytes joined.)
        guard var end, end > 0 else { return nil }
        if end < subject.count && subject[end] != 0x0A {
            end = memchr(base + end, 0x0A, subject.count - end).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
        }
        return end
    }

    /// Rule `index`'s whole-buffer search from `start`, on a subject that ends with the line at
    /// `lineEnd`; the end of its last match, if it found any.
    @inline(__always) private func searchLines(
        _ index: Int, subject: UnsafeRawBufferPointer, from start: Int, to lineEnd: Int, cut: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int? {
        let found = matches.count
        let lines = UnsafeRawBufferPointer(rebasing: subject[0..<lineEnd])
        let end = contextStarts[index] != nil
            ? findAtContextStarts(index, subject: lines, from: start, cut: min(cut, lineEnd), into: &matches)
            : findAll(index, subject: lines, from: start, cut: min(cut, lineEnd), into: &matches)
        return matches.count > found ? end : nil
    }

    /// A context rule's search where its start filter allows a match to start: a start byte not
    /// after a blocking one, with at least the filter's minimum of units in the stretch of units
    /// and separators from there. Same matches as ``findAll`` while the filter keeps its promise;
    /// a digit-heavy CSV file whose column names open an account rule is not tried at every digit.
    private func findAtContextStarts(
        _ index: Int, subject: UnsafeRawBufferPointer, from: Int, cut: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        guard let starts = contextStarts[index], let anchored = anchoredMatchData[index] else { return from }
        var position = from  // end of the last match
        starts.forEach(in: subject, from: from, cut: cut) { start in
            guard start >= position else { return start + 1 }
            tryAnchored(index, anchored, subject: subject, at: start, cut: cut, position: &position, into: &matches)
            return max(start + 1, position)
        }
        return position
    }

    /// Sets ``contextOpen`` for a new call of ``scan(_:path:baseOffset:lineStart:context:structure:sink:)``:
    /// a context rule searches every line of a database cell or CSV file whose column name (or
    /// one of whose column names) holds one of its words, in any case (`AccountNo`, `계좌번호`).
    private func openContextRules(context: [UInt8], structure: TextStructure?) {
        if contextKey.context != context || contextKey.columns != (structure?.columns ?? []) {
            let names = [context] + (structure?.columns ?? []).map { Array($0.utf8) }
            var open = [Bool](repeating: false, count: detectors.count)
            for index in contextRules { open[index] = names.contains { holdsWord(of: index, $0) } }
            contextKey = (context, structure?.columns ?? [], open)
        }
        for index in contextRules { contextOpen[index] = contextKey.open[index] }
    }

    /// Whether `name` (a column's) holds one of context rule `index`'s words, in any case.
    private func holdsWord(of index: Int, _ name: [UInt8]) -> Bool {
        let lower = name.map(lowercaseASCII)
        return detectors[index].rule.lines!.literals.contains { literal in
            let literal = literal.map(lowercaseASCII)
            return literal.count <= lower.count
                && (0...(lower.count - literal.count)).contains { lower[$0..<($0 + literal.count)].elementsEqual(literal) }
        }
    }

    /// Sets ``htmlTables`` for a call, and ``htmlRowsOpen``: the rows of each table a column of
    /// which a context rule's word names.
    private func setHTMLTables(_ tables: HTMLTables?) {
        htmlTables = tables
        htmlRowsOpen = [:]
        guard let tables else { return }
        for index in contextRules {
            let rows = tables.tables.filter { $0.columns.contains { !$0.isEmpty && holdsWord(of: index, $0) } }
                .filter { $0.rowsStart < $0.end }.map { $0.rowsStart..<$0.end }
            if !rows.isEmpty { htmlRowsOpen[index] = rows }
        }
    }

    /// Whether a context rule is to search the whole window from now on: in an SQL dump, whose
    /// rows name no column, once one of its words has been seen (a `CREATE TABLE` or `COPY`
    /// naming `account_no`, or any other text: the validator still asks for the column's name).
    private func opensContext(_ index: Int, subject: UnsafeRawBufferPointer, cut: Int) -> Bool {
        guard dumpCells != nil, literalFinders[index]?.first(in: subject, from: 0, limit: cut) != nil else { return false }
        contextOpen[index] = true
        return true
    }

    /// The first position in `[from, limit)` where one of rule `index`'s line-filter literals
    /// starts and an ASCII digit follows within `digitWithin` bytes of its end, on the same line.
    func nextQualifyingLiteral(_ index: Int, _ subject: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        guard let finder = literalFinders[index] else { return nil }
        return finder.first(in: subject, from: from, limit: limit)
    }

    /// Prefiltered search with the same result as ``findAll``: the anchored regex is tried, in
    /// increasing order and at most once each, at the starts within `prefilter.within` bytes
    /// before an anchor byte (only those its start filter allows, if it has one). Every match
    /// contains an anchor that close to its start, so the first start that matches is the
    /// leftmost match.
    private func findAroundAnchors(
        _ index: Int, _ anchored: MatchData, _ prefilter: RulePrefilter, subject: UnsafeRawBufferPointer, from: Int,
        cut: Int, into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        var position = from  // end of the last match
        var untried = from  // starts below this have been tried
        var anchorFrom = from
        let anchorLimit = min(subject.count, cut + prefilter.within)
        let base = subject.baseAddress!
        let startBit = startTable.bit[index]
        while untried < cut {
            // The next anchor byte at or after anchorFrom.
            var anchor: Int? = nil
            if prefilter.bytes.count == 1 {
                if anchorFrom < anchorLimit, let hit = memchr(base + anchorFrom, Int32(prefilter.bytes[0]), anchorLimit - anchorFrom) {
                    anchor = base.distance(to: UnsafeRawPointer(hit))
                }
            } else {
                var i = anchorFrom
                while i < anchorLimit {
                    if prefilter.bytes.contains(subject[i]) {
                        anchor = i
                        break
                    }
                    i += 1
                }
            }
            guard let anchor else { break }
            var start = max(untried, anchor - prefilter.within)
            if let reach = anchorReach[index] {
                // Past the last byte before the anchor that no match consumes (a `,` or a blank
                // before an e-mail's local part): every start up to it would hold that byte.
                var floor = anchor
                while floor > start {
                    let byte = subject[floor - 1]
                    let word = byte < 64 ? reach.0 : byte < 128 ? reach.1 : byte < 192 ? reach.2 : reach.3
                    if word & (1 << UInt64(byte & 63)) == 0 { break }
                    floor -= 1
                }
                start = floor
            }
            var found: Range<Int>? = nil
            while start <= anchor && start < cut {
                if startBit != 0 && !(startTable.allows(subject, at: start, bit: startBit) && startTable.hasPrefix(index, subject, at: start)) {
                    start += 1
                    continue
                }
                do {
                    if let match = try anchored.firstMatch(in: subject, from: start), !match.isEmpty {
                        found = match
                        break
                    }
                } catch {
                    limitHits.append((index, start, error))
                }
                start += 1
            }
            if let found {
                matches.append((found.lowerBound, found.upperBound, index))
                position = found.upperBound
                untried = position
                anchorFrom = position
            } else {
                untried = max(untried, min(anchor + 1, cut))
                anchorFrom = anchor + 1
            }
        }
        return position
    }

    /// One shared pass for the rules with a start filter, from the earliest position any of them resumes at.
    private func collectStartCandidates(subject: UnsafeRawBufferPointer, scanStart: Int, resume: [Int], cut: Int) {
        candidates.removeAll(keepingCapacity: true)
        guard startTable.all != 0 else { return }
        var low = cut
        for index in detectors.indices where startTable.bit[index] != 0 { low = min(low, max(scanStart, resume[index])) }
        startTable.collect(subject, from: low, cut: cut, into: &candidates)
    }

    /// Start-filtered search with the same result as ``findAll``: the anchored regex is tried, in
    /// increasing order, at the window's candidates for rule `index` (every match starts at one,
    /// so the first candidate that matches is the leftmost match).
    private func findAtStarts(
        _ index: Int, _ anchored: MatchData, subject: UnsafeRawBufferPointer, from: Int, cut: Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        let bit = startTable.bit[index]
        let list = candidates
        var position = from
        for candidate in list where candidate.rules & bit != 0 && candidate.position >= position {
            let start = candidate.position
            guard startTable.hasPrefix(index, subject, at: start) else { continue }
            tryAnchored(index, anchored, subject: subject, at: start, cut: cut, position: &position, into: &matches)
        }
        return position
    }

    /// Tries rule `index`'s anchored pattern at `start`: a match is appended and `position` moves
    /// to its end; a match limit hit is recorded and `position` moves to the next line (like
    /// ``findAll``: the line that made the regex backtrack too much is skipped).
    @inline(__always)
    private func tryAnchored(
        _ index: Int, _ anchored: MatchData, subject: UnsafeRawBufferPointer, at start: Int, cut: Int, position: inout Int,
        into matches: inout [(start: Int, end: Int, detector: Int)]
    ) {
        do {
            if let found = try anchored.firstMatch(in: subject, from: start), !found.isEmpty {
                matches.append((found.lowerBound, found.upperBound, index))
                position = found.upperBound
            }
        } catch {
            limitHits.append((index, start, error))
            position = nextLineStart(after: start, limit: cut)
        }
    }

    /// Where the context before `start` begins: ``Candidate/contextWidth`` bytes back, or further
    /// where those hold fewer than ``Candidate/contextCharacters`` characters (Hangul), at most
    /// ``Candidate/contextReach`` bytes; never before `floor` (the line's start).
    @inline(__always)
    static func contextStart(_ subject: UnsafeRawBufferPointer, before start: Int, floor: Int) -> Int {
        guard start - Candidate.contextWidth > floor else { return floor }
        return pii_context_start(
            subject.baseAddress!.assumingMemoryBound(to: UInt8.self), start, floor, Candidate.contextWidth,
            Candidate.contextCharacters, Candidate.contextReach)
    }

    /// Where the context after `end` ends, as ``contextStart(_:before:floor:)`` (not clipped to
    /// the line: the caller looks for its end).
    @inline(__always)
    static func contextEnd(_ subject: UnsafeRawBufferPointer, after end: Int) -> Int {
        guard end + Candidate.contextWidth < subject.count else { return subject.count }
        return pii_context_end(
            subject.baseAddress!.assumingMemoryBound(to: UInt8.self), subject.count, end, Candidate.contextWidth,
            Candidate.contextCharacters, Candidate.contextReach)
    }

    /// The first match of `match`'s rule that starts inside it, before `cut`, at a digit, `+` or
    /// `(` after a byte that is no ASCII letter or digit (a number's start after a separator: no
    /// rule's match starts inside a run of them), found by the rule's anchored regex; nil when
    /// there is none (or the rule has no anchored regex, or the match is a dump's cells', not a
    /// rule's).
    private func matchStartingInside(_ match: (start: Int, end: Int, detector: Int), subject: UnsafeRawBufferPointer, cut: Int)
        -> (start: Int, end: Int, detector: Int)?
    {
        guard match.detector < anchoredMatchData.count, let anchored = anchoredMatchData[match.detector] else { return nil }
        var start = match.start + 1
        while start < min(match.end, cut) {
            defer { start += 1 }
            let byte = subject[start]
            guard ValidatorSupport.isDigit(byte) || byte == 0x2B || byte == 0x28, !ValidatorSupport.isASCIIAlphanumeric(subject[start - 1])
            else { continue }
            if let found = try? anchored.firstMatch(in: subject, from: start), !found.isEmpty {
                return (found.lowerBound, found.upperBound, match.detector)
            }
        }
        return nil
    }

    /// Validates one regex match and turns it into a finding (nil when rejected or filtered).
    func assess(
        _ found: (start: Int, end: Int, detector: Int), subject: UnsafeRawBufferPointer, bufferBase: Int64,
        line: Int64, lineStart: Int64, path: String
    ) -> Finding? {
        // A TSV file's cells and a `COPY … FROM stdin` row's values are separated by tabs (which
        // the values escape): a match running on over one into the next (`직지대로 136⇥116동
        // 1301호`, `011⇥323-****` of a bank code and a masked account) is judged as far as its
        // own cell goes.
        var cellEnd = found.end
        if structure?.delimiter == 0x09 || dumpCells != nil,
            let tab = memchr(subject.baseAddress! + found.start, 0x09, found.end - found.start)
        {
            cellEnd = subject.baseAddress!.distance(to: UnsafeRawPointer(tab))
            while cellEnd > found.start && subject[cellEnd - 1] == 0x20 { cellEnd -= 1 }
            guard cellEnd > found.start else { return nil }
        }
        let match = (start: found.start, end: cellEnd, detector: found.detector)
        // `detectors[index]` is read in place each time: a local copy of the detector would
        // retain and release each of its fields for every match.
        let index = match.detector
        let lineStartIndex = max(0, Int(lineStart - bufferBase))
        var beforeStart = UnitScanner.contextStart(subject, before: match.start, floor: lineStartIndex)
        // The context after: to the line's end when that is near (no characters to count).
        var afterEnd = min(subject.count, match.end + Candidate.contextWidth)
        if afterEnd > match.end, let newline = memchr(subject.baseAddress! + match.end, 0x0A, afterEnd - match.end) {
            afterEnd = subject.baseAddress!.distance(to: UnsafeRawPointer(newline))
        } else if afterEnd < subject.count {
            let reach = UnitScanner.contextEnd(subject, after: match.end)
            if reach > afterEnd, let newline = memchr(subject.baseAddress! + afterEnd, 0x0A, reach - afterEnd) {
                afterEnd = subject.baseAddress!.distance(to: UnsafeRawPointer(newline))
            } else {
                afterEnd = reach
            }
        }
        // The field the value sits in (JSON key, logfmt key, CSV column). A CSV cell is read like
        // a database cell: its own bytes and its column name are the context.
        var context = extraContext
        var continuation: (column: Int, cellStart: Int)?
        if structure != nil {
            if let origin = decodedLineOrigin {
                // A decoded line: the continuation is that of its original line, whose cell began
                // before it (`"…⏎주민번호 ９２１０…"`: the value is the message's, not the date's).
                continuation = cellContinuation(atLine: origin).map { ($0.column, -1) }
            } else {
                continuation = cellContinuation(atLine: lineStartIndex)
            }
        }
        var field = FieldLocator.locate(
            subject, lineStart: lineStartIndex, start: match.start, end: match.end, structure: structure, base: bufferBase,
            continuation: continuation, walk: &columnWalk)
        if let cell = field?.cell {
            if field!.name != fieldContext.name { fieldContext = (field!.name, Array(field!.name.utf8)) }
            // A cell that began on an earlier line (a multi-line memo) is its value's context
            // back to its start: `"환불계좌 토스뱅크⏎1000-4433-3294"`. A cell of a column of any
            // values (`변경후`) has its line's (`…,여권번호,"M957K1693","D51055574",…`).
            let anyValue = field!.column.map { column in structure.map { $0.holdsAnyValue.indices.contains(column) && $0.holdsAnyValue[column] } ?? false } ?? false
            if cell.lowerBound < lineStartIndex || !anyValue {
                beforeStart = cell.lowerBound < lineStartIndex
                    ? max(0, cell.lowerBound, match.start - Candidate.contextWidth) : max(beforeStart, min(cell.lowerBound, match.start))
                afterEnd = max(match.end, min(afterEnd, cell.upperBound))
            }
            context = fieldContext.bytes
        } else if let dumpCells, let cell = dumpCells.cell(at: bufferBase + Int64(match.start)) {
            // A value of a dump row: its own bytes, and its column's name, are the context (other
            // values on the line belong to other columns and rows).
            beforeStart = max(beforeStart, min(match.start, Int(max(0, cell.start - bufferBase))))
            afterEnd = UnitScanner.dumpValueEnd(subject, from: match.end, limit: afterEnd)
            context = cell.context
        } else if field == nil, htmlTables != nil,
            let cell = htmlColumnName(subject, start: match.start, lineStart: lineStartIndex, bufferBase: bufferBase)
        {
            // A cell of an HTML table: its column's name, from the table's header row, and its
            // row's label are its context, with the cell's own text, as a CSV cell's are (not
            // the other cells, nor its tag's attributes: `STYLE="mso-number-format:'\@'"` read
            // as a field named `mso-number-format`).
            beforeStart = max(beforeStart, min(cell.start, match.start))
            if let tag = memchr(subject.baseAddress! + match.end, 0x3C, afterEnd - match.end) {
                afterEnd = subject.baseAddress!.distance(to: UnsafeRawPointer(tag))
            }
            context = cell.context
            if let name = cell.name {
                if name != htmlColumn.name { htmlColumn = (name, String(decoding: name, as: UTF8.self)) }
                field = FieldLocator.Located(name: htmlColumn.string)
            }
        } else if field == nil, structure == nil,
            let segmentField = HL7Fields.field(subject, lineStart: lineStartIndex, start: match.start, end: match.end)
        {
            // A field of an HL7 segment (`PID|…|1511214786803`): its own bytes, and its meaning
            // (PID-19 the patient's resident number), are the context.
            beforeStart = max(beforeStart, min(match.start, segmentField.cell.lowerBound))
            afterEnd = max(match.end, min(afterEnd, segmentField.cell.upperBound))
            context = segmentField.context
            field = FieldLocator.Located(name: segmentField.name)
        } else if let parameter = MyBatisParameters.parameter(
            subject, floor: beforeStart, start: match.start, end: match.end, limit: afterEnd)
        {
            // A value of MyBatis's `==> Parameters:` line: its own bytes and its own type tag are
            // its context (`(Timestamp)` after another value is not this one's keyword).
            beforeStart = parameter.lowerBound
            afterEnd = parameter.upperBound
        }
        if let located = field, located.keyAbove, dumpCells == nil {
            if located.name != fieldContext.name { fieldContext = (located.name, Array(located.name.utf8)) }
            context = fieldContext.bytes
        }
        func judge(before: UnsafeRawBufferPointer) -> Assessment? {
            detectors[index].assess(Candidate(
                match: UnsafeRawBufferPointer(rebasing: subject[match.start..<match.end]), before: before,
                after: UnsafeRawBufferPointer(rebasing: subject[match.end..<afterEnd]),
                keywords: detectors[index].keywords, negativeKeywords: detectors[index].negativeKeywords, today: configuration.today,
                extraContext: context, field: field?.name, memo: keywordMemo))
        }
        var judged = judge(before: UnsafeRawBufferPointer(rebasing: subject[beforeStart..<match.start]))
        // A value alone on its line, or after a speaker's name (`계좌번호:⏎110-…`, a chat's
        // `상담원 : 계좌번호 알려주세요⏎홍길동 : 110-…`): the end of the line before is its context
        // too (for a unit's first line, the end of the unit before, which it was given) — where
        // that makes it more confident: a chat's previous line is often about something else
        // (`운송장번호 … 확인해주세요⏎920909-…`), so its words only ever add.
        if linesMayAnswer && field == nil && dumpCells == nil && beforeStart == lineStartIndex
            && (lineStartIndex > 0 || (windowStartsUnit && lineStart == lineBeforeUnit && !lineBefore.isEmpty))
            && UnitScanner.answersLineBefore(subject, lineStart: lineStartIndex, start: match.start, end: match.end, afterEnd: afterEnd)
        {
            let floor = max(0, match.start - Candidate.contextWidth)
            let answering: Assessment?
            if lineStartIndex > 0 {
                let base = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let newline = lineStartIndex - 1 > floor ? pii_last_newline(base, floor, lineStartIndex - 1) : -1
                answering = judge(before: UnsafeRawBufferPointer(rebasing: subject[(newline < 0 ? floor : newline + 1)..<match.start]))
            } else {
                let room = Candidate.contextWidth - 1 - match.start
                let joined = lineBefore.suffix(max(0, room)) + [0x0A] + Array(subject[0..<match.start])
                answering = joined.withUnsafeBytes { judge(before: $0) }
            }
            if let answering, answering.verdict != .rejected,
                answering.confidence > (judged.map { $0.verdict == .rejected ? -1 : $0.confidence } ?? -1)
            {
                judged = answering
            }
        }
        // A cell of a table laid out in text (a printed report, a PDF's text, `psql` output): its
        // column's name in the header line above labels it — where that makes it more confident
        // (``TextTable``; only a value not confident already is looked up). A value rejected for
        // want of its word on the line (a context rule's) may have it there: a form's row under
        // its labels (`상호      사업자등록번호⏎새솔카페   603-47-63570`), a markdown table's rows —
        // where a context rule's line filter searches them, whatever the windows: the row right
        // under the word's line, and a markdown table's rows under a header with the word.
        if linesMayAnswer && field == nil && dumpCells == nil && (lineStartIndex > 0 || bufferBase == lineBeforeUnit && !textBefore.isEmpty),
            judged.map({ $0.verdict != .rejected && $0.confidence < 0.85 }) ?? true,
            let label = tableHeader(
                subject, lineStart: lineStartIndex, start: match.start, end: match.end, detector: index,
                unitStart: bufferBase == lineBeforeUnit, nearestLineOnly: judged == nil)
        {
            if let answering = label.withUnsafeBytes({ judge(before: $0) }), answering.verdict != .rejected,
                answering.confidence > judged.map({ $0.confidence }) ?? -1
            {
                judged = answering
            }
        }
        guard let assessment = judged, assessment.verdict != .rejected else { return nil }
        let category = assessment.category ?? detectors[index].rule.category
        let confidence = (min(1, max(0, assessment.confidence)) * 100).rounded() / 100
        guard confidence >= configuration.minConfidence, configuration.wants(category) else { return nil }
        let start = match.start + max(0, assessment.trimStart)
        let end = max(start, match.end - max(0, assessment.trimEnd))
        let offset = bufferBase + Int64(start)
        var finding = Finding(
            path: path, line: Int(line), column: Int(offset - lineStart) + 1, offset: offset, length: end - start,
            category: category, rule: detectors[index].rule.id, verdict: assessment.verdict, confidence: confidence,
            masked: assessment.masked,
            fingerprint: fingerprints.fingerprint(configuration.fingerprinter, category: category, canonical: assessment.canonical),
            value: configuration.showValues
                ? String(decoding: UnsafeRawBufferPointer(rebasing: subject[start..<end]), as: UTF8.self) : nil)
        if let field {
            if let column = field.column, let structure {
                if shownColumns == nil { shownColumns = structure.columns.map(displayName) }
                if !structure.columns[column].isEmpty { finding.field = shownColumns![column] }  // (an unnamed column: none)
            } else {
                if field.name != fieldDisplay.name { fieldDisplay = (field.name, displayName(field.name)) }
                finding.field = fieldDisplay.shown
            }
        }
        markSuppression(&finding, subject: subject, lineStart: lineStartIndex, after: match.end)
        return finding
    }

    /// The header cell of a text table above the value at `start..<end` (``TextTable``) — or,
    /// in a file whose head underlines a fixed-width table's header, its column's name
    /// (``FixedColumns``) when a word of the value's rule is in it — and a blank after it. Within ``TextTable/reach`` bytes, which every window keeps before its
    /// first line — in a unit's first window, the unit's ``textBefore`` is read above it — so the
    /// header found does not depend on where windows and units start.
    /// `unitStart`: whether the buffer starts at the unit's first byte; `nearestLineOnly`: see
    /// ``TextTable/header(_:lineStart:start:end:bufferStartsLine:nearestLineOnly:isLabel:)``.
    private func tableHeader(
        _ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, detector: Int, unitStart: Bool,
        nearestLineOnly: Bool
    ) -> [UInt8]? {
        let isLabel = detectors[detector].keywords.occurs
        if let fixedColumns, let label = fixedColumns.label(subject, lineStart: lineStart, start: start, end: end),
            label.withUnsafeBytes({ isLabel($0) })
        {
            return label
        }
        guard unitStart && lineStart < TextTable.reach else {
            return TextTable.header(
                subject, lineStart: lineStart, start: start, end: end, bufferStartsLine: false, nearestLineOnly: nearestLineOnly,
                isLabel: isLabel
            ).map { Array(subject[$0]) + [0x20] }
        }
        guard !textBefore.isEmpty else {
            return TextTable.header(
                subject, lineStart: lineStart, start: start, end: end, bufferStartsLine: true, nearestLineOnly: nearestLineOnly,
                isLabel: isLabel
            ).map { Array(subject[$0]) + [0x20] }
        }
        // The unit's first lines: the lines before the unit, then the value's line.
        let base = subject.baseAddress!
        let lineEnd = memchr(base + end, 0x0A, subject.count - end).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
        let joined = textBefore + subject[0..<lineEnd]
        let shift = textBefore.count
        return joined.withUnsafeBytes { bytes in
            TextTable.header(
                bytes, lineStart: lineStart + shift, start: start + shift, end: end + shift, bufferStartsLine: true,
                nearestLineOnly: nearestLineOnly, isLabel: isLabel
            ).map { Array(bytes[$0]) + [0x20] }
        }
    }

    /// The name of the HTML table column whose cell holds the value at `start`, the words that
    /// label it, and where the cell's content starts (``HTMLTables/column(at:in:value:floor:)``):
    /// its row's `<tr` is looked for within ``TextTable/reach`` bytes before it, in whole lines
    /// but for the value's own — which every window keeps, a unit's first window having the
    /// lines before the unit in ``textBefore`` — so the name does not depend on where windows
    /// and units start.
    private func htmlColumnName(
        _ subject: UnsafeRawBufferPointer, start: Int, lineStart: Int, bufferBase: Int64
    ) -> (name: [UInt8]?, context: [UInt8], start: Int)? {
        guard let htmlTables else { return nil }
        let offset = bufferBase + Int64(start)
        func lookUp(_ bytes: UnsafeRawBufferPointer, value: Int, lineStart: Int) -> (name: [UInt8]?, context: [UInt8], start: Int)? {
            var floor = max(0, value - TextTable.reach)
            if lineStart > floor && floor > 0 && bytes[floor - 1] != 0x0A {
                // (A line the reach cuts is not read.)
                floor = memchr(bytes.baseAddress! + floor, 0x0A, lineStart - floor).map { bytes.baseAddress!.distance(to: UnsafeRawPointer($0)) + 1 }
                    ?? lineStart
            }
            return htmlTables.column(at: offset, in: bytes, value: value, floor: floor).map { ($0.name, $0.context, $0.cellStart) }
        }
        guard start < TextTable.reach, bufferBase == lineBeforeUnit, !textBefore.isEmpty else {
            return lookUp(subject, value: start, lineStart: lineStart)
        }
        let joined = textBefore + subject[0..<start]
        let shift = textBefore.count
        return joined.withUnsafeBytes { lookUp($0, value: shift + start, lineStart: shift + lineStart) }
            .map { ($0.name, $0.context, max(0, $0.start - shift)) }
    }

    /// Sets `finding.suppressed` from a `piiscan:allow` comment on its line: the bytes from
    /// `lineStart` to the line break after `position` (as far as the line is in the buffer).
    /// Only lines holding a finding are searched for the marker.
    ///
    /// The line's end and whether it holds the marker at all are found once per line and window
    /// (``suppressionLine``): a line of 60,000 findings (a JSON array of customers on one line)
    /// was searched to its end for each of them.
    func markSuppression(_ finding: inout Finding, subject: UnsafeRawBufferPointer, lineStart: Int, after position: Int) {
        guard let suppression else { return }
        let line: (start: Int, end: Int, hasMarker: Bool)
        if let cached = suppressionLine, cached.start == lineStart, cached.end >= position, cached.count == subject.count {
            line = (cached.start, cached.end, cached.hasMarker)
        } else {
            let base = subject.baseAddress!
            let end = memchr(base + position, 0x0A, subject.count - position).map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
            let hasMarker = InlineSuppression.containsMarker(UnsafeRawBufferPointer(rebasing: subject[lineStart..<end]))
            line = (lineStart, end, hasMarker)
            suppressionLine = (lineStart, end, hasMarker, subject.count)
        }
        guard line.hasMarker else {
            finding.suppressed = false
            return
        }
        finding.suppressed = suppression.allows(
            line: UnsafeRawBufferPointer(rebasing: subject[line.start..<line.end]), category: finding.category, rule: finding.rule)
    }

    /// Merges `findings[tailFrom...]` into `findings[..<tailFrom]` by start (both in order).
    static func mergeByStart(_ findings: inout [EncodedFinding], tailFrom: Int) {
        guard tailFrom > 0 && findings.count > tailFrom else { return }
        var merged: [EncodedFinding] = []
        merged.reserveCapacity(findings.count)
        var next = tailFrom
        for item in findings[..<tailFrom] {
            while next < findings.count && findings[next].start < item.start {
                merged.append(findings[next])
                next += 1
            }
            merged.append(item)
        }
        merged += findings[next...]
        findings = merged
    }

    /// The scanner of decoded dump BLOBs (``findDumpBlobs``): a scan of its own, since this
    /// one's buffers are in use.
    var blobScanner: UnitScanner {
        if let existing = blobScannerStorage { return existing }
        let made = UnitScanner(detectors: detectors, configuration: configuration)
        blobScannerStorage = made
        return made
    }

    /// The line ``markSuppression(_:subject:lineStart:after:)`` looked at last in this window
    /// (buffer indices, and the subject's length then); cleared when the window moves.
    private var suppressionLine: (start: Int, end: Int, hasMarker: Bool, count: Int)?
    private var blobScannerStorage: UnitScanner?

    /// Detectors whose values may be stored as numbers and lose leading zeros (phone, resident).
    private(set) lazy var lostZeroDetectors: [Int] = detectors.indices.filter {
        // (Not the rule of a number in two parts with words between: a cell's digits are none.)
        (detectors[$0].rule.category == .phone || detectors[$0].rule.category == .rrn) && detectors[$0].rule.validator != "kr-rrn-split"
    }
    /// Keyword context per CSV column of the current scan (see ``CellScanner/context(forColumn:)``).
    private var columnContexts: [[UInt8]] = []
    /// The header `columnContexts` were made for: a worker's scanner moves on to other files, whose
    /// headers may have as many columns under other names.
    private var columnContextsHeader: [String] = []
    /// The columns of the current CSV/TSV structure that hold parts of one value (made once per header).
    private var splitLayout: SplitCellLayout?
    /// Values split over the fields of a line found in the current window (``splitFieldKey``).
    var splitFound: [EncodedFinding] = []
    /// Whether the current input is XML: `>` ends a key for ``splitFieldKey`` too.
    var readsXMLElements = false
    /// The bytes the lost-zero pass stops at (quote, line break, `lostZeroDelimiter`).
    private var lostZeroBytes = pii_byte_set()
    private var lostZeroDelimiter: UInt8 = 0

    /// Walks the CSV/TSV cells of the lines in `[from, cut)` (the last one without a line break
    /// only when `final`). Returns where the next window resumes, and the window's cut: earlier
    /// than `cut` when a quoted cell's first line break needs bytes the buffer does not hold yet
    /// to be judged (``quotedBreak(_:at:final:delimiter:columns:)``) — the window then
    /// ends after that line break, and the next one judges it with a full buffer. Two things
    /// come of the walk:
    ///
    /// - The lines that begin inside a quoted cell — the second line of a multi-line memo,
    ///   `"환불계좌 토스뱅크⏎1000-4433-3294"` — go to ``cellContinuations`` with the cell's column and
    ///   start, so that a value on them is read as a value of that cell (its column's name, and
    ///   the cell's first line, are its context) instead of as one of the line's first column.
    /// - Cells that hold only digits, 8–12 of them, not starting with 0 — a phone or resident
    ///   number that a spreadsheet turned into a number (`1023456789` for `010-2345-6789`) — are
    ///   assessed with their leading zeros restored, like INTEGER cells of a database
    ///   (``CellScanner/lostZero(_:restored:)``: less confidence, so only a column whose name
    ///   says what it holds keeps them at the default threshold). The findings go to `found` in
    ///   order, with the cell's digits as their span.
    ///
    /// Quoting as spreadsheets write it (RFC 4180), tolerant of stray quotes: a quote opens a
    /// quoted cell only as its first byte (blanks before it allowed); inside one, a quote closes
    /// it unless another follows (`""`, an escaped quote). A quote elsewhere (`5" 화면`) is text —
    /// it used to turn the rest of its line into one cell. Whether a quoted cell goes on over a
    /// line break is decided at its first one; if not, its quote hides the rest of its line, as
    /// any open quote used to. The decision reads a fixed number of bytes after the line break,
    /// so findings do not depend on where windows and work units end.
    func findLostZeroCells(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, final: Bool, path: String, into found: inout [EncodedFinding]
    ) -> (resume: Int, cut: Int) {
        cellContinuations.removeAll(keepingCapacity: true)
        guard let structure else { return (cut, cut) }
        let findsValues = !lostZeroDetectors.isEmpty
        if columnContextsHeader != structure.columns {
            columnContexts = structure.columns.map(CellScanner.context(forColumn:))
            columnContextsHeader = structure.columns
        }
        if splitLayout?.columns != structure.columns { splitLayout = SplitCellLayout(columns: structure.columns) }
        let split = splitLayout!.isEmpty || !findsValues ? nil : splitLayout
        // The cells of the current record that are parts of a split value.
        var splitCells = [Range<Int>?](repeating: nil, count: split == nil ? 0 : structure.columns.count)
        let base = subject.baseAddress!
        let delimiter = structure.delimiter
        let columns = structure.columns.count
        var lineStart = from
        // The record's first line, and the state at `lineStart` (a line inside a quoted cell
        // carries it over from the previous window: buffer indices relative to this one).
        var recordStart = lineStart
        var column = 0
        var cellStart = lineStart
        var quoting = CellQuoting()
        /// Whether the current quoted cell has not met a line break yet (see ``quotedBreak``).
        var firstBreak = true
        if let carried = cellCarry, carried.line == windowBase + Int64(lineStart) {
            (column, cellStart, quoting.quoted) = (carried.column, Int(carried.cellStart - windowBase), true)
            recordStart = Int(max(carried.recordStart, windowBase) - windowBase)
            firstBreak = carried.undecided
        }
        cellCarry = nil
        var restored = [UInt8](repeating: 0, count: 16)
        /// The cell `[cellStart, end)` has ended (it started in this window unless `cellStart` < 0).
        func cell(end: Int) {
            if findsValues && cellStart >= 0 && end - cellStart >= 8, column < columnContexts.count,
                let digits = UnitScanner.digitRun(subject, cellStart..<end), (8...12).contains(digits.count),
                var finding = lostZeroFinding(subject, digits: digits, context: columnContexts[column], path: path, restored: &restored)
            {
                if !structure.columns[column].isEmpty { finding.field = displayName(structure.columns[column]) }
                markSuppression(&finding, subject: subject, lineStart: lineStart, after: digits.upperBound)
                found.append(EncodedFinding(start: digits.lowerBound, finding: finding))
            }
            if let split, cellStart >= 0, column < split.isPart.count, split.isPart[column] { splitCells[column] = cellStart..<end }
            column += 1
            cellStart = end + 1
            firstBreak = true
        }
        func endRecord(at newline: Int) {
            if let split {
                addSplitCellFindings(
                    split, cells: &splitCells, subject: subject, lineStart: max(0, recordStart), contexts: columnContexts,
                    path: path, into: &found)
            }
            lineStart = newline + 1
            recordStart = lineStart
            column = 0
            cellStart = lineStart
            firstBreak = true
        }
        /// Judges the line break at `newline` inside the current quoted cell, the cell's first:
        /// false when the quote was a stray one (the record ends there), nil when the bytes to
        /// judge it are not in the buffer yet.
        func goesOn(at newline: Int) -> Bool? {
            switch UnitScanner.quotedBreak(subject, at: newline, final: final, delimiter: delimiter, columns: columns) {
            case .cell:
                firstBreak = false
                return true
            case .stray: return false
            case .unknown: return nil
            }
        }
        if quoting.quoted && firstBreak {
            // Carried over undecided (its line break ended the last window): judged now, with a
            // full buffer (one too small to hold the bytes needed judges it with what there is).
            if UnitScanner.quotedBreak(subject, at: lineStart - 1, final: true, delimiter: delimiter, columns: columns) == .cell {
                firstBreak = false
                cellContinuations.append((lineStart, column, cellStart))
            } else {
                quoting.quoted = false
                endRecord(at: lineStart - 1)
            }
        } else if quoting.quoted {
            cellContinuations.append((lineStart, column, cellStart))
        }
        // A window that starts inside a line (after a cut in a line longer than the buffer)
        // resumes at the next line: its cells could not be numbered.
        if lineStart > 0 && subject[lineStart - 1] != 0x0A && !quoting.quoted {
            guard let newline = memchr(base + lineStart, 0x0A, cut - lineStart) else { return (cut, cut) }
            lineStart = base.distance(to: UnsafeRawPointer(newline)) + 1
            (recordStart, cellStart) = (lineStart, lineStart)
        }
        if lostZeroDelimiter != structure.delimiter {
            let delimiter = Int(structure.delimiter)
            lostZeroBytes = pii_byte_set { $0 == 0x22 || $0 == 0x0A || $0 == delimiter }
            lostZeroDelimiter = structure.delimiter
        }
        // Whole lines only, unless the input ends here: a line cut short is read in the next window.
        var limit = cut
        if !final {
            while limit > lineStart && subject[limit - 1] != 0x0A { limit -= 1 }
        }
        var windowCut = cut
        // Only quotes, delimiters and line breaks matter: the kernel marks them, 4 KiB at a time.
        let chunk = 4096
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunk / 64) { masks in
            var chunkStart = lineStart
            walk: while chunkStart < limit {
                let chunkEnd = min(limit, chunkStart + chunk)
                pii_member_mask(subject.baseAddress!.assumingMemoryBound(to: UInt8.self), chunkStart, chunkEnd, &lostZeroBytes, masks.baseAddress!)
                for word in 0..<((chunkEnd - chunkStart + 63) / 64) {
                    var mask = masks[word]
                    while mask != 0 {
                        let index = chunkStart + 64 * word + mask.trailingZeroBitCount
                        mask &= mask &- 1
                        switch subject[index] {
                        case 0x22:
                            quoting.quote(at: index, in: subject, cellStart: cellStart)
                        case 0x0A:
                            if quoting.quoted, firstBreak {
                                guard let goesOn = goesOn(at: index) else {
                                    // Judged by the next window, which starts with the next line.
                                    lineStart = index + 1
                                    windowCut = lineStart
                                    break walk
                                }
                                if !goesOn {
                                    // The quote hides the rest of its line, as it always did.
                                    quoting.quoted = false
                                    endRecord(at: index)
                                    continue
                                }
                            }
                            if quoting.quoted {
                                // A line break inside a quoted cell: the next line goes on with it.
                                lineStart = index + 1
                                cellContinuations.append((lineStart, column, cellStart))
                            } else {
                                // The line's end closes its last cell, and the record.
                                let oneLine = recordStart == lineStart && recordStart >= 0
                                let title = recordStart..<index
                                cell(end: index)
                                endRecord(at: index)
                                if followsTables && oneLine,
                                    let table = followingTable(subject, title: title, final: final, windowStart: from)
                                {
                                    // The window ends before the title (to be judged with more
                                    // text after it) or before the next table's records.
                                    let end = table.map(\.recordsStart) ?? title.lowerBound
                                    if let table { nextTable = (windowBase + Int64(end), table.structure) }
                                    (lineStart, windowCut) = (end, end)
                                    break walk
                                }
                            }
                        default:
                            if !quoting.quoted { cell(end: index) }
                        }
                    }
                }
                chunkStart = chunkEnd
            }
        }
        // A last line without a line break is read only at the end of the input.
        if final && lineStart < cut && windowCut == cut {
            if !quoting.quoted { cell(end: cut) }
            endRecord(at: cut - 1)
            return (cut, cut)
        }
        if quoting.quoted {
            // The next window starts inside this quoted cell.
            cellCarry = (
                windowBase + Int64(lineStart), column, windowBase + Int64(cellStart), windowBase + Int64(recordStart), firstBreak
            )
        }
        return (min(lineStart, windowCut), windowCut)
    }

    /// How much text after a title line a later table's header is judged with (its header and
    /// first records): fixed, so that the judgement does not depend on where windows end.
    static let tableLookahead = 1024

    /// Whether the one-line record `title` (buffer indices, its line break at its end) is the
    /// title or blank row above a later table of a sheet (``TextStructure/subTableHeader(in:title:current:)``,
    /// judged on ``tableLookahead`` bytes after it): `.some(table)` when it is, `.some(nil)` when
    /// the window does not hold those bytes yet (the next window judges it; not for a title at
    /// the window's start, judged with what there is), nil when it is not.
    private func followingTable(
        _ subject: UnsafeRawBufferPointer, title: Range<Int>, final: Bool, windowStart: Int
    ) -> (structure: TextStructure, recordsStart: Int)?? {
        guard let structure, !TextStructure.holdsTwoCells(subject, title, delimiter: structure.delimiter),
            TextStructure.isTitleOrBlank(UnsafeRawBufferPointer(rebasing: subject[title]))
        else { return nil }
        let end = title.upperBound + 1 + UnitScanner.tableLookahead
        if end > subject.count && !final && title.lowerBound > windowStart { return .some(nil) }
        let text = UnsafeRawBufferPointer(rebasing: subject[0..<min(end, subject.count)])
        guard let table = TextStructure.subTableHeader(in: text, title: title, current: structure) else { return nil }
        return .some(table)
    }

    /// The column and start of the quoted CSV/TSV cell the line starting at `line` (a buffer
    /// index of the current window) begins inside, if it does (see ``cellContinuations``).
    func cellContinuation(atLine line: Int) -> (column: Int, cellStart: Int)? {
        guard let last = cellContinuations.last, line <= last.line, line >= cellContinuations[0].line else { return nil }
        var (low, high) = (0, cellContinuations.count - 1)
        while low < high {
            let middle = (low + high) / 2
            if cellContinuations[middle].line < line { low = middle + 1 } else { high = middle }
        }
        let found = cellContinuations[low]
        return found.line == line ? (found.column, found.cellStart) : nil
    }

    /// What a line break inside a quoted CSV/TSV cell is, decided at the cell's first one
    /// (`newline`) from the ``quotedBreakReach`` bytes after it alone, so that windows agree: a
    /// break within the cell (`.cell`) when the cell's closing quote comes among them before a
    /// delimiter or a line end, and none of the lines it spans — to the end of the one holding
    /// that quote — reads as a whole record (as many cells as the header); else the end of the
    /// record (`.stray`: the quote that opened the cell was text). `.unknown` when the buffer
    /// holds fewer of those bytes and the input goes on.
    ///
    /// A line that reads as a whole record therefore never continues a cell, which is what lets
    /// work units start at such lines (``ScanEngine``'s record boundaries) and agree with a
    /// scan from the file's start.
    enum QuotedBreak { case cell, stray, unknown }

    static func quotedBreak(
        _ subject: UnsafeRawBufferPointer, at newline: Int, final: Bool, delimiter: UInt8, columns: Int
    ) -> QuotedBreak {
        let base = subject.baseAddress!
        let next = newline + 1
        // One byte more than the reach: what follows a closing quote at its end.
        guard final || subject.count > next + quotedBreakReach else { return .unknown }
        let reach = min(subject.count, next + quotedBreakReach)
        // The closing quote: the first quote that is not one of an escaped pair.
        var position = next
        var closing: Int? = nil
        while position < reach, let found = memchr(base + position, 0x22, reach - position) {
            let quote = base.distance(to: UnsafeRawPointer(found))
            if quote + 1 < subject.count && subject[quote + 1] == 0x22 {
                position = quote + 2
                continue
            }
            closing = quote
            break
        }
        guard let closing else { return .stray }
        if closing + 1 < subject.count {
            let after = subject[closing + 1]
            guard after == delimiter || after == 0x0A || after == 0x0D else { return .stray }
        }
        // The lines of the cell after the break, through the one holding the closing quote.
        var line = next
        while true {
            let end: Int
            if let found = memchr(base + line, 0x0A, reach - line) {
                end = base.distance(to: UnsafeRawPointer(found))
            } else if final && reach == subject.count {
                end = subject.count
            } else {
                return .stray  // a line longer than the reach
            }
            let content = end > line && subject[end - 1] == 0x0D ? end - 1 : end
            if TextStructure.cellCount(UnsafeRawBufferPointer(rebasing: subject[line..<content]), delimiter: delimiter) == columns {
                return .stray
            }
            if end >= closing { return .cell }
            line = end + 1
        }
    }

    /// How many bytes after a quoted cell's first line break are read to judge it: its closing
    /// quote must come within them. Less than a window of the smallest buffer holds after the
    /// bytes kept from the last one.
    static let quotedBreakReach = 2048



    /// A cheap look at restored digits before the rules run: a resident number's month and day
    /// (13 digits), or a phone number's area code after its 0 (`01x`–`07x`; nine digits are only
    /// ever Seoul's `02-XXX-XXXX` — every other area code has seven or eight digits after it).
    static func mayBeLostZeroValue(_ restored: [UInt8], count: Int) -> Bool {
        func digit(_ index: Int) -> Int { Int(restored[index]) - 0x30 }
        if count == 13 {
            let month = digit(2) * 10 + digit(3), day = digit(4) * 10 + digit(5)
            return (1...12).contains(month) && (1...31).contains(day)
        }
        if count == 9 { return digit(1) == 2 }
        return (1...7).contains(digit(1))
    }

    /// The digits of a cell that holds only digits (blanks, a carriage return and one pair of
    /// double quotes around them allowed), not starting with 0; nil otherwise.
    static func digitRun(_ subject: UnsafeRawBufferPointer, _ cell: Range<Int>) -> Range<Int>? {
        guard let digits = digitsOnly(subject, cell, maximum: 12), subject[digits.lowerBound] != UInt8(ascii: "0") else {
            return nil
        }
        return digits
    }

    /// The cell's content without the blanks, carriage return and one pair of double quotes
    /// around it, when that is 1 to `maximum` ASCII digits; nil otherwise.
    static func digitsOnly(_ subject: UnsafeRawBufferPointer, _ cell: Range<Int>, maximum: Int) -> Range<Int>? {
        var lower = cell.lowerBound
        var upper = cell.upperBound
        while lower < upper && (subject[lower] == 0x20 || subject[lower] == 0x09) { lower += 1 }
        while upper > lower && (subject[upper - 1] == 0x20 || subject[upper - 1] == 0x09 || subject[upper - 1] == 0x0D) { upper -= 1 }
        if upper - lower >= 2 && subject[lower] == 0x22 && subject[upper - 1] == 0x22 {
            lower += 1
            upper -= 1
        }
        guard upper > lower, upper - lower <= maximum else { return nil }
        for index in lower..<upper where subject[index] &- 0x30 >= 10 { return nil }
        return lower..<upper
    }

    /// Runs `body` with candidates assessed like a database cell's: no CSV structure or dump row,
    /// `context` (a column or key name) as the only context beyond the value's own bytes.
    private func assessingAsCell<Result>(context: [UInt8], _ body: () -> Result) -> Result {
        let savedStructure = structure
        let savedContext = extraContext
        let savedDumpCells = dumpCells
        structure = nil
        extraContext = context
        dumpCells = nil
        defer {
            structure = savedStructure
            extraContext = savedContext
            dumpCells = savedDumpCells
        }
        return body()
    }

    /// The best finding among the phone and resident-number rules for the digits at `digits`
    /// with each count of lost zeros restored, in a column whose keyword context is `context`;
    /// its span is the digits (offset 0, line 1: the caller places it).
    func lostZeroFinding(
        _ subject: UnsafeRawBufferPointer, digits: Range<Int>, context: [UInt8], path: String, restored: inout [UInt8]
    ) -> Finding? {
        // Assessed like a database cell: the restored digits alone, the column name as context.
        assessingAsCell(context: context) { lostZeroFinding(subject, digits: digits, path: path, restored: &restored) }
    }

    private func lostZeroFinding(_ subject: UnsafeRawBufferPointer, digits: Range<Int>, path: String, restored: inout [UInt8]) -> Finding? {
        var best: Finding?
        for zeros in CellScanner.lostZeroCounts(digits: digits.count) {
            let count = zeros + digits.count
            for index in 0..<zeros { restored[index] = UInt8(ascii: "0") }
            for index in 0..<digits.count { restored[zeros + index] = subject[digits.lowerBound + index] }
            guard UnitScanner.mayBeLostZeroValue(restored, count: count) else { continue }
            restored.withUnsafeBytes { buffer in
                let value = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                for detector in lostZeroDetectors {
                    // A resident number has 13 digits, a phone number 9–11.
                    guard (detectors[detector].rule.category == .rrn) == (count == 13) else { continue }
                    guard let match = try? matchData[detector].firstMatch(in: value, from: 0), match == 0..<count,
                        var finding = assess((0, count, detector), subject: value, bufferBase: 0, line: 1, lineStart: 0, path: path),
                        CellScanner.lostZero(&finding, restored: value, minConfidence: configuration.minConfidence)
                    else { continue }
                    if finding.confidence > best?.confidence ?? -1 { best = finding }
                }
            }
        }
        return best
    }

    /// The finding of the phone (`residentNumber` false) or resident-number rules on a value
    /// joined from split cells, assessed like a database cell (the value alone, its first
    /// column's name as context), covering the whole value; its span is the value (the caller
    /// places it).
    func splitValueFinding(_ value: [UInt8], residentNumber: Bool, context: [UInt8], path: String) -> Finding? {
        assessingAsCell(context: context) { splitValueFinding(value, residentNumber: residentNumber, path: path) }
    }

    /// The finding of the address rules on an address joined from split cells (``SplitAddress``),
    /// assessed like a database cell (the first part's column name as context): the most
    /// confident match that starts at the value's start.
    func splitAddressFinding(_ value: [UInt8], context: [UInt8], path: String) -> Finding? {
        assessingAsCell(context: context) {
            var best: Finding?
            value.withUnsafeBytes { value in
                for detector in detectors.indices where detectors[detector].rule.category == .address {
                    guard let match = try? matchData[detector].firstMatch(in: value, from: 0), match.lowerBound == 0,
                        let finding = assess((0, match.upperBound, detector), subject: value, bufferBase: 0, line: 1, lineStart: 0, path: path),
                        finding.confidence > best?.confidence ?? -1
                    else { continue }
                    best = finding
                }
            }
            return best
        }
    }

    /// The detector of masked and partial resident numbers (`kr-rrn-masked`), if it is enabled.
    private(set) lazy var maskedResidentDetector: Int? = detectors.indices.first { detectors[$0].rule.id == "kr-rrn-masked" }

    /// The finding on a resident number's back half alone (`rrn2=2378608`, a `주민번호뒷자리`
    /// column without its front): `******-` and the seven digits, assessed by the masked rule as
    /// a database cell is (spec §2.9 RRN_BACK7: the secret part, `kr-rrn-partial`), the field's
    /// name as context. Nil unless the digits are seven, the first 1–8 (a sex and century digit).
    func backHalfFinding(_ digits: UnsafeRawBufferPointer, context: [UInt8], path: String) -> Finding? {
        guard let detector = maskedResidentDetector, digits.count == 7, digits[0] &- 0x31 < 8 else { return nil }
        let value = Array("******-".utf8) + Array(digits)
        return assessingAsCell(context: context) {
            value.withUnsafeBytes { value in
                guard let match = try? matchData[detector].firstMatch(in: value, from: 0), match == 0..<value.count else { return nil }
                return assess((0, value.count, detector), subject: value, bufferBase: 0, line: 1, lineStart: 0, path: path)
            }
        }
    }

    private func splitValueFinding(_ value: [UInt8], residentNumber: Bool, path: String) -> Finding? {
        var best: Finding?
        value.withUnsafeBytes { value in
            for detector in lostZeroDetectors where (detectors[detector].rule.category == .rrn) == residentNumber {
                guard let match = try? matchData[detector].firstMatch(in: value, from: 0), match == 0..<value.count,
                    let finding = assess((0, value.count, detector), subject: value, bufferBase: 0, line: 1, lineStart: 0, path: path),
                    finding.confidence > best?.confidence ?? -1
                else { continue }
                best = finding
            }
        }
        return best
    }

    /// Scratch space for the digits of a dump number with its zeros restored.
    private var restoredScratch = [UInt8](repeating: 0, count: 16)

    /// The pseudo-detector of ``findDumpNumbers(subject:from:cut:final:into:)``'s matches.
    private var dumpNumberMatch: Int { detectors.count }
    /// The pseudo-detector of ``findDumpBlobs(subject:from:cut:final:into:)``'s matches.
    var dumpBlobMatch: Int { detectors.count + 1 }

    /// Numbers of 8–12 digits, not starting with 0, that stand alone between the separators of
    /// a dump row value (`(` or `,` before, `,` or `)` after; a tab or line break around a COPY
    /// field), starting in `[from, cut)`: an INTEGER column's phone or resident number that lost
    /// its leading zeros. Added to `matches` as matches of ``dumpNumberMatch``; whether one is a
    /// value of a row, and of which column, is asked when its turn comes (``dumpNumberFinding``).
    private func findDumpNumbers(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, final: Bool, into matches: inout [(start: Int, end: Int, detector: Int)]
    ) {
        guard !lostZeroDetectors.isEmpty else { return }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        var index = from
        // A run that started before the window was seen by the previous one.
        while index > 0 && index < cut && isDigit(subject[index - 1]) && isDigit(subject[index]) { index += 1 }
        while index < cut {
            guard isDigit(subject[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < subject.count && isDigit(subject[index]) { index += 1 }
            // A whole number in a REAL column (`sqlite3 .dump` writes `1023456789.0`): the
            // database reads that cell as the integer, and so does the dump.
            var valueEnd = index
            if valueEnd + 1 < subject.count && subject[valueEnd] == UInt8(ascii: ".") && subject[valueEnd + 1] == UInt8(ascii: "0") {
                valueEnd += 1
                while valueEnd < subject.count && subject[valueEnd] == UInt8(ascii: "0") { valueEnd += 1 }
            }
            guard (8...12).contains(index - start), subject[start] != UInt8(ascii: "0"), valueEnd < subject.count || final else { continue }
            var before = start - 1
            while before >= 0 && subject[before] == 0x20 { before -= 1 }
            guard before >= 0 else { continue }
            switch subject[before] {
            case UInt8(ascii: "("), UInt8(ascii: ","), 0x09, 0x0A: break
            default: continue
            }
            var after = valueEnd
            while after < subject.count && subject[after] == 0x20 { after += 1 }
            if after < subject.count {
                switch subject[after] {
                case UInt8(ascii: ")"), UInt8(ascii: ","), 0x09, 0x0A, 0x0D: break
                default: continue
                }
            }
            matches.append((start, index, dumpNumberMatch))
        }
    }

    /// The finding for a number of ``findDumpNumbers(subject:from:cut:final:into:)`` when it is
    /// a whole, unquoted value of a dump row: assessed with its zeros restored and its column's
    /// name as context, like an INTEGER cell of a database (offset and line set by the caller).
    private func dumpNumberFinding(
        _ match: (start: Int, end: Int, detector: Int), subject: UnsafeRawBufferPointer, bufferBase: Int64, lineStart: Int64,
        path: String
    ) -> Finding? {
        guard let dumpCells, let cell = dumpCells.cell(at: bufferBase + Int64(match.start)) else { return nil }
        // Unquoted: nothing but blanks between the start of the value and its digits.
        let valueStart = cell.start - bufferBase
        guard valueStart >= 0, valueStart <= Int64(match.start),
            subject[Int(valueStart)..<match.start].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A })
        else { return nil }
        guard var finding = lostZeroFinding(
            subject, digits: match.start..<match.end, context: cell.context, path: path, restored: &restoredScratch)
        else { return nil }
        markSuppression(&finding, subject: subject, lineStart: max(0, Int(lineStart - bufferBase)), after: match.end)
        return finding
    }

    /// Whether the value at `start..<end` answers the line before it: it is alone on its line —
    /// quoted or not (a pretty-printed JSON value under its key) — after nothing, or after a
    /// short prefix ending in `:` (a chat's `2024. 3. 5. 오후 6:21,
    /// 홍길동 : `, a form's `답변:`) — with at most a short Hangul ending after it (`이에요`,
    /// `입니다`) and punctuation. `afterEnd` is where the context after the value ends (its line's
    /// end, if within reach).
    static func answersLineBefore(_ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int, afterEnd: Int) -> Bool {
        guard afterEnd == subject.count || subject[afterEnd] == 0x0A else { return false }  // the line goes on
        // After it: spaces, up to four Hangul syllables, punctuation, spaces (or a CR).
        var index = end
        while index < afterEnd && (subject[index] == 0x20 || subject[index] == 0x09) { index += 1 }
        var syllables = 0
        while index + 2 < afterEnd && syllables < 4 && subject[index] >= 0xEA && subject[index] <= 0xED { index += 3; syllables += 1 }
        // (A pretty-printed JSON value closes its quote, then a comma: `"R339L8424",` under
        // `"passport_no":`; a YAML value its single quote: `example: '558-23-31281'`.)
        while index < afterEnd && [0x2E, 0x21, 0x3F, 0x7E, 0x29, 0x20, 0x0D, 0x22, 0x27, 0x2C].contains(subject[index]) { index += 1 }
        guard index == afterEnd else { return false }
        // Before it: nothing but spaces, or a prefix of at most 64 bytes whose last character is
        // `:` (or a `[speaker]`) — and between the two, perhaps a reply's `네`, `예`
        // (`고객: 네, 1501014123458이요`).
        var last = start - 1
        while last >= lineStart && (subject[last] == 0x20 || subject[last] == 0x09) { last -= 1 }
        if last >= lineStart && (subject[last] == 0x22 || subject[last] == 0x27) {
            last -= 1  // a JSON (or YAML) string's opening quote
            while last >= lineStart && (subject[last] == 0x20 || subject[last] == 0x09) { last -= 1 }
        }
        var syllablesBefore = 0
        while syllablesBefore < 2 {
            // `네, `, `네 네 `: a syllable, then perhaps a comma, then blanks.
            var word = last
            if word >= lineStart && subject[word] == 0x2C { word -= 1 }
            guard word - 2 >= lineStart, interjections.contains(where: { syllable in
                subject[word - 2] == syllable[0] && subject[word - 1] == syllable[1] && subject[word] == syllable[2]
            }) else { break }
            last = word - 3
            // A word of its own: after the prefix's `:`, a blank or nothing.
            guard last < lineStart || [0x20, 0x09, 0x3A].contains(subject[last]) else { return false }
            while last >= lineStart && (subject[last] == 0x20 || subject[last] == 0x09) { last -= 1 }
            syllablesBefore += 1
        }
        guard last >= lineStart else { return true }
        guard start - lineStart <= 64 else { return false }
        // `홍길동 : `, or a bracketed speaker (`[고객] `, `[2024-03-05 14:02] 고객: `).
        if subject[last] == 0x3A { return true }
        var first = lineStart
        while first < last && (subject[first] == 0x20 || subject[first] == 0x09) { first += 1 }
        return subject[last] == 0x5D && subject[first] == 0x5B
    }
    /// A reply's first word before its value: 네, 예, 넵, 아, 어, 음 (UTF-8).
    private static let interjections: [[UInt8]] = ["네", "예", "넵", "아", "어", "음"].map { Array($0.utf8) }

    /// Where the dump value holding a match that ends at `start` ends, at the latest: the first
    /// quote, separator (`,` `)`, tab) or line break (a comma inside a quoted value cuts the
    /// context short, which only loses context of the same value).
    static func dumpValueEnd(_ subject: UnsafeRawBufferPointer, from start: Int, limit: Int) -> Int {
        var index = start
        while index < limit {
            switch subject[index] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ")"), 0x09, 0x0A, 0x0D: return index
            default: index += 1
            }
        }
        return limit
    }

    private func lastNewline(in range: Range<Int>) -> Int? {
        // Scanning backwards is cheap: the last line break is usually close to the end.
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if buffer[index] == 0x0A { return index }
        }
        return nil
    }

    private func nextLineStart(after position: Int, limit: Int) -> Int {
        guard position < limit, let hit = memchr(buffer.baseAddress! + position, 0x0A, limit - position) else {
            return limit
        }
        return UnsafeRawPointer(buffer.baseAddress!).distance(to: UnsafeRawPointer(hit)) + 1
    }
}
