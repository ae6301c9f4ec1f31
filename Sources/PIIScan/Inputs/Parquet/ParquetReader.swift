// ParquetReader.swift — a self-contained Apache Parquet reader (standard library only).
//
// Reads the footer (Thrift compact protocol), the schema, row groups and column chunks, and
// decodes pages lazily (one page in memory per cursor). Values are handed out as borrowed
// views into the decoded page, so the hot path does no per-value heap allocation.
//
// Every length, offset, count and varint read from the file is checked against the data it
// describes; corrupt or truncated input throws `InputError`, it never traps.

// MARK: - Public API

/// Compression codecs of Parquet (`CompressionCodec` in parquet.thrift).
enum ParquetCodec: Int { case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7 }

/// A leaf column of a Parquet file.
struct ParquetColumn {
    /// Physical storage type (`Type` in parquet.thrift).
    enum PhysicalType: Int { case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7 }

    /// What a value means, derived from the LogicalType or the legacy ConvertedType.
    enum ValueKind: Equatable {
        /// STRING / UTF8 / ENUM / JSON, or BYTE_ARRAY without annotation.
        case text
        /// BSON, UUID, or FIXED_LEN_BYTE_ARRAY without annotation.
        case binary
        case integer
        /// DECIMAL; the value is the unscaled integer (INT32/INT64) or big-endian two's complement bytes.
        case decimal(scale: Int)
        /// DATE, TIME, TIMESTAMP, INT96.
        case temporal
        case floating
        case boolean
        case other
    }

    /// Dotted path of the leaf with list/map wrapper levels dropped: `contact.phone`;
    /// list<string> `phones` -> `phones`; list<struct<tel>> `contacts` -> `contacts.tel`;
    /// map `attrs` -> `attrs.key` / `attrs.value`.
    let name: String
    let physicalType: PhysicalType
    let kind: ValueKind
    let maxDefinitionLevel: Int
    let maxRepetitionLevel: Int
}

/// One value of a column. `.bytes` points into the cursor's page buffer and is valid only
/// during the callback that received it.
enum ParquetValue {
    case bytes(UnsafeRawBufferPointer)   // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY / INT96
    case int(Int64)                      // INT32, INT64
    case double(Double)                  // FLOAT, DOUBLE
    case bool(Bool)
}

/// A Parquet file: its footer metadata and leaf columns. Pages are read through cursors.
final class ParquetFile {
    /// The leaf columns, in schema order (the order of column chunks in each row group).
    let columns: [ParquetColumn]
    /// Number of rows of each row group.
    let rowGroupRowCounts: [Int64]
    /// Total number of rows.
    var rowCount: Int64 { rowGroupRowCounts.reduce(0) { $0 &+ $1 } }

    private let size: Int64
    private let readBytes: (Int64, Int) throws(InputError) -> [UInt8]
    private let externalDecompress: (ParquetCodec, UnsafeRawBufferPointer, Int) throws(InputError) -> [UInt8]
    private let chunks: [[ChunkMeta]]
    private let columnTypeLengths: [Int]
    private let dataEnd: Int64   // first byte of the footer

    /// `read(offset, count)` returns exactly `count` bytes at `offset` of the file or throws.
    /// `decompress(codec, compressed, uncompressedSize)` decompresses GZIP and ZSTD (and any
    /// other codec not built in); SNAPPY, LZ4_RAW and LZ4 (Hadoop framing or raw) are decoded here.
    init(size: Int64,
         read: @escaping (Int64, Int) throws(InputError) -> [UInt8],
         decompress: @escaping (ParquetCodec, UnsafeRawBufferPointer, Int) throws(InputError) -> [UInt8]) throws(InputError) {
        self.size = size
        self.readBytes = read
        self.externalDecompress = decompress
        guard size >= 12 else { throw InputError("truncated Parquet file: no footer (file is \(size) bytes)") }
        let tail = try ParquetFile.checkedRead(read, size - 8, 8)
        let tailMagic = Array(tail[4..<8])
        if tailMagic == Array("PARE".utf8) { throw InputError("encrypted Parquet file") }
        guard tailMagic == Array("PAR1".utf8) else {
            throw InputError("truncated Parquet file: no footer (missing PAR1 magic at the end)")
        }
        let head = try ParquetFile.checkedRead(read, 0, 4)
        if head == Array("PARE".utf8) { throw InputError("encrypted Parquet file") }
        guard head == Array("PAR1".utf8) else { throw InputError("not a Parquet file: missing PAR1 magic at the start") }
        let footerLen = Int64(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLen <= size - 12 else {
            throw InputError("truncated Parquet file: footer length \(footerLen) exceeds file size \(size)")
        }
        dataEnd = size - 8 - footerLen
        let footer = try ParquetFile.checkedRead(read, dataEnd, Int(footerLen))
        var t = Thrift(footer)
        let meta: FileMeta
        do { meta = try FileMeta.parse(&t) } catch {
            throw InputError("corrupt Parquet footer: \(error.message)")
        }
        if meta.encrypted { throw InputError("encrypted Parquet file") }
        let leaves = try buildColumns(meta.schema)
        columns = leaves.map { $0.column }
        columnTypeLengths = leaves.map { $0.typeLength }
        var counts: [Int64] = []
        var chunks: [[ChunkMeta]] = []
        for (i, rg) in meta.rowGroups.enumerated() {
            guard rg.numRows >= 0 else { throw InputError("corrupt Parquet footer: row group \(i) has \(rg.numRows) rows") }
            guard rg.columns.count == leaves.count else {
                throw InputError("corrupt Parquet footer: row group \(i) has \(rg.columns.count) column chunks, schema has \(leaves.count) columns")
            }
            counts.append(rg.numRows)
            chunks.append(rg.columns)
        }
        rowGroupRowCounts = counts
        self.chunks = chunks
    }

    /// A cursor over one column chunk (reads its pages lazily, one page in memory at a time).
    func cursor(rowGroup: Int, column: Int) throws(InputError) -> ParquetColumnCursor {
        guard rowGroup >= 0, rowGroup < chunks.count else { throw InputError("row group \(rowGroup) out of range (\(chunks.count) row groups)") }
        guard column >= 0, column < columns.count else { throw InputError("column \(column) out of range (\(columns.count) columns)") }
        let col = columns[column]
        let where_ = "column \(col.name), row group \(rowGroup)"
        let c = chunks[rowGroup][column]
        if c.encrypted { throw InputError("encrypted Parquet file") }
        if let p = c.filePath, !p.isEmpty { throw InputError("unsupported Parquet file: \(where_) is stored in an external file") }
        guard c.hasMeta else { throw InputError("corrupt column chunk metadata in \(where_): no meta_data") }
        guard c.type == Int32(col.physicalType.rawValue) else {
            throw InputError("corrupt column chunk metadata in \(where_): physical type \(c.type) differs from the schema")
        }
        guard let codec = ParquetCodec(rawValue: Int(c.codec)) else {
            throw InputError("unsupported compression codec \(c.codec) in \(where_)")
        }
        guard c.numValues >= 0 else { throw InputError("corrupt column chunk metadata in \(where_): \(c.numValues) values") }
        if c.numValues == 0 {  // nothing to read (pyarrow writes data_page_offset 0 for empty chunks)
            return ParquetColumnCursor(column: col, typeLength: columnTypeLengths[column], codec: codec, start: 0, end: 0, numValues: 0,
                                       context: where_, read: readBytes, decompress: externalDecompress)
        }
        // The chunk starts at its dictionary page if it has one (some writers leave data_page_offset unset).
        var start = c.dataPageOffset
        if c.dictionaryPageOffset >= 4 && (c.dictionaryPageOffset < start || start < 4) { start = c.dictionaryPageOffset }
        guard start >= 4, start <= dataEnd, c.totalCompressedSize >= 0, c.totalCompressedSize <= dataEnd - start else {
            throw InputError("corrupt column chunk metadata in \(where_): byte range \(start) + \(c.totalCompressedSize) outside the file's data (\(dataEnd) bytes)")
        }
        return ParquetColumnCursor(column: col, typeLength: columnTypeLengths[column], codec: codec,
                                   start: start, end: start + c.totalCompressedSize, numValues: c.numValues,
                                   context: where_, read: readBytes, decompress: externalDecompress)
    }

    fileprivate static func checkedRead(_ read: (Int64, Int) throws(InputError) -> [UInt8], _ offset: Int64, _ count: Int) throws(InputError) -> [UInt8] {
        let b = try read(offset, count)
        guard b.count == count else { throw InputError("short read: \(b.count) of \(count) bytes at offset \(offset)") }
        return b
    }
}

// MARK: - Limits

private let maxPageBytes = 256 << 20        // declared page sizes
private let maxDictionaryEntries = 16 << 20
private let maxPageValues = 16 << 20        // level entries per data page
private let maxNesting = 64
private let encodingNames = ["PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
                             "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"]
private func encodingName(_ e: Int32) -> String {
    e >= 0 && Int(e) < encodingNames.count ? "\(encodingNames[Int(e)]) (\(e))" : "\(e)"
}

// MARK: - Column cursor

/// Reads the values of one column chunk in row order.
final class ParquetColumnCursor {
    private enum Mode { case none, plain, plainBool, dict, rleBool, ints, slices }

