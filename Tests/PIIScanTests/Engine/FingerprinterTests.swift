import PIIModel
import XCTest

@testable import PIIScan

/// The HMAC on copied pad states must be HMAC-SHA-256 (RFC 4231's vectors; a textbook HMAC over
/// one-shot SHA-256; a value pinned from Python's `hmac`), and the per-worker cache must not
/// change any fingerprint.
final class FingerprinterTests: XCTestCase {
    func testHMACMatchesRFC4231() {
        let cases: [(key: [UInt8], data: String, mac: String)] = [
            ([UInt8](repeating: 0x0B, count: 20), "Hi There",
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), "what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            // A key longer than the block is hashed first.
            ([UInt8](repeating: 0xAA, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ]
        for (key, data, mac) in cases {
            XCTAssertEqual(Fingerprinter.hex(Fingerprinter.hmac(key: key, [Array(data.utf8)])), mac)
            // The message may come in parts.
            let bytes = Array(data.utf8)
            XCTAssertEqual(Fingerprinter.hex(Fingerprinter.hmac(key: key, [Array(bytes[..<3]), [], Array(bytes[3...])])), mac)
        }
    }

    /// Fingerprints and key ids in reports, baselines and state files of earlier versions stay
    /// valid: values computed with Python's `hmac` and `hashlib` (key = SHA-256 of the secret).
    func testFingerprintAndKeyIDArePinned() {
        let fingerprinter = Fingerprinter(secret: Array("test-key".utf8))
        XCTAssertEqual(
            fingerprinter.fingerprint(category: .rrn, canonical: Array("9001011234568".utf8)).description,
            "hmac-sha256:70641486002df4dd628dbfc6102baab7")
        XCTAssertEqual(fingerprinter.keyID, "2066330d0ac9727a")
        XCTAssertEqual(
            Fingerprinter.hex(Fingerprinter.sha256(Array("abc".utf8))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertNotEqual(Fingerprinter.random().keyID, Fingerprinter.random().keyID)
    }

    func testFingerprintEqualsTextbookHMAC() {
        let secrets: [[UInt8]] = [Array("test-key".utf8), [], [UInt8](repeating: 0xA5, count: 200)]
        let values: [[UInt8]] = [
            [], Array("9001011234568".utf8), Array("+821023456789".utf8), Array("hong.gildong@naver.com".utf8),
            [UInt8](repeating: 0x37, count: 55), [UInt8](repeating: 0x38, count: 56), [UInt8](repeating: 0x39, count: 64),
            Array((0...255).map(UInt8.init)),
        ]
        for secret in secrets {
            let fingerprinter = Fingerprinter(secret: secret)
            // A copy hashes alike, also after the original and it have both been used.
            let copy = fingerprinter
            for category in [Category.rrn, Category.phone, Category("x")] {
                for value in values {
                    let expected = Fingerprinter.referenceFingerprint(secret: secret, category: category, canonical: value)
                    XCTAssertEqual(fingerprinter.fingerprint(category: category, canonical: value).description, expected)
                    XCTAssertEqual(copy.fingerprint(category: category, canonical: value).description, expected)
                    XCTAssertEqual(expected.count, 44)
                }
            }
            XCTAssertEqual(copy.keyID, fingerprinter.keyID)
        }
        XCTAssertNotEqual(
            Fingerprinter(secret: Array("a".utf8)).fingerprint(category: .rrn, canonical: Array("1".utf8)),
            Fingerprinter(secret: Array("b".utf8)).fingerprint(category: .rrn, canonical: Array("1".utf8)))
    }

    /// Distinct values only: after a full table that served no hit, lookups go around the table
    /// for a while, then fill it again; recurring values keep it in use. Fingerprints are the
    /// same either way.
    func testCacheStepsAsideForValuesThatNeverRecur() {
        let fingerprinter = Fingerprinter(secret: Array("test-key".utf8))
        var cache = FingerprintCache()
        var bypassed = 0
        var firstBypass: Int?
        let total = FingerprintCache.capacity + FingerprintCache.bypassLength + 10
        for number in 0..<total {
            let value = Array("010\(10_000_000 + number)".utf8)
            XCTAssertEqual(
                cache.fingerprint(fingerprinter, category: .phone, canonical: value),
                fingerprinter.fingerprint(category: .phone, canonical: value), "value \(number)")
            if cache.bypassed {
                bypassed += 1
                if firstBypass == nil { firstBypass = number }
            }
        }
        // The value that found the table full is stored; the bypass starts with the next one.
        XCTAssertEqual(firstBypass, FingerprintCache.capacity + 1)
        XCTAssertEqual(bypassed, FingerprintCache.bypassLength)
        XCTAssertFalse(cache.bypassed, "the table is in use again after the bypass")

        // Values that recur (one in two lookups is a repeat) never make the cache step aside.
        var recurring = FingerprintCache()
        for number in 0..<(4 * FingerprintCache.capacity) {
            let value = Array("010\(10_000_000 + number / 2)".utf8)
            _ = recurring.fingerprint(fingerprinter, category: .phone, canonical: value)
            XCTAssertFalse(recurring.bypassed, "lookup \(number)")
        }
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
