import Foundation
import PIIModel

/// Reads estimator inputs written by hand or by another tool, in the JSON shape of
/// kr-pii-spec.md §10.1 (`scan`, `categories`, `linkage`, `precision_audit`, `flags`,
/// `finance`), so what-if analyses and the spec's worked example run without a scan report.
public enum CountsFile {
    /// Why a counts file was rejected.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Spec names (`RRN`, `CARD_PAN` …) → piiscan category ids.
    static let categoryNames: [String: Category] = [
        "RRN": .rrn, "FRN": .frn, "PASSPORT": .passport, "DL": .driverLicense, "DRIVER_LICENSE": .driverLicense,
        "PHONE": .phone, "EMAIL": .email, "ADDRESS": .address, "CARD_PAN": .creditCard,
        "RRN_MASKED": Category.rrn.masked, "RRN_PARTIAL": .rrnPartial, "RRN_BACK7": .rrnPartial,
        "PHONE_MASKED": Category.phone.masked, "CARD_MASKED": Category.creditCard.masked, "PHONE_SAFE": .phoneSafe,
        "BANK_ACCOUNT": .bankAccount, "BRN_INDIVIDUAL": .brn, "BRN": .brn,
    ]

    /// The category a counts file names: a spec name or a piiscan id (a built-in category, its
    /// masked form, `kr-rrn-partial`). Anything else is refused: a misspelt `PHOEN` counted as
    /// nobody would make every duty "NO".
    static func category(named name: String) -> Category? {
        if let known = categoryNames[name] { return known }
        let category = Category(name)
        let known = Category.builtIn + Category.builtIn.map(\.masked) + [.rrnPartial, .phoneSafe]
        return known.contains(category) ? category : nil
    }

    /// The keys each section of a counts file may hold (a misspelt flag or revenue figure is an
    /// error, not a silent "no").
    static let flagNames: Set<String> = [
        "hacking_or_external_access", "insider", "auth_secrets_leaked", "sensitive_art23",
        "intent_or_gross_negligence", "repeat_violation_3y", "corrective_order_breach", "eu_data_subjects",
        "financial_company", "encrypted",
    ]
    static let financeNames: Set<String> = [
        "revenue_prev_fy_krw", "revenue_avg3_krw", "unrelated_revenue_share", "worldwide_turnover_eur", "fx_krw_per_usd",
    ]
    static let sectionNames: Set<String> = ["scan", "categories", "linkage", "precision_audit", "flags", "finance"]