    private let column: ParquetColumn
    private let phys: ParquetColumn.PhysicalType
    private let typeLength: Int
    private let codec: ParquetCodec
    private let maxDef: Int
    private let maxRep: Int
    private let context: String
    private let readBytes: (Int64, Int) throws(InputError) -> [UInt8]
    private let externalDecompress: (ParquetCodec, UnsafeRawBufferPointer, Int) throws(InputError) -> [UInt8]

    private var chunkPos: Int64
    private let chunkEnd: Int64
    private let totalValues: Int64
    private var valuesSeen: Int64 = 0      // level entries in the pages loaded so far
    private var failure: InputError?       // sticky: a failed cursor keeps failing

    // Buffers, reused across pages.
    private let page = Buf<UInt8>()        // decompressed page
    private let scratch = Buf<UInt8>()     // materialized values (BYTE_STREAM_SPLIT, DELTA_BYTE_ARRAY)
    private let dictBuf = Buf<UInt8>()
    private var dictValues: [ParquetValue] = []
    private var hasDictionary = false
    private let defLevels = Buf<UInt8>()
    private let repLevels = Buf<UInt8>()
    private let ints = Buf<Int64>()
    private let offsets = Buf<Int>()

    // Page state.
    private var levelCount = 0
    private var levelIdx = 0
    private var nextRow: Int64 = 0
    private var curRow: Int64 = -1
    private var mode = Mode.none
    private var vBase: UnsafeRawPointer
    private var vPos = 0
    private var vEnd = 0
    private var hybrid = Hybrid.empty
    private var idx = 0
    private var cnt = 0

    fileprivate init(column: ParquetColumn, typeLength: Int, codec: ParquetCodec, start: Int64, end: Int64, numValues: Int64,
                     context: String, read: @escaping (Int64, Int) throws(InputError) -> [UInt8],
                     decompress: @escaping (ParquetCodec, UnsafeRawBufferPointer, Int) throws(InputError) -> [UInt8]) {
        self.column = column
        phys = column.physicalType
        self.typeLength = typeLength
        self.codec = codec
        maxDef = column.maxDefinitionLevel
        maxRep = column.maxRepetitionLevel
        chunkPos = start
        chunkEnd = end
        totalValues = numValues
        self.context = context
        readBytes = read
        externalDecompress = decompress
        vBase = UnsafeRawPointer(page.ptr)
    }

    /// Calls `body(row, value)` for every non-null value of the rows before `end` (0-based row
    /// indices within the row group) not handed out yet, in order; the next call resumes there.
    /// A row of a repeated column may give several values (same row index); a null gives none.
    func read(untilRow end: Int64, _ body: (Int64, ParquetValue) -> Void) throws(InputError) {
        if let f = failure { throw f }
        do {
            try readLoop(end, body)
        } catch {
            failure = error
            throw error
        }
    }

    private func readLoop(_ end: Int64, _ body: (Int64, ParquetValue) -> Void) throws(InputError) {
        // Hot loop: page state lives in locals and is written back when a page is exhausted or we stop.
        while true {
            if levelIdx >= levelCount {
                // Do not load a page we may not need yet (a repeated column's row may continue on it).
                if nextRow >= end && maxRep == 0 { return }
                guard try loadNextPage() else { return }
                continue
            }
            var i = levelIdx
            let n = levelCount
            var row = curRow
            var next = nextRow
            let reps = repLevels.ptr, defs = defLevels.ptr
            let hasRep = maxRep > 0, hasDef = maxDef > 0, md = UInt8(truncatingIfNeeded: maxDef)
            var stop = false
            while i < n {
                if !hasRep || reps[i] == 0 {
                    if next >= end { stop = true; break }
                    row = next
                    next &+= 1
                } else if row < 0 {
                    levelIdx = i; curRow = row; nextRow = next
                    throw InputError("corrupt page in \(context): first value continues a row (repetition level \(reps[i]))")
                }
                if !hasDef || defs[i] == md {
                    let v: ParquetValue
                    do { v = try nextValue() } catch {
                        levelIdx = i; curRow = row; nextRow = next
                        throw InputError("corrupt page in \(context): \(error.message)")
                    }
                    body(row, v)
                }
                i += 1
            }
            levelIdx = i; curRow = row; nextRow = next
            if stop { return }
        }
    }

    @inline(__always)
    private func nextValue() throws(InputError) -> ParquetValue {
        switch mode {
        case .plain:
            if let v = plainValue(vBase, &vPos, vEnd) { return v }
            throw InputError("values end before the levels do")
        case .dict:
            guard let i = hybrid.next() else { throw InputError("dictionary indices end before the levels do") }
            guard Int(i) < dictValues.count else { throw InputError("dictionary index \(i) out of range (\(dictValues.count) entries)") }
            return dictValues[Int(i)]
        case .slices:
            guard idx < cnt else { throw InputError("values end before the levels do") }
            let s = offsets.ptr[idx], e = offsets.ptr[idx + 1]
            idx += 1
            return .bytes(UnsafeRawBufferPointer(start: vBase + s, count: e - s))
        case .ints:
            guard idx < cnt else { throw InputError("values end before the levels do") }
            let v = ints.ptr[idx]
            idx += 1
            return .int(phys == .int32 ? Int64(Int32(truncatingIfNeeded: v)) : v)
        case .plainBool:
            guard vPos < vEnd &* 8 else { throw InputError("values end before the levels do") }
            let b = vBase.load(fromByteOffset: vPos >> 3, as: UInt8.self) >> UInt8(vPos & 7)
            vPos += 1
            return .bool(b & 1 != 0)
        case .rleBool:
            guard let b = hybrid.next() else { throw InputError("values end before the levels do") }
            return .bool(b != 0)
        case .none:
            throw InputError("no values")
        }
    }

