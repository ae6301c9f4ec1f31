#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import PIIModel
import PIIRules

/// Something the scan reports, delivered in input order.
public enum ScanEvent: Sendable {
    case finding(Finding)
    case issue(InputIssue)
}

/// Runs the detectors over inputs with a pool of worker threads.
///
/// Inputs are split into work units (a small file, a newline-aligned range of a large plain
/// file, a whole gzip stream or standard input). Workers take units in order, each with its own
/// ``UnitScanner``; results are re-assembled in unit order on the calling thread, so the events
/// and the summary are identical for any number of threads.
public struct ScanEngine: Sendable {
    public let configuration: ScanConfiguration
    public let detectors: [Detector]

    /// Compiles every rule of `rules`.
    public init(configuration: ScanConfiguration, rules: RuleSet) throws(RuleFileError) {
        try rules.validate()
        self.configuration = configuration
        var detectors: [Detector] = []
        for rule in rules.rules {
            let detector = try Detector(rule: rule)  // compile every rule, so errors show up anyway
            // With --only, rules that cannot produce a wanted category need not run.
            let produces = [rule.category] + (rule.validator == "kr-rrn" || rule.validator == "kr-rrn-split" ? [Category.frn] : [])
                + (rule.validator == "kr-rrn-masked" ? [Category.rrnPartial] : [])
                + (rule.validator == "kr-phone" ? [Category.phoneSafe] : [])
            if produces.contains(where: configuration.wants) { detectors.append(detector) }
        }
        self.detectors = detectors
    }

    // MARK: - In-memory scanning

    /// Scans bytes held in memory (one input named `path`).
    public func scan(bytes: [UInt8], path: String = "-") -> [Finding] {
        var source = MemorySource(bytes)
        var findings: [Finding] = []
        _ = UnitScanner(detectors: detectors, configuration: configuration).scan(&source, path: path, lines: .text) {
            findings.append($0)
        }
        return findings
    }

    /// Scans a string (rule examples, tests).
    public func scan(text: String, path: String = "-") -> [Finding] { scan(bytes: Array(text.utf8), path: path) }

    // MARK: - Inputs

    private enum WorkUnit: Sendable {
        case note(InputIssue)
        case standardInput
        /// A FIFO or character device named on the command line, read as a stream.
        case stream(path: String)
        /// The lines of a file (of `size` bytes when listed) that begin in `[from, to)`, nominal
        /// offsets that ``lineBoundary(fd:near:size:)`` moves to the next line start; the first
        /// unit has `from` 0 and the last `to` ≥ `size`.
        case file(path: String, size: Int64, from: Int64, to: Int64)
        /// One table or rowid range of a large SQLite database (`first`: the part that counts the
        /// database as an input).
        case databasePart(path: String, part: SQLiteScanner.Part, walMode: Bool, first: Bool)
        /// A file whose stored result is replayed instead of scanning it (`--state`).
        case carried(CarriedFile)

        /// The unit with a path string of its own. Every finding carries its input's path, and
        /// each copy of a finding retains it: workers scanning units of the same file (or a
        /// database's parts) would contend for the reference count of one shared string.
        var withOwnPath: WorkUnit {
            switch self {
            case .file(let path, let size, let from, let to):
                .file(path: String(decoding: Array(path.utf8), as: UTF8.self), size: size, from: from, to: to)
            case .databasePart(let path, let part, let walMode, let first):
                .databasePart(path: String(decoding: Array(path.utf8), as: UTF8.self), part: part, walMode: walMode, first: first)
            case .note, .standardInput, .stream, .carried: self
            }
        }

        /// The file the unit belongs to (nil for notes and standard input).
        var filePath: String? {
            switch self {
            case .note, .standardInput, .stream: nil
            case .file(let path, _, _, _), .databasePart(let path, _, _, _): path
            case .carried(let carried): carried.result.path
            }
        }
    }

    /// Scans `entries` (from ``Walker``), calling `emit` on the calling thread in input order.
    /// - Parameters:
    ///   - carried: files (by path) whose stored results are replayed instead of scanning them.
    ///   - fileFinished: called on the calling thread after each file's last event (not for
    ///     standard input, nor for a file cut short by an interruption).
    /// - Returns: the summary of the whole scan.
    public func scan(
        _ entries: [WalkEntry], carried: [String: CarriedFile] = [:], fileFinished: ((FileResult) -> Void)? = nil,
        emit: (ScanEvent) -> Void
    ) -> ScanSummary {
        let started = DispatchTime.now()
        var units: [WorkUnit] = []
        // Bytes of the files still to be split into units (for the sizes of the last units).
        var remaining = entries.reduce(Int64(0)) { total, entry in
            if case .file(let path, let size) = entry, carried[path] == nil { return total + size }
            return total
        }
        for entry in entries {
            switch entry {
            case .issue(let issue): units.append(.note(issue))
            case .standardInput: units.append(.standardInput)
            case .stream(let path): units.append(.stream(path: path))
            case .file(let path, _) where carried[path] != nil:
                units.append(.carried(carried[path]!))
            case .file(let path, let size):
                defer { remaining -= size }
                if size >= configuration.chunkSize, let parts = databaseParts(path), parts.count > 1 {
                    let walMode = parts[0].walMode
                    for (index, part) in parts.map(\.part).enumerated() {
                        units.append(.databasePart(path: path, part: part, walMode: walMode, first: index == 0))
                    }
                    continue
                }
                var from: Int64 = 0
                repeat {
                    let to = from + Self.unitSize(remaining: remaining - from, chunkSize: configuration.chunkSize, threads: configuration.threads)
                    units.append(.file(path: path, size: size, from: from, to: to))
                    from = to
                } while from < size
            }
        }

        var summary = ScanSummary()
        var tally = SummaryTally()
        var lineBase: Int64 = 0
        // The file being assembled, reported to `fileFinished` when the next file begins.
        var current: FileResult?
        func begin(_ unit: WorkUnit) {
            // Lines count from each file's start; stored findings carry their final lines.
            switch unit {
            case .file(_, _, 0, _), .carried, .databasePart(_, _, _, true), .stream, .standardInput: lineBase = 0
            default: break
            }
            guard let fileFinished, unit.filePath != current?.path || unit.filePath == nil else { return }
            if let done = current { fileFinished(done) }
            current = unit.filePath.map { FileResult(path: $0) }
            if case .carried = unit { current?.carried = true }
        }
        func deliver(_ finding: consuming Finding) {
            // (A database cell's finding has no line: 0 stays 0.)
            if finding.line > 0 { finding.line += Int(lineBase) }
            guard configuration.admit(finding, counting: &summary) else { return }
            tally.add(finding, to: &summary)
            // Not `current != nil`: `FileResult` is Equatable, so that would pick the `==` of two
            // optionals and copy the whole file result (its strings and arrays) for every finding.
            current?.findings += 1
            emit(.finding(consume finding))
        }
        func finish(_ result: UnitOutcome) {
            if case .some = current {
                if result.opened { current!.opened = true }
                current!.bytes += result.unit.bytes
                current!.rows += result.rows
                current!.columns += result.columns
                current!.issues += result.unit.issues
                current!.seconds += result.seconds
            }
            if result.opened { summary.files += 1 }
            summary.bytes += result.unit.bytes
            summary.rows += result.rows
            for column in result.columns { summary.add(column) }
            lineBase += result.unit.newlines
            for issue in result.unit.issues {
                switch issue.kind {
                case .error:
                    summary.errors += 1
                    summary.complete = false
                case .skipped: summary.skipped += 1
                }
                emit(.issue(issue))
            }
        }

        var finishedUnits = 0
        let threads = max(1, configuration.threads)
        if threads == 1 || units.count == 1 {  // nothing to overlap: no worker pool
            let scanner = UnitScanner(detectors: detectors, configuration: configuration)
            for unit in units {
                if Interruption.isRequested { break }
                begin(unit)
                finish(process(unit, with: scanner, sink: deliver))
                finishedUnits += 1
            }
        } else {
            let channels = OrderedChannels(count: units.count, maxInFlight: threads * 16)
            let group = DispatchGroup()
            let units = units
            for _ in 0..<threads {
                DispatchQueue.global(qos: .userInitiated).async(group: group) {
                    let scanner = UnitScanner(detectors: detectors, configuration: configuration)
                    var batch = FindingBatch(capacity: OrderedChannels.batchSize)
                    while let index = channels.take() {
                        let outcome = process(units[index].withOwnPath, with: scanner) { (finding: consuming Finding) in
                            batch.append(consume finding)
                            if batch.isFull {
                                channels.append(batch, to: index)
                                batch = FindingBatch(capacity: OrderedChannels.batchSize)
                            }
                        }
                        if !batch.isEmpty {
                            channels.append(batch, to: index)
                            batch = FindingBatch(capacity: OrderedChannels.batchSize)
                        }
                        channels.finish(index, with: outcome)
                    }
                }
            }
            for index in units.indices {
                begin(units[index])
                guard let outcome = channels.drain(index, { batch in batch.moveAll(to: deliver) }) else { break }
                finish(outcome)
                finishedUnits += 1
            }
            group.wait()
        }
        if finishedUnits == units.count, let fileFinished, let done = current { fileFinished(done) }
        if finishedUnits < units.count {
            // Interrupted (SIGINT/SIGTERM): say how much is missing; the report is incomplete.
            let issue = InputIssue(
                kind: .error, path: InputIssue.scanPath,
                message: "scan interrupted by a signal: \(units.count - finishedUnits) of \(units.count) work units were not scanned")
            summary.errors += 1
            summary.complete = false
            emit(.issue(issue))
            // And which inputs were cut short: those of the units not scanned (a database's tables
            // are several units; so are a large file's ranges).
            var missing: [(path: String, tables: [String])] = []
            for unit in units[finishedUnits...] {
                guard let path = unit.filePath else { continue }
                if case .carried = unit { continue }
                if missing.last?.path != path { missing.append((path, [])) }
                if case .databasePart(_, let part, _, _) = unit {
                    for table in part.tables where missing[missing.count - 1].tables.last != table {
                        missing[missing.count - 1].tables.append(table)
                    }
                }
            }
            // Table names as findings show them (a table can be named after a value).
            let names = configuration.showValues || !missing.contains(where: { !$0.tables.isEmpty })
                ? nil : ValueMasker(detectors: detectors, configuration: configuration)
            for input in missing {
                summary.errors += 1
                emit(.issue(InputIssue(
                    kind: .error, path: input.path,
                    message: input.tables.isEmpty
                        ? "scan interrupted by a signal before this input was read completely"
                        : "scan interrupted by a signal; tables not finished: \(ScanEngine.shortList(input.tables.map { names?.name($0) ?? $0 }))")))
            }
        }
        tally.flush(into: &summary)
        summary.exposure.finish()
        summary.keyID = configuration.fingerprinter.keyID
        summary.keyIsEphemeral = configuration.fingerprinter.isEphemeral
        summary.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return summary
    }

