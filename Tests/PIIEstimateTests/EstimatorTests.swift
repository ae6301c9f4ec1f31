import Foundation
import PIIModel
import XCTest

@testable import PIIEstimate

/// The estimator test vectors of kr-pii-spec.md §10.7 (T1–T12) and the worked example of §10.6.
final class EstimatorTests: XCTestCase {
    private func input(
        _ categories: [Category: SampleCounts] = [:], people: SampleCounts? = nil, fraction: Double = 1,
        violation: String = "2026-10-01", decision: String = "2027-03-01"
    ) -> EstimateInput {
        var input = EstimateInput(violationDate: violation, decisionDate: decision)
        input.categories = categories
        input.people = people
        input.samplingFraction = fraction
        return input
    }

    private func trigger(_ estimate: Estimate, _ id: String) -> TriggerStatus? {
        estimate.triggers.first { $0.id == id }?.status
    }

    private func assertClose(_ actual: Double, _ expected: Double, tolerance: Double, _ message: String = "", line: UInt = #line) {
        XCTAssertEqual(actual, expected, accuracy: tolerance, message, line: line)
    }

    /// `--sample-rows`: the fraction comes from the sampled tables that hold findings; a small
    /// table read whole without personal data does not dilute it (a customers table sampled at
    /// 10 % next to a 50-row settings table is 0.1, not 150/1,050).
    func testSamplingFractionComesFromTheTablesWithFindings() {
        func column(_ table: String, _ name: String, rows: Int64, of tableRows: Int64, findings: Int64 = 0) -> ColumnSummary {
            ColumnSummary(
                key: ColumnKey(path: "s.db", table: table, column: name), rows: rows, tableRows: tableRows,
                rowsWithFindings: findings > 0 ? [.rrn: findings] : [:])
        }
        var summary = ScanSummary()
        summary.columns = [
            column("customers", "id", rows: 100, of: 1000), column("customers", "rrn", rows: 100, of: 1000, findings: 100),
            column("settings", "k", rows: 50, of: 50), column("settings", "v", rows: 50, of: 50),
        ]
        XCTAssertEqual(EstimateInput.samplingFraction(summary), 0.1, accuracy: 1e-12)
        // Two sampled tables with findings: their rows over their table rows.
        summary.columns.append(column("orders", "phone", rows: 300, of: 1000, findings: 7))
        XCTAssertEqual(EstimateInput.samplingFraction(summary), 400.0 / 2000.0, accuracy: 1e-12)
        // No table holds a finding: all sampled tables count.
        summary.columns = [column("customers", "id", rows: 100, of: 1000), column("settings", "k", rows: 50, of: 50)]
        XCTAssertEqual(EstimateInput.samplingFraction(summary), 150.0 / 1050.0, accuracy: 1e-12)
        // Nothing sampled.
        XCTAssertEqual(EstimateInput.samplingFraction(ScanSummary()), 1)
    }