    /// Decodes one PLAIN value at `pos` (not for BOOLEAN); nil when the data ends.
    @inline(__always)
    private func plainValue(_ base: UnsafeRawPointer, _ pos: inout Int, _ end: Int) -> ParquetValue? {
        let avail = end - pos
        switch phys {
        case .byteArray:
            guard avail >= 4 else { return nil }
            let n = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)))
            guard n <= avail - 4 else { return nil }
            let v = ParquetValue.bytes(UnsafeRawBufferPointer(start: base + (pos + 4), count: n))
            pos += 4 + n
            return v
        case .int32:
            guard avail >= 4 else { return nil }
            let v = Int32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: Int32.self))
            pos += 4
            return .int(Int64(v))
        case .int64:
            guard avail >= 8 else { return nil }
            let v = Int64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: Int64.self))
            pos += 8
            return .int(v)
        case .float:
            guard avail >= 4 else { return nil }
            let v = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)))
            pos += 4
            return .double(Double(v))
        case .double:
            guard avail >= 8 else { return nil }
            let v = Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)))
            pos += 8
            return .double(v)
        case .int96:
            guard avail >= 12 else { return nil }
            let v = ParquetValue.bytes(UnsafeRawBufferPointer(start: base + pos, count: 12))
            pos += 12
            return v
        case .fixedLenByteArray:
            guard avail >= typeLength else { return nil }
            let v = ParquetValue.bytes(UnsafeRawBufferPointer(start: base + pos, count: typeLength))
            pos += typeLength
            return v
        case .boolean:
            return nil
        }
    }

    // MARK: Pages

    /// Loads the next data page (reading any dictionary page first). False at the end of the chunk.
    private func loadNextPage() throws(InputError) -> Bool {
        mode = .none
        levelIdx = 0
        levelCount = 0
        while true {
            if valuesSeen >= totalValues { return false }
            guard chunkPos < chunkEnd else {
                throw InputError("corrupt column chunk in \(context): data ends after \(valuesSeen) of \(totalValues) values")
            }
            let (h, headerLen) = try readPageHeader()
            chunkPos += Int64(headerLen)
            guard h.compressedSize >= 0, h.uncompressedSize >= 0,
                  Int(h.compressedSize) <= maxPageBytes, Int(h.uncompressedSize) <= maxPageBytes else {
                throw InputError("corrupt page header in \(context): page sizes \(h.compressedSize)/\(h.uncompressedSize) out of range")
            }
            guard Int64(h.compressedSize) <= chunkEnd - chunkPos else {
                throw InputError("corrupt page header in \(context): page of \(h.compressedSize) bytes exceeds the column chunk")
            }
            let bodyPos = chunkPos
            chunkPos += Int64(h.compressedSize)
            switch h.type {
            case 0, 2, 3:  // DATA_PAGE, DICTIONARY_PAGE, DATA_PAGE_V2
                let body = try ParquetFile.checkedRead(readBytes, bodyPos, Int(h.compressedSize))
                do {
                    if h.type == 2 {
                        try loadDictionary(h, body)
                    } else {
                        try loadDataPage(h, body)
                        if levelCount > 0 { return true }
                    }
                } catch {
                    throw InputError("corrupt page in \(context): \(error.message)")
                }
            default:
                continue  // INDEX_PAGE and unknown page types are skipped
            }
        }
    }

    private func readPageHeader() throws(InputError) -> (PageHeader, Int) {
        let remaining = chunkEnd - chunkPos
        var probe = Int(min(remaining, 1024))
        while true {
            let bytes = try ParquetFile.checkedRead(readBytes, chunkPos, probe)
            var t = Thrift(bytes)
            do {
                let h = try PageHeader.parse(&t)
                return (h, t.pos)
            } catch {
                // Headers carry statistics of unbounded size: retry with more bytes if we ran out.
                if t.hitEnd && Int64(probe) < remaining && probe < maxPageBytes {
                    probe = Int(min(remaining, Int64(probe) * 8))
                    continue
                }
                throw InputError("corrupt page header in \(context): \(error.message)")
            }
        }
    }

    /// Decompresses `src[range]` into `dst` at `offset` (dst must have room for `size`); returns the bytes produced.
    private func decompress(_ src: [UInt8], _ range: Range<Int>, into dst: Buf<UInt8>, at offset: Int, size: Int, compressed: Bool) throws(InputError) -> Int {
        let out = dst.ptr + offset
        if !compressed || codec == .uncompressed {
            guard range.count <= size else { throw InputError("page data (\(range.count) bytes) larger than its declared size \(size)") }
            src.withUnsafeBytes { raw in
                if let b = raw.baseAddress, range.count > 0 { out.update(from: (b + range.lowerBound).assumingMemoryBound(to: UInt8.self), count: range.count) }
            }
            return range.count
        }
        let err: String? = src.withUnsafeBytes { raw -> String? in
            let s = UnsafeRawBufferPointer(rebasing: raw[range])
            switch codec {
            case .snappy: return snappyDecompress(s, UnsafeMutableRawPointer(out), size)
            case .lz4Raw: return lz4BlockDecompress(s, UnsafeMutableRawPointer(out), size)
            case .lz4: return lz4HadoopDecompress(s, UnsafeMutableRawPointer(out), size)
            default:
                let r: Result<[UInt8], InputError>
                do throws(InputError) { r = .success(try externalDecompress(codec, s, size)) } catch { r = .failure(error) }
                switch r {
                case .failure(let e): return e.message
                case .success(let bytes):
                    guard bytes.count == size else { return "\(codec) data decompressed to \(bytes.count) bytes, expected \(size)" }
                    bytes.withUnsafeBufferPointer { b in
                        if let p = b.baseAddress, size > 0 { out.update(from: p, count: size) }
                    }
                    return nil
                }
            }
        }
        if let e = err { throw InputError(e) }
        return size
    }

    private func loadDictionary(_ h: PageHeader, _ body: [UInt8]) throws(InputError) {
        guard h.hasDictHeader else { throw InputError("dictionary page without dictionary_page_header") }
        guard h.dictEncoding == 0 || h.dictEncoding == 2 else { throw InputError("unsupported dictionary encoding \(encodingName(h.dictEncoding))") }
        let n = Int(h.dictNumValues)
        guard n >= 0, n <= maxDictionaryEntries else { throw InputError("dictionary of \(n) entries out of range") }
        dictValues.removeAll(keepingCapacity: true)   // it points into dictBuf, which is about to change
        hasDictionary = false
        let size = Int(h.uncompressedSize)
        dictBuf.reset(size)
        let got = try decompress(body, 0..<body.count, into: dictBuf, at: 0, size: size, compressed: true)
        let base = UnsafeRawPointer(dictBuf.ptr)
        dictValues.reserveCapacity(n)
        if phys == .boolean {
            guard n <= got &* 8 else { throw InputError("dictionary data ends early") }
            for i in 0..<n { dictValues.append(.bool((base.load(fromByteOffset: i >> 3, as: UInt8.self) >> UInt8(i & 7)) & 1 != 0)) }
        } else {
            var pos = 0
            for _ in 0..<n {
                guard let v = plainValue(base, &pos, got) else { throw InputError("dictionary data ends early") }
                dictValues.append(v)
            }
        }
        hasDictionary = true
    }

    private func loadDataPage(_ h: PageHeader, _ body: [UInt8]) throws(InputError) {
        let n: Int, encoding: Int32, valuesStart: Int, pageLen: Int
        if h.type == 0 {
            guard h.hasV1Header else { throw InputError("data page without data_page_header") }
            n = Int(h.numValues)
            guard n >= 0, n <= maxPageValues, Int64(n) <= totalValues - valuesSeen else { throw InputError("data page value count \(n) out of range") }
            encoding = h.encoding
            pageLen = Int(h.uncompressedSize)
            page.reset(pageLen)
            let got = try decompress(body, 0..<body.count, into: page, at: 0, size: pageLen, compressed: true)
            var pos = 0
            if maxRep > 0 { pos = try decodeV1Levels(h.repLevelEncoding, pos, got, n, maxRep, repLevels) }
            if maxDef > 0 { pos = try decodeV1Levels(h.defLevelEncoding, pos, got, n, maxDef, defLevels) }
            valuesStart = pos
            page.count = got
        } else {
            guard h.hasV2Header else { throw InputError("data page v2 without data_page_header_v2") }
            n = Int(h.numValues)
            guard n >= 0, n <= maxPageValues, Int64(n) <= totalValues - valuesSeen else { throw InputError("data page value count \(n) out of range") }
            encoding = h.encoding
            let repLen = Int(h.repLevelsLength), defLen = Int(h.defLevelsLength)
            guard repLen >= 0, defLen >= 0, repLen + defLen <= body.count, repLen + defLen <= Int(h.uncompressedSize) else {
                throw InputError("level lengths \(repLen)/\(defLen) exceed the page")
            }
            let levelsLen = repLen + defLen
            pageLen = Int(h.uncompressedSize)
            page.reset(pageLen)
            _ = try decompress(body, 0..<levelsLen, into: page, at: 0, size: levelsLen, compressed: false)
            let got = try decompress(body, levelsLen..<body.count, into: page, at: levelsLen, size: pageLen - levelsLen, compressed: h.isCompressed)
            page.count = levelsLen + got
            let base = UnsafeRawPointer(page.ptr)
            if maxRep > 0 {
                var d = Hybrid(base, 0, repLen, width: bitWidth(maxRep))
                guard d.decodeLevels(into: repLevels.reserve(n), n, max: maxRep) else { throw InputError("corrupt repetition levels") }
            }
            if maxDef > 0 {
                var d = Hybrid(base, repLen, levelsLen, width: bitWidth(maxDef))
                guard d.decodeLevels(into: defLevels.reserve(n), n, max: maxDef) else { throw InputError("corrupt definition levels") }
            }
            valuesStart = levelsLen
        }
        var nonNull = n
        if maxDef > 0 {
            nonNull = 0
            let d = defLevels.ptr, md = UInt8(maxDef)
            for i in 0..<n where d[i] == md { nonNull += 1 }
        }
        if maxRep > 0 && n > 0 && repLevels.ptr[0] != 0 && curRow < 0 {
            throw InputError("first value continues a row (repetition level \(repLevels.ptr[0]))")
        }
        try setupValues(encoding, valuesStart, page.count, nonNull)
        valuesSeen += Int64(n)
        levelCount = n
        levelIdx = 0
    }

    /// Decodes `n` v1 levels (RLE with a 4-byte length, or deprecated BIT_PACKED) at `pos`; returns the end.
    private func decodeV1Levels(_ encoding: Int32, _ pos: Int, _ end: Int, _ n: Int, _ maxLevel: Int, _ out: Buf<UInt8>) throws(InputError) -> Int {
        let base = UnsafeRawPointer(page.ptr)
        let width = bitWidth(maxLevel)
        let dst = out.reserve(n)
        switch encoding {
        case 3:
            guard end - pos >= 4 else { throw InputError("levels truncated") }
            let len = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)))
            guard len <= end - pos - 4 else { throw InputError("level data length \(len) exceeds the page") }
            var d = Hybrid(base, pos + 4, pos + 4 + len, width: width)
            guard d.decodeLevels(into: dst, n, max: maxLevel) else { throw InputError("corrupt RLE levels") }
            return pos + 4 + len
        case 4:
            // Deprecated BIT_PACKED: values packed from the most significant bit.
            let bytes = (n * width + 7) / 8
            guard bytes <= end - pos else { throw InputError("bit-packed levels truncated") }
            var bit = pos * 8
            for i in 0..<n {
                var v = 0
                for _ in 0..<width {
                    let byte = base.load(fromByteOffset: bit >> 3, as: UInt8.self)
                    v = v << 1 | Int((byte >> UInt8(7 - (bit & 7))) & 1)
                    bit += 1
                }
                guard v <= maxLevel else { throw InputError("level \(v) exceeds maximum \(maxLevel)") }
                dst[i] = UInt8(v)
            }
            return pos + bytes
        default:
            throw InputError("unsupported level encoding \(encodingName(encoding))")
        }
    }

    /// Prepares the value decoder for a page's values in page[start..<end] (`n` non-null values).
    private func setupValues(_ encoding: Int32, _ start: Int, _ end: Int, _ n: Int) throws(InputError) {
        let base = UnsafeRawPointer(page.ptr)
        vBase = base
        switch encoding {
        case 0:  // PLAIN
            if phys == .boolean {  // bit-packed, LSB first: vPos counts bits, vEnd bytes
                mode = .plainBool; vBase = base + start; vPos = 0; vEnd = end - start
            } else {
                mode = .plain; vPos = start; vEnd = end
            }
        case 2, 8:  // PLAIN_DICTIONARY, RLE_DICTIONARY
            guard hasDictionary else { throw InputError("dictionary-encoded page without a dictionary page") }
            if n == 0 { mode = .dict; hybrid = .empty; return }
            guard end > start else { throw InputError("dictionary indices missing") }
            let width = Int(base.load(fromByteOffset: start, as: UInt8.self))
            guard width <= 32 else { throw InputError("dictionary index bit width \(width) out of range") }
            hybrid = Hybrid(base, start + 1, end, width: width)
            mode = .dict
        case 3:  // RLE (booleans)
            guard phys == .boolean else { throw InputError("RLE encoding for non-boolean column") }
            guard end - start >= 4 else { throw InputError("RLE boolean data truncated") }
            let len = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
            guard len <= end - start - 4 else { throw InputError("RLE boolean length exceeds the page") }
            hybrid = Hybrid(base, start + 4, start + 4 + len, width: 1)
            mode = .rleBool
        case 5:  // DELTA_BINARY_PACKED
            guard phys == .int32 || phys == .int64 else { throw InputError("DELTA_BINARY_PACKED for \(phys) column") }
            let (count, _) = try decodeDeltaBinaryPacked(base, start, end, ints, limit: maxPageValues)
            guard count >= n else { throw InputError("DELTA_BINARY_PACKED has \(count) values, page needs \(n)") }
            mode = .ints; idx = 0; cnt = count
        case 6:  // DELTA_LENGTH_BYTE_ARRAY
            guard phys == .byteArray else { throw InputError("DELTA_LENGTH_BYTE_ARRAY for \(phys) column") }
            let (count, dataStart) = try decodeDeltaBinaryPacked(base, start, end, ints, limit: maxPageValues)
            guard count >= n else { throw InputError("DELTA_LENGTH_BYTE_ARRAY has \(count) values, page needs \(n)") }
            let offs = offsets.reserve(count + 1)
            var o = dataStart
            offs[0] = o
            for i in 0..<count {
                let len = ints.ptr[i]
                guard len >= 0, len <= Int64(end - o) else { throw InputError("DELTA_LENGTH_BYTE_ARRAY length \(len) exceeds the page") }
                o += Int(len)
                offs[i + 1] = o
            }
            mode = .slices; idx = 0; cnt = count
        case 7:  // DELTA_BYTE_ARRAY: prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY
            guard phys == .byteArray || phys == .fixedLenByteArray else { throw InputError("DELTA_BYTE_ARRAY for \(phys) column") }
            try setupDeltaByteArray(base, start, end, n)
        case 9:  // BYTE_STREAM_SPLIT: reassemble into PLAIN layout
            let width: Int
            switch phys {
            case .float, .int32: width = 4
            case .double, .int64: width = 8
            case .fixedLenByteArray: width = typeLength
            default: throw InputError("BYTE_STREAM_SPLIT for \(phys) column")
            }
            let len = end - start
            guard width > 0, len % width == 0 else { throw InputError("BYTE_STREAM_SPLIT data length \(len) not a multiple of \(width)") }
            let count = len / width
            guard count >= n else { throw InputError("BYTE_STREAM_SPLIT has \(count) values, page needs \(n)") }
            let dst = scratch.reserve(len)
            let src = page.ptr + start
            for b in 0..<width {
                let s = src + b * count
                var d = dst + b
                for i in 0..<count { d.pointee = s[i]; d += width }
            }
            vBase = UnsafeRawPointer(dst); vPos = 0; vEnd = len
            mode = .plain
        default:
            throw InputError("unsupported encoding \(encodingName(encoding))")
        }
    }

    private func setupDeltaByteArray(_ base: UnsafeRawPointer, _ start: Int, _ end: Int, _ n: Int) throws(InputError) {
        let prefixes = Buf<Int64>()
        let (count, suffixStart) = try decodeDeltaBinaryPacked(base, start, end, prefixes, limit: maxPageValues)
        let (count2, dataStart) = try decodeDeltaBinaryPacked(base, suffixStart, end, ints, limit: maxPageValues)
        guard count == count2, count >= n else { throw InputError("DELTA_BYTE_ARRAY has \(count)/\(count2) values, page needs \(n)") }
        // Sizes first, so the output buffer is allocated once.
        var total = 0, prev = 0, o = dataStart
        for i in 0..<count {
            let p = prefixes.ptr[i], s = ints.ptr[i]
            guard p >= 0, p <= Int64(prev), s >= 0, s <= Int64(end - o) else { throw InputError("DELTA_BYTE_ARRAY lengths out of range") }
            let len = Int(p) + Int(s)
            o += Int(s)
            total += len
            guard total <= maxPageBytes else { throw InputError("DELTA_BYTE_ARRAY expands beyond \(maxPageBytes) bytes") }
            prev = len
        }
        let dst = scratch.reserve(total)
        let offs = offsets.reserve(count + 1)
        var out = 0, prevStart = 0
        o = dataStart
        offs[0] = 0
        for i in 0..<count {
            let p = Int(prefixes.ptr[i]), s = Int(ints.ptr[i])
            if p > 0 { (dst + out).update(from: dst + prevStart, count: p) }
            if s > 0 { (dst + out + p).update(from: page.ptr + o, count: s) }
            prevStart = out
            o += s
            out += p + s
            offs[i + 1] = out
        }
        if phys == .fixedLenByteArray {
            for i in 0..<count where offs[i + 1] - offs[i] != typeLength {
                throw InputError("DELTA_BYTE_ARRAY value of \(offs[i + 1] - offs[i]) bytes in FIXED_LEN_BYTE_ARRAY(\(typeLength))")
            }
        }
        vBase = UnsafeRawPointer(dst)
        mode = .slices; idx = 0; cnt = count
    }
}