    /// What a unit left besides its findings, plus whether it counts as an input that was read.
    struct UnitOutcome: Sendable {
        var unit = UnitResult()
        var opened = false
        /// Database rows scanned.
        var rows: Int64 = 0
        /// Column-level counts of a database.
        var columns: [ColumnSummary] = []
        /// Seconds spent on the unit.
        var seconds: Double = 0
    }

    /// The error for a file that ``looksLikeEncryptedDatabase(path:head:)``.
    static let encryptedDatabaseMessage =
        "SQLite database: no SQLite header — the file is encrypted or not a database, so it was not scanned"

    /// A file named like a database (`.db`, `.sqlite`, `.sqlite3`, `.db3`) whose head is binary
    /// but no known format: most likely an encrypted database.
    static func looksLikeEncryptedDatabase(path: String, head: ArraySlice<UInt8>) -> Bool {
        let lowered = path.lowercased()
        guard [".db", ".sqlite", ".sqlite3", ".db3"].contains(where: { lowered.hasSuffix($0) }), head.count >= 512 else {
            return false
        }
        // Encrypted pages look random: nearly every byte value occurs in the first 512 bytes.
        var seen = Set<UInt8>()
        for byte in head.prefix(512) { seen.insert(byte) }
        return seen.count >= 200
    }

