import Foundation
import XCTest

/// Base class for tests that run the built `piiscan` binary like a user would.
class CLITestCase: XCTestCase {
    /// The package root (where fixtures/ lives).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built binary, next to the test bundle.
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("piiscan").path) {
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                directory = bundle.bundleURL.deletingLastPathComponent()
            }
        }
        return directory.appendingPathComponent("piiscan")
    }()

    /// A fixed fingerprint key, so outputs are reproducible.
    static let key = "piiscan-golden-key"

    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
        var all: String { stdout + stderr }
    }

    /// Runs piiscan in the package root (or `directory`) with `arguments`, the fixed key and no
    /// `NO_COLOR`; `environment` adds or overrides variables.
    @discardableResult
    func piiscan(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL? = nil
    ) throws -> Outcome {
        var env = ProcessInfo.processInfo.environment
        env["PIISCAN_KEY"] = Self.key
        env.removeValue(forKey: "NO_COLOR")
        for (name, value) in environment { env[name] = value }
        return try execute(Self.binary.path, arguments, stdin: stdin, environment: env, directory: directory)
    }

    /// Runs `executable` with exactly `environment` (default: this process's), in the package root
    /// or `directory`, feeding `stdin` (else an empty input), and collects its output.
    func execute(
        _ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
        directory: URL? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Self.root
        process.environment = environment ?? ProcessInfo.processInfo.environment
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        // Read both pipes concurrently so a large report cannot block the child.
        let errorData = DataBox()
        let errorReader = Thread { errorData.data = error.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorReader.isFinished { usleep(1000) }
        return Outcome(
            stdout: String(decoding: outputData, as: UTF8.self), stderr: String(decoding: errorData.data, as: UTF8.self),
            status: process.terminationStatus)
    }

    func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("piiscan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func fixtureLines(_ name: String) throws -> [String] {
        try String(contentsOf: Self.root.appendingPathComponent("fixtures/\(name)"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Data written by a reader thread and read after it finished.
final class DataBox: @unchecked Sendable {
    // A lock, not just `Thread.isFinished`, orders the write before the read (ThreadSanitizer
    // reported the unsynchronised version as a data race).
    private let lock = NSLock()
    private var stored = Data()
    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
