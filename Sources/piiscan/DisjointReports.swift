#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel
import PIIReport

/// Checks that the reports given to `merge` or `estimate` cover disjoint inputs, as merging
/// requires: the same report twice, or two reports naming the same input (overlapping shards,
/// a merged report next to one of its parts), would silently count those inputs twice.
///
/// Inputs are known by the paths a report names — in its findings, errors and notes, its
/// per-input counts and its database columns — so an input without findings or notes cannot be
/// told apart. Streams are not files and may come in parts: standard input (`-`) and JSON-lines
/// tables (`--stdin-format jsonl`, as Spark streams the partitions of one table) are not compared.
struct DisjointReports {
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private var files: [FileIdentity: String] = [:]
    /// Input path → the report that names it.
    private var owners: [String: String] = [:]

    /// Checks every report file before any is read: the same file under two names (or twice)
    /// is refused with both names. Returns the error message, or nil.
    mutating func checkFiles(_ paths: [String]) -> String? {
        for path in paths where path != "-" {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // reading it reports the error
            let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            if let first = files[identity] {
                return first == path
                    ? "'\(path)' is given twice: its inputs would be counted twice"
                    : "'\(path)' is the same report as '\(first)': its inputs would be counted twice"
            }
            files[identity] = path
        }
        return nil
    }

    /// Records the inputs of `document` (read from `path`); if an earlier report names one of
    /// them too, returns the error message naming both reports and the first such input.
    mutating func admit(_ document: ReportDocument, from path: String) -> String? {
        let inputs = Set(DisjointReports.inputs(of: document).map(DisjointReports.normalized))
        if let overlap = inputs.filter({ owners[$0] != nil }).min() {
            return "'\(path)' and '\(owners[overlap]!)' both cover '\(overlap)': the reports must cover disjoint inputs (shards), or it would be counted twice"
        }
        for input in inputs { owners[input] = path }
        return nil
    }

    /// The file paths a report names (see ``DisjointReports``).
    static func inputs(of document: ReportDocument) -> Set<String> {
        let summary = document.summary
        var paths = Set(summary.perFile.keys)
        paths.formUnion(document.findings.map(\.path))
        paths.formUnion(document.issues.map(\.path))
        paths.formUnion(summary.columns.map(\.key.path))
        // A JSON-lines stream reports its columns under a path equal to its table name.
        paths.subtract(summary.columns.filter { $0.key.path == $0.key.table }.map(\.key.path))
        paths.remove("-")
        // Notes about the scan as a whole, not about an input: every interrupted shard has one.
        paths.subtract([InputIssue.scanPath, InputIssue.gitPath])
        return paths
    }

    /// `path` spelled one way: no `./` segments, no repeated or trailing slashes (`./data//a.log`
    /// and `data/a.log` are one input). A relative and an absolute spelling stay different: the
    /// reports do not say which directory they were made in.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
