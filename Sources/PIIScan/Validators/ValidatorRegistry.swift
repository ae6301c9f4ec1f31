/// The built-in validators, by the name that rule files use in `validator = "…"`.
public enum ValidatorRegistry {
    /// Every validator name, in a stable order.
    public static let names: [String] = [
        "kr-rrn", "kr-rrn-split", "kr-rrn-masked", "kr-passport", "kr-driver-license", "kr-phone", "kr-phone-masked", "email",
        "email-iata", "email-masked", "kr-address", "kr-address-en", "credit-card", "credit-card-masked",
        "kr-bank-account", "kr-brn",
    ]

    /// The validator called `name`, or `nil` when there is none.
    public static func validator(named name: String) -> (any Validator)? {
        switch name {
        case "kr-rrn": RRNValidator()
        case "kr-rrn-split": RRNSplitValidator()
        case "kr-rrn-masked": RRNMaskedValidator()
        case "kr-passport": PassportValidator()
        case "kr-driver-license": DriverLicenseValidator()
        case "kr-phone": PhoneValidator()
        case "kr-phone-masked": PhoneMaskedValidator()
        case "email": EmailValidator()
        case "email-iata": EmailIATAValidator()
        case "email-masked": EmailMaskedValidator()
        case "kr-address": AddressValidator()
        case "kr-address-en": RomanizedAddressValidator()
        case "credit-card": CreditCardValidator()
        case "credit-card-masked": CreditCardMaskedValidator()
        case "kr-bank-account": BankAccountValidator()
        case "kr-brn": BRNValidator()
        default: nil
        }
    }
}
