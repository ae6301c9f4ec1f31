import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// The scan of decoded lines runs a rule only where a decoded character can take part in its
/// matches (``MatchAlphabet``, ``DecodedRuleTable``) and only at the starts its filters allow. It
/// must find exactly what running every rule over every whole decoded line finds
/// (``ScanConfiguration/exhaustiveDecodedScan``): compared here on generated lines holding
/// phones, RRNs, e-mails, addresses, cards, passports and licences, whole or in part percent-,
/// `\u`-, entity-, full-width- or Base64-encoded, glued to every kind of neighbour.
final class DecodedScanEquivalenceTests: XCTestCase {
    /// A deterministic generator (same LCG as the start-filter soup).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    static let values = [
        "010-2345-6789", "01023456789", "010 2345 6789", "+82-10-2345-6789", "+82 (0)10 2345 6789", "02-312-3456",
        "(02)312-3456", "031.234.5678", "0502-123-4567", "900101-1234568", "9001011234568", "850315 - 2012341",
        "850315–2012341", "900101-5123467", "hong.gildong@naver.com", "kim_01+shop@daum.net", "lee@hanmail.net",
        "user@회사.한국", "서울특별시 송파구 올림픽로 300", "경기도 성남시 분당구 판교역로 166, 101동 1203호 (백현동)",
        "서울 강남구 역삼동 737-1", "부산광역시 해운대구 센텀중앙로 79, 3층", "4111-1111-1111-1111", "4111111111111111",
        "3782 822463 10005", "M12345678", "M123A4567", "11-22-333333-44", "서울-05-123456-11", "900101-1******",
        "010-****-5678", "h***@naver.com", "4111-11**-****-1111", "1234", "2024-05-01", "192.168.0.1", "홍길동",
    ]
    static let contexts = [
        "", "", "주민번호 ", "연락처 ", "tel ", "email: ", "주소 ", "배송지: ", "카드번호 ", "여권번호 ", "운전면허 ",
        "order_no ", "barcode ", "ts=", "x", "9", "*", "가", "@", "-", "+", "(", "%", "/",
    ]
    static let keys = ["q", "email", "phone", "hp", "rrn", "jumin", "addr", "memo", "order_no", "data", "payload", "msg"]

    /// One character of a value, encoded.
    static func encode(_ character: Character, _ style: Int, _ generator: inout Generator) -> String {
        let utf8 = Array(String(character).utf8)
        switch style {
        case 0:  // percent
            if character == " " && generator.chance(50) { return "+" }
            // Sometimes encoded twice, as a URL inside a query parameter is (`%2540`).
            let twice = generator.chance(25)
            return utf8.map { String(format: twice ? "%%25%02X" : "%%%02X", $0) }.joined()
        case 1:  // \u
            return String(character).unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        case 2:  // HTML entity
            let scalar = String(character).unicodeScalars.first!.value
            switch character {
            case "@" where generator.chance(50): return "&commat;"
            case "-" where generator.chance(50): return "&hyphen;"
            case ".": return generator.chance(50) ? "&period;" : "&#46;"
            case " " where generator.chance(50): return "&nbsp;"
            default: return generator.chance(50) ? "&#\(scalar);" : String(format: "&#x%X;", scalar)
            }
        case 4:  // nginx's \xHH
            return utf8.map { String(format: "\\x%02X", $0) }.joined()
        default:  // full-width
            let scalar = String(character).unicodeScalars.first!.value
            guard scalar >= 0x21 && scalar <= 0x7E else { return String(character) }
            return String(UnicodeScalar(scalar - 0x21 + 0xFF01)!)
        }
    }

    /// A value with all, some or one of its characters encoded in one style.
    static func encoded(_ value: String, _ generator: inout Generator) -> String {
        let style = generator.next(5)
        let mode = generator.next(3)  // 0: all, 1: some, 2: one
        let characters = Array(value)
        let one = generator.next(characters.count)
        var text = ""
        for (index, character) in characters.enumerated() {
            let encode = mode == 0 || (mode == 1 && generator.chance(40)) || (mode == 2 && index == one)
            text += encode ? Self.encode(character, style, &generator) : String(character)
        }
        return text
    }

    static func line(_ generator: inout Generator) -> String {
        var parts: [String] = []
        for _ in 0..<(1 + generator.next(4)) {
            let value = generator.pick(values)
            let context = generator.pick(contexts)
            switch generator.next(8) {
            case 0:  // query string
                parts.append("GET /a?\(generator.pick(keys))=\(encoded(context + value, &generator))&page=\(generator.next(9)) HTTP/1.1")
            case 1:  // JSON
                parts.append("{\"\(generator.pick(keys))\":\"\(encoded(context + value, &generator))\"}")
            case 2:  // logfmt
                parts.append("\(generator.pick(keys))=\(encoded(value, &generator)) \(context)")
            case 3:  // Base64 field value
                let text = context + value + (generator.chance(50) ? " 고객" : "")
                parts.append("\(generator.pick(keys))=\(Data(text.utf8).base64EncodedString())")
            case 4:  // plain value next to an encoded one
                parts.append(context + value + generator.pick(["%20", "%2F", "+", " ", "&amp;", "\\u0020", "＠"]) + encoded(generator.pick(values), &generator))
            case 5:  // plain value glued to an encoded delimiter
                let delimiter = generator.pick(["%3A", "%3D", "%20", "%22", "+", "\\u003a", "&#58;", "%2F", "\\xEC\\x97\\xB0"])
                parts.append("\(generator.pick(keys))=%EC%97%B0" + delimiter + value + generator.pick(["", "%22", "+", "%26", "x"]))
            case 6:  // encoded value glued to noise
                parts.append(generator.pick(contexts) + encoded(value, &generator) + generator.pick(contexts))
            default:  // a plain value whose context word is encoded (`\uacc4\uc88c 110-…`), before or after it
                let word = generator.pick(["계좌", "주민번호", "여권번호", "운전면허", "연락처", "주문번호", "카드번호", "배송지"])
                let style = generator.pick([0, 1, 4])
                let hidden = word.map { encode($0, style, &generator) }.joined()
                let plain = value + generator.pick(["", " ", "  ", ","]) + generator.pick(["110-123-456789", "1002123456789", ""])
                parts.append(generator.chance(70) ? hidden + generator.pick([" ", ": ", "%20", "\\u0020"]) + plain : plain + " " + hidden)
            }
        }
        return parts.joined(separator: generator.pick([" ", "  ", "&", ",", "\t", "|", ""]))
    }

    static func text(seed: UInt64, lines: Int) -> [UInt8] {
        var generator = Generator(state: seed)
        return Array((0..<lines).map { _ in line(&generator) + "\n" }.joined().utf8)
    }

    private func configuration(exhaustive: Bool) -> ScanConfiguration {
        var configuration = testConfiguration(bufferSize: 4096)
        configuration.minConfidence = 0
        configuration.showValues = true
        configuration.exhaustiveDecodedScan = exhaustive
        return configuration
    }

    private func scan(_ bytes: [UInt8], detectors: [Detector], exhaustive: Bool) -> [Finding] {
        var source = MemorySource(bytes)
        var findings: [Finding] = []
        _ = UnitScanner(detectors: detectors, configuration: configuration(exhaustive: exhaustive)).scan(&source, path: "-") {
            findings.append($0)
        }
        return findings
    }

    private func builtInDetectors() throws -> [Detector] { try RuleSet.builtIn().rules.map { try Detector(rule: $0) } }

    func testTheFastPathFindsExactlyWhatTheExhaustiveScanFinds() throws {
        let detectors = try builtInDetectors()
        var perCategory: [String: Int] = [:]
        var perDecoding: [String: Int] = [:]
        for seed in 1...6 {
            let text = Self.text(seed: UInt64(seed), lines: 700)
            let expected = scan(text, detectors: detectors, exhaustive: true)
            XCTAssertEqual(scan(text, detectors: detectors, exhaustive: false), expected, "seed \(seed)")
            for finding in expected where finding.decoding != nil {
                perCategory[finding.category.rawValue, default: 0] += 1
                perDecoding[finding.decoding!, default: 0] += 1
            }
        }
        // The generated lines must give decoded findings of every kind, or the comparison says little.
        for category in ["kr-phone", "kr-rrn", "kr-frn", "email", "kr-address", "credit-card", "kr-passport", "kr-driver-license",
            "kr-rrn-masked", "kr-phone-masked", "email-masked", "credit-card-masked"]
        {
            XCTAssertGreaterThan(perCategory[category, default: 0], 10, "decoded \(category) findings: \(perCategory)")
        }
        for decoding in ["percent", "json-escape", "html-entity", "fullwidth", "base64", "byte-escape"] {
            XCTAssertGreaterThan(perDecoding[decoding, default: 0], 50, "\(decoding) findings: \(perDecoding)")
        }
        // Rules without an alphabet (a `.`, a caseless rule's folding) run on the whole line, with
        // or without filters; the same with every built-in rule stripped of its alphabet.
        let custom = try [
            Rule(id: "dot", category: Category("test-dot"), regex: "고객.{1,4}님", confidence: 0.6),
            Rule(id: "caseless", category: Category("test-caseless"), regex: #"(?<![a-z])hong\.[a-z]+@naver(?![a-z])"#,
                confidence: 0.6, caseless: true),
            Rule(id: "plain", category: Category("test-plain"), regex: #"(?<![0-9])0[0-9]{2}-[0-9]{4}-[0-9]{4}"#, confidence: 0.6),
        ].map { try Detector(rule: $0) }
        XCTAssertNil(custom[0].alphabet)
        XCTAssertTrue(custom[1].alphabet?.contains(0xAC00) == true)  // caseless: every non-ASCII character
        let stripped = detectors.map { $0.replacingAlphabet(nil) }
        for (label, set) in [("custom", detectors + custom), ("stripped", stripped)] {
            let text = Self.text(seed: 11, lines: 700) + Array("고객 %ED%99%8D님 HONG.gildong%40NAVER\n".utf8)
            let expected = scan(text, detectors: set, exhaustive: true)
            XCTAssertEqual(scan(text, detectors: set, exhaustive: false), expected, label)
            if label == "custom" {
                XCTAssertEqual(Set(expected.filter { $0.decoding != nil }.map(\.rule)).intersection(["dot", "caseless", "plain"]).count, 3)
            }
        }
        // And the corpus of the other equivalence tests (plain text: the fast path must not add anything).
        let corpus = DeterminismTests.corpus(seed: 12, lines: 300)
        XCTAssertEqual(scan(corpus, detectors: detectors, exhaustive: false), scan(corpus, detectors: detectors, exhaustive: true))
    }

    /// An alphabet missing one character a match can hold must make the comparison fail.
    func testTheComparisonCatchesAnAlphabetThatIsTooSmall() throws {
        let detectors = try builtInDetectors()
        let texts = (1...3).map { Self.text(seed: UInt64($0), lines: 700) }
        let expected = texts.map { scan($0, detectors: detectors, exhaustive: true) }
        let removals: [(String, UInt32)] = [
            ("kr-phone", 0x2D), ("kr-phone", 0x20), ("kr-rrn", 0x2D), ("email", 0x40), ("email", 0x2E), ("kr-address-road", 0xC1A1),
            ("kr-address-road", 0x20), ("credit-card", 0x20), ("kr-passport", 0x4D), ("kr-driver-license", 0xC11C),
            ("kr-rrn-masked", 0x2A), ("kr-phone-masked", 0x2A),
        ]
        for (id, scalar) in removals {
            var mutated = detectors
            let index = try XCTUnwrap(mutated.firstIndex { $0.rule.id == id })
            var smaller = MatchAlphabet()
            let alphabet = try XCTUnwrap(mutated[index].alphabet)
            for value in UInt32(0)..<128 where value != scalar && alphabet.contains(value) { smaller.insert(value) }
            for range in alphabet.ranges {
                if range.contains(scalar) {
                    if range.lowerBound < scalar { smaller.insert(range.lowerBound...(scalar - 1)) }
                    if scalar < range.upperBound { smaller.insert((scalar + 1)...range.upperBound) }
                } else {
                    smaller.insert(range)
                }
            }
            XCTAssertFalse(smaller.contains(scalar))
            mutated[index] = mutated[index].replacingAlphabet(smaller)
            XCTAssertTrue(
                zip(texts, expected).contains { scan($0.0, detectors: mutated, exhaustive: false) != $0.1 },
                "\(id) without U+\(String(scalar, radix: 16)) went unnoticed")
        }
    }

    // MARK: - The decoder

    /// The first decoder (one array per field, the token of every byte read ahead), kept as the
    /// reference for the one that writes into reused storage and looks at a token only at a `+`.
    static func referenceDecode(_ s: UnsafeRawBufferPointer, _ range: Range<Int>) -> [Unit]? {
        var line: [Unit] = []
        func append(_ byte: UInt8, _ start: Int, _ end: Int, _ decoding: TextDecoding) {
            line.append(Unit(byte: byte, start: start, end: end, kind: decoding))
        }
        func append(scalar: UInt32, _ start: Int, _ end: Int, _ decoding: TextDecoding) {
            let value = scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) ? 0xFFFD : scalar
            for byte in String(UnicodeScalar(value)!).utf8 { append(byte, start, end, decoding) }
        }
        func hex4(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 << 4 | UInt32(EncodedText.hexValue(s[at + $1])!) } }
        func appendBase64(_ run: (decoded: [UInt8], end: Int), from j: Int) {
            for (index, decoded) in run.decoded.enumerated() {
                // The characters of the group that begin inside the byte's bits: character
                // c begins at bit 6c, byte k holds bits 8k ..< 8k + 8.
                let group = j + (index / 3) * 4
                let k = index % 3
                let first = (8 * k + 5) / 6
                let last = (8 * k + 7) / 6 + 1
                append(decoded, min(run.end, group + first), min(run.end, group + last), .base64)
            }
        }
        /// The escape (`%HH`, `%25HH`, `\xHH`) at `at`.
        func escape(_ at: Int, _ kind: TextDecoding) -> (byte: UInt8, start: Int, end: Int)? {
            func hex(_ k: Int) -> UInt8? { k < end ? EncodedText.hexValue(s[k]) : nil }
            if kind == .percent {
                guard at < end, s[at] == 0x25 else { return nil }
                if at + 4 < end, s[at + 1] == 0x32, s[at + 2] == 0x35, let high = hex(at + 3), let low = hex(at + 4) {
                    return (high << 4 | low, at, at + 5)
                }
                guard let high = hex(at + 1), let low = hex(at + 2) else { return nil }
                return (high << 4 | low, at, at + 3)
            }
            guard at + 1 < end, s[at] == 0x5C, s[at + 1] == 0x78, let high = hex(at + 2), let low = hex(at + 3) else { return nil }
            return (high << 4 | low, at, at + 4)
        }
        /// A run of escaped non-ASCII bytes: UTF-8 as it is, else CP949 pairs transcoded, else as it is.
        func appendRun(_ at: Int, _ kind: TextDecoding) -> Int {
            var run: [(byte: UInt8, start: Int, end: Int)] = []
            var k = at
            while let unit = escape(k, kind), unit.byte >= 0x80 {
                run.append(unit)
                k = unit.end
            }
            let bytes = run.map(\.byte)
            let pairs = stride(from: 0, to: bytes.count - 1, by: 2).map { (bytes[$0], bytes[$0 + 1]) }
            if String(validating: bytes, as: UTF8.self) == nil, bytes.count % 2 == 0,
                pairs.allSatisfy({ $0.0 >= 0x81 && $0.0 <= 0xFE && CP949.table[Int($0.0 - 0x81) * 190 + Int($0.1 - 0x41)] != 0 })
            {
                for (index, pair) in pairs.enumerated() {
                    append(scalar: CP949.table[Int(pair.0 - 0x81) * 190 + Int(pair.1 - 0x41)], run[2 * index].start, run[2 * index + 1].end, kind)
                }
            } else {
                for unit in run { append(unit.byte, unit.start, unit.end, kind) }
            }
            return k
        }
        var decodedAny = false
        var tokenHasPercent = false
        var tokenEnd = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            if i >= tokenEnd {
                var j = i
                tokenHasPercent = false
                while j < end && s[j] != 0x20 && s[j] != 0x09 && s[j] != 0x22 {
                    if s[j] == 0x25 && EncodedText.isTrigger(s, at: j, end: end) { tokenHasPercent = true }
                    j += 1
                }
                tokenEnd = max(j, i + 1)
            }
            let byte = s[i]
            if byte == 0x25 || byte == 0x5C, let unit = escape(i, byte == 0x25 ? .percent : .byteEscape),
                unit.byte >= 0x80 || byte == 0x25 || (unit.byte >= 0x20 && unit.byte < 0x7F)
            {
                if unit.byte >= 0x80 {
                    i = appendRun(i, byte == 0x25 ? .percent : .byteEscape)
                } else {
                    append(unit.byte, i, unit.end, byte == 0x25 ? .percent : .byteEscape)
                    i = unit.end
                }
                decodedAny = true
                continue
            }
            switch byte {
            case 0x4A:
                if let run = EncodedText.jwtSegment(s, at: i, end: end), line.count >= 2, line[line.count - 2].start == i - 2,
                    line[line.count - 2].kind == .none, line[line.count - 1].kind == .none
                {
                    line.removeLast(2)
                    appendBase64(run, from: i - 2)
                    decodedAny = true
                    i = run.end
                    tokenEnd = i
                    continue
                }
            case 0x42:
                if let run = EncodedText.basicCredentials(s, at: i, end: end) {
                    for k in i..<(i + 6) { append(s[k], k, k + 1, .none) }
                    appendBase64(run, from: i + 6)
                    decodedAny = true
                    i = run.end
                    tokenEnd = i
                    continue
                }
            case 0x25 where EncodedText.isTrigger(s, at: i, end: end) && s[i + 1] == 0x32 && s[i + 2] == 0x35 && i + 4 < end
                && EncodedText.hexValue(s[i + 3]) != nil && EncodedText.hexValue(s[i + 4]) != nil:
                append(EncodedText.hexValue(s[i + 3])! << 4 | EncodedText.hexValue(s[i + 4])!, i, i + 5, .percent)
                decodedAny = true
                i += 5
                continue
            case 0x25 where EncodedText.isTrigger(s, at: i, end: end):
                append(EncodedText.hexValue(s[i + 1])! << 4 | EncodedText.hexValue(s[i + 2])!, i, i + 3, .percent)
                decodedAny = true
                i += 3
                continue
            case 0x2B where tokenHasPercent:
                append(0x20, i, i + 1, .percent)
                i += 1
                continue
            case 0x5C where i + 1 < end && s[i + 1] == 0x2F:
                append(0x2F, i, i + 2, .jsonEscape)
                i += 2
                continue
            case 0x5C where EncodedText.isTrigger(s, at: i, end: end)
                || i + 2 < end && s[i + 1] == 0x5C && s[i + 2] == 0x75 && EncodedText.isTrigger(s, at: i + 1, end: end):
                // (`\\uXXXX`, escaped again: the escape starts at the second backslash.)
                let at = s[i + 1] == 0x5C ? i + 1 : i
                var scalar = hex4(at + 2)
                var used = 6
                if scalar >= 0xD800 && scalar <= 0xDBFF && at + 11 < end && s[at + 6] == 0x5C && s[at + 7] == 0x75
                    && (8...11).allSatisfy({ EncodedText.hexValue(s[at + $0]) != nil })
                {
                    let low = hex4(at + 8)
                    if low >= 0xDC00 && low <= 0xDFFF {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        used = 12
                    }
                }
                append(scalar: scalar, i, at + used, .jsonEscape)
                decodedAny = true
                i = at + used
                continue
            case 0x26:
                if let (scalar, used) = EncodedText.entity(s, at: i, end: end) {
                    append(scalar: scalar, i, i + used, .htmlEntity)
                    decodedAny = true
                    i += used
                    continue
                }
            case 0x1B where i + 2 < end && s[i + 1] == 0x5B:
                // A terminal's control sequence: ESC [, up to 16 of `0-9 ; :`, a final `@`–`~`.
                var parameters = 0
                while i + 2 + parameters < end && parameters < 16 && "0123456789;:".utf8.contains(s[i + 2 + parameters]) {
                    parameters += 1
                }
                let final = i + 2 + parameters
                if final < end && (0x40...0x7E).contains(s[final]) {
                    append(0x20, i, final + 1, .ansi)
                    decodedAny = true
                    i = final + 1
                    tokenEnd = i
                    continue
                }
            case 0xEF where i + 2 < end:
                if let ascii = EncodedText.fullwidth(s[i + 1], s[i + 2]) {
                    append(ascii, i, i + 3, .fullwidth)
                    decodedAny = true
                    i += 3
                    continue
                }
            case 0x3D, 0x3A:
                append(byte, i, i + 1, .none)
                var j = i + 1
                if byte == 0x3A {
                    guard i > range.lowerBound, s[i - 1] == 0x22 else { i += 1; continue }
                    if j < end && s[j] == 0x20 { j += 1 }
                    guard j < end, s[j] == 0x22 else { i += 1; continue }
                    j += 1
                } else if j < end, s[j] == 0x22 || s[j] == 0x27, EncodedText.base64Run(s, from: j + 1, end: end) != nil {
                    j += 1  // a quoted value
                }
                if let run = EncodedText.base64Run(s, from: j, end: end) {
                    for k in (i + 1)..<j { append(s[k], k, k + 1, .none) }
                    appendBase64(run, from: j)
                    decodedAny = true
                    i = run.end
                    tokenEnd = i
                } else {
                    i += 1
                }
                continue
            default: break
            }
            append(byte, i, i + 1, .none)
            i += 1
        }
        return decodedAny ? line : nil
    }

    struct Unit: Equatable {
        var byte: UInt8
        var start: Int
        var end: Int
        var kind: TextDecoding
    }

    /// Pieces that make every decoding start, stop, fail or nest.
    static func escapeSoup(seed: UInt64, lines: Int) -> [[UInt8]] {
        var generator = Generator(state: seed)
        let pieces: [[UInt8]] = [
            "%", "%4", "%41", "%40", "%2B", "%EC%84%9C", "%E", "%ZZ", "%25", "%2540", "%252", "%25EC%2584%259C", "%25%34%30", "+", "++", " ", "\t", "\"", "\":\"", "\": \"", "\":",
            "\\u00", "\\u0040", "\\uac00", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\/", "\\", "&", "&#", "&#64;", "&#x40;",
            "\\\\uc81c", "\\\\ud83d\\ude00", "\\\\x", "\\\\xEC",
            "&#1114112;", "&#0;", "&amp;", "&nbsp;", "&dash;", "&bogus;", "&commat;", "=", ":", "a", "Z", "0", "가", "０", "－",
            "QUJDREVGR0hJSktMTU5PUA==", "7KO866+867KI7Zi4IDkwMDEwMS0xMjM0NTY4", "aGVsbG8gd29ybGQgaGVsbG8=", "&x=", ",", ";", "}",
            "email=", "q=", "\"k\":\"",
            "\\xEC\\x84\\x9C", "\\xBC\\xAD", "%BC%AD%BF%EF", "%C8%AB", "%E0%80%80", "%ED%A0%80", "\\x4", "\\x41", "\\xZZ", "\\x0A",
            "\\x", "=\"", "='", "'", ".", "eyJ", "ey", "J", "eyJuYW1lIjoiaG9uZyJ9", "eyJzdWIiOiAiMSIsICJlbWFpbCI6ICJob25nQG5hdmVyLmNvbSJ9",
            "Basic ", "Basic aG9uZy5naWxkb25nQG5hdmVyLmNvbTpwdzEyMzQ=", "B", "xBasic ",
            "\u{1B}[31m", "\u{1B}[0m", "\u{1B}[38;5;196m", "\u{1B}[", "\u{1B}", "\u{1B}[1234567890123456m", "\u{1B}[12345678901234567m",
            "\u{1B}[2K", "\u{1B}[;", "m",
        ].map { Array($0.utf8) } + [[0xEF], [0xEF, 0xBC], [0xEF, 0xBD, 0x9E], [0xFF], [0xC3]]
        return (0..<lines).map { _ in
            var line: [UInt8] = []
            for _ in 0..<(1 + generator.next(30)) { line += generator.pick(pieces) }
            return line
        }
    }

    func testTheDecoderMatchesTheReferenceDecoder() throws {
        var lines = Self.escapeSoup(seed: 7, lines: 20_000)
        var generator = Generator(state: 3)
        for _ in 0..<3000 { lines.append(Array(Self.line(&generator).utf8)) }
        let reused = DecodedLine()
        var decoded = 0
        for bytes in lines {
            // Some context before and after the line, which the decoder must not read.
            let framed = Array("x=%41\n".utf8) + bytes + Array("\n%41".utf8)
            framed.withUnsafeBytes { s in
                let range = 6..<(6 + bytes.count)
                let expected = Self.referenceDecode(s, range)
                let found = EncodedText.decode(s, range, into: reused)
                XCTAssertEqual(found, expected != nil, String(decoding: bytes, as: UTF8.self))
                guard found, let expected else { return }
                decoded += 1
                let view = reused.view
                let units = (0..<view.bytes.count).map {
                    Unit(byte: view.bytes[$0], start: view.sourceStart[$0], end: view.sourceEnd[$0], kind: view.kind[$0])
                }
                if units != expected {
                    let index = (0..<min(units.count, expected.count)).first { units[$0] != expected[$0] } ?? min(units.count, expected.count)
                    XCTFail("\(String(decoding: bytes, as: UTF8.self)): decoded byte \(index) differs")
                }
            }
        }
        XCTAssertGreaterThan(decoded, 15_000)
    }
}
