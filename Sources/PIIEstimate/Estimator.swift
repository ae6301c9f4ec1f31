import PIIModel

/// Penalty-severity tiers (kr-pii-spec.md §10.4).
public enum PenaltyTier: String, Sendable, CaseIterable {
    case verySerious = "very_serious"
    case serious
    case moderate
    case minor
}

/// Facts about an incident that the scan cannot know (all default to false).
public struct IncidentFlags: Sendable, Equatable {
    /// The data left through unlawful external access (hacking).
    public var hacking = false
    /// An insider leaked or misused the data.
    public var insider = false
    /// Authentication secrets (passwords, keys) were exposed too.
    public var authSecrets = false
    /// Sensitive information (Art. 23: health, beliefs, biometrics …) is involved.
    public var sensitive = false
    public var intentOrGrossNegligence = false
    /// A violation within the previous three years.
    public var repeatViolation = false
    /// The breach follows a failure to comply with a corrective order.
    public var correctiveOrderBreach = false
    /// Data subjects in the EU/EEA (GDPR applies).
    public var euDataSubjects = false
    /// The controller is a financial company (Credit Information Act channel).
    public var financialCompany = false
    /// The data were encrypted and the keys are safe (GDPR Art. 34 exception).
    public var encrypted = false

    public init() {}
}

/// Revenue and currency figures for the penalty model.
public struct Finance: Sendable, Equatable {
    /// Total revenue of the fiscal year before the decision, KRW.
    public var revenuePreviousYearKRW: Double?
    /// Average revenue of the three preceding fiscal years, KRW.
    public var revenueThreeYearAverageKRW: Double?
    /// Share of revenue unrelated to the violation (deducted), in [0, 1].
    public var unrelatedShare: Double = 0
    /// Worldwide annual turnover, EUR (GDPR caps).
    public var worldwideTurnoverEUR: Double?
    /// KRW per USD; `nil` takes the constants' default.
    public var fxKRWPerUSD: Double?

    public init() {}
}

extension Finance {
    /// The kinds of finance figure, each with the range it must lie in.
    public enum Field: Sendable {
        /// A revenue, KRW: 0 to 1e16 (₩10,000 trn, far above any company's revenue).
        case revenueKRW
        /// A turnover, EUR: 0 to 1e13.
        case turnoverEUR
        /// A share of revenue: 0 to 1.
        case share
        /// An exchange rate, KRW per USD: 1 to 100,000 (it has been about 1,000–1,500 for decades).
        case fxKRWPerUSD
    }

    /// Why `value` cannot be a figure of kind `field` (`"must be …"`), or nil if it can. The
    /// bounds keep every amount derived from the figures finite and printable: an exchange rate
    /// of 0 would make every cost in USD infinite and the response cost (USD per record × rate)
    /// zero.
    public static func problem(_ value: Double, for field: Field) -> String? {
        switch field {
        case .revenueKRW:
            return value.isFinite && value >= 0 && value <= 1e16 ? nil : "must be an amount in KRW from 0 to 1e16"
        case .turnoverEUR:
            return value.isFinite && value >= 0 && value <= 1e13 ? nil : "must be an amount in EUR from 0 to 1e13"
        case .share:
            return value.isFinite && value >= 0 && value <= 1 ? nil : "must be between 0 and 1"
        case .fxKRWPerUSD:
            return value.isFinite && value >= 1 && value <= 100_000
                ? nil : "must be an exchange rate in KRW per US dollar from 1 to 100000 (e.g. 1450)"
        }
    }
}

