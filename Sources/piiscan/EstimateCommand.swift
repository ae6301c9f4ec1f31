#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIEstimate
import PIIModel
import PIIReport
import PIIScan

/// The incident facts and finance figures of `piiscan estimate` (also accepted, hidden, by
/// `piiscan scan --estimate`).
struct EstimateOptions: ParsableArguments {
    // The numbers use `.unconditional` parsing: `--revenue-krw -5` reads -5 and is refused by
    // validate() with the allowed range, instead of "Missing value" (-5 looks like an option).
    @Option(parsing: .unconditional, help: "Bernoulli sampling fraction of the scan, 0–1 (default: from the report; 1 for a full scan).")
    var samplingFraction: Double?

    @Option(help: ArgumentHelp("Precision audit: CORRECT of N reported detections checked by hand were real.", valueName: "CORRECT/N"))
    var audit: String?

    @Flag(help: "The data left through unlawful external access (hacking).") var hacking = false
    @Flag(help: "An insider leaked or misused the data.") var insider = false
    @Flag(help: "Authentication secrets (passwords, keys) were exposed too.") var authSecrets = false
    @Flag(help: "Sensitive information (PIPA Art. 23) is involved.") var sensitive = false
    @Flag(help: "Intent or gross negligence.") var grossNegligence = false
    @Flag(help: "A violation within the previous three years.") var repeatViolation = false
    @Flag(help: "The breach follows a failure to comply with a corrective order.") var correctiveOrderBreach = false
    @Flag(help: "Data subjects in the EU/EEA (adds the GDPR duties and caps).") var euSubjects = false
    @Flag(help: "The controller is a financial company (Credit Information Act).") var financialCompany = false
    @Flag(help: "The data were encrypted and the keys are safe (GDPR Art. 34 exception).") var encrypted = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Total revenue of the previous fiscal year, KRW (0–1e16).", valueName: "KRW"))
    var revenueKrw: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Average revenue of the three preceding fiscal years, KRW (0–1e16).", valueName: "KRW"))
    var revenueAvg3Krw: Double?
    @Option(parsing: .unconditional, help: "Share of revenue unrelated to the violation, 0–1 (deducted before the rate).")
    var unrelatedShare: Double = 0
    @Option(parsing: .unconditional, help: ArgumentHelp("Worldwide annual turnover, EUR (GDPR caps; 0–1e13).", valueName: "EUR"))
    var worldwideTurnoverEur: Double?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Exchange rate, KRW per USD, 1–100000 (default: from the constants file).", valueName: "KRW"))
    var fx: Double?
    @Option(help: ArgumentHelp("Start of the violation (selects the legal regime; default today).", valueName: "YYYY-MM-DD"))
    var violationDate: String?
    @Option(help: ArgumentHelp("Expected sanction date (selects the revenue basis; default today).", valueName: "YYYY-MM-DD"))
    var decisionDate: String?
    @Option(help: ArgumentHelp("Estimator constants file (default: the built-in data/estimator.toml).", valueName: "FILE"))
    var constants: String?

    func validate() throws {
        if let samplingFraction, !(samplingFraction > 0 && samplingFraction <= 1) {
            throw ValidationError("--sampling-fraction must be in (0, 1]")
        }
        if let audit, parsedAudit(audit) == nil {
            throw ValidationError("--audit must be CORRECT/N with 0 ≤ CORRECT ≤ N and N > 0 (e.g. 194/200)")
        }
        let figures: [(String, Double?, Finance.Field)] = [
            ("--revenue-krw", revenueKrw, .revenueKRW), ("--revenue-avg3-krw", revenueAvg3Krw, .revenueKRW),
            ("--unrelated-share", unrelatedShare, .share), ("--worldwide-turnover-eur", worldwideTurnoverEur, .turnoverEUR),
            ("--fx", fx, .fxKRWPerUSD),
        ]
        for (name, value, field) in figures {
            if let value, let problem = Finance.problem(value, for: field) { throw ValidationError("\(name) \(problem)") }
        }
        for (name, value) in [("--violation-date", violationDate), ("--decision-date", decisionDate)] {
            if let value, !EstimateDate.isValid(value) { throw ValidationError("\(name) must be a date YYYY-MM-DD") }
        }
        // (YYYY-MM-DD strings order as their dates do.)
        if let violationDate, let decisionDate, decisionDate < violationDate {
            throw ValidationError("--decision-date (\(decisionDate)) is before --violation-date (\(violationDate)): a decision follows the violation")
        }
    }

    private func parsedAudit(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let correct = Int(parts[0]), let n = Int(parts[1]), n > 0, (0...n).contains(correct) else {
            return nil
        }
        return (correct, n)
    }

    func loadConstants() throws -> EstimatorConstants {
        guard let constants else { return .builtIn }
        guard let text = try? String(contentsOfFile: constants, encoding: .utf8) else {
            throw fail("--constants: cannot read '\(constants)'")
        }
        do {
            return try EstimatorConstants.parse(text, source: constants)
        } catch {
            throw fail("--constants: \(error)")
        }
    }