    func testT1UniqueIdentifierAlwaysReports() {
        let rrn = SampleCounts(d: 999, f1: 999, f2: 0)
        let estimate = Estimator.estimate(input([.rrn: rrn], people: rrn))
        XCTAssertEqual(estimate.subjects, Interval(exactly: 999))
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_ART24_2_RRN_PROCESSING"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_NOTIFY_SUBJECTS_72H"), .yes)
    }

    func testT2LinkageTurnsIdentifiersIntoPeople() {
        // 999 records with a phone, 500 with an e-mail, 400 of those in the phones' records:
        // built through the real sketch, so the union–find is exercised.
        var sketch = ExposureSketch()
        for person in 0..<1099 {
            let record = "r\(person)"
            if person < 999 { sketch.add(finding(.phone, "p\(person)", record: record)) }
            if person >= 599 { sketch.add(finding(.email, "e\(person)", record: record)) }
        }
        sketch.finish()
        var summary = ScanSummary()
        summary.exposure = sketch
        let estimate = Estimator.estimate(
            EstimateInput(summary: summary, violationDate: "2026-10-01", decisionDate: "2027-03-01"))
        XCTAssertEqual(estimate.people.point, 1099)
        XCTAssertEqual(estimate.subjects.point, 1099)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_ART24_2_RRN_PROCESSING"), .no)
    }

    func testT3InsiderBelowThresholdDoesNotReport() {
        let phones = SampleCounts(d: 998, f1: 998, f2: 0)
        var value = input([.phone: phones], people: phones)
        value.flags.insider = true
        let estimate = Estimator.estimate(value)
        XCTAssertEqual(trigger(estimate, "KR_NOTIFY_SUBJECTS_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .no)
    }

    func testT4HackingAlwaysReports() {
        let phones = SampleCounts(d: 998, f1: 998, f2: 0)
        var value = input([.phone: phones], people: phones)
        value.flags.insider = true
        value.flags.hacking = true
        XCTAssertEqual(trigger(Estimator.estimate(value), "KR_REPORT_PIPC_KISA_72H"), .yes)
    }

    func testT5MaskedNumbersOnlyAreALikelyReport() {
        var sketch = ExposureSketch()
        for index in 0..<5000 { sketch.add(finding(Category.rrn.masked, "m\(index)", record: "line\(index)")) }
        sketch.finish()
        var summary = ScanSummary()
        summary.exposure = sketch
        let estimate = Estimator.estimate(
            EstimateInput(summary: summary, violationDate: "2026-10-01", decisionDate: "2027-03-01"))
        XCTAssertNil(estimate.categories.first { $0.category == .rrn })
        XCTAssertEqual(estimate.subjects.low, 0)
        XCTAssertEqual(estimate.subjects.point, 0)
        XCTAssertEqual(estimate.subjects.high, 5000)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .likely)
        XCTAssertEqual(trigger(estimate, "KR_ART24_2_RRN_PROCESSING"), .no)
    }

    func testT6SampledCustomerTableScalesUp() {
        let (interval, method) = Extrapolation.estimate(SampleCounts(d: 1240, f1: 1240, f2: 0), fraction: 0.05)
        XCTAssertEqual(method, .scaleUp)
        XCTAssertEqual(interval.point, 24800)
        assertClose(interval.low, 23455, tolerance: 1)
        assertClose(interval.high, 26145, tolerance: 1)
    }

    private func t7(violation: String) -> Estimate {
        let people = SampleCounts(d: 12_000_000, f1: 12_000_000, f2: 0)
        var value = input([.rrn: SampleCounts(d: 5_000_000, f1: 5_000_000, f2: 0)], people: people, violation: violation)
        value.flags.intentOrGrossNegligence = true
        value.flags.hacking = true
        value.finance.revenuePreviousYearKRW = 1.2e12
        value.finance.revenueThreeYearAverageKRW = 1.2e12
        value.finance.unrelatedShare = 0.10
        return Estimator.estimate(value)
    }

    func testT7SpecialRegimeRaisesTheCap() {
        let estimate = t7(violation: "2026-10-01")
        XCTAssertEqual(trigger(estimate, "KR_SPECIAL_10PCT_REGIME"), .yes)
        XCTAssertEqual(estimate.penalty.tier, .verySerious)
        assertClose(estimate.penalty.capKRW, 108e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.low, 5.4e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.point, 9.72e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.high, 12.96e9, tolerance: 1e3)
    }

    func testT7bBeforeTheRegimeTheCapIsThreePercent() {
        let estimate = t7(violation: "2026-08-01")
        XCTAssertEqual(trigger(estimate, "KR_SPECIAL_10PCT_REGIME"), .no)
        assertClose(estimate.penalty.capKRW, 32.4e9, tolerance: 1e3)
        XCTAssertEqual(estimate.penalty.tier, .verySerious)
        assertClose(estimate.penalty.amountKRW.point, 9.72e9, tolerance: 1e3)
    }

    func testT8NoRevenueUsesTheNoRevenueCap() {
        let phones = SampleCounts(d: 5000, f1: 5000, f2: 0)
        let estimate = Estimator.estimate(input([.phone: phones], people: phones))
        XCTAssertNil(estimate.penalty.revenueBaseKRW)
        XCTAssertEqual(estimate.penalty.capKRW, 2e9)
        XCTAssertLessThanOrEqual(estimate.penalty.amountKRW.high, 2e9)
    }

    func testT9RevenueBasisAfterTheDecreeChange() {
        let people = SampleCounts(d: 50_000, f1: 50_000, f2: 0)
        var value = input([.phone: people], people: people, decision: "2026-12-01")
        value.finance.revenuePreviousYearKRW = 1.5e12
        value.finance.revenueThreeYearAverageKRW = 1.2e12
        let estimate = Estimator.estimate(value)
        XCTAssertEqual(estimate.penalty.revenueBaseKRW, 1.5e12)
        XCTAssertEqual(estimate.penalty.tier, .moderate)
        assertClose(estimate.penalty.capKRW, 45e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.low, 0.45e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.point, 1.5e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.high, 4.5e9, tolerance: 1e3)
        // Before 2026-11-19 the three-year average is the basis.
        value.decisionDate = "2026-11-18"
        XCTAssertEqual(Estimator.estimate(value).penalty.revenueBaseKRW, 1.2e12)
    }

    func testT10ResponseCost() {
        let cost = Estimator.costEstimate(
            subjects: Interval(low: 900, point: 1000, high: 1100), fx: 1450, penalty: Interval(exactly: 0),
            constants: .builtIn)
        assertClose(cost.responseKRW.low, 38.7e6, tolerance: 1)
        assertClose(cost.responseKRW.point, 239.25e6, tolerance: 1)
        assertClose(cost.responseKRW.high, 263.175e6, tolerance: 1)
    }

    func testT11ScaleUpStandardError() {
        let (interval, method) = Extrapolation.estimate(SampleCounts(d: 100, f1: 95, f2: 5), fraction: 0.5)
        XCTAssertEqual(method, .scaleUp)
        XCTAssertEqual(interval.point, 200)
        assertClose(interval.high - interval.point, 27.7, tolerance: 0.05)
        assertClose(interval.point - interval.low, 27.7, tolerance: 0.05)
    }

    func testT12Chao1IsClampedToEveryoneSeenOnce() {
        // f1 = 60 of d = 100 (ρ < 0.9), f2 = 0: Chao1 = 100 + 60·59/2 = 1870 > d/f = 1000.
        let (interval, method) = Extrapolation.estimate(SampleCounts(d: 100, f1: 60, f2: 0), fraction: 0.1)
        XCTAssertEqual(method, .chao1)
        XCTAssertEqual(interval.point, 1000)
        XCTAssertLessThanOrEqual(interval.high, 1000)
        XCTAssertGreaterThanOrEqual(interval.low, 100)
    }

    /// §10.6: a 10 % sample of 30 days of logs, hacking, audit 194/200.
    func testWorkedExample() {
        var value = input(
            [.rrn: SampleCounts(d: 2940, f1: 2810, f2: 110), .phone: SampleCounts(d: 31200, f1: 24900, f2: 4800)],
            people: SampleCounts(d: 36800, f1: 29000, f2: 5900), fraction: 0.10)
        value.audit = (194, 200)
        value.flags.hacking = true
        value.finance.revenuePreviousYearKRW = 1.25e12
        value.finance.revenueThreeYearAverageKRW = 1.20e12
        value.finance.unrelatedShare = 0.10
        let estimate = Estimator.estimate(value)
        assertClose(estimate.people.point, 108_057, tolerance: 1)
        assertClose(estimate.people.low, 105_596, tolerance: 1)
        assertClose(estimate.people.high, 110_606, tolerance: 1)
        let precision = estimate.precision!
        assertClose(precision.low, 0.936, tolerance: 0.0005)
        assertClose(precision.high, 0.986, tolerance: 0.0005)
        assertClose(estimate.subjects.point, 104_815, tolerance: 1)
        assertClose(estimate.subjects.low, 98_849, tolerance: 2)
        assertClose(estimate.subjects.high, 109_077, tolerance: 2)
        let rrn = estimate.categories.first { $0.category == .rrn }!
        XCTAssertEqual(rrn.method, .scaleUp)
        assertClose(rrn.identifiers.point, 29_400, tolerance: 0.5)
        assertClose(rrn.identifiers.low, 28_392, tolerance: 1)
        assertClose(rrn.identifiers.high, 30_408, tolerance: 1)
        assertClose(rrn.subjects.point, 28_518, tolerance: 1)
        assertClose(rrn.subjects.low, 26_578, tolerance: 2)
        assertClose(rrn.subjects.high, 29_988, tolerance: 2)
        XCTAssertEqual(trigger(estimate, "KR_NOTIFY_SUBJECTS_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_ART24_2_RRN_PROCESSING"), .yes)
        XCTAssertEqual(trigger(estimate, "KR_SPECIAL_10PCT_REGIME"), .no)
        XCTAssertEqual(estimate.penalty.revenueRelevantKRW, 1.125e12)
        assertClose(estimate.penalty.capKRW, 33.75e9, tolerance: 1e3)
        XCTAssertEqual(estimate.penalty.tier, .serious)
        assertClose(estimate.penalty.amountKRW.low, 1.125e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.point, 3.375e9, tolerance: 1e3)
        assertClose(estimate.penalty.amountKRW.high, 9.0e9, tolerance: 1e3)
        assertClose(estimate.cost.responseKRW.low, 4.25e9, tolerance: 0.005e9)
        assertClose(estimate.cost.responseKRW.point, 6.44e9, tolerance: 0.005e9)
        assertClose(estimate.cost.responseKRW.high, 26.10e9, tolerance: 0.005e9)
        assertClose(estimate.cost.litigationKRW.low, 0.07e9, tolerance: 0.005e9)
        assertClose(estimate.cost.litigationKRW.point, 0.21e9, tolerance: 0.005e9)
        assertClose(estimate.cost.litigationKRW.high, 1.64e9, tolerance: 0.005e9)
        assertClose(estimate.cost.totalKRW.low, 5.44e9, tolerance: 0.01e9)
        assertClose(estimate.cost.totalKRW.point, 10.02e9, tolerance: 0.01e9)
        assertClose(estimate.cost.totalKRW.high, 36.73e9, tolerance: 0.01e9)
        assertClose(estimate.cost.totalKRW.point / estimate.fxKRWPerUSD, 6.91e6, tolerance: 0.01e6)
        // Every duty names its rule.
        XCTAssertTrue(estimate.triggers.allSatisfy { !$0.source.isEmpty && !$0.reason.isEmpty })
        let text = EstimateRenderer.text(estimate)
        XCTAssertTrue(text.contains("104,815"), text)
        XCTAssertTrue(text.contains("KR_REPORT_PIPC_KISA_72H"), text)
        let json = EstimateRenderer.json(estimate)
        let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual((object["subjects"] as! [String: Any])["point"] as? Double, 104_815)
    }

    func testGDPRTriggersOnlyWithEUSubjects() {
        let rrn = SampleCounts(d: 10, f1: 10, f2: 0)
        var value = input([.rrn: rrn], people: rrn)
        XCTAssertNil(trigger(Estimator.estimate(value), "EU_ART33_72H"))
        value.flags.euDataSubjects = true
        value.finance.worldwideTurnoverEUR = 2e9
        let estimate = Estimator.estimate(value)
        XCTAssertEqual(trigger(estimate, "EU_ART33_72H"), .yes)
        XCTAssertEqual(trigger(estimate, "EU_ART34_SUBJECTS"), .yes)
        XCTAssertEqual(estimate.gdprCapsEUR?.tier1, 40e6)
        XCTAssertEqual(estimate.gdprCapsEUR?.tier2, 80e6)
        value.flags.encrypted = true
        XCTAssertEqual(trigger(Estimator.estimate(value), "EU_ART34_SUBJECTS"), .no)
    }

    func testNoLinkageUsesIdentifiersPerPerson() {
        let estimate = Estimator.estimate(
            input([.phone: SampleCounts(d: 1200, f1: 1200, f2: 0), .email: SampleCounts(d: 1300, f1: 1300, f2: 0)]))
        // max(1200/1.2, 1300/1.3) = 1000; sum = 2000.
        assertClose(estimate.subjects.point, 1000, tolerance: 1e-6)
        assertClose(estimate.subjects.high, 2000, tolerance: 1e-6)
    }

    /// A sampled scan without linkage: the per-category intervals carry through (§10.2.3 over
    /// §10.2.4), capped by every identifier being a different person seen once (Σ d/f).
    func testNoLinkageSampledKeepsTheCategoriesIntervals() {
        let phones = SampleCounts(d: 62, f1: 62, f2: 0)
        let estimate = Estimator.estimate(input([.phone: phones], fraction: 0.05))
        let holders = estimate.categories.first { $0.category == .phone }!.identifiers
        XCTAssertEqual(holders.point, 1240)
        assertClose(estimate.subjects.low, holders.low / 1.2, tolerance: 1e-6)
        assertClose(estimate.subjects.point, 1240 / 1.2, tolerance: 1e-6)
        XCTAssertEqual(estimate.subjects.high, 1240, "capped at d/f, not at d/f/k (which is the point)")
        XCTAssertLessThan(estimate.subjects.low, estimate.subjects.point)
        XCTAssertLessThan(estimate.subjects.point, estimate.subjects.high)
    }

    /// §10.2.6: the 10 % regime's subject threshold is met by the low bound; a point estimate over
    /// 10 M whose low bound is under it is "likely", and the cap stays at 3 %.
    func testSpecialRegimeNeedsTheLowBound() {
        let phones = SampleCounts(d: 1_000_000, f1: 1_000_000, f2: 0)
        var value = input([.phone: phones], people: phones, fraction: 0.1)
        value.flags.intentOrGrossNegligence = true
        value.finance.revenuePreviousYearKRW = 1e12
        value.finance.revenueThreeYearAverageKRW = 1e12
        let estimate = Estimator.estimate(value)
        XCTAssertGreaterThanOrEqual(estimate.subjects.point, 10_000_000)
        XCTAssertLessThan(estimate.subjects.low, 10_000_000)
        XCTAssertEqual(trigger(estimate, "KR_SPECIAL_10PCT_REGIME"), .likely)
        assertClose(estimate.penalty.capKRW, 0.03e12, tolerance: 1)
    }

    /// Tier L findings (below 0.5, shown with `--min-confidence`) are not people: a resident
    /// number with a failed check digit at 0.4 triggers no unique-identifier duty.
    func testLowConfidenceFindingsAreNotCounted() {
        var sketch = ExposureSketch()
        var low = finding(.rrn, "900101-1234567", record: "a")
        low.confidence = 0.4
        sketch.add(low)
        sketch.add(finding(.phone, "010-2345-6789", record: "b"))
        sketch.finish()
        XCTAssertNil(sketch.categories[.rrn])
        XCTAssertEqual(sketch.categories[.phone]?.distinct, 1)
        var summary = ScanSummary()
        summary.exposure = sketch
        let estimate = Estimator.estimate(EstimateInput(summary: summary, violationDate: "2026-10-01", decisionDate: "2027-03-01"))
        XCTAssertEqual(trigger(estimate, "KR_ART24_2_RRN_PROCESSING"), .no)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .no)
    }

    /// A counts file: masked look-alikes are the weak upper bound (spec T5 through `--counts`),
    /// and a misspelt category, flag or figure is refused instead of counting as nothing.
    func testCountsFileNamesAreCheckedAndMaskedValuesBoundPeople() throws {
        let t5 = try CountsFile.parse(Data(#"{"categories":{"kr-rrn-masked":{"d":5000}}}"#.utf8), today: "2027-01-01")
        XCTAssertTrue(t5.categories.isEmpty)
        let estimate = Estimator.estimate(t5)
        XCTAssertEqual(estimate.subjects.point, 0)
        XCTAssertEqual(estimate.subjects.high, 5000)
        XCTAssertEqual(trigger(estimate, "KR_REPORT_PIPC_KISA_72H"), .likely)
        XCTAssertEqual(
            try CountsFile.parse(Data(#"{"categories":{"RRN_MASKED":{"d":7}}}"#.utf8), today: "2027-01-01").weakUnattached, 7)
        func failure(_ json: String) -> String {
            do {
                _ = try CountsFile.parse(Data(json.utf8), today: "2027-01-01")
                return ""
            } catch { return "\(error)" }
        }
        XCTAssertTrue(failure(#"{"categories":{"PHOEN":{"d":5}}}"#).hasPrefix("categories.PHOEN: unknown category"))
        XCTAssertTrue(failure(#"{"flags":{"hacking":true}}"#).hasPrefix("flags.hacking: unknown flag"))
        XCTAssertTrue(failure(#"{"finance":{"revenue":1e12}}"#).hasPrefix("finance.revenue: unknown figure"))
        XCTAssertTrue(failure(#"{"categorys":{}}"#).hasPrefix("unknown section \"categorys\""))
        XCTAssertEqual(failure(#"{"categories":{"kr-phone":{"d":5},"CARD_PAN":{"d":1}},"flags":{"insider":true}}"#), "")
    }

    /// Spec §10.3 `KR_CREDIT_INFO_ACT`: card numbers *or bank accounts* held by a financial
    /// company; both, and a sole proprietor's BRN, are strong identifiers (§10.2 linkage nodes).
    func testBankAccountsRaiseTheCreditInformationDuty() throws {
        func status(_ json: String) throws -> TriggerStatus? {
            trigger(Estimator.estimate(try CountsFile.parse(Data(json.utf8), today: "2027-01-01")), "KR_CREDIT_INFO_ACT")
        }
        XCTAssertEqual(try status(#"{"categories":{"BANK_ACCOUNT":{"d":40}},"flags":{"financial_company":true}}"#), .yes)
        XCTAssertEqual(try status(#"{"categories":{"kr-bank-account":{"d":40}},"flags":{"financial_company":false}}"#), .no)
        XCTAssertEqual(try status(#"{"categories":{"BRN_INDIVIDUAL":{"d":40}},"flags":{"financial_company":true}}"#), .no)
        XCTAssertTrue(ExposureSketch.strongCategories.isSuperset(of: [.bankAccount, .brn]))
        let counted = try CountsFile.parse(Data(#"{"categories":{"BANK_ACCOUNT":{"d":40},"BRN_INDIVIDUAL":{"d":3}}}"#.utf8), today: "2027-01-01")
        XCTAssertEqual(counted.categories[.bankAccount]?.d, 40)
        XCTAssertEqual(counted.categories[.brn]?.d, 3)
    }

    /// Numbers beyond Int64 (a hand-written counts file or constants file can hold any) print
    /// instead of trapping in the Double → Int64 conversion.
    func testRenderingNeverTrapsOnHugeOrNonFiniteNumbers() {
        XCTAssertEqual(EstimateRenderer.number(1.125, 3), "1.125")
        XCTAssertEqual(EstimateRenderer.number(-0.5, 1), "-0.5")
        XCTAssertEqual(EstimateRenderer.number(1e288, 3), "1e+288")
        XCTAssertEqual(EstimateRenderer.number(-1e300, 0), "-1e+300")
        XCTAssertEqual(EstimateRenderer.number(.infinity, 2), "inf")
        XCTAssertEqual(EstimateRenderer.number(.nan, 2), "nan")
        XCTAssertEqual(grouped(1_234_567.4), "1,234,567")
        XCTAssertEqual(grouped(-9_223_372_036_854_775_808), "-9,223,372,036,854,775,808", "Int64.min: no abs() overflow")
        XCTAssertEqual(grouped(1e300), "1e+300")
        XCTAssertEqual(grouped(-.infinity), "-∞")
        XCTAssertEqual(EstimateRenderer.won(1e300), "₩1e+288 trn")
        XCTAssertEqual(EstimateRenderer.dollars(.infinity), "US$inf bn")

        // A whole estimate from absurd (but accepted by the estimator's types) figures renders.
        var huge = input([.rrn: SampleCounts(d: 1e300, f1: 1e300, f2: 0)], people: SampleCounts(d: 1e300, f1: 1e300, f2: 0))
        huge.finance.revenuePreviousYearKRW = 1e300
        huge.finance.fxKRWPerUSD = 1e-300
        let estimate = Estimator.estimate(huge, constants: .builtIn)
        XCTAssertTrue(EstimateRenderer.text(estimate).contains("Expected cost"))
        XCTAssertTrue(EstimateRenderer.json(estimate).hasPrefix("{"))
    }

    func testFinanceFiguresOutsideTheirRangeAreRefused() {
        XCTAssertNil(Finance.problem(1.25e12, for: .revenueKRW))
        XCTAssertNil(Finance.problem(0, for: .revenueKRW))
        XCTAssertNil(Finance.problem(1e16, for: .revenueKRW))
        XCTAssertNotNil(Finance.problem(1.0000001e16, for: .revenueKRW))
        XCTAssertNotNil(Finance.problem(-5, for: .revenueKRW))
        XCTAssertNotNil(Finance.problem(.nan, for: .revenueKRW))
        XCTAssertNil(Finance.problem(1450, for: .fxKRWPerUSD))
        for fx in [0, 1e-300, 0.5, 1e308, .infinity, .nan, -1450] {
            XCTAssertNotNil(Finance.problem(fx, for: .fxKRWPerUSD), "\(fx)")
        }
        XCTAssertNotNil(Finance.problem(1e14, for: .turnoverEUR))
        XCTAssertNotNil(Finance.problem(1.5, for: .share))
        // A counts file is held to the same ranges, and its audit to whole numbers.
        func parse(_ json: String) -> String? {
            do {
                _ = try CountsFile.parse(Data(json.utf8), today: "2027-01-01")
                return nil
            } catch { return "\(error)" }
        }
        XCTAssertEqual(parse(#"{"finance":{"fx_krw_per_usd":0}}"#)?.hasPrefix("finance.fx_krw_per_usd must be"), true)
        XCTAssertEqual(parse(#"{"finance":{"revenue_prev_fy_krw":1e300}}"#)?.hasPrefix("finance.revenue_prev_fy_krw must be"), true)
        XCTAssertNotNil(parse(#"{"precision_audit":{"n":1e300,"correct":1}}"#))
        XCTAssertNil(parse(#"{"finance":{"fx_krw_per_usd":1450,"revenue_prev_fy_krw":1.25e12}}"#))
        XCTAssertNil(parse(#"{"finance":{"fx_krw_per_usd":true}}"#), "a boolean is not a number: ignored, as before")
        // 0 and 1 are numbers, not booleans.
        let counts = try? CountsFile.parse(Data(#"{"categories":{"RRN":{"d":5,"f1":1,"f2":0}}}"#.utf8), today: "2027-01-01")
        XCTAssertEqual(counts?.categories[.rrn], SampleCounts(d: 5, f1: 1, f2: 0))
    }
}

/// A finding with a fingerprint derived from `value` (a stand-in for the keyed HMAC).
func finding(_ category: Category, _ value: String, record: String) -> Finding {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (category.rawValue + "\u{0}" + value).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    // FNV-1a is not well mixed in its low bits; finish with a SplitMix64 round.
    hash = splitMix(hash)
    return Finding(
        path: record, line: 1, column: 1, offset: 0, length: value.utf8.count, category: category, rule: category.rawValue,
        verdict: .confirmed, confidence: 0.95, masked: "***", fingerprint: Fingerprint(macHigh: hash, low: 0))
}

func splitMix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
