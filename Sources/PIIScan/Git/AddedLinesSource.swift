#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the runs of consecutive added lines, concatenated into one stream for the scanner,
/// sit in the new file: so a finding's line and offset in the stream map back to the file.
final class AddedLineMap {
    struct Run {
        /// Offset and 1-based line of the run's first byte in the scanned stream.
        var streamOffset: Int64
        var streamLine: Int64
        /// The same in the new file.
        var fileOffset: Int64
        var fileLine: Int64
    }
    private(set) var runs: [Run] = []

    func append(_ run: Run) { runs.append(run) }

    /// `(line, offset)` in the file of a stream position. Runs start at line starts and a match
    /// never spans a line break, so the run holding the start holds the whole finding.
    func map(line: Int64, offset: Int64) -> (line: Int64, offset: Int64) {
        var low = 0
        var high = runs.count - 1
        while low < high {  // the last run starting at or before `offset`
            let middle = (low + high + 1) / 2
            if runs[middle].streamOffset <= offset { low = middle } else { high = middle - 1 }
        }
        guard !runs.isEmpty else { return (line, offset) }
        let run = runs[low]
        return (run.fileLine + line - run.streamLine, run.fileOffset + offset - run.streamOffset)
    }
}

/// The added lines of one blob streamed by `git cat-file --batch`: reads exactly the blob's
/// `size` bytes from the pipe and passes on only the lines in `added` (1-based, half-open,
/// increasing), recording in `map` where each run of them came from. Memory does not depend on
/// the blob's size; lines that are not added are skipped with `memchr`.
struct AddedLinesSource: ByteSource {
    let reader: PipeReader
    let map: AddedLineMap
    private var remaining: Int64
    private let added: [Range<Int>]
    private var rangeIndex = 0
    /// New-file line and offset of the next byte of the blob.
    private var line = 1
    private var offset: Int64 = 0
    private var atLineStart = true
    private var emitting = false
    private var lastEmittedLine = -1
    /// Bytes and line breaks passed on so far.
    private var produced: Int64 = 0
    private var producedLines: Int64 = 0

    init(reader: PipeReader, size: Int64, added: [Range<Int>], map: AddedLineMap) {
        self.reader = reader
        remaining = size
        self.added = added
        self.map = map
    }

    /// Bytes of the blob not read yet.
    var unread: Int64 { remaining }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var written = 0
        while written < buffer.count && remaining > 0 {
            if reader.available == 0, try !reader.fill() {
                throw InputError("git output ended \(remaining) bytes before the end of the blob")
            }
            if rangeIndex == added.count && atLineStart {
                // No added line left: skip the rest of the blob in bulk.
                let n = Int(min(Int64(reader.available), remaining))
                reader.start += n
                remaining -= Int64(n)
                continue
            }
            if atLineStart {
                while rangeIndex < added.count && added[rangeIndex].upperBound <= line { rangeIndex += 1 }
                if rangeIndex == added.count { continue }
                emitting = added[rangeIndex].contains(line)
                if emitting && lastEmittedLine != line - 1 {
                    map.append(.init(
                        streamOffset: produced, streamLine: producedLines + 1, fileOffset: offset, fileLine: Int64(line)))
                }
                atLineStart = false
            }
            let chunk = Int(min(Int64(reader.available), remaining))
            let base = reader.storage.baseAddress! + reader.start
            let newline = memchr(base, 0x0A, chunk)
            let lineBytes = newline.map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) + 1 } ?? chunk
            let taken = emitting ? min(lineBytes, buffer.count - written) : lineBytes
            if emitting {
                (buffer.baseAddress! + written).copyMemory(from: base, byteCount: taken)
                written += taken
                produced += Int64(taken)
            }
            reader.start += taken
            remaining -= Int64(taken)
            offset += Int64(taken)
            if newline != nil && taken == lineBytes {
                if emitting {
                    producedLines += 1
                    lastEmittedLine = line
                }
                line += 1
                atLineStart = true
            }
        }
        return written
    }

    /// Reads whatever the scanner left of the blob (after an interruption or an error).
    mutating func drain() throws(InputError) {
        try reader.skip(remaining)
        remaining = 0
    }
}
