/// HL7 version 2 messages, the interface format of hospital systems (lab results, admissions,
/// orders): a segment per line, its fields separated by `|`, components by `^`:
///
///     PID|1||00123456^^^HOSP^MR||홍^길동||20151121|M|||서울 강남구 테헤란로 152^^^^06236||010-6042-0679^PRN^CP||||||1511214786803
///
/// A field is named by its segment and position, never by a word near it: PID-19 is the
/// patient's resident number (the standard's "SSN"), PID-13 a phone. A value in one of the fields
/// listed here is assessed like a database cell — its own bytes, and its field's meaning as
/// context (a bare child's number `1511214786803` in PID-19 is a resident number, not a
/// millisecond time stamp).
enum HL7Fields {
    /// A value's field: its name (`PID-19`), its context words and its bytes in the line (from
    /// the `|` before it to the one after, components included).
    struct Field {
        let name: String
        let context: [UInt8]
        let cell: Range<Int>
    }

    /// The fields whose meaning is a personal value's, by segment and number (HL7 v2.5): the
    /// patient's (PID) address, home and business phones, SSN (a Korean system's resident
    /// number) and driver's licence; the next of kin's (NK1) and the guarantor's (GT1) address,
    /// phones and SSN. (The rest — names, dates, the hospital's own patient ids — give no context.)
    private static let meanings: [UInt32: [Int: [UInt8]]] = [
        segmentKey("PID"): [
            11: words("address 주소"), 13: words("phone 전화번호"), 14: words("phone 전화번호"), 19: identity, 20: identity,
        ],
        segmentKey("NK1"): [4: words("address 주소"), 5: words("phone 전화번호"), 6: words("phone 전화번호"), 37: words("ssn 주민등록번호")],
        segmentKey("GT1"): [5: words("address 주소"), 6: words("phone 전화번호"), 7: words("phone 전화번호"), 12: words("ssn 주민등록번호")],
    ]
    /// PID-19 and PID-20, the patient's national identifiers (SSN, driver's licence): systems
    /// fill them inconsistently — a resident number in either, one field off — so both name both.
    private static let identity = words("ssn 주민등록번호 driver_license 운전면허번호")
    private static func words(_ text: String) -> [UInt8] { Array(text.utf8) }
    private static func segmentKey(_ name: StaticString) -> UInt32 {
        let bytes = name.utf8Start
        return UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
    }

    /// The field of `subject[start..<end]` when its line is an HL7 segment (three capital letters
    /// or digits and `|` at `lineStart`) of one of ``meanings`` and the value lies in one field.
    static func field(_ subject: UnsafeRawBufferPointer, lineStart: Int, start: Int, end: Int) -> Field? {
        guard start >= lineStart + 4, subject[lineStart + 3] == 0x7C,
            (0..<3).allSatisfy({ isSegmentByte(subject[lineStart + $0]) })
        else { return nil }
        let key = UInt32(subject[lineStart]) << 16 | UInt32(subject[lineStart + 1]) << 8 | UInt32(subject[lineStart + 2])
        guard let fields = meanings[key] else { return nil }
        var number = 0
        var cellStart = lineStart + 3
        for index in (lineStart + 3)..<start where subject[index] == 0x7C {
            number += 1
            cellStart = index + 1
        }
        guard let meaning = fields[number] else { return nil }
        var cellEnd = end
        while cellEnd < subject.count && subject[cellEnd] != 0x7C && subject[cellEnd] != 0x0A && subject[cellEnd] != 0x0D {
            cellEnd += 1
        }
        // The value must not run over into the next field.
        guard !subject[start..<end].contains(0x7C) else { return nil }
        let segment = String(decoding: UnsafeRawBufferPointer(rebasing: subject[lineStart..<lineStart + 3]), as: UTF8.self)
        return Field(name: "\(segment)-\(number)", context: meaning, cell: cellStart..<cellEnd)
    }

    @inline(__always)
    private static func isSegmentByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }
}