// MARK: - Buffers and bit-level decoding

/// A growable raw buffer of a trivial type; contents are discarded when it grows.
private final class Buf<T> {
    private(set) var ptr: UnsafeMutablePointer<T>
    private(set) var capacity: Int
    var count = 0
    init() { capacity = 16; ptr = .allocate(capacity: 16) }
    deinit { ptr.deallocate() }
    func reset(_ n: Int) {
        _ = reserve(n)
        count = n
    }
    func reserve(_ n: Int) -> UnsafeMutablePointer<T> {
        if n > capacity {
            ptr.deallocate()
            capacity = max(n, capacity < (1 << 40) ? capacity * 2 : n)
            ptr = .allocate(capacity: capacity)
        }
        return ptr
    }
}

private func bitWidth(_ v: Int) -> Int { v <= 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }

/// Reads `width` (0...64) bits LSB-first at `bitOffset` of p[0..<byteCount]; nil if past the end.
@inline(__always)
private func readBits(_ p: UnsafeRawPointer, _ byteCount: Int, _ bitOffset: Int, _ width: Int) -> UInt64? {
    if width == 0 { return 0 }
    guard bitOffset + width <= byteCount &* 8 else { return nil }
    let byteIdx = bitOffset >> 3, shift = bitOffset & 7
    let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
    if shift + width <= 64 && byteIdx + 8 <= byteCount {
        return (UInt64(littleEndian: p.loadUnaligned(fromByteOffset: byteIdx, as: UInt64.self)) >> UInt64(shift)) & mask
    }
    var v: UInt64 = 0, got = 0, bi = byteIdx, sh = shift
    while got < width {
        v |= (UInt64(p.load(fromByteOffset: bi, as: UInt8.self)) >> UInt64(sh)) << UInt64(got)
        got += 8 - sh
        sh = 0
        bi += 1
    }
    return v & mask
}

