import Crypto
import Foundation
import PIIModel

/// Computes keyed fingerprints (`hmac-sha256:<hex>`) of normalised values, so reports,
/// baselines and merged shards can recognise a value without ever storing it.
public struct Fingerprinter: Sendable {
    private let keyBytes: [UInt8]

    /// A fingerprinter with a fresh random key (fingerprints comparable within this run only).
    public static func random() -> Fingerprinter {
        Fingerprinter(keyBytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// A fingerprinter keyed by secret material (a key file's bytes or `PIISCAN_KEY`).
    /// The material is hashed to a 256-bit key, so any length works.
    public init(secret: [UInt8]) {
        keyBytes = Array(SHA256.hash(data: secret))
    }

    private init(keyBytes: [UInt8]) { self.keyBytes = keyBytes }

    /// The fingerprint of `canonical` in `category` (the category is part of the MAC input, so
    /// the same digits as a phone and as an account differ).
    public func fingerprint(category: Category, canonical: [UInt8]) -> String {
        var message = Array(category.rawValue.utf8)
        message.append(0)
        message += canonical
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))
        // 128 bits are plenty to tell values apart and keep reports compact.
        return "hmac-sha256:" + mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
