import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// A temporary directory removed at the end of the test.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("piiscan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Restore permissions changed by tests so removal works.
        if let enumerator = FileManager.default.enumerator(atPath: path) {
            for case let item as String in enumerator {
                chmod(url.appendingPathComponent(item).path, 0o755)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }
}

/// Compresses with the system gzip (always present on Debian).
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

extension ScanEngine {
    /// Scans paths and collects everything in order.
    func collect(_ paths: [String], walker: Walker = Walker()) -> (findings: [Finding], issues: [InputIssue], summary: ScanSummary) {
        var findings: [Finding] = []
        var issues: [InputIssue] = []
        let summary = scan(walker.walk(paths)) { event in
            switch event {
            case .finding(let finding): findings.append(finding)
            case .issue(let issue): issues.append(issue)
            }
        }
        return (findings, issues, summary)
    }
}

func testConfiguration(threads: Int = 1, bufferSize: Int = 1 << 20, chunkSize: Int64 = 16 << 20) -> ScanConfiguration {
    var configuration = ScanConfiguration()
    configuration.threads = threads
    configuration.bufferSize = bufferSize
    configuration.chunkSize = chunkSize
    configuration.today = CalendarDate(year: 2026, month: 11, day: 29)
    configuration.fingerprinter = Fingerprinter(secret: Array("test-key".utf8))
    return configuration
}

/// CP949 bytes of a string (through glibc's iconv, like the scanner's table).
func cp949Bytes(_ text: String) throws -> [UInt8] {
    let converter = iconv_open("CP949", "UTF-8")
    XCTAssertNotEqual(converter, iconv_t(bitPattern: -1))
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    let written = input.withUnsafeMutableBytes { i in
        output.withUnsafeMutableBytes { o -> Int in
            var ip: UnsafeMutablePointer<CChar>? = i.baseAddress!.assumingMemoryBound(to: CChar.self)
            var op: UnsafeMutablePointer<CChar>? = o.baseAddress!.assumingMemoryBound(to: CChar.self)
            var il = i.count
            var ol = o.count
            _ = iconv(converter, &ip, &il, &op, &ol)
            return o.count - ol
        }
    }
    return Array(output[0..<written])
}
