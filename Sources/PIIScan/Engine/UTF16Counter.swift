/// Counts the UTF-16 code units of UTF-8 text fed to it in pieces (the bytes of a line before
/// a finding, for SARIF columns): one per character, two for a character outside the BMP (a
/// surrogate pair). Invalid bytes count as Swift's (and the WHATWG) decoder replaces them: one
/// U+FFFD per maximal invalid subpart (a stray continuation byte, a sequence cut short, a byte
/// that is never UTF-8); the count never decreases. A piece may end inside a character: the
/// state carries over to the next piece.
struct UTF16Counter: Equatable {
    /// Code units so far.
    private(set) var units: Int64 = 0
    /// Continuation bytes the current sequence still expects.
    private var pending: UInt8 = 0
    /// The range the next continuation byte must be in (narrower after E0, ED, F0, F4).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF
    /// Whether the current sequence started with a 4-byte lead (its second unit is counted when
    /// it completes).
    private var fourByte = false

    /// A counter that has already counted `units` units of complete characters.
    init(units: Int64 = 0) { self.units = units }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if pending > 0 {
                if byte >= low && byte <= high {
                    pending -= 1
                    (low, high) = (0x80, 0xBF)
                    if pending == 0 && fourByte { units += 1 }
                    continue
                }
                // The sequence ends here, invalid (its one U+FFFD is counted); `byte` starts anew.
                pending = 0
            }
            fourByte = false
            (low, high) = (0x80, 0xBF)
            units += 1
            switch byte {
            case 0xC2...0xDF: pending = 1
            case 0xE0: (pending, low) = (2, 0xA0)
            case 0xED: (pending, high) = (2, 0x9F)
            case 0xE1...0xEF: pending = 2
            case 0xF0: (pending, low, fourByte) = (3, 0x90, true)
            case 0xF4: (pending, high, fourByte) = (3, 0x8F, true)
            case 0xF1...0xF3: (pending, fourByte) = (3, true)
            default: break  // ASCII, or a byte that cannot start a character (one U+FFFD)
            }
        }
    }
}
