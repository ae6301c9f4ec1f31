/// An office document stored as a ZIP archive of XML — an Excel workbook (`.xlsx`, `.xlsm`), a
/// Word document (`.docx`), a PowerPoint deck (`.pptx`), a Hancom document (`.hwpx`) or an
/// OpenDocument file (`.odt`, `.ods`, `.odp`) — recognised by its members' names, whatever the
/// file is called. What is scanned is what a reader sees, not the XML:
///
/// - a workbook's sheets, each as CSV (one line per row, line *n* being row *n*, cells at their
///   columns, shared strings resolved), so that the sheet's header row names its columns exactly
///   as an exported `.csv` does; reported as `book.xlsx!<sheet name>`;
/// - a workbook's cell comments as text;
/// - a document's text, paragraph by paragraph, with each table as a markdown table (its first
///   row the header) so that its cells are labelled by their columns; reported as
///   `report.docx!word/document.xml` (and its headers, footers, notes and comments;
///   `Contents/section0.xml` of a `.hwpx`, each slide of a deck).
struct OfficeDocument {
    enum Kind: Equatable {
        case spreadsheet
        case document(DocumentText.Flavor)
    }

    /// A member to scan: the ZIP entry, the name it is reported under, and how it is read.
    struct Part {
        var entry: ZipArchive.Entry
        var name: String
        var kind: Kind
    }

    let parts: [Part]
    /// Whether the archive is a workbook (its sheets need the shared strings).
    let isWorkbook: Bool

    /// The document `archive` holds, or nil when it is an ordinary ZIP archive.
    init?(_ archive: ZipArchive, limits: GzipLimits) throws(InputError) {
        let byName = Dictionary(archive.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func sorted(_ prefix: String, _ suffix: String = ".xml") -> [ZipArchive.Entry] {
            archive.entries.filter { $0.name.hasPrefix(prefix) && $0.name.hasSuffix(suffix) && !$0.name.dropFirst(prefix.count).contains("/") }
                .sorted { Self.naturalOrder($0.name, $1.name) }
        }
        if let workbook = byName["xl/workbook.xml"] {
            isWorkbook = true
            var sheets = try Self.sheets(archive, workbook: workbook, relationships: byName["xl/_rels/workbook.xml.rels"], limits: limits, byName: byName)
            if sheets.isEmpty {
                sheets = sorted("xl/worksheets/").map { Part(entry: $0, name: String($0.name.dropFirst("xl/worksheets/".count)), kind: .spreadsheet) }
            }
            // Cell comments (`xl/comments1.xml`, or `xl/comments/comment1.xml`), as text.
            let comments = (sorted("xl/comments") + sorted("xl/comments/")).map {
                Part(entry: $0, name: $0.name, kind: .document(.officeOpenXML))
            }
            parts = sheets + comments
            return
        }
        isWorkbook = false
        var entries: [ZipArchive.Entry] = []
        var flavor = DocumentText.Flavor.officeOpenXML
        if let main = byName["word/document.xml"] {
            entries = [main] + ["word/footnotes.xml", "word/endnotes.xml", "word/comments.xml"].compactMap { byName[$0] }
                + sorted("word/header") + sorted("word/footer")
        } else if byName["ppt/presentation.xml"] != nil {
            entries = sorted("ppt/slides/slide") + sorted("ppt/notesSlides/notesSlide")
        } else if byName["Contents/section0.xml"] != nil || byName["Contents/content.hpf"] != nil {
            entries = sorted("Contents/section")
        } else if let content = byName["content.xml"], byName["mimetype"] != nil || byName["META-INF/manifest.xml"] != nil {
            entries = [content]
            flavor = .openDocument
        } else {
            return nil
        }
        parts = entries.map { Part(entry: $0, name: $0.name, kind: .document(flavor)) }
    }

    /// The workbook's sheets in its tab order, by name (`xl/workbook.xml` and its relationships).
    private static func sheets(
        _ archive: ZipArchive, workbook: ZipArchive.Entry, relationships: ZipArchive.Entry?, limits: GzipLimits,
        byName: [String: ZipArchive.Entry]
    ) throws(InputError) -> [Part] {
        guard let relationships else { return [] }
        let listed = try read(archive, workbook, limits: limits, into: WorkbookSheets()).sheets
        let targets = try read(archive, relationships, limits: limits, into: Relationships()).targets
        return listed.compactMap { sheet in
            guard let target = targets[sheet.id] else { return nil }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let entry = byName[path] else { return nil }
            return Part(entry: entry, name: sheet.name, kind: .spreadsheet)
        }
    }

    /// Runs `transform` over the whole of `entry` (a small part: the workbook, its relationships,
    /// the shared strings) and returns it.
    static func read<Transform: XMLTransform>(
        _ archive: ZipArchive, _ entry: ZipArchive.Entry, limits: GzipLimits, into transform: Transform
    ) throws(InputError) -> Transform {
        var source = XMLTransformSource(try archive.source(of: entry, limits: limits), transform: transform)
        let sink = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { sink.deallocate() }
        while try source.read(into: sink) > 0 {}
        return source.transform
    }

    /// `sheet2.xml` before `sheet10.xml`.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func number(_ name: String) -> Int { Int(String(name.reversed().drop { !$0.isNumber }.prefix { $0.isNumber }.reversed())) ?? 0 }
        let (left, right) = (a.drop { !$0.isNumber }, b.drop { !$0.isNumber })
        if a.prefix(a.count - left.count) == b.prefix(b.count - right.count), number(a) != number(b) { return number(a) < number(b) }
        return a < b
    }
}