/// Reads an unsigned LEB128 varint from p[pos..<end].
@inline(__always)
private func readVarint(_ p: UnsafeRawPointer, _ pos: inout Int, _ end: Int) -> UInt64? {
    var r: UInt64 = 0, s: UInt64 = 0
    while pos < end {
        let b = p.load(fromByteOffset: pos, as: UInt8.self)
        pos += 1
        r |= UInt64(b & 0x7f) << s
        if b & 0x80 == 0 { return r }
        s += 7
        if s > 63 { return nil }
    }
    return nil
}

/// RLE / bit-packed hybrid decoder (levels, dictionary indices, RLE booleans).
private struct Hybrid {
    var base: UnsafeRawPointer?
    var pos: Int
    var end: Int
    let width: Int
    var left = 0            // values left in the current run
    var isRLE = true
    var value: UInt32 = 0   // value of an RLE run
    var bitPos = 0          // next bit of a bit-packed run
    var packedEnd = 0

    static var empty: Hybrid { Hybrid(nil, 0, 0, width: 0) }

    init(_ base: UnsafeRawPointer?, _ pos: Int, _ end: Int, width: Int) {
        self.base = base; self.pos = pos; self.end = end; self.width = width
    }

    private mutating func nextRun() -> Bool {
        guard let b = base else { return false }
        while true {
            guard let h = readVarint(b, &pos, end), h >> 1 <= UInt64(Int32.max) else { return false }
            let count = Int(h >> 1)
            if h & 1 == 1 {
                // Bit-packed groups of 8; a final run may be cut short, reads past the data fail.
                let bytes = min(count * width, end - pos)
                bitPos = pos * 8
                pos += bytes
                packedEnd = pos
                left = count * 8
                isRLE = false
            } else {
                let nb = (width + 7) / 8
                guard nb <= end - pos else { return false }
                var v: UInt32 = 0
                for i in 0..<nb { v |= UInt32(b.load(fromByteOffset: pos + i, as: UInt8.self)) << UInt32(8 * i) }
                pos += nb
                value = v
                left = count
                isRLE = true
            }
            if left > 0 { return true }
        }
    }

    @inline(__always)
    mutating func next() -> UInt32? {
        if left == 0 { guard nextRun() else { return nil } }
        left -= 1
        if isRLE { return value }
        guard let b = base, let v = readBits(b, packedEnd, bitPos, width) else { return nil }
        bitPos += width
        return UInt32(truncatingIfNeeded: v)
    }

    /// Decodes `n` levels into `out`, checking each is ≤ `max`.
    mutating func decodeLevels(into out: UnsafeMutablePointer<UInt8>, _ n: Int, max: Int) -> Bool {
        var i = 0
        while i < n {
            if left == 0 { guard nextRun() else { return false } }
            let k = min(left, n - i)
            if isRLE {
                guard Int(value) <= max else { return false }
                (out + i).update(repeating: UInt8(value), count: k)
            } else {
                guard let b = base else { return false }
                for j in 0..<k {
                    guard let v = readBits(b, packedEnd, bitPos, width), v <= UInt64(max) else { return false }
                    out[i + j] = UInt8(v)
                    bitPos += width
                }
            }
            left -= k
            i += k
        }
        return true
    }
}