/// Everything the estimator needs (spec §10.1).
public struct EstimateInput: Sendable {
    /// Distinct values per exposure category (masked look-alikes excluded).
    public var categories: [Category: SampleCounts] = [:]
    /// Linked identifiers (people); `nil` when no linkage is available.
    public var people: SampleCounts?
    /// Distinct weak values (addresses, masked forms) in records without a strong identifier:
    /// people who may exist beyond the linked ones (upper bound only).
    public var weakUnattached: Double = 0
    /// The Bernoulli sampling fraction of the scan (1 = everything scanned).
    public var samplingFraction: Double = 1
    /// Whether the scans behind the counts read everything (a report marked incomplete: an
    /// unreadable file, an interrupt): the estimate then covers only what was read.
    public var complete = true
    /// A precision audit: `correct` of `n` reported detections were real personal data.
    public var audit: (correct: Int, n: Int)?
    public var flags = IncidentFlags()
    public var finance = Finance()
    /// Start of the violation (selects the legal regime), `YYYY-MM-DD`.
    public var violationDate: String
    /// Expected date of the sanction (selects the revenue basis), `YYYY-MM-DD`.
    public var decisionDate: String

    public init(violationDate: String, decisionDate: String) {
        self.violationDate = violationDate
        self.decisionDate = decisionDate
    }

    /// The estimator's view of a (merged) scan summary.
    public init(summary: ScanSummary, violationDate: String, decisionDate: String) {
        self.init(violationDate: violationDate, decisionDate: decisionDate)
        for (category, sketch) in summary.exposure.categories where !category.isMasked {
            let (f1, f2) = sketch.frequencies
            categories[category] = SampleCounts(d: sketch.distinct, f1: f1, f2: f2)
        }
        let components = summary.exposure.linkage.components
        people = SampleCounts(d: components.d, f1: components.f1, f2: components.f2)
        weakUnattached = summary.exposure.unattachedWeak.values.reduce(0) { $0 + $1.distinct }
        samplingFraction = Self.samplingFraction(summary)
        complete = summary.complete
    }

    /// The row-sampling fraction of a scan with `--sample-rows` (scanned rows / table rows over
    /// the sampled tables that hold findings — a small table read whole, or one without
    /// personal data, says nothing about how much of the data was seen — or over all sampled
    /// tables when none holds any), else 1.
    public static func samplingFraction(_ summary: ScanSummary) -> Double {
        var tables: [String: (rows: Int64, tableRows: Int64, findings: Bool)] = [:]
        for column in summary.columns {
            guard let tableRows = column.tableRows else { continue }
            let key = column.key.path + "\u{0}" + column.key.table
            let findings = column.rowsWithFindings.values.contains { $0 > 0 }
            tables[key] = (column.rows, tableRows, (tables[key]?.findings ?? false) || findings)
        }
        let holding = tables.values.filter(\.findings)
        let counted = holding.isEmpty ? Array(tables.values) : holding
        let rows = counted.reduce(Int64(0)) { $0 + $1.rows }
        let total = counted.reduce(Int64(0)) { $0 + $1.tableRows }
        return total > 0 && rows < total ? Double(rows) / Double(total) : 1
    }
}

/// Whether a legal duty is triggered (spec §10.2.6: "met" when the low bound reaches the
/// threshold, "likely" when only the high bound does).
public enum TriggerStatus: String, Sendable {
    case yes = "YES"
    case likely = "LIKELY"
    case no = "NO"
}

/// One legal duty or flag, with the reason and the rule it comes from.
public struct Trigger: Sendable {
    public var id: String
    public var status: TriggerStatus
    public var title: String
    public var reason: String
    public var source: String
}

/// Per-category result: distinct identifiers extrapolated, and their holders after precision.
public struct CategoryEstimate: Sendable {
    public var category: Category
    public var sample: SampleCounts
    public var identifiers: Interval
    public var method: ExtrapolationMethod
    public var subjects: Interval
}

/// Penalty exposure (spec §10.4).
public struct PenaltyEstimate: Sendable {
    public var revenueBaseKRW: Double?
    public var revenueRelevantKRW: Double?
    public var revenueBasisNote: String
    public var specialRegime: Bool
    public var capKRW: Double
    public var capSource: String
    public var tier: PenaltyTier
    public var rates: [Double]
    public var ratesSource: String
    public var amountKRW: Interval
    public var fineAllowanceKRW: Interval
    public var fineAllowanceSource: String
}

