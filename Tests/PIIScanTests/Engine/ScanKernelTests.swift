import CScanKernels
import XCTest

@testable import PIIScan

/// The start pass's vector kernels (`Sources/CScanKernels`) must mark exactly what their scalar
/// reference marks — and what a plain Swift loop says — for any byte sets, window bounds and
/// tails, so that the CPU a scan runs on never changes its findings.
final class ScanKernelTests: XCTestCase {
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    private static func prepared(_ members: Set<UInt8>) -> pii_byte_set {
        var bitmap = [UInt8](repeating: 0, count: 32)
        for byte in members { bitmap[Int(byte >> 3)] |= UInt8(1) << (byte & 7) }
        var set = pii_byte_set()
        pii_byte_set_prepare(&set, bitmap)
        return set
    }

    /// Byte sets like the rules' (digits, letters, punctuation, UTF-8 lead and continuation
    /// bytes), plus random ones that hit every nibble combination.
    private static func sets(_ generator: inout Generator) -> [Set<UInt8>] {
        var random: Set<UInt8> = []
        for _ in 0..<(1 + generator.below(120)) { random.insert(UInt8(generator.below(256))) }
        return [
            Set(UInt8(ascii: "0")...UInt8(ascii: "9")),
            Set(Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
                + Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + [UInt8(ascii: "-"), UInt8(ascii: "*")]),
            Set([0x2B, 0x28, 0x30, 0x38, 0xE2, 0xEA, 0xEB, 0xEC, 0xED, 0x80, 0xBF, 0xFF, 0x7F, 0x00]),
            Set(0x80...0xFF), [], Set(0...255), random,
        ]
    }

    private static func text(_ generator: inout Generator, length: Int) -> [UInt8] {
        let alphabet = Array("0123456789 -+(*xX가서울●\n\t:abcMS".utf8)
        return (0..<length).map { _ in
            generator.below(4) == 0 ? UInt8(generator.below(256)) : alphabet[generator.below(alphabet.count)]
        }
    }

    func testCandidateMasksMatchTheScalarReferenceAndAPlainLoop() {
        var generator = Generator(state: 7)
        for round in 0..<300 {
            let bytes = Self.text(&generator, length: 1 + generator.below(700))
            let candidates = Self.sets(&generator)
            let start = candidates[generator.below(candidates.count)]
            let block = candidates[generator.below(candidates.count)]
            var startSet = Self.prepared(start)
            var blockSet = Self.prepared(block)
            let from = generator.below(bytes.count)
            let cut = from + generator.below(bytes.count - from + 1)
            let words = (cut - from + 63) / 64
            var expected = [UInt64](repeating: 0, count: words)
            for position in from..<max(from, cut)
            where start.contains(bytes[position]) && (position == 0 || !block.contains(bytes[position - 1])) {
                expected[(position - from) / 64] |= UInt64(1) << UInt64((position - from) % 64)
            }
            // A sentinel after the written words shows the kernels write no more than they say.
            var vector = [UInt64](repeating: 0xDEAD, count: words + 1)
            var scalar = [UInt64](repeating: 0xDEAD, count: words + 1)
            pii_candidate_mask(bytes, from, cut, &startSet, &blockSet, &vector)
            pii_candidate_mask_scalar(bytes, from, cut, &startSet, &blockSet, &scalar)
            XCTAssertEqual(Array(vector.prefix(words)), expected, "round \(round): from \(from), cut \(cut)")
            XCTAssertEqual(Array(scalar.prefix(words)), expected, "round \(round) (scalar)")
            XCTAssertEqual(vector[words], 0xDEAD, "round \(round): wrote past its words")
        }
    }

    func testMemberMasksMatchTheScalarReferenceAndAPlainLoop() {
        var generator = Generator(state: 11)
        for round in 0..<300 {
            let bytes = Self.text(&generator, length: 1 + generator.below(700))
            let candidates = Self.sets(&generator)
            let members = candidates[generator.below(candidates.count)]
            var set = Self.prepared(members)
            let from = generator.below(bytes.count)
            let to = from + generator.below(bytes.count - from + 1)
            let words = (to - from + 63) / 64
            var expected = [UInt64](repeating: 0, count: words)
            for position in from..<max(from, to) where members.contains(bytes[position]) {
                expected[(position - from) / 64] |= UInt64(1) << UInt64((position - from) % 64)
            }
            var vector = [UInt64](repeating: 0xDEAD, count: words + 1)
            var scalar = [UInt64](repeating: 0xDEAD, count: words + 1)
            pii_member_mask(bytes, from, to, &set, &vector)
            pii_member_mask_scalar(bytes, from, to, &set, &scalar)
            XCTAssertEqual(Array(vector.prefix(words)), expected, "round \(round): from \(from), to \(to)")
            XCTAssertEqual(Array(scalar.prefix(words)), expected, "round \(round) (scalar)")
            XCTAssertEqual(vector[words], 0xDEAD, "round \(round): wrote past its words")
        }
    }

