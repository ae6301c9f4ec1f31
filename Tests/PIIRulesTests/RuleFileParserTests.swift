import PIIModel
import XCTest

@testable import PIIRules

final class RuleFileParserTests: XCTestCase {
    func testParsesAllFields() throws {
        let rules = try RuleFileParser.parse(
            """
            [[rules]]
            id = "emp-id"
            category = "employee-id"
            description = "Employee number"
            regex = '''EMP-\\d{6}'''
            keywords = ["사번", "employee"]
            negative_keywords = ["test"]
            confidence = 0.7
            caseless = true
            [rules.tests]
            positives = ["사번 EMP-123456"]
            negatives = ["EMP-12"]
            expect = [ { text = "EMP-123456", category = "employee-id", verdict = "plausible", min_confidence = 0.6 } ]
            """, source: "custom.toml")
        XCTAssertEqual(rules.count, 1)
        let rule = rules[0]
        XCTAssertEqual(rule.id, "emp-id")
        XCTAssertEqual(rule.category, Category("employee-id"))
        XCTAssertEqual(rule.regex, #"EMP-\d{6}"#)
        XCTAssertEqual(rule.keywords, ["사번", "employee"])
        XCTAssertEqual(rule.negativeKeywords, ["test"])
        XCTAssertEqual(rule.confidence, 0.7)
        XCTAssertTrue(rule.caseless)
        XCTAssertNil(rule.validator)
        XCTAssertEqual(rule.tests.positives, ["사번 EMP-123456"])
        XCTAssertEqual(rule.tests.expect.first?.verdict, .plausible)
        XCTAssertEqual(rule.tests.expect.first?.minConfidence, 0.6)
        XCTAssertEqual(rule.tests.count, 3)
        XCTAssertEqual(rule.source, "custom.toml")
    }

    func testTOMLSyntaxErrorHasLineAndColumn() {
        XCTAssertThrowsError(try RuleFileParser.parse("[[rules]]\nid = \"x\"\nregex = '''abc\n", source: "bad.toml")) {
            let error = $0 as! RuleFileError
            XCTAssertEqual(error.file, "bad.toml")
            XCTAssertNotNil(error.line)
            XCTAssertNotNil(error.column)
            XCTAssertTrue(error.description.hasPrefix("bad.toml:"), error.description)
        }
    }

    func testMissingRegexNamesTheRule() {
        XCTAssertThrowsError(try RuleFileParser.parse("[[rules]]\nid = \"x\"\ncategory = \"c\"\n", source: "f.toml")) {
            let error = $0 as! RuleFileError
            XCTAssertEqual(error.ruleID, "x")
            XCTAssertTrue(error.message.contains("regex"))
        }
    }

    func testUnknownKeysAreRejected() {
        XCTAssertThrowsError(
            try RuleFileParser.parse("[[rules]]\nid = \"x\"\ncategory = \"c\"\nregex = 'a'\nregexp = 'b'\n", source: "f.toml")
        ) { XCTAssertTrue(($0 as! RuleFileError).message.contains("regexp")) }
        XCTAssertThrowsError(try RuleFileParser.parse("rule = 1\n", source: "f.toml"))
    }

    func testConfidenceOutOfRangeAndBadVerdict() {
        XCTAssertThrowsError(
            try RuleFileParser.parse("[[rules]]\nid = \"x\"\ncategory = \"c\"\nregex = 'a'\nconfidence = 2\n", source: "f"))
        XCTAssertThrowsError(
            try RuleFileParser.parse(
                "[[rules]]\nid = \"x\"\ncategory = \"c\"\nregex = 'a'\n[rules.tests]\nexpect = [{ text = \"a\", verdict = \"maybe\" }]\n",
                source: "f"))
    }

    func testMergingReplacesByIDAndAppendsNewRules() {
        let base = RuleSet(rules: [
            Rule(id: "a", category: Category("c"), regex: "a"), Rule(id: "b", category: Category("c"), regex: "b"),
        ])
        let user = RuleSet(rules: [
            Rule(id: "b", category: Category("c"), regex: "B2"), Rule(id: "z", category: Category("c"), regex: "z"),
        ])
        let merged = base.merging(user)
        XCTAssertEqual(merged.rules.map(\.id), ["a", "b", "z"])
        XCTAssertEqual(merged.rules[1].regex, "B2")
    }

    func testDuplicateIDsAreRejected() {
        let set = RuleSet(rules: [
            Rule(id: "a", category: Category("c"), regex: "a"), Rule(id: "a", category: Category("c"), regex: "b"),
        ])
        XCTAssertThrowsError(try set.validate())
    }
}

final class RulePrefilterParsingTests: XCTestCase {
    func testPrefilterIsParsedAndValidated() throws {
        let rules = try RuleFileParser.parse(
            "[[rules]]\nid = \"m\"\ncategory = \"email\"\nregex = 'a@b'\n[rules.prefilter]\nbytes = \"@\"\nwithin = 64\n",
            source: "f")
        XCTAssertEqual(rules[0].prefilter, RulePrefilter(bytes: [UInt8(ascii: "@")], within: 64))
        for bad in ["bytes = \"\"\nwithin = 1", "bytes = \"가\"\nwithin = 1", "bytes = \"@\"\nwithin = 5000", "bytes = \"@\"",
                    "bytes = \"@\"\nwithin = 1\nextra = 2"] {
            XCTAssertThrowsError(
                try RuleFileParser.parse("[[rules]]\nid = \"m\"\ncategory = \"c\"\nregex = 'a'\n[rules.prefilter]\n\(bad)\n", source: "f"),
                bad)
        }
    }
}

final class RuleStartFilterParsingTests: XCTestCase {
    func testStartFilterIsParsedAndValidated() throws {
        let rules = try RuleFileParser.parse(
            "[[rules]]\nid = \"d\"\ncategory = \"c\"\nregex = '[0-9]{6}'\n[rules.start]\nbytes = \"0-9\"\nnot_after = \"0-9a-z*\"\ndigits = 6\n",
            source: "f")
        XCTAssertEqual(
            rules[0].start,
            RuleStartFilter(bytes: Set(UInt8(ascii: "0")...UInt8(ascii: "9")),
                            notAfter: Set(UInt8(ascii: "0")...UInt8(ascii: "9")).union(UInt8(ascii: "a")...UInt8(ascii: "z")).union([UInt8(ascii: "*")]),
                            digits: 6))
        let hangul = try RuleFileParser.parse(
            "[[rules]]\nid = \"h\"\ncategory = \"c\"\nregex = '서울'\n[rules.start]\nbytes = \"서\"\n", source: "f")
        XCTAssertEqual(hangul[0].start, RuleStartFilter(bytes: [0xEC], continuations: [0x84]))
        let shaped = try RuleFileParser.parse(
            "[[rules]]\nid = \"s\"\ncategory = \"c\"\nregex = '[0-9]{9}'\n[rules.start]\nbytes = \"0\"\nunits = \"0-9●\"\n"
                + "separators = \" －\"\nmax_gap = 3\nmin_units = 9\n", source: "f")
        XCTAssertEqual(
            shaped[0].start,
            RuleStartFilter(
                bytes: [UInt8(ascii: "0")], units: Set(UInt8(ascii: "0")...UInt8(ascii: "9")).union([0xE2, 0x97, 0x8F]),
                separators: [UInt8(ascii: " "), 0xEF, 0xBC, 0x8D], maxGap: 3, minUnits: 9))
        let prefixed = try RuleFileParser.parse(
            "[[rules]]\nid = \"p\"\ncategory = \"c\"\nregex = '[0-9]{6}'\n[rules.start]\nbytes = \"0-9\"\ndigits = 1\n"
                + "prefix = [\"0-9\", \"01●\", \"a\"]\n", source: "f")
        let digitSet = Set(UInt8(ascii: "0")...UInt8(ascii: "9"))
        XCTAssertEqual(prefixed[0].start?.prefix, [digitSet, [UInt8(ascii: "0"), UInt8(ascii: "1"), 0xE2, 0x97, 0x8F], [UInt8(ascii: "a")]])
        // `digits` narrows the first positions to ASCII digits (the ● bytes drop out of the second).
        XCTAssertEqual(
            RuleStartFilter(bytes: digitSet, digits: 2, prefix: [digitSet, [UInt8(ascii: "1"), 0xE2]]).positions,
            [digitSet, [UInt8(ascii: "1")]])
        XCTAssertEqual(RuleStartFilter(bytes: digitSet, digits: 3).positions, [digitSet, digitSet, digitSet])
        let limited = try RuleFileParser.parse(
            "[[rules]]\nid = \"d\"\ncategory = \"c\"\nregex = '[0-9]{12}'\n[rules.start]\nbytes = \"0-9\"\ndigits = 2\nmax_digits = 12\n",
            source: "f")
        XCTAssertEqual(limited[0].start, RuleStartFilter(bytes: digitSet, digits: 2, maxDigits: 12))
        let serial = try RuleFileParser.parse(
            "[[rules]]\nid = \"r\"\ncategory = \"c\"\nregex = '[0-9]{6}'\n[rules.start]\nbytes = \"0-9\"\nunits = \"0-9\"\nmin_units = 6\ndigit_run = 6\n",
            source: "f")
        XCTAssertEqual(serial[0].start, RuleStartFilter(bytes: digitSet, units: digitSet, minUnits: 6, digitRun: 6))
        XCTAssertEqual(RuleStartFilter(bytes: digitSet, prefix: [digitSet, [UInt8(ascii: "x")]]).positions.last, [UInt8(ascii: "x")])
        for bad in ["bytes = \"\"", "not_after = \"a\"", "bytes = \"z-a\"", "bytes = \"0\"\nnot_after = \"가\"",
                    "bytes = \"a\"\ndigits = 2", "bytes = \"0\"\ndigits = 99", "bytes = \"0\"\nextra = 1",
                    "bytes = \"0\"\nunits = \"0-9\"", "bytes = \"0\"\nmin_units = 3", "bytes = \"0\"\nseparators = \"-\"\nmin_units = 3",
                    "bytes = \"0\"\nunits = \"0\"\nmin_units = 999", "bytes = \"0\"\nunits = \"0\"\nmin_units = 2\nmax_gap = -1",
                    "bytes = \"0\"\nprefix = \"0\"", "bytes = \"0\"\nprefix = [\"0\", \"\"]", "bytes = \"0\"\nprefix = [\"z-a\"]",
                    "bytes = \"0\"\nprefix = [1]", "bytes = \"01\"\nprefix = [\"0\"]", "bytes = \"0\"\nmax_digits = 65",
                    "bytes = \"0\"\ndigits = 3\nmax_digits = 2", "bytes = \"0\"\nmax_digits = \"12\"", "bytes = \"0\"\ndigit_run = 6",
                    "bytes = \"0\"\nunits = \"0\"\nmin_units = 2\ndigit_run = 65"] {
            XCTAssertThrowsError(
                try RuleFileParser.parse("[[rules]]\nid = \"m\"\ncategory = \"c\"\nregex = 'a'\n[rules.start]\n\(bad)\n", source: "f"),
                bad)
        }
    }
}