/// `<sheet name="고객명단" sheetId="1" r:id="rId1"/>` of `xl/workbook.xml`.
struct WorkbookSheets: XMLTransform {
    var sheets: [(name: String, id: String)] = []

    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8]) {
        guard name.equals("sheet"), let sheet = XMLTag.attribute("name", in: tag), let id = XMLTag.attribute("r:id", in: tag) else { return }
        sheets.append((String(decoding: sheet, as: UTF8.self), String(decoding: id, as: UTF8.self)))
    }
    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8]) {}
    mutating func text(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) {}
}

/// `<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>` of a `.rels` part.
struct Relationships: XMLTransform {
    var targets: [String: String] = [:]

    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8]) {
        guard name.equals("Relationship"), let id = XMLTag.attribute("Id", in: tag), let target = XMLTag.attribute("Target", in: tag) else { return }
        targets[String(decoding: id, as: UTF8.self)] = String(decoding: target, as: UTF8.self)
    }
    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8]) {}
    mutating func text(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) {}
}

/// A workbook's shared strings (`xl/sharedStrings.xml`): the text of each `<si>`, its runs
/// joined, phonetic guides (`<rPh>`) left out; stored as one byte array and offsets.
struct SharedStrings: XMLTransform {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var inText = false
    private var inPhonetic = false
    private var inItem = false
    /// More than this many bytes of strings is an error (a damaged or hostile workbook).
    static let maximumBytes = 1 << 30

    var count: Int { ends.count }

    /// The `index`th string, nil when there is none.
    func string(_ index: Int) -> ArraySlice<UInt8>? {
        guard index >= 0, index < ends.count else { return nil }
        return bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8]) {
        if name.equals("si") {
            inItem = true
            if selfClosing { ends.append(bytes.count) }
        } else if name.equals("t") {
            inText = !selfClosing
        } else if name.equals("rPh") {
            inPhonetic = !selfClosing
        }
    }

    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8]) {
        if name.equals("si") {
            if inItem { ends.append(bytes.count) }
            inItem = false
        } else if name.equals("t") {
            inText = false
        } else if name.equals("rPh") {
            inPhonetic = false
        }
    }

    mutating func text(_ text: UnsafeRawBufferPointer, output: inout [UInt8]) {
        guard inItem, inText, !inPhonetic, bytes.count + text.count <= Self.maximumBytes else { return }
        bytes.append(contentsOf: text)
    }
}

/// A worksheet's rows as CSV: line *n* is row *n* (rows the sheet leaves out are empty lines),
/// each cell at its column (gaps are empty fields; every row as wide as the sheet's dimension,
/// so a row with empty trailing cells has as many fields as its header), shared strings
/// resolved, inline strings and formulas' cached values as they are; a field holding a comma or
/// a quote is quoted, a line break inside a cell is read as a blank (one line per row).
struct SheetRows: XMLTransform {
    let strings: SharedStrings
    private var width = 0
    private var rowsWritten = 0
    private var row = 0
    private var separators = 0
    private var column = 0
    /// The column of a cell without a reference (`<c>` after the one in column `nextColumn - 1`).
    private var nextColumn = 0
    /// The cell's value is an index into the shared strings (`t="s"`).
    private var shared = false
    private var value: [UInt8] = []
    private var inValue = false
    private var inInline = false
    private var inText = false
    private var inPhonetic = false
    /// The widest row written for (columns beyond it are not padded): a sheet's dimension can
    /// claim `A1:XFD1048576`.
    static let maximumWidth = 1024