    func testPairMemberMasksMatchTheScalarReferenceAndAPlainLoop() {
        var generator = Generator(state: 17)
        for round in 0..<300 {
            var bytes = Self.text(&generator, length: 1 + generator.below(700))
            for _ in 0..<generator.below(40) { bytes[generator.below(bytes.count)] = UInt8(ascii: "\"") }
            let candidates = Self.sets(&generator)
            let members = candidates[generator.below(candidates.count)]
            var set = Self.prepared(members)
            let (first, second) = round % 3 == 0 ? (UInt8(generator.below(256)), UInt8(generator.below(256))) : (0x22, 0x3A)
            let from = generator.below(bytes.count)
            let to = from + generator.below(bytes.count - from + 1)
            let words = (to - from + 63) / 64
            var expected = [UInt64](repeating: 0, count: words)
            for position in from..<max(from, to)
            where members.contains(bytes[position]) || (bytes[position] == second && position > 0 && bytes[position - 1] == first) {
                expected[(position - from) / 64] |= UInt64(1) << UInt64((position - from) % 64)
            }
            var vector = [UInt64](repeating: 0xDEAD, count: words + 1)
            var scalar = [UInt64](repeating: 0xDEAD, count: words + 1)
            pii_pair_member_mask(bytes, from, to, &set, first, second, &vector)
            pii_pair_member_mask_scalar(bytes, from, to, &set, first, second, &scalar)
            XCTAssertEqual(Array(vector.prefix(words)), expected, "round \(round): from \(from), to \(to)")
            XCTAssertEqual(Array(scalar.prefix(words)), expected, "round \(round) (scalar)")
            XCTAssertEqual(vector[words], 0xDEAD, "round \(round): wrote past its words")
        }
    }

    func testStartMasksMatchTheSeparatePassesAndTheScalarReference() {
        var generator = Generator(state: 19)
        for round in 0..<300 {
            let bytes = Self.text(&generator, length: 1 + generator.below(900))
            let candidates = Self.sets(&generator)
            var startSet = Self.prepared(candidates[generator.below(candidates.count)])
            var blockSet = Self.prepared(candidates[generator.below(candidates.count)])
            var firstSet = Self.prepared(candidates[generator.below(candidates.count)])
            var secondSet = Self.prepared(candidates[generator.below(candidates.count)])
            let from = generator.below(bytes.count)
            let to = from + generator.below(bytes.count - from + 1)
            let cut = from + generator.below(to - from + 1)
            let words = (cut - from + 63) / 64
            let memberWords = (to - from + 63) / 64
            var expected = [UInt64](repeating: 0, count: words)
            var expectedFirst = [UInt64](repeating: 0, count: memberWords)
            var expectedSecond = [UInt64](repeating: 0, count: memberWords)
            pii_candidate_mask_scalar(bytes, from, cut, &startSet, &blockSet, &expected)
            pii_member_mask_scalar(bytes, from, to, &firstSet, &expectedFirst)
            pii_member_mask_scalar(bytes, from, to, &secondSet, &expectedSecond)
            // Each member set may be absent (its masks untouched); sentinels show the kernels
            // write no more than they say.
            let withFirst = round % 4 != 1
            let withSecond = round % 4 != 2
            for scalarPath in [false, true] {
                var masks = [UInt64](repeating: 0xDEAD, count: words + 1)
                var first = [UInt64](repeating: 0xDEAD, count: memberWords + 1)
                var second = [UInt64](repeating: 0xDEAD, count: memberWords + 1)
                masks.withUnsafeMutableBufferPointer { masks in
                    first.withUnsafeMutableBufferPointer { first in
                        second.withUnsafeMutableBufferPointer { second in
                            withUnsafePointer(to: &firstSet) { firstSet in
                                withUnsafePointer(to: &secondSet) { secondSet in
                                    let kernel = scalarPath ? pii_start_masks_scalar : pii_start_masks
                                    kernel(
                                        bytes, from, cut, to, &startSet, &blockSet, masks.baseAddress!,
                                        withFirst ? firstSet : nil, first.baseAddress!, withSecond ? secondSet : nil, second.baseAddress!)
                                }
                            }
                        }
                    }
                }
                let label = "round \(round)\(scalarPath ? " (scalar)" : ""): from \(from), cut \(cut), to \(to)"
                XCTAssertEqual(Array(masks.prefix(words)), expected, label)
                XCTAssertEqual(masks[words], 0xDEAD, label)
                XCTAssertEqual(Array(first.prefix(memberWords)), withFirst ? expectedFirst : Array(repeating: 0xDEAD, count: memberWords), label)
                XCTAssertEqual(first[memberWords], 0xDEAD, label)
                XCTAssertEqual(Array(second.prefix(memberWords)), withSecond ? expectedSecond : Array(repeating: 0xDEAD, count: memberWords), label)
                XCTAssertEqual(second[memberWords], 0xDEAD, label)
            }
        }
    }

