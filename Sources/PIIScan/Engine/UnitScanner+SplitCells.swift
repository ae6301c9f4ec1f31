import CScanKernels
import PIIModel

/// CSV/TSV columns that hold the parts of one value — a resident number in two (`jumin1`,
/// `jumin2`; `rrn_front`, `rrn_back`) or a phone number in three (`hp1`, `hp2`, `hp3`) — as a
/// database table's do (``SQLiteScanner/splitPairs(_:)``, ``SQLiteScanner/splitPhones(_:)``).
/// No part is a value on its own; joined, they are one, and a legacy system's export of such a
/// table lists every customer's full resident number.
struct SplitCellLayout {
    /// The header the layout was made for.
    let columns: [String]
    let pairs: [(first: Int, second: Int)]
    /// Per pair, whether its first column is a birth date's (`생년월일`: `19721203` too).
    let birthPairs: [Bool]
    let triples: [(first: Int, second: Int, third: Int)]
    /// Columns of a resident number's back half without its front (`주민번호뒷자리`, `rrn2`).
    let backs: [Int]
    /// An address split over columns, as address-search exports write it (`시도,시군구,도로명,
    /// 건물번호,상세주소`): the parts' columns in the address's order (see ``SplitAddress``).
    let address: [Int]?
    /// Per column, whether it is a part of a pair or triple (its cell is remembered per line).
    let isPart: [Bool]

    init(columns: [String]) {
        self.columns = columns
        pairs = SQLiteScanner.splitPairs(columns)
        birthPairs = pairs.map { SQLiteScanner.isBirthColumn(columns[$0.first]) }
        triples = SQLiteScanner.splitPhones(columns)
        backs = SQLiteScanner.loneBackHalves(columns, pairs: pairs)
        address = SplitAddress.columns(columns)
        var isPart = [Bool](repeating: false, count: columns.count)
        for pair in pairs { (isPart[pair.first], isPart[pair.second]) = (true, true) }
        for triple in triples { (isPart[triple.first], isPart[triple.second], isPart[triple.third]) = (true, true, true) }
        for back in backs { isPart[back] = true }
        for part in address ?? [] { isPart[part] = true }
        self.isPart = isPart
    }

    var isEmpty: Bool { pairs.isEmpty && triples.isEmpty && backs.isEmpty && address == nil }
}

/// The columns of an address split into its parts (a 시·도, a 시·군·구, a road name, a building
/// number, its sub-number and the detail), named as address-search (juso) exports and
/// administrative datasets name them. No part is an address; joined with blanks, in that order,
/// they are one (`서울특별시 노원구 한글비석로 489 115동 1901호`).
enum SplitAddress {
    /// Column names of each part, compared lower case without blanks and `_`.
    private static let parts: [[String]] = [
        ["시도", "시도명", "광역시도", "sido", "sidonm", "sdnm", "province"],
        ["시군구", "시군구명", "sigungu", "sigungunm", "sggnm", "sgg"],
        ["도로명", "도로명명", "road", "roadnm", "roadname", "rn"],
        ["건물번호", "건물본번", "건물본번호", "buldmnnm", "bldgno", "buildingno", "buildingnumber"],
        ["건물부번", "건물부번호", "buldslno", "bldgsubno"],
        ["상세주소", "상세", "detail", "detailaddress", "addressdetail", "addrdetail", "detailaddr"],
    ]

    /// Whether a column name is a building number's sub-number (joined to it with `-`: `489-1`).
    static func isSubNumber(_ name: String) -> Bool { parts[4].contains(normalized(name)) }

    /// Whether a column name is the road name's or the building number's (the parts an address
    /// needs).
    static func isRoadOrNumber(_ name: String) -> Bool {
        let name = normalized(name)
        return parts[2].contains(name) || parts[3].contains(name)
    }

