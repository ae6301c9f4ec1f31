/// A stable category id such as `kr-rrn` or `kr-rrn-masked`.
///
/// Categories are open: user rules may introduce new ids. Ids ending in `-masked` denote masked
/// look-alikes (`900101-1******`), which are reported but never counted as exposures.
public struct Category: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether this is a masked look-alike category (never an exposure).
    public var isMasked: Bool {
        // Compared as bytes: `hasSuffix` compares by Unicode canonical equivalence, which for an
        // ASCII suffix gives the same answer at several times the cost (asked for every finding).
        let suffix: StaticString = "-masked"
        var name = rawValue
        return name.withUTF8 { utf8 in
            suffix.withUTF8Buffer { suffix in
                guard utf8.count >= suffix.count else { return false }
                let tail = utf8.count - suffix.count
                for index in 0..<suffix.count where utf8[tail + index] != suffix[index] { return false }
                return true
            }
        }
    }

    /// The category this one is a form of: `kr-rrn` for `kr-rrn-masked` and `kr-rrn-partial`,
    /// `kr-phone` for `kr-phone-safe` (what `--only`, per-category thresholds and `piiscan:allow`
    /// lists name); itself otherwise.
    public var base: Category {
        for suffix in ["-masked", "-partial", "-safe"] where rawValue.utf8.count > suffix.utf8.count && rawValue.hasSuffix(suffix) {
            return Category(String(rawValue.dropLast(suffix.count)))
        }
        return self
    }

    /// The masked counterpart of this category (`kr-rrn` → `kr-rrn-masked`).
    public var masked: Category { isMasked ? self : Category(rawValue + "-masked") }

    public static let rrn = Category("kr-rrn")
    /// A resident number with most of its secret back part visible (`900101-1234***`,
    /// `******-1234567`; spec §2.9 RRN_PARTIAL / RRN_BACK7): an exposure of its own category.
    public static let rrnPartial = Category("kr-rrn-partial")
    public static let frn = Category("kr-frn")
    public static let passport = Category("kr-passport")
    public static let driverLicense = Category("kr-driver-license")
    public static let phone = Category("kr-phone")
    /// A 050X "safe" number (안심번호, spec §5.1 PHONE_SAFE): a relay that platforms assign per
    /// order or listing and reuse, so it routes to a person but does not identify one. An
    /// exposure of its own category, and a weak value: it links no two identifiers into a person.
    public static let phoneSafe = Category("kr-phone-safe")
    public static let email = Category("email")
    public static let address = Category("kr-address")
    public static let creditCard = Category("credit-card")
    /// A bank account number (spec §8.2), reported only in an account's context.
    public static let bankAccount = Category("kr-bank-account")
    /// A sole proprietor's business registration number (spec §8.3 BRN_INDIVIDUAL).
    public static let brn = Category("kr-brn")

    /// The built-in exposure categories, in report order.
    public static let builtIn: [Category] = [
        .rrn, .frn, .passport, .driverLicense, .phone, .email, .address, .creditCard, .bankAccount, .brn,
    ]
}
