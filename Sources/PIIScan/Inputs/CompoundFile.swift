/// An OLE compound file (Microsoft's Compound File Binary format): a small file system in one
/// file, holding streams in a tree of storages. Hancom's `.hwp` (5.0) documents, legacy Office
/// files (`.xls`, `.doc`, `.ppt`), Outlook messages (`.msg`) and password-protected Office
/// files are such files. Read whole from memory: the header, the FAT (through the DIFAT), the
/// directory, and each stream through its sector chain — from the mini stream when it is
/// smaller than the cutoff.
struct CompoundFile {
    /// Where a stream's bytes are (its first sector and its size).
    struct Stream {
        var start: UInt32
        var size: Int
    }

    private let bytes: [UInt8]
    private let sectorShift: Int
    private let miniSectorShift: Int
    private let miniCutoff: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    /// The root entry's chain: the mini stream's sectors.
    private let miniStream: [UInt8]
    /// Every stream, by its path (`BodyText/Section0`).
    let streams: [String: Stream]

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    private static let endOfChain: UInt32 = 0xFFFF_FFFE

    /// - Throws: ``InputError`` when the header, the FAT or the directory is damaged.
    init(_ bytes: [UInt8]) throws(InputError) {
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else { throw InputError("compound file damaged: no header") }
        self.bytes = bytes
        let sectorShift = Int(Self.u16(bytes, 0x1E))
        self.sectorShift = sectorShift
        miniSectorShift = Int(Self.u16(bytes, 0x20))
        guard sectorShift == 9 || sectorShift == 12, miniSectorShift == 6 else {
            throw InputError("compound file damaged: sector size 2^\(sectorShift)")
        }
        miniCutoff = Int(Self.u32(bytes, 0x38))
        let sectorSize = 1 << sectorShift
        let sectorCount = (bytes.count - 512 + sectorSize - 1) >> sectorShift
        // The FAT's own sectors: 109 in the header, the rest in the DIFAT's chain.
        var fatSectors: [UInt32] = (0..<109).map { Self.u32(bytes, 0x4C + 4 * $0) }
        var difat = Self.u32(bytes, 0x44)
        var difatSeen = 0
        while difat < 0xFFFF_FFFA, difatSeen <= sectorCount {
            let offset = (Int(difat) + 1) << sectorShift
            guard offset + sectorSize <= bytes.count else { throw InputError("compound file truncated inside its DIFAT") }
            for index in 0..<(sectorSize / 4 - 1) { fatSectors.append(Self.u32(bytes, offset + 4 * index)) }
            difat = Self.u32(bytes, offset + sectorSize - 4)
            difatSeen += 1
        }
        let fatCount = Int(Self.u32(bytes, 0x2C))
        var fat: [UInt32] = []
        for sector in fatSectors.prefix(fatCount) where sector < 0xFFFF_FFFA {
            let offset = (Int(sector) + 1) << sectorShift
            guard offset + sectorSize <= bytes.count else { throw InputError("compound file truncated inside its FAT") }
            for index in 0..<(sectorSize / 4) { fat.append(Self.u32(bytes, offset + 4 * index)) }
        }
        self.fat = fat
        let directory = try Self.chain(bytes, fat: fat, start: Self.u32(bytes, 0x30), shift: sectorShift, size: nil)
        guard directory.count >= 128 else { throw InputError("compound file damaged: no directory") }
        let miniFATBytes = try Self.chain(bytes, fat: fat, start: Self.u32(bytes, 0x3C), shift: sectorShift, size: nil)
        miniFAT = (0..<(miniFATBytes.count / 4)).map { Self.u32(miniFATBytes, 4 * $0) }
        let entries = directory.count / 128
        func entry(_ index: Int) -> (name: String, type: UInt8, left: UInt32, right: UInt32, child: UInt32, start: UInt32, size: Int) {
            let base = index * 128
            let nameLength = min(64, Int(Self.u16(directory, base + 0x40)))
            let units = (0..<max(0, nameLength / 2 - 1)).map { Self.u16(directory, base + 2 * $0) }
            let size = sectorShift == 9 ? Int(Self.u32(directory, base + 0x78)) : Int(truncatingIfNeeded: Self.u64(directory, base + 0x78))
            return (String(decoding: units, as: UTF16.self), directory[base + 0x42], Self.u32(directory, base + 0x44),
                Self.u32(directory, base + 0x48), Self.u32(directory, base + 0x4C), Self.u32(directory, base + 0x74), size)
        }
        let root = entry(0)
        let miniStream = try Self.chain(bytes, fat: fat, start: root.start, shift: sectorShift, size: root.size)
        // The tree: each storage's children are a binary tree of siblings under its `child`.
        // (Walked with a stack of its own: a damaged directory may be a chain of any length.)
        var streams: [String: Stream] = [:]
        var visited = Set<UInt32>()
        var pending: [(index: UInt32, prefix: String)] = [(root.child, "")]
        while let (index, prefix) = pending.popLast() {
            guard index < UInt32(entries), visited.insert(index).inserted else { continue }
            let item = entry(Int(index))
            pending.append((item.left, prefix))
            pending.append((item.right, prefix))
            let path = prefix + item.name
            if item.type == 2 { streams[path] = Stream(start: item.start, size: max(0, item.size)) }
            if item.type == 1 { pending.append((item.child, path + "/")) }
        }
        self.streams = streams
        self.miniStream = miniStream
    }