    /// `names` joined by commas, the first 20 and how many more (a database of thousands of tables
    /// interrupted early would otherwise put one line of hundreds of kilobytes on stderr).
    static func shortList(_ names: [String], limit: Int = 20) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }

    /// For a large SQLite database, its tables and rowid ranges as separate work units, so that
    /// several workers scan it (each with its own read-only connection). `nil` for anything else,
    /// and when sampling (the sample is drawn per table).
    private func databaseParts(_ path: String) -> [(part: SQLiteScanner.Part, walMode: Bool)]? {
        guard configuration.sampleRows == nil else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var head = [UInt8](repeating: 0, count: 100)
        let count = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        close(fd)
        guard count >= 20, head.withUnsafeBytes({ ContentSniffer.classify($0) }) == .sqlite else { return nil }
        let walMode = head[18] == 2 || head[19] == 2
        // A log no process holds, or a hot journal, is read from a private copy of the database:
        // one copy, so one unit.
        if walMode ? SQLiteConnection.logState(path) == .orphaned : SQLiteConnection.hasHotJournal(path) { return nil }
        return SQLiteScanner.plan(
            path: path, walMode: walMode, busyTimeoutMilliseconds: configuration.databaseBusyTimeoutMilliseconds,
            rowidsPerPart: configuration.databaseRowidsPerUnit)?
            .map { ($0, walMode) }
    }

    /// Scans one whole regular file exactly as `piiscan scan FILE` does — content sniffing
    /// (gzip, SQLite table by table, UTF-16/CP949 transcoding, text, binary skipped with a note)
    /// — as a single work unit on the calling thread. Used by ``GitDiffScanner`` for blobs that
    /// git cannot show as lines (a staged database, gzip archive or UTF-16 file), written to a
    /// private temporary file first. Findings, issues and column counts carry `path`.
    func scanWholeFile(at path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void) -> UnitOutcome {
        var info = stat()
        guard stat(path, &info) == 0 else {
            var outcome = UnitOutcome()
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: "cannot open: \(String(cString: strerror(errno)))"))
            return outcome
        }
        let size = Int64(info.st_size)
        return process(.file(path: path, size: size, from: 0, to: max(size, 1)), with: scanner, sink: sink)
    }

    private func process(_ unit: WorkUnit, with scanner: UnitScanner, sink: (consuming Finding) -> Void) -> UnitOutcome {
        let started = DispatchTime.now()
        var outcome = processUnit(unit, with: scanner, sink: sink)
        // Column summaries show names as findings do (a table named after a value), in the
        // report and in the `--state` file; carried units' columns come from the state, masked.
        if scanner.nameMasker != nil && !outcome.columns.isEmpty {
            if case .carried = unit {} else {
                for index in outcome.columns.indices {
                    outcome.columns[index].key.table = scanner.displayName(outcome.columns[index].key.table)
                    outcome.columns[index].key.column = scanner.displayName(outcome.columns[index].key.column)
                }
            }
        }
        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return outcome
    }

    private func processUnit(_ unit: WorkUnit, with scanner: UnitScanner, sink: (consuming Finding) -> Void) -> UnitOutcome {
        var outcome = UnitOutcome()
        switch unit {
        case .carried(let carried):
            let failure = carried.replay(sink)
            outcome.opened = carried.result.opened
            outcome.unit.bytes = carried.result.bytes
            outcome.unit.issues = carried.result.issues
            if let failure { outcome.unit.issues.append(InputIssue(kind: .error, path: carried.result.path, message: failure)) }
            outcome.rows = carried.result.rows
            outcome.columns = carried.result.columns
        case .databasePart(let path, let part, let walMode, let first):
            let database = SQLiteScanner(scanner: scanner, configuration: configuration)
                .scan(path: path, walMode: walMode, part: part, sink: sink)
            outcome.opened = first && database.opened
            outcome.unit.bytes = database.bytes
            outcome.unit.issues = database.issues
            outcome.rows = database.rows
            outcome.columns = database.columns
        case .note(let issue):
            outcome.unit.issues.append(issue)
        case .standardInput where configuration.standardInputFormat == .jsonl:
            outcome = scanJSONLines(with: scanner, sink: sink)
        case .standardInput:
            outcome = scanStream(fd: STDIN_FILENO, path: "-", with: scanner, sink: sink)
        case .stream(let path):
            // Opened like `cat` opens it: a FIFO waits here for its writer. Read to its end,
            // with no size to stop at, as standard input is.
            var fd: Int32
            repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
            guard fd >= 0 else {
                outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: "cannot open: \(String(cString: strerror(errno)))"))
                return outcome
            }
            defer { close(fd) }
            outcome = scanStream(fd: fd, path: path, with: scanner, sink: sink)
        case .file(let path, let size, let from, let to):
            // The first unit reports the file's issues and counts it as read; the others return quietly.
            let first = from == 0
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                if first { outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: "cannot open: \(reason)")) }
                return outcome
            }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                if first {
                    outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: "not a regular file; skipped"))
                }
                return outcome
            }
            // Blocking reads from here on (O_NONBLOCK only guarded the open against FIFOs).
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            var head = [UInt8](repeating: 0, count: ContentSniffer.headSize)
            var headCount = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
            guard headCount >= 0 else {
                let reason = String(cString: strerror(errno))
                if first { outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: "cannot read: \(reason)")) }
                return outcome
            }
            // procfs, sysfs and some FUSE or network file systems report a size of 0 for files
            // that have content (`/proc/self/mountinfo`): read such a file as a stream, to its end.
            if size == 0 && headCount > 0 {
                guard first else { return outcome }
                return scanStream(fd: fd, path: path, with: scanner, sink: sink)
            }
            // A log truncated in place (logrotate copytruncate) whose writer kept its offset
            // starts with a hole of NUL bytes, of any size: skip it and sniff what follows.
            var textStart: Int64 = 0
            if headCount > 0 && head[0] == 0 {
                textStart = leadingNULRun(fd: fd, size: size)
                if textStart >= size {
                    if first {
                        outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: "binary file skipped (only NUL bytes)"))
                    }
                    return outcome
                }
                headCount = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(textStart)) }
                guard headCount > 0 else {
                    if first {
                        outcome.unit.issues.append(InputIssue(
                            kind: .error, path: path, message: "file shrank while being read: bytes \(textStart)–\(size) were not scanned"))
                    }
                    return outcome
                }
            }
            // A data file of a `pg_dump -Fd` directory (`3343.dat.gz`): its columns are named
            // in the `toc.dat` beside it.
            if textStart == 0, let statement = Self.postgresDataStatement(forFile: path) {
                guard first else { return outcome }
                return scanPostgresData(FileDescriptorSource(fd: fd), statement: statement, path: path, with: scanner, sink: sink)
            }
            var kind = head.withUnsafeBytes { ContentSniffer.classify(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
            if textStart > 0, kind != .text {
                // Only text is read from an offset; anything else after a NUL run is binary data.
                kind = .unsupported(reason: "binary file skipped (contains NUL bytes)")
            }
            switch kind {
            case .unsupported(let reason):
                guard first else { return outcome }
                if ScanEngine.looksLikeEncryptedDatabase(path: path, head: head[0..<headCount]) {
                    // A database file without a SQLite header (SQLCipher and the like) cannot be
                    // checked: that is an incomplete scan, not a harmless binary.
                    outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: ScanEngine.encryptedDatabaseMessage))
                } else if path.hasSuffix(".parquet") {
                    // A table whose content is not what its name says (a cut upload, another
                    // format): an incomplete scan, not a harmless binary.
                    outcome.unit.issues.append(InputIssue(
                        kind: .error, path: path, message: "Parquet: not a Parquet file (no PAR1 header), so it was not scanned"))
                } else {
                    outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: reason))
                }
            case .gzip:
                guard first else { return outcome }
                outcome = scanGzip(FileDescriptorSource(fd: fd), path: path, prefetch: true, with: scanner, sink: sink)
            case .compressed(let format):
                guard first else { return outcome }
                outcome = scanDecompressed(FileDescriptorSource(fd: fd), format: format, path: path, prefetch: true, with: scanner, sink: sink)
            case .tar:
                guard first else { return outcome }
                outcome = scanTar(FileDescriptorSource(fd: fd), path: path, with: scanner, sink: sink)
            case .zip:
                guard first else { return outcome }
                outcome = scanZip({ () throws(InputError) in try ZipArchive(fd: fd, size: size) }, path: path, with: scanner, sink: sink)
            case .postgresArchive:
                guard first else { return outcome }
                outcome = scanPostgresArchive(FileDescriptorSource(fd: fd), path: path, with: scanner, sink: sink)
            case .parquet:
                guard first else { return outcome }
                outcome = scanParquet(size: size, path: path, with: scanner, sink: sink) { offset, count throws(InputError) in
                    try Self.readExactly(fd: fd, at: offset, count: count)
                }
            case .compoundFile:
                guard first else { return outcome }
                guard size <= Int64(Self.maximumArchiveInMemory) else {
                    outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: Self.tooLargeNote("compound file of \(size >> 20) MiB")))
                    return outcome
                }
                var source = FileDescriptorSource(fd: fd)
                do {
                    guard let bytes = try Self.readAll(prefix: [], from: &source) else {
                        outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: Self.tooLargeNote("compound file (grown while read)")))
                        return outcome
                    }
                    outcome = scanCompoundFile(bytes, path: path, nested: false, with: scanner, sink: sink)
                } catch {
                    outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
                }
            case .sqlite:
                // One unit per database for now; later units of a large file have nothing to do.
                guard first else { return outcome }
                let walMode = headCount >= 20 && (head[18] == 2 || head[19] == 2)
                let database = SQLiteScanner(scanner: scanner, configuration: configuration)
                    .scan(path: path, walMode: walMode, sink: sink)
                outcome.opened = database.opened
                outcome.unit.bytes = database.bytes
                outcome.unit.issues = database.issues
                outcome.rows = database.rows
                outcome.columns = database.columns
            case .text:
                // A SQL dump is one unit: attributing values needs the parser state from byte 0.
                var encoding = head.withUnsafeBytes { TextEncoding.detect(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
                if encoding == .utf8 && head.withUnsafeBytes({ ScanEngine.isASCII(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }) {
                    encoding = Self.encodingAfterASCIIHead(fd: fd, from: textStart + Int64(headCount), size: size)
                }
                if encoding == .cp949 && head.withUnsafeBytes({ MailText.isMail(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }) {
                    encoding = .utf8  // see mailKeepsItsParts
                }
                if encoding != .utf8 {
                    // Transcoded text is one unit: characters and the offset map start at byte 0.
                    guard first else { return outcome }
                    outcome.opened = true
                    scanTranscoded(
                        FileDescriptorSource(fd: fd, start: textStart, end: size), encoding: encoding,
                        head: Array(head[0..<headCount]), baseOffset: textStart, path: path, with: scanner,
                        readsTwice: size <= Self.subTableLimit, into: &outcome, sink: sink)
                    if textStart + outcome.unit.bytes < size && outcome.unit.issues.isEmpty {
                        outcome.unit.issues.append(InputIssue(
                            kind: .error, path: path,
                            message: "file shrank while being read: bytes \(textStart + outcome.unit.bytes)–\(size) were not scanned"))
                    }
                    if textStart > 0 { outcome.unit.issues.insert(Self.leadingNULNote(textStart, path: path), at: 0) }
                    return outcome
                }
                // Classic Mac line ends (CR alone: Excel's "CSV (Macintosh)", old Mac tools) are
                // read as LF, byte for byte, so that lines, columns and the context of a value are
                // the file's. Such a file is one unit (its units' boundaries are found at LFs).
                let crLines = head.withUnsafeBytes { ScanEngine.hasCROnlyLineEnds(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
                if crLines {
                    guard first else { return outcome }
                    for index in 0..<headCount where head[index] == 0x0D { head[index] = 0x0A }
                }
                let dump = head.withUnsafeBytes { SQLDumpSniffer.dialect(of: UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
                if dump != nil && !first { return outcome }
                // A CSV/TSV header (read from the file's head, so every unit knows the columns).
                let structure = dump != nil ? nil : head.withUnsafeBytes { TextStructure.detect(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
                // A mail file (mbox, .eml): its MIME bodies are decoded, in every unit.
                let mail = structure == nil && head.withUnsafeBytes { MailText.isMail(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
                // A vCard, iCalendar or LDIF file: its folded lines are read unfolded, an LDIF
                // export's `attr:: …` Base64 values decoded, a vCard's or calendar's
                // quoted-printable values too (vCard 2.1, vCalendar 1.0), in every unit.
                let folding = structure == nil && !mail ? head.withUnsafeBytes { FoldedText.format(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) } : nil
                let mimeText = mail || folding == .vCard || folding == .iCalendar
                outcome.opened = first
                // Boundaries are looked for from the end of a leading NUL run on: the run holds no
                // line break, so adjacent units still agree, and the hole is not read again.
                func boundary(near position: Int64) -> Int64 {
                    guard let structure else { return lineBoundary(fd: fd, near: position, size: size) }
                    return recordBoundary(fd: fd, near: position, size: size, structure: structure)
                }
                let start = first ? textStart : boundary(near: max(from, textStart))
                let end = to >= size || dump != nil || crLines ? size : boundary(near: max(to, textStart))
                if first && textStart > 0 { outcome.unit.issues.append(Self.leadingNULNote(textStart, path: path)) }
                guard start < end else { return outcome }
                var issues = outcome.unit.issues
                if crLines {
                    var source = CRLineSource(base: FileDescriptorSource(fd: fd, start: start, end: end))
                    if let dump {
                        scanDump(&source, dialect: dump, path: path, baseOffset: start, with: scanner, into: &outcome, sink: sink)
                    } else {
                        outcome.unit = scanner.scan(
                            &source, path: path, baseOffset: start, lineStart: 0, structure: structure, lines: .text, mail: mimeText,
                            folding: folding, followsTables: true, sink: sink)
                    }
                } else if let dump {
                    var source = FileDescriptorSource(fd: fd, start: start, end: end)
                    scanDump(&source, dialect: dump, path: path, baseOffset: start, with: scanner, into: &outcome, sink: sink)
                } else if let structure, size <= Self.subTableLimit,
                    case let tables = subTables(fd: fd, from: textStart, to: end, size: size, structure: structure),
                    !tables.isEmpty
                {
                    // A sheet of several tables: each part of the unit is read with the columns of
                    // the table it belongs to, its lines numbered on from the part before.
                    var parts = [(start: start, structure: tables.last(where: { $0.start <= start })?.structure ?? structure)]
                    parts += tables.filter { $0.start > start && $0.start < end }
                    var unit = UnitResult()
                    for (index, part) in parts.enumerated() {
                        let partEnd = index + 1 < parts.count ? parts[index + 1].start : end
                        var source = FileDescriptorSource(fd: fd, start: part.start, end: partEnd)
                        let lines = unit.newlines
                        let scanned = scanner.scan(
                            &source, path: path, baseOffset: part.start, lineStart: first && index == 0 ? 0 : part.start,
                            structure: part.structure, lines: .text, mail: mimeText, folding: folding
                        ) { finding in
                            var finding = finding
                            if finding.line > 0 { finding.line += Int(lines) }
                            sink(finding)
                        }
                        unit.bytes += scanned.bytes
                        unit.newlines += scanned.newlines
                        unit.issues += scanned.issues
                        if scanned.bytes < partEnd - part.start { break }  // the file shrank: reported below
                    }
                    outcome.unit = unit
                } else {
                    var source = FileDescriptorSource(fd: fd, start: start, end: end)
                    // The first line began at byte 0, before the NUL run: columns count from there.
                    // A later unit of plain text gets the end of the line before it as context.
                    let lineBefore = first || structure != nil ? [] : Self.lineBefore(fd: fd, at: start, floor: textStart)
                    // And the lines before it, for a text table's header above its first rows.
                    let textBefore = first || structure != nil ? [] : Self.textBefore(fd: fd, at: start, floor: textStart)
                    // An HTML file's tables, whose header rows name their cells' columns.
                    let htmlTables = structure == nil && !mimeText && folding == nil && size <= Self.subTableLimit
                        && head.withUnsafeBytes({ HTMLTables.looksLikeHTML(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) })
                        ? htmlTables(fd: fd, from: textStart, to: end, size: size) : nil
                    // An XML file: its elements' names key split values (`<rrn1>…</rrn1><rrn2>…`).
                    let xml = structure == nil && !mimeText && folding == nil
                        && head.withUnsafeBytes({ HTMLTables.looksLikeXML(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) })
                    // A fixed-width table's columns, underlined in the head (`sqlcmd`, SQL*Plus).
                    let fixedColumns = structure == nil && !mimeText && folding == nil
                        ? head.withUnsafeBytes({ FixedColumns.detect(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }) : nil
                    outcome.unit = scanner.scan(
                        &source, path: path, baseOffset: start, lineStart: first ? 0 : start, structure: structure, lines: .text,
                        lineBefore: lineBefore, textBefore: textBefore, mail: mimeText, folding: folding,
                        htmlTables: htmlTables.flatMap { $0.isEmpty ? nil : $0 }, xml: xml, fixedColumns: fixedColumns, sink: sink)
                }
                if outcome.unit.bytes < end - start && outcome.unit.issues.isEmpty {
                    // Truncated or rotated while we read it: say so instead of a silent short scan.
                    // The later units of the file find nothing left to read and stay quiet, so
                    // this one names everything up to the size the file had when listed.
                    var now = stat()
                    let current = fstat(fd, &now) == 0 ? Int64(now.st_size) : start + outcome.unit.bytes
                    outcome.unit.issues.append(InputIssue(
                        kind: .error, path: path,
                        message: "file shrank from \(size) to \(current) bytes while being read: bytes \(start + outcome.unit.bytes)–\(size) were not scanned"))
                }
                issues += outcome.unit.issues
                outcome.unit.issues = issues
                if mail && first { scanMailAttachments(fd: fd, from: textStart, size: size, path: path, with: scanner, into: &outcome, sink: sink) }
            }
        }
        return outcome
    }

    /// Scans the files attached to a mail file (see ``MailAttachments``), each as the file it is
    /// (`mail.eml!고객명단.xlsx!Sheet1`); an attachment whose bytes are text was scanned with
    /// the mail's text (its Base64 block decoded), and binary ones (images, PDFs) are counted
    /// in one note.
    private func scanMailAttachments(
        fd: Int32, from start: Int64, size: Int64, path: String, with scanner: UnitScanner, into outcome: inout UnitOutcome,
        sink: (consuming Finding) -> Void
    ) {
        var source = FileDescriptorSource(fd: fd, start: start, end: size)
        var binaryFiles = 0
        do {
            try MailAttachments.read(&source, limit: Self.maximumArchiveInMemory) { attachment in
                guard !Interruption.isRequested else { return }
                let memberPath = path + "!" + attachment.name
                guard let bytes = attachment.bytes else {
                    outcome.unit.issues.append(InputIssue(
                        kind: .skipped, path: memberPath, message: Self.tooLargeNote("attachment of more than \(Self.maximumArchiveInMemory >> 20) MiB")))
                    return
                }
                guard Array(bytes.prefix(ContentSniffer.headSize)).withUnsafeBytes({ ContentSniffer.classify($0) }) != .text else { return }
                let member = scanSniffed(
                    MemorySource(bytes), path: memberPath, compressed: false, archived: true, nested: false, with: scanner, sink: sink)
                Self.merge(member, into: &outcome, binaryMembers: &binaryFiles)
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
        }
        if binaryFiles > 0 {
            outcome.unit.issues.append(InputIssue(
                kind: .skipped, path: path, message: "\(binaryFiles) binary attached \(binaryFiles == 1 ? "file" : "files") (images, PDFs …) skipped"))
        }
    }

    // mailKeepsItsParts: a mail file (mbox, `.eml`) with 8-bit CP949 parts is not transcoded
    // as a whole: its parts are in encodings of their own (Base64, quoted-printable, 8-bit
    // CP949 or UTF-8), which the mail reading decodes part by part and line by line
    // (``MailText``), and its attachments are opened (``MailAttachments``) — transcoded, an
    // mbox of Korean mail showed only its plain lines.

    /// `lseek`'s `SEEK_DATA` (Glibc exports it only with `_GNU_SOURCE`).
    #if os(Linux)
    static let seekData: Int32 = 3
    #else
    static let seekData: Int32 = SEEK_DATA
    #endif

    /// Whether `head` ends its lines with CR alone: it holds no LF, and a CR before its last byte
    /// (a CRLF file whose first line fills the head may end it with the CR of its CRLF).
    static func hasCROnlyLineEnds(_ head: UnsafeRawBufferPointer) -> Bool {
        guard let base = head.baseAddress, head.count > 1 else { return false }
        return memchr(base, 0x0D, head.count - 1) != nil && memchr(base, 0x0A, head.count) == nil
    }

    /// The note for a file whose first `count` bytes were NUL and were not scanned.
    static func leadingNULNote(_ count: Int64, path: String) -> InputIssue {
        InputIssue(
            kind: .skipped, path: path,
            message: "\(count) leading NUL bytes skipped (a log truncated in place, e.g. by logrotate copytruncate); the text after them was scanned")
    }

    /// The length of the run of NUL bytes a file starts with, at most `size`. The hole that
    /// `logrotate copytruncate` leaves can be of any size: a sparse one is passed over with
    /// `SEEK_DATA`, the rest is read 64 KiB at a time. A file that shrank ends the run early
    /// (the caller then finds nothing to read there).
    private func leadingNULRun(fd: Int32, size: Int64) -> Int64 {
        var offset: Int64 = 0
        let data = lseek(fd, 0, ScanEngine.seekData)
        if data >= 0 {
            offset = min(Int64(data), size)
        } else if errno == ENXIO {
            return size  // no data at all: one hole
        }
        var block = [UInt8](repeating: 0, count: 64 * 1024)
        while offset < size {
            let wanted = Int(min(Int64(block.count), size - offset))
            let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, wanted, off_t(offset)) }
            if n <= 0 { return offset }
            let zeros = block.withUnsafeBytes { ContentSniffer.leadingNULs(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += Int64(zeros)
            if zeros < n { return offset }
        }
        return size
    }

    /// The start of the first line that begins at or after `position` (the byte after the first
    /// line break at or after `position - 1`), or `size` when there is none. Adjacent units
    /// compute the same boundary, so every line belongs to exactly one unit.
    /// The end of the line that ends right before `start` (a line break at `start - 1`): at most
    /// ``Candidate/contextWidth`` bytes of it, not before `floor`; empty when unreadable.
    /// The whole lines within ``TextTable/reach`` bytes before `start` (a work unit's first
    /// byte, after a line break), not before `floor`: where a text table's header above the
    /// unit's first rows is looked for, as a window of one unit looks above its first line.
    static func textBefore(fd: Int32, at start: Int64, floor: Int64) -> [UInt8] {
        let from = max(floor, start - Int64(TextTable.reach))
        guard start > from else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(start - from))
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(from)) }
        guard n == bytes.count else { return [] }
        // A line cut by the reach is not read (unless it starts the text).
        if from > floor {
            guard let newline = bytes.firstIndex(of: 0x0A) else { return [] }
            bytes.removeSubrange(...newline)
        }
        return bytes
    }

    static func lineBefore(fd: Int32, at start: Int64, floor: Int64) -> [UInt8] {
        let from = max(floor, start - 1 - Int64(Candidate.contextWidth))
        guard start - 1 > from else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(start - 1 - from))
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(from)) }
        guard n == bytes.count else { return [] }
        if let newline = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange(...newline) }
        return bytes
    }

    private func lineBoundary(fd: Int32, near position: Int64, size: Int64) -> Int64 {
        var offset = max(0, position - 1)
        // A line break is usually a few hundred bytes away: read 4 KiB at a time into scratch
        // that is not cleared first (every unit but the first looks for two boundaries).
        return withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { block in
            while offset < size {
                let n = pread(fd, block.baseAddress!, block.count, off_t(offset))
                if n <= 0 { return size }
                if let found = memchr(block.baseAddress!, 0x0A, n) {
                    return min(size, offset + Int64(block.baseAddress!.distance(to: found)) + 1)
                }
                offset += Int64(n)
            }
            return size
        }
    }

    /// The largest CSV/TSV file whose later tables are looked for (``subTables(fd:from:to:size:structure:)``):
    /// sheets of several tables are spreadsheet exports, and every unit of a file reads it from
    /// its start to its own end for them.
    static let subTableLimit: Int64 = 16 << 20

    /// The tables after the first of a CSV/TSV export of a sheet of several tables
    /// (``TextStructure/subTableHeader(in:title:current:)``) whose title line starts before
    /// `end`, in order, each with the offset of its first record. Read from `from` (the text's
    /// start), so that every unit of a file finds the same ones: a line at a time, only the
    /// first bytes of most (a record's second cell ends the look at it).
    private func subTables(
        fd: Int32, from: Int64, to end: Int64, size: Int64, structure: TextStructure
    ) -> [(start: Int64, structure: TextStructure)] {
        var tables: [(start: Int64, structure: TextStructure)] = []
        var current = structure
        // A title line is judged with this much text after it (its header and first records)
        // unless the file ends sooner.
        let lookahead = 16 * 1024
        readBlocks(fd: fd, from: from, to: end, size: size) { bytes, offset, atEnd in
            let n = bytes.count
            var line = 0
            while line < n, offset + Int64(line) < end, let newline = memchr(bytes.baseAddress! + line, 0x0A, n - line) {
                let lineEnd = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline))
                if !atEnd && line > 0 && n - lineEnd < lookahead { break }  // read again with more after it
                // (Most lines are records: a filled cell on each side of their first delimiter.)
                if !TextStructure.holdsTwoCells(bytes, line..<lineEnd, delimiter: current.delimiter),
                    TextStructure.isTitleOrBlank(UnsafeRawBufferPointer(rebasing: bytes[line..<lineEnd])),
                    let table = TextStructure.subTableHeader(in: bytes, title: line..<lineEnd, current: current)
                {
                    tables.append((offset + Int64(table.recordsStart), table.structure))
                    current = table.structure
                }
                line = lineEnd + 1
            }
            if offset + Int64(line) >= end || (atEnd && line == 0) { return nil }
            // A line longer than the block is passed over.
            return line > 0 ? offset + Int64(line) : lineBoundary(fd: fd, near: offset + Int64(n), size: size)
        }
        return tables
    }

    /// Reads `fd` from `from` in blocks of 256 KiB (to the file's `size`) while the offset is
    /// before `end`: `body` gets a block, its offset and whether it reaches the file's end, and
    /// returns where the next block starts, or nil to stop.
    private func readBlocks(
        fd: Int32, from: Int64, to end: Int64, size: Int64, _ body: (UnsafeRawBufferPointer, Int64, Bool) -> Int64?
    ) {
        let capacity = 256 * 1024
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 16) { block in
            var offset = from
            while offset < end {
                let n = pread(fd, block.baseAddress!, Int(min(Int64(capacity), size - offset)), off_t(offset))
                guard n > 0 else { break }
                let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(block)[0..<n])
                guard let next = body(bytes, offset, offset + Int64(n) >= size) else { break }
                offset = next
            }
        }
    }

    /// The tables of an HTML file that start before `end`, with their header rows
    /// (``HTMLTables``). Read from `from` (the text's start), so that every unit of a file finds
    /// the same ones; a table's header row is read from the bytes after its tag whatever the
    /// unit's end (``HTMLTables/headerReach`` of them, unless the file ends sooner).
    private func htmlTables(fd: Int32, from: Int64, to end: Int64, size: Int64) -> HTMLTables {
        var tables = HTMLTables()
        readBlocks(fd: fd, from: from, to: end, size: size) { bytes, offset, atEnd in
            let limit = Int(min(end - offset, Int64(atEnd ? bytes.count : bytes.count - HTMLTables.headerReach)))
            let next = tables.read(bytes, base: offset, from: 0, limit: limit, atEnd: atEnd)
            return next > 0 ? offset + Int64(next) : nil
        }
        return tables
    }

    /// The start of the first CSV/TSV record after the line break at or after `position`: a
    /// line that, read from its start, has as many cells as the header and ends outside quotes.
    /// A unit must not begin inside a quoted cell that goes over line breaks (the line after a
    /// memo's first line would be read as a record, its value under the first column); no
    /// such cell spans a line that reads as a whole record (``UnitScanner/quotedBreak(_:at:final:delimiter:columns:)``),
    /// so the unit starts where a scan from the file's start has a record start too. Within
    /// 64 KiB, else the first line break (``lineBoundary(fd:near:size:)``); the file's end when
    /// no record starts before it. Adjacent units ask for the same position and agree.
    private func recordBoundary(fd: Int32, near position: Int64, size: Int64, structure: TextStructure) -> Int64 {
        let fallback = lineBoundary(fd: fd, near: position, size: size)
        guard fallback < size else { return fallback }
        let probe = Int(min(Int64(ScanEngine.recordProbe), size - fallback))
        return withUnsafeTemporaryAllocation(byteCount: probe, alignment: 16) { block in
            let n = pread(fd, block.baseAddress!, probe, off_t(fallback))
            guard n > 0 else { return fallback }
            let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(block)[0..<n])
            var line = 0
            while line < n {
                guard let newline = memchr(bytes.baseAddress! + line, 0x0A, n - line) else { break }
                let end = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline))
                if TextStructure.cellCount(UnsafeRawBufferPointer(rebasing: bytes[line..<end]), delimiter: structure.delimiter)
                    == structure.columns.count
                {
                    return fallback + Int64(line)
                }
                line = end + 1
            }
            // No record starts before the end of the file: the rest belongs to this unit's record.
            return fallback + Int64(n) >= size ? size : fallback
        }
    }

    /// How far past a unit's nominal boundary a CSV/TSV record's start is looked for.
    static let recordProbe = 65536

    /// The nominal size of the next unit of a file when `remaining` bytes (the rest of this file
    /// and all later files) are still to be split: `chunkSize` while much is left, then a
    /// fraction of what is left, so the scan ends with small units and no worker is left alone
    /// with a large one while the others idle (guided self-scheduling). Units are taken in input
    /// order, and a unit of CSV costs several times one of plain logs, so equal units do not
    /// end together. Never less than a sixteenth of `chunkSize` (256 KiB by default): each unit
    /// opens, sniffs and seeks a line break in its file.
    static func unitSize(remaining: Int64, chunkSize: Int64, threads: Int) -> Int64 {
        guard threads > 1 else { return chunkSize }
        let guided = remaining / Int64(threads * unitsPerThreadAtTheEnd)
        return min(chunkSize, max(max(1, chunkSize / 16), guided))
    }

    /// How far past an all-ASCII head the first non-ASCII byte is looked for.
    static let encodingLookahead = 256 * 1024

    /// The encoding of a file whose head is all ASCII, from the text between the line of its first
    /// non-ASCII byte and the end of the ``encodingLookahead`` bytes after `offset`: a legacy Korean server's log often
    /// opens with kilobytes of ASCII (a boot banner) before its first EUC-KR line, and read as
    /// UTF-8 its `주민번호` labels and addresses would be lost. Every unit of the file decides the
    /// same way (the same bytes); the cost is one read of at most 256 KiB, only for ASCII heads.
    static func encodingAfterASCIIHead(fd: Int32, from offset: Int64, size: Int64) -> TextEncoding {
        guard offset < size else { return .utf8 }
        let capacity = Int(min(Int64(encodingLookahead), size - offset))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        let count = pread(fd, buffer.baseAddress!, capacity, off_t(offset))
        guard count > 0 else { return .utf8 }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        guard let first = firstNonASCII(bytes) else { return .utf8 }
        // From the start of that line to the end of what was read: a single EUC-KR line among
        // UTF-8 ones (a pasted message) must not make the whole file CP949.
        var start = first
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        return TextEncoding.detect(UnsafeRawBufferPointer(rebasing: bytes[start..<count]))
    }

    /// The index of the first byte ≥ 0x80, eight bytes at a time.
    static func firstNonASCII(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080
            if word != 0 { return index + word.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return index }
            index += 1
        }
        return nil
    }

    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool { firstNonASCII(bytes) == nil }

    /// How many units per thread the bytes left are split into once they fit that many chunks.
    static let unitsPerThreadAtTheEnd = 4

    /// `prefetch`: inflate on a second thread, a block ahead of the scan (regular files only: a
    /// read from a pipe may block for ever, and the reader must stop before the scan returns).
    private func scanGzip<Compressed: ByteSource>(
        _ compressed: Compressed, path: String, prefetch: Bool = false, archived: Bool = false, nested: Bool = false, with scanner: UnitScanner,
        sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        scanDecoded(
            { () throws(InputError) in try GzipSource(compressed, limits: configuration.gzipLimits) }, path: path, prefetch: prefetch,
            archived: archived, nested: nested, with: scanner, sink: sink)
    }

    /// A bzip2, xz or zstd stream, decompressed as gzip is (see ``scanGzip(_:path:prefetch:archived:nested:with:sink:)``).
    private func scanDecompressed<Compressed: ByteSource>(
        _ compressed: Compressed, format: Compression, path: String, prefetch: Bool = false, archived: Bool = false, nested: Bool = false,
        with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        scanDecoded(
            { () throws(InputError) in try DecoderSource(compressed, format: format, limits: configuration.gzipLimits) }, path: path,
            prefetch: prefetch, archived: archived, nested: nested, with: scanner, sink: sink)
    }

    /// Scans what a decompressor opened by `open` hands out, sniffed as any stream is.
    private func scanDecoded<Decoded: ByteSource>(
        _ open: () throws(InputError) -> Decoded, path: String, prefetch: Bool, archived: Bool, nested: Bool, with scanner: UnitScanner,
        sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        do {
            let decoded = try open()
            if prefetch {
                let ahead = PrefetchingSource(decoded)
                defer { ahead.finish() }
                outcome = scanSniffed(ahead, path: path, compressed: true, archived: archived, nested: nested, with: scanner, sink: sink)
            } else {
                outcome = scanSniffed(decoded, path: path, compressed: true, archived: archived, nested: nested, with: scanner, sink: sink)
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
        }
        return outcome
    }

    private func scanStream(fd: Int32, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void) -> UnitOutcome {
        scanSniffed(FileDescriptorSource(streamFD: fd), path: path, compressed: false, with: scanner, sink: sink)
    }

    /// Scans the regular files of a tar archive one by one, each as the file it is (sniffed,
    /// decoded, its own CSV header — a rotated `app.log.2.gz` in a `.tar.gz` decompressed too),
    /// reported as `archive.tar!member/path` (see ``TarReader``).
    private func scanTar<Source: ByteSource>(
        _ source: Source, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        outcome.opened = true
        var binaryMembers = 0
        let reader = TarReader(source)
        // A `pg_dump -Ft` archive: `toc.dat` first, whose entries name the columns of the
        // data files after it (`3343.dat`).
        var postgresEntries: [Int: String] = [:]
        do {
            while let entry = try reader.next(), !Interruption.isRequested {
                guard entry.size > 0 else { continue }
                let memberPath = path + "!" + entry.name
                let member: UnitOutcome
                if entry.name == "toc.dat" || entry.name.hasSuffix("/toc.dat"), entry.size <= Int64(Self.maximumArchiveInMemory) {
                    var data = TarReader<Source>.Member(reader: reader)
                    let bytes = try Self.readAll(prefix: [], from: &data) ?? []
                    postgresEntries = PostgresArchive.dataStatements(MemorySource(bytes)) ?? [:]
                    member = scanSniffed(MemorySource(bytes), path: memberPath, compressed: false, archived: true, with: scanner, sink: sink)
                } else if let id = PostgresArchive<MemorySource>.dataFileID(entry.name), let statement = postgresEntries[id] {
                    member = scanPostgresData(
                        TarReader<Source>.Member(reader: reader), statement: statement, path: memberPath, with: scanner, sink: sink)
                } else {
                    member = scanSniffed(
                        TarReader<Source>.Member(reader: reader), path: memberPath, compressed: false, archived: true,
                        with: scanner, sink: sink)
                }
                Self.merge(member, into: &outcome, binaryMembers: &binaryMembers)
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
        }
        if let note = Self.binaryMembersNote(binaryMembers, path: path) { outcome.unit.issues.append(note) }
        return outcome
    }

    /// Adds what a file of an archive gave to the archive's outcome. Binary files are counted,
    /// not noted one by one: a `.jar` holds thousands of classes (``binaryMembersNote(_:path:)``).
    static func merge(_ member: UnitOutcome, into outcome: inout UnitOutcome, binaryMembers: inout Int) {
        outcome.unit.bytes += member.unit.bytes
        outcome.rows += member.rows
        outcome.columns += member.columns
        for issue in member.unit.issues {
            if issue.kind == .skipped && issue.message.hasPrefix("binary file skipped") {
                binaryMembers += 1
            } else {
                outcome.unit.issues.append(issue)
            }
        }
    }

    /// The largest archive read into memory to be opened: a ZIP archive inside another archive,
    /// in gzip or on standard input; any compound file (`.xls`, `.hwp`).
    static let maximumArchiveInMemory = 128 << 20

    /// The note of an archive or document too large to be read into memory (`what` names it).
    static func tooLargeNote(_ what: String) -> String {
        "\(what) skipped: it is opened in memory, up to \(maximumArchiveInMemory >> 20) MiB (extract it to scan it)"
    }

    /// The rest of `source` after `prefix`, nil when it is larger than ``maximumArchiveInMemory``.
    static func readAll<Source: ByteSource>(prefix: [UInt8], from source: inout Source) throws(InputError) -> [UInt8]? {
        var bytes = prefix
        let buffer = ReadBuffer(byteCount: 1 << 20)
        while bytes.count <= maximumArchiveInMemory {
            let count = try source.read(into: buffer.bytes)
            if count == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
        }
        return nil
    }

    /// Scans a compound file: a legacy Excel workbook's sheets as CSV (see ``LegacyWorkbook``), a
    /// `.hwp` document's sections, a legacy Word document's or PowerPoint presentation's text
    /// (see ``HWPDocument``, ``WordDocument``, ``PowerPointDocument``), an Outlook message's
    /// text and attachments (see ``OutlookMessage``); any other (a password-protected Office
    /// file, Word 95) is noted.
    /// `nested`: the file was itself in an archive or attached to a message and was read into
    /// memory; an archive or a compound file attached to it is not opened (a part holds a
    /// compound file only as a message's attachment).
    private func scanCompoundFile(
        _ bytes: [UInt8], path: String, nested: Bool, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        do {
            let file = try CompoundFile(bytes)
            let parts: [(name: String, text: [UInt8])]
            if let workbook = try file.read("Workbook"), let sheets = try LegacyWorkbook.sheets(workbook) {
                parts = sheets
            } else if let sections = try HWPDocument.sections(file, limits: configuration.gzipLimits) {
                parts = sections
            } else if let text = try WordDocument.text(file) {
                parts = [("WordDocument", text)]
            } else if let text = try PowerPointDocument.text(file) {
                parts = [("PowerPoint Document", text)]
            } else if let message = try OutlookMessage.parts(file) {
                parts = message.map { ($0.name, $0.bytes) }
            } else {
                let (message, isError) = file.unsupportedNote
                outcome.unit.issues.append(InputIssue(kind: isError ? .error : .skipped, path: path, message: message))
                return outcome
            }
            outcome.opened = true
            var binaryMembers = 0
            for part in parts where !Interruption.isRequested {
                // A message attached to a message that was itself attached or archived is not
                // opened: messages nest one level deep, as archives do.
                if nested, part.text.starts(with: CompoundFile.signature) {
                    outcome.unit.issues.append(InputIssue(
                        kind: .skipped, path: path + "!" + part.name,
                        message: "compound file attached inside an archive or message skipped (extract it to scan it)"))
                    continue
                }
                let member = scanSniffed(
                    MemorySource(part.text), path: path + "!" + part.name, compressed: false, archived: true, nested: nested,
                    with: scanner, sink: sink)
                Self.merge(member, into: &outcome, binaryMembers: &binaryMembers)
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
            // Damage, not encryption: what text the raw bytes still hold is scanned, as a
            // truncated ZIP archive's members are.
            let text = error.message.contains("encrypted") ? [] : CompoundFile.recoveredText(bytes)
            if !text.isEmpty {
                outcome.opened = true
                var binaryMembers = 0
                let recovered = scanSniffed(
                    MemorySource(text), path: path + "!" + CompoundFile.recoveredPart, compressed: false,
                    archived: true, nested: true, with: scanner, sink: sink)
                Self.merge(recovered, into: &outcome, binaryMembers: &binaryMembers)
            }
        }
        return outcome
    }

    /// One note for the binary files of an archive (images, classes, executables), or nil.
    static func binaryMembersNote(_ count: Int, path: String) -> InputIssue? {
        guard count > 0 else { return nil }
        return InputIssue(kind: .skipped, path: path, message: "\(count) binary \(count == 1 ? "file" : "files") in the archive skipped")
    }

    /// Scans a ZIP archive: an office document's sheets or text (see ``OfficeDocument``), or
    /// else each file of it as the file it is, reported as `archive.zip!member/path`. A member
    /// that cannot be read (encrypted, compressed by another method, damaged) is reported and
    /// the others are still scanned.
    /// `nested`: the archive was itself in an archive (or on a stream) and was read into
    /// memory; an archive in it is not opened.
    private func scanZip(
        _ open: () throws(InputError) -> ZipArchive, path: String, nested: Bool = false, with scanner: UnitScanner,
        sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        let limits = configuration.gzipLimits
        let archive: ZipArchive
        let document: OfficeDocument?
        do {
            archive = try open()
            document = try OfficeDocument(archive, limits: limits)
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
            return outcome
        }
        outcome.opened = true
        if archive.isRecovered {
            outcome.unit.issues.append(InputIssue(
                kind: .error, path: path,
                message: "ZIP archive truncated or damaged: no end-of-directory record; \(archive.entries.count) \(archive.entries.count == 1 ? "member" : "members") read from their local headers"))
        }
        var binaryMembers = 0
        func add(_ member: UnitOutcome) { Self.merge(member, into: &outcome, binaryMembers: &binaryMembers) }
        func issue(_ entry: ZipArchive.Entry, _ error: InputError) -> InputIssue {
            // An encrypted member is personal data that could not be checked; another
            // compression method is a format piiscan does not read, as a `.xz` is.
            let skipped = entry.flags & 1 == 0 && entry.unreadableReason != nil
            return InputIssue(kind: skipped ? .skipped : .error, path: path + "!" + entry.name, message: error.message)
        }
        if document == nil, archive.entries.contains(where: { $0.name == "xl/workbook.bin" }) {
            // Its sheets are binary records, not XML: scanning its members finds nothing.
            outcome.unit.issues.append(InputIssue(
                kind: .skipped, path: path, message: "Excel binary workbook (.xlsb) skipped: save it as .xlsx or .csv to scan it"))
            return outcome
        }
        guard let document else {
            for entry in archive.entries where !entry.isDirectory && entry.size > 0 && !Interruption.isRequested {
                do {
                    add(scanSniffed(
                        try archive.source(of: entry, limits: limits), path: path + "!" + entry.name, compressed: false, archived: true,
                        nested: nested, with: scanner, sink: sink))
                } catch {
                    outcome.unit.issues.append(issue(entry, error))
                }
            }
            if let note = Self.binaryMembersNote(binaryMembers, path: path) { outcome.unit.issues.append(note) }
            return outcome
        }
        var strings = SharedStrings()
        if document.isWorkbook, let entry = archive.entries.first(where: { $0.name == "xl/sharedStrings.xml" }) {
            do {
                strings = try OfficeDocument.read(archive, entry, limits: limits, into: strings)
            } catch {
                outcome.unit.issues.append(issue(entry, error))
            }
        }
        for part in document.parts where !Interruption.isRequested {
            do {
                let member = try archive.source(of: part.entry, limits: limits)
                let name = path + "!" + part.name
                switch part.kind {
                case .spreadsheet:
                    add(scanSniffed(
                        XMLTransformSource(member, transform: SheetRows(strings: strings)), path: name, compressed: false, archived: true,
                        nested: true, with: scanner, sink: sink))
                case .document(let flavor):
                    add(scanSniffed(
                        XMLTransformSource(member, transform: DocumentText(flavor: flavor)), path: name, compressed: false, archived: true,
                        nested: true, with: scanner, sink: sink))
                }
            } catch {
                outcome.unit.issues.append(issue(part.entry, error))
            }
        }
        return outcome
    }

    /// Reads the head of a stream, classifies it, and scans it as text (or gzip) if it is text.
    /// `archived`: the stream is a file of an archive (an archive in it is not opened).
    /// `nested`: inside an archive that was itself in an archive (or on a stream): no ZIP
    /// archive in it is opened.
    func scanSniffed<Source: ByteSource>(
        _ source: Source, path: String, compressed: Bool, archived: Bool = false, nested: Bool = false, with scanner: UnitScanner,
        sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        var source = source
        var head = [UInt8](repeating: 0, count: ContentSniffer.headSize)
        var count = 0
        func fill() throws {
            while count < head.count {
                let n = try head.withUnsafeMutableBytes { bytes throws(InputError) in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[count...]))
                }
                if n == 0 { break }
                count += n
            }
        }
        // A leading run of NUL bytes (a log truncated in place, then compressed by logrotate) is
        // read past, however long, and not scanned; offsets stay those of the stream.
        var skippedNULs: Int64 = 0
        do {
            try fill()
            while count > 0 && head[0] == 0 {
                let zeros = head.withUnsafeBytes { ContentSniffer.leadingNULs(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                guard zeros > 0 else { break }
                skippedNULs += Int64(zeros)
                head.withUnsafeMutableBytes { bytes in
                    bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + zeros, byteCount: count - zeros)
                }
                count -= zeros
                try fill()
            }
        } catch {
            // The stream failed (or was interrupted, or a gzip stream reached --gzip-max-size)
            // early: still scan what arrived, as text.
            let message = (error as? InputError)?.message ?? "\(error)"
            head.removeSubrange(count...)
            if skippedNULs > 0 { outcome.unit.issues.append(Self.leadingNULNote(skippedNULs, path: path)) }
            if count > 0, head.withUnsafeBytes({ ContentSniffer.classify($0) }) == .text {
                var partial = MemorySource(head)
                outcome.opened = true
                let issues = outcome.unit.issues
                outcome.unit = scanner.scan(&partial, path: path, baseOffset: skippedNULs, lineStart: 0, lines: .text, sink: sink)
                outcome.unit.issues = issues + outcome.unit.issues
            }
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: message))
            return outcome
        }
        head.removeSubrange(count...)
        if skippedNULs > 0 && count == 0 {
            outcome.unit.issues.append(InputIssue(
                kind: .skipped, path: path, message: compressed ? "compressed binary file skipped (only NUL bytes)" : "binary file skipped (only NUL bytes)"))
            return outcome
        }
        var kind = head.withUnsafeBytes({ ContentSniffer.classify($0) })
        if skippedNULs > 0, kind != .text { kind = .unsupported(reason: "binary file skipped (contains NUL bytes)") }
        switch kind {
        case .gzip where !compressed:
            return scanGzip(PrefixedSource(prefix: head, base: source), path: path, archived: archived, nested: nested, with: scanner, sink: sink)
        case .gzip:
            outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: "gzip stream inside a compressed stream skipped"))
        case .compressed(let format) where !compressed:
            return scanDecompressed(
                PrefixedSource(prefix: head, base: source), format: format, path: path, archived: archived, nested: nested, with: scanner,
                sink: sink)
        case .compressed(let format):
            outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: "\(format.rawValue) stream inside a compressed stream skipped"))
        case .tar where !archived:
            return scanTar(PrefixedSource(prefix: head, base: source), path: path, with: scanner, sink: sink)
        case .postgresArchive:
            return scanPostgresArchive(PrefixedSource(prefix: head, base: source), path: path, with: scanner, sink: sink)
        case .tar:
            outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: "tar archive inside an archive skipped"))
        case .zip where nested:
            outcome.unit.issues.append(InputIssue(
                kind: .skipped, path: path, message: "ZIP archive inside an archive inside an archive skipped (extract it to scan it)"))
        case .zip, .compoundFile, .parquet:
            // A ZIP archive is read from its directory at its end, a compound file through its
            // FAT, a Parquet file from its footer: one that is no file (in an archive, in gzip,
            // on a stream) is read into memory first, up to a bound.
            let bytes: [UInt8]
            do {
                guard let all = try Self.readAll(prefix: head, from: &source) else {
                    let place = archived ? "inside an archive" : compressed ? "inside gzip" : "on a stream"
                    let what = kind == .zip ? "ZIP archive" : kind == .parquet ? "Parquet file" : "compound file"
                    outcome.unit.issues.append(InputIssue(
                        kind: .skipped, path: path, message: Self.tooLargeNote("\(what) of more than \(Self.maximumArchiveInMemory >> 20) MiB \(place)")))
                    return outcome
                }
                bytes = all
            } catch {
                outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
                return outcome
            }
            if kind == .compoundFile { return scanCompoundFile(bytes, path: path, nested: true, with: scanner, sink: sink) }
            if kind == .parquet {
                return scanParquet(size: Int64(bytes.count), path: path, with: scanner, sink: sink) { offset, count throws(InputError) in
                    guard offset >= 0, count >= 0, offset + Int64(count) <= Int64(bytes.count) else {
                        throw InputError("truncated Parquet file: \(count) bytes at \(offset) are past its end")
                    }
                    return Array(bytes[Int(offset)..<(Int(offset) + count)])
                }
            }
            return scanZip({ () throws(InputError) in try ZipArchive(bytes: bytes) }, path: path, nested: true, with: scanner, sink: sink)
        case .sqlite:
            let message = compressed
                ? "compressed SQLite database skipped (decompress it to scan it)"
                : archived ? "SQLite database inside an archive skipped (extract it to scan it)"
                : "SQLite database on a stream skipped (pass it as a file to scan it)"
            outcome.unit.issues.append(InputIssue(kind: .skipped, path: path, message: message))
        case .unsupported(let reason):
            outcome.unit.issues.append(InputIssue(
                kind: .skipped, path: path, message: compressed ? "compressed " + reason : reason))
        case .text:
            outcome.opened = true
            var prefixed = PrefixedSource(prefix: head, base: source)
            var encoding = head.withUnsafeBytes { TextEncoding.detect($0) }
            if encoding == .cp949 && head.withUnsafeBytes({ MailText.isMail($0) }) { encoding = .utf8 }  // see mailKeepsItsParts
            if encoding != .utf8 {
                scanTranscoded(
                    prefixed, encoding: encoding, head: head, baseOffset: skippedNULs, path: path, with: scanner, into: &outcome,
                    sink: sink)
            } else if let dump = head.withUnsafeBytes({ SQLDumpSniffer.dialect(of: $0) }) {
                scanDump(&prefixed, dialect: dump, path: path, baseOffset: skippedNULs, with: scanner, into: &outcome, sink: sink)
            } else {
                let structure = head.withUnsafeBytes { TextStructure.detect($0) }
                let mail = structure == nil && head.withUnsafeBytes { MailText.isMail($0) }
                let folding = structure == nil && !mail ? head.withUnsafeBytes { FoldedText.format($0) } : nil
                let fixedColumns = structure == nil && !mail && folding == nil ? head.withUnsafeBytes { FixedColumns.detect($0) } : nil
                outcome.unit = scanner.scan(
                    &prefixed, path: path, baseOffset: skippedNULs, lineStart: 0, structure: structure, lines: .text,
                    mail: mail || folding == .vCard || folding == .iCalendar, folding: folding, followsTables: true,
                    fixedColumns: fixedColumns, sink: sink)
            }
            if skippedNULs > 0 { outcome.unit.issues.insert(Self.leadingNULNote(skippedNULs, path: path), at: 0) }
        }
        return outcome
    }

    /// `--stdin-format jsonl`: standard input as the rows of one table (see ``JSONLinesScanner``).
    private func scanJSONLines(with scanner: UnitScanner, sink: (consuming Finding) -> Void) -> UnitOutcome {
        var source = FileDescriptorSource(streamFD: STDIN_FILENO)
        let name = configuration.standardInputName
        let table = JSONLinesScanner(cells: CellScanner(scanner: scanner, configuration: configuration))
            .scan(&source, table: name, path: name, sink: sink)
        var outcome = UnitOutcome()
        outcome.opened = true
        outcome.unit.bytes = table.bytes
        outcome.unit.issues = table.issues
        outcome.rows = table.rows
        outcome.columns = table.columns
        return outcome
    }

    /// Scans a SQL dump as text, attributing findings in row values (see ``SQLDumpScanner``).
    /// `baseOffset`: where `source` starts in the input (after a leading NUL run).
    func scanDump<Source: ByteSource>(
        _ source: inout Source, dialect: SQLDumpDialect, path: String, baseOffset: Int64 = 0, with scanner: UnitScanner,
        into outcome: inout UnitOutcome, sink: (consuming Finding) -> Void
    ) {
        let dump = SQLDumpScanner(scanner: scanner, configuration: configuration)
            .scan(&source, dialect: dialect, path: path) { (finding: consuming Finding) in sink((consume finding).shifted(by: baseOffset)) }
        outcome.unit = dump.unit
        outcome.rows = dump.rows
        outcome.columns = dump.columns
    }
}

