#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PIIModel

/// Scans what a commit adds (`--staged`) or what a branch adds (`--diff REV`).
///
/// Only the added lines of each file are scanned: git's `-U0` hunk headers say which lines of the
/// new version are new, and the new blob (from the index, or `HEAD`) streams through
/// ``AddedLinesSource``, which passes on just those lines, concatenated; findings are mapped back
/// to the line, column and offset of the new file. Detection only looks at the line a value is
/// on (context keywords are same-line, ±96 bytes), so this finds exactly what scanning the whole
/// file and keeping findings on added lines would — at a cost that grows with the size of the
/// change, not of the file, which matters for a hook that runs on every commit. (SQL dump
/// attribution, which needs a dump from its first byte, does not apply to diffs.)
///
/// Renames count only their changed lines (`-M`), deletions nothing; submodules are ignored.
/// Binary blobs are skipped with a note, like the scanner skips binary files; so are gzip
/// archives and SQLite databases (scan those files directly). A blob git shows no line diff
/// for although its content is text (over `core.bigFileThreshold`) is scanned whole.
public struct GitDiffScanner {
    public enum Mode: Sendable, Equatable {
        /// The index against `HEAD` (what `git commit` would record).
        case staged
        /// `REV...HEAD`: what `HEAD` adds since its merge base with REV (a pull request).
        case range(String)
    }

    public let engine: ScanEngine
    public let mode: Mode
    /// `--exclude` patterns, relative to the repository's top level.
    public var excludes: [String] = []
    /// Honour `.piiscanignore` files of the working tree.
    public var useIgnoreFiles = true

    public init(engine: ScanEngine, mode: Mode) throws(GitError) {
        if case .range(let revision) = mode, revision.hasPrefix("-") || revision.isEmpty {
            throw GitError("--diff: '\(revision)' is not a revision")
        }
        self.engine = engine
        self.mode = mode
    }

    /// The `git diff` arguments for the mode.
    var diffArguments: [String] {
        var arguments = [
            "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index", "-U0", "-M",
            "--ignore-submodules=all", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative",
            // The exact paths come from the raw listing before the patch (NUL-separated, unquoted).
            "--raw", "-z", "--no-abbrev", "--patch",
        ]
        switch mode {
        case .staged: arguments.append("--cached")
        case .range(let revision): arguments.append("\(revision)...HEAD")
        }
        return arguments + ["--"]
    }

    private var what: String {
        switch mode {
        case .staged: "--staged"
        case .range: "--diff"
        }
    }

    /// The files of the diff (streamed from git; content lines are not kept). Paths are taken
    /// from git's raw listing, not from the patch headers (see ``RawDiffEntry``).
    public func files() throws(GitError) -> [DiffFile] {
        let child = try Git.Child(diffArguments)
        var parser = DiffParser()
        var entries: [RawDiffEntry] = []
        let reader = PipeReader(fd: child.output.fileDescriptor)
        do throws(InputError) {
            // `:… status` NUL path NUL [path NUL] per file, then an empty field, then the patch.
            while let field = try reader.readField(terminator: 0), !field.isEmpty {
                guard var entry = RawDiffEntry(header: field) else {
                    throw InputError("unexpected raw diff line '\(field.prefix(80))'")
                }
                guard let first = try reader.readField(terminator: 0) else { throw InputError("git output ended early") }
                entry.path = first
                if entry.hasTwoPaths {
                    guard let second = try reader.readField(terminator: 0) else { throw InputError("git output ended early") }
                    entry.renamedFrom = first
                    entry.path = second
                }
                entries.append(entry)
            }
            repeat {
                parser.feed(reader.bytes)
                reader.start = reader.start + reader.available
            } while try reader.fill()
        } catch {
            throw GitError("\(what): \(error.message)")
        }
        try child.wait(what)
        var files = parser.finish()
        RawDiffEntry.attach(entries, to: &files)
        return files
    }

