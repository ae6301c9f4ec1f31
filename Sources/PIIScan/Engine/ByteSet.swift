import CScanKernels

extension pii_byte_set {
    /// The bytes for which `isMember` holds, prepared for the vector kernels (`CScanKernels`).
    init(_ isMember: (Int) -> Bool) {
        var bitmap = [UInt8](repeating: 0, count: 32)
        for byte in 0..<256 where isMember(byte) { bitmap[byte >> 3] |= UInt8(1) << UInt8(byte & 7) }
        self.init()
        pii_byte_set_prepare(&self, bitmap)
    }
}
