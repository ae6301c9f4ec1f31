import Foundation
import XCTest

/// Runs the PySpark example (examples/spark/piiscan_spark.py) for real in Spark local mode
/// through examples/spark/test_spark_local.py, which asserts that the merged shard reports equal
/// one single-process scan of the same files and Parquet rows.
///
/// Needs python3 with pyspark 3.5 and Java 17. Without pyspark the test is skipped — unless
/// `PIISCAN_REQUIRE_SPARK=1` (set by `.ci/run`), where a missing pyspark is a failure.
final class SparkLocalTests: CLITestCase {
    func testSparkJobMergesToOneScan() throws {
        let required = ProcessInfo.processInfo.environment["PIISCAN_REQUIRE_SPARK"] == "1"
        let probe = try run(["python3", "-c", "import pyspark"])
        if probe.status != 0 {
            let message = "pyspark is not installed (python3 -m pip install pyspark==3.5.3; Java 17 needed): Spark local-mode test not run"
            if required { return XCTFail(message + " — PIISCAN_REQUIRE_SPARK=1 requires it") }
            throw XCTSkip(message)
        }
        let outcome = try run([
            "python3", Self.root.appendingPathComponent("examples/spark/test_spark_local.py").path, "--piiscan", Self.binary.path,
        ])
        XCTAssertEqual(outcome.status, 0, outcome.output.suffix(6000).description)
        XCTAssertTrue(outcome.output.contains("\nOK local[2]: "), outcome.output.suffix(6000).description)
        if let line = outcome.output.split(separator: "\n").last(where: { $0.hasPrefix("OK ") }) { print(line) }
    }

    private struct Result {
        var status: Int32
        var output: String
    }

    /// Runs a command in the package root, stdout and stderr together (the Spark log is long: it
    /// goes to a file, not a pipe, so it can never block the child).
    private func run(_ command: [String]) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("piiscan-spark-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = Self.root
        var environment = ProcessInfo.processInfo.environment
        environment["PYSPARK_PYTHON"] = environment["PYSPARK_PYTHON"] ?? "python3"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        return Result(status: process.terminationStatus, output: output)
    }
}
