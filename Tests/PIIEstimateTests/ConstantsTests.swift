import Foundation
import XCTest

@testable import PIIEstimate

final class ConstantsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary embeds data/estimator.toml; regenerate with `python3 scripts/embed-rules.py`.
    func testEmbeddedConstantsMatchTheDataFile() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("data/estimator.toml"), encoding: .utf8)
        XCTAssertEqual(EmbeddedConstants.text + "\n", file, "run python3 scripts/embed-rules.py")
    }

    func testBuiltInConstantsCarrySources() {
        let constants = EstimatorConstants.builtIn
        XCTAssertEqual(constants.rateCap.value, 0.03)
        XCTAssertEqual(constants.bands[.serious]?.value, [0.001, 0.003, 0.008])
        XCTAssertEqual(constants.identifiersPerPerson[.email]?.value, 1.3)
        XCTAssertTrue(constants.rateCap.source.contains("Art. 64-2"))
    }

    func testConstantsFileErrorsAreStrictAndPrecise() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("data/estimator.toml"), encoding: .utf8)
        // A typo'd entry is rejected, not silently ignored.
        let typo = file.replacingOccurrences(of: "rate_cap = {", with: "rate_capp = {")
        XCTAssertThrowsError(try EstimatorConstants.parse(typo, source: "x.toml")) { error in
            XCTAssertTrue("\(error)".contains("penalty.rate_cap"), "\(error)")
        }
        let unsourced = file.replacingOccurrences(
            of: #"z95 = { value = 1.96, source = "normal 97.5 % quantile" }"#, with: "z95 = { value = 1.96 }")
        XCTAssertThrowsError(try EstimatorConstants.parse(unsourced, source: "x.toml")) { error in
            XCTAssertTrue("\(error)".contains("sampling.z95"), "\(error)")
        }
        let badDate = file.replacingOccurrences(of: "\"2026-09-11\"", with: "\"2026-02-30\"")
        XCTAssertThrowsError(try EstimatorConstants.parse(badDate, source: "x.toml"))
        let unordered = file.replacingOccurrences(of: "[0.001, 0.003, 0.008]", with: "[0.003, 0.001, 0.008]")
        XCTAssertThrowsError(try EstimatorConstants.parse(unordered, source: "x.toml"))
        XCTAssertThrowsError(try EstimatorConstants.parse("version = [", source: "x.toml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.toml:1:"), "\(error)")
        }
        // A changed figure changes the result: the data file is the single source.
        let tenPercent = file.replacingOccurrences(of: "rate_cap = { value = 0.03", with: "rate_cap = { value = 0.05")
        XCTAssertEqual(try EstimatorConstants.parse(tenPercent, source: "x.toml").rateCap.value, 0.05)
    }
}
