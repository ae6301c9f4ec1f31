import PIIModel
import PIIRules

/// The cells of many records (database rows), held until they are scanned together.
///
/// Scanning a cell on its own runs the whole ``UnitScanner/scan(_:path:baseOffset:context:structure:sink:)``
/// machinery (buffer, windows, every detector, overlap resolution) for a few bytes. Instead, the
/// cells that share a keyword context — one column — are packed into one *lane*, each cell
/// followed by a line feed, and the lane is scanned as the lines of one buffer with the column's
/// context; findings are mapped back to their cell by offset.
///
/// This gives exactly what scanning each cell on its own gives, because
/// - no rule can match a line feed or tell one from the subject's edge (checked for every rule,
///   see ``RegexLineLocality``; otherwise nothing is packed), so the matches inside a cell are
///   the same;
/// - everything else the scanner looks at is bounded by the line: the context before and after
///   a value, the field it sits in, `piiscan:allow` comments, encoded text — and a cell is one
///   line or more of its lane, never less;
/// - the keyword context of the whole lane is its column's.
///
/// Cells longer than ``soloThreshold`` are scanned alone, as before. If a lane hits a PCRE2
/// limit, its cells are scanned again one by one (a limit error skips the rest of a line for a
/// rule, and its message names a byte offset within the cell).
///
/// Each cell gets a sequence number in the order the cells were added; the findings of a
/// record come out in that order (within a cell, in the scanner's order), so a record's
/// findings are the same list, in the same order, as with cell-by-cell scanning.
struct CellBatch {
    /// What a lane holds, and which of its findings count.
    enum Kind {
        /// Cell values: every finding.
        case plain
        /// Integers with their lost leading zero restored (`0` + digits; `00`/`000` + digits for
        /// resident numbers of births in 2000): phone and resident numbers covering the whole
        /// value, with ``CellScanner/lostZeroPenalty`` less confidence.
        case lostZero
        /// Resident numbers joined from two columns (`YYMMDD-SBBBBBC`): covering the whole value.
        case splitPair
        /// Phone numbers joined from three columns (`P1-P2-P3`): covering the whole value.
        case splitPhone
        /// A resident number's back half alone, as `******-SBBBBBC` (spec §2.9 RRN_BACK7): the
        /// partial resident number covering the whole value, its span the cell's seven digits.
        case backHalf
    }

    /// Cells of one column (one keyword context) and one kind.
    struct Lane {
        /// Column number reported for the findings.
        let column: Int
        let kind: Kind
        let context: [UInt8]
        /// The packed cells, each followed by `\n`.
        var bytes: [UInt8] = []
        /// For each packed cell: its sequence number, its start in `bytes` and its length.
        var seqs: [Int32] = []
        var starts: [Int32] = []
        var lengths: [Int32] = []
    }

    /// A cell scanned alone (too long to pack, or packing not possible).
    struct Solo {
        var seq: Int32
        var lane: Int
        var bytes: [UInt8]
    }

    private(set) var lanes: [Lane] = []
    private(set) var solos: [Solo] = []
    /// Sequence number of the first cell of each record.
    private(set) var recordStarts: [Int32] = []
    /// Cells added (the next sequence number).
    private(set) var cellCount: Int32 = 0
    /// Bytes held.
    private(set) var byteCount = 0
    /// Whether cells are packed (every rule is line-local); otherwise every cell is scanned alone.
    let packing: Bool
    /// The batch is full once it holds this many bytes (checked between records).
    let byteBudget: Int

    /// Cells longer than this are scanned alone.
    static let soloThreshold = 64 << 10
    /// The batch is full once it holds this many records.
    static let recordBudget = 1 << 16

    init(packing: Bool, byteBudget: Int) {
        self.packing = packing
        // Capped: offsets within a lane are 32-bit (a record adds at most a JSON line's 64 MiB).
        self.byteBudget = min(max(UnitScanner.minimumBufferSize, byteBudget), 16 << 20)
    }