    /// The bytes of the stream at `path`, nil when there is none.
    func read(_ path: String) throws(InputError) -> [UInt8]? {
        guard let stream = streams[path] else { return nil }
        if stream.size < miniCutoff {
            // 64-byte mini sectors of the mini stream, chained by the mini FAT.
            var output: [UInt8] = []
            var sector = stream.start
            var steps = 0
            while output.count < stream.size, sector != Self.endOfChain {
                let offset = Int(sector) << miniSectorShift
                guard Int(sector) < miniFAT.count, offset + (1 << miniSectorShift) <= miniStream.count, steps <= miniFAT.count else {
                    throw InputError("compound file damaged: \(path) leaves its mini stream")
                }
                output += miniStream[offset..<(offset + (1 << miniSectorShift))]
                sector = miniFAT[Int(sector)]
                steps += 1
            }
            guard output.count >= stream.size else { throw InputError("compound file damaged: \(path) ends early") }
            return Array(output.prefix(stream.size))
        }
        return try Self.chain(bytes, fat: fat, start: stream.start, shift: sectorShift, size: stream.size)
    }

    /// The sectors of a chain from `start`, cut to `size` (nil: the whole chain).
    private static func chain(_ bytes: [UInt8], fat: [UInt32], start: UInt32, shift: Int, size: Int?) throws(InputError) -> [UInt8] {
        var output: [UInt8] = []
        var sector = start
        var steps = 0
        let sectorSize = 1 << shift
        while sector != endOfChain, sector < 0xFFFF_FFFA {
            if let size, output.count >= size { break }
            let offset = (Int(sector) + 1) << shift
            guard offset + sectorSize <= bytes.count, Int(sector) < fat.count, steps <= fat.count else {
                throw InputError("compound file damaged or truncated: a sector chain leaves the file")
            }
            output += bytes[offset..<(offset + sectorSize)]
            sector = fat[Int(sector)]
            steps += 1
        }
        if let size {
            guard output.count >= size else { throw InputError("compound file truncated: a stream ends early") }
            return Array(output.prefix(size))
        }
        return output
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }

    /// The part name of ``recoveredText(_:)``'s findings: `report.doc!recovered text`.
    static let recoveredPart = "recovered text"

    /// The text that can still be read from the raw bytes of a damaged compound file (one cut
    /// short: a copy or a download interrupted), whose streams can no longer be followed
    /// through its FAT: runs of at least eight UTF-16LE characters that text holds (what Word,
    /// PowerPoint and Excel store their Korean text as) and runs of at least eight printable
    /// ASCII bytes (8-bit text), each as a line, in the order of the file. Compressed
    /// streams (an `.hwp`'s sections) yield nothing.
    static func recoveredText(_ bytes: [UInt8]) -> [UInt8] {
        func isWideText(_ unit: UInt16) -> Bool {
            switch unit {
            case 0x09, 0x0A, 0x0B, 0x0D, 0x07, 0x20...0x7E, 0xA0...0xFF, 0x1100...0x11FF, 0x2000...0x206F, 0x3000...0x318F,
                0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF00...0xFFEF:
                true
            default: false
            }
        }
        func isNarrowText(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte < 0x7F) || byte == 0x09 }
        let minimumRun = 8
        var output: [UInt8] = []
        var position = min(512, bytes.count)  // past the header
        while position < bytes.count {
            var end = position
            while end + 1 < bytes.count, isWideText(UInt16(bytes[end]) | UInt16(bytes[end + 1]) << 8) { end += 2 }
            if (end - position) / 2 >= minimumRun {
                let units = stride(from: position, to: end, by: 2).map { offset -> UInt16 in
                    let unit = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
                    return unit == 0x0D || unit == 0x0B || unit == 0x07 ? 0x0A : unit
                }
                output += Array(String(decoding: units, as: UTF16.self).utf8) + [0x0A]
                position = end
                continue
            }
            end = position
            while end < bytes.count, isNarrowText(bytes[end]) { end += 1 }
            if end - position >= minimumRun {
                output += bytes[position..<end] + [0x0A]
                position = end
                continue
            }
            position += 1
        }
        return output
    }

    /// The note of a compound file piiscan does not read, by the streams it holds; `isError`
    /// when its content is encrypted (personal data that could not be checked).
    var unsupportedNote: (message: String, isError: Bool) {
        if streams["EncryptedPackage"] != nil || streams["EncryptionInfo"] != nil {
            return ("password-protected Office file: its content is encrypted and could not be scanned", true)
        }
        if streams["Book"] != nil || streams["Workbook"] != nil { return (LegacyWorkbook.olderFormatNote, false) }
        if streams["WordDocument"] != nil {
            return ("legacy Word document older than Word 97 (.doc) skipped: save it as .docx to scan it", false)
        }
        return ("binary file skipped (OLE compound document)", false)
    }
}