    init(strings: SharedStrings) { self.strings = strings }

    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8]) {
        switch name.count {
        case 1 where name[0] == 0x63:  // c
            column = XMLTag.attribute("r", in: tag).flatMap { Self.column(of: $0) } ?? nextColumn
            nextColumn = column + 1
            shared = XMLTag.attribute("t", in: tag) == [0x73]
            value.removeAll(keepingCapacity: true)
        case 1 where name[0] == 0x76:  // v
            inValue = !selfClosing
        case 1 where name[0] == 0x74:  // t (of an inline string)
            inText = inInline && !selfClosing
        case 2 where name.equals("is"):
            inInline = !selfClosing
        case 3 where name.equals("row"):
            let number = XMLTag.attribute("r", in: tag).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? rowsWritten + 1
            row = max(number, rowsWritten + 1)
            output.append(contentsOf: repeatElement(0x0A, count: min(row - rowsWritten - 1, 1 << 20)))
            separators = 0
            nextColumn = 0
            if selfClosing { endRow(&output) }
        case 3 where name.equals("rPh"):
            inPhonetic = !selfClosing
        case 9 where name.equals("dimension"):
            if let reference = XMLTag.attribute("ref", in: tag), let colon = reference.firstIndex(of: 0x3A),
                let last = Self.column(of: Array(reference[(colon + 1)...]))
            {
                width = min(last + 1, Self.maximumWidth)
            }
        default: break
        }
    }

    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8]) {
        switch name.count {
        case 1 where name[0] == 0x63: writeCell(&output)
        case 1 where name[0] == 0x76: inValue = false
        case 1 where name[0] == 0x74: inText = false
        case 2 where name.equals("is"): inInline = false
        case 3 where name.equals("row"): endRow(&output)
        case 3 where name.equals("rPh"): inPhonetic = false
        default: break
        }
    }

    mutating func text(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) {
        if inValue || (inText && !inPhonetic) { value.append(contentsOf: bytes) }
    }

    private mutating func writeCell(_ output: inout [UInt8]) {
        defer { value.removeAll(keepingCapacity: true) }
        var cell = value[...]
        if shared {
            guard let index = Int(String(decoding: value, as: UTF8.self)), let string = strings.string(index) else { return }
            cell = string
        }
        guard !cell.isEmpty else { return }
        if column > separators {
            output.append(contentsOf: repeatElement(0x2C, count: min(column, Self.maximumWidth) - separators))
            separators = min(column, Self.maximumWidth)
        }
        Self.appendField(cell, to: &output)
    }

    /// A cell's value as a CSV field: quoted when it holds a comma or a quote, a line break read
    /// as a blank (one line per row).
    static func appendField(_ cell: ArraySlice<UInt8>, to output: inout [UInt8]) {
        let quoted = cell.contains { $0 == 0x2C || $0 == 0x22 }
        if quoted { output.append(0x22) }
        for byte in cell {
            switch byte {
            case 0x22: output.append(contentsOf: [0x22, 0x22])
            case 0x0A, 0x0D: output.append(0x20)
            default: output.append(byte)
            }
        }
        if quoted { output.append(0x22) }
    }

    private mutating func endRow(_ output: inout [UInt8]) {
        if width > separators + 1 { output.append(contentsOf: repeatElement(0x2C, count: width - 1 - separators)) }
        output.append(0x0A)
        rowsWritten = row
    }

    /// The 0-based column of a cell reference (`B2` → 1, `AA10` → 26), nil without letters.
    static func column(of reference: [UInt8]) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            guard byte >= 0x41 && byte <= 0x5A else { break }
            column = column * 26 + Int(byte - 0x40)
            letters += 1
            guard letters <= 3 else { return nil }
        }
        return letters > 0 ? column - 1 : nil
    }
}

/// A document's text as a reader sees it: paragraphs as lines, tabs and line breaks as they
/// are, and each table (not one inside another's cell) as a markdown table whose first row is
/// its header, a cell's paragraphs joined by blanks. `officeOpenXML` (Word, PowerPoint, HWPX)
/// keeps only the text of `<t>` (and deleted text, which is still in the file); `openDocument`
/// keeps the text inside paragraphs and headings.
struct DocumentText: XMLTransform {
    enum Flavor: Equatable {
        case officeOpenXML
        case openDocument
    }

    let flavor: Flavor
    private var textDepth = 0
    private var tableDepth = 0
    private var inCell = false
    private var cell: [UInt8] = []
    private var cells: [[UInt8]] = []
    private var rowsInTable = 0