/// Decodes a DELTA_BINARY_PACKED run at p[start..<end] into `out`; returns (count, end position).
private func decodeDeltaBinaryPacked(_ p: UnsafeRawPointer, _ start: Int, _ end: Int, _ out: Buf<Int64>, limit: Int) throws(InputError) -> (Int, Int) {
    var pos = start
    guard let blockSize = readVarint(p, &pos, end), let miniBlocks = readVarint(p, &pos, end),
          let total = readVarint(p, &pos, end), let firstZ = readVarint(p, &pos, end) else {
        throw InputError("DELTA_BINARY_PACKED header truncated")
    }
    guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniBlocks > 0, miniBlocks <= blockSize,
          blockSize % miniBlocks == 0, (blockSize / miniBlocks) % 32 == 0 else {
        throw InputError("DELTA_BINARY_PACKED header invalid (block \(blockSize), miniblocks \(miniBlocks))")
    }
    guard total <= UInt64(limit) else { throw InputError("DELTA_BINARY_PACKED count \(total) out of range") }
    let count = Int(total), perMini = Int(blockSize / miniBlocks), nMini = Int(miniBlocks)
    let dst = out.reserve(count + 1)
    if count == 0 { return (0, pos) }
    var last = Int64(bitPattern: (firstZ >> 1) ^ (0 &- (firstZ & 1)))
    dst[0] = last
    var i = 1
    while i < count {
        guard let mdZ = readVarint(p, &pos, end) else { throw InputError("DELTA_BINARY_PACKED block truncated") }
        let minDelta = Int64(bitPattern: (mdZ >> 1) ^ (0 &- (mdZ & 1)))
        guard nMini <= end - pos else { throw InputError("DELTA_BINARY_PACKED bit widths truncated") }
        let widthsAt = pos
        pos += nMini
        for m in 0..<nMini where i < count {
            let w = Int(p.load(fromByteOffset: widthsAt + m, as: UInt8.self))
            guard w <= 64 else { throw InputError("DELTA_BINARY_PACKED bit width \(w)") }
            let avail = min(perMini * w / 8, end - pos)
            let k = min(perMini, count - i)
            let miniEnd = pos + avail
            var bit = pos * 8
            for _ in 0..<k {
                guard let d = readBits(p, miniEnd, bit, w) else { throw InputError("DELTA_BINARY_PACKED miniblock truncated") }
                bit += w
                last = last &+ minDelta &+ Int64(bitPattern: d)
                dst[i] = last
                i += 1
            }
            pos = miniEnd
        }
    }
    return (count, pos)
}

// MARK: - Codecs

