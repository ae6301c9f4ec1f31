import PIIModel
import XCTest

@testable import PIIEstimate

/// HyperLogLog accuracy, exact merging of every sketch, and the serialised forms.
final class SketchTests: XCTestCase {
    func testHyperLogLogIsWithinOnePercentOnAMillionValues() {
        var sketch = HyperLogLog()
        for value in 0..<1_000_000 { sketch.add(hash: splitMix(UInt64(value))) }
        let error = abs(sketch.estimate - 1_000_000) / 1_000_000
        XCTAssertLessThan(error, 0.01, "estimate \(sketch.estimate)")
    }

    func testHyperLogLogIsAccurateAcrossTheRange() {
        // Small cardinalities (where raw HyperLogLog is biased) and mid-range ones.
        for n in [1, 10, 1000, 50_000, 200_000] {
            var sketch = HyperLogLog()
            for value in 0..<n { sketch.add(hash: splitMix(UInt64(n * 7919 + value))) }
            let error = abs(sketch.estimate - Double(n)) / Double(n)
            XCTAssertLessThan(error, 0.02, "n = \(n): estimate \(sketch.estimate)")
        }
        XCTAssertEqual(HyperLogLog().estimate, 0)
    }

    func testHyperLogLogMergeIsTheUnion() {
        var a = HyperLogLog(), b = HyperLogLog(), whole = HyperLogLog()
        for value in 0..<300_000 {
            let hash = splitMix(UInt64(value))
            if value % 3 == 0 { a.add(hash: hash) } else { b.add(hash: hash) }
            if value % 5 == 0 { a.add(hash: hash) }  // overlap
            whole.add(hash: hash)
        }
        a.merge(b)
        XCTAssertTrue(a == whole)
    }

    func testDistinctSketchIsExactBelowCapacity() {
        var sketch = DistinctSketch(capacity: 1000)
        for value in 0..<600 {
            let hash = splitMix(UInt64(value))
            sketch.add(hash: hash)
            if value < 100 { sketch.add(hash: hash) }  // 100 values seen twice
            if value < 10 { sketch.add(hash: hash) }  // 10 of them three times
        }
        XCTAssertTrue(sketch.isExact)
        XCTAssertEqual(sketch.distinct, 600)
        XCTAssertEqual(sketch.occurrences, 710)
        XCTAssertEqual(sketch.frequencies.f1, 500)
        XCTAssertEqual(sketch.frequencies.f2, 90)
    }

    func testDistinctSketchBeyondCapacityEstimatesFrequencies() {
        var sketch = DistinctSketch(capacity: 4096)
        // 200,000 values: the first 50,000 seen twice, so f1 = 150,000 and f2 = 50,000.
        for value in 0..<200_000 {
            let hash = splitMix(UInt64(value) &+ 99)
            sketch.add(hash: hash)
            if value < 50_000 { sketch.add(hash: hash) }
        }
        XCTAssertFalse(sketch.isExact)
        XCTAssertLessThanOrEqual(sketch.sample.count, 4096)
        XCTAssertEqual(sketch.distinct, 200_000, accuracy: 2000)
        let (f1, f2) = sketch.frequencies
        XCTAssertEqual(f1, 150_000, accuracy: 9000)
        XCTAssertEqual(f2, 50_000, accuracy: 6000)
    }

    /// Beyond the capacity the counts are estimates, but never impossible ones: no more distinct
    /// values than occurrences, no more seen once than distinct (values nearly all seen once, as
    /// phone numbers in call records are, put an estimate on either side of the truth).
    func testDistinctSketchEstimatesAreNeverImpossible() {
        for seed in 0..<40 {
            var sketch = DistinctSketch(capacity: 256)
            let total = 300 + seed * 37
            for value in 0..<total { sketch.add(hash: splitMix(UInt64(seed * 1_000_003 + value))) }
            sketch.add(hash: splitMix(UInt64(seed * 1_000_003)))  // one value seen twice
            XCTAssertFalse(sketch.isExact)
            let (f1, f2) = sketch.frequencies
            XCTAssertLessThanOrEqual(sketch.distinct, Double(sketch.occurrences), "seed \(seed)")
            XCTAssertLessThanOrEqual(f1, sketch.distinct, "seed \(seed)")
            XCTAssertLessThanOrEqual(f1 + 2 * f2, Double(sketch.occurrences) + 1e-9, "seed \(seed)")
            XCTAssertGreaterThanOrEqual(sketch.distinct, Double(sketch.sample.count))
        }
    }