/// Hands out unit indices in order and passes findings from the workers to the assembler in
/// unit order, with bounded memory: the unit being assembled (the head) streams through; the
/// other units together may buffer up to `bufferLimit` findings, then a worker handing over
/// findings of a unit other than the head waits until the head's findings are drained or its
/// own unit becomes the head. Units are taken in order, so the head is always being worked on
/// or done, and its worker never waits: no deadlock.
///
/// Up to `maxInFlight` units may be taken and not yet assembled: with many small files of
/// mixed sizes, a worker that finished the units after a large head keeps taking more instead
/// of waiting for the head (the window, not the findings, is what the workers run out of).
private final class OrderedChannels: @unchecked Sendable {
    /// Findings handed over at once (fewer lock round trips).
    static let batchSize = 256
    /// Findings the units other than the head may hold together before their workers wait.
    static let bufferLimit = 65_536

    // SAFETY: every mutable property is accessed only with `condition` locked.
    private let condition = NSCondition()
    private var buffers: [Int: [FindingBatch]] = [:]
    /// Findings in `buffers` (those of the head included until drained).
    private var buffered = 0
    private var outcomes: [Int: ScanEngine.UnitOutcome] = [:]
    private var head = 0
    private var next = 0
    private let count: Int
    private let permits: DispatchSemaphore