    func testCandidateMaskPairsMatchTwoSeparatePassesAndTheScalarReference() {
        var generator = Generator(state: 23)
        for round in 0..<300 {
            let bytes = Self.text(&generator, length: 1 + generator.below(900))
            let candidates = Self.sets(&generator)
            var startSet = Self.prepared(candidates[generator.below(candidates.count)])
            var blockSet = Self.prepared(candidates[generator.below(candidates.count)])
            var otherStartSet = Self.prepared(candidates[generator.below(candidates.count)])
            var otherBlockSet = Self.prepared(candidates[generator.below(candidates.count)])
            let from = generator.below(bytes.count)
            let cut = from + generator.below(bytes.count - from + 1)
            let words = (cut - from + 63) / 64
            var expected = [UInt64](repeating: 0, count: words)
            var expectedOther = [UInt64](repeating: 0, count: words)
            pii_candidate_mask_scalar(bytes, from, cut, &startSet, &blockSet, &expected)
            pii_candidate_mask_scalar(bytes, from, cut, &otherStartSet, &otherBlockSet, &expectedOther)
            for scalarPath in [false, true] {
                var masks = [UInt64](repeating: 0xDEAD, count: words + 1)
                var other = [UInt64](repeating: 0xDEAD, count: words + 1)
                let kernel = scalarPath ? pii_candidate_mask_pair_scalar : pii_candidate_mask_pair
                kernel(bytes, from, cut, &startSet, &blockSet, &masks, &otherStartSet, &otherBlockSet, &other)
                let label = "round \(round)\(scalarPath ? " (scalar)" : ""): from \(from), cut \(cut)"
                XCTAssertEqual(Array(masks.prefix(words)), expected, label)
                XCTAssertEqual(Array(other.prefix(words)), expectedOther, label)
                XCTAssertEqual(masks[words], 0xDEAD, label)
                XCTAssertEqual(other[words], 0xDEAD, label)
            }
        }
    }

    func testMemberCountsMatchTheScalarReferenceAndAPlainLoop() {
        var generator = Generator(state: 13)
        for round in 0..<300 {
            let bytes = Self.text(&generator, length: generator.below(300))
            let candidates = Self.sets(&generator)
            let members = candidates[generator.below(candidates.count)]
            var set = Self.prepared(members)
            let expected = bytes.filter { members.contains($0) }.count
            XCTAssertEqual(pii_count_members(bytes, bytes.count, &set), expected, "round \(round)")
            XCTAssertEqual(pii_count_members_scalar(bytes, bytes.count, &set), expected, "round \(round) (scalar)")
        }
    }