    /// Whether the cells of a scan with these detectors can be packed (see ``RegexLineLocality``).
    static func canPack(_ detectors: [Detector]) -> Bool {
        detectors.allSatisfy { RegexLineLocality.isLineLocal($0.rule) }
    }

    /// Adds a lane and returns its number.
    mutating func addLane(column: Int, kind: Kind, context: [UInt8]) -> Int {
        lanes.append(Lane(column: column, kind: kind, context: context))
        return lanes.count - 1
    }

    var recordCount: Int { recordStarts.count }
    var isEmpty: Bool { recordStarts.isEmpty }
    var isFull: Bool { byteCount >= byteBudget || recordStarts.count >= CellBatch.recordBudget }

    /// Starts the next record: the cells added from now on are its cells.
    mutating func beginRecord() { recordStarts.append(cellCount) }

    /// Adds a cell of the current record to `lane` (`zeros`: that many `0`s go in front of it,
    /// for a ``Kind/lostZero`` lane).
    mutating func add(_ cell: UnsafeRawBufferPointer, zeros: Int = 0, lane: Int) {
        let seq = cellCount
        cellCount += 1
        let count = cell.count + zeros
        byteCount += count + 1
        if !packing || count > CellBatch.soloThreshold {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: zeros))
            bytes.append(contentsOf: cell)
            solos.append(Solo(seq: seq, lane: lane, bytes: bytes))
            return
        }
        CellBatch.append(cell, zeros: zeros, seq: seq, count: count, to: &lanes[lane])
    }

    /// One access to the lane for all of its arrays (one uniqueness check instead of six).
    private static func append(_ cell: UnsafeRawBufferPointer, zeros: Int, seq: Int32, count: Int, to lane: inout Lane) {
        lane.seqs.append(seq)
        lane.starts.append(Int32(lane.bytes.count))
        lane.lengths.append(Int32(count))
        for _ in 0..<zeros { lane.bytes.append(UInt8(ascii: "0")) }
        lane.bytes.append(contentsOf: cell)
        lane.bytes.append(0x0A)
    }

    /// Empties the batch (lanes stay, with their capacity).
    mutating func removeAll() {
        for index in lanes.indices {
            lanes[index].bytes.removeAll(keepingCapacity: true)
            lanes[index].seqs.removeAll(keepingCapacity: true)
            lanes[index].starts.removeAll(keepingCapacity: true)
            lanes[index].lengths.removeAll(keepingCapacity: true)
        }
        solos.removeAll()
        recordStarts.removeAll(keepingCapacity: true)
        cellCount = 0
        byteCount = 0
    }

    /// The record a cell belongs to.
    func record(ofCell seq: Int32) -> Int {
        var low = 0
        var high = recordStarts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if recordStarts[middle] <= seq { low = middle } else { high = middle }
        }
        return low
    }
}

/// A cell's finding and the cell's sequence number in its batch. A struct, not a tuple: the
/// compiler copies a tuple of non-trivial values through its run-time type metadata, several
/// times slower than the specialized copy of a struct, and findings are copied per row.
struct SequencedFinding {
    let seq: Int32
    /// Column number within the record's reported columns.
    let column: Int32
    /// `nil` once moved out by ``CellBatchFindings/moveFindings(ofRecord:_:)``. Not wrapped in a
    /// ``CellScanner/CellFinding``: a finding can be moved out of an optional (`take()`), but
    /// taking it out of a consumed struct copies it.
    var finding: Finding?
}

/// The findings of a scanned ``CellBatch``, record by record (reused between batches).
struct CellBatchFindings {
    typealias CellFinding = CellScanner.CellFinding