/// A money interval with the sources of its parts.
public struct CostEstimate: Sendable {
    public var responseKRW: Interval
    public var responseSources: [String]
    public var litigationKRW: Interval
    public var litigationSources: [String]
    public var totalKRW: Interval
}

/// The result of ``Estimator/estimate(_:constants:)``.
public struct Estimate: Sendable {
    public var constantsVersion: String
    public var samplingFraction: Double
    /// False when a scan report behind it is marked incomplete (the figures are lower bounds of
    /// what the data hold).
    public var complete: Bool
    /// Linked people (components) extrapolated, before the precision correction.
    public var people: Interval
    public var peopleMethod: String
    public var peopleSample: SampleCounts?
    public var precision: Interval?
    /// Data subjects `S` (spec §10.2.5), weak upper bound included in `high`.
    public var subjects: Interval
    public var weakUpper: Double
    public var categories: [CategoryEstimate]
    public var triggers: [Trigger]
    public var penalty: PenaltyEstimate
    public var cost: CostEstimate
    public var fxKRWPerUSD: Double
    public var fxSource: String
    /// GDPR caps in EUR (tier 1, tier 2) when EU data subjects are involved.
    public var gdprCapsEUR: (tier1: Double, tier2: Double)?
    public var gdprSources: [String]
}

/// The breach-scale estimator of kr-pii-spec.md §10: distinct people, legal duties, penalty and
/// cost from scan counts. Pure: every figure comes from the input and the constants.
public enum Estimator {
    static let uniqueIdentifiers: [Category] = [.rrn, .frn, .passport, .driverLicense]

