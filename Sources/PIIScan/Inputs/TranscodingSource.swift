#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import PIIModel

/// Maps offsets in transcoded (UTF-8) bytes back to offsets in the original bytes.
///
/// The map is a list of segments, each a run of characters with the same byte lengths before and
/// after transcoding (ASCII in CP949: 1 → 1, Hangul in CP949: 2 → 3, ASCII in UTF-16: 2 → 1 …),
/// so its size grows with the number of changes between runs, not with the characters. Segments
/// far behind the transcoder are dropped (``discard(before:)``): findings are translated while
/// they are still in the scanner's buffer.
public final class OffsetMap: @unchecked Sendable {
    private struct Segment {
        var decoded: Int64
        var original: Int64
        var decodedUnit: Int64
        var originalUnit: Int64
    }
    private var segments: [Segment] = []
    private var first = 0
    /// Original offset of transcoded byte 0 (after a BOM).
    private var originalStart: Int64 = 0
    /// Transcoded bytes so far.
    public private(set) var decodedEnd: Int64 = 0
    /// Original bytes consumed so far.
    public private(set) var originalEnd: Int64 = 0

    public init() {}

    /// Original bytes that produce nothing (a BOM); only before the first character.
    func skipOriginal(_ count: Int) {
        precondition(segments.isEmpty)
        originalStart += Int64(count)
        originalEnd += Int64(count)
    }

    /// Records one character: `decoded` UTF-8 bytes from `original` input bytes.
    @inline(__always) func append(decoded: Int, original: Int) {
        if segments.count == first || segments[segments.count - 1].decodedUnit != Int64(decoded)
            || segments[segments.count - 1].originalUnit != Int64(original)
        {
            segments.append(Segment(decoded: decodedEnd, original: originalEnd, decodedUnit: Int64(decoded), originalUnit: Int64(original)))
        }
        decodedEnd += Int64(decoded)
        originalEnd += Int64(original)
    }

    /// The original offset of transcoded offset `decoded` (a character boundary; an offset
    /// inside a character maps to the end of that character).
    public func original(_ decoded: Int64) -> Int64 {
        guard decoded < decodedEnd else { return originalEnd + (decoded - decodedEnd) }
        var low = first
        var high = segments.count - 1
        guard high >= low, segments[low].decoded <= decoded else {
            return segments.count > first ? max(originalStart, segments[first].original - (segments[first].decoded - decoded)) : originalStart + decoded
        }
        while low < high {  // the last segment starting at or before `decoded`
            let middle = (low + high + 1) / 2
            if segments[middle].decoded <= decoded { low = middle } else { high = middle - 1 }
        }
        let segment = segments[low]
        let relative = decoded - segment.decoded
        let characters = relative / segment.decodedUnit + (relative % segment.decodedUnit > 0 ? 1 : 0)
        return segment.original + characters * segment.originalUnit
    }

    /// Forgets segments that end before transcoded offset `decoded`.
    func discard(before decoded: Int64) {
        while first + 1 < segments.count && segments[first + 1].decoded <= decoded { first += 1 }
        if first > 4096 && first * 2 > segments.count {
            segments.removeFirst(first)
            first = 0
        }
    }

    /// Moves a finding made in the transcoded bytes to the original bytes: offset, length and
    /// column (in original bytes). Line numbers are unchanged (every line break is kept).
    public func translate(_ finding: inout Finding) {
        let start = original(finding.offset)
        let end = original(finding.offset + Int64(finding.length))
        let lineStart = original(finding.offset - Int64(finding.column - 1))
        finding.offset = start
        finding.length = Int(end - start)
        finding.column = Int(start - lineStart) + 1
    }
}

/// Transcodes CP949/EUC-KR or UTF-16 (LE/BE, BOM skipped) to UTF-8 while reading, recording in
/// ``map`` where every character came from. Undecodable bytes become U+FFFD; the stream never fails
/// because of its content.
public struct TranscodingSource<Base: ByteSource>: ByteSource {
    private var base: Base
    public let encoding: TextEncoding
    /// Transcoded → original offsets (shared with whoever translates the findings).
    public let map = OffsetMap()
    private let storage: InputStorage
    private var input: UnsafeMutableRawBufferPointer { storage.bytes }
    private var inputStart = 0
    private var inputEnd = 0
    private var baseEnded = false
    private var started = false
    /// UTF-8 bytes of a character that did not fit into the caller's buffer.
    private var carry: [UInt8] = []
    /// Transcoded bytes behind the current position for which the map is kept.
    private let retain: Int64
    private var pendingError: InputError?
    /// CP949 only: whether the next character starts a line, and whether the current line is
    /// UTF-8 (a legacy component's EUC-KR lines and a newer one's UTF-8 lines end up in one log;
    /// each line is read in its own encoding).
    private var atLineStart = true
    private var utf8Line = false

    /// Original bytes read so far.
    public var consumed: Int64 { map.originalEnd }

