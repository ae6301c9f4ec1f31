/// What the breach-scale estimator needs from a scan, gathered from the findings as they are
/// reported and kept in bounded memory: per-category distinct values (``DistinctSketch``),
/// record-level linkage of strong identifiers (``LinkageSketch``) and, for the upper bound, the
/// weak values (addresses, masked look-alikes) found in records without any strong identifier.
///
/// Everything is keyed by the findings' fingerprints (HMAC), so no value is ever held in
/// plaintext, and two sketches built with the same key merge exactly.
public struct ExposureSketch: Sendable, Equatable {
    /// Strong identifiers: they identify a person on their own and create linkage edges.
    public static let strongCategories: Set<Category> = [
        .rrn, .frn, .passport, .driverLicense, .phone, .email, .creditCard, .bankAccount, .brn,
    ]

    /// The same, searched by comparison (a handful of equal-string checks beat hashing the id).
    private static let strongList = Array(strongCategories)

    /// Distinct values per reported category (masked look-alikes included under their own ids).
    public var categories: [Category: DistinctSketch] {
        get { sketches }
        set {
            sketches = newValue
            categorySlots = []
            weakSlots = []
            slotsVersion += 1
        }
    }
    private var sketches: [Category: DistinctSketch] = [:]
    /// Linkage of the strong identifiers.
    public var linkage = LinkageSketch()
    /// Per weak category, the distinct values found in records with no strong identifier.
    public var unattachedWeak: [Category: DistinctSketch] {
        get { weak }
        set {
            weak = newValue
            weakSlots = []
        }
    }
    private var weak: [Category: DistinctSketch] = [:]

    private var currentRecord: RecordIdentity?
    /// Where each category's sketch sits in `categories` (valid until a category is added) and
    /// whether it is strong; not part of what was gathered (`==` ignores it).
    private var categorySlots: [(category: Category, index: Dictionary<Category, DistinctSketch>.Index, strong: Bool)] = []
    /// The slot found last: findings of one category tend to come in runs.
    private var lastSlot = 0
    /// Per category slot, where its sketch sits in `weak` (nil: not looked up yet); valid until
    /// a category is added to either dictionary.
    private var weakSlots: [Dictionary<Category, DistinctSketch>.Index?] = []
    private var recordStrong: [UInt64] = []
    /// The same, once the record holds ``recordListLimit`` of them (empty until then).
    private var recordStrongSet: Set<UInt64> = []
    private static let recordListLimit = 32
    /// The weak values of the record being assembled, with their category's slot when it was
    /// added (`slotsVersion` then: the slot is still right while the version is the same).
    private var recordWeak: [(category: Category, slot: Int, version: Int, hash: UInt64)] = []
    /// Bumped whenever `categorySlots` is renumbered.
    private var slotsVersion = 0

    public init() {}

    /// Equality of what was gathered (the record being assembled is flushed by ``finish()``).
    public static func == (lhs: ExposureSketch, rhs: ExposureSketch) -> Bool {
        lhs.categories == rhs.categories && lhs.linkage == rhs.linkage && lhs.unattachedWeak == rhs.unattachedWeak
    }

    /// The confidence from which a finding counts towards people and duties: tiers H and M
    /// (kr-pii-spec: tier L, below 0.5, is reported as "possible" but excluded from subject
    /// counts). A scan with `--min-confidence 0.1` shows such findings; they are not people.
    public static let minimumConfidence = 0.5

    /// Adds one reported finding. Findings of one record (a line of text, a database row) must
    /// arrive together, as the scan engine reports them (in input order). Findings below
    /// ``minimumConfidence`` are left out.
    public mutating func add(_ finding: Finding) {
        guard finding.confidence >= Self.minimumConfidence, let hash = finding.fingerprint.leadingBits else { return }
        // One call per finding: the category's sketch is found through a short list of the
        // categories seen so far (equal-string checks) instead of hashing the category's name.
        let slot: Int
        if lastSlot < categorySlots.count && categorySlots[lastSlot].category == finding.category {
            slot = lastSlot
        } else if let known = categorySlots.firstIndex(where: { $0.category == finding.category }) {
            slot = known
        } else {
            if sketches[finding.category] == nil { sketches[finding.category] = DistinctSketch() }
            // Inserting may have moved every entry: index all categories again.
            categorySlots = sketches.indices.map { index in
                let category = sketches.keys[index]
                return (category, index, Self.strongList.contains(category))
            }
            weakSlots = []
            slotsVersion += 1
            slot = categorySlots.firstIndex { $0.category == finding.category }!
        }
        lastSlot = slot
        sketches.values[categorySlots[slot].index].add(hash: hash)
        if currentRecord?.holds(finding) != true {
            flushRecord()
            currentRecord = RecordIdentity(finding)
        }
        if categorySlots[slot].strong {
            // A list while short (a row holds a few identifiers); a set once a record grows large
            // (a JSON array of 20,000 customers on one line was quadratic).
            if recordStrong.count < Self.recordListLimit {
                if !recordStrong.contains(hash) { recordStrong.append(hash) }
            } else {
                if recordStrongSet.isEmpty { recordStrongSet = Set(recordStrong) }
                if recordStrongSet.insert(hash).inserted { recordStrong.append(hash) }
            }
        } else {
            recordWeak.append((finding.category, slot, slotsVersion, hash))
        }
    }

