import PIIModel

extension ScanEngine {
    /// Scans text in a legacy encoding (CP949/EUC-KR, UTF-16) through a ``TranscodingSource``:
    /// the detectors see UTF-8, findings are moved back to the original bytes (offset, length,
    /// column), and `bytes` counts original bytes. `head` (original bytes) gives the CSV header.
    /// `baseOffset`: where `base` starts in the input (after a leading NUL run, see
    /// ``Finding/shifted(by:)``); `result.bytes` counts from there.
    func scanTranscoded<Base: ByteSource>(
        _ base: Base, encoding: TextEncoding, head: [UInt8], baseOffset: Int64 = 0, path: String, with scanner: UnitScanner,
        sink: (consuming Finding) -> Void
    ) -> UnitResult {
        var source = TranscodingSource(base, encoding: encoding, retain: 2 * configuration.bufferSize + 64 * 1024)
        let map = source.map
        var result = scanner.scan(&source, path: path, structure: Self.structure(ofTranscoded: head, encoding: encoding)) {
            (finding: consuming Finding) in
            map.translate(&finding)
            sink((consume finding).shifted(by: baseOffset))
        }
        result.bytes = source.consumed
        return result
    }

    /// The CSV/TSV header of a transcoded input, read from its transcoded head.
    private static func structure(ofTranscoded head: [UInt8], encoding: TextEncoding) -> TextStructure? {
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
        return decoded.withUnsafeBytes { TextStructure.detect(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
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
