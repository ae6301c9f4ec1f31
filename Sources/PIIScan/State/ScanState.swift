#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Foundation
import PIIModel
import PIIRules

/// The state of earlier sweeps (`--state FILE`): for every file scanned completely, its
/// identity, size and modification time, its counts and its findings — masked values and keyed
/// fingerprints only, never raw values. A later sweep replays the results of files that did not
/// change instead of scanning them again.
///
/// The file is an SQLite database. A run reads the previous state and writes a new one to a
/// temporary file (mode 0600) that replaces the old file only when the scan is over, so an
/// interrupted or failed run never leaves a half-written state.
public final class ScanState: @unchecked Sendable {
    // SAFETY: `previous` is used only with `lock` held; the writer is used on the calling thread.

    /// The format written in `meta`; another value means an incompatible state file.
    // 2: findings keep `decoding` and `field`; 3: and the key fingerprint of a WITHOUT ROWID row;
    // 4: and their UTF-16 columns (SARIF); 5: and the line a region ends on, each finding one
    // record (``StoredFinding``) under a file number
    static let format = "piiscan-state-5"
    /// The formats before: not used (everything is rescanned once), then replaced.
    static let previousFormats: Set<String> = ["piiscan-state-2", "piiscan-state-3", "piiscan-state-4"]

    /// A state file that cannot be used.
    public enum Problem: Error, Equatable {
        /// The file exists but is not a piiscan state file (another database, a device, a FIFO):
        /// it is neither used nor overwritten.
        case foreign(String)
    }

    public let path: String
    /// Where the new state is renamed to: `path`, or the file its symbolic links lead to.
    private let finalPath: String
    private let configurationDigest: String
    private var previous: StateDatabase?
    private let lock = NSLock()
    /// Why the previous state is not used (corrupt, other configuration …), if it is not.
    public private(set) var fullRescanReason: String?
    /// A problem with the previous state file worth a warning (corrupt, unreadable).
    public private(set) var warning: String?

    /// Opens the state at `path` (which need not exist) for a scan with the configuration
    /// summarised by `configurationDigest` (see ``configurationDigest(rules:configuration:version:)``).
    public init(path: String, configurationDigest: String) throws(Problem) {
        self.path = path
        self.configurationDigest = configurationDigest
        // A rename over a device or FIFO would destroy it, and SQLite would block on a FIFO.
        let target: OutputTarget
        do { target = try OutputTarget.resolve(path) } catch { throw .foreign("\(error)") }
        guard case .replace(let file, _) = target else {
            throw .foreign("'\(path)' is not a regular file; refusing to use it as the state file")
        }
        finalPath = file
        guard access(path, F_OK) == 0 else {
            fullRescanReason = "no state yet"
            return
        }
        // Never destroy what may be someone's data: only an empty file or an SQLite database
        // goes on (a JSON report swapped with the state by mistake is refused, not replaced).
        switch readHead(of: path) {
        case .failure(let reason):
            throw .foreign("cannot read '\(path)': \(reason); refusing to overwrite it")
        case .success(let head) where head.isEmpty:
            fullRescanReason = "no state yet"
            return
        case .success(let head) where !head.starts(with: ScanState.sqliteMagic):
            throw .foreign("'\(path)' is not a piiscan state file (not an SQLite database); refusing to overwrite it")
        case .success:
            break
        }
        do {
            let database = try StateDatabase(path: path, readOnly: true)
            let check = try database.prepare("PRAGMA quick_check")
            guard try check.step(), check.text(0) == "ok" else { throw SQLiteError(code: SQLITE_CORRUPT, detail: nil) }
            let tables = try database.prepare("SELECT count(*) FROM sqlite_master")
            _ = try tables.step()
            if tables.int64(0) == 0 {  // an empty file is an empty database: start afresh
                fullRescanReason = "no state yet"
                return
            }
            let meta: StateStatement
            do {
                meta = try database.prepare("SELECT key, value FROM meta")
            } catch {
                throw Problem.foreign("'\(path)' is an SQLite database but not a piiscan state file; refusing to overwrite it")
            }
            var values: [String: String] = [:]
            while try meta.step() { values[meta.text(0)] = meta.text(1) }
            if let format = values["format"], ScanState.previousFormats.contains(format) {
                // Its findings lack what this version stores: usable only as a list of paths.
                fullRescanReason = "the state file was written by an older piiscan"
                return
            }
            guard values["format"] == ScanState.format else {
                throw Problem.foreign("'\(path)' is not a piiscan state file of this version (format \(values["format"] ?? "unknown")); refusing to overwrite it")
            }
            guard values["configuration"] == configurationDigest else {
                fullRescanReason = "the rule set, key or configuration changed since the last sweep"
                return
            }
            previous = database
        } catch let problem as Problem {
            throw problem
        } catch {
            let reason = (error as? SQLiteError)?.message ?? "\(error)"
            // A damaged database is rewritten only if it still carries the state's format marker.
            guard ScanState.carriesFormatMarker(path) else {
                throw .foreign("'\(path)' is an SQLite database that cannot be read (\(reason)) and is not recognisably a piiscan state file; refusing to overwrite it")
            }
            warning = "cannot use state file '\(path)': \(reason); rescanning everything (the state will be rewritten)"
            fullRescanReason = "state file unusable"
        }
    }

