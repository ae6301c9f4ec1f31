import XCTest

@testable import PIIRules

final class ProjectConfigTests: XCTestCase {
    func testFullConfig() throws {
        let config = try ProjectConfig.parse("""
            exclude = ["testdata/**", "*.golden"]
            min_confidence = 0.6
            fail_on = "confirmed"
            baseline = ".piiscan-baseline"
            allow_values = ["900101-1234568"]
            key_file = "keys/k"

            [min_confidence_by_category]
            kr-phone = 0.9
            email = 1
            """, source: "/repo/.piiscan.toml")
        XCTAssertEqual(config.excludes, ["testdata/**", "*.golden"])
        XCTAssertEqual(config.minConfidence, 0.6)
        XCTAssertEqual(config.failOn, ["confirmed"])
        XCTAssertEqual(config.baseline, "/repo/.piiscan-baseline")
        XCTAssertEqual(config.allowValues, ["900101-1234568"])
        XCTAssertEqual(config.keyFile, "/repo/keys/k")
        XCTAssertEqual(config.minConfidenceByCategory, ["kr-phone": 0.9, "email": 1])
        XCTAssertEqual(try ProjectConfig.parse("fail_on = [\"kr-rrn\", \"confirmed\"]", source: "c").failOn, ["kr-rrn", "confirmed"])
        XCTAssertEqual(try ProjectConfig.parse("", source: ".piiscan.toml"), ProjectConfig(source: ".piiscan.toml", directory: "."))
    }

    func testStrictErrors() {
        func error(_ text: String) -> String {
            do {
                _ = try ProjectConfig.parse(text, source: "p.toml")
                return "no error"
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(error("excludes = []").hasPrefix("p.toml: unknown key 'excludes'"))
        XCTAssertEqual(error("exclude = \"x\""), "p.toml: 'exclude' must be an array of strings")
        XCTAssertEqual(error("exclude = [1]"), "p.toml: 'exclude' must be an array of strings")
        XCTAssertEqual(error("min_confidence = 2"), "p.toml: 'min_confidence' must be a number between 0 and 1")
        XCTAssertEqual(error("[min_confidence_by_category]\nemail = \"high\""),
                       "p.toml: 'min_confidence_by_category.email' must be a number between 0 and 1")
        XCTAssertEqual(error("min_confidence_by_category = 1"),
                       "p.toml: 'min_confidence_by_category' must be a table (category = number)")
        XCTAssertEqual(error("fail_on = 3"), "p.toml: 'fail_on' must be an array of strings or a string")
        XCTAssertEqual(error("allow_values = [\" \"]"), "p.toml: 'allow_values' entry 1 is empty")
        XCTAssertEqual(error("baseline = \"\""), "p.toml: 'baseline' must be a non-empty string (a path)")
        XCTAssertTrue(error("exclude = [\n").hasPrefix("p.toml:"), error("exclude = [\n"))
        XCTAssertTrue(error("min_confidence = = 1").hasPrefix("p.toml:1:"), error("min_confidence = = 1"))
    }
}