    init(flavor: Flavor) { self.flavor = flavor }

    private func isText(_ name: UnsafeRawBufferPointer) -> Bool {
        switch flavor {
        case .officeOpenXML: name.equals("t") || name.equals("delText")
        case .openDocument: name.equals("p") || name.equals("h")
        }
    }

    mutating func start(_ name: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, selfClosing: Bool, output: inout [UInt8]) {
        if selfClosing {
            if name.equals("tab") {
                emit(0x09, &output)
            } else if name.equals("br") || name.equals("cr") || name.equals("lineBreak") || name.equals("line-break") {
                emit(0x0A, &output)
            } else if name.equals("s") && flavor == .openDocument {
                emit(0x20, &output)
            } else if name.equals("p") {
                emit(0x0A, &output)
            } else if tableDepth == 1 && (name.equals("tc") || name.equals("table-cell") || name.equals("covered-table-cell")) {
                cells.append([])
            }
            return
        }
        if isText(name) {
            textDepth += 1
            if name.equals("delText") { separate(&output) }
        } else if name.equals("tbl") || name.equals("table") {
            tableDepth += 1
            if tableDepth == 1 {
                if output.last.map({ $0 != 0x0A }) ?? false { output.append(0x0A) }
                rowsInTable = 0
            }
        } else if tableDepth == 1 && (name.equals("tr") || name.equals("table-row")) {
            cells.removeAll()
        } else if tableDepth == 1 && (name.equals("tc") || name.equals("table-cell") || name.equals("covered-table-cell")) {
            inCell = true
            cell.removeAll(keepingCapacity: true)
        }
    }

    mutating func end(_ name: UnsafeRawBufferPointer, output: inout [UInt8]) {
        if isText(name) {
            textDepth = max(0, textDepth - 1)
            if flavor == .openDocument { emit(0x0A, &output) }
            if name.equals("delText") { separate(&output) }
        } else if name.equals("p") || name.equals("comment") && output.last != 0x0A {
            emit(0x0A, &output)
        } else if name.equals("tbl") || name.equals("table") {
            tableDepth = max(0, tableDepth - 1)
            if tableDepth == 0 { output.append(0x0A) }
        } else if tableDepth == 1 && (name.equals("tc") || name.equals("table-cell") || name.equals("covered-table-cell")) {
            while let last = cell.last, last == 0x20 { cell.removeLast() }
            cells.append(cell)
            inCell = false
        } else if tableDepth == 1 && (name.equals("tr") || name.equals("table-row")) {
            writeRow(&output)
        }
    }

    mutating func text(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) {
        guard textDepth > 0 else { return }
        if tableDepth > 0 {
            guard inCell else { return }
            for byte in bytes { cell.append(byte == 0x7C ? 0x2F : byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
        } else {
            output.append(contentsOf: bytes)
        }
    }

    /// A blank between deleted text (a tracked change's `<w:delText>`) and the text beside it,
    /// which replaced it: the two are alternatives, not one word.
    private mutating func separate(_ output: inout [UInt8]) {
        if tableDepth > 0 {
            if inCell, let last = cell.last, last != 0x20 { cell.append(0x20) }
        } else if let last = output.last, last != 0x20, last != 0x0A, last != 0x09 {
            output.append(0x20)
        }
    }

    /// A tab, a line break or a paragraph's end: in a table's cell, a blank.
    private mutating func emit(_ byte: UInt8, _ output: inout [UInt8]) {
        if tableDepth > 0 {
            if inCell, let last = cell.last, last != 0x20 { cell.append(0x20) }
        } else {
            output.append(byte)
        }
    }

    private mutating func writeRow(_ output: inout [UInt8]) {
        guard !cells.isEmpty else { return }
        Self.appendRow(cells, first: rowsInTable == 0, to: &output)
        rowsInTable += 1
        cells.removeAll()
    }

    /// `| a | b |`, and after a table's first row its delimiter row (the cells hold no `|`).
    static func appendRow(_ cells: [[UInt8]], first: Bool, to output: inout [UInt8]) {
        output.append(0x7C)
        for cell in cells {
            output.append(0x20)
            output.append(contentsOf: cell)
            output.append(contentsOf: [0x20, 0x7C])
        }
        output.append(0x0A)
        if first {
            output.append(0x7C)
            for _ in cells { output.append(contentsOf: Array("---|".utf8)) }
            output.append(0x0A)
        }
    }
}