    public static func estimate(_ input: EstimateInput, constants: EstimatorConstants = .builtIn) -> Estimate {
        let z = constants.z95.value
        let rho = constants.singletonRatioScaleUp.value
        let f = min(max(input.samplingFraction, 1e-12), 1)
        let precision = input.audit.map { Extrapolation.wilson(correct: $0.correct, of: $0.n, z: z) }
        let p = precision ?? Interval(exactly: 1)

        // Per category.
        var categories: [CategoryEstimate] = []
        for category in input.categories.keys.sorted() {
            let sample = input.categories[category]!
            let (identifiers, method) = Extrapolation.estimate(sample, fraction: f, singletonRatio: rho, z: z)
            categories.append(
                CategoryEstimate(
                    category: category, sample: sample, identifiers: identifiers, method: method,
                    subjects: identifiers * p))
        }

        // People: linked components when available, else the per-category bounds (§10.2.3).
        var people: Interval
        var method: String
        var strongCeiling: Double
        let strong = categories.filter { ExposureSketch.strongCategories.contains($0.category) }
        if let linked = input.people, linked.d > 0 || strong.isEmpty {
            let (interval, how) = Extrapolation.estimate(linked, fraction: f, singletonRatio: rho, z: z)
            people = interval
            method = "linked identifiers (\(how.rawValue))"
            strongCeiling = linked.d / f
        } else {
            // §10.2.3 over §10.2.4's per-category intervals: at least the largest category's
            // holders, at most every category's holders being different people.
            var low = 0.0, point = 0.0, high = 0.0
            for estimate in strong {
                let k = constants.identifiersPerPerson[estimate.category]?.value ?? 1
                low = max(low, estimate.identifiers.low / k)
                point = max(point, estimate.identifiers.point / k)
                high += estimate.identifiers.high / k
            }
            people = Interval(low: low, point: point, high: high)
            method = "no linkage: max and sum of identifiers per person (spec §10.2.3)"
            // No more people than distinct identifiers "if everyone appeared once" (§10.2.5's
            // d/f): dividing this ceiling by k as well made a sampled scan's interval collapse
            // onto its point (62 phones in a 5 % sample: 1,033 – 1,033).
            strongCeiling = strong.reduce(0) { $0 + $1.sample.d / f }
        }
        let weakUpper = input.weakUnattached / f
        var subjects = people * p
        subjects.high = min(subjects.high, max(strongCeiling, subjects.point)) + weakUpper

        let flags = input.flags
        let found = { (category: Category) in (input.categories[category]?.d ?? 0) > 0 }
        let uniqueFound = uniqueIdentifiers.filter(found)
        let fx = input.finance.fxKRWPerUSD ?? constants.fxKRWPerUSD.value
        let fxSource = input.finance.fxKRWPerUSD == nil ? constants.fxKRWPerUSD.source : "--fx"

        // Duties.
        var triggers: [Trigger] = []
        let reportThreshold = constants.reportSubjects.value
        triggers.append(
            Trigger(
                id: "KR_NOTIFY_SUBJECTS_72H", status: subjects.high >= 1 ? .yes : .no,
                title: "notify the data subjects within 72 h of becoming aware",
                reason: subjects.high >= 1
                    ? "personal data of up to \(grouped(subjects.high)) subjects; since \(constants.specialRegimeFrom.value) also on the mere possibility of a breach"
                    : "no personal data found",
                source: "PIPA Art. 34(1), Enforcement Decree Art. 39"))
        var reportReasons: [String] = []
        if subjects.low >= reportThreshold { reportReasons.append("≥ \(grouped(reportThreshold)) subjects (low bound \(grouped(subjects.low)))") }
        if !uniqueFound.isEmpty { reportReasons.append("unique identifiers: " + uniqueFound.map(\.rawValue).joined(separator: ", ")) }
        if flags.sensitive { reportReasons.append("sensitive information") }
        if flags.hacking { reportReasons.append("unlawful external access (hacking)") }
        let reportStatus: TriggerStatus =
            !reportReasons.isEmpty ? .yes : subjects.high >= reportThreshold ? .likely : .no
        if reportStatus == .likely {
            reportReasons.append("only the high bound (\(grouped(subjects.high))) reaches \(grouped(reportThreshold)) subjects: review with counsel")
        }
        if reportStatus == .no { reportReasons.append("< \(grouped(reportThreshold)) subjects, no unique identifier, no sensitive data, no hacking") }
        triggers.append(
            Trigger(
                id: "KR_REPORT_PIPC_KISA_72H", status: reportStatus, title: "report to the PIPC or KISA within 72 h",
                reason: reportReasons.joined(separator: "; ")
                    + (reportStatus == .no ? "" : " (exempt if the data were retrieved or deleted before exposure)"),
                source: constants.reportSubjects.source))
        triggers.append(
            Trigger(
                id: "KR_ART24_2_RRN_PROCESSING", status: found(.rrn) ? .yes : .no,
                title: "resident registration numbers stored without evident legal basis or encryption",
                reason: found(.rrn)
                    ? "\(grouped(input.categories[.rrn]!.d)) distinct unmasked RRNs in the scanned data (the Lotte Card 2026 pattern: RRNs in logs); surcharge item 4 exposure"
                    : "no unmasked RRN found",
                source: "PIPA Art. 24-2(1)–(2), Enforcement Decree Art. 21-2; PIPC decision on Lotte Card 2026-03-11"))
        let regimeApplies = input.violationDate >= constants.specialRegimeFrom.value
        // Met when the low bound reaches the threshold, likely when only the high bound does (§10.2.6).
        let massive = subjects.low >= constants.specialRegimeSubjects.value && flags.intentOrGrossNegligence
        let maybeMassive = subjects.high >= constants.specialRegimeSubjects.value && flags.intentOrGrossNegligence
        let specialStatus: TriggerStatus =
            !regimeApplies ? .no
            : (flags.repeatViolation || flags.correctiveOrderBreach || massive) ? .yes
            : maybeMassive ? .likely : .no
        var specialReasons: [String] = []
        if !regimeApplies {
            specialReasons.append("violation on \(input.violationDate), before the regime starts (\(constants.specialRegimeFrom.value))")
        } else {
            if flags.repeatViolation { specialReasons.append("repeated violation within 3 years") }
            if flags.correctiveOrderBreach { specialReasons.append("breach after a corrective order") }
            if massive || maybeMassive { specialReasons.append("≥ \(grouped(constants.specialRegimeSubjects.value)) subjects with intent or gross negligence") }
            if specialReasons.isEmpty { specialReasons.append("no repeat, no corrective-order breach, not ≥ \(grouped(constants.specialRegimeSubjects.value)) subjects with gross negligence") }
        }
        triggers.append(
            Trigger(
                id: "KR_SPECIAL_10PCT_REGIME", status: specialStatus, title: "punitive surcharge regime (up to 10 % of revenue)",
                reason: specialReasons.joined(separator: "; "), source: constants.rateCapSpecial.source))
        // Spec §10.3: card numbers or bank accounts held by a financial company.
        let financial = found(.creditCard) || found(.bankAccount)
        triggers.append(
            Trigger(
                id: "KR_CREDIT_INFO_ACT", status: financial && flags.financialCompany ? .yes : .no,
                title: "report credit-information leaks to the FSS/FSC",
                reason: !financial ? "no card or bank account numbers found"
                    : flags.financialCompany ? "card or bank account numbers held by a financial company"
                    : "card or bank account numbers found, but the controller is not marked as a financial company (--financial-company)",
                source: "Credit Information Use and Protection Act (Lotte Card reported to the FSS first, 2025)"))
        if flags.euDataSubjects {
            let anyStrong = !strong.filter { $0.sample.d > 0 }.isEmpty
            triggers.append(
                Trigger(
                    id: "EU_ART33_72H", status: anyStrong || flags.sensitive ? .yes : .no,
                    title: "notify the supervisory authority within 72 h",
                    reason: anyStrong ? "identifying data of EU data subjects (risk not unlikely)" : "no strong identifier found",
                    source: "GDPR Art. 33"))
            let highRisk = !uniqueFound.isEmpty || found(.creditCard) || flags.authSecrets || flags.sensitive
            triggers.append(
                Trigger(
                    id: "EU_ART34_SUBJECTS", status: highRisk && !flags.encrypted ? .yes : .no,
                    title: "communicate the breach to the data subjects",
                    reason: !highRisk ? "no national identifier, card, credential or sensitive data"
                        : flags.encrypted ? "high risk, but the data were encrypted and the keys are safe (Art. 34(3)(a))"
                        : "high risk: national identifiers, cards, credentials or sensitive data",
                    source: "GDPR Art. 34"))
        }

        let penalty = penaltyEstimate(
            input: input, subjects: subjects, uniqueFound: !uniqueFound.isEmpty, special: specialStatus == .yes,
            constants: constants)
        let cost = costEstimate(subjects: subjects, fx: fx, penalty: penalty.amountKRW, constants: constants)
        var gdpr: (Double, Double)?
        if flags.euDataSubjects {
            let turnover = input.finance.worldwideTurnoverEUR ?? 0
            gdpr = (
                max(constants.gdprCapTier1EUR.value, constants.gdprRateTier1.value * turnover),
                max(constants.gdprCapTier2EUR.value, constants.gdprRateTier2.value * turnover)
            )
        }
        return Estimate(
            constantsVersion: constants.version, samplingFraction: f, complete: input.complete, people: people, peopleMethod: method,
            peopleSample: input.people, precision: precision, subjects: subjects, weakUpper: weakUpper,
            categories: categories, triggers: triggers, penalty: penalty, cost: cost, fxKRWPerUSD: fx, fxSource: fxSource,
            gdprCapsEUR: gdpr, gdprSources: [constants.gdprCapTier1EUR.source, constants.gdprCapTier2EUR.source])
    }