/// A Hancom `.hwp` (5.0) document's text: the paragraphs of each section (`BodyText/SectionN`,
/// raw deflate when the file header says so), from their `PARA_TEXT` records (UTF-16LE, whose
/// control characters are read as the spec's table 6 says: line and paragraph breaks as line
/// breaks, tabs as tabs, the 8-unit inline and extended controls passed over). A table's cells
/// are paragraphs too: each is a line.
enum HWPDocument {
    /// The sections' text, one per section in order; nil when `file` is no `.hwp`.
    /// - Throws: ``InputError`` for an encrypted or distribution-only document, or damage.
    static func sections(_ file: CompoundFile, limits: GzipLimits) throws(InputError) -> [(name: String, text: [UInt8])]? {
        guard let header = try file.read("FileHeader"), header.count >= 40, header.starts(with: Array("HWP Document File".utf8)) else {
            return nil
        }
        let properties = CompoundFile.u32(header, 36)
        if properties & 0b10 != 0 { throw InputError("password-protected HWP document: its text is encrypted and could not be scanned") }
        if properties & 0b100 != 0 {
            throw InputError("HWP distribution document (배포용 문서): its text is encrypted and could not be scanned")
        }
        let compressed = properties & 1 != 0
        let names = file.streams.keys.filter { $0.hasPrefix("BodyText/Section") }.sorted { OfficeDocument.naturalOrder($0, $1) }
        var sections: [(name: String, text: [UInt8])] = []
        for name in names {
            guard var stream = try file.read(name) else { continue }
            if compressed { stream = try inflate(stream, limits: limits) }
            sections.append((name, text(ofRecords: stream)))
        }
        return sections
    }

    private static func inflate(_ bytes: [UInt8], limits: GzipLimits) throws(InputError) -> [UInt8] {
        var source = try GzipSource(MemorySource(bytes), limits: limits, raw: true)
        let buffer = ReadBuffer(byteCount: 1 << 16)
        var output: [UInt8] = []
        while true {
            let count = try source.read(into: buffer.bytes)
            if count == 0 { return output }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
        }
    }

    /// `HWPTAG_PARA_TEXT`: `HWPTAG_BEGIN` (16) + 51.
    static let paragraphTextTag: UInt32 = 67

    /// The text of the `PARA_TEXT` records of a section's record stream, as UTF-8.
    static func text(ofRecords records: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var position = 0
        while position + 4 <= records.count {
            let header = CompoundFile.u32(records, position)
            var size = Int(header >> 20)
            position += 4
            if size == 0xFFF {
                guard position + 4 <= records.count else { break }
                size = Int(CompoundFile.u32(records, position))
                position += 4
            }
            guard size <= records.count - position else { break }
            if header & 0x3FF == paragraphTextTag { appendText(records[position..<(position + size)], to: &output) }
            position += size
        }
        return output
    }

    /// One paragraph's UTF-16LE text with its control characters read (spec table 6).
    static func appendText(_ data: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var units: [UInt16] = []
        units.reserveCapacity(data.count / 2)
        var index = data.startIndex
        var ended = false
        while index + 1 < data.endIndex {
            let unit = UInt16(data[index]) | UInt16(data[index + 1]) << 8
            index += 2
            guard unit < 32 else {
                units.append(unit)
                continue
            }
            switch unit {
            case 10: units.append(0x0A)
            case 13:
                units.append(0x0A)
                ended = true
            case 9:
                units.append(0x09)
                index += 14  // the rest of the 8-unit inline control
            case 24: units.append(0x2D)
            case 30, 31: units.append(0x20)
            case 4...8, 19, 20, 1...3, 11, 12, 14...18, 21...23: index += 14  // inline and extended controls: 8 units
            default: break
            }
        }
        output.append(contentsOf: String(decoding: units, as: UTF16.self).utf8)
        if !ended { output.append(0x0A) }
    }
}
