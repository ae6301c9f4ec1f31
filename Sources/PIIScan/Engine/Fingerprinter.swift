import Crypto
import PIIModel

/// Computes keyed fingerprints (`hmac-sha256:<hex>`) of normalised values, so reports,
/// baselines and merged shards can recognise a value without ever storing it.
public struct Fingerprinter: @unchecked Sendable {
    // SAFETY: `inner` and `outer` change only in `unshared()`, on its own copy; each call hashes
    // on its own copy of them (SHA256 is a copy-on-write value type).
    /// HMAC-SHA-256 (RFC 2104) done by hand on swift-crypto's SHA-256, so that the hot path feeds
    /// raw buffers (`HMAC.update` goes through a generic `DataProtocol` path that costs more than
    /// the hashing): SHA-256 states that have already absorbed the key XOR ipad / opad block,
    /// copied per value. Same MAC as `HMAC<SHA256>` (a test compares them).
    private var inner: SHA256
    private var outer: SHA256
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
        var padded = key.withUnsafeBytes { Array($0) }
        if padded.count > 64 { padded = Array(SHA256.hash(data: padded)) }
        padded += [UInt8](repeating: 0, count: 64 - padded.count)
        var inner = SHA256()
        inner.update(data: padded.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: padded.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
        isEphemeral = ephemeral
        let label = HMAC<SHA256>.authenticationCode(for: Array("piiscan key id v1".utf8), using: key)
        keyID = label.prefix(8).map { byte in
            String(Fingerprinter.hexDigits[Int(byte >> 4)]) + String(Fingerprinter.hexDigits[Int(byte & 0x0F)])
        }.joined()
    }

    /// The same key with hash states of its own. The states are reference-counted objects that
    /// every copy of a fingerprinter shares, and each ``fingerprint(category:canonical:)`` copies
    /// them: threads that fingerprint many values would contend for their reference counts, so
    /// each scanner thread works on its own copy.
    public func unshared() -> Fingerprinter {
        var copy = self
        // An update of a copy gives it its own state (copy-on-write), even with nothing to add.
        copy.inner.update(bufferPointer: UnsafeRawBufferPointer(start: nil, count: 0))
        copy.outer.update(bufferPointer: UnsafeRawBufferPointer(start: nil, count: 0))
        return copy
    }

    private static let hexDigits = Array("0123456789abcdef")
    private static let hexBytes = Array("0123456789abcdef".utf8)

    /// The fingerprint of `canonical` in `category` (the category is part of the MAC input, so
    /// the same digits as a phone and as an account differ).
    public func fingerprint(category: Category, canonical: [UInt8]) -> Fingerprint {
        // Message: category, a 0 byte, the canonical value.
        var hash = inner
        var name = category.rawValue
        name.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { hash.update(bufferPointer: $0) }
        canonical.withUnsafeBytes { hash.update(bufferPointer: $0) }
        let innerDigest = hash.finalize()
        var mac = outer
        innerDigest.withUnsafeBytes { mac.update(bufferPointer: $0) }
        let digest = mac.finalize()
        // 128 bits ("hmac-sha256:" and 32 hex digits): plenty to tell values apart, and compact.
        return digest.withUnsafeBytes { bytes in
            Fingerprint(
                macHigh: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// The same fingerprint through swift-crypto's `HMAC`, for a fingerprinter made with
    /// ``init(secret:)``, as text (reference for tests).
    static func referenceFingerprint(secret: [UInt8], category: Category, canonical: [UInt8]) -> String {
        var message = Array(category.rawValue.utf8)
        message.append(0)
        message += canonical
        let key = SymmetricKey(data: SHA256.hash(data: secret))
        var text = Array("hmac-sha256:".utf8)
        for byte in HMAC<SHA256>.authenticationCode(for: message, using: key).prefix(16) {
            text.append(hexBytes[Int(byte >> 4)])
            text.append(hexBytes[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