    /// The 16 bytes every SQLite 3 database starts with.
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// Whether the first MiB of `path` holds the `meta` row `piiscan-state-…`: the writer
    /// creates `meta` first and fills it at once, so it sits in the first pages of every state
    /// file piiscan wrote, and survives damage elsewhere.
    static func carriesFormatMarker(_ path: String) -> Bool {
        guard case .success(let bytes) = readHead(of: path, count: 1 << 20) else { return false }
        let marker = Array("piiscan-state-".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<start + marker.count].elementsEqual(marker) { return true }
        }
        return false
    }

    // MARK: - Planning

    /// Why a file is scanned rather than carried over.
    public enum Decision: Equatable, Sendable {
        case carried
        case rescan(String)
    }

    /// The files of `metadata` that did not change since the previous state (same device,
    /// inode, size and modification time, and read completely then), with their stored results.
    /// `decisions` says why every other file is scanned.
    public func plan(_ metadata: [String: FileMetadata]) -> (carried: [String: CarriedFile], decisions: [String: Decision]) {
        var carried: [String: CarriedFile] = [:]
        var decisions: [String: Decision] = [:]
        guard let previous else {
            for path in metadata.keys { decisions[path] = .rescan(fullRescanReason ?? "no state") }
            return (carried, decisions)
        }
        lock.lock()
        defer { lock.unlock() }
        do {
            let files = try previous.prepare(
                "SELECT path, device, inode, size, mtime_ns, opened, bytes, rows, id FROM files")
            var stored: [String: (FileMetadata, FileResult)] = [:]
            var fileIDs: [String: Int64] = [:]
            while try files.step() {
                let path = files.text(0)
                guard metadata[path] != nil else { continue }
                let identity = FileMetadata(
                    device: UInt64(bitPattern: files.int64(1)), inode: UInt64(bitPattern: files.int64(2)),
                    size: files.int64(3), modifiedNanoseconds: files.int64(4))
                var result = FileResult(path: path)
                result.opened = files.int64(5) != 0
                result.bytes = files.int64(6)
                result.rows = files.int64(7)
                result.carried = true
                stored[path] = (identity, result)
                fileIDs[path] = files.int64(8)
            }
            let issues = try previous.prepare("SELECT path, kind, message FROM issues ORDER BY path, seq")
            while try issues.step() {
                let path = issues.text(0)
                guard stored[path] != nil else { continue }
                stored[path]!.1.issues.append(InputIssue(
                    kind: InputIssue.Kind(rawValue: issues.text(1)) ?? .skipped, path: path, message: issues.text(2)))
            }
            let columns = try previous.prepare(
                "SELECT path, table_name, column_name, rows, table_rows, rows_with_findings FROM columns ORDER BY path, seq")
            while try columns.step() {
                let path = columns.text(0)
                guard stored[path] != nil else { continue }
                var column = ColumnSummary(
                    key: ColumnKey(path: path, table: columns.text(1), column: columns.text(2)), rows: columns.int64(3),
                    tableRows: columns.optionalInt64(4))
                for pair in columns.text(5).split(separator: "\u{1F}") {
                    let parts = pair.split(separator: "\u{1E}")
                    if parts.count == 2, let count = Int64(parts[1]) { column.rowsWithFindings[Category(String(parts[0]))] = count }
                }
                stored[path]!.1.columns.append(column)
            }
            for (path, current) in metadata {
                guard let (identity, result) = stored[path] else {
                    decisions[path] = .rescan("new")
                    continue
                }
                if identity.device != current.device || identity.inode != current.inode {
                    decisions[path] = .rescan("replaced (device/inode changed)")
                } else if identity.size != current.size {
                    decisions[path] = .rescan("size changed")
                } else if identity.modifiedNanoseconds != current.modifiedNanoseconds {
                    decisions[path] = .rescan("modified")
                } else if access(path, R_OK) != 0 {
                    // Its permissions changed (`chmod` moves neither size nor modification time):
                    // a fresh scan reports that it cannot be read, and so must this one.
                    decisions[path] = .rescan("not readable")
                } else {
                    decisions[path] = .carried
                    let file = fileIDs[path] ?? -1
                    carried[path] = CarriedFile(result: result) { [self] sink in self.replay(path, file: file, sink) }
                }
            }
        } catch {
            // Unreadable after all: scan everything; the new state replaces this one.
            warning = "cannot read state file '\(self.path)': \(error.message); rescanning everything"
            carried = [:]
            for path in metadata.keys { decisions[path] = .rescan("state file unusable") }
        }
        return (carried, decisions)
    }

    /// Feeds the stored findings of `path` to `sink`. They are read under the lock and delivered
    /// after it is released: a sink may block (ordered assembly), and must not hold up others.
    /// Findings replayed per round trip: read under the lock, handed over without it.
    static let replayBatch = 4096

    /// Hands the stored findings of `path` to `sink`, in report order, a batch at a time: the
    /// shared connection is locked while a batch is read, never while the sink runs (a sink may
    /// wait for another unit, whose worker may need the connection), and memory holds one batch
    /// whatever the number of findings (a 4-million-finding export once took 1.5 GB here).
    private func replay(_ path: String, file: Int64, _ sink: (consuming Finding) -> Void) -> String? {
        var after: Int64 = -1
        while true {
            var findings: [Finding] = []
            findings.reserveCapacity(ScanState.replayBatch)
            lock.lock()
            do {
                guard let previous else { throw SQLiteError(code: 1, detail: "state closed") }
                let statement = try previous.prepare("SELECT data, seq FROM findings WHERE file = ? AND seq > ? ORDER BY seq LIMIT ?")
                statement.bind(1, file)
                statement.bind(2, after)
                statement.bind(3, Int64(ScanState.replayBatch))
                while try statement.step() {
                    guard let finding = StoredFinding.decode(statement.blob(0), path: path) else {
                        throw SQLiteError(code: 11, detail: "a stored finding is damaged")
                    }
                    after = statement.int64(1)
                    findings.append(finding)
                }
            } catch {
                lock.unlock()
                return "cannot read its stored findings from the state file: \((error as? SQLiteError)?.message ?? "\(error)"); it will be rescanned next time"
            }
            lock.unlock()
            let complete = findings.count < ScanState.replayBatch
            for finding in findings { sink(finding) }
            if complete { return nil }
        }
    }

    // MARK: - Configuration

    /// A digest of everything that decides which findings a file yields: the piiscan version,
    /// every rule (pattern, validator, keywords …), the fingerprint key (through a keyed
    /// fingerprint of a constant, never the key itself), `--min-confidence`, `--only` and
    /// `--sample-rows`. A state written under another digest is not used.
    public static func configurationDigest(rules: RuleSet, configuration: ScanConfiguration, version: String) -> String {
        var text = "\(format)\n\(version)\n"
        text += "key \(configuration.fingerprinter.fingerprint(category: Category("piiscan-state-key-id"), canonical: []))\n"
        // Stored findings have UTF-16 columns only if the sweep that stored them computed them.
        if configuration.utf16Columns { text += "utf16-columns\n" }
        text += detectionSettings(rules: rules, configuration: configuration)
        return Fingerprinter.hex(Fingerprinter.sha256(Array(text.utf8)))
    }

    /// A digest of the settings that decide which findings an input yields, apart from the key
    /// and the piiscan version: the rules, `--min-confidence`, `--only`, `--sample-rows`, the
    /// project policy (thresholds, allowlist, baseline, inline suppression) and decoding. Reports
    /// carry it (`summary.settings`), and `merge`/`estimate` refuse reports whose digests differ:
    /// their counts would not add up to one scan's. (16 hex digits: a check, not a secret.)
    public static func settingsDigest(rules: RuleSet, configuration: ScanConfiguration) -> String {
        String(Fingerprinter.hex(Fingerprinter.sha256(Array(detectionSettings(rules: rules, configuration: configuration).utf8))).prefix(16))
    }

    private static func detectionSettings(rules: RuleSet, configuration: ScanConfiguration) -> String {
        var text = ""
        for rule in rules.rules {
            text += "rule\u{1F}\(rule.id)\u{1F}\(rule.category.rawValue)\u{1F}\(rule.description)\u{1F}\(rule.regex)"
            text += "\u{1F}\(rule.validator ?? "")\u{1F}\(rule.keywords.joined(separator: "\u{1E}"))"
            text += "\u{1F}\(rule.negativeKeywords.joined(separator: "\u{1E}"))\u{1F}\(rule.confidence)\u{1F}\(rule.caseless)"
            if let prefilter = rule.prefilter { text += "\u{1F}\(prefilter.bytes)\u{1F}\(prefilter.within)" }
            text += "\n"
        }
        text += "min-confidence \(configuration.minConfidence)\n"
        text += "only \(configuration.onlyCategories.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "*")\n"
        text += "sample-rows \(configuration.sampleRows.map(String.init) ?? "-")\n"
        // Findings held back by the policy are not stored, so a changed policy must rescan.
        let policy = configuration.policy
        text += "inline-suppression \(configuration.inlineSuppression)\n"
        for category in policy.minConfidenceByCategory.keys.sorted() {
            text += "min-confidence-by-category \(category.rawValue) \(policy.minConfidenceByCategory[category]!)\n"
        }
        text += "default-min-confidence \(policy.defaultMinConfidence)\n"
        for fingerprint in policy.allowedFingerprints.sorted() { text += "allow \(fingerprint)\n" }
        if let baseline = policy.baseline { text += "baseline\n" + baseline.serialized() }
        if !configuration.decodeValues { text += "no-decode\n" }  // decoded values are part of the findings
        return text
    }

    // MARK: - Writing

    /// Starts the new state: a temporary file (mode 0600) next to `path`, or next to the file its
    /// symbolic links lead to.
    public func makeWriter() throws(StateWriteError) -> ScanStateWriter {
        try ScanStateWriter(finalPath: finalPath, configurationDigest: configurationDigest)
    }

    /// Closes the previous state (before the new one replaces it).
    public func close() {
        lock.lock()
        previous = nil
        lock.unlock()
    }
}