    /// - Parameter retain: how far back (in transcoded bytes) offsets must stay translatable:
    ///   at least the scanner's buffer size.
    public init(_ base: Base, encoding: TextEncoding, retain: Int = 4 << 20) {
        self.base = base
        self.encoding = encoding
        self.retain = Int64(retain)
        storage = InputStorage(count: 64 * 1024)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        var written = 0
        let capacity = buffer.count
        var scratch: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        while written < capacity {
            if !carry.isEmpty {
                let n = min(carry.count, capacity - written)
                for k in 0..<n { buffer[written + k] = carry[k] }
                carry.removeFirst(n)
                written += n
                continue
            }
            if inputEnd - inputStart < 4 && !baseEnded {
                guard try refill(afterWriting: written) else { break }
                continue
            }
            if inputStart == inputEnd { break }
            if !started {
                started = true
                let first = input[inputStart]
                let second = inputEnd - inputStart >= 2 ? input[inputStart + 1] : 0
                if encoding != .cp949 && (first, second) == (encoding == .utf16LE ? (0xFF, 0xFE) : (0xFE, 0xFF)) {
                    inputStart += 2  // the BOM
                    map.skipOriginal(2)
                    continue
                }
            }
            if atLineStart && encoding == .cp949 {
                // The whole line in the input buffer, if it fits, before it is judged.
                let line = memchr(input.baseAddress! + inputStart, 0x0A, inputEnd - inputStart)
                if line == nil && !baseEnded && (inputStart > 0 || inputEnd < input.count) {
                    guard try refill(afterWriting: written) else { break }
                    if inputEnd - inputStart < input.count && !baseEnded { continue }
                }
                let lineEnd = line.map { input.baseAddress!.distance(to: UnsafeMutableRawPointer($0)) } ?? inputEnd
                utf8Line = TextEncoding.isUTF8Text(UnsafeRawBufferPointer(rebasing: input[inputStart..<lineEnd]))
                atLineStart = false
            }
            let (scalar, used) = decodeOne()
            if scalar == 0x0A { atLineStart = true }
            inputStart += used
            let length = Self.encodeUTF8(scalar, into: &scratch)
            map.append(decoded: length, original: used)
            let fit = min(length, capacity - written)
            withUnsafeBytes(of: &scratch) { bytes in
                for k in 0..<fit { buffer[written + k] = bytes[k] }
                if fit < length { carry = Array(bytes[fit..<length]) }
            }
            written += fit
        }
        map.discard(before: map.decodedEnd - retain)
        return written
    }

    /// ``refill()``; a read error after `written` bytes were delivered is kept for the next
    /// call (false: deliver those first), one before any is thrown.
    private mutating func refill(afterWriting written: Int) throws(InputError) -> Bool {
        do {
            try refill()
            return true
        } catch {
            guard written > 0 else { throw error }
            pendingError = error
            return false
        }
    }

    private mutating func refill() throws(InputError) {
        if inputStart > 0 {
            let remaining = inputEnd - inputStart
            for k in 0..<remaining { input[k] = input[inputStart + k] }
            inputStart = 0
            inputEnd = remaining
        }
        let start = inputEnd
        let n = try base.read(into: UnsafeMutableRawBufferPointer(rebasing: input[start...]))
        if n == 0 { baseEnded = true } else { inputEnd += n }
    }

    /// The next character and how many input bytes it used (U+FFFD for bytes that are not one).
    private func decodeOne() -> (UInt32, Int) {
        let available = inputEnd - inputStart
        let b0 = input[inputStart]
        switch encoding {
        case .cp949:
            if b0 < 0x80 { return (UInt32(b0), 1) }
            if utf8Line, let character = TextEncoding.utf8Character(UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd])) {
                return character
            }
            guard b0 >= 0x81, b0 <= 0xFE, available >= 2 else { return (0xFFFD, 1) }
            let b1 = input[inputStart + 1]
            guard CP949.isTrail(b1) else { return (0xFFFD, 1) }
            let code = CP949.table[(Int(b0) - 0x81) * 190 + (Int(b1) - 0x41)]
            return code == 0 ? (0xFFFD, 1) : (code, 2)
        case .utf16LE, .utf16BE:
            guard available >= 2 else { return (0xFFFD, available) }
            func unit(_ at: Int) -> UInt32 {
                let a = UInt32(input[inputStart + at])
                let b = UInt32(input[inputStart + at + 1])
                return encoding == .utf16LE ? a | b << 8 : a << 8 | b
            }
            let u = unit(0)
            if u >= 0xD800 && u <= 0xDBFF {
                guard available >= 4 else { return (0xFFFD, 2) }
                let low = unit(2)
                guard low >= 0xDC00 && low <= 0xDFFF else { return (0xFFFD, 2) }
                return (0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), 4)
            }
            if u >= 0xDC00 && u <= 0xDFFF { return (0xFFFD, 2) }
            return (u, 2)
        case .utf8:
            return (UInt32(b0), 1)  // not used: UTF-8 is scanned as it is
        }
    }

    @inline(__always)
    private static func encodeUTF8(_ scalar: UInt32, into out: inout (UInt8, UInt8, UInt8, UInt8)) -> Int {
        switch scalar {
        case 0..<0x80:
            out.0 = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out.0 = UInt8(0xC0 | scalar >> 6)
            out.1 = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out.0 = UInt8(0xE0 | scalar >> 12)
            out.1 = UInt8(0x80 | (scalar >> 6) & 0x3F)
            out.2 = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out.0 = UInt8(0xF0 | scalar >> 18)
            out.1 = UInt8(0x80 | (scalar >> 12) & 0x3F)
            out.2 = UInt8(0x80 | (scalar >> 6) & 0x3F)
            out.3 = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}

/// The transcoder's input buffer (a class, so that it is freed exactly once).
final class InputStorage {
    let bytes: UnsafeMutableRawBufferPointer
    init(count: Int) { bytes = .allocate(byteCount: count, alignment: 16) }
    deinit { bytes.deallocate() }
}
