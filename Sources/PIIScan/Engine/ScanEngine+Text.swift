import PIIModel

extension ScanEngine {
    /// Scans text in a legacy encoding (CP949/EUC-KR, UTF-16) through a ``TranscodingSource``:
    /// the detectors see UTF-8, findings are moved back to the original bytes (offset, length,
    /// column), and `bytes` counts original bytes. The transcoded head tells a SQL dump (SQL
    /// Server scripts are UTF-16 by default), whose rows are then attributed as in a UTF-8 dump,
    /// from a CSV/TSV header. `baseOffset`: where `base` starts in the input (after a leading NUL
    /// run, see ``Finding/shifted(by:)``); `unit.bytes` counts from there. `readsTwice`: `base`
    /// may be copied and read again (a file's byte range): an HTML file's tables are then read
    /// first from a copy (``HTMLTables``; an admin page's "Excel download" in EUC-KR).
    func scanTranscoded<Base: ByteSource>(
        _ base: Base, encoding: TextEncoding, head: [UInt8], baseOffset: Int64 = 0, path: String, with scanner: UnitScanner,
        readsTwice: Bool = false, into outcome: inout UnitOutcome, sink: (consuming Finding) -> Void
    ) {
        var source = TranscodingSource(base, encoding: encoding, retain: 2 * configuration.bufferSize + 64 * 1024)
        let map = source.map
        let translated = { (finding: consuming Finding) in
            map.translate(&finding)
            sink((consume finding).shifted(by: baseOffset))
        }
        let decodedHead = Self.transcoded(head, encoding: encoding)
        if let dialect = decodedHead.withUnsafeBytes({ SQLDumpSniffer.dialect(of: $0) }) {
            let dump = SQLDumpScanner(scanner: scanner, configuration: configuration)
                .scan(&source, dialect: dialect, path: path, sink: translated)
            outcome.unit = dump.unit
            outcome.rows = dump.rows
            outcome.columns = dump.columns
        } else {
            let structure = decodedHead.withUnsafeBytes { TextStructure.detect($0) }
            let htmlTables = readsTwice && structure == nil && decodedHead.withUnsafeBytes({ HTMLTables.looksLikeHTML($0) })
                ? Self.htmlTables(TranscodingSource(base, encoding: encoding)) : nil
            let fixedColumns = structure == nil ? decodedHead.withUnsafeBytes { FixedColumns.detect($0) } : nil
            outcome.unit = scanner.scan(
                &source, path: path, structure: structure, lines: .text, followsTables: true,
                htmlTables: htmlTables.flatMap { $0.isEmpty ? nil : $0 }, fixedColumns: fixedColumns, sink: translated)
        }
        outcome.unit.bytes = source.consumed
    }

    /// The tables of the HTML text `source` reads (UTF-8: offsets are the scan's), read block by
    /// block as ``htmlTables(fd:from:to:size:)`` reads a file's.
    private static func htmlTables<Source: ByteSource>(_ source: consuming Source) -> HTMLTables {
        var tables = HTMLTables()
        var block = [UInt8](repeating: 0, count: 256 * 1024)
        var count = 0  // bytes in the block
        var base: Int64 = 0  // the input offset of block[0]
        var atEnd = false
        while !atEnd {
            while count < block.count {
                let n = (try? block.withUnsafeMutableBytes { bytes throws(InputError) in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[count...]))
                }) ?? 0
                if n == 0 {
                    atEnd = true
                    break
                }
                count += n
            }
            let limit = atEnd ? count : count - HTMLTables.headerReach
            let next = block.withUnsafeBytes {
                tables.read(UnsafeRawBufferPointer(rebasing: $0[0..<count]), base: base, from: 0, limit: limit, atEnd: atEnd)
            }
            guard next > 0 else { break }
            block.replaceSubrange(0..<(count - next), with: block[next..<count])
            count -= next
            base += Int64(next)
        }
        return tables
    }

    /// The UTF-8 text of a transcoded input's head (original bytes).
    private static func transcoded(_ head: [UInt8], encoding: TextEncoding) -> [UInt8] {
        var source = TranscodingSource(MemorySource(head), encoding: encoding)
        var decoded = [UInt8](repeating: 0, count: head.count * 2 + 16)
        var count = 0
        while count < decoded.count {
            let n = (try? decoded.withUnsafeMutableBytes { bytes throws(InputError) in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[count...]))
            }) ?? 0
            if n == 0 { break }
            count += n
        }
        return Array(decoded[0..<count])
    }
}

extension Finding {
    /// The finding of a scan that started `base` bytes into its input, after a run of NUL bytes
    /// (which holds no line break): the offset moves by `base`, and so does the column on the
    /// first line, which began at byte 0.
    consuming func shifted(by base: Int64) -> Finding {
        guard base != 0 else { return self }
        offset += base
        if line == 1 { column += Int(base) }
        return self
    }
}