/// The first bytes of `path` (empty for an empty file), or why it cannot be read.
private func readHead(of path: String, count: Int = 16) -> Result<[UInt8], StateWriteError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(StateWriteError(description: String(cString: strerror(errno)))) }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return .failure(StateWriteError(description: String(cString: strerror(errno)))) }
        if n == 0 { break }
        filled += n
    }
    return .success(Array(bytes[..<filled]))
}

/// A failure to write the new state file.
public struct StateWriteError: Error, CustomStringConvertible {
    public let description: String
}

/// Writes a new state file: files and findings as the scan reports them, in one transaction,
/// then an atomic rename over the old file.
public final class ScanStateWriter {
    private let finalPath: String
    private let temporaryPath: String
    private let database: StateDatabase
    private let insertFinding: StateStatement
    private let insertFile: StateStatement
    private let insertIssue: StateStatement
    private let insertColumn: StateStatement
    /// Per path of a file being recorded: its number in the `findings` table (which holds the
    /// number, not the path: rows half the size, appended in arrival order, and indexed once at
    /// the commit) and the sequence number of its next finding.
    private var recording: [String: (file: Int64, next: Int64)] = [:]
    private var nextFile: Int64 = 0
    /// The record of the finding being stored (``StoredFinding``), reused.
    private var encoded: [UInt8] = []
    private var failure: String?

