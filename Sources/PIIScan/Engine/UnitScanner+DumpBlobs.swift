import CScanKernels
import PIIModel

/// Hex-encoded BLOB values of SQL dump rows, decoded and scanned like the BLOB cells of a
/// database: `X'ec97b0…'` (`sqlite3 .dump`), `0xec97b0…` (`mysqldump --hex-blob`) and
/// `'\xec97b0…'` / `\\xec97b0…` (`pg_dump` bytea in INSERT and COPY). Without this a dump
/// reported less than its own database.
extension UnitScanner {
    /// Fewest hex digits of a value worth decoding (8 bytes: shorter ones hold no value).
    static let shortestHexBlob = 16

    /// The `x`/`X` bytes that may open a hex literal.
    private static let hexMarkers = pii_byte_set { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }

    /// Finds the hex literals that start in `[from, cut)` and adds them to `matches` as matches
    /// of ``dumpBlobMatch`` (from the `x` to the end of the digits): whether one is a row value,
    /// and of which column, is asked when its turn comes in offset order (asking the dump parser
    /// earlier would parse past the findings before it, which would then lose their row), and
    /// ``scanBlob(_:digits:context:path:into:)`` decodes and scans it then. A literal that runs
    /// past the data read so far is looked at again in the next window (one longer than the
    /// buffer is not decoded). Returns where the next window resumes.
    func findDumpBlobs(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, final: Bool, into matches: inout [(start: Int, end: Int, detector: Int)]
    ) -> Int {
        guard from < cut else { return max(from, cut) }
        let bytes = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var resume = cut
        withUnsafePointer(to: UnitScanner.hexMarkers) { markers in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { masks in
                var chunkStart = from
                chunks: while chunkStart < cut {
                    let chunkEnd = min(cut, chunkStart + 4096)
                    pii_member_mask(bytes, chunkStart, chunkEnd, markers, masks.baseAddress!)
                    for word in 0..<((chunkEnd - chunkStart + 63) / 64) {
                        var mask = masks[word]
                        while mask != 0 {
                            let marker = chunkStart + 64 * word + mask.trailingZeroBitCount
                            mask &= mask &- 1
                            guard let digits = UnitScanner.hexDigits(subject, marker: marker) else { continue }
                            var end = digits
                            while end < subject.count && UnitScanner.hexValue(subject[end]) != nil { end += 1 }
                            if end == subject.count && !final {
                                // Possibly cut by the window: again with more data, unless the
                                // literal began the window (then it is longer than the buffer).
                                if marker > from {
                                    resume = marker
                                    break chunks
                                }
                                continue
                            }
                            let count = end - digits
                            guard count >= UnitScanner.shortestHexBlob, count % 2 == 0 else { continue }
                            matches.append((marker, end, dumpBlobMatch))
                        }
                    }
                    chunkStart = chunkEnd
                }
            }
        }
        return resume
    }

    /// The findings of the hex literal of ``findDumpBlobs``'s match `match`, if it is a row value
    /// (asked in offset order), spanning the hex digits that encode them.
    func dumpBlobFindings(
        _ match: (start: Int, end: Int, detector: Int), subject: UnsafeRawBufferPointer, bufferBase: Int64, path: String
    ) -> [EncodedFinding] {
        guard let dumpCells, let digits = UnitScanner.hexDigits(subject, marker: match.start),
            let cell = dumpCells.cell(at: bufferBase + Int64(match.start))
        else { return [] }
        var found: [EncodedFinding] = []
        scanBlob(subject, digits: digits..<match.end, context: cell.context, path: path, into: &found)
        return found
    }

    /// Where the hex digits of a literal opened at `marker` (an `x`/`X`) start, if it opens one:
    /// `X'` or `0x` as a whole row value (after `(` or `,`), or `\x` opening a string or a COPY
    /// field (`\\x` there).
    static func hexDigits(_ subject: UnsafeRawBufferPointer, marker: Int) -> Int? {
        /// Whether a row value starts right after `index` (blanks aside): the literal is the whole
        /// value, not text inside a string (`'see 0x3031…'`).
        func isSeparator(_ index: Int) -> Bool {
            var index = index
            while index >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(subject[index]) { index -= 1 }
            return index < 0 || subject[index] == UInt8(ascii: "(") || subject[index] == UInt8(ascii: ",")
        }
        if marker + 1 < subject.count, subject[marker + 1] == UInt8(ascii: "'"), isSeparator(marker - 1) {
            return marker + 2  // X'…'
        }
        guard marker >= 1, subject[marker] == UInt8(ascii: "x") else { return nil }
        if subject[marker - 1] == UInt8(ascii: "0"), isSeparator(marker - 2) { return marker + 1 }  // 0x…
        if subject[marker - 1] == UInt8(ascii: "\\") {
            // `'\x…` (a standard string) or `\\x…` (a COPY field escapes the backslash).
            let before = marker >= 2 && subject[marker - 2] == UInt8(ascii: "\\") ? marker - 3 : marker - 2
            if before < 0 || subject[before] == UInt8(ascii: "'") || subject[before] == 0x09 || subject[before] == 0x0A {
                return marker + 1
            }
        }
        return nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Decodes the hex digits at `digits` and scans the bytes as a database BLOB cell of the
    /// column whose context is `context` (only when they are text: valid UTF-8 without NUL
    /// bytes); each finding spans the digits that encode it.
    private func scanBlob(
        _ subject: UnsafeRawBufferPointer, digits: Range<Int>, context: [UInt8], path: String, into found: inout [EncodedFinding]
    ) {
        var decoded = [UInt8](repeating: 0, count: digits.count / 2)
        for index in decoded.indices {
            decoded[index] = UnitScanner.hexValue(subject[digits.lowerBound + 2 * index])! << 4
                | UnitScanner.hexValue(subject[digits.lowerBound + 2 * index + 1])!
        }
        // As the database does: only a BLOB that holds text (random bytes make no values).
        guard decoded.withUnsafeBytes(SQLiteScanner.isText) else { return }
        var source = MemorySource(decoded)
        _ = blobScanner.scan(&source, path: path, context: context) { (finding: consuming Finding) in
            let start = digits.lowerBound + 2 * Int(finding.offset)
            finding.length *= 2
            finding.decoding = "hex"
            found.append(EncodedFinding(start: start, finding: finding))
        }
    }
}