    /// Completes the last record; call once all findings were added.
    public mutating func finish() {
        flushRecord()
        currentRecord = nil
    }

    /// Makes this the sketch of both scans together (both must use the same fingerprint key).
    public mutating func merge(_ other: ExposureSketch) {
        finish()
        var other = other
        other.finish()
        for (category, sketch) in other.categories { sketches[category, default: DistinctSketch()].merge(sketch) }
        categorySlots = []
        for (category, sketch) in other.unattachedWeak { unattachedWeak[category, default: DistinctSketch()].merge(sketch) }
        linkage.merge(other.linkage)
    }

    private mutating func flushRecord() {
        if !recordStrong.isEmpty {
            linkage.addRecord(recordStrong)
        } else {
            for value in recordWeak {
                let slot = value.version == slotsVersion ? value.slot : categorySlots.firstIndex { $0.category == value.category }
                weak.values[weakIndex(value.category, slot: slot)].add(hash: value.hash)
            }
        }
        recordStrong.removeAll(keepingCapacity: true)
        if !recordStrongSet.isEmpty { recordStrongSet = [] }
        recordWeak.removeAll(keepingCapacity: true)
    }

    /// Where the sketch of weak `category` sits in `weak`, added if needed: found through the
    /// category's `slot` in `categorySlots` rather than by hashing its name (`nil`: it has none).
    private mutating func weakIndex(_ category: Category, slot: Int?) -> Dictionary<Category, DistinctSketch>.Index {
        guard let slot else {
            if weak[category] == nil { weak[category] = DistinctSketch() }
            weakSlots = []
            return weak.index(forKey: category)!
        }
        if weakSlots.count != categorySlots.count { weakSlots = Array(repeating: nil, count: categorySlots.count) }
        if let index = weakSlots[slot] { return index }
        if weak[category] == nil {
            weak[category] = DistinctSketch()
            weakSlots = Array(repeating: nil, count: categorySlots.count)  // indices may have moved
        }
        let index = weak.index(forKey: category)!
        weakSlots[slot] = index
        return index
    }

    /// The first 64 bits of a `hmac-sha256:<hex>` fingerprint (already uniformly distributed);
    /// see ``Fingerprint/leadingBits``.
    public static func hash(of fingerprint: String) -> UInt64? { Fingerprint(fingerprint).leadingBits }
}

/// The record a finding belongs to: a line of text (or a SQL dump row), or a database row.
/// Values in one record are taken to belong to one person.
struct RecordIdentity: Equatable, Sendable {
    var path: String
    var line: Int
    var table: String?
    var rowid: Int64?
    /// The exact key (its keyed fingerprint), never the masked display text: people whose keys
    /// mask alike are different records.
    var primaryKey: String?
    /// Distinguishes findings in cells of rows without any key (each its own record).
    var offset: Int64?

    /// Whether `finding` belongs to this record: `RecordIdentity(finding) == self` without
    /// building the identity (and copying its strings) for every finding.
    func holds(_ finding: Finding) -> Bool {
        guard path == finding.path else { return false }
        if let record = finding.record, !finding.hasTextLocation {
            let key = record.keyFingerprint ?? record.primaryKey
            return line == 0 && table == record.table && rowid == record.rowid && primaryKey == key
                && offset == (record.rowid == nil && key == nil ? finding.offset : nil)
        } else if let record = finding.record, record.rowid != nil {
            return line == 0 && table == record.table && rowid == record.rowid && primaryKey == nil && offset == nil
        } else {
            return line == finding.line && table == nil && rowid == nil && primaryKey == nil && offset == nil
        }
    }

    init(_ finding: Finding) {
        path = finding.path
        if let record = finding.record, !finding.hasTextLocation {
            line = 0
            table = record.table
            rowid = record.rowid
            primaryKey = record.keyFingerprint ?? record.primaryKey
            offset = record.rowid == nil && primaryKey == nil ? finding.offset : nil
        } else if let record = finding.record, record.rowid != nil {
            // A SQL dump row may span lines: the row, not the line, is the record.
            line = 0
            table = record.table
            rowid = record.rowid
        } else {
            line = finding.line
        }
    }
}
