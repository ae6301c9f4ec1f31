import CCrypto
import PIIModel

/// Computes keyed fingerprints (`hmac-sha256:<hex>`) of normalised values, so reports,
/// baselines and merged shards can recognise a value without ever storing it.
///
/// HMAC-SHA-256 (RFC 2104) on OpenSSL's SHA-256: two hash states that have already absorbed the
/// key XOR ipad / opad block are copied per value (plain C structs, copied by value), so that
/// a fingerprint costs the two compressions of the message and the inner digest and nothing
/// else: no allocation, no reference counting, nothing shared between threads. Same MAC as any
/// HMAC-SHA-256 (tests check RFC 4231's vectors and a textbook HMAC over one-shot SHA-256).
public struct Fingerprinter: Sendable {
    private let inner: SHA256_CTX
    private let outer: SHA256_CTX
    /// The first 64 bits of the MAC of a fixed label, in hex: tells reports, baselines and
    /// state files made with different keys apart without revealing the key.
    public let keyID: String
    /// Whether the key is random for this run only (no `--key-file`/`PIISCAN_KEY`).
    public let isEphemeral: Bool

    /// A fingerprinter with a random key, for this run only.
    public static func random() -> Fingerprinter {
        var generator = SystemRandomNumberGenerator()
        return Fingerprinter(key: (0..<32).map { _ in generator.next() }, ephemeral: true)
    }

    /// A fingerprinter whose key is the SHA-256 of `secret` (a key file's bytes, `PIISCAN_KEY`).
    public init(secret: [UInt8]) {
        self.init(key: Fingerprinter.sha256(secret), ephemeral: false)
    }

    private init(key: [UInt8], ephemeral: Bool) {
        (inner, outer) = Fingerprinter.padStates(key: key)
        isEphemeral = ephemeral
        keyID = Fingerprinter.hex(Fingerprinter.mac(inner, outer, [Array("piiscan key id v1".utf8)]).prefix(8))
    }

    /// The fingerprint of `canonical` in `category` (the category is part of the MAC input, so
    /// the same digits as a phone and as an account differ).
    public func fingerprint(category: Category, canonical: [UInt8]) -> Fingerprint {
        // Message: category, a 0 byte, the canonical value.
        var name = category.rawValue
        return name.withUTF8 { name in
            canonical.withUnsafeBytes { value in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(SHA256_DIGEST_LENGTH)) { digest in
                    var hash = inner
                    SHA256_Update(&hash, name.baseAddress, name.count)
                    var zero: UInt8 = 0
                    SHA256_Update(&hash, &zero, 1)
                    SHA256_Update(&hash, value.baseAddress, value.count)
                    SHA256_Final(digest.baseAddress, &hash)
                    var mac = outer
                    SHA256_Update(&mac, digest.baseAddress, digest.count)
                    SHA256_Final(digest.baseAddress, &mac)
                    // 128 bits ("hmac-sha256:" and 32 hex digits): plenty to tell values apart.
                    let bytes = UnsafeRawBufferPointer(digest)
                    return Fingerprint(
                        macHigh: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                        low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                }
            }
        }
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        piiscan_sha256(bytes, bytes.count, &digest)
        return digest
    }

    /// HMAC-SHA-256 of the concatenation of `parts` with `key` (RFC 2104).
    static func hmac(key: [UInt8], _ parts: [[UInt8]]) -> [UInt8] {
        let (inner, outer) = padStates(key: key)
        return mac(inner, outer, parts)
    }

    /// The hash states after the key's inner and outer pad blocks.
    private static func padStates(key: [UInt8]) -> (inner: SHA256_CTX, outer: SHA256_CTX) {
        var padded = key.count > 64 ? sha256(key) : key
        padded += [UInt8](repeating: 0, count: 64 - padded.count)
        func absorbing(_ pad: UInt8) -> SHA256_CTX {
            var state = SHA256_CTX()
            SHA256_Init(&state)
            let block = padded.map { $0 ^ pad }
            SHA256_Update(&state, block, block.count)
            return state
        }
        return (absorbing(0x36), absorbing(0x5C))
    }

    private static func mac(_ inner: SHA256_CTX, _ outer: SHA256_CTX, _ parts: [[UInt8]]) -> [UInt8] {
        var hash = inner
        for part in parts { SHA256_Update(&hash, part, part.count) }
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        SHA256_Final(&digest, &hash)
        var mac = outer
        SHA256_Update(&mac, digest, digest.count)
        SHA256_Final(&digest, &mac)
        return digest
    }

    private static let hexBytes = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(hexBytes[Int(byte >> 4)])
            text.append(hexBytes[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The same fingerprint computed the textbook way, `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))` with
    /// one-shot SHA-256 over whole buffers, for a fingerprinter made with ``init(secret:)``, as
    /// text (reference for tests).
    static func referenceFingerprint(secret: [UInt8], category: Category, canonical: [UInt8]) -> String {
        var key = sha256(secret)
        key += [UInt8](repeating: 0, count: 64 - key.count)
        let message = Array(category.rawValue.utf8) + [0] + canonical
        let innerDigest = sha256(key.map { $0 ^ 0x36 } + message)
        return "hmac-sha256:" + hex(sha256(key.map { $0 ^ 0x5C } + innerDigest).prefix(16))
    }
}