    private static func normalized(_ name: String) -> String { name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" } }

    /// The parts' columns in order, when the names hold a road name and a building number with
    /// a 시·도 or 시·군·구 (each part once); nil otherwise.
    static func columns(_ names: [String]) -> [Int]? {
        guard names.count >= 3 else { return nil }
        let normalized = names.map(normalized)
        var found: [Int?] = []
        for words in parts {
            let matches = normalized.indices.filter { words.contains(normalized[$0]) }
            guard matches.count <= 1 else { return nil }
            found.append(matches.first)
        }
        guard found[2] != nil, found[3] != nil, found[0] != nil || found[1] != nil else { return nil }
        return found.compactMap { $0 }
    }
}

extension UnitScanner {
    /// The digits of a cell that holds only digits (blanks, a carriage return and one pair of
    /// double quotes around them allowed; leading zeros kept — text, not a number), at most 7.
    static func digitCell(_ subject: UnsafeRawBufferPointer, _ cell: Range<Int>) -> Range<Int>? {
        digitsOnly(subject, cell, maximum: 7)
    }

    /// A cell holding a date written `1972-12-03` (also with `.` or `/`; blanks and one pair of
    /// double quotes around it allowed): its ten bytes.
    static func dateCell(_ subject: UnsafeRawBufferPointer, _ cell: Range<Int>) -> Range<Int>? {
        var lower = cell.lowerBound
        var upper = cell.upperBound
        while lower < upper && (subject[lower] == 0x20 || subject[lower] == 0x22) { lower += 1 }
        while upper > lower && (subject[upper - 1] == 0x20 || subject[upper - 1] == 0x22 || subject[upper - 1] == 0x0D) { upper -= 1 }
        guard upper - lower == 10 else { return nil }
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
        for (number, pair) in layout.pairs.enumerated() {
            guard let back = digits(pair.second, 7...7) else { continue }
            joined.removeAll(keepingCapacity: true)
            let front: Range<Int>
            if let six = digits(pair.first, 6...6) {
                front = six
                joined += subject[six]
            } else if layout.birthPairs[number], let cell = cells[pair.first],
                let date = UnitScanner.digitsOnly(subject, cell, maximum: 10) ?? UnitScanner.dateCell(subject, cell),
                let six = SQLiteScanner.frontHalf(birthDate: subject[date], backFirst: subject[back.lowerBound])
            {
                // A whole birth date (`19721203`, `1972-12-03`) in the birth column.
                front = date
                joined += six
            } else {
                continue
            }
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
        if let parts = layout.address {
            addressFinding(parts)
        }
        for column in layout.backs {
            guard let back = digits(column, 7...7),
                let finding = backHalfFinding(UnsafeRawBufferPointer(rebasing: subject[back]), context: contexts[column], path: path)
            else { continue }
            place(finding, columns: [column], span: back)
        }
        for index in cells.indices { cells[index] = nil }

        /// From the first part on the line to the end of the last (columns may come in any order).
        func span(_ parts: Range<Int>...) -> Range<Int> {
            parts.map(\.lowerBound).min()!..<parts.map(\.upperBound).max()!
        }

        /// The cells of `parts` (quotes and blanks around them dropped) joined with blanks, the
        /// building number and its sub-number with `-`, assessed by the address rules like a cell.
        func addressFinding(_ parts: [Int]) {
            var text: [UInt8] = []
            var span: Range<Int>?
            for column in parts {
                guard var cell = cells[column] else { return }
                while !cell.isEmpty && [0x20, 0x22, 0x0D, 0x09].contains(subject[cell.lowerBound]) { cell = (cell.lowerBound + 1)..<cell.upperBound }
                while !cell.isEmpty && [0x20, 0x22, 0x0D, 0x09].contains(subject[cell.upperBound - 1]) { cell = cell.lowerBound..<(cell.upperBound - 1) }
                // Empty, or a placeholder: Sejong has no 시·군·구 (`세종특별자치시,-,도움5로,477`).
                guard !cell.isEmpty, !(cell.count == 1 && subject[cell.lowerBound] == UInt8(ascii: "-")) else { continue }
                if !text.isEmpty { text.append(SplitAddress.isSubNumber(layout.columns[column]) ? UInt8(ascii: "-") : UInt8(ascii: " ")) }
                text += subject[cell]
                span = span.map { min($0.lowerBound, cell.lowerBound)..<max($0.upperBound, cell.upperBound) } ?? cell
            }
            guard let span, let finding = splitAddressFinding(text, context: contexts[parts[0]], path: path) else { return }
            place(finding, columns: parts, span: span)
        }

        func add(_ value: [UInt8], residentNumber: Bool, columns: [Int], span: Range<Int>) {
            guard let finding = splitValueFinding(value, residentNumber: residentNumber, context: contexts[columns[0]], path: path)
            else { return }
            place(finding, columns: columns, span: span)
        }

        /// Spanning `span` on the line, reported under the parts' column names joined by `+`
        /// (`jumin1+jumin2`), as a database's, among `found` in order of start.
        func place(_ finding: Finding, columns: [Int], span: Range<Int>) {
            var finding = finding
            finding.length = span.count
            finding.field = displayName(columns.map { layout.columns[$0] }.joined(separator: "+"))
            markSuppression(&finding, subject: subject, lineStart: lineStart, after: span.upperBound)
            var position = found.count
            while position > 0 && found[position - 1].start > span.lowerBound { position -= 1 }
            found.insert(EncodedFinding(start: span.lowerBound, finding: finding), at: position)
        }
    }
}

extension UnitScanner {
    /// Values split over the fields of one line — a JSON object's `"hp1":"010","hp2":"2345",
    /// "hp3":"6789"`, a form's `jumin1=900101&jumin2=1234568`, logfmt — joined and validated as
    /// one value, as CSV columns are (``addSplitCellFindings``): a key ending in `1` whose stem
    /// names a resident number (`jumin`, `rrn`, `ssn` …) or a phone (`hp`, `tel`, `phone`,
    /// `mobile` …, ``SQLiteScanner/isPhoneStem(_:original:)``), then the keys ending in `2` (and
    /// `3`) further on the line. Called by the decoding pass at each `=` and `":` it visits (a
    /// pass of its own over every `1` cost the logs 4 %); the findings wait in `splitFound`, in
    /// order of their start (the first part's digits; the span runs to the end of the last).
    @inline(__always)  // (called at every `=` and `":` of a log: mostly the first check returns)
    func splitFieldKey(_ subject: UnsafeRawBufferPointer, at delimiter: Int, path: String) {
        // `hp1=` or `"hp1":` — the `1`, and a key byte before it that is not a digit.
        var keyOne = delimiter - 1
        if subject[delimiter] == 0x3A {
            guard keyOne > 0, subject[keyOne] == 0x22 else { return }
            keyOne -= 1
            // JSON inside a JSON string (a HAR's `postData.text`): `\"rrn1\": \"881117\"`, and
            // inside one more (a container log's line of a JSON log: `\\\"rrn1\\\":`).
            while keyOne > 0 && subject[keyOne] == 0x5C { keyOne -= 1 }
        }
        guard keyOne > 1 else { return }
        let last = subject[keyOne]
        guard last == 0x31 || last == 0x32 else {
            // `rrn_back`, `juminBack`, `rrn_back7`, `jumin7`, `주민번호뒷자리`, `주민번호뒤`.
            if last | 0x20 == 0x6B || last == 0x37 || last >= 0x80 { backHalfKeyIfNamed(subject, keyLast: keyOne, path: path) }
            return
        }
        let previous = subject[keyOne - 1]
        guard UnitScanner.isKeyByte(previous) && !(previous >= 0x30 && previous <= 0x39) else { return }
        if subject[keyOne] == 0x31 {
            splitField(subject, keyOne: keyOne, path: path, into: &splitFound)
        } else {
            loneBackHalfField(subject, keyTwo: keyOne, path: path)
        }
    }