    public static func parse(_ data: Data, today: String) throws(Failure) -> EstimateInput {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "not a JSON object (comments are not allowed)")
        }
        let scan = root["scan"] as? [String: Any] ?? [:]
        var input = EstimateInput(
            violationDate: scan["violation_date"] as? String ?? today, decisionDate: scan["decision_date"] as? String ?? today)
        for name in ["violation_date", "decision_date"] {
            if let date = scan[name] as? String, !EstimateDate.isValid(date) { throw Failure(description: "scan.\(name): not a date YYYY-MM-DD") }
        }
        if let fraction = number(scan["f"]) {
            guard fraction > 0, fraction <= 1 else { throw Failure(description: "scan.f must be in (0, 1]") }
            input.samplingFraction = fraction
        }
        for name in root.keys.sorted() where !sectionNames.contains(name) {
            throw Failure(description: "unknown section \"\(name)\" (known: \(sectionNames.sorted().joined(separator: ", ")))")
        }
        for (name, value) in (root["categories"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let category = category(named: name) else {
                throw Failure(description: "categories.\(name): unknown category (known: \(categoryNames.keys.sorted().joined(separator: ", ")), or a piiscan category id such as kr-phone)")
            }
            let sample = try counts(value, "categories.\(name)")
            if category.isMasked {
                // Masked look-alikes identify nobody by themselves, but each may be a person no
                // strong identifier covers: the upper bound counts them (spec T5), as a scan
                // counts the masked values of records without a strong identifier.
                input.weakUnattached += sample.d
            } else {
                input.categories[category] = sample
            }
        }
        if let linkage = root["linkage"] as? [String: Any], let components = linkage["components"] {
            input.people = try counts(components, "linkage.components")
        }
        if let audit = root["precision_audit"] as? [String: Any] {
            // Int(exactly:), not Int(_:): a fraction or a huge number is an error, not a trap.
            guard let n = number(audit["n"]).flatMap({ Int(exactly: $0) }),
                let correct = number(audit["correct"]).flatMap({ Int(exactly: $0) }), n > 0,
                (0...n).contains(correct)
            else { throw Failure(description: "precision_audit needs 0 ≤ correct ≤ n, n > 0") }
            input.audit = (correct, n)
        }
        let flags = root["flags"] as? [String: Any] ?? [:]
        if let unknown = flags.keys.sorted().first(where: { !flagNames.contains($0) }) {
            throw Failure(description: "flags.\(unknown): unknown flag (known: \(flagNames.sorted().joined(separator: ", ")))")
        }
        func flag(_ name: String) -> Bool { flags[name] as? Bool ?? false }
        input.flags.hacking = flag("hacking_or_external_access")
        input.flags.insider = flag("insider")
        input.flags.authSecrets = flag("auth_secrets_leaked")
        input.flags.sensitive = flag("sensitive_art23")
        input.flags.intentOrGrossNegligence = flag("intent_or_gross_negligence")
        input.flags.repeatViolation = flag("repeat_violation_3y")
        input.flags.correctiveOrderBreach = flag("corrective_order_breach")
        input.flags.euDataSubjects = flag("eu_data_subjects")
        input.flags.financialCompany = flag("financial_company")
        input.flags.encrypted = flag("encrypted")
        let finance = root["finance"] as? [String: Any] ?? [:]
        if let unknown = finance.keys.sorted().first(where: { !financeNames.contains($0) }) {
            throw Failure(description: "finance.\(unknown): unknown figure (known: \(financeNames.sorted().joined(separator: ", ")))")
        }
        input.finance.revenuePreviousYearKRW = number(finance["revenue_prev_fy_krw"])
        input.finance.revenueThreeYearAverageKRW = number(finance["revenue_avg3_krw"])
        input.finance.unrelatedShare = number(finance["unrelated_revenue_share"]) ?? 0
        input.finance.worldwideTurnoverEUR = number(finance["worldwide_turnover_eur"])
        input.finance.fxKRWPerUSD = number(finance["fx_krw_per_usd"])
        let figures: [(String, Double?, Finance.Field)] = [
            ("revenue_prev_fy_krw", input.finance.revenuePreviousYearKRW, .revenueKRW),
            ("revenue_avg3_krw", input.finance.revenueThreeYearAverageKRW, .revenueKRW),
            ("unrelated_revenue_share", input.finance.unrelatedShare, .share),
            ("worldwide_turnover_eur", input.finance.worldwideTurnoverEUR, .turnoverEUR),
            ("fx_krw_per_usd", input.finance.fxKRWPerUSD, .fxKRWPerUSD),
        ]
        for (name, value, field) in figures {
            if let value, let problem = Finance.problem(value, for: field) { throw Failure(description: "finance.\(name) \(problem)") }
        }
        return input
    }

    private static func counts(_ value: Any, _ path: String) throws(Failure) -> SampleCounts {
        guard let object = value as? [String: Any], let d = number(object["d"]), d >= 0 else {
            throw Failure(description: "\(path): needs a number \"d\"")
        }
        // Without frequencies the values are taken as seen once (the scale-up case).
        let f1 = number(object["f1"]) ?? d, f2 = number(object["f2"]) ?? 0
        guard f1 >= 0, f2 >= 0, f1 + f2 <= d else { throw Failure(description: "\(path): need 0 ≤ f1 + f2 ≤ d") }
        return SampleCounts(d: d, f1: f1, f2: f2)
    }

    private static func number(_ value: Any?) -> Double? {
        // Not `value is Bool`: in this Foundation every NSNumber 0 or 1 passes that test, so
        // `"f2": 0` or `"fx_krw_per_usd": 0` was silently ignored. JSON booleans have type "c".
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number.doubleValue
    }
}