    static var today: String {
        let today = ScanConfiguration.currentDate()
        return String(format: "%04d-%02d-%02d", today.year, today.month, today.day)
    }

    /// The estimator input for a (merged) summary and these options.
    func input(for summary: ScanSummary) -> EstimateInput {
        var input = EstimateInput(summary: summary, violationDate: Self.today, decisionDate: Self.today)
        apply(to: &input)
        return input
    }

    /// Applies the options given on the command line (flags add to those already set).
    func apply(to input: inout EstimateInput) {
        if let violationDate { input.violationDate = violationDate }
        if let decisionDate { input.decisionDate = decisionDate }
        if let samplingFraction { input.samplingFraction = samplingFraction }
        if let audit, let (correct, n) = parsedAudit(audit) { input.audit = (correct, n) }
        input.flags.hacking = input.flags.hacking || hacking
        input.flags.insider = input.flags.insider || insider
        input.flags.authSecrets = input.flags.authSecrets || authSecrets
        input.flags.sensitive = input.flags.sensitive || sensitive
        input.flags.intentOrGrossNegligence = input.flags.intentOrGrossNegligence || grossNegligence
        input.flags.repeatViolation = input.flags.repeatViolation || repeatViolation
        input.flags.correctiveOrderBreach = input.flags.correctiveOrderBreach || correctiveOrderBreach
        input.flags.euDataSubjects = input.flags.euDataSubjects || euSubjects
        input.flags.financialCompany = input.flags.financialCompany || financialCompany
        input.flags.encrypted = input.flags.encrypted || encrypted
        if let revenueKrw { input.finance.revenuePreviousYearKRW = revenueKrw }
        if let revenueAvg3Krw { input.finance.revenueThreeYearAverageKRW = revenueAvg3Krw }
        if unrelatedShare > 0 { input.finance.unrelatedShare = unrelatedShare }
        if let worldwideTurnoverEur { input.finance.worldwideTurnoverEUR = worldwideTurnoverEur }
        if let fx { input.finance.fxKRWPerUSD = fx }
    }
}

/// Output formats of `piiscan estimate`.
enum EstimateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `piiscan estimate REPORT...`: distinct people, legal duties and cost from scan reports.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate distinct data subjects, legal duties, penalty and cost from scan reports.",
        discussion: """
            Reads JSON or NDJSON reports of `piiscan scan` (several are merged first; they must be made with \
            the same --key-file or PIISCAN_KEY). The model and every constant are documented in the README; \
            each result line names its source.
            """)

    @Argument(help: "Scan reports (JSON or NDJSON; '-' reads standard input).")
    var reports: [String] = []

    @Option(help: "Output format: text or json.")
    var format: EstimateFormat = .text

    @Option(
        help: ArgumentHelp(
            "Estimate from counts in FILE instead of reports (the JSON input of kr-pii-spec §10.1: categories, linkage, audit, flags, finance).",
            valueName: "FILE"))
    var counts: String?

    @OptionGroup var options: EstimateOptions

    func validate() throws {
        if reports.isEmpty == (counts == nil) { throw ValidationError("give scan reports or --counts FILE (not both)") }
    }

    func run() throws {
        let constants = try options.loadConstants()
        var complete = true
        let input: EstimateInput
        if let counts {
            guard let data = Foundation.FileManager.default.contents(atPath: counts) else { throw fail("--counts: cannot read '\(counts)'") }
            do {
                var parsed = try CountsFile.parse(data, today: EstimateOptions.today)
                options.apply(to: &parsed)
                input = parsed
            } catch {
                throw fail("--counts: \(counts): \(error)")
            }
        } else {
            let summary = try mergedSummary(reports)
            complete = summary.complete
            input = options.input(for: summary)
        }
        let estimate = Estimator.estimate(input, constants: constants)
        let text = format == .json ? EstimateRenderer.json(estimate) : EstimateRenderer.text(estimate)
        let sink = OutputSink(fd: STDOUT_FILENO)
        do {
            try sink.write(text)
            try sink.flush()
        } catch {
            if case .writeFailed(let reason) = error { throw fail("cannot write the estimate: \(reason)") }
        }
        if !complete {
            FileHandle.standardError.write("piiscan: warning: a report is marked incomplete: the estimate covers only what was scanned\n")
        }
    }
}

/// Reads and merges the summaries of `paths` (which must cover disjoint inputs, as for `merge`).
func mergedSummary(_ paths: [String]) throws -> ScanSummary {
    var merged: ScanSummary?
    var disjoint = DisjointReports()
    if let problem = disjoint.checkFiles(paths) { throw fail(problem) }
    for path in paths {
        let document: ReportDocument
        do {
            document = try ReportReader.read(path: path)
        } catch {
            throw fail("\(error)")
        }
        if let problem = disjoint.admit(document, from: path) { throw fail(problem) }
        if merged == nil {
            merged = document.summary
        } else {
            do {
                try merged!.merge(document.summary)
            } catch {
                throw fail("\(path): \(error)")
            }
        }
    }
    return merged ?? ScanSummary()
}