    /// A resident number's back half under a key ending in `2` (`rrn2=2378608`, `"jumin2":"…"`)
    /// with no key ending in `1` of the same stem on its line: reported as the back half alone
    /// (spec §2.9: "only back 7 in a field named `rrn2`, `jumin2` … else RRN_BACK7",
    /// ``backHalfFinding(_:context:path:)``). With both keys, ``splitField`` joins them.
    private func loneBackHalfField(_ subject: UnsafeRawBufferPointer, keyTwo: Int, path: String) {
        var keyStart = keyTwo
        while keyStart > 0 && UnitScanner.isKeyByte(subject[keyStart - 1]) && keyTwo - keyStart < 40 { keyStart -= 1 }
        guard keyStart < keyTwo else { return }
        var stem = String(decoding: UnsafeRawBufferPointer(rebasing: subject[keyStart..<keyTwo]), as: UTF8.self).lowercased()
        if stem.hasSuffix("_") { stem.removeLast() }
        // (Not the generic `reg_no`: alone it may be any register's second number.)
        guard SQLiteScanner.isResidentStem(stem), stem != "regno", stem != "reg_no" else { return }
        var lineEnd = keyTwo
        while lineEnd < subject.count && subject[lineEnd] != 0x0A && lineEnd - keyTwo < 512 { lineEnd += 1 }
        var lineStart = keyStart
        while lineStart > 0 && subject[lineStart - 1] != 0x0A && keyStart - lineStart < 512 { lineStart -= 1 }
        guard let value = UnitScanner.fieldValue(subject, keyEnd: keyTwo + 1, limit: lineEnd), value.count == 7 else { return }
        var partner = Array(UnsafeRawBufferPointer(rebasing: subject[keyStart..<keyTwo]))
        partner.append(0x31)
        guard UnitScanner.findKey(subject, partner, from: lineStart, limit: lineEnd) == nil,
            var finding = backHalfFinding(UnsafeRawBufferPointer(rebasing: subject[value]), context: Array(stem.utf8), path: path)
        else { return }
        finding.length = value.count
        finding.field = displayName(String(decoding: UnsafeRawBufferPointer(rebasing: subject[keyStart...keyTwo]), as: UTF8.self))
        markSuppression(&finding, subject: subject, lineStart: lineStart, after: value.upperBound)
        var position = splitFound.count
        while position > 0 && splitFound[position - 1].start > value.lowerBound { position -= 1 }
        splitFound.insert(EncodedFinding(start: value.lowerBound, finding: finding), at: position)
    }

