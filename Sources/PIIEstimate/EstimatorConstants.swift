import PIIModel
import TOMLKit

/// A constant of the model with the source it comes from (printed next to each result).
public struct Sourced<Value: Sendable>: Sendable {
    public var value: Value
    public var source: String

    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }
}

/// Every figure the estimator uses — legal rates, thresholds, dates, per-record costs — read
/// from a versioned TOML file (`data/estimator.toml`, embedded in the binary; `--constants FILE`
/// overrides it), so a legal change is a data change.
public struct EstimatorConstants: Sendable {
    /// Low / point / high values of a band.
    public typealias Band = Sourced<[Double]>

    public var version: String
    public var singletonRatioScaleUp: Sourced<Double>
    public var z95: Sourced<Double>
    public var identifiersPerPerson: [Category: Sourced<Double>]
    public var reportSubjects: Sourced<Double>
    public var specialRegimeSubjects: Sourced<Double>
    public var verySeriousSubjects: Sourced<Double>
    public var seriousSubjects: Sourced<Double>
    public var moderateSubjects: Sourced<Double>
    /// ISO dates (`YYYY-MM-DD`), compared as strings.
    public var specialRegimeFrom: Sourced<String>
    public var revenueBasisFrom: Sourced<String>
    public var rateCap: Sourced<Double>
    public var rateCapSpecial: Sourced<Double>
    public var noRevenueCapKRW: Sourced<Double>
    public var fineAllowanceKRW: Band
    public var bands: [PenaltyTier: Band]
    public var fxKRWPerUSD: Sourced<Double>
    public var responsePerSubjectLowKRW: Sourced<Double>
    public var responsePerRecordUSD: Sourced<Double>
    public var responsePerBreachUSD: Sourced<Double>
    public var ibmStudyMaxRecords: Sourced<Double>
    public var responsePerSubjectMegaKRW: Sourced<Double>
    public var claimRate: Band
    public var awardKRW: Band
    public var gdprCapTier1EUR: Sourced<Double>
    public var gdprRateTier1: Sourced<Double>
    public var gdprCapTier2EUR: Sourced<Double>
    public var gdprRateTier2: Sourced<Double>

    /// Why a constants file was rejected.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The constants shipped with piiscan.
    public static let builtIn: EstimatorConstants = {
        do {
            return try parse(EmbeddedConstants.text, source: "data/estimator.toml")
        } catch {
            fatalError("embedded estimator constants are invalid: \(error)")
        }
    }()

    /// Parses a constants file strictly: every entry is required, unknown entries are errors.
    public static func parse(_ text: String, source: String) throws(Failure) -> EstimatorConstants {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(description: "\(source):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw Failure(description: "\(source): invalid TOML: \(error)")
        }
        var reader = Reader(root: root, file: source)
        let constants = try EstimatorConstants(
            version: reader.string(root, "version", path: "version"),
            singletonRatioScaleUp: reader.number("sampling", "singleton_ratio_scale_up"),
            z95: reader.number("sampling", "z95"),
            identifiersPerPerson: reader.perCategory("identifiers_per_person"),
            reportSubjects: reader.number("thresholds", "report_subjects"),
            specialRegimeSubjects: reader.number("thresholds", "special_regime_subjects"),
            verySeriousSubjects: reader.number("thresholds", "very_serious_subjects"),
            seriousSubjects: reader.number("thresholds", "serious_subjects"),
            moderateSubjects: reader.number("thresholds", "moderate_subjects"),
            specialRegimeFrom: reader.date("dates", "special_regime_from"),
            revenueBasisFrom: reader.date("dates", "revenue_basis_from"),
            rateCap: reader.number("penalty", "rate_cap"),
            rateCapSpecial: reader.number("penalty", "rate_cap_special"),
            noRevenueCapKRW: reader.number("penalty", "no_revenue_cap_krw"),
            fineAllowanceKRW: reader.band("penalty", "fine_allowance_krw"),
            bands: [
                .verySerious: reader.band("penalty", "very_serious"), .serious: reader.band("penalty", "serious"),
                .moderate: reader.band("penalty", "moderate"), .minor: reader.band("penalty", "minor"),
            ],
            fxKRWPerUSD: reader.number("cost", "fx_krw_per_usd"),
            responsePerSubjectLowKRW: reader.number("cost", "response_per_subject_lo_krw"),
            responsePerRecordUSD: reader.number("cost", "response_per_record_usd"),
            responsePerBreachUSD: reader.number("cost", "response_per_breach_usd"),
            ibmStudyMaxRecords: reader.number("cost", "ibm_study_max_records"),
            responsePerSubjectMegaKRW: reader.number("cost", "response_per_subject_mega_krw"),
            claimRate: reader.band("litigation", "claim_rate"),
            awardKRW: reader.band("litigation", "award_krw"),
            gdprCapTier1EUR: reader.number("gdpr", "cap_tier1_eur"),
            gdprRateTier1: reader.number("gdpr", "rate_tier1"),
            gdprCapTier2EUR: reader.number("gdpr", "cap_tier2_eur"),
            gdprRateTier2: reader.number("gdpr", "rate_tier2"))
        try reader.rejectUnused()
        if let problem = Finance.problem(constants.fxKRWPerUSD.value, for: .fxKRWPerUSD) {
            throw reader.fail("cost.fx_krw_per_usd", "'value' \(problem)")
        }
        return constants
    }

