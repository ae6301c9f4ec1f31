import PIIModel
import TOMLKit

/// Parses TOML rule files into ``Rule`` values, reporting errors with line and column.
public enum RuleFileParser {
    /// Parses the text of one rule file.
    /// - Parameter source: the file path (or `builtin:NAME`), used in errors and on each rule.
    public static func parse(_ text: String, source: String) throws(RuleFileError) -> [Rule] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw RuleFileError(
                file: source, line: error.source.begin.line, column: error.source.begin.column,
                message: "invalid TOML: \(error.description)")
        } catch {
            throw RuleFileError(file: source, message: "invalid TOML: \(error)")
        }
        for key in table.keys where key != "rules" {
            throw RuleFileError(file: source, message: "unknown top-level key '\(key)' (expected [[rules]])")
        }
        guard let rulesValue = table["rules"] else { return [] }
        guard let array = rulesValue.array else {
            throw RuleFileError(file: source, message: "'rules' must be an array of tables ([[rules]])")
        }
        var rules: [Rule] = []
        for (index, element) in array.enumerated() {
            guard let ruleTable = element.table else {
                throw RuleFileError(file: source, message: "rules[\(index)] is not a table")
            }
            rules.append(try parseRule(ruleTable, index: index, source: source))
        }
        return rules
    }

    private static let ruleKeys: Set<String> = [
        "id", "category", "description", "regex", "validator", "keywords", "negative_keywords",
        "confidence", "caseless", "prefilter", "start", "lines", "tests",
    ]

    private static func parseRule(_ table: TOMLTable, index: Int, source: String) throws(RuleFileError) -> Rule {
        let fallbackName = "rules[\(index)]"
        func fail(_ message: String, _ id: String? = nil) -> RuleFileError {
            RuleFileError(file: source, ruleID: id ?? fallbackName, message: message)
        }
        guard let id = table["id"]?.string, !id.isEmpty else { throw fail("missing string 'id'") }
        for key in table.keys where !ruleKeys.contains(key) {
            throw fail("unknown key '\(key)'", id)
        }
        guard let categoryName = table["category"]?.string, !categoryName.isEmpty else {
            throw fail("missing string 'category'", id)
        }
        guard let regex = table["regex"]?.string, !regex.isEmpty else { throw fail("missing string 'regex'", id) }
        let confidence: Double
        if let value = table["confidence"] {
            guard let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) else {
                throw fail("'confidence' must be a number between 0 and 1", id)
            }
            confidence = number
        } else {
            confidence = 0.5
        }
        return Rule(
            id: id, category: Category(categoryName), description: table["description"]?.string ?? "",
            regex: regex, validator: table["validator"]?.string,
            keywords: try strings(table, "keywords", id: id, fail: fail),
            negativeKeywords: try strings(table, "negative_keywords", id: id, fail: fail),
            confidence: confidence, caseless: table["caseless"]?.bool ?? false,
            prefilter: try parsePrefilter(table["prefilter"], id: id, fail: fail),
            start: try parseStartFilter(table["start"], id: id, fail: fail),
            lines: try parseLineFilter(table["lines"], id: id, fail: fail),
            tests: try parseTests(table["tests"], id: id, fail: fail), source: source)
    }

    private static func strings(
        _ table: TOMLTable, _ key: String, id: String, fail: (String, String?) -> RuleFileError
    ) throws(RuleFileError) -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw fail("'\(key)' must be an array of strings", id) }
        var result: [String] = []
        for element in array {
            guard let string = element.string else { throw fail("'\(key)' must be an array of strings", id) }
            result.append(string)
        }
        return result
    }

    private static func parsePrefilter(
        _ value: TOMLValueConvertible?, id: String, fail: (String, String?) -> RuleFileError
    ) throws(RuleFileError) -> RulePrefilter? {
        guard let value else { return nil }
        guard let table = value.table, let bytes = table["bytes"]?.string, let within = table["within"]?.int else {
            throw fail("'prefilter' must be a table with a string 'bytes' and an integer 'within'", id)
        }
        for key in table.keys where !["bytes", "within"].contains(key) { throw fail("unknown key 'prefilter.\(key)'", id) }
        let utf8 = Array(bytes.utf8)
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 < 0x80 }) else {
            throw fail("'prefilter.bytes' must be one or more ASCII characters", id)
        }
        guard (0...1024).contains(within) else { throw fail("'prefilter.within' must be between 0 and 1024", id) }
        return RulePrefilter(bytes: Array(Set(utf8)).sorted(), within: within)
    }

    private static func parseLineFilter(
        _ value: TOMLValueConvertible?, id: String, fail: (String, String?) -> RuleFileError
    ) throws(RuleFileError) -> RuleLineFilter? {
        guard let value else { return nil }
        guard let table = value.table, let array = table["literals"]?.array else {
            throw fail("'lines' must be a table with an array 'literals', an optional integer 'digit_within' and an optional 'context' flag", id)
        }
        let within: Int?
        if let value = table["digit_within"] {
            guard let number = value.int else { throw fail("'lines.digit_within' must be an integer", id) }
            within = number
        } else {
            within = nil
        }
        var isContext = false
        if let value = table["context"] {
            guard let flag = value.bool else { throw fail("'lines.context' must be true or false", id) }
            isContext = flag
        }
        if isContext && within != nil { throw fail("'lines.digit_within' cannot be used with 'lines.context'", id) }
        for key in table.keys where !["literals", "digit_within", "context"].contains(key) { throw fail("unknown key 'lines.\(key)'", id) }
        var literals: [[UInt8]] = []
        for item in array {
            guard let text = item.string, text.utf8.count >= 2, !text.contains("\n") else {
                throw fail("'lines.literals' must be strings of at least 2 bytes without a line break", id)
            }
            literals.append(Array(text.utf8))
        }
        guard !literals.isEmpty else { throw fail("'lines.literals' must not be empty", id) }
        if let within, !(0...64).contains(within) { throw fail("'lines.digit_within' must be between 0 and 64", id) }
        return RuleLineFilter(literals: literals, digitWithin: within, isContext: isContext)
    }

    private static func parseStartFilter(
        _ value: TOMLValueConvertible?, id: String, fail: (String, String?) -> RuleFileError
    ) throws(RuleFileError) -> RuleStartFilter? {
        guard let value else { return nil }
        guard let table = value.table, let bytes = table["bytes"]?.string else {
            throw fail(
                "'start' must be a table with a string 'bytes' (and optional 'not_after', 'digits', 'prefix', 'units', 'separators', 'max_gap', 'min_units', 'max_digits', 'digit_run')",
                id)
        }
        let known = ["bytes", "not_after", "digits", "prefix", "units", "separators", "max_gap", "min_units", "max_digits", "digit_run"]
        for key in table.keys where !known.contains(key) {
            throw fail("unknown key 'start.\(key)'", id)
        }
        guard let startBytes = RuleStartFilter.byteSet(bytes), !startBytes.isEmpty else {
            throw fail("'start.bytes' must list one or more characters or ranges", id)
        }
        var notAfter = Set<UInt8>()
        if let value = table["not_after"] {
            guard let text = value.string, let set = RuleStartFilter.byteSet(text), set.allSatisfy({ $0 < 0x80 }) else {
                throw fail("'start.not_after' must list ASCII characters or ranges", id)
            }
            notAfter = set
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(RuleFileError) -> Int {
            guard let value = table[key] else { return 0 }
            guard let number = value.int, range.contains(number) else {
                throw fail("'start.\(key)' must be an integer between \(range.lowerBound) and \(range.upperBound)", id)
            }
            return number
        }
        let digits = try integer("digits", 0...64)
        if digits > 0 && !startBytes.isSubset(of: Set(UInt8(ascii: "0")...UInt8(ascii: "9"))) {
            throw fail("'start.digits' needs 'start.bytes' to be digits only", id)
        }
        var prefix: [Set<UInt8>] = []
        if let value = table["prefix"] {
            let items = value.array ?? []
            let sets = items.compactMap { $0.string.flatMap { RuleStartFilter.byteSet($0, allBytes: true) } }
            guard value.array != nil, sets.count == items.count, items.count <= RuleStartFilter.maxPrefix,
                !sets.contains(where: \.isEmpty)
            else {
                throw fail(
                    "'start.prefix' must be a list of at most \(RuleStartFilter.maxPrefix) strings of characters or ASCII ranges, one per leading byte",
                    id)
            }
            guard startBytes.isSubset(of: sets.first ?? startBytes) else {
                throw fail("'start.prefix' must allow every byte of 'start.bytes' first", id)
            }
            prefix = sets
        }
        func bytesOf(_ key: String) throws(RuleFileError) -> Set<UInt8> {
            guard let value = table[key] else { return [] }
            guard let text = value.string, let set = RuleStartFilter.byteSet(text, allBytes: true) else {
                throw fail("'start.\(key)' must list characters or ASCII ranges", id)
            }
            return set
        }
        let units = try bytesOf("units")
        let separators = try bytesOf("separators")
        let maxGap = try integer("max_gap", 0...64)
        let minUnits = try integer("min_units", 0...64)
        if (!units.isEmpty || !separators.isEmpty || maxGap > 0) != (minUnits > 0) || (minUnits > 0 && units.isEmpty) {
            throw fail("a start shape needs 'units' and 'min_units' (and optional 'separators', 'max_gap')", id)
        }
        let maxDigits = try integer("max_digits", 0...64)
        if maxDigits > 0 && maxDigits < digits {
            throw fail("'start.max_digits' cannot be less than 'start.digits'", id)
        }
        let digitRun = try integer("digit_run", 0...64)
        if digitRun > 0 && minUnits == 0 {
            throw fail("'start.digit_run' needs a start shape ('units' and 'min_units')", id)
        }
        return RuleStartFilter(
            bytes: startBytes, continuations: RuleStartFilter.continuations(bytes), notAfter: notAfter, digits: digits, prefix: prefix, units: units, separators: separators, maxGap: maxGap,
            minUnits: minUnits, maxDigits: maxDigits, digitRun: digitRun)
    }

    private static func parseTests(
        _ value: TOMLValueConvertible?, id: String, fail: (String, String?) -> RuleFileError
    ) throws(RuleFileError) -> RuleTests {
        guard let value else { return RuleTests() }
        guard let table = value.table else { throw fail("'tests' must be a table", id) }
        for key in table.keys where !["positives", "negatives", "expect"].contains(key) {
            throw fail("unknown key 'tests.\(key)'", id)
        }
        var tests = RuleTests()
        tests.positives = try strings(table, "positives", id: id, fail: fail)
        tests.negatives = try strings(table, "negatives", id: id, fail: fail)
        if let expectValue = table["expect"] {
            guard let array = expectValue.array else { throw fail("'tests.expect' must be an array of tables", id) }
            for element in array {
                guard let entry = element.table, let text = entry["text"]?.string else {
                    throw fail("each 'tests.expect' entry needs a string 'text'", id)
                }
                var expectation = RuleExpectation(text: text)
                if let category = entry["category"]?.string { expectation.category = Category(category) }
                if let verdictName = entry["verdict"]?.string {
                    guard let verdict = Verdict(rawValue: verdictName) else {
                        throw fail("unknown verdict '\(verdictName)' (confirmed, plausible, rejected)", id)
                    }
                    expectation.verdict = verdict
                }
                expectation.minConfidence = entry["min_confidence"].flatMap { $0.double ?? $0.int.map(Double.init) }
                expectation.maxConfidence = entry["max_confidence"].flatMap { $0.double ?? $0.int.map(Double.init) }
                tests.expect.append(expectation)
            }
        }
        return tests
    }
}