    init(finalPath: String, configurationDigest: String) throws(StateWriteError) {
        self.finalPath = finalPath
        temporaryPath = OutputTarget.temporaryName(for: finalPath)
        unlink(temporaryPath)
        OutputTarget.removeStaleTemporaries(for: finalPath)  // killed runs' copies of the state
        // Created here with 0600, so SQLite never creates it with the umask's mode.
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StateWriteError(description: "cannot create '\(temporaryPath)': \(String(cString: strerror(errno)))")
        }
        close(fd)
        do {
            database = try StateDatabase(path: temporaryPath, readOnly: false)
            // No journal: the file is private until the rename, which is the commit.
            try database.exec("""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE files(path TEXT PRIMARY KEY, device INTEGER, inode INTEGER, size INTEGER, mtime_ns INTEGER,
                    opened INTEGER, bytes INTEGER, rows INTEGER, findings INTEGER, id INTEGER NOT NULL);
                CREATE TABLE issues(path TEXT, seq INTEGER, kind TEXT, message TEXT, PRIMARY KEY(path, seq)) WITHOUT ROWID;
                CREATE TABLE columns(path TEXT, seq INTEGER, table_name TEXT, column_name TEXT, rows INTEGER,
                    table_rows INTEGER, rows_with_findings TEXT, PRIMARY KEY(path, seq)) WITHOUT ROWID;
                CREATE TABLE findings(file INTEGER, seq INTEGER, data BLOB);
                BEGIN;
                """)
            let meta = try database.prepare("INSERT INTO meta VALUES (?, ?)")
            for (key, value) in [("format", ScanState.format), ("configuration", configurationDigest)] {
                meta.bind(1, key)
                meta.bind(2, value)
                try meta.run()
            }
            insertFinding = try database.prepare("INSERT INTO findings VALUES (?,?,?)")
            insertFile = try database.prepare("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?)")
            insertIssue = try database.prepare("INSERT INTO issues VALUES (?,?,?,?)")
            insertColumn = try database.prepare("INSERT INTO columns VALUES (?,?,?,?,?,?,?)")
        } catch {
            unlink(temporaryPath)
            throw StateWriteError(description: "cannot initialise '\(temporaryPath)': \(error.message)")
        }
    }

    /// Stores a reported finding — its masked value and fingerprint, never `value`. Findings
    /// of standard input are not stored (the caller passes files only).
    public func record(_ finding: Finding) {
        guard failure == nil else { return }
        let (file, seq) = recording[finding.path] ?? (newFile(), 0)
        recording[finding.path] = (file, seq + 1)
        encoded.removeAll(keepingCapacity: true)
        StoredFinding.encode(finding, into: &encoded)
        let s = insertFinding
        s.bind(1, file)
        s.bind(2, seq)
        s.bind(3, blob: encoded)
        run(s)
    }

    /// Stores a finished file with the metadata it had before it was scanned. A file that was
    /// not read completely is not stored (its findings are dropped), so the next sweep scans it.
    public func record(_ result: FileResult, metadata: FileMetadata) {
        guard failure == nil else { return }
        // An incomplete file's findings stay unlisted in `files`: the commit drops them.
        let file = recording.removeValue(forKey: result.path)?.file ?? newFile()
        guard result.isComplete else { return }
        let f = insertFile
        f.bind(1, result.path)
        f.bind(2, Int64(bitPattern: metadata.device))
        f.bind(3, Int64(bitPattern: metadata.inode))
        f.bind(4, metadata.size)
        f.bind(5, metadata.modifiedNanoseconds)
        f.bind(6, Int64(result.opened ? 1 : 0))
        f.bind(7, result.bytes)
        f.bind(8, result.rows)
        f.bind(9, Int64(result.findings))
        f.bind(10, file)
        run(f)
        for (seq, issue) in result.issues.enumerated() {
            insertIssue.bind(1, result.path)
            insertIssue.bind(2, Int64(seq))
            insertIssue.bind(3, issue.kind.rawValue)
            insertIssue.bind(4, issue.message)
            run(insertIssue)
        }
        for (seq, column) in result.columns.enumerated() {
            let c = insertColumn
            c.bind(1, result.path)
            c.bind(2, Int64(seq))
            c.bind(3, column.key.table)
            c.bind(4, column.key.column)
            c.bind(5, column.rows)
            c.bind(6, column.tableRows)
            c.bind(7, column.rowsWithFindings.keys.sorted().map { "\($0.rawValue)\u{1E}\(column.rowsWithFindings[$0]!)" }
                .joined(separator: "\u{1F}"))
            run(c)
        }
    }

    private func newFile() -> Int64 {
        defer { nextFile += 1 }
        return nextFile
    }

    private func run(_ statement: StateStatement) {
        do { try statement.run() } catch { failure = error.message }
    }

    /// Commits and renames the new state over the old one. Findings recorded for a file that
    /// never finished (interrupted) are dropped first.
    public func commit() throws(StateWriteError) {
        do {
            if let failure { throw StateWriteError(description: failure) }
            try database.exec("""
                DELETE FROM findings WHERE file NOT IN (SELECT id FROM files);
                CREATE INDEX findings_by_file ON findings(file, seq);
                COMMIT;
                """)
        } catch let error as StateWriteError {
            discard()
            throw error
        } catch {
            discard()
            throw StateWriteError(description: (error as? SQLiteError)?.message ?? "\(error)")
        }
        let fd = open(temporaryPath, O_RDONLY | O_CLOEXEC)
        let synced = fd >= 0 && fsync(fd) == 0
        if fd >= 0 { close(fd) }
        guard synced, rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw StateWriteError(description: "cannot write '\(finalPath)': \(reason)")
        }
    }

    /// Removes the temporary file; the old state stays as it was.
    public func discard() {
        unlink(temporaryPath)
    }
}