    /// ``backHalfKey(_:keyLast:path:)`` for a key whose bytes end as a back half's name may
    /// (checked on bytes first: keys ending in `k`, `7` or a Hangul syllable are common, those
    /// names rare) — `back`, `back7`, a letter and `7`, `뒷자리`, `뒷번호` or `뒤`.
    @inline(never)
    private func backHalfKeyIfNamed(_ subject: UnsafeRawBufferPointer, keyLast: Int, path: String) {
        func ends(_ bytes: [UInt8], at end: Int, caseless: Bool = false) -> Bool {
            guard end + 1 >= bytes.count else { return false }
            var offset = 0
            let start = end + 1 - bytes.count
            while offset < bytes.count {
                let byte = subject[start + offset]
                if (caseless ? byte | 0x20 : byte) != bytes[offset] { return false }
                offset += 1
            }
            return true
        }
        let last = subject[keyLast]
        let named: Bool
        if last | 0x20 == 0x6B {
            named = ends(UnitScanner.backWord, at: keyLast, caseless: true)
        } else if last == 0x37 {
            // `back7`, or a letter before the 7 (`jumin7`, as `jumin6` its front).
            named = UnitScanner.isASCIILetter(subject[keyLast - 1]) || subject[keyLast - 1] == 0x5F
        } else {
            named = UnitScanner.koreanBackWords.contains { ends($0, at: keyLast) }
        }
        if named { backHalfKey(subject, keyLast: keyLast, path: path) }
    }
    private static let backWord = Array("back".utf8)
    private static let koreanBackWords = ["뒷자리", "뒷번호", "뒤"].map { Array($0.utf8) }
    @inline(__always) private static func isASCIILetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }

    /// A resident number's back half under a key named for it by a word (`"jumin_back":"…"`,
    /// `rrnBack7=…`, `"주민번호뒷자리":…`, the suffixes of ``SQLiteScanner/halfSuffixes`` but `2`,
    /// which ``splitField`` and ``loneBackHalfField`` read), joined, as a table's columns are
    /// (``SQLiteScanner/splitPairs(_:)``), with the front half on its line — under the same stem
    /// with the front's suffix (`jumin_front`, `juminFront`, `주민번호앞자리`), else under a
    /// birth date's key (`birth_yymmdd`, `생년월일`: a whole date too) — or reported alone
    /// (spec §2.9 RRN_BACK7). Web forms and identity-check APIs send the halves this way.
    private func backHalfKey(_ subject: UnsafeRawBufferPointer, keyLast: Int, path: String) {
        var keyStart = keyLast
        while keyStart > 0 && UnitScanner.isKeyByte(subject[keyStart - 1]) && keyLast - keyStart < 40 { keyStart -= 1 }
        guard keyStart < keyLast else { return }
        let keyBytes = Array(UnsafeRawBufferPointer(rebasing: subject[keyStart...keyLast]))
        let lowered = String(decoding: keyBytes, as: UTF8.self).lowercased()
        var front: String?
        var stem = ""
        for (frontSuffix, back) in SQLiteScanner.halfSuffixes where back != "2" && lowered.hasSuffix(back) {
            stem = String(lowered.dropLast(back.count))
            if stem.hasSuffix("_") { stem.removeLast() }
            guard (SQLiteScanner.isResidentStem(stem) && stem != "regno" && stem != "reg_no")
                || SQLiteScanner.isBareBackHalf(stem: stem, suffix: back)
            else { continue }
            // The front's key in the back's case: `jumin_back`/`jumin_front`, `juminBack`/`juminFront`.
            let backBytes = keyBytes.suffix(back.utf8.count)
            let written = String(decoding: backBytes, as: UTF8.self)
            front = String(decoding: keyBytes.dropLast(back.utf8.count), as: UTF8.self)
                + (written == written.uppercased() && written != written.lowercased() ? frontSuffix.uppercased()
                    : written.first?.isUppercase == true ? frontSuffix.prefix(1).uppercased() + frontSuffix.dropFirst() : frontSuffix)
            break
        }
        guard let front else { return }
        // The stem names what the halves are (`jumin`); the spec's bare `뒷자리` names itself.
        let context = Array((stem.isEmpty ? lowered : stem).utf8)
        var lineEnd = keyLast
        while lineEnd < subject.count && subject[lineEnd] != 0x0A && lineEnd - keyLast < 512 { lineEnd += 1 }
        var lineStart = keyStart
        while lineStart > 0 && subject[lineStart - 1] != 0x0A && keyStart - lineStart < 512 { lineStart -= 1 }
        guard let back = UnitScanner.fieldValue(subject, keyEnd: keyLast + 1, limit: lineEnd), back.count == 7 else { return }
        var finding: Finding?
        var span = back
        var names = String(decoding: keyBytes, as: UTF8.self)
        if let key = UnitScanner.findKey(subject, Array(front.utf8), from: lineStart, limit: lineEnd) {
            // With its front the pair is one value, or none (as `jumin1`/`jumin2` are).
            guard let six = UnitScanner.fieldValue(subject, keyEnd: key, limit: lineEnd), six.count == 6 else { return }
            let joined = Array(subject[six]) + [UInt8(ascii: "-")] + Array(subject[back])
            finding = splitValueFinding(joined, residentNumber: true, context: context, path: path)
            span = min(six.lowerBound, back.lowerBound)..<max(six.upperBound, back.upperBound)
            names = front + "+" + names
            guard finding != nil else { return }
        } else if let (key, date) = UnitScanner.birthField(subject, from: lineStart, limit: lineEnd),
            let six = SQLiteScanner.frontHalf(birthDate: subject[date], backFirst: subject[back.lowerBound])
        {
            let joined = six + [UInt8(ascii: "-")] + Array(subject[back])
            finding = splitValueFinding(joined, residentNumber: true, context: context, path: path)
            span = min(date.lowerBound, back.lowerBound)..<max(date.upperBound, back.upperBound)
            names = key + "+" + names
        }
        if finding == nil {
            // Alone (or beside a birth date that does not join): the secret part by itself.
            (span, names) = (back, String(decoding: keyBytes, as: UTF8.self))
            finding = backHalfFinding(UnsafeRawBufferPointer(rebasing: subject[back]), context: context, path: path)
        }
        guard var finding else { return }
        finding.length = span.count
        finding.field = displayName(names)
        markSuppression(&finding, subject: subject, lineStart: lineStart, after: span.upperBound)
        var position = splitFound.count
        while position > 0 && splitFound[position - 1].start > span.lowerBound { position -= 1 }
        splitFound.insert(EncodedFinding(start: span.lowerBound, finding: finding), at: position)
    }

