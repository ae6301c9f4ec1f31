#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A git command that failed, or git itself missing; the message is for `piiscan: error: …`.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs `git` (found on PATH) in the current directory, inheriting the environment, so that a
/// hook's `GIT_DIR` / `GIT_INDEX_FILE` (e.g. the temporary index of `git commit -a`) apply.
public enum Git {
    /// Options that make output parseable whatever the user's configuration says.
    static let neutralConfig = [
        "-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false",
        "-c", "diff.relative=false", "-c", "color.ui=false",
    ]

    /// A running git process with its standard output (and input, when asked for) as pipes.
    final class Child {
        let process = Process()
        let output: FileHandle
        let input: FileHandle?
        private let errorPipe = Pipe()
        private let errorBox = ErrorBox()
        private let errorReader: Thread

        init(_ arguments: [String], withInput: Bool = false) throws(GitError) {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + Git.neutralConfig + arguments
            let outputPipe = Pipe()
            process.standardOutput = outputPipe
            process.standardError = errorPipe
            var inputPipe: Pipe?
            if withInput {
                inputPipe = Pipe()
                process.standardInput = inputPipe
            }
            output = outputPipe.fileHandleForReading
            input = inputPipe?.fileHandleForWriting
            let box = errorBox
            let handle = errorPipe.fileHandleForReading
            errorReader = Thread { box.data = handle.readDataToEndOfFile() }
            do {
                try process.run()
            } catch {
                throw GitError("cannot run git: \(error.localizedDescription)")
            }
            errorReader.start()
        }

        /// Waits for the process; throws with git's message when it failed.
        func wait(_ what: String) throws(GitError) {
            try? input?.close()
            process.waitUntilExit()
            while !errorReader.isFinished { usleep(500) }
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                let message = String(decoding: errorBox.data, as: UTF8.self)
                    .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    .joined(separator: "; ")
                if process.terminationStatus == 127 { throw GitError("\(what): git is not installed (or not on PATH)") }
                throw GitError("\(what): git failed" + (message.isEmpty ? " (status \(process.terminationStatus))" : ": \(message)"))
            }
        }
    }

    /// Runs git to completion and returns its standard output.
    public static func output(_ arguments: [String], what: String) throws(GitError) -> String {
        let child = try Child(arguments)
        let data = child.output.readDataToEndOfFile()
        try child.wait(what)
        return String(decoding: data, as: UTF8.self)
    }

    /// The top level of the working tree the current directory is in.
    public static func topLevel() throws(GitError) -> String {
        let path = try output(["rev-parse", "--show-toplevel"], what: "not in a git working tree")
            .trimmingCharacters(in: .newlines)
        guard !path.isEmpty else { throw GitError("not in a git working tree") }
        return path
    }
}

final class ErrorBox: @unchecked Sendable {
    // SAFETY: written by the reader thread before it finishes, read only after that.
    var data = Data()
}

/// Buffered reads from a pipe (git's standard output).
final class PipeReader {
    let fd: Int32
    private(set) var storage: UnsafeMutableRawBufferPointer
    /// Unconsumed bytes are `storage[start..<end]`.
    var start = 0
    private(set) var end = 0
    private(set) var atEnd = false

    init(fd: Int32, capacity: Int = 256 * 1024) {
        self.fd = fd
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var available: Int { end - start }
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[start..<end]) }

    /// Reads more bytes (at least one unless at the end of the stream). Returns false at the end.
    @discardableResult
    func fill() throws(InputError) -> Bool {
        if atEnd { return false }
        if start > 0 && (start == end || end == storage.count) {
            if end > start { storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start) }
            end -= start
            start = 0
        }
        if end == storage.count {
            // A header longer than the buffer: grow.
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = bigger
        }
        while true {
            let n = Glibc.read(fd, storage.baseAddress! + end, storage.count - end)
            if n > 0 {
                end += n
                return true
            }
            if n == 0 {
                atEnd = true
                return false
            }
            if errno == EINTR { continue }
            throw InputError("cannot read from git: \(String(cString: strerror(errno)))")
        }
    }

    /// The next line without its line break, or nil at the end of the stream.
    func readLine() throws(InputError) -> String? { try readField(terminator: 0x0A) }

    /// The bytes up to the next `terminator` (not included), or nil at the end of the stream.
    func readField(terminator: UInt8) throws(InputError) -> String? {
        while true {
            if available > 0, let hit = memchr(storage.baseAddress! + start, Int32(terminator), available) {
                let stop = UnsafeRawPointer(storage.baseAddress!).distance(to: UnsafeRawPointer(hit))
                let line = String(decoding: UnsafeRawBufferPointer(rebasing: storage[start..<stop]), as: UTF8.self)
                start = stop + 1
                return line
            }
            if try !fill() { return nil }
        }
    }

    /// Discards `count` bytes.
    func skip(_ count: Int64) throws(InputError) {
        var left = count
        while left > 0 {
            if available == 0, try !fill() { throw InputError("git output ended early") }
            let n = Int(min(Int64(available), left))
            start += n
            left -= Int64(n)
        }
    }
}
