import PIIModel
import XCTest

@testable import PIIScan

/// The hand-rolled HMAC (precomputed pad states, raw-buffer updates) must equal swift-crypto's
/// `HMAC<SHA256>`, and the per-worker cache must not change any fingerprint.
final class FingerprinterTests: XCTestCase {
    func testFingerprintEqualsSwiftCryptoHMAC() {
        let secrets: [[UInt8]] = [Array("test-key".utf8), [], [UInt8](repeating: 0xA5, count: 200)]
        let values: [[UInt8]] = [
            [], Array("9001011234568".utf8), Array("+821023456789".utf8), Array("hong.gildong@naver.com".utf8),
            [UInt8](repeating: 0x37, count: 55), [UInt8](repeating: 0x38, count: 56), [UInt8](repeating: 0x39, count: 64),
            Array((0...255).map(UInt8.init)),
        ]
        for secret in secrets {
            let fingerprinter = Fingerprinter(secret: secret)
            // A scanner thread's own copy (hash states not shared) hashes alike, also after the
            // original and it have both been used.
            let unshared = fingerprinter.unshared()
            for category in [Category.rrn, Category.phone, Category("x")] {
                for value in values {
                    let expected = Fingerprinter.referenceFingerprint(secret: secret, category: category, canonical: value)
                    XCTAssertEqual(fingerprinter.fingerprint(category: category, canonical: value).description, expected)
                    XCTAssertEqual(unshared.fingerprint(category: category, canonical: value).description, expected)
                    XCTAssertEqual(unshared.unshared().fingerprint(category: category, canonical: value).description, expected)
                    XCTAssertEqual(expected.count, 44)
                }
            }
            XCTAssertEqual(unshared.keyID, fingerprinter.keyID)
        }
        XCTAssertNotEqual(
            Fingerprinter(secret: Array("a".utf8)).fingerprint(category: .rrn, canonical: Array("1".utf8)),
            Fingerprinter(secret: Array("b".utf8)).fingerprint(category: .rrn, canonical: Array("1".utf8)))
    }

    func testCacheGivesTheSameFingerprintsAcrossEvictions() {
        let fingerprinter = Fingerprinter(secret: Array("test-key".utf8))
        var cache = FingerprintCache()
        for round in 0..<3 {
            for number in stride(from: 0, to: FingerprintCache.capacity + 500, by: 7) {
                let value = Array(String(number).utf8)
                XCTAssertEqual(
                    cache.fingerprint(fingerprinter, category: .phone, canonical: value),
                    fingerprinter.fingerprint(category: .phone, canonical: value), "round \(round), value \(number)")
            }
        }
        XCTAssertNotEqual(
            cache.fingerprint(fingerprinter, category: .phone, canonical: Array("1".utf8)),
            cache.fingerprint(fingerprinter, category: .rrn, canonical: Array("1".utf8)))

        // Values that share prefixes, differ only past 8 bytes or in their last byte, the empty
        // value, long values, the same bytes under several categories — asked in a random
        // order, many times each (hits and misses), across evictions.
        var values: [[UInt8]] = [[], [0], [0, 0], Array("12".utf8), Array("123".utf8), Array("12345678".utf8),
                                 Array("123456789".utf8), Array("123456780".utf8), Array(repeating: 7, count: 300)]
        for number in 0..<700 { values.append(Array("010-\(number % 10_000)-\(number)@example.com".utf8)) }
        let categories: [PIIModel.Category] = [.phone, .rrn, .email, .phone.masked, PIIModel.Category("custom-id")]
        var state: UInt64 = 3
        for step in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = values[Int(state >> 33) % values.count]
            let category = categories[Int(state >> 20) % categories.count]
            let cached = cache.fingerprint(fingerprinter, category: category, canonical: value)
            if cached != fingerprinter.fingerprint(category: category, canonical: value) {
                XCTFail("step \(step): \(category) \(value.count) bytes")
                break
            }
        }
    }
}
