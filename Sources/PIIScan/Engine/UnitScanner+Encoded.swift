#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

/// A finding revealed by a decoding, waiting to be merged (by its start) with the plain ones.
struct EncodedFinding {
    /// Buffer index of the first encoded byte.
    var start: Int
    /// `offset` is still to be set (buffer index → input offset), `line`/`column` too.
    var finding: Finding
}

extension UnitScanner {
    /// Finds values hidden by encodings on the lines holding a trigger at or after `from` and
    /// before `cut` (see ``EncodedText``). A value is reported only if its span contains encoded
    /// bytes: a value readable as it is was already found by the plain scan. Returns where the next
    /// window resumes (after the last decoded line), so a line is decoded once.
    func findEncoded(
        subject: UnsafeRawBufferPointer, from: Int, cut: Int, path: String, into found: inout [EncodedFinding]
    ) -> Int {
        let base = subject.baseAddress!
        var position = from
        // Next occurrence of each trigger byte at or after `position` (recomputed lazily).
        var next = [Int](repeating: -1, count: EncodedText.triggerBytes.count)
        while position < cut {
            var trigger = cut
            for (k, byte) in EncodedText.triggerBytes.enumerated() {
                if next[k] < position {
                    if let hit = memchr(base + position, Int32(byte), cut - position) {
                        next[k] = base.distance(to: UnsafeRawPointer(hit))
                    } else {
                        next[k] = Int.max
                    }
                }
                trigger = min(trigger, next[k])
            }
            guard trigger < cut else { break }
            // Validate first (most `=` and `:` start no Base64 value), then find the line end.
            guard EncodedText.isTrigger(subject, at: trigger, end: subject.count) else {
                position = trigger + 1
                continue
            }
            let lineEnd = memchr(base + trigger, 0x0A, subject.count - trigger)
                .map { base.distance(to: UnsafeRawPointer($0)) } ?? subject.count
            var lineStart = trigger
            while lineStart > 0 && subject[lineStart - 1] != 0x0A { lineStart -= 1 }
            if let decoded = EncodedText.decode(subject, lineStart..<lineEnd) {
                scanDecoded(decoded, original: subject, lineStart: lineStart, from: max(from, lineStart), path: path, into: &found)
            }
            position = lineEnd + 1
        }
        return max(position, from)
    }

    /// Runs every detector over one decoded line and keeps the matches that contain decoded bytes
    /// and start at or after buffer index `from`.
    private func scanDecoded(
        _ line: DecodedLine, original: UnsafeRawBufferPointer, lineStart: Int, from: Int, path: String,
        into found: inout [EncodedFinding]
    ) {
        var results: [EncodedFinding] = []
        // Only matches that contain decoded bytes count: search from a little before the first
        // one (the longest values are addresses, well under `lead` bytes) to the last one.
        guard let firstDecoded = line.kind.firstIndex(where: { $0 != .none }),
            let lastDecoded = line.kind.lastIndex(where: { $0 != .none })
        else { return }
        let lead = 256
        line.bytes.withUnsafeBytes { subject in
            for index in detectors.indices {
                if let prefilter = detectors[index].rule.prefilter,
                    !subject.contains(where: { prefilter.bytes.contains($0) })
                {
                    continue  // every match of this rule holds an anchor byte
                }
                var position = max(0, firstDecoded - lead)
                while position <= lastDecoded && position < subject.count {
                    guard let match = try? matchData[index].firstMatch(in: subject, from: position), !match.isEmpty,
                        match.lowerBound <= lastDecoded
                    else { break }
                    position = match.upperBound
                    guard line.kind[match].contains(where: { $0 != .none }) else { continue }
                    guard var finding = assess(
                        (match.lowerBound, match.upperBound, index), subject: subject, bufferBase: 0, line: 1, lineStart: 0,
                        path: path)
                    else { continue }
                    let first = Int(finding.offset)
                    let last = first + max(1, finding.length) - 1
                    guard let decoding = line.kind[first...last].first(where: { $0 != .none }) else { continue }
                    let start = line.sourceStart[first]
                    guard start >= from else { continue }
                    finding.length = line.sourceEnd[last] - start
                    finding.decoding = decoding.name
                    if finding.field == nil && decoding == .base64 {
                        // A value inside a decoded Base64 text: the field is the key of the Base64 value.
                        var token = first
                        while token > 0 && line.kind[token - 1] == .base64 { token -= 1 }
                        let tokenStart = line.sourceStart[token]
                        finding.field = FieldLocator.key(
                            before: tokenStart, in: original, floor: max(lineStart, tokenStart - FieldLocator.reach)
                        ).map { String(decoding: UnsafeRawBufferPointer(rebasing: original[$0]), as: UTF8.self) }
                    }
                    results.append(EncodedFinding(start: start, finding: finding))
                }
            }
        }
        results.sort { $0.start != $1.start ? $0.start < $1.start : $0.finding.length > $1.finding.length }
        // Same rule as the plain scan: of overlapping values, the more confident one.
        for result in results {
            if let last = found.last, result.start < last.start + last.finding.length {
                if result.finding.confidence > last.finding.confidence { found[found.count - 1] = result }
            } else {
                found.append(result)
            }
        }
    }
}