    /// Findings with the sequence number of their cell, in the order the lanes produced them.
    fileprivate var found: [SequencedFinding] = []
    /// Indices into `found`, ordered by cell (and by `found` order within a cell).
    private var order: [Int32] = []
    /// For each cell, the position of its first finding in `order` (one more entry at the end).
    private var cellStart: [Int32] = []
    private var recordStarts: [Int32] = []
    private var cellCount: Int32 = 0
    /// The first scanner issue (match limit) of a cell value, in cell order: the cell's record
    /// and column, and the message (as scanning that cell alone reports it).
    fileprivate(set) var firstIssue: (record: Int, column: Int, message: String)?

    /// The findings of one record, in cell order.
    struct Record: RandomAccessCollection {
        fileprivate let findings: CellBatchFindings
        fileprivate let range: Range<Int>
        var startIndex: Int { range.lowerBound }
        var endIndex: Int { range.upperBound }
        subscript(position: Int) -> CellFinding {
            let item = findings.found[Int(findings.order[position])]
            return CellFinding(finding: item.finding!, column: Int(item.column))
        }
    }

    /// Findings of record `record` (in cell order).
    func findings(ofRecord record: Int) -> Record {
        Record(findings: self, range: positions(ofRecord: record))
    }

    /// Moves the findings of record `record` out to `body`, in cell order, instead of copying
    /// them (a copy retains and its release frees each string of a finding): afterwards the
    /// record has none left, and ``findings(ofRecord:)`` must not be asked for it.
    mutating func moveFindings(ofRecord record: Int, _ body: (_ finding: consuming Finding, _ column: Int) -> Void) {
        for position in positions(ofRecord: record) {
            let index = Int(order[position])
            if let finding = found[index].finding.take() { body(finding, Int(found[index].column)) }
        }
    }

    /// Whether record `record` has findings (moved out or not).
    func hasFindings(ofRecord record: Int) -> Bool { !positions(ofRecord: record).isEmpty }

    /// Where the findings of record `record` are listed in `order`.
    private func positions(ofRecord record: Int) -> Range<Int> {
        let first = recordStarts[record]
        let end = record + 1 < recordStarts.count ? recordStarts[record + 1] : cellCount
        return Int(cellStart[Int(first)])..<Int(cellStart[Int(end)])
    }

    fileprivate mutating func reset() {
        found.removeAll(keepingCapacity: true)
        firstIssue = nil
    }

    /// Orders `found` by cell (a counting sort: stable, so a cell keeps the scanner's order).
    fileprivate mutating func sort(_ batch: CellBatch) {
        recordStarts = batch.recordStarts
        cellCount = batch.cellCount
        let cells = Int(batch.cellCount)
        cellStart.removeAll(keepingCapacity: true)
        cellStart.append(contentsOf: repeatElement(0, count: cells + 1))
        order.removeAll(keepingCapacity: true)
        guard !found.isEmpty else { return }
        cellStart.withUnsafeMutableBufferPointer { start in
            for entry in found { start[Int(entry.seq) + 1] += 1 }
            for index in 0..<cells { start[index + 1] += start[index] }
        }
        order.append(contentsOf: repeatElement(0, count: found.count))
        var next = cellStart
        order.withUnsafeMutableBufferPointer { order in
            next.withUnsafeMutableBufferPointer { next in
                for (index, entry) in found.enumerated() {
                    order[Int(next[Int(entry.seq)])] = Int32(index)
                    next[Int(entry.seq)] += 1
                }
            }
        }
    }
}

