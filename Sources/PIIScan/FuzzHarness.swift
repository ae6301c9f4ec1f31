import PIIModel
import PIIRules

/// Entry points for the libFuzzer targets in `Fuzz/` (see `scripts/fuzz.sh`). Each takes
/// arbitrary bytes and must return without crashing, hanging or leaking memory; results are
/// discarded. Not part of the supported API (hence the SPI).
@_spi(Fuzzing) public enum FuzzHarness {
    /// Fuzz target names, for `scripts/fuzz.sh`.
    public static let targets = ["rules", "validators", "gzip", "sqldump", "archives"]

    /// Runs target `name` on `data`; `false` for an unknown name.
    public static func run(_ name: String, _ data: UnsafeRawBufferPointer) -> Bool {
        switch name {
        case "rules": ruleFile(data)
        case "validators": validators(data)
        case "gzip": gzip(data)
        case "sqldump": sqlDump(data)
        case "archives": archives(data)
        default: return false
        }
        return true
    }

    /// A small configuration: one thread, the smallest buffer (so windows and cuts are
    /// exercised on small inputs), a fixed date and key.
    static var configuration: ScanConfiguration {
        var configuration = ScanConfiguration()
        configuration.threads = 1
        configuration.bufferSize = UnitScanner.minimumBufferSize
        configuration.minConfidence = 0
        configuration.today = CalendarDate(year: 2026, month: 1, day: 1)
        configuration.fingerprinter = Fingerprinter(secret: Array("fuzz".utf8))
        configuration.gzipLimits.ratioAfterBytes = 1 << 20
        configuration.gzipLimits.maxBytes = 8 << 20
        return configuration
    }

    /// The built-in rules, compiled once.
    static let engine: ScanEngine = try! ScanEngine(configuration: configuration, rules: RuleSet.builtIn())

    /// The rule-file parser, then compiling and running whatever it accepted.
    public static func ruleFile(_ data: UnsafeRawBufferPointer) {
        let text = String(decoding: data, as: UTF8.self)
        guard let rules = try? RuleFileParser.parse(text, source: "fuzz.toml"),
            let engine = try? ScanEngine(configuration: configuration, rules: RuleSet(rules: rules))
        else { return }
        _ = engine.scan(text: "사번 EMP-123456 주민번호 900101-1234568 010-2345-6789 " + text.prefix(256))
    }

    /// Every validator on the input as a match (first byte: keyword flags; the rest split in
    /// before/match/after at the next two `|`), and the whole built-in rule set over the input.
    public static func validators(_ data: UnsafeRawBufferPointer) {
        guard let flags = data.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: data[1...])
        var parts: [UnsafeRawBufferPointer] = []
        var start = 0
        for (index, byte) in rest.enumerated() where byte == UInt8(ascii: "|") && parts.count < 2 {
            parts.append(UnsafeRawBufferPointer(rebasing: rest[start..<index]))
            start = index + 1
        }
        parts.append(UnsafeRawBufferPointer(rebasing: rest[start...]))
        let (before, match, after) = parts.count == 3
            ? (parts[0], parts[1], parts[2]) : (UnsafeRawBufferPointer(start: nil, count: 0), rest, UnsafeRawBufferPointer(start: nil, count: 0))
        let candidate = Candidate(
            match: match, before: before, after: after, hasKeyword: flags & 1 != 0, hasNegativeKeyword: flags & 2 != 0,
            today: CalendarDate(year: 2026, month: 1, day: 1))
        for name in ValidatorRegistry.names {
            _ = ValidatorRegistry.validator(named: name)?.assess(candidate)
        }
        _ = engine.scan(bytes: Array(rest))
    }

    /// The gzip reader (with small limits), decompressing to the end or the first error.
    public static func gzip(_ data: UnsafeRawBufferPointer) {
        guard var source = try? GzipSource(MemorySource(Array(data)), limits: configuration.gzipLimits, inputBufferSize: 512)
        else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buffer.deallocate() }
        while let n = try? source.read(into: buffer), n > 0 {}
    }

    /// The archive and document readers on the input: as a ZIP archive (its directory, or its
    /// local headers) with every member read raw and through the sheet and document transforms;
    /// as an OLE compound file with its streams, the `.xls`, `.hwp`, `.doc`, `.ppt` and `.msg`
    /// readers, and its raw text recovered; as a mail's attachments; as BIFF records and HWP
    /// records; and through the bzip2, xz, zstd and ZIP-LZMA decoders — each to its end or its
    /// first error.
    public static func archives(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        let limits = configuration.gzipLimits
        let buffer = ReadBuffer(byteCount: 4096)
        func drain<Source: ByteSource>(_ source: Source) {
            var source = source
            while let n = try? source.read(into: buffer.bytes), n > 0 {}
        }
        if let archive = try? ZipArchive(bytes: bytes) {
            _ = try? OfficeDocument(archive, limits: limits)
            for entry in archive.entries.prefix(32) {
                if let member = try? archive.source(of: entry, limits: limits) { drain(member) }
                if let member = try? archive.source(of: entry, limits: limits) {
                    drain(XMLTransformSource(member, transform: SheetRows(strings: SharedStrings())))
                }
                if let member = try? archive.source(of: entry, limits: limits) {
                    drain(XMLTransformSource(member, transform: DocumentText(flavor: entry.name.hasSuffix("content.xml") ? .openDocument : .officeOpenXML)))
                }
            }
        }
        if let file = try? CompoundFile(bytes) {
            for path in file.streams.keys.sorted().prefix(32) { _ = try? file.read(path) }
            if let workbook = try? file.read("Workbook") { _ = try? LegacyWorkbook.sheets(workbook) }
            _ = try? HWPDocument.sections(file, limits: limits)
            _ = try? WordDocument.text(file)
            _ = try? PowerPointDocument.text(file)
            _ = try? OutlookMessage.parts(file)
            _ = file.unsupportedNote
        }
        _ = CompoundFile.recoveredText(bytes)
        var mail = MemorySource(bytes)
        try? MailAttachments.read(&mail, limit: 1 << 20) { _ in }
        _ = try? LegacyWorkbook.sheets(bytes)
        _ = HWPDocument.text(ofRecords: bytes)
        for format in [Compression.bzip2, .xz, .zstd, .zipLZMA] {
            if let source = try? DecoderSource(MemorySource(bytes), format: format, limits: limits, size: format == .zipLZMA ? 4096 : nil) {
                drain(source)
            }
        }
    }

    /// The SQL-dump parser byte by byte (both dialects), then a full attributed scan.
    public static func sqlDump(_ data: UnsafeRawBufferPointer) {
        for dialect in [SQLDumpDialect.mysql, .standard] {
            let parser = SQLDumpParser(dialect: dialect)
            for byte in data {
                parser.consume(byte)
                _ = parser.cell
            }
            parser.finish()
            _ = parser.columns
        }
        var source = MemorySource(Array(data))
        let scanner = UnitScanner(detectors: engine.detectors, configuration: configuration)
        _ = SQLDumpScanner(scanner: scanner, configuration: configuration)
            .scan(&source, dialect: data.first.map { $0 & 1 == 0 } ?? true ? .mysql : .standard, path: "fuzz.sql") { _ in }
    }
}
