import XCTest

@testable import PIIReport

/// The eight-bytes-at-a-time check of `appendQuoted`'s fast path against a plain byte loop.
final class JSONEscapeCheckTests: XCTestCase {
    func testWordCheckAgreesWithByteLoop() {
        let special: [UInt8] = [0x00, 0x01, 0x1F, 0x22, 0x5C, 0x7F, 0xE2]
        let ordinary: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x80, 0xE1, 0xE3, 0xEA, 0xFF, 0x41, 0x30]
        var generator = SystemRandomNumberGenerator()
        var plainSeen = 0
        for _ in 0..<20_000 {
            var bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in ordinary.randomElement(using: &generator)! }
            if !bytes.isEmpty, Bool.random(using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = special.randomElement(using: &generator)!
            }
            let expected = !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }
            if expected { plainSeen += 1 }
            bytes.withUnsafeBufferPointer { XCTAssertEqual(JSONWriter.needsNoEscaping($0), expected, "\(bytes)") }
        }
        XCTAssertGreaterThan(plainSeen, 1000)
    }
}
