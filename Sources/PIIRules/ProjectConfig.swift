import Foundation
import TOMLKit

/// A project's `.piiscan.toml`: settings a repository keeps next to its code, so that every
/// developer's hook and the CI job scan the same way. Command-line flags override it.
///
/// ```toml
/// exclude = ["testdata/**", "*.golden"]     # like --exclude (gitignore syntax)
/// min_confidence = 0.6                      # like --min-confidence
/// fail_on = ["confirmed"]                   # like --fail-on (a string or a list)
/// baseline = ".piiscan-baseline"            # like --baseline, relative to this file
/// allow_values = ["900101-1234567"]         # test values that are never reported
/// key_file = ".piiscan-key"                 # fingerprint key when neither --key-file nor PIISCAN_KEY is set
///
/// [min_confidence_by_category]
/// kr-phone = 0.9
/// ```
public struct ProjectConfig: Equatable, Sendable {
    /// File name looked for in the current directory and at the repository's top level.
    public static let fileName = ".piiscan.toml"

    /// The file this came from, and its directory (relative settings are resolved against it).
    public var source: String
    public var directory: String
    public var excludes: [String] = []
    public var minConfidence: Double?
    public var minConfidenceByCategory: [String: Double] = [:]
    public var failOn: [String]?
    /// Baseline path, resolved against ``directory``.
    public var baseline: String?
    /// Values (written in plain text by the user) that are never reported.
    public var allowValues: [String] = []
    /// Key file for fingerprints, resolved against ``directory``.
    public var keyFile: String?

    public init(source: String, directory: String) {
        self.source = source
        self.directory = directory
    }

    static let keys: Set<String> = [
        "exclude", "min_confidence", "min_confidence_by_category", "fail_on", "baseline", "allow_values", "key_file",
    ]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ProjectConfigError) -> ProjectConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProjectConfigError(file: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProjectConfigError(file: path, message: "not UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// Parses the text of a config file; `source` (its path) names it in errors and resolves
    /// relative paths.
    public static func parse(_ text: String, source: String) throws(ProjectConfigError) -> ProjectConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ProjectConfigError(
                file: source, line: error.source.begin.line, column: error.source.begin.column,
                message: "invalid TOML: \(error.description)")
        } catch {
            throw ProjectConfigError(file: source, message: "invalid TOML: \(error)")
        }
        func fail(_ message: String) -> ProjectConfigError { ProjectConfigError(file: source, message: message) }
        for key in table.keys.sorted() where !keys.contains(key) {
            throw fail("unknown key '\(key)' (known: \(keys.sorted().joined(separator: ", ")))")
        }
        var directory = "."
        if let slash = source.lastIndex(of: "/") {
            directory = slash == source.startIndex ? "/" : String(source[..<slash])
        }
        var config = ProjectConfig(source: source, directory: directory)

        func strings(_ key: String, allowSingle: Bool = false) throws(ProjectConfigError) -> [String]? {
            guard let value = table[key] else { return nil }
            if allowSingle, let single = value.string { return [single] }
            guard let array = value.array else {
                throw fail("'\(key)' must be an array of strings" + (allowSingle ? " or a string" : ""))
            }
            var result: [String] = []
            for element in array {
                guard let string = element.string else { throw fail("'\(key)' must be an array of strings") }
                result.append(string)
            }
            return result
        }
        func confidence(_ value: TOMLValueConvertible, _ name: String) throws(ProjectConfigError) -> Double {
            guard let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) else {
                throw fail("'\(name)' must be a number between 0 and 1")
            }
            return number
        }

        config.excludes = try strings("exclude") ?? []
        config.allowValues = try strings("allow_values") ?? []
        for (index, value) in config.allowValues.enumerated() where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail("'allow_values' entry \(index + 1) is empty")
        }
        config.failOn = try strings("fail_on", allowSingle: true)
        if let value = table["min_confidence"] { config.minConfidence = try confidence(value, "min_confidence") }
        if let value = table["min_confidence_by_category"] {
            guard let categories = value.table else {
                throw fail("'min_confidence_by_category' must be a table (category = number)")
            }
            for key in categories.keys.sorted() {
                config.minConfidenceByCategory[key] = try confidence(categories[key]!, "min_confidence_by_category.\(key)")
            }
        }
        if let value = table["key_file"] {
            guard let path = value.string, !path.isEmpty else { throw fail("'key_file' must be a non-empty string (a path)") }
            config.keyFile = path.hasPrefix("/") ? path : (config.directory == "/" ? "" : config.directory) + "/" + path
        }
        if let value = table["baseline"] {
            guard let path = value.string, !path.isEmpty else { throw fail("'baseline' must be a non-empty string (a path)") }
            config.baseline = path.hasPrefix("/") ? path : (config.directory == "/" ? "" : config.directory) + "/" + path
        }
        return config
    }
}

/// A `.piiscan.toml` that cannot be used: names the file and, for syntax errors, where.
public struct ProjectConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(location): \(message)"
    }
}