    /// Keys of a birth date that a back half's key on the same line joins with: a birth-date
    /// column's names (``SQLiteScanner/birthColumns``), and their camelCase forms (keys are
    /// compared as written).
    private static let birthKeys: [String] =
        SQLiteScanner.birthColumns.sorted() + ["birthDate", "birthDay", "birthYmd", "birthYymmdd", "dateOfBirth"]

    /// The first birth-date key of ``birthKeys`` on the line and its value: 6 or 8 digits, or
    /// a date written `1972-12-03` (also `.` or `/`), quoted or not.
    static func birthField(_ subject: UnsafeRawBufferPointer, from: Int, limit: Int) -> (key: String, date: Range<Int>)? {
        for key in birthKeys {
            guard let end = findKey(subject, Array(key.utf8), from: from, limit: limit) else { continue }
            var index = end
            if index < limit && (subject[index] == 0x22 || subject[index] == 0x27) { index += 1 }
            while index < limit && subject[index] == 0x20 { index += 1 }
            guard index < limit, subject[index] == 0x3A || subject[index] == 0x3D || subject[index] == 0x3E else { continue }
            index += 1
            while index < limit && subject[index] == 0x20 { index += 1 }
            if index < limit && (subject[index] == 0x22 || subject[index] == 0x27) { index += 1 }
            let start = index
            while index < limit && index - start < 11
                && (subject[index] &- 0x30 < 10 || [0x2D, 0x2E, 0x2F].contains(subject[index])) { index += 1 }
            guard [6, 8, 10].contains(index - start), index == limit || subject[index] &- 0x30 >= 10 else { continue }
            return (key, start..<index)
        }
        return nil
    }