    static func penaltyEstimate(
        input: EstimateInput, subjects: Interval, uniqueFound: Bool, special: Bool, constants: EstimatorConstants
    ) -> PenaltyEstimate {
        let finance = input.finance
        let newBasis = input.decisionDate >= constants.revenueBasisFrom.value
        var base: Double?
        var note: String
        switch (finance.revenuePreviousYearKRW, finance.revenueThreeYearAverageKRW) {
        case let (previous?, average?):
            base = newBasis ? max(previous, average) : average
            note = newBasis
                ? "max(previous FY, 3-year average): decision on or after \(constants.revenueBasisFrom.value)"
                : "3-year average: decision before \(constants.revenueBasisFrom.value)"
        case let (previous?, nil):
            base = previous
            note = "previous fiscal year (no 3-year average given)"
        case let (nil, average?):
            base = average
            note = "3-year average (no previous-year figure given)"
        case (nil, nil):
            base = nil
            note = "no revenue figures: the no-revenue cap applies"
        }
        let relevant = base.map { $0 * (1 - min(max(finance.unrelatedShare, 0), 1)) }
        let rate = special ? constants.rateCapSpecial : constants.rateCap
        let cap = relevant.map { rate.value * $0 } ?? constants.noRevenueCapKRW.value
        let capSource = relevant == nil ? constants.noRevenueCapKRW.source : rate.source

        let s = subjects.point
        let tier: PenaltyTier
        if (uniqueFound || input.flags.authSecrets) && s >= constants.verySeriousSubjects.value
            && (input.flags.hacking || input.flags.insider)
        {
            tier = .verySerious
        } else if s >= constants.seriousSubjects.value || uniqueFound {
            tier = .serious
        } else if s >= constants.moderateSubjects.value {
            tier = .moderate
        } else {
            tier = .minor
        }
        let band = constants.bands[tier]!
        let amounts = band.value.map { rateValue -> Double in
            // Without revenue the band is read as a share of the cap (rate / statutory rate).
            guard let relevant else { return min(cap * rateValue / constants.rateCap.value, cap) }
            return min(rateValue * relevant, cap)
        }
        let allowance = constants.fineAllowanceKRW.value
        return PenaltyEstimate(
            revenueBaseKRW: base, revenueRelevantKRW: relevant, revenueBasisNote: note, specialRegime: special,
            capKRW: cap, capSource: capSource, tier: tier, rates: band.value, ratesSource: band.source,
            amountKRW: Interval(low: amounts[0], point: amounts[1], high: amounts[2]),
            fineAllowanceKRW: Interval(low: allowance[0], point: allowance[1], high: allowance[2]),
            fineAllowanceSource: constants.fineAllowanceKRW.source)
    }

