import Crypto
import PIIModel

/// Computes keyed fingerprints (`hmac-sha256:<hex>`) of normalised values, so reports,
/// baselines and merged shards can recognise a value without ever storing it.
public struct Fingerprinter: @unchecked Sendable {
    // SAFETY: `keyed` is never mutated; each call works on its own copy (HMAC is a value type).
    /// An HMAC already keyed (the key's inner and outer pads absorbed), copied per value.
    private let keyed: HMAC<SHA256>
    /// Names the key without revealing it (a MAC of a fixed label), so reports built with
    /// different keys are not merged by mistake.
    public let keyID: String
    /// Whether the key is random for this run.
    public let isEphemeral: Bool

    /// A fingerprinter with a fresh random key (fingerprints comparable within this run only).
    public static func random() -> Fingerprinter { Fingerprinter(key: SymmetricKey(size: .bits256), ephemeral: true) }

    /// A fingerprinter keyed by secret material (a key file's bytes or `PIISCAN_KEY`).
    /// The material is hashed to a 256-bit key, so any length works.
    public init(secret: [UInt8]) {
        self.init(key: SymmetricKey(data: SHA256.hash(data: secret)), ephemeral: false)
    }

    private init(key: SymmetricKey, ephemeral: Bool) {
        keyed = HMAC<SHA256>(key: key)
        isEphemeral = ephemeral
        let label = HMAC<SHA256>.authenticationCode(for: Array("piiscan key id v1".utf8), using: key)
        keyID = label.prefix(8).map { byte in
            String(Fingerprinter.hexDigits[Int(byte >> 4)]) + String(Fingerprinter.hexDigits[Int(byte & 0x0F)])
        }.joined()
    }

    private static let hexDigits = Array("0123456789abcdef")
    private static let hexBytes = Array("0123456789abcdef".utf8)

    /// The fingerprint of `canonical` in `category` (the category is part of the MAC input, so
    /// the same digits as a phone and as an account differ).
    public func fingerprint(category: Category, canonical: [UInt8]) -> String {
        var message = Array(category.rawValue.utf8)
        message.append(0)
        message += canonical
        var mac = keyed
        message.withUnsafeBytes { mac.update(data: $0) }  // one contiguous region: one hash update
        var text = Array("hmac-sha256:".utf8)
        // 128 bits are plenty to tell values apart and keep reports compact.
        for byte in mac.finalize().prefix(16) {
            text.append(Fingerprinter.hexBytes[Int(byte >> 4)])
            text.append(Fingerprinter.hexBytes[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
