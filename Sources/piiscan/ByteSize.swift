import ArgumentParser

/// A byte count on the command line: `1048576`, `512K`, `64M`, `16G`, `1T` (binary units).
struct ByteSize: ExpressibleByArgument, Equatable {
    var bytes: Int64

    init(bytes: Int64) { self.bytes = bytes }

    init?(argument: String) {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") || text.hasSuffix("B") { text = text.dropLast(text.hasSuffix("IB") ? 2 : 1) }
        var multiplier: Int64 = 1
        if let last = text.last, let unit = units[last] {
            multiplier = unit
            text = text.dropLast()
        }
        guard let value = Int64(text), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }

    /// `64G` rather than a raw byte count in `--help`.
    var defaultValueDescription: String {
        for (suffix, unit) in [("T", Int64(1) << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)"
    }
}