    /// The context window's edges (64 characters, at least 96 and at most 192 bytes) are the same
    /// with the vector code as with the scalar reference, on text of one- to four-byte characters.
    func testContextEdgesMatchTheScalarReference() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "é", "가", "나다", "😀", "7", "\u{3000}"]
        for round in 0..<400 {
            let bytes = Array((0..<Int.random(in: 0...200, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            for _ in 0..<10 {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                let floor = Int.random(in: 0...position, using: &generator)
                let width = [96, 32, 8, 0].randomElement(using: &generator)!
                let characters = [64, 20, 1].randomElement(using: &generator)!
                let reach = width + [96, 40, 0].randomElement(using: &generator)!
                XCTAssertEqual(
                    pii_context_start(bytes, position, floor, width, characters, reach),
                    pii_context_start_scalar(bytes, position, floor, width, characters, reach), "round \(round)")
                XCTAssertEqual(
                    pii_context_end(bytes, bytes.count, position, width, characters, reach),
                    pii_context_end_scalar(bytes, bytes.count, position, width, characters, reach), "round \(round)")
            }
        }
    }

    /// A byte before `from` that blocks must clear the first position (windows resume mid-buffer).
    func testLastNewlineMatchesAPlainLoop() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                UInt8.random(in: 0...3, using: &generator) == 0 ? UInt8(0x0A) : UInt8.random(in: 0...255, using: &generator)
            }
            let from = Int.random(in: 0...bytes.count, using: &generator)
            let to = Int.random(in: from...bytes.count, using: &generator)
            let last: Int? = (from..<to).last(where: { bytes[$0] == 0x0A })
            let found: Int = bytes.withUnsafeBufferPointer { pii_last_newline($0.baseAddress, from, to) }
            XCTAssertEqual(found, last ?? -1)
        }
    }

    /// The substring search (first and last bytes 32 positions at a time) finds the first
    /// occurrence a plain loop finds, in any window, near its ends too.
    func testFindMatchesTheScalarReferenceAndAPlainLoop() {
        var generator = Generator(state: 42)
        let alphabet = Array("CTEce ".utf8)
        for _ in 0..<2000 {
            let bytes = (0..<generator.below(200)).map { _ in alphabet[generator.below(alphabet.count)] }
            let needle = [Array("CTCE".utf8), Array("CE".utf8), Array("C".utf8), Array("TCETC".utf8)][generator.below(4)]
            let from = generator.below(bytes.count + 1)
            let to = from + generator.below(bytes.count - from + 1)
            var expected = -1
            if to - from >= needle.count {
                for start in from...(to - needle.count) where Array(bytes[start..<(start + needle.count)]) == needle {
                    expected = start
                    break
                }
            }
            bytes.withUnsafeBufferPointer { buffer in
                XCTAssertEqual(pii_find(buffer.baseAddress, from, to, needle, needle.count), expected)
                XCTAssertEqual(pii_find_scalar(buffer.baseAddress, from, to, needle, needle.count), expected)
            }
        }
    }

    func testTheByteBeforeTheWindowCounts() {
        let bytes = Array("a1 1".utf8)
        var digits = Self.prepared(Set(UInt8(ascii: "0")...UInt8(ascii: "9")))
        var letters = Self.prepared(Set(UInt8(ascii: "a")...UInt8(ascii: "z")))
        var mask: [UInt64] = [0]
        pii_candidate_mask(bytes, 1, 4, &digits, &letters, &mask)
        XCTAssertEqual(mask, [0b100], "'1' after 'a' is blocked, '1' after ' ' is not")
        pii_candidate_mask(bytes, 0, 4, &digits, &letters, &mask)
        XCTAssertEqual(mask, [0b1000])
    }

    /// The encoded-value trigger search (`%`, `\\`, `&`, EF, `=`, `J`, `B`, and `:` after `"`) against a
    /// plain loop: from any position, forwards and backwards, across 4 KiB chunks and up to any cut.
    func testTriggerSearchFindsEveryTriggerInOrder() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let triggers: Set<UInt8> = [0x25, 0x5C, 0x26, 0xEF, 0x3D, 0x4A, 0x42]
        func isTrigger(_ bytes: [UInt8], _ position: Int) -> Bool {
            triggers.contains(bytes[position]) || (bytes[position] == 0x3A && position > 0 && bytes[position - 1] == 0x22)
        }
        for round in 0..<30 {
            let count = round < 5 ? 9000 + next(4000) : next(700) + 1
            // Sparse or dense triggers, so that words and whole chunks without one occur.
            let density = [3, 40, 5000][round % 3]
            let bytes = (0..<count).map { _ in
                next(density) == 0 ? [0x25, 0x5C, 0x26, 0xEF, 0x3D, 0x3A, 0x3A, 0x22][next(8)] : UInt8(0x41 + next(26))
            }
            let cut = round % 4 == 0 ? count : next(count + 1)
            bytes.withUnsafeBytes { subject in
                withUnsafePointer(to: UnitScanner.triggerBytes) { set in
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: UnitScanner.triggerChunk / 64) { masks in
                        var search = UnitScanner.TriggerSearch(subject: subject, cut: cut, triggers: set, masks: masks)
                        var queries = (0..<40).map { _ in next(count + 1) }
                        if round % 2 == 0 { queries.sort() }  // the scanner's order; the other rounds jump back too
                        for from in queries {
                            let expected = (from..<max(from, cut)).first { isTrigger(bytes, $0) }
                            XCTAssertEqual(search.first(from: from), expected, "round \(round), from \(from), cut \(cut)")
                        }
                    }
                }
            }
        }
    }

    func testTheLevelIsKnown() {
        XCTAssertTrue([0, 2].contains(pii_simd_level()), "level \(pii_simd_level())")
    }
}
