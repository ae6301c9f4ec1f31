import XCTest

@testable import PIIModel

/// `Fingerprint` keeps a MAC as two words and writes its text on demand: the text, equality,
/// hashing and order must be those of the text it stands for.
final class FingerprintTests: XCTestCase {
    private func randomMACText(_ generator: inout SystemRandomNumberGenerator) -> String {
        "hmac-sha256:" + String((0..<32).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }

    func testMACTextRoundTripsThroughTheWords() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = randomMACText(&generator)
            let fingerprint = Fingerprint(text)
            XCTAssertTrue(fingerprint.isMAC, text)
            XCTAssertEqual(fingerprint.description, text)
            XCTAssertEqual(fingerprint.withText { Array($0) }, Array(text.utf8))
            XCTAssertEqual(fingerprint.leadingBits, UInt64(text.dropFirst(12).prefix(16), radix: 16))
        }
        let words = Fingerprint(macHigh: 0x0123_4567_89AB_CDEF, low: 0x00FF)
        XCTAssertEqual(words.description, "hmac-sha256:0123456789abcdef00000000000000ff")
        XCTAssertEqual(words, Fingerprint("hmac-sha256:0123456789abcdef00000000000000ff"))
    }

    func testOtherTextIsKeptAsItIs() {
        for text in [
            "", "fp1", "hmac-sha256:00", "hmac-sha256:0123456789ABCDEF0123456789abcdef",  // upper case
            "hmac-sha256:0123456789abcdef0123456789abcdef0",  // 33 digits
            "sha1:0123456789abcdef0123456789abcdef", "hmac-sha256:\"quoted\"",
        ] {
            let fingerprint = Fingerprint(text)
            XCTAssertFalse(fingerprint.isMAC, text)
            XCTAssertEqual(fingerprint.description, text)
            XCTAssertEqual(fingerprint.withText { Array($0) }, Array(text.utf8))
        }
        XCTAssertEqual(Fingerprint("sha1:0123456789abcdef99").leadingBits, 0x0123_4567_89AB_CDEF)
        XCTAssertNil(Fingerprint("hmac-sha256:0123456789abcde").leadingBits, "15 digits")
    }

    func testEqualityHashAndOrderFollowTheText() {
        var generator = SystemRandomNumberGenerator()
        var texts = (0..<200).map { _ in randomMACText(&generator) }
        texts += ["fp1", "hmac-sha256:00", "zzz", "hmac-sha256:FFFF", texts[0], texts[1]]
        for a in texts {
            for b in texts.prefix(40) {
                let (x, y) = (Fingerprint(a), Fingerprint(b))
                XCTAssertEqual(x == y, a == b, "\(a) \(b)")
                XCTAssertEqual(x < y, a < b, "\(a) \(b)")
                if a == b { XCTAssertEqual(x.hashValue, y.hashValue) }
            }
        }
        XCTAssertEqual(Set(texts.map { Fingerprint($0) }).count, Set(texts).count)
    }
}