    /// A JSON number of 8–12 digits not starting with 0 (`"phone":1023456789`): a phone or
    /// resident number that a program parsed as a number (a `Long`), losing its leading zeros —
    /// assessed with them restored and the key as its column's name, like a CSV cell or an
    /// INTEGER cell of a database (``findLostZeroCells``: less confidence, so only a key that
    /// says what it holds keeps it at the default threshold). Called by the decoding pass at each
    /// `":` it visits with the number's `digits` (``longNumber(_:at:)``); the finding waits in
    /// `splitFound`, its span the digits.
    func lostZeroField(_ subject: UnsafeRawBufferPointer, at colon: Int, digits: Range<Int>, path: String) {
        let (start, end) = (digits.lowerBound, digits.upperBound)
        // A whole number: not a decimal fraction, an exponent or the start of a longer token.
        guard colon >= 2, subject[colon - 1] == 0x22,
            end == subject.count || [0x2C, 0x7D, 0x5D, 0x20, 0x0D, 0x0A].contains(subject[end])
        else { return }
        // Amounts and ids are common: what no restored value could be costs no key's name.
        var restored = [UInt8](repeating: 0, count: 16)
        let plausible = CellScanner.lostZeroCounts(digits: end - start).contains { zeros in
            for index in 0..<zeros { restored[index] = UInt8(ascii: "0") }
            for index in 0..<(end - start) { restored[zeros + index] = subject[start + index] }
            return UnitScanner.mayBeLostZeroValue(restored, count: zeros + end - start)
        }
        guard plausible, !lostZeroDetectors.isEmpty else { return }
        var keyStart = colon - 1
        while keyStart > 0 && UnitScanner.isKeyByte(subject[keyStart - 1]) && colon - 1 - keyStart < 40 { keyStart -= 1 }
        guard keyStart < colon - 1, keyStart > 0, subject[keyStart - 1] == 0x22 else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: subject[keyStart..<colon - 1]), as: UTF8.self)
        guard var finding = lostZeroFinding(
            subject, digits: start..<end, context: CellScanner.context(forColumn: name), path: path, restored: &restored)
        else { return }
        finding.field = displayName(name)
        var lineStart = keyStart
        while lineStart > 0 && subject[lineStart - 1] != 0x0A { lineStart -= 1 }
        markSuppression(&finding, subject: subject, lineStart: lineStart, after: end)
        var position = splitFound.count
        while position > 0 && splitFound[position - 1].start > start { position -= 1 }
        splitFound.insert(EncodedFinding(start: start, finding: finding), at: position)
    }

    /// The run of 8–12 digits, the first not 0, at `index` (after one blank), if there is one: the
    /// lengths of a phone or resident number without its leading zeros (not an epoch-millisecond
    /// stamp's 13). Most numbers after a key are shorter and fail within a few bytes.
    @inline(__always)
    static func longNumber(_ subject: UnsafeRawBufferPointer, at index: Int) -> Range<Int>? {
        var start = index
        if start < subject.count && subject[start] == 0x20 { start += 1 }
        guard start + 8 <= subject.count, subject[start] &- 0x31 < 9 else { return nil }
        for offset in 1..<8 where subject[start + offset] &- 0x30 >= 10 { return nil }
        var end = start + 8
        while end < subject.count && end - start <= 12 && subject[end] &- 0x30 < 10 { end += 1 }
        return end - start <= 12 ? start..<end : nil
    }

    /// A byte of a field's key: ASCII letters, digits, `_`, or part of a Hangul word.
    @inline(__always)
    static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte >= 0x80
    }

    /// The split value whose first key ends with the `1` at `keyOne`, if the key names one and
    /// its other parts follow on the line.
    private func splitField(_ subject: UnsafeRawBufferPointer, keyOne: Int, path: String, into found: inout [EncodedFinding]) {
        var keyStart = keyOne
        while keyStart > 0 && UnitScanner.isKeyByte(subject[keyStart - 1]) && keyOne - keyStart < 40 { keyStart -= 1 }
        guard keyStart < keyOne else { return }
        let original = String(decoding: UnsafeRawBufferPointer(rebasing: subject[keyStart..<keyOne]), as: UTF8.self)
        var stem = original.lowercased()
        let separator = stem.hasSuffix("_") ? "_" : ""
        if !separator.isEmpty { stem.removeLast() }
        let resident = SQLiteScanner.isResidentStem(stem)
        guard resident || SQLiteScanner.isPhoneStem(stem, original: String(original.dropLast(separator.count))) else { return }
        var lineEnd = keyOne
        while lineEnd < subject.count && subject[lineEnd] != 0x0A && lineEnd - keyOne < 512 { lineEnd += 1 }
        guard let first = UnitScanner.fieldValue(subject, keyEnd: keyOne + 1, limit: lineEnd) else { return }
        let name = Array(UnsafeRawBufferPointer(rebasing: subject[keyStart..<keyOne]))
        var parts = [first]
        var names = [original + "1"]
        for suffix in resident ? [UInt8(ascii: "2")] : [UInt8(ascii: "2"), UInt8(ascii: "3")] {
            guard let key = UnitScanner.findKey(subject, name + [suffix], from: parts.last!.upperBound, limit: lineEnd),
                let value = UnitScanner.fieldValue(subject, keyEnd: key, limit: lineEnd)
            else { return }
            parts.append(value)
            names.append(original + String(UnicodeScalar(suffix)))
        }
        var joined: [UInt8] = []
        if resident {
            guard parts[0].count == 6, parts[1].count == 7 else { return }
            joined = Array(subject[parts[0]]) + [UInt8(ascii: "-")] + Array(subject[parts[1]])
        } else {
            guard (1...3).contains(parts[0].count), (3...4).contains(parts[1].count), parts[2].count == 4 else { return }
            if subject[parts[0].lowerBound] != UInt8(ascii: "0") && parts[0].count <= 2 { joined.append(UInt8(ascii: "0")) }
            joined += subject[parts[0]]
            guard (2...3).contains(joined.count) else { return }
            joined += [UInt8(ascii: "-")] + Array(subject[parts[1]]) + [UInt8(ascii: "-")] + Array(subject[parts[2]])
        }
        guard var finding = splitValueFinding(joined, residentNumber: resident, context: Array(stem.utf8), path: path) else { return }
        let span = parts[0].lowerBound..<parts.last!.upperBound
        finding.length = span.count
        finding.field = displayName(names.joined(separator: "+"))
        var lineStart = keyStart
        while lineStart > 0 && subject[lineStart - 1] != 0x0A { lineStart -= 1 }
        markSuppression(&finding, subject: subject, lineStart: lineStart, after: span.upperBound)
        var position = found.count
        while position > 0 && found[position - 1].start > span.lowerBound { position -= 1 }
        found.insert(EncodedFinding(start: span.lowerBound, finding: finding), at: position)
    }

    /// The digits of the value after a key ending before `keyEnd`: a closing quote, blanks, `:`,
    /// `=` or an XML element's `>`, blanks, an opening quote, then 1–7 digits and a byte that is
    /// not a digit.
    static func fieldValue(_ subject: UnsafeRawBufferPointer, keyEnd: Int, limit: Int) -> Range<Int>? {
        var index = keyEnd
        /// Past an escaped quote's backslashes (one per level of JSON in JSON strings).
        func skipEscapes() {
            var next = index
            while next < limit && subject[next] == 0x5C { next += 1 }
            if next < limit && subject[next] == 0x22 { index = next }
        }
        skipEscapes()
        if index < limit && (subject[index] == 0x22 || subject[index] == 0x27) { index += 1 }
        while index < limit && subject[index] == 0x20 { index += 1 }
        guard index < limit, subject[index] == 0x3A || subject[index] == 0x3D || subject[index] == 0x3E else { return nil }
        index += 1
        while index < limit && subject[index] == 0x20 { index += 1 }
        skipEscapes()
        if index < limit && (subject[index] == 0x22 || subject[index] == 0x27) { index += 1 }
        let start = index
        while index < limit && subject[index] &- 0x30 < 10 && index - start <= 7 { index += 1 }
        guard index > start, index - start <= 7, index == limit || subject[index] &- 0x30 >= 10 else { return nil }
        return start..<index
    }

    /// Where the key `name` ends, searched from `from` up to `limit`: a whole key (no key byte
    /// before it) followed by a quote, `=`, `:` or `>` (an XML element's).
    static func findKey(_ subject: UnsafeRawBufferPointer, _ name: [UInt8], from: Int, limit: Int) -> Int? {
        var index = from
        while index + name.count < limit {
            if subject[index] == name[0], (index == 0 || !isKeyByte(subject[index - 1])) {
                var matches = true
                for offset in 1..<name.count where subject[index + offset] != name[offset] {
                    matches = false
                    break
                }
                let end = index + name.count
                if matches, [0x22, 0x27, 0x3D, 0x3A, 0x5C, 0x3E].contains(subject[end]) { return end }
            }
            index += 1
        }
        return nil
    }
}