extension CellScanner {
    /// Scans every cell of `batch` (see ``CellBatch``) into `result`.
    func scan(_ batch: CellBatch, path: String, into result: inout CellBatchFindings) {
        result.reset()
        var issues: [(seq: Int32, column: Int, message: String)] = []
        var limited = false
        for lane in batch.lanes where !lane.seqs.isEmpty {
            if !scanPacked(lane, path: path, into: &result.found) {
                limited = true
                break
            }
        }
        if limited {
            // Cell by cell, as if nothing had been packed.
            result.found.removeAll(keepingCapacity: true)
            var cells: [(seq: Int32, lane: Int, index: Int)] = []
            for (number, lane) in batch.lanes.enumerated() {
                for index in lane.seqs.indices { cells.append((lane.seqs[index], number, index)) }
            }
            cells.sort { $0.seq < $1.seq }
            for cell in cells {
                let lane = batch.lanes[cell.lane]
                let start = Int(lane.starts[cell.index])
                let bytes = Array(lane.bytes[start..<(start + Int(lane.lengths[cell.index]))])
                let problems = scanAlone(bytes, seq: cell.seq, lane: lane, path: path, into: &result.found)
                if !problems.isEmpty && lane.kind == .plain { issues.append((cell.seq, lane.column, problems[0].message)) }
            }
        }
        for solo in batch.solos {
            let lane = batch.lanes[solo.lane]
            let problems = scanAlone(solo.bytes, seq: solo.seq, lane: lane, path: path, into: &result.found)
            if !problems.isEmpty && lane.kind == .plain { issues.append((solo.seq, lane.column, problems[0].message)) }
        }
        if let first = issues.min(by: { $0.seq < $1.seq }) {
            result.firstIssue = (batch.record(ofCell: first.seq), first.column, first.message)
        }
        result.sort(batch)
    }

    /// Scans one lane as one buffer. Returns false when the scanner reported an issue (the lane
    /// is then to be scanned cell by cell).
    private func scanPacked(_ lane: CellBatch.Lane, path: String, into found: inout [SequencedFinding]) -> Bool {
        var source = MemorySource(lane.bytes)
        var cursor = 0
        let starts = lane.starts
        let result = lane.bytes.withUnsafeBytes { bytes in
            scanner.scan(&source, path: path, context: lane.context) { (finding: consuming Finding) in
                // Findings arrive in offset order: move the cursor to the cell holding this one.
                let position = Int32(truncatingIfNeeded: finding.offset)
                if position < starts[cursor] { cursor = 0 }
                while cursor + 1 < starts.count && starts[cursor + 1] <= position { cursor += 1 }
                let start = Int(starts[cursor])
                let cell = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(lane.lengths[cursor]))])
                finding.offset -= Int64(start)
                guard keep(&finding, kind: lane.kind, cell: cell) else { return }
                found.append(SequencedFinding(seq: lane.seqs[cursor], column: Int32(lane.column), finding: consume finding))
            }
        }
        return result.issues.isEmpty
    }

    /// Scans one cell on its own; returns the scanner's issues.
    private func scanAlone(
        _ bytes: [UInt8], seq: Int32, lane: CellBatch.Lane, path: String, into found: inout [SequencedFinding]
    ) -> [InputIssue] {
        var source = MemorySource(bytes)
        return bytes.withUnsafeBytes { cell in
            scanner.scan(&source, path: path, context: lane.context) { (finding: consuming Finding) in
                guard keep(&finding, kind: lane.kind, cell: cell) else { return }
                found.append(SequencedFinding(seq: seq, column: Int32(lane.column), finding: consume finding))
            }.issues
        }
    }

    /// Whether a match in a cell of a lane of `kind` (offset within the cell) is reported, and
    /// as what (`finding` is adjusted in place).
    private func keep(_ finding: inout Finding, kind: CellBatch.Kind, cell: UnsafeRawBufferPointer) -> Bool {
        switch kind {
        case .plain:
            return true
        case .lostZero:
            return lostZero(&finding, restored: cell)
        case .splitPair:
            return (finding.category == .rrn || finding.category == .frn) && finding.offset == 0 && finding.length == 14
        case .splitPhone:
            return (finding.category == .phone || finding.category == .phoneSafe) && finding.offset == 0 && finding.length == cell.count
        case .backHalf:
            guard finding.category == .rrnPartial, finding.offset == 0, finding.length == cell.count else { return false }
            finding.length = 7
            return true
        }
    }
}
