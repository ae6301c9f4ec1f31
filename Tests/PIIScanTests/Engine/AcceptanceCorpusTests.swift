import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// The corpus tests of kr-pii-spec.md §10.8 with the built-in rules.
final class AcceptanceCorpusTests: XCTestCase {
    private var state: UInt64 = 0x5EED
    private func random(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    private func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random(10))) }) }

    private func engine(minConfidence: Double = 0) throws -> ScanEngine {
        var configuration = testConfiguration()
        configuration.minConfidence = minConfidence
        return try ScanEngine(configuration: configuration, rules: try RuleSet.builtIn())
    }

    private func rrnCheckDigit(_ twelve: [Int]) -> Int {
        let weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        let sum = zip(twelve, weights).map(*).reduce(0, +)
        return (11 - sum % 11) % 10
    }

    /// (a) Random 13-digit strings: tier-H RRN/FRN rate ≤ 0.2 %.
    func testRandom13DigitStringsRarelyReachTierH() throws {
        let count = 100_000
        let text = (0..<count).map { _ in digits(13) }.joined(separator: "\n")
        let findings = try engine().scan(text: text)
        let tierH = findings.filter { ($0.category == .rrn || $0.category == .frn) && $0.confidence >= 0.85 }
        XCTAssertLessThanOrEqual(Double(tierH.count) / Double(count), 0.002, "\(tierH.count) tier-H of \(count)")
        // The detector does look at them: some are reported at lower tiers (valid dates).
        XCTAssertGreaterThan(findings.filter { $0.category == .rrn || $0.category == .frn }.count, 0)
    }

    /// (b) EAN-13 `880…` barcodes in a barcode field: no tier-H RRN at all.
    func testKoreanBarcodesInABarcodeFieldAreNeverTierH() throws {
        var lines: [String] = []
        for _ in 0..<10_000 {
            let body = "880" + digits(9)
            let values = body.map { Int(String($0))! }
            let sum = values.enumerated().map { $0.offset % 2 == 0 ? $0.element : 3 * $0.element }.reduce(0, +)
            lines.append("barcode=\(body)\((10 - sum % 10) % 10)")
        }
        let findings = try engine().scan(text: lines.joined(separator: "\n"))
        XCTAssertEqual(findings.filter { ($0.category == .rrn || $0.category == .frn) && $0.confidence >= 0.85 }.count, 0)
    }

    /// (g) Presidio parity: checksum-valid numbers with region ≤ 95 and a real past date (which
    /// Presidio scores 1.0) are at least tier M here, hyphenated or not; impossible dates are not
    /// reported.
    func testPresidioScoredNumbersAreAtLeastTierM() throws {
        var valid: [String] = []
        var impossible: [String] = []
        while valid.count < 2_000 {
            let year = 30 + random(70)  // 1930–1999
            let month = 1 + random(12)
            let day = 1 + random(28)
            let sex = 1 + random(2)
            let region = random(96)
            var twelve = [year / 10, year % 10, month / 10, month % 10, day / 10, day % 10, sex, region / 10, region % 10]
            twelve += [random(10), random(10), random(10)]
            let check = rrnCheckDigit(twelve)
            let front = twelve[0..<6].map(String.init).joined()
            let back = twelve[6...].map(String.init).joined() + String(check)
            // Bare unless it is also a Korean product barcode (880 and an EAN-13 check digit:
            // one bare 1988 number in ten), which needs a keyword by design.
            let all = (front + back).map { Int(String($0))! }
            let eanSum = (0..<12).reduce(0) { $0 + all[$1] * ($1 % 2 == 0 ? 1 : 3) }
            let barcode = front.hasPrefix("880") && (10 - eanSum % 10) % 10 == all[12]
            valid.append(valid.count % 2 == 0 || barcode ? "\(front)-\(back)" : front + back)
            // 30 February of the same year: never a date.
            var bad = twelve
            bad[2] = 0
            bad[3] = 2
            bad[4] = 3
            bad[5] = 0
            bad[11] = random(10)
            impossible.append(bad[0..<6].map(String.init).joined() + "-" + bad[6...].map(String.init).joined()
                + String(rrnCheckDigit(bad)))
        }
        let engine = try engine()
        let found = engine.scan(text: valid.joined(separator: "\n"))
        XCTAssertEqual(found.filter { $0.category == .rrn && $0.confidence >= 0.5 }.count, valid.count)
        XCTAssertEqual(engine.scan(text: impossible.joined(separator: "\n")).filter { $0.category == .rrn }.count, 0)
    }
}
