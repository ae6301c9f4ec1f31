import XCTest

@testable import PIIScan

/// ``HandoffBatch`` moves values in and out: each value leaves exactly once, in order, and a
/// batch dropped before (or while) being drained releases what it still holds, and nothing more.
final class HandoffBatchTests: XCTestCase {
    /// Counts live instances, so that a value released twice or never shows up.
    private final class Tracked {
        nonisolated(unsafe) static var live = 0
        let number: Int
        init(_ number: Int) {
            self.number = number
            Tracked.live += 1
        }
        deinit { Tracked.live -= 1 }
    }

    override func setUp() {
        Tracked.live = 0
    }

    func testValuesLeaveOnceInOrderAndTheBatchKeepsNone() {
        var received: [Tracked] = []
        do {
            let batch = HandoffBatch<Tracked>(capacity: 5)
            XCTAssertTrue(batch.isEmpty)
            for number in 0..<5 { batch.append(Tracked(number)) }
            XCTAssertTrue(batch.isFull)
            XCTAssertEqual(batch.count, 5)
            batch.moveAll { received.append($0) }
            batch.moveAll { _ in XCTFail("a value left twice") }
            XCTAssertEqual(Tracked.live, 5)
        }
        XCTAssertEqual(received.map(\.number), [0, 1, 2, 3, 4])
        XCTAssertEqual(Tracked.live, 5, "the drained batch released values it no longer owns")
        received.removeAll()
        XCTAssertEqual(Tracked.live, 0)
    }

    func testAnUndrainedBatchReleasesWhatItHolds() {
        do {
            let batch = HandoffBatch<Tracked>(capacity: 8)
            for number in 0..<3 { batch.append(Tracked(number)) }
            XCTAssertFalse(batch.isFull)
            XCTAssertEqual(Tracked.live, 3)
        }
        XCTAssertEqual(Tracked.live, 0, "values of a dropped batch leaked")
    }

    func testValuesAppendedAfterADrainLeaveNextTime() {
        var received: [Int] = []
        do {
            let batch = HandoffBatch<Tracked>(capacity: 4)
            batch.append(Tracked(1))
            batch.append(Tracked(2))
            batch.moveAll { received.append($0.number) }
            batch.append(Tracked(3))
            XCTAssertEqual(Tracked.live, 1)
            batch.moveAll { received.append($0.number) }
            batch.append(Tracked(4))  // never drained: released with the batch
        }
        XCTAssertEqual(received, [1, 2, 3])
        XCTAssertEqual(Tracked.live, 0)
    }
}
