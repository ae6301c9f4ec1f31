/// CSV/TSV columns that hold the parts of one value — a resident number in two (`jumin1`,
/// `jumin2`; `rrn_front`, `rrn_back`) or a phone number in three (`hp1`, `hp2`, `hp3`) — as a
/// database table's do (``SQLiteScanner/splitPairs(_:)``, ``SQLiteScanner/splitPhones(_:)``).
/// No part is a value on its own; joined, they are one, and a legacy system's export of such a
/// table lists every customer's full resident number.
struct SplitCellLayout {
    /// The header the layout was made for.
    let columns: [String]
    let pairs: [(first: Int, second: Int)]
    let triples: [(first: Int, second: Int, third: Int)]
    /// Per column, whether it is a part of a pair or triple (its cell is remembered per line).
    let isPart: [Bool]

    init(columns: [String]) {
        self.columns = columns
        pairs = SQLiteScanner.splitPairs(columns)
        triples = SQLiteScanner.splitPhones(columns)
        var isPart = [Bool](repeating: false, count: columns.count)
        for pair in pairs { (isPart[pair.first], isPart[pair.second]) = (true, true) }
        for triple in triples { (isPart[triple.first], isPart[triple.second], isPart[triple.third]) = (true, true, true) }
        self.isPart = isPart
    }

    var isEmpty: Bool { pairs.isEmpty && triples.isEmpty }
}

extension UnitScanner {
    /// The digits of a cell that holds only digits (blanks, a carriage return and one pair of
    /// double quotes around them allowed; leading zeros kept — text, not a number); nil otherwise.
    static func digitCell(_ subject: UnsafeRawBufferPointer, _ cell: Range<Int>) -> Range<Int>? {
        var lower = cell.lowerBound
        var upper = cell.upperBound
        while lower < upper && (subject[lower] == 0x20 || subject[lower] == 0x09) { lower += 1 }
        while upper > lower && (subject[upper - 1] == 0x20 || subject[upper - 1] == 0x09 || subject[upper - 1] == 0x0D) { upper -= 1 }
        if upper - lower >= 2 && subject[lower] == 0x22 && subject[upper - 1] == 0x22 {
            lower += 1
            upper -= 1
        }
        guard upper > lower, upper - lower <= 7 else { return nil }
        for index in lower..<upper where subject[index] &- 0x30 >= 10 { return nil }
        return lower..<upper
    }

    /// Joins the parts of each pair and triple of `layout` among the cells of the line starting
    /// at `lineStart` (`cells`: the parts' ranges, nil where the line has none; cleared here),
    /// and adds the findings on the joined values to `found` in order of their start (the span
    /// runs from the first part on the line to the end of the last, in any column order). A pair joins as
    /// `YYMMDD-SBBBBBC` (6 and 7 digits), a triple as `P1-P2-P3` (2–3, 3–4 and 4 digits; a P1 of
    /// 1–2 digits without its 0, as a spreadsheet stores `010`, gets it back).
    func addSplitCellFindings(
        _ layout: SplitCellLayout, cells: inout [Range<Int>?], subject: UnsafeRawBufferPointer, lineStart: Int,
        contexts: [[UInt8]], path: String, into found: inout [EncodedFinding]
    ) {
        func digits(_ column: Int, _ counts: ClosedRange<Int>) -> Range<Int>? {
            guard let cell = cells[column], let digits = UnitScanner.digitCell(subject, cell), counts.contains(digits.count) else { return nil }
            return digits
        }
        var joined: [UInt8] = []
        for pair in layout.pairs {
            guard let front = digits(pair.first, 6...6), let back = digits(pair.second, 7...7) else { continue }
            joined.removeAll(keepingCapacity: true)
            joined += subject[front]
            joined.append(UInt8(ascii: "-"))
            joined += subject[back]
            add(joined, residentNumber: true, columns: [pair.first, pair.second], span: span(front, back))
        }
        for triple in layout.triples {
            guard let area = digits(triple.first, 1...3), let exchange = digits(triple.second, 3...4),
                let number = digits(triple.third, 4...4)
            else { continue }
            joined.removeAll(keepingCapacity: true)
            if subject[area.lowerBound] != UInt8(ascii: "0") && area.count <= 2 { joined.append(UInt8(ascii: "0")) }
            joined += subject[area]
            guard (2...3).contains(joined.count) else { continue }
            joined.append(UInt8(ascii: "-"))
            joined += subject[exchange]
            joined.append(UInt8(ascii: "-"))
            joined += subject[number]
            add(joined, residentNumber: false, columns: [triple.first, triple.second, triple.third], span: span(area, exchange, number))
        }
        for index in cells.indices { cells[index] = nil }

        /// From the first part on the line to the end of the last (columns may come in any order).
        func span(_ parts: Range<Int>...) -> Range<Int> {
            parts.map(\.lowerBound).min()!..<parts.map(\.upperBound).max()!
        }

        /// Reported under the parts' column names joined by `+` (`jumin1+jumin2`), as a database's.
        func add(_ value: [UInt8], residentNumber: Bool, columns: [Int], span: Range<Int>) {
            guard var finding = splitValueFinding(value, residentNumber: residentNumber, context: contexts[columns[0]], path: path)
            else { return }
            finding.length = span.count
            finding.field = displayName(columns.map { layout.columns[$0] }.joined(separator: "+"))
            markSuppression(&finding, subject: subject, lineStart: lineStart, after: span.upperBound)
            var position = found.count
            while position > 0 && found[position - 1].start > span.lowerBound { position -= 1 }
            found.insert(EncodedFinding(start: span.lowerBound, finding: finding), at: position)
        }
    }
}