/// Raw Snappy block decompression into dst[0..<size]; returns an error message or nil.
private func snappyDecompress(_ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ size: Int) -> String? {
    guard let s = src.baseAddress else { return size == 0 ? nil : "empty snappy data" }
    let n = src.count
    var ip = 0
    guard let declared = readVarint(s, &ip, n) else { return "corrupt snappy length" }
    guard declared == UInt64(size) else { return "snappy data decompresses to \(declared) bytes, expected \(size)" }
    var op = 0
    while ip < n {
        let tag = Int(s.load(fromByteOffset: ip, as: UInt8.self))
        ip += 1
        var len: Int, off: Int
        switch tag & 3 {
        case 0:
            len = tag >> 2
            if len >= 60 {
                let nb = len - 59
                guard nb <= n - ip else { return "snappy literal truncated" }
                len = 0
                for i in 0..<nb { len |= Int(s.load(fromByteOffset: ip + i, as: UInt8.self)) << (8 * i) }
                ip += nb
            }
            len += 1
            guard len <= n - ip, len <= size - op else { return "snappy literal out of range" }
            (dst + op).copyMemory(from: s + ip, byteCount: len)
            ip += len
            op += len
            continue
        case 1:
            guard ip < n else { return "snappy copy truncated" }
            len = 4 + ((tag >> 2) & 7)
            off = (tag >> 5) << 8 | Int(s.load(fromByteOffset: ip, as: UInt8.self))
            ip += 1
        case 2:
            guard n - ip >= 2 else { return "snappy copy truncated" }
            len = (tag >> 2) + 1
            off = Int(UInt16(littleEndian: s.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
            ip += 2
        default:
            guard n - ip >= 4 else { return "snappy copy truncated" }
            len = (tag >> 2) + 1
            off = Int(UInt32(littleEndian: s.loadUnaligned(fromByteOffset: ip, as: UInt32.self)))
            ip += 4
        }
        guard off > 0, off <= op, len <= size - op else { return "snappy copy out of range" }
        copyMatch(dst, op, off, len)
        op += len
    }
    return op == size ? nil : "snappy data decompresses to \(op) bytes, expected \(size)"
}

/// LZ77 back-reference copy; overlapping copies repeat the pattern byte by byte.
@inline(__always)
private func copyMatch(_ dst: UnsafeMutableRawPointer, _ op: Int, _ off: Int, _ len: Int) {
    if off >= len {
        (dst + op).copyMemory(from: dst + (op - off), byteCount: len)
    } else {
        let d = dst.assumingMemoryBound(to: UInt8.self)
        for i in 0..<len { d[op + i] = d[op - off + i] }
    }
}

/// LZ4 block format into dst[0..<size] (must fill it exactly); returns an error message or nil.
private func lz4BlockDecompress(_ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ size: Int) -> String? {
    switch lz4Block(src, dst, size) {
    case .some(size): return nil
    case .some(let got): return "LZ4 data decompresses to \(got) bytes, expected \(size)"
    case .none: return "corrupt LZ4 data"
    }
}

/// Decodes one LZ4 block into dst[0..<cap]; returns bytes produced or nil if corrupt.
private func lz4Block(_ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ cap: Int) -> Int? {
    guard let s = src.baseAddress else { return 0 }
    let n = src.count
    var ip = 0, op = 0
    @inline(__always) func byte() -> Int? {
        guard ip < n else { return nil }
        let b = Int(s.load(fromByteOffset: ip, as: UInt8.self)); ip += 1; return b
    }
    while ip < n {
        guard let token = byte() else { return nil }
        var lit = token >> 4
        if lit == 15 {
            while true { guard let b = byte() else { return nil }; lit += b; if b != 255 { break } }
        }
        guard lit <= n - ip, lit <= cap - op else { return nil }
        (dst + op).copyMemory(from: s + ip, byteCount: lit)
        ip += lit
        op += lit
        if ip == n { break }  // the last sequence has literals only
        guard n - ip >= 2 else { return nil }
        let off = Int(UInt16(littleEndian: s.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
        ip += 2
        var ml = token & 15
        if ml == 15 {
            while true { guard let b = byte() else { return nil }; ml += b; if b != 255 { break } }
        }
        ml += 4
        guard off > 0, off <= op, ml <= cap - op else { return nil }
        copyMatch(dst, op, off, ml)
        op += ml
    }
    return op
}

/// Deprecated LZ4 codec: Hadoop framing (big-endian sizes around LZ4 blocks), else a raw LZ4 block.
private func lz4HadoopDecompress(_ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ size: Int) -> String? {
    func be32(_ at: Int) -> Int {
        var v = 0
        for i in 0..<4 { v = v << 8 | Int(src[at + i]) }
        return v
    }
    var ip = 0, op = 0
    var framed = src.count >= 8
    while framed && ip < src.count {
        guard src.count - ip >= 8 else { framed = false; break }
        let outLen = be32(ip), inLen = be32(ip + 4)
        ip += 8
        guard inLen <= src.count - ip, outLen <= size - op else { framed = false; break }
        let got = lz4Block(UnsafeRawBufferPointer(rebasing: src[ip..<(ip + inLen)]), dst + op, outLen)
        guard got == outLen else { framed = false; break }
        ip += inLen
        op += outLen
    }
    if framed && op == size { return nil }
    return lz4BlockDecompress(src, dst, size)
}

// MARK: - Thrift compact protocol

private struct Thrift {
    let d: [UInt8]
    var pos = 0
    var hitEnd = false   // ran out of data (as opposed to malformed data)

    init(_ d: [UInt8]) { self.d = d }

    var remaining: Int { d.count - pos }

    mutating func byte() throws(InputError) -> UInt8 {
        guard pos < d.count else { hitEnd = true; throw InputError("unexpected end of Thrift data") }
        let b = d[pos]
        pos += 1
        return b
    }
    mutating func uvarint() throws(InputError) -> UInt64 {
        var r: UInt64 = 0, s: UInt64 = 0
        while true {
            let b = try byte()
            r |= UInt64(b & 0x7f) << s
            if b & 0x80 == 0 { return r }
            s += 7
            if s > 63 { throw InputError("Thrift varint too long") }
        }
    }
    mutating func i64() throws(InputError) -> Int64 {
        let u = try uvarint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
    mutating func i32() throws(InputError) -> Int32 { Int32(truncatingIfNeeded: try i64()) }
    mutating func binary() throws(InputError) -> ArraySlice<UInt8> {
        let n = try uvarint()
        guard n <= UInt64(remaining) else { hitEnd = true; throw InputError("Thrift string of \(n) bytes exceeds the data") }
        let s = d[pos..<(pos + Int(n))]
        pos += Int(n)
        return s
    }
    mutating func string() throws(InputError) -> String { String(decoding: try binary(), as: UTF8.self) }

    /// Next field header of a struct, or nil at its end. Boolean fields carry the value in the type (1 true, 2 false).
    mutating func field(_ last: inout Int16) throws(InputError) -> (id: Int16, type: UInt8)? {
        let b = try byte()
        if b == 0 { return nil }
        let delta = b >> 4
        let id = delta != 0 ? last &+ Int16(delta) : Int16(truncatingIfNeeded: try i64())
        last = id
        return (id, b & 0x0f)
    }
    mutating func listHeader() throws(InputError) -> (count: Int, type: UInt8) {
        let b = try byte()
        var n = UInt64(b >> 4)
        if n == 15 { n = try uvarint() }
        // Every element takes at least one byte, which bounds the count by the data.
        guard n <= UInt64(remaining) else { hitEnd = true; throw InputError("Thrift list of \(n) elements exceeds the data") }
        return (Int(n), b & 0x0f)
    }
    mutating func skip(_ type: UInt8, depth: Int, inContainer: Bool = false) throws(InputError) {
        guard depth < maxNesting else { throw InputError("Thrift nesting deeper than \(maxNesting)") }
        switch type {
        case 1, 2: if inContainer { _ = try byte() }
        case 3: _ = try byte()
        case 4, 5, 6: _ = try uvarint()
        case 7:
            guard remaining >= 8 else { hitEnd = true; throw InputError("unexpected end of Thrift data") }
            pos += 8
        case 8: _ = try binary()
        case 9, 10:
            let (n, et) = try listHeader()
            for _ in 0..<n { try skip(et, depth: depth + 1, inContainer: true) }
        case 11:
            let n = try uvarint()
            guard n <= UInt64(remaining / 2) else { hitEnd = true; throw InputError("Thrift map of \(n) entries exceeds the data") }
            if n > 0 {
                let kv = try byte()
                for _ in 0..<Int(n) {
                    try skip(kv >> 4, depth: depth + 1, inContainer: true)
                    try skip(kv & 0x0f, depth: depth + 1, inContainer: true)
                }
            }
        case 12:
            var last: Int16 = 0
            while let f = try field(&last) { try skip(f.type, depth: depth + 1) }
        default:
            throw InputError("unknown Thrift type \(type)")
        }
    }
    /// Calls `body` for each element of a list of structs.
    mutating func structList(_ body: (inout Thrift) throws(InputError) -> Void) throws(InputError) {
        let (n, et) = try listHeader()
        for _ in 0..<n {
            if et == 12 { try body(&self) } else { try skip(et, depth: 1, inContainer: true) }
        }
    }
}

private struct SchemaElement {
    var type: Int32?
    var typeLength: Int32 = 0
    var repetition: Int32 = 0   // REQUIRED 0, OPTIONAL 1, REPEATED 2
    var name = ""
    var numChildren: Int32?
    var converted: Int32?
    var scale: Int32 = 0
    var logical: LogicalType?

    enum LogicalType { case string, map, list, enumeration, decimal(Int), date, time, timestamp, integer, unknown, json, bson, uuid, float16, other }

    static func parse(_ t: inout Thrift) throws(InputError) -> SchemaElement {
        var e = SchemaElement()
        var last: Int16 = 0
        while let f = try t.field(&last) {
            switch (f.id, f.type) {
            case (1, 5): e.type = try t.i32()
            case (2, 5): e.typeLength = try t.i32()
            case (3, 5): e.repetition = try t.i32()
            case (4, 8): e.name = try t.string()
            case (5, 5): e.numChildren = try t.i32()
            case (6, 5): e.converted = try t.i32()
            case (7, 5): e.scale = try t.i32()
            case (10, 12): e.logical = try parseLogical(&t)
            default: try t.skip(f.type, depth: 2)
            }
        }
        return e
    }

    private static func parseLogical(_ t: inout Thrift) throws(InputError) -> LogicalType {
        var result = LogicalType.other
        var last: Int16 = 0
        while let f = try t.field(&last) {
            guard f.type == 12 else { try t.skip(f.type, depth: 3); continue }
            if f.id == 5 {  // DECIMAL { 1: scale, 2: precision }
                var scale: Int32 = 0
                var l2: Int16 = 0
                while let g = try t.field(&l2) {
                    if g.id == 1 && g.type == 5 { scale = try t.i32() } else { try t.skip(g.type, depth: 4) }
                }
                result = .decimal(Int(scale))
                continue
            }
            try t.skip(12, depth: 3)
            switch f.id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 6: result = .date
            case 7: result = .time
            case 8: result = .timestamp
            case 10: result = .integer
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: result = .other
            }
        }
        return result
    }
}

private struct ChunkMeta {
    var filePath: String?
    var hasMeta = false
    var encrypted = false
    var type: Int32 = -1
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64 = 0

    static func parse(_ t: inout Thrift) throws(InputError) -> ChunkMeta {
        var c = ChunkMeta()
        var last: Int16 = 0
        while let f = try t.field(&last) {
            switch (f.id, f.type) {
            case (1, 8): c.filePath = try t.string()
            case (3, 12):
                c.hasMeta = true
                var l2: Int16 = 0
                while let g = try t.field(&l2) {
                    switch (g.id, g.type) {
                    case (1, 5): c.type = try t.i32()
                    case (4, 5): c.codec = try t.i32()
                    case (5, 6): c.numValues = try t.i64()
                    case (7, 6): c.totalCompressedSize = try t.i64()
                    case (9, 6): c.dataPageOffset = try t.i64()
                    case (11, 6): c.dictionaryPageOffset = try t.i64()
                    default: try t.skip(g.type, depth: 4)
                    }
                }
            case (8, _), (9, _):  // crypto_metadata, encrypted_column_metadata
                c.encrypted = true
                try t.skip(f.type, depth: 3)
            default: try t.skip(f.type, depth: 3)
            }
        }
        return c
    }
}

private struct RowGroupMeta {
    var columns: [ChunkMeta] = []
    var numRows: Int64 = 0
}

private struct FileMeta {
    var schema: [SchemaElement] = []
    var rowGroups: [RowGroupMeta] = []
    var encrypted = false

    static func parse(_ t: inout Thrift) throws(InputError) -> FileMeta {
        var m = FileMeta()
        var last: Int16 = 0
        while let f = try t.field(&last) {
            switch (f.id, f.type) {
            case (2, 9):
                try t.structList { (t: inout Thrift) throws(InputError) in m.schema.append(try SchemaElement.parse(&t)) }
            case (4, 9):
                try t.structList { (t: inout Thrift) throws(InputError) in
                    var rg = RowGroupMeta()
                    var l2: Int16 = 0
                    while let g = try t.field(&l2) {
                        switch (g.id, g.type) {
                        case (1, 9): try t.structList { (t: inout Thrift) throws(InputError) in rg.columns.append(try ChunkMeta.parse(&t)) }
                        case (3, 6): rg.numRows = try t.i64()
                        default: try t.skip(g.type, depth: 2)
                        }
                    }
                    m.rowGroups.append(rg)
                }
            case (8, _):  // encryption_algorithm: encrypted columns with a plaintext footer
                m.encrypted = true
                try t.skip(f.type, depth: 1)
            default:
                try t.skip(f.type, depth: 1)
            }
        }
        return m
    }
}

private struct PageHeader {
    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var hasV1Header = false, hasV2Header = false, hasDictHeader = false
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var defLevelEncoding: Int32 = 3
    var repLevelEncoding: Int32 = 3
    var defLevelsLength: Int32 = 0
    var repLevelsLength: Int32 = 0
    var isCompressed = true
    var dictNumValues: Int32 = 0
    var dictEncoding: Int32 = 0

    static func parse(_ t: inout Thrift) throws(InputError) -> PageHeader {
        var h = PageHeader()
        var last: Int16 = 0
        var sawType = false, sawSizes = 0
        while let f = try t.field(&last) {
            switch (f.id, f.type) {
            case (1, 5): h.type = try t.i32(); sawType = true
            case (2, 5): h.uncompressedSize = try t.i32(); sawSizes += 1
            case (3, 5): h.compressedSize = try t.i32(); sawSizes += 1
            case (5, 12):
                h.hasV1Header = true
                var l: Int16 = 0
                while let g = try t.field(&l) {
                    switch (g.id, g.type) {
                    case (1, 5): h.numValues = try t.i32()
                    case (2, 5): h.encoding = try t.i32()
                    case (3, 5): h.defLevelEncoding = try t.i32()
                    case (4, 5): h.repLevelEncoding = try t.i32()
                    default: try t.skip(g.type, depth: 2)
                    }
                }
            case (7, 12):
                h.hasDictHeader = true
                var l: Int16 = 0
                while let g = try t.field(&l) {
                    switch (g.id, g.type) {
                    case (1, 5): h.dictNumValues = try t.i32()
                    case (2, 5): h.dictEncoding = try t.i32()
                    default: try t.skip(g.type, depth: 2)
                    }
                }
            case (8, 12):
                h.hasV2Header = true
                var l: Int16 = 0
                while let g = try t.field(&l) {
                    switch (g.id, g.type) {
                    case (1, 5): h.numValues = try t.i32()
                    case (4, 5): h.encoding = try t.i32()
                    case (5, 5): h.defLevelsLength = try t.i32()
                    case (6, 5): h.repLevelsLength = try t.i32()
                    case (7, 1): h.isCompressed = true
                    case (7, 2): h.isCompressed = false
                    default: try t.skip(g.type, depth: 2)
                    }
                }
            default: try t.skip(f.type, depth: 1)
            }
        }
        guard sawType, sawSizes == 2 else { throw InputError("page header lacks type or sizes") }
        return h
    }
}

// MARK: - Schema

private struct Leaf {
    let column: ParquetColumn
    let typeLength: Int
}

/// Walks the flattened schema (depth-first) and returns its leaves with levels, names and kinds.
private func buildColumns(_ elements: [SchemaElement]) throws(InputError) -> [Leaf] {
    guard let root = elements.first else { throw InputError("corrupt Parquet footer: empty schema") }
    var leaves: [Leaf] = []
    var next = 1

    func isList(_ e: SchemaElement) -> Bool {
        if case .list? = e.logical { return true }
        return e.converted == 3
    }
    func isMap(_ e: SchemaElement) -> Bool {
        if case .map? = e.logical { return true }
        return e.converted == 1 || e.converted == 2
    }

    // `hide` drops this node's name from leaf paths; `hideOnlyChild` drops its single child's name.
    func visit(depth: Int, def: Int, rep: Int, path: [String], hide: Bool, hideOnlyChild: Bool) throws(InputError) {
        guard depth <= maxNesting else { throw InputError("corrupt Parquet schema: nesting deeper than \(maxNesting)") }
        guard next < elements.count else { throw InputError("corrupt Parquet schema: fewer elements than num_children declares") }
        let e = elements[next]
        next += 1
        let d = def + (e.repetition != 0 ? 1 : 0)
        let r = rep + (e.repetition == 2 ? 1 : 0)
        let p = hide ? path : path + [e.name]
        if let nc = e.numChildren, e.type == nil || nc > 0 {
            guard nc >= 0, Int(nc) <= elements.count - next else { throw InputError("corrupt Parquet schema: \(e.name) has \(nc) children") }
            // LIST / MAP wrappers: hide the repeated level (and the 3-level list's element level).
            var hideChild = false, hideGrandchild = false
            if nc == 1, next < elements.count, elements[next].repetition == 2 {
                let c = elements[next]
                if isMap(e) {
                    hideChild = true
                } else if isList(e) {
                    hideChild = true
                    if let cc = c.numChildren, cc == 1, c.type == nil || cc > 0, c.name != "array", c.name != e.name + "_tuple" {
                        hideGrandchild = true
                    }
                }
            }
            for _ in 0..<Int(nc) {
                try visit(depth: depth + 1, def: d, rep: r, path: p, hide: hideChild || hideOnlyChild && nc == 1,
                          hideOnlyChild: hideGrandchild)
            }
            return
        }
        guard let tRaw = e.type, let pt = ParquetColumn.PhysicalType(rawValue: Int(tRaw)) else {
            throw InputError("corrupt Parquet schema: \(e.name) has invalid physical type \(e.type.map { String($0) } ?? "none")")
        }
        var typeLength = 0
        if pt == .fixedLenByteArray {
            guard e.typeLength > 0, Int(e.typeLength) <= maxPageBytes else {
                throw InputError("corrupt Parquet schema: \(e.name) has type_length \(e.typeLength)")
            }
            typeLength = Int(e.typeLength)
        }
        leaves.append(Leaf(column: ParquetColumn(name: p.joined(separator: "."), physicalType: pt, kind: kind(e, pt),
                                                 maxDefinitionLevel: d, maxRepetitionLevel: r),
                           typeLength: typeLength))
    }

    let rootChildren = Int(root.numChildren ?? 0)
    guard rootChildren >= 0, rootChildren < elements.count else { throw InputError("corrupt Parquet schema: root has \(rootChildren) children") }
    for _ in 0..<rootChildren {
        try visit(depth: 1, def: 0, rep: 0, path: [], hide: false, hideOnlyChild: false)
    }
    return leaves
}

private func kind(_ e: SchemaElement, _ pt: ParquetColumn.PhysicalType) -> ParquetColumn.ValueKind {
    if let l = e.logical {
        switch l {
        case .string, .enumeration, .json: return .text
        case .bson, .uuid: return .binary
        case .integer: return .integer
        case .decimal(let s): return .decimal(scale: s)
        case .date, .time, .timestamp: return .temporal
        case .float16: return .floating
        case .unknown, .map, .list, .other: break
        }
    }
    if let c = e.converted {
        switch c {
        case 0, 4, 19: return .text                  // UTF8, ENUM, JSON
        case 5: return .decimal(scale: Int(e.scale))  // DECIMAL
        case 6, 7, 8, 9, 10: return .temporal         // DATE, TIME_*, TIMESTAMP_*
        case 11...18: return .integer                 // UINT_*, INT_*
        case 20: return .binary                       // BSON
        case 21: return .other                        // INTERVAL
        default: break
        }
    }
    switch pt {
    case .boolean: return .boolean
    case .int32, .int64: return .integer
    case .int96: return .temporal
    case .float, .double: return .floating
    case .byteArray: return .text
    case .fixedLenByteArray: return .binary
    }
}
