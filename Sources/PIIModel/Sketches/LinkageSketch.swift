/// Record-level linkage of strong identifiers (resident, foreigner, passport, licence, phone,
/// e-mail and card numbers), turning per-category counts into an estimate of distinct *people*
/// (kr-pii-spec.md §10.2.2).
///
/// Each node is the keyed hash of one identifier, with the number of records it occurred in and
/// its distinct partners (identifiers that co-occurred with it in a record). A node with more
/// than ``hubPartnerLimit`` partners — a shared support number, a `support@` address, test data —
/// is a *hub*: it is ignored, so it cannot merge strangers into one person. People are the
/// connected components of the remaining graph.
///
/// Memory is bounded like ``DistinctSketch``: nodes are kept only if their hash has at least
/// `level` trailing zero bits, and the level rises when more than ``capacity`` nodes are held.
/// At level 0 the components are exact (union–find); above it each sampled node counts as
/// 1 / (1 + partners) of a person — exact when a person's identifiers appear together — scaled
/// by 2^level. Merging is exact (node counts add, partner sets unite).
public struct LinkageSketch: Sendable, Equatable {
    /// One identifier.
    public struct Node: Sendable, Equatable {
        /// Records the identifier occurred in.
        public var records: UInt32
        /// Distinct partners, sorted; `nil` once the node is a hub.
        public var partners: [UInt64]?

        public init(records: UInt32, partners: [UInt64]?) {
            self.records = records
            self.partners = partners
        }
    }

    /// More distinct partners than this make a node a hub (spec §10.2.2: 50).
    public static let hubPartnerLimit = 50
    /// A record with more strong identifiers than this (a mailing list, a bulk export line) adds
    /// its identifiers as nodes but links none of them: it is a list, not a person's record.
    public static let recordIdentifierLimit = 16
    /// The default capacity: exact up to 131,072 identifiers.
    public static let defaultCapacity = 1 << 17

    public private(set) var level = 0
    public private(set) var nodes: [UInt64: Node] = [:]
    public let capacity: Int

    public init(capacity: Int = LinkageSketch.defaultCapacity) {
        precondition(capacity >= 16, "capacity must be at least 16")
        self.capacity = capacity
    }

    /// Restores a serialised sketch; `nil` when inconsistent.
    public init?(level: Int, nodes: [UInt64: Node], capacity: Int) {
        guard capacity >= 16, (0...64).contains(level), nodes.count <= capacity,
            nodes.keys.allSatisfy({ $0.trailingZeroBitCount >= level })
        else { return nil }
        self.level = level
        self.nodes = nodes
        self.capacity = capacity
    }

    /// Whether the component counts are exact.
    public var isExact: Bool { level == 0 }

    /// Adds one record's strong identifiers (distinct keyed hashes).
    public mutating func addRecord(_ identifiers: [UInt64]) {
        let link = identifiers.count <= Self.recordIdentifierLimit
        for hash in identifiers where hash.trailingZeroBitCount >= level {
            // Updated in place: a copy taken out of the dictionary would make every partner
            // insertion copy the partner list.
            Self.add(record: identifiers, linked: link, to: &nodes[hash, default: Node(records: 0, partners: [])], hash)
        }
        if nodes.count > capacity { raiseLevel(to: level + 1) }
    }

    /// Makes this the sketch of both inputs together.
    public mutating func merge(_ other: LinkageSketch) {
        let target = max(level, other.level)
        if target > level { raiseLevel(to: target) }
        for (hash, theirs) in other.nodes where hash.trailingZeroBitCount >= target {
            guard var node = nodes[hash] else {
                nodes[hash] = theirs
                continue
            }
            node.records &+= theirs.records
            if let partners = theirs.partners {
                if node.partners != nil { for partner in partners { Self.insert(partner, into: &node) } }
            } else {
                node.partners = nil
            }
            nodes[hash] = node
        }
        if nodes.count > capacity { raiseLevel(to: level + 1) }
    }

    /// Estimated people: the number of components, and how many of them occurred in exactly one
    /// and exactly two records (`f1`, `f2`, for the extrapolation; a component's record count is
    /// taken as the largest record count of its identifiers). Hubs are left out.
    public var components: (d: Double, f1: Double, f2: Double) {
        isExact ? exactComponents() : sampledComponents()
    }

    /// Identifiers ignored as hubs (among those held).
    public var hubs: Int { nodes.values.reduce(0) { $0 + ($1.partners == nil ? 1 : 0) } }