    /// Merging the sketches of shards gives the sketch of the whole input, in any order and
    /// grouping — exact and sampled alike.
    func testDistinctSketchMergeEqualsWholeScan() {
        for total in [500, 20_000] {
            var shards = [DistinctSketch](repeating: DistinctSketch(capacity: 2048), count: 3)
            var whole = DistinctSketch(capacity: 2048)
            for value in 0..<total {
                let hash = splitMix(UInt64(value % (total * 3 / 4)))  // some repeats
                shards[value % 3].add(hash: hash)
                whole.add(hash: hash)
            }
            var leftFirst = shards[0]
            leftFirst.merge(shards[1])
            leftFirst.merge(shards[2])
            var rightFirst = shards[1]
            rightFirst.merge(shards[2])
            var grouped = shards[0]
            grouped.merge(rightFirst)  // a + (b + c)
            var reversed = shards[2]
            reversed.merge(shards[1])
            reversed.merge(shards[0])
            // (Booleans, not XCTAssertEqual: a failure would print every hash.)
            XCTAssertTrue(leftFirst == whole, "total \(total)")
            XCTAssertTrue(grouped == whole, "total \(total)")
            XCTAssertTrue(reversed == whole, "total \(total)")
            XCTAssertEqual(whole.isExact, total == 500)
        }
    }

    func testLinkageJoinsRecordsAndIgnoresHubs() {
        var linkage = LinkageSketch()
        // Person A: phone 1 + mail 2 in one record, mail 2 + rrn 3 in another → one person.
        linkage.addRecord([1, 2])
        linkage.addRecord([2, 3])
        // Person B: phone 4 alone.
        linkage.addRecord([4])
        // A support number (5) appearing with 60 different customers' e-mails must not merge them.
        for customer in 0..<60 { linkage.addRecord([5, UInt64(100 + customer)]) }
        let components = linkage.components
        XCTAssertEqual(linkage.hubs, 1)
        XCTAssertEqual(components.d, 2 + 60)
        // Person A's identifiers occur in at most 2 records, B in one, each customer in one.
        XCTAssertEqual(components.f1, 61)
        XCTAssertEqual(components.f2, 1)
    }

    /// A node's partner list is sorted and holds each partner once, whether the node was new
    /// (the list is made in one go) or grew by inserts.
    func testPartnerListsAreSortedAndDistinct() {
        var linkage = LinkageSketch()
        linkage.addRecord([30, 10, 20])
        XCTAssertEqual(linkage.nodes[10]?.partners, [20, 30])
        XCTAssertEqual(linkage.nodes[30]?.partners, [10, 20])
        linkage.addRecord([10, 5, 20])
        XCTAssertEqual(linkage.nodes[10]?.partners, [5, 20, 30])
        XCTAssertEqual(linkage.nodes[10]?.records, 2)
        XCTAssertEqual(linkage.nodes[5]?.partners, [10, 20])
        // A single identifier gets an empty list; a later record fills it.
        linkage.addRecord([40])
        XCTAssertEqual(linkage.nodes[40]?.partners, [])
        linkage.addRecord([42, 40, 41])
        XCTAssertEqual(linkage.nodes[40]?.partners, [41, 42])
        // An identifier listed twice is one partner.
        linkage.addRecord([7, 9, 7, 8])
        XCTAssertEqual(linkage.nodes[9]?.partners, [7, 8])
        XCTAssertEqual(linkage.nodes[8]?.partners, [7, 9])
    }