    init(count: Int, maxInFlight: Int) {
        self.count = count
        permits = DispatchSemaphore(value: maxInFlight)
    }

    /// The next unit to process, or nil when all are taken. Blocks while too many units wait.
    func take() -> Int? {
        permits.wait()
        condition.lock()
        defer { condition.unlock() }
        guard next < count, !Interruption.isRequested else {
            permits.signal()
            return nil
        }
        next += 1
        return next - 1
    }

    /// Hands findings of `index` over (called by its worker, which must not touch `batch` again).
    func append(_ batch: FindingBatch, to index: Int) {
        condition.lock()
        buffers[index, default: []].append(batch)
        buffered += batch.count
        if index == head {
            condition.broadcast()
        } else {
            while index != head && buffered >= OrderedChannels.bufferLimit {
                condition.wait()
            }
        }
        condition.unlock()
    }

    /// Marks `index` done (called by its worker after its last findings).
    func finish(_ index: Int, with outcome: ScanEngine.UnitOutcome) {
        condition.lock()
        outcomes[index] = outcome
        // Only the assembler waits for a unit to finish, and only for the head: waking it for
        // the others (units done ahead of the head) made it sleep again at once.
        if index == head { condition.broadcast() }
        condition.unlock()
    }

    /// Makes `index` the head and passes its batches of findings, in order, to `handle` until
    /// the unit is done; `nil` when the scan was interrupted before any worker took the unit.
    func drain(_ index: Int, _ handle: (FindingBatch) -> Void) -> ScanEngine.UnitOutcome? {
        condition.lock()
        head = index
        condition.broadcast()
        while true {
            if let batches = buffers[index], !batches.isEmpty {
                buffers[index] = []
                buffered -= batches.reduce(0) { $0 + $1.count }
                condition.broadcast()  // workers waiting for room
                condition.unlock()
                batches.forEach(handle)
                condition.lock()
                continue
            }
            if let outcome = outcomes.removeValue(forKey: index) {
                buffers.removeValue(forKey: index)
                condition.unlock()
                permits.signal()
                return outcome
            }
            if Interruption.isRequested && index >= next {
                condition.unlock()
                return nil
            }
            // A signal cannot wake the condition: poll the interruption flag now and then.
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
    }
}
