import PIIModel
import XCTest

@testable import PIIScan

final class ShardingTests: XCTestCase {
    private func entries(_ count: Int, seed: UInt64) -> [WalkEntry] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var result: [WalkEntry] = []
        for index in 0..<count {
            switch next() % 10 {
            case 0: result.append(.issue(InputIssue(kind: .error, path: "missing/\(index)", message: "cannot open")))
            case 1: result.append(.file(path: "data/\(index).log", size: 0))
            default: result.append(.file(path: "data/\(index).log", size: Int64(next() % 1_000_000)))
            }
        }
        return result
    }

    /// Every entry is in exactly one shard, for any shard count.
    func testShardsPartitionTheEntries() {
        let all = entries(500, seed: 7)
        for count in [1, 2, 3, 7, 64, 600] {
            var union: [WalkEntry] = []
            for index in 0..<count { union += Sharding.select(all, shard: Shard(index: index, count: count)) }
            XCTAssertEqual(union.count, all.count, "\(count) shards")
            XCTAssertEqual(Set(union.map { "\($0)" }), Set(all.map { "\($0)" }), "\(count) shards")
        }
    }

    /// The assignment depends on the entries, not on their order; a shard keeps walk order.
    func testAssignmentIsDeterministicAndOrderIndependent() {
        let all = entries(200, seed: 11)
        let shuffled = Array(all.reversed())
        let forward = Dictionary(uniqueKeysWithValues: zip(all.map { "\($0)" }, Sharding.assign(all, shards: 5)))
        let backward = Dictionary(uniqueKeysWithValues: zip(shuffled.map { "\($0)" }, Sharding.assign(shuffled, shards: 5)))
        XCTAssertEqual(forward, backward)
        let shard = Sharding.select(all, shard: Shard(index: 2, count: 5))
        XCTAssertEqual(shard, all.filter { forward["\($0)"] == 2 })
        // Unsized entries go by the hash of their path (FNV-1a), the same everywhere.
        XCTAssertEqual(Sharding.bucket("missing/0", 1), 0)
        XCTAssertEqual(Sharding.bucket("", 7), Int(0xCBF2_9CE4_8422_2325 as UInt64 % 7))
    }

    /// Greedy largest-first keeps the shards within 4/3 of the ideal (and one big file alone).
    func testShardsAreBalancedBySize() {
        let all = entries(1000, seed: 3)
        let count = 8
        let assignment = Sharding.assign(all, shards: count)
        var loads = [Int64](repeating: 0, count: count)
        var total: Int64 = 0
        var largest: Int64 = 0
        for (entry, shard) in zip(all, assignment) {
            if case .file(_, let size) = entry {
                loads[shard] += size
                total += size
                largest = max(largest, size)
            }
        }
        XCTAssertLessThanOrEqual(loads.max()! - loads.min()!, largest)
        XCTAssertLessThanOrEqual(Double(loads.max()!), Double(total) / Double(count) * 4 / 3)
        let big = [WalkEntry.file(path: "big", size: 100), .file(path: "a", size: 10), .file(path: "b", size: 10)]
        XCTAssertEqual(Sharding.assign(big, shards: 2), [0, 1, 1])
    }

    func testShardParsing() {
        XCTAssertEqual(Shard(parsing: "0/4"), Shard(index: 0, count: 4))
        XCTAssertEqual(Shard(parsing: "3/4"), Shard(index: 3, count: 4))
        for bad in ["4/4", "-1/4", "1", "1/0", "a/2", "1/2/3", "", "/"] { XCTAssertNil(Shard(parsing: bad), bad) }
    }

    func testPathLists() {
        XCTAssertEqual(PathList.parse(Array("a\nb c\r\n\n-\n".utf8)), ["a", "b c", "./-"])
        XCTAssertEqual(PathList.parse(Array("a\nb\0c\r\0\0".utf8)), ["a\nb", "c\r"])
        XCTAssertEqual(PathList.parse([]), [])
    }
}