    /// The exact component count (union–find over numbered identifiers) against a breadth-first
    /// walk of the same graph, on random records with chains, hubs and repeated identifiers.
    func testExactComponentsAgreeWithAGraphWalk() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        for round in 0..<20 {
            var linkage = LinkageSketch()
            let pool = (0..<(50 + 40 * round)).map { splitMix(UInt64($0 + 1000 * round)) }
            for _ in 0..<(pool.count * 2) {
                var record = Set<UInt64>()
                for _ in 0..<(1 + next(3)) { record.insert(pool[next(8) == 0 ? next(pool.count) : next(min(pool.count, 10 + round))]) }
                linkage.addRecord(Array(record))
            }
            XCTAssertTrue(linkage.isExact)
            // Reference: components of the non-hub identifiers, linked by their partner lists.
            var seen = Set<UInt64>()
            var d = 0.0, f1 = 0.0, f2 = 0.0
            for start in linkage.nodes.keys.sorted() where linkage.nodes[start]!.partners != nil && !seen.contains(start) {
                var queue = [start]
                seen.insert(start)
                var largest: UInt32 = 0
                while let node = queue.popLast() {
                    largest = max(largest, linkage.nodes[node]!.records)
                    for partner in linkage.nodes[node]!.partners! where linkage.nodes[partner]?.partners != nil {
                        if seen.insert(partner).inserted { queue.append(partner) }
                    }
                }
                d += 1
                if largest == 1 { f1 += 1 } else if largest == 2 { f2 += 1 }
            }
            let components = linkage.components
            XCTAssertEqual(components.d, d, "round \(round)")
            XCTAssertEqual(components.f1, f1, "round \(round)")
            XCTAssertEqual(components.f2, f2, "round \(round)")
            if round == 19 { XCTAssertGreaterThan(linkage.hubs, 0, "the frequent identifiers became hubs") }
        }
    }

    /// Weak values count as unattached only in records without a strong identifier, whatever
    /// the order of categories, including a category first seen in the middle of a record.
    func testUnattachedWeakValuesAreThoseOfRecordsWithoutAStrongIdentifier() {
        func finding(_ line: Int, _ category: Category, _ value: UInt64) -> Finding {
            Finding(
                path: "f", line: line, column: 1, offset: 0, length: 1, category: category, rule: "r", verdict: .plausible,
                confidence: 0.9, masked: "*", fingerprint: Fingerprint(macHigh: splitMix(value), low: 0))
        }
        let masked = Category("kr-phone-masked")
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for round in 0..<20 {
            var sketch = ExposureSketch()
            var expected: [Category: Set<UInt64>] = [:]
            for line in 1...200 {
                var record: [(Category, UInt64)] = []
                for _ in 0..<(1 + next() % 3) {
                    let pick = next() % 6
                    let category: Category = [.address, masked, .phone, .email, .address, .rrn][Int(pick)]
                    record.append((category, next() % 50))
                }
                // Early lines hold only weak values, so strong categories first appear mid-record.
                if line < 5 + round { record = record.filter { !ExposureSketch.strongCategories.contains($0.0) } }
                for (category, value) in record { sketch.add(finding(line, category, value)) }
                if !record.contains(where: { ExposureSketch.strongCategories.contains($0.0) }) {
                    for (category, value) in record { expected[category, default: []].insert(splitMix(value)) }
                }
            }
            sketch.finish()
            XCTAssertEqual(Set(sketch.unattachedWeak.keys), Set(expected.keys), "round \(round)")
            for (category, values) in expected {
                XCTAssertEqual(sketch.unattachedWeak[category]?.distinct, Double(values.count), "round \(round) \(category)")
            }
        }
    }

    func testLinkageMergeEqualsWholeScan() {
        for capacity in [1 << 17, 64] {
            var whole = LinkageSketch(capacity: capacity)
            var shards = [LinkageSketch](repeating: LinkageSketch(capacity: capacity), count: 2)
            for person in 0..<400 {
                let phone = splitMix(UInt64(person)), mail = splitMix(UInt64(person) + 1_000_000)
                let records: [[UInt64]] = person % 4 == 0 ? [[phone], [phone, mail]] : [[phone, mail]]
                for (index, record) in records.enumerated() {
                    whole.addRecord(record)
                    shards[(person + index) % 2].addRecord(record)
                }
            }
            var merged = shards[1]
            merged.merge(shards[0])
            XCTAssertTrue(merged == whole, "capacity \(capacity)")
            XCTAssertEqual(whole.isExact, capacity > 64)
            XCTAssertEqual(whole.components.d, 400, accuracy: capacity > 64 ? 0 : 200)
        }
    }

    func testSketchesRoundTripThroughTheCodec() throws {
        var distinct = DistinctSketch(capacity: 256)
        for value in 0..<5000 { distinct.add(hash: splitMix(UInt64(value))) }
        XCTAssertFalse(distinct.isExact)
        let decoded = try SketchCodec.decodeDistinct(SketchCodec.base64Decode(SketchCodec.base64(SketchCodec.encode(distinct))))
        XCTAssertTrue(decoded == distinct)
        var linkage = LinkageSketch()
        linkage.addRecord([1, 2, 3])
        for customer in 0..<55 { linkage.addRecord([9, UInt64(1000 + customer)]) }
        XCTAssertTrue(try SketchCodec.decodeLinkage(SketchCodec.encode(linkage)) == linkage)
        for length in 0..<6 {
            let bytes = (0..<length).map { UInt8($0 * 40) }
            XCTAssertEqual(try SketchCodec.base64Decode(SketchCodec.base64(bytes)), bytes)
        }
        XCTAssertEqual(SketchCodec.base64(Array("foobar".utf8)), "Zm9vYmFy")
        // Damaged input is rejected, never trusted.
        var damaged = SketchCodec.encode(distinct)
        damaged.removeLast(10)
        XCTAssertThrowsError(try SketchCodec.decodeDistinct(damaged))
        XCTAssertThrowsError(try SketchCodec.base64Decode("@@@@"))
        XCTAssertThrowsError(try SketchCodec.decodeLinkage(Array("DS1".utf8)))
    }

    /// Summaries of shards merge into the summary of the whole scan, and refuse other keys.
    func testSummaryMergeChecksKeys() {
        var a = ScanSummary(), b = ScanSummary()
        a.keyID = "k1"
        b.keyID = "k2"
        XCTAssertThrowsError(try a.merge(b))
        b.keyID = "k1"
        b.keyIsEphemeral = true
        XCTAssertThrowsError(try a.merge(b))
        b.keyIsEphemeral = false
        a.add(finding(.phone, "p1", record: "x"))
        b.add(finding(.phone, "p1", record: "y"))
        b.complete = false
        XCTAssertNoThrow(try a.merge(b))
        XCTAssertEqual(a.counts[.phone], 2)
        XCTAssertEqual(a.exposure.categories[.phone]?.distinct, 1)
        XCTAssertFalse(a.complete)
    }

    /// A record holding many strong identifiers (a JSON array of customers on one line) counts
    /// each once, repeats included, as a short record does: past 32 identifiers the record's
    /// list is deduplicated through a set.
    func testLargeRecordsCountEachIdentifierOnce() {
        func finding(_ line: Int, _ value: UInt64) -> Finding {
            Finding(
                path: "f", line: line, column: 1, offset: 0, length: 1, category: .phone, rule: "r", verdict: .plausible,
                confidence: 0.9, masked: "*", fingerprint: Fingerprint(macHigh: splitMix(value), low: 0))
        }
        for size in [5, 31, 32, 33, 500] {
            var sketch = ExposureSketch()
            // Line 1: `size` identifiers, each twice; line 2: the first of them again.
            for value in 0..<size { sketch.add(finding(1, UInt64(value))) }
            for value in 0..<size { sketch.add(finding(1, UInt64(value))) }
            sketch.add(finding(2, 0))
            sketch.finish()
            XCTAssertEqual(sketch.categories[.phone]?.distinct, Double(size), "size \(size)")
            // Every identifier is in one record, the first in two: f1 and f2 count components by
            // their largest record count, whether the big record was linked or not.
            let components = sketch.linkage.components
            XCTAssertEqual(components.f2, 1, "size \(size)")
            XCTAssertEqual(components.d, components.f1 + components.f2, "size \(size)")
        }
    }
}
