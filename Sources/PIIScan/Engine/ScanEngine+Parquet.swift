#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel

extension ScanEngine {
    /// Scans a Parquet file, read through `read(offset, count)`, as a table's rows (see
    /// ``ParquetScanner``): findings under `path`, in the table ``parquetTableName(_:)``.
    func scanParquet(
        size: Int64, path: String, with scanner: UnitScanner, sink: (consuming Finding) -> Void,
        read: @escaping (Int64, Int) throws(InputError) -> [UInt8]
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        let file: ParquetFile
        do {
            file = try ParquetFile(size: size, read: read, decompress: ParquetScanner.decompress)
        } catch {
            outcome.unit.issues.append(InputIssue(kind: .error, path: path, message: "Parquet: \(error.message)"))
            return outcome
        }
        outcome.opened = true
        let table = ParquetScanner(cells: CellScanner(scanner: scanner, configuration: configuration))
            .scan(file, table: Self.parquetTableName(path), path: path, sink: sink)
        outcome.unit.bytes = table.bytes
        outcome.unit.issues = table.issues.map { issue in
            var issue = issue
            if !issue.message.hasPrefix("scan interrupted") { issue.message = "Parquet: " + issue.message }
            return issue
        }
        outcome.rows = table.rows
        outcome.columns = table.columns
        return outcome
    }

    /// The table a Parquet file holds: its name less `.parquet` and a codec's extension
    /// (`customers.snappy.parquet` is `customers`); for a writer's part file
    /// (`events/dt=2026-11-01/part-00000-….parquet`, as Spark and Hive name them) the
    /// dataset's directory above the partition directories (`events`).
    static func parquetTableName(_ path: String) -> String {
        let inside = path.split(separator: "!").last.map(String.init) ?? path
        var components = inside.split(separator: "/").map(String.init)
        guard var name = components.popLast() else { return inside }
        if name.hasPrefix("part-") || name.hasPrefix("part.") {
            while let directory = components.last, directory.contains("=") { components.removeLast() }
            if let dataset = components.last { return dataset }
        }
        for suffix in [".parquet", ".parq", ".pq"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        for codec in [".snappy", ".gz", ".gzip", ".zstd", ".zst", ".lz4", ".brotli", ".uncompressed"] where name.hasSuffix(codec) {
            name.removeLast(codec.count)
            break
        }
        return name.isEmpty ? inside : name
    }

    /// `count` bytes of `fd` at `offset`, or an error (a file that shrank while being read).
    static func readExactly(fd: Int32, at offset: Int64, count: Int) throws(InputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw InputError(n < 0 ? "cannot read: \(String(cString: strerror(errno)))" : "file shrank while being read (\(count) bytes at \(offset))")
            }
            filled += n
        }
        return bytes
    }
}
