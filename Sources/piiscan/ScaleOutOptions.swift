#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIScan

extension StandardInputFormat: ExpressibleByArgument {}

/// Options for scanning on many machines (`piiscan scan`): path lists, shards, and tables
/// streamed as JSON lines. Shard reports combine with `piiscan merge`.
struct ScaleOutOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also scan the paths listed in FILE ('-': standard input), NUL-separated (find -print0) or one per line.",
            valueName: "FILE"))
    var filesFrom: String?

    @Option(
        help: ArgumentHelp(
            "Scan only shard I of N (0-based: 0/4 … 3/4) of the inputs; the same inputs give the same shards on every machine. Merge the shard reports with `piiscan merge`.",
            valueName: "I/N"))
    var shard: String?

    @Option(help: "Standard input as text (default) or jsonl: one JSON object per line, scanned as the rows of the table --source-name.")
    var stdinFormat: StandardInputFormat = .text

    @Option(help: ArgumentHelp("With --stdin-format jsonl: the table name (also the input's path in reports).", valueName: "TABLE"))
    var sourceName: String?

    func validate() throws {
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be I/N with 0 ≤ I < N (0-based), e.g. 0/4")
        }
        if sourceName != nil && stdinFormat != .jsonl { throw ValidationError("--source-name needs --stdin-format jsonl") }
        if let sourceName, sourceName.isEmpty { throw ValidationError("--source-name must not be empty") }
        if filesFrom == "-" && stdinFormat == .jsonl {
            throw ValidationError("--files-from - and --stdin-format jsonl both read standard input")
        }
    }

    /// Checks the combination with the rest of `scan`.
    func validate(paths: [String], gitMode: Bool) throws {
        if gitMode && (filesFrom != nil || shard != nil || stdinFormat != .text) {
            throw ValidationError("--files-from, --shard and --stdin-format do not combine with --staged or --diff")
        }
        if filesFrom == "-" && paths.contains("-") {
            throw ValidationError("--files-from - reads the list from standard input, so '-' cannot also be scanned")
        }
    }

    func apply(to configuration: inout ScanConfiguration) {
        configuration.standardInputFormat = stdinFormat
        if let sourceName { configuration.standardInputName = sourceName }
    }

    /// The command-line paths plus the listed ones; `nil` when neither was given (the scan then
    /// picks its default input).
    func inputs(_ paths: [String]) throws -> [String]? {
        guard let filesFrom else { return paths.isEmpty ? nil : paths }
        // Read through a descriptor, not FileManager: a process substitution (`<(find …)`,
        // /dev/fd/63) or a FIFO has no size to read up to.
        let descriptor = filesFrom == "-" ? STDIN_FILENO : open(filesFrom, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw fail("--files-from: cannot read '\(filesFrom)': \(String(cString: strerror(errno)))")
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                throw fail("--files-from: cannot read '\(filesFrom)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return paths + PathList.parse(data)
    }

    /// The walked entries of this shard (all of them without `--shard`).
    func select(_ entries: [WalkEntry]) -> [WalkEntry] {
        guard let shard = shard.flatMap(Shard.init(parsing:)) else { return entries }
        return Sharding.select(entries, shard: shard)
    }
}