    static func costEstimate(subjects: Interval, fx: Double, penalty: Interval, constants: EstimatorConstants) -> CostEstimate {
        let perSubjectLow = constants.responsePerSubjectLowKRW.value
        let perRecord = constants.responsePerRecordUSD.value * fx
        let low = perSubjectLow * subjects.low
        let high = perRecord * subjects.high
        let point: Double
        if subjects.point <= constants.ibmStudyMaxRecords.value {
            point = min(max(constants.responsePerBreachUSD.value * fx, perSubjectLow * subjects.point), perRecord * subjects.point)
        } else {
            point = constants.responsePerSubjectMegaKRW.value * subjects.point
        }
        let response = Interval(low: low, point: point, high: high)
        let rate = constants.claimRate.value, award = constants.awardKRW.value
        let litigation = Interval(
            low: subjects.low * rate[0] * award[0], point: subjects.point * rate[1] * award[1],
            high: subjects.high * rate[2] * award[2])
        return CostEstimate(
            responseKRW: response,
            responseSources: [
                constants.responsePerSubjectLowKRW.source, constants.responsePerBreachUSD.source,
                constants.responsePerRecordUSD.source, constants.responsePerSubjectMegaKRW.source,
            ],
            litigationKRW: litigation, litigationSources: [constants.claimRate.source, constants.awardKRW.source],
            totalKRW: response + penalty + litigation)
    }
}

/// `1234567` → `1,234,567` (rounded to a whole number). Beyond Int64 (only from absurd inputs,
/// a `--counts` or `--constants` file) the number is printed as Swift writes it (`1e+300`):
/// converting it would trap.
func grouped(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-∞" : "∞" }
    guard let whole = Int64(exactly: value.rounded()) else { return String(value.rounded()) }
    var digits = String(whole.magnitude)
    var out = ""
    while digits.count > 3 {
        out = "," + digits.suffix(3) + out
        digits.removeLast(3)
    }
    return (whole < 0 ? "-" : "") + digits + out
}
