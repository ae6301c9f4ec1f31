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
/// on (context keywords are same-line, within 64 characters) and at the line before it (a
/// value alone on its line answers it), so each run of added lines is passed on with the line
/// before it, whose own findings are dropped: this finds exactly what scanning the whole file and keeping
/// findings on added lines would — at a cost that grows with the size of the change, not of the
/// file, which matters for a hook that runs on every commit. Text whose
/// values take their context from its head — a CSV/TSV file's header (column names), a SQL
/// dump's `CREATE TABLE` (table and column attribution) — is scanned whole instead, and only the
/// findings on added lines are kept: the same result, at the cost of the whole file.
///
/// Renames count only their changed lines (`-M`, with no rename limit), deletions nothing;
/// submodules are ignored.
/// CP949 text (whose line diff git shows) is scanned whole too, transcoded, keeping the findings on
/// its added lines. Blobs without lines to pick — SQLite databases, compressed files (gzip,
/// bzip2, xz, zstd), tar and ZIP archives, office documents, UTF-16 text,
/// which git shows as binary — are scanned whole, exactly like `piiscan scan FILE`, through a private
/// temporary copy (see ``scanWholeBlob(size:from:path:with:sink:)``); a modified one therefore
/// reports all the findings of its new version. Other binary blobs (images, executables) are
/// skipped with a note, like the scanner skips binary files. A blob git shows no line diff for
/// although its content is UTF-8 text (over `core.bigFileThreshold`) is scanned whole.
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
    ///
    /// `-l0` lifts the rename limit (`diff.renameLimit`, 1000 by default): past it git skips
    /// inexact rename detection with only a warning on standard error (which piiscan does not
    /// show), so every renamed-and-edited file of a large refactor would count as added and all
    /// its old findings as new. 0 means unlimited (`git diff -l`, git 2.39); the cost, git's
    /// O(N²) comparison of the unpaired files, is paid only by changes that rename many files.
    var diffArguments: [String] {
        var arguments = [
            "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index", "-U0", "-M", "-l0",
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
                var whole = false  // content that has no lines to pick: scan the whole blob
                // Text whose values take context from its head (a CSV header's column names, a
                // dump's CREATE TABLE): scanned whole, keeping only the findings on added lines.
                var structured = false
                switch kind {
                case .text:
                    let head = UnsafeRawBufferPointer(rebasing: reader.bytes.prefix(headSize))
                    whole = TextEncoding.detect(head) != .utf8  // UTF-16 or CP949: transcoded
                    if !file.binary {
                        // CP949 has no NUL bytes: git shows its line diff, and only the findings
                        // on the added lines are the change's (UTF-16 is binary to git).
                        structured = whole || TextStructure.detect(head) != nil || SQLDumpSniffer.dialect(of: head) != nil
                    }
                case .unsupported(let reason):
                    let head = Array(UnsafeRawBufferPointer(rebasing: reader.bytes.prefix(headSize)))
                    if ScanEngine.looksLikeEncryptedDatabase(path: file.path, head: head[...]) {
                        // As for `piiscan scan`: a database that cannot be read is an error, not a harmless binary.
                        try reader.skip(size + 1)
                        note(InputIssue(kind: .error, path: file.path, message: ScanEngine.encryptedDatabaseMessage))
                        continue
                    }
                    skipReason = reason
                case .gzip, .compressed, .sqlite, .zip, .tar, .compoundFile, .postgresArchive, .parquet: whole = true
                }
                if let skipReason {
                    try reader.skip(size + 1)
                    note(InputIssue(kind: .skipped, path: file.path, message: skipReason))
                    continue
                }
                if whole || structured {
                    let added = file.added
                    let outcome = try scanWholeBlob(size: size, from: reader, path: file.path, with: scanner) { finding in
                        guard !structured || Self.contains(added, finding.line) else { return }
                        guard configuration.admit(finding, counting: &summary) else { return }
                        summary.add(finding)
                        emit(.finding(finding))
                    }
                    try reader.skip(1)  // the line break after each blob
                    if outcome.opened { summary.files += 1 }
                    summary.bytes += outcome.unit.bytes
                    summary.rows += outcome.rows
                    for column in outcome.columns { summary.add(column) }
                    for issue in outcome.unit.issues { note(issue) }
                    continue
                }
                let map = AddedLineMap()
                let added = file.binary ? [1..<Int.max] : file.added
                // Each run of added lines comes with the line before it: a value alone on its line
                // takes its context from there (`계좌번호:⏎110-234-567890`), as in a whole-file
                // scan. Findings on those lines are not the change's and are dropped.
                var source = AddedLinesSource(reader: reader, size: size, added: Self.withLineBefore(added), map: map)
                let result = scanner.scan(&source, path: file.path, lines: .text) { finding in
                    var finding = finding
                    let (line, offset) = map.map(line: Int64(finding.line), offset: finding.offset)
                    finding.line = Int(line)
                    finding.offset = offset
                    guard Self.contains(added, finding.line) else { return }
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
            note(InputIssue(kind: .error, path: InputIssue.gitPath, message: "\(what): \(error)"))
        }
        if interrupted > 0 {
            note(InputIssue(
                kind: .error, path: InputIssue.scanPath,
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

    /// `added` (increasing, disjoint line ranges) with each range widened by the line before it,
    /// merged where they then touch.
    static func withLineBefore(_ added: [Range<Int>]) -> [Range<Int>] {
        var widened: [Range<Int>] = []
        widened.reserveCapacity(added.count)
        for range in added {
            let start = max(1, range.lowerBound - 1)
            if let last = widened.last, last.upperBound >= start {
                widened[widened.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                widened.append(start..<range.upperBound)
            }
        }
        return widened
    }

    /// Whether one of `ranges` (increasing, disjoint) holds `line`.
    static func contains(_ ranges: [Range<Int>], _ line: Int) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {  // the first range ending after `line`
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= line { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].contains(line)
    }

    /// Scans a whole blob (`size` bytes about to come from `reader`) exactly as `piiscan scan`
    /// scans a file: it is copied to a private temporary file (mode 0600, in a fresh directory of
    /// mode 0700, under `TMPDIR`) — SQLite needs a real file — scanned with
    /// ``ScanEngine/scanWholeFile(at:with:sink:)``, and deleted with its directory afterwards
    /// (SQLite side files included). Nothing in the repository, its index or working tree is
    /// written. Findings, issues and column counts are reported under the repository `path`.
    ///
    /// A temporary file that cannot be written (no space, no `TMPDIR`) is an error for this blob
    /// only (the rest of the blob is read off the pipe so that the next one lines up).
    /// - Throws: only when git's output itself fails (the whole diff scan stops, as for text).
    private func scanWholeBlob(
        size: Int64, from reader: PipeReader, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) throws(InputError) -> ScanEngine.UnitOutcome {
        var failed = ScanEngine.UnitOutcome()
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("piiscan-blob.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            failed.unit.issues.append(InputIssue(
                kind: .error, path: path,
                message: "cannot create a temporary directory in \(base) to scan the blob: \(String(cString: strerror(errno)))"))
            try reader.skip(size)
            return failed
        }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The copy keeps the blob's file name: what is derived from it (a Parquet file's table,
        // a `.parquet` that is not one) is the same as for `piiscan scan`.
        let name = path.split(separator: "/").last.map(String.init) ?? "blob"
        let temporary = directory + "/" + (name.isEmpty || name == "." || name == ".." ? "blob" : name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            failed.unit.issues.append(InputIssue(
                kind: .error, path: path, message: "cannot create a temporary file to scan the blob: \(String(cString: strerror(errno)))"))
            try reader.skip(size)
            return failed
        }
        var left = size
        var writeError: Int32 = 0
        while left > 0 {
            if reader.available == 0, try !reader.fill() {
                close(fd)
                throw InputError("git output ended \(left) bytes before the end of the blob")
            }
            let n = Int(min(Int64(reader.available), left))
            var done = 0
            while done < n && writeError == 0 {
                let written = write(fd, reader.storage.baseAddress! + reader.start + done, n - done)
                if written > 0 {
                    done += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    writeError = written < 0 ? errno : ENOSPC
                }
            }
            reader.start += n
            left -= Int64(n)
            if writeError != 0 {
                try reader.skip(left)
                break
            }
        }
        if writeError == 0 && close(fd) != 0 { writeError = errno } else if writeError != 0 { close(fd) }
        guard writeError == 0 else {
            failed.unit.issues.append(InputIssue(
                kind: .error, path: path,
                message: "cannot write a temporary copy of the blob to scan it: \(String(cString: strerror(writeError)))"))
            return failed
        }
        // The copy's name becomes the blob's path; what follows it (`!sheet` of a workbook,
        // `!member` of an archive) stays.
        func renamed(_ reported: String) -> String {
            reported.hasPrefix(temporary) ? path + reported.dropFirst(temporary.count) : path
        }
        var outcome = engine.scanWholeFile(at: temporary, with: scanner) { finding in
            var finding = finding
            finding.path = renamed(finding.path)
            sink(finding)
        }
        for index in outcome.unit.issues.indices {
            outcome.unit.issues[index].path = renamed(outcome.unit.issues[index].path)
            outcome.unit.issues[index].message = outcome.unit.issues[index].message.replacingOccurrences(of: temporary, with: path)
        }
        for index in outcome.columns.indices { outcome.columns[index].key.path = renamed(outcome.columns[index].key.path) }
        return outcome
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
