import PIIModel

/// One shard of a scan split over `count` machines (`--shard INDEX/COUNT`, 0-based like
/// Kubernetes' `JOB_COMPLETION_INDEX`).
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` with `0 ≤ I < N`; `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index)
        else { return nil }
        self.init(index: index, count: count)
    }
}

/// Splits walked inputs into shards deterministically: the same entries (the same list of
/// paths over the same files) give the same shards on every machine, and every entry is in
/// exactly one shard.
///
/// Files are balanced by size: largest first (ties by path bytes), each into the shard with the
/// fewest bytes so far (ties: the lowest index) — the classic greedy bin packing, within 4/3 of
/// the best balance. Entries without a size (a path that could not be read, a skipped special
/// file, standard input) go to the shard given by a hash of their path, so each of their
/// errors or notes is reported by exactly one shard.
public enum Sharding {
    /// The shard of each entry (same order as `entries`).
    public static func assign(_ entries: [WalkEntry], shards count: Int) -> [Int] {
        precondition(count >= 1)
        var result = [Int](repeating: 0, count: entries.count)
        var files: [(index: Int, path: [UInt8], size: Int64)] = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .file(let path, let size): files.append((index, Array(path.utf8), size))
            case .standardInput: result[index] = bucket("-", count)
            case .stream(let path): result[index] = bucket(path, count)
            case .issue(let issue): result[index] = bucket(issue.path, count)
            }
        }
        files.sort { a, b in
            if a.size != b.size { return a.size > b.size }
            if a.path != b.path { return a.path.lexicographicallyPrecedes(b.path) }
            return a.index < b.index
        }
        var heap = LoadHeap(count: count)
        for file in files { result[file.index] = heap.place(file.size) }
        return result
    }

    /// The entries of `shard`, in their original (walk) order.
    public static func select(_ entries: [WalkEntry], shard: Shard) -> [WalkEntry] {
        let assignment = assign(entries, shards: shard.count)
        return entries.indices.filter { assignment[$0] == shard.index }.map { entries[$0] }
    }

    /// FNV-1a (64-bit) of the path's bytes, modulo `count`: the same on every platform and run.
    static func bucket(_ path: String, _ count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(hash % UInt64(count))
    }

    /// A binary min-heap of shards by (bytes so far, index): `place` is O(log N).
    private struct LoadHeap {
        var items: [(load: Int64, shard: Int)]

        init(count: Int) { items = (0..<count).map { (0, $0) } }

        static func less(_ a: (load: Int64, shard: Int), _ b: (load: Int64, shard: Int)) -> Bool {
            a.load != b.load ? a.load < b.load : a.shard < b.shard
        }

        /// Puts `size` bytes into the least loaded shard and returns it.
        mutating func place(_ size: Int64) -> Int {
            let shard = items[0].shard
            items[0].load += max(0, size)
            var parent = 0
            while true {  // sift down
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && Self.less(items[left], items[smallest]) { smallest = left }
                if right < items.count && Self.less(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
            return shard
        }
    }
}

/// Reads a list of paths (`--files-from`): NUL-separated if the data holds a NUL byte (`find
/// -print0`), else one per line (a trailing CR is dropped). Empty entries are ignored; an entry
/// `-` means a file named `-` (standard input is never named by a list).
public enum PathList {
    public static func parse(_ data: [UInt8]) -> [String] {
        let separator: UInt8 = data.contains(0) ? 0 : 0x0A
        var paths: [String] = []
        for piece in data.split(separator: separator, omittingEmptySubsequences: true) {
            var piece = piece
            if separator == 0x0A && piece.last == 0x0D { piece = piece.dropLast() }
            guard !piece.isEmpty else { continue }
            let path = String(decoding: piece, as: UTF8.self)
            paths.append(path == "-" ? "./-" : path)
        }
        return paths
    }
}
