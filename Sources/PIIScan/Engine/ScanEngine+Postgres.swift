#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

extension ScanEngine {
    /// Scans a PostgreSQL archive (see ``PostgresArchive``). A custom-format dump (`pg_dump -Fc`)
    /// is read table by table: each table's data, decompressed, after its `COPY … FROM stdin;`
    /// line (or, for `--inserts` data, its `CREATE TABLE`), exactly as the same table in a plain
    /// dump — reported as `dump!schema.table`, findings carrying the table, column and row;
    /// large objects as `dump!large object OID`, each sniffed as a file. The objects'
    /// definitions (functions, views, comments, defaults) are scanned as `dump!definitions`,
    /// as a plain dump's are. A `toc.dat` of the tar or directory format holds no data: only its
    /// definitions are scanned here (its data files are scanned as files, with the columns it
    /// names: see ``postgresDataStatement(forFile:)``).
    func scanPostgresArchive<Source: ByteSource>(
        _ source: Source, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        outcome.opened = true
        var binaryMembers = 0
        do {
            let archive = try PostgresArchive(source)
            let definitions = archive.entries.compactMap { $0.desc == "TABLE DATA" ? nil : $0.definition }.filter { !$0.isEmpty }
            if !definitions.isEmpty {
                let text = MemorySource(Array(definitions.joined(separator: "\n").utf8))
                let part = scanSniffed(text, path: path + "!definitions", compressed: true, archived: true, with: scanner, sink: sink)
                Self.merge(part, into: &outcome, binaryMembers: &binaryMembers)
            }
            guard archive.format == .custom else { return outcome }
            if archive.compression == .lz4 {
                outcome.unit.issues.append(InputIssue(
                    kind: .error, path: path,
                    message: "PostgreSQL archive compressed with LZ4: its data was not scanned (restore it as SQL with `pg_restore -f - FILE` and scan that)"))
                return outcome
            }
            let utf8 = archive.encoding.map { ["UTF8", "SQL_ASCII"].contains($0.uppercased()) } ?? true
            // After a data stream failed (reported at its part), nothing more can be read.
            while !archive.dataFailed, let block = try archive.nextBlock() {
                if Interruption.isRequested { break }
                let data = PostgresArchiveData(archive: archive)
                switch block {
                case .table(let entry):
                    // COPY data names its columns in its statement; `--inserts` data names them
                    // only in the table's definition. Both in the data's encoding.
                    var head = entry.rawCopyStatement ?? archive.table(of: entry)?.rawDefinition ?? []
                    if !head.isEmpty && head.last != 0x0A { head.append(0x0A) }
                    let part = scanArchiveData(
                        data, compression: archive.compression, head: head, path: path + "!" + entry.qualifiedName,
                        asDump: utf8, with: scanner, sink: sink)
                    Self.merge(part, into: &outcome, binaryMembers: &binaryMembers)
                case .largeObjects:
                    while !archive.dataFailed, let oid = try archive.nextLargeObject() {
                        let part = scanArchiveData(
                            PostgresArchiveData(archive: archive), compression: archive.compression, head: [],
                            path: path + "!large object \(oid)", asDump: false, with: scanner, sink: sink)
                        Self.merge(part, into: &outcome, binaryMembers: &binaryMembers)
                    }
                }
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
        }
        if let note = Self.binaryMembersNote(binaryMembers, path: path) { outcome.unit.issues.append(note) }
        return outcome
    }

    /// Decompresses one data stream of an archive and scans it, `head` first: as a SQL dump
    /// when `asDump` (UTF-8 table data), else sniffed as a file is.
    private func scanArchiveData<Source: ByteSource>(
        _ data: PostgresArchiveData<Source>, compression: PostgresArchive<Source>.DataCompression, head: [UInt8], path: String,
        asDump: Bool, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        func scan<Decoded: ByteSource>(_ decoded: Decoded) -> UnitOutcome {
            var source = PrefixedSource(prefix: head, base: decoded)
            guard asDump else { return scanSniffed(source, path: path, compressed: true, archived: true, with: scanner, sink: sink) }
            var outcome = UnitOutcome()
            outcome.opened = true
            scanDump(&source, dialect: .standard, path: path, with: scanner, into: &outcome, sink: sink)
            return outcome
        }
        do {
            switch compression {
            case .none, .lz4: return scan(data)
            case .gzip: return scan(try GzipSource(data, limits: configuration.gzipLimits, zlib: true))
            case .zstd: return scan(try DecoderSource(data, format: .zstd, limits: configuration.gzipLimits))
            }
        } catch {
            var outcome = UnitOutcome()
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
            return outcome
        }
    }
}

extension PostgresArchive {
    /// The entry of a data entry's table (its definition is the `CREATE TABLE`).
    func table(of data: Entry) -> Entry? {
        entries.first { $0.desc == "TABLE" && $0.tag == data.tag && $0.namespace == data.namespace }
    }
}

extension ScanEngine {
    /// The statement naming the columns of `path` when it is a data file of a `pg_dump -Fd`
    /// directory (`3343.dat`, `3343.dat.gz`, `3343.dat.zst`) whose `toc.dat` beside it is a
    /// PostgreSQL archive with that entry; nil otherwise (a name check for every other file).
    static func postgresDataStatement(forFile path: String) -> String? {
        // Every file comes here: its name's ending is compared before anything is allocated.
        guard dataFileSuffixes.contains(where: { path.utf8.reversed().starts(with: $0.utf8.reversed()) }) else { return nil }
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let id = PostgresArchive<MemorySource>.dataFileID(name) else { return nil }
        let toc = (slash.map { String(path[...$0]) } ?? "") + "toc.dat"
        var info = stat()
        guard stat(toc, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= Int64(maximumArchiveInMemory) else { return nil }
        let fd = open(toc, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return PostgresArchive.dataStatements(FileDescriptorSource(fd: fd))?[id]
    }

    /// The endings of a `pg_dump -Fd` data file's name.
    private static let dataFileSuffixes = [".dat", ".dat.gz", ".dat.zst", ".dat.lz4"]

    /// Scans a data file of a tar or directory archive (decompressed if it is gzip or zstd) as
    /// the table of a plain dump, `statement` (its `COPY … FROM stdin;`) before it; lines and
    /// offsets are the file's.
    func scanPostgresData<Source: ByteSource>(
        _ source: Source, statement: String, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        var source = source
        let buffer = ReadBuffer(byteCount: 4)
        var count = 0
        do {
            while count < buffer.bytes.count {
                let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[count...]))
                if n == 0 { break }
                count += n
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
            return outcome
        }
        let magic = Array(buffer.bytes[0..<count])
        let file = PrefixedSource(prefix: Array(magic[0..<count]), base: source)
        var head = Array(statement.utf8)
        if head.last != 0x0A { head.append(0x0A) }
        let lines = head.count(where: { $0 == 0x0A })
        func scan<Decoded: ByteSource>(_ decoded: Decoded) {
            var prefixed = PrefixedSource(prefix: head, base: decoded)
            let dump = SQLDumpScanner(scanner: scanner, configuration: configuration).scan(&prefixed, dialect: .standard, path: path) {
                (finding: consuming Finding) in
                guard finding.line > lines else { return }  // in the statement, not the file
                finding.line -= lines
                finding.offset -= Int64(head.count)
                sink(finding)
            }
            outcome.opened = true
            outcome.unit = dump.unit
            outcome.unit.bytes = max(0, dump.unit.bytes - Int64(head.count))
            outcome.rows = dump.rows
            outcome.columns = dump.columns
        }
        do {
            if count >= 2 && magic[0] == 0x1F && magic[1] == 0x8B {
                scan(try GzipSource(file, limits: configuration.gzipLimits))
            } else if count == 4 && magic == [0x28, 0xB5, 0x2F, 0xFD] {
                scan(try DecoderSource(file, format: .zstd, limits: configuration.gzipLimits))
            } else if count == 4 && magic == [0x04, 0x22, 0x4D, 0x18] {
                outcome.unit.issues.append(InputIssue(
                    kind: .error, path: path, message: "LZ4-compressed PostgreSQL data file: not scanned (decompress it with `lz4 -d` to scan it)"))
            } else {
                scan(file)
            }
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: error.message))
        }
        return outcome
    }
}

extension PostgresArchive {
    /// The dump ID of a tar or directory archive's data file name (`3343.dat`, `3343.dat.gz`,
    /// `3343.dat.zst`, `3343.dat.lz4`; a path's last component), nil for any other name.
    static func dataFileID(_ name: String) -> Int? {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = base.firstIndex(of: "."), dot > base.startIndex,
            [".dat", ".dat.gz", ".dat.zst", ".dat.lz4"].contains(String(base[dot...]))
        else { return nil }
        return Int(base[..<dot])
    }

    /// For a `toc.dat` (or any archive): each data entry's statement that names its columns —
    /// its `COPY … FROM stdin;`, or its table's `CREATE TABLE` for `--inserts` data — by dump
    /// ID; nil when `source` is no PostgreSQL archive.
    static func dataStatements(_ source: Source) -> [Int: String]? {
        guard let archive = try? PostgresArchive(source) else { return nil }
        var statements: [Int: String] = [:]
        for entry in archive.entries where entry.desc == "TABLE DATA" {
            if let statement = entry.copyStatement ?? archive.table(of: entry)?.definition { statements[entry.dumpId] = statement }
        }
        return statements
    }
}