    /// Scans the added lines, calling `emit` in path order; paths are relative to the top level.
    public func scan(topLevel: String, emit: (ScanEvent) -> Void) throws(GitError) -> ScanSummary {
        let started = DispatchTime.now()
        let configuration = engine.configuration
        var summary = ScanSummary()
        let ignore = ignoreRules(topLevel: topLevel)
        let wanted = try files().filter { file in
            !file.deleted && file.blob != nil && (file.binary || !file.added.isEmpty) && !ignore.excludes(file.path)
        }
        guard !wanted.isEmpty else { return summary }

        let catFile = try Git.Child(["cat-file", "--batch"], withInput: true)
        let reader = PipeReader(fd: catFile.output.fileDescriptor)
        let scanner = UnitScanner(detectors: engine.detectors, configuration: configuration)
        func note(_ issue: InputIssue) {
            if issue.kind == .error {
                summary.errors += 1
                summary.complete = false
            } else {
                summary.skipped += 1
            }
            emit(.issue(issue))
        }
        var interrupted = 0
        do {
            for (index, file) in wanted.enumerated() {
                if Interruption.isRequested {
                    interrupted = wanted.count - index
                    break
                }
                do {
                    try catFile.input!.write(contentsOf: Data("\(file.blob!)\n".utf8))
                } catch {
                    throw InputError("cannot write to git cat-file: \(error.localizedDescription)")
                }
                guard let header = try reader.readLine() else { throw InputError("git cat-file ended early") }
                let fields = header.split(separator: " ")
                guard fields.count == 3, fields[1] == "blob", let size = Int64(fields[2]) else {
                    note(InputIssue(kind: .error, path: file.path, message: "cannot read the new version from git (\(header))"))
                    continue
                }
                // Classify by content, like files: ensure the head is buffered, then look at it.
                let headSize = Int(min(Int64(ContentSniffer.headSize), size))
                while reader.available < headSize, try reader.fill() {}
                let kind = ContentSniffer.classify(UnsafeRawBufferPointer(rebasing: reader.bytes.prefix(headSize)))
                var skipReason: String?
                switch kind {
                case .text:
                    let head = UnsafeRawBufferPointer(rebasing: reader.bytes.prefix(headSize))
                    if TextEncoding.detect(head) != .utf8 {
                        skipReason = "\(TextEncoding.detect(head).rawValue) text skipped in a diff (run `piiscan scan` on the file)"
                    }
                case .unsupported(let reason): skipReason = reason
                case .gzip: skipReason = "gzip archive skipped in a diff (run `piiscan scan` on the file)"
                case .sqlite: skipReason = "SQLite database skipped in a diff (run `piiscan scan` on the file)"
                }
                if let skipReason {
                    try reader.skip(size + 1)
                    note(InputIssue(kind: .skipped, path: file.path, message: skipReason))
                    continue
                }
                let map = AddedLineMap()
                var source = AddedLinesSource(
                    reader: reader, size: size, added: file.binary ? [1..<Int.max] : file.added, map: map)
                let result = scanner.scan(&source, path: file.path) { finding in
                    var finding = finding
                    let (line, offset) = map.map(line: Int64(finding.line), offset: finding.offset)
                    finding.line = Int(line)
                    finding.offset = offset
                    guard configuration.admit(finding, counting: &summary) else { return }
                    summary.add(finding)
                    emit(.finding(finding))
                }
                try source.drain()
                try reader.skip(1)  // the line break after each blob
                summary.files += 1
                summary.bytes += result.bytes
                for issue in result.issues { note(issue) }
            }
        } catch {
            note(InputIssue(kind: .error, path: "(git)", message: "\(what): \(error)"))
        }
        if interrupted > 0 {
            note(InputIssue(
                kind: .error, path: "(scan)",
                message: "scan interrupted by a signal: \(interrupted) of \(wanted.count) files were not scanned"))
        }
        try? catFile.input?.close()
        try catFile.wait("git cat-file")
        summary.exposure.finish()
        summary.keyID = configuration.fingerprinter.keyID
        summary.keyIsEphemeral = configuration.fingerprinter.isEphemeral
        summary.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return summary
    }

    /// `--exclude` patterns and the working tree's `.piiscanignore` files.
    private func ignoreRules(topLevel: String) -> DiffIgnore {
        var rules = IgnoreRules()
        for pattern in excludes { rules.add(pattern: pattern) }
        return DiffIgnore(rules: rules, topLevel: topLevel, useIgnoreFiles: useIgnoreFiles)
    }
}

/// Path exclusion for diffs: the same rules as the directory walk, applied to repository paths.
private final class DiffIgnore {
    private var rules: IgnoreRules
    private let topLevel: String
    private let useIgnoreFiles: Bool
    private var loaded = Set<String>()

    init(rules: IgnoreRules, topLevel: String, useIgnoreFiles: Bool) {
        self.rules = rules
        self.topLevel = topLevel
        self.useIgnoreFiles = useIgnoreFiles
    }

    func excludes(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        var directory = ""
        load(directory)
        for (index, part) in parts.enumerated() {
            let relative = directory.isEmpty ? part : directory + "/" + part
            let isLast = index == parts.count - 1
            if rules.isIgnored(relative, isDirectory: !isLast) { return true }
            if !isLast {
                directory = relative
                load(directory)
            }
        }
        return false
    }

    /// Adds the `.piiscanignore` of `directory` (relative to the top level) once.
    private func load(_ directory: String) {
        guard useIgnoreFiles, loaded.insert(directory).inserted else { return }
        let path = topLevel + "/" + (directory.isEmpty ? "" : directory + "/") + Walker.ignoreFileName
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            rules.add(fileContents: text, base: directory)
        }
    }
}
