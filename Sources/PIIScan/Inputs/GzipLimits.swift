/// Bounds on gzip decompression, so that a small archive that inflates to terabytes (a "gzip
/// bomb") cannot keep a scan busy for hours. Memory never depends on them (decompression
/// streams through a fixed buffer); they bound time and make the stop explicit.
public struct GzipLimits: Sendable, Equatable {
    /// Stop when the decompressed bytes exceed this many times the compressed bytes consumed,
    /// once more than ``ratioAfterBytes`` were produced. Deflate cannot exceed about 1032:1, and
    /// real logs compress 5–50:1 (very repetitive ones a few hundred), so 1000:1 is nearly pure
    /// runs of one byte. `nil`: no ratio limit.
    public var maxRatio: Int64? = 1000
    /// The ratio is checked only after this many decompressed bytes (small streams of zeros are
    /// harmless and common, e.g. padding).
    public var ratioAfterBytes: Int64 = 64 << 20
    /// Stop after this many decompressed bytes per input, whatever the ratio. `nil`: no cap.
    public var maxBytes: Int64? = 64 << 30

    public init() {}

    /// Why decompression must stop after `produced` bytes from `consumed` compressed bytes, or
    /// `nil` while within the limits. `noun`: what the message calls the stream (a ZIP member's
    /// deflate stream is bounded by the same limits).
    func violation(produced: Int64, consumed: Int64, noun: String = "gzip stream") -> String? {
        if let maxBytes, produced > maxBytes {
            return "\(noun) exceeds the size limit of \(maxBytes) decompressed bytes (--gzip-max-size); decompression stopped"
        }
        if let maxRatio, produced > ratioAfterBytes, produced > maxRatio * max(1, consumed) {
            return "\(noun) exceeds the compression ratio limit of \(maxRatio):1 after \(produced) decompressed bytes from \(consumed) compressed (a gzip bomb?) (--gzip-max-ratio); decompression stopped"
        }
        return nil
    }
}