    private func exactComponents() -> (d: Double, f1: Double, f2: Double) {
        // The identifiers that are not hubs, numbered in the dictionary's order (the counts do
        // not depend on it), read through their dictionary positions: no lookup by key but the
        // partners' own. A partner without a number is a hub.
        var entries: [Dictionary<UInt64, Node>.Index] = []
        entries.reserveCapacity(nodes.count)
        var numbers = IdentifierNumbers(capacity: nodes.count)
        for entry in nodes.indices where nodes.values[entry].partners != nil {
            numbers.insert(nodes.keys[entry], number: entries.count)
            entries.append(entry)
        }
        var parent = Array(0..<entries.count)
        func root(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        for (number, entry) in entries.enumerated() {
            nodes.values[entry].partners!.withUnsafeBufferPointer { partners in
                for partner in partners {
                    guard let other = numbers.number(of: partner) else { continue }  // a hub
                    let (a, b) = (root(number), root(other))
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
        }
        // Per component (by its root's number): the largest record count of its identifiers.
        var records = [UInt32](repeating: 0, count: entries.count)
        for (number, entry) in entries.enumerated() {
            let component = root(number)
            records[component] = max(records[component], nodes.values[entry].records)
        }
        var d = 0, once = 0, twice = 0
        for number in entries.indices where parent[number] == number {
            d += 1
            if records[number] == 1 { once += 1 } else if records[number] == 2 { twice += 1 }
        }
        return (Double(d), Double(once), Double(twice))
    }

    /// Numbers of identifiers by their hash, for ``exactComponents()``: open addressing on the
    /// hash's own bits (keyed hashes are uniformly distributed already; a `Dictionary` would hash
    /// them again with SipHash, once per partner of every node).
    private struct IdentifierNumbers {
        private var keys: [UInt64]
        private var numbers: [Int32]  // -1: empty slot
        private let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < 2 * capacity { size *= 2 }
            keys = [UInt64](repeating: 0, count: size)
            numbers = [Int32](repeating: -1, count: size)
            mask = size - 1
        }

        /// Fibonacci hashing spreads keys whose low bits are all zero (a sampled sketch's).
        private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

        mutating func insert(_ key: UInt64, number: Int) {
            var slot = slot(key)
            while numbers[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            numbers[slot] = Int32(number)
        }

        func number(of key: UInt64) -> Int? {
            var slot = slot(key)
            while numbers[slot] >= 0 {
                if keys[slot] == key { return Int(numbers[slot]) }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    private func sampledComponents() -> (d: Double, f1: Double, f2: Double) {
        var d = 0.0, f1 = 0.0, f2 = 0.0
        for node in nodes.values {
            guard let partners = node.partners else { continue }
            let share = 1 / Double(1 + partners.count)
            d += share
            if node.records == 1 { f1 += share } else if node.records == 2 { f2 += share }
        }
        let scale = Double(UInt64(1) << UInt64(min(level, 63)))
        return (d * scale, f1 * scale, f2 * scale)
    }

    private static func add(record identifiers: [UInt64], linked: Bool, to node: inout Node, _ hash: UInt64) {
        node.records &+= 1
        guard linked else { return }
        if node.partners?.isEmpty == true {
            // Most often a new node: the record's other identifiers are its partner list, made
            // in one allocation and sorted in place (a linked record holds at most 16) instead
            // of grown one sorted insert at a time.
            node.partners!.reserveCapacity(identifiers.count - 1)
            for partner in identifiers where partner != hash { node.partners!.append(partner) }
            node.partners!.sort()
            // Identifiers should be distinct; a repeated one is one partner, as inserts make it.
            var kept = 0
            node.partners!.withUnsafeMutableBufferPointer { partners in
                for index in partners.indices where kept == 0 || partners[index] != partners[kept - 1] {
                    partners[kept] = partners[index]
                    kept += 1
                }
            }
            node.partners!.removeLast(node.partners!.count - kept)
            return
        }
        for partner in identifiers where partner != hash { insert(partner, into: &node) }
    }

    private static func insert(_ partner: UInt64, into node: inout Node) {
        guard node.partners != nil else { return }
        // Sorted insert; lists are at most 51 long. Searched through a borrowed buffer, so
        // that the insertion finds the list uniquely referenced and does not copy it.
        let position = node.partners!.withUnsafeBufferPointer { partners -> Int? in
            var low = 0, high = partners.count
            while low < high {
                let middle = (low + high) / 2
                if partners[middle] < partner { low = middle + 1 } else { high = middle }
            }
            return low < partners.count && partners[low] == partner ? nil : low
        }
        guard let position else { return }
        node.partners!.insert(partner, at: position)
        if node.partners!.count > hubPartnerLimit { node.partners = nil }
    }

    private mutating func raiseLevel(to minimum: Int) {
        var target = minimum
        while true {
            let kept = nodes.filter { $0.key.trailingZeroBitCount >= target }
            if kept.count <= capacity {
                nodes = kept
                level = target
                return
            }
            target += 1
        }
    }
}