    /// Walks the TOML tree, remembering what was read so leftovers (typos) can be rejected.
    private struct Reader {
        let root: TOMLTable
        let file: String
        var used: Set<String> = []

        init(root: TOMLTable, file: String) {
            self.root = root
            self.file = file
        }

        func fail(_ path: String, _ message: String) -> Failure {
            Failure(description: "\(file): \(path): \(message)")
        }

        mutating func string(_ table: TOMLTable, _ key: String, path: String) throws(Failure) -> String {
            used.insert(path)
            guard let value = table[key]?.string else { throw fail(path, "missing string") }
            return value
        }

        mutating func entry(_ section: String, _ key: String) throws(Failure) -> (TOMLValueConvertible, String) {
            let path = "\(section).\(key)"
            used.insert(path)
            guard let entry = root[section]?.table?[key]?.table else {
                throw fail(path, "missing entry (expected { value = …, source = \"…\" })")
            }
            guard let value = entry["value"], let source = entry["source"]?.string, !source.isEmpty else {
                throw fail(path, "needs both 'value' and a non-empty 'source'")
            }
            for extra in entry.keys where extra != "value" && extra != "source" { throw fail(path, "unknown key '\(extra)'") }
            return (value, source)
        }

        mutating func number(_ section: String, _ key: String) throws(Failure) -> Sourced<Double> {
            let (value, source) = try entry(section, key)
            guard let number = value.double ?? value.int.map(Double.init), number.isFinite, number >= 0 else {
                throw fail("\(section).\(key)", "'value' must be a non-negative number")
            }
            return Sourced(number, source: source)
        }

        mutating func band(_ section: String, _ key: String) throws(Failure) -> Band {
            let (value, source) = try entry(section, key)
            guard let array = value.array, array.count == 3 else {
                throw fail("\(section).\(key)", "'value' must be [low, point, high]")
            }
            var numbers: [Double] = []
            for element in array {
                guard let number = element.double ?? element.int.map(Double.init), number >= 0 else {
                    throw fail("\(section).\(key)", "'value' must hold non-negative numbers")
                }
                numbers.append(number)
            }
            guard numbers[0] <= numbers[1], numbers[1] <= numbers[2] else {
                throw fail("\(section).\(key)", "'value' must be ordered low ≤ point ≤ high")
            }
            return Sourced(numbers, source: source)
        }

        mutating func date(_ section: String, _ key: String) throws(Failure) -> Sourced<String> {
            let (value, source) = try entry(section, key)
            guard let text = value.string, EstimateDate.isValid(text) else {
                throw fail("\(section).\(key)", "'value' must be a date \"YYYY-MM-DD\"")
            }
            return Sourced(text, source: source)
        }

        mutating func perCategory(_ section: String) throws(Failure) -> [Category: Sourced<Double>] {
            guard let table = root[section]?.table else { throw fail(section, "missing table") }
            var result: [Category: Sourced<Double>] = [:]
            for key in table.keys.sorted() {
                let value = try number(section, key)
                guard value.value > 0 else { throw fail("\(section).\(key)", "'value' must be positive") }
                result[Category(key)] = value
            }
            return result
        }

        func rejectUnused() throws(Failure) {
            for section in root.keys.sorted() {
                guard let table = root[section]?.table else {
                    if !used.contains(section) { throw fail(section, "unknown entry") }
                    continue
                }
                for key in table.keys.sorted() where !used.contains("\(section).\(key)") {
                    throw fail("\(section).\(key)", "unknown entry")
                }
            }
        }
    }
}

/// Dates as `YYYY-MM-DD` strings (which order correctly as text).
public enum EstimateDate {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2999).contains(year), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
