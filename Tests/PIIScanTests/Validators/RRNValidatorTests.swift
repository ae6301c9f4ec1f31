import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class RRNValidatorTests: XCTestCase {
    let validator = RRNValidator()

    // MARK: Spec §2.10 valid examples

    func testChecksumValidNumbersAreStrong() {
        for text in ["900101-1234568", "850315-2012341", "110930-4456780", "000229-4123457"] {
            assertAssessment(validator, text, verdict: .confirmed, category: .rrn, confidence: 1.0...1.0)
        }
    }

    func testCorporateRegistrationNumbersNextToANegativeKeywordAreRejected() {
        // 법인등록번호: 130111-0006246 (check 6), 110111-4266262, 180111-2437259 (also RRN check digits),
        // 110111-6498665 (FRN-shaped); all pass the corporate check digit.
        for text in ["130111-0006246", "110111-4266262", "180111-2437259", "110111-6498665"] {
            var digits = DigitBuffer()
            for byte in text.utf8 where byte != UInt8(ascii: "-") { _ = digits.append(byte - 0x30) }
            XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(digits), text)
            for label in ["법인등록번호: ", "법인번호 ", "corp_no="] {
                XCTAssertNil(CandidateHelper.assess(validator, text, before: label, negative: true), label + text)
            }
        }
        // Another negative keyword that labels the value (`order_no=`: a candidate with fixed
        // verdicts counts its negative one as a label) keeps it below 0.5 (rule examples check
        // that one elsewhere on the line only lowers the score).
        assertAssessment(validator, "110111-4266262", before: "order_no=", negative: true, verdict: .confirmed, confidence: 0.45...0.45)
        // Without the label they keep their RRN/FRN reading; a resident number that fails the
        // corporate check digit keeps its reading, below 0.5, next to a negative keyword.
        assertAssessment(validator, "110111-4266262", verdict: .confirmed, category: .rrn, confidence: 1.0...1.0)
        assertAssessment(validator, "900101-1234568", negative: true, verdict: .confirmed, confidence: 0.45...0.45)
    }

    /// Without a keyword, a number that passes no person's check digit but the corporate one reads
    /// as a corporate registration number only when it starts with a registry office's code
    /// (11–28) and a corporation type (11–15, 21, 22, 31): a foreigner's number born in 1986, or
    /// on 2017-05-02, with that digit by chance keeps its FRN_FORMAT.
    func testTheCorporateReadingNeedsAnOfficeAndTypePrefix() {
        assertAssessment(validator, "170502-8894951", verdict: .plausible, category: .frn, confidence: 0.7...0.7)
        var foreigner = DigitBuffer()
        for byte in "8611085429694".utf8 { _ = foreigner.append(byte - 0x30) }
        XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(foreigner))
        XCTAssertFalse(RRNValidator.frnCheckDigitIsValid(foreigner) || RRNValidator.rrnCheckDigitIsValid(foreigner))
        assertAssessment(validator, "861108-5429694", verdict: .plausible, category: .frn, confidence: 0.7...0.7)
        // 120111-5498664: office 1201, type 11, the corporate check digit and no person's.
        var office = DigitBuffer()
        for byte in "1201115498664".utf8 { _ = office.append(byte - 0x30) }
        XCTAssertTrue(RRNValidator.corporateCheckDigitIsValid(office))
        XCTAssertFalse(RRNValidator.frnCheckDigitIsValid(office) || RRNValidator.rrnCheckDigitIsValid(office))
        assertAssessment(validator, "120111-5498664", verdict: .plausible, category: .frn, confidence: 0.45...0.45)
    }

    /// A CJK stroke-order code (`2511125111134` in glibc's collation tables: digits 1–5 only) is
    /// no bare resident or foreigner number, whatever its date and check digit.
    func testStrokeOrderCodesAreNoBareNumbers() {
        // The last passes the check digit of 1951-11-15: 0.8 bare but for its digits.
        for text in ["2511125111134", "2511135331543", "5111151424152"] {
            XCTAssertLessThanOrEqual(CandidateHelper.assess(validator, text)?.confidence ?? 0, 0.45, text)
        }
        assertAssessment(validator, "5111151424152", keyword: true, verdict: .confirmed, confidence: 1.0...1.0)
        assertAssessment(validator, "511115-1424152", verdict: .confirmed, confidence: 1.0...1.0)
    }

    func testWorkedExampleChecksum() {
        let digits: [UInt8] = [9, 0, 0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 8]
        var buffer = DigitBuffer()
        for digit in digits { _ = buffer.append(digit) }
        XCTAssertEqual(RRNValidator.checksum(buffer), 124 % 11)
        XCTAssertTrue(RRNValidator.rrnCheckDigitIsValid(buffer))
        XCTAssertFalse(RRNValidator.frnCheckDigitIsValid(buffer))
    }

    func testSeparatorLessRunIsStrongButNotTierHWithoutKeyword() {
        let bare = assertAssessment(validator, "9001011234568", verdict: .confirmed, confidence: 0.8...0.8)
        XCTAssertEqual(CandidateHelper.canonical(bare), "9001011234568")
        XCTAssertEqual(bare?.masked, "900101-1******".replacingOccurrences(of: "-", with: ""))
        assertAssessment(validator, "9001011234568", keyword: true, verdict: .confirmed, confidence: 1.0...1.0)
    }

    func testSeparators() {
        // Full-width hyphen (NFKC-equivalent), Unicode dashes, spaced hyphen, single space.
        let fullWidth = assertAssessment(validator, "850315－2012341", verdict: .confirmed, confidence: 1.0...1.0)
        XCTAssertEqual(fullWidth?.masked, "850315－2******")
        XCTAssertEqual(CandidateHelper.canonical(fullWidth), "8503152012341")
        assertAssessment(validator, "850315–2012341", verdict: .confirmed, confidence: 1.0...1.0)
        let spaced = assertAssessment(validator, "850315 - 2012341", verdict: .confirmed, confidence: 1.0...1.0)
        XCTAssertEqual(spaced?.masked, "850315 - 2******")
        assertAssessment(validator, "850315 2012341", verdict: .confirmed, confidence: 0.9...0.9)
        assertRejected(validator, ["850315--2012341", "850315.2012341", "850315_2012341", "8503-152012341"])
        // A no-break or ideographic space (NFKC: a space, spec §1.1).
        let nbsp = assertAssessment(validator, "850315\u{A0}2012341", verdict: .confirmed, confidence: 0.9...0.9)
        XCTAssertEqual(nbsp?.masked, "850315\u{A0}2******")
        XCTAssertEqual(CandidateHelper.canonical(nbsp), "8503152012341")
        assertAssessment(validator, "850315\u{3000}2012341", verdict: .confirmed, confidence: 0.9...0.9)
        assertRejected(validator, ["850315\u{C2}2012341", "850315\u{3001}2012341"])
    }

    func testPost2020RandomTailIsFormat() {
        assertAssessment(validator, "210315-3829174", verdict: .plausible, category: .rrn, confidence: 0.7...0.7)
        assertAssessment(validator, "210315-3829174", keyword: true, verdict: .plausible, confidence: 0.9...0.9)
        // 2020-10-05 is the first day of random tails; the day before is SUSPECT.
        assertAssessment(validator, "201005-3000001", verdict: .plausible, confidence: 0.7...0.7)
        assertAssessment(validator, "201004-3000001", verdict: .plausible, confidence: 0.4...0.4)
    }

    func testPost2020PassingCheckDigitIsNoEvidence() {
        // 241015-3100005 and 220707-7100008 pass the RRN / FRN check digit by chance: random tails.
        assertAssessment(validator, "241015-3100005", verdict: .plausible, category: .rrn, confidence: 0.7...0.7)
        assertAssessment(validator, "241015-3100005", keyword: true, verdict: .plausible, category: .rrn, confidence: 0.9...0.9)
        assertAssessment(validator, "2410153100005", verdict: .plausible, category: .rrn, confidence: 0.5...0.5)
        assertAssessment(validator, "2410153100005", keyword: true, verdict: .plausible, category: .rrn, confidence: 0.7...0.7)
        assertAssessment(validator, "220707-7100008", verdict: .plausible, category: .frn, confidence: 0.7...0.7)
        assertAssessment(validator, "2207077100008", verdict: .plausible, category: .frn, confidence: 0...0.45)
        // An order number dated this year: tier M as the spec scores it, unless something names it.
        assertAssessment(validator, "2405023186640", verdict: .plausible, confidence: 0.5...0.5)
        assertAssessment(validator, "2405023186640", negative: true, verdict: .plausible, confidence: 0...0.45)
        // The day before the change, the check digit still counts.
        assertAssessment(validator, "201004-3000006", verdict: .confirmed, confidence: 1.0...1.0)
    }

    /// A bare post-2020 number: FORMAT 0.6 − 0.1 without a separator, tier M (spec §2.7 row 6); a
    /// foreigner's number without either check digit stays below it (random 13-digit runs have a
    /// date and a digit 5–8 far more often than a date after 2020-10-05 and a digit 3–4).
    func testBareFormatIsTierMOnlyForPost2020ResidentNumbers() {
        assertAssessment(validator, "2103153829174", verdict: .plausible, confidence: 0.5...0.5)
        assertAssessment(validator, "2103153829174", keyword: true, verdict: .plausible, confidence: 0.7...0.7)
        assertAssessment(validator, "8503156203485", verdict: .plausible, category: .frn, confidence: 0...0.45)
        // Before 2020-10-05 a failing check digit is SUSPECT, bare or not.
        assertAssessment(validator, "2010043000001", verdict: .plausible, confidence: 0...0.3)
    }

    func testHistoric1800s() {
        // stdnum doc example, checksum valid: L without context, M with.
        assertAssessment(validator, "971013-9019902", verdict: .plausible, category: .rrn, confidence: 0.4...0.4)
        assertAssessment(validator, "971013-9019902", keyword: true, verdict: .plausible, confidence: 0.6...0.6)
        // Digit 9 stays on the RRN path (not FRN) even when the checksum fails.
        assertAssessment(validator, "901231-9123456", verdict: .plausible, category: .rrn, confidence: 0...0.49)
        let failing = CandidateHelper.assess(validator, "901231-9123457", keyword: true)
        XCTAssertLessThan(failing?.confidence ?? 1, 0.5)
    }

    func testSuspectBefore2020() {
        assertAssessment(validator, "900101-1234569", verdict: .plausible, confidence: 0.4...0.4)
        assertAssessment(validator, "900101-1234569", keyword: true, verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "9001011234569", verdict: .plausible, confidence: 0.2...0.2)
        assertAssessment(validator, "9001011234569", keyword: true, verdict: .plausible, confidence: 0.5...0.5)
    }

    /// A customer master's column for either number (`주민사업자번호`: a customer is a person or a
    /// business): its business word is no negative one for a resident number, whose word it
    /// also holds; a column named for a business alone still is.
    func testAColumnNamedForEitherNumberNamesAResidentNumber() {
        for field in ["주민사업자번호", "주민등록번호(사업자번호)", "rrn_or_biz_no"] {
            assertAssessment(validator, "731106-2817465", negative: true, field: field, verdict: .plausible, confidence: 0.6...0.6)
            assertAssessment(validator, "900101-1234568", negative: true, field: field, verdict: .confirmed, confidence: 1.0...1.0)
        }
        assertAssessment(validator, "731106-2817465", negative: true, field: "사업자번호", verdict: .plausible, confidence: 0...0.45)
    }

    // MARK: Spec §2.10 tricky invalid

    func testImpossibleDatesAreRejected() {
        assertRejected(validator, [
            "901301-1234567", "900100-1234567", "900230-1234567",
            "900229-1234561",  // 1990 not leap, checksum ✓
            "020229-3101234",  // 2002 not leap, checksum ✓
            "000431-3123456", "000230-6123456",
        ])
        // 1900 is not a leap year, 2000 is.
        assertRejected(validator, ["000229-1234567"])
        XCTAssertNotNil(CandidateHelper.assess(validator, "000229-3123456"))
    }

    func testFutureBirthDatesAreRejected() {
        assertRejected(validator, ["991231-3123455", "8801234567893", "991231-8044697"])
        // Exactly today is fine, tomorrow is not.
        XCTAssertNotNil(CandidateHelper.assess(validator, "261129-3000000"))
        assertRejected(validator, ["261130-3000000"])
        let earlier = CalendarDate(year: 2021, month: 1, day: 1)
        XCTAssertNil(CandidateHelper.assess(validator, "210315-3829174", today: earlier))
    }

    func testWrongLengthsAreRejected() {
        assertRejected(validator, ["900101-123456", "900101-12345678", "9001011234568000", "90010112345"])
    }

    // MARK: Context

    func testNegativeContextDropsBarcodes() {
        // EAN-13 with a Korean prefix that happens to pass the RRN checksum (1988-01-01): below
        // the default threshold already for its barcode check digit, further down next to `barcode`.
        assertAssessment(validator, "8801011612655", verdict: .confirmed, confidence: 0.45...0.45)
        assertAssessment(validator, "8801011612655", negative: true, verdict: .confirmed, confidence: 0...0.4)
    }

    /// A number joined by `-` or `_` to a letter or digit before it is a build's date stamp
    /// before a count (`nightly-d04c28f7a-251010\t4650145`), and one joined to a token after it
    /// an artefact's name (`900101-1234568-debug`): below 0.5 without a keyword — but for one
    /// with its check digit joined by `_` in a file's name, up to the extension.
    func testJoinedToATokenBeforeNeedsAKeyword() {
        // (Born 2025: plausible, its passing check digit is chance.)
        assertAssessment(validator, "251010\t4650145", before: "3.0.0-nightly-d04c28f7a-", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "900101-1234568", before: "snapshot_", verdict: .confirmed, confidence: 0...0.45)
        assertAssessment(validator, "900101-1234568", before: "id-", keyword: true, verdict: .confirmed, confidence: 1...1)
        // Not joined: a dash after a space or Hangul, or a lone dash.
        assertAssessment(validator, "900101-1234568", before: "memo - ", verdict: .confirmed, confidence: 1...1)
        assertAssessment(validator, "900101-1234568", before: "홍길동-", verdict: .confirmed, confidence: 1...1)
        assertAssessment(validator, "900101-1234568", before: "-", verdict: .confirmed, confidence: 1...1)
        // The same after it.
        assertAssessment(validator, "900101-1234568", after: "-debug", verdict: .confirmed, confidence: 0...0.45)
        assertAssessment(validator, "900101-1234568", after: "_v2", verdict: .confirmed, confidence: 0...0.45)
        // A file's name up to its extension is named for its person (with the check digit only).
        assertAssessment(validator, "900101-1234568", after: "_v2.pdf", verdict: .confirmed, confidence: 1...1)
        assertAssessment(validator, "900101-1234568", before: "scan\\jyryu_", after: ".pdf", verdict: .confirmed, confidence: 1...1)
        assertAssessment(validator, "9001011234568", before: "emp_", after: ".xlsx", verdict: .confirmed, confidence: 0.8...0.8)
        assertAssessment(validator, "900101-1234569", before: "scan_", after: ".pdf", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "900101-1234568", before: "build-", after: ".zip", verdict: .confirmed, confidence: 0...0.45)
        assertAssessment(validator, "900101-1234568", after: "-홍길동", verdict: .confirmed, confidence: 1...1)
        assertAssessment(validator, "900101-1234568", after: " - 확인", verdict: .confirmed, confidence: 1...1)
    }

    /// Korean product barcodes (GS1 prefix 880 and an EAN-13 check digit) read as births in 1988;
    /// one in sixty also has the resident number's check digit. Bare and unlabelled they stay
    /// below the default threshold; labelled, or dashed, they are resident numbers.
    func testKoreanProductBarcodesNeedAKeyword() {
        for barcode in ["8803041144267", "8806115971431", "8809062288515"] {
            var digits = DigitBuffer()
            for byte in barcode.utf8 { _ = digits.append(byte - 0x30) }
            XCTAssertTrue(RRNValidator.isKoreanBarcode(digits), barcode)
            assertAssessment(validator, barcode, verdict: .confirmed, confidence: 0...0.45)
            assertAssessment(validator, barcode, keyword: true, verdict: .confirmed, confidence: 0.9...1.0)
        }
        assertAssessment(validator, "880304-1144267", verdict: .confirmed, confidence: 1...1)
        // The RRN check digit without the EAN-13 one (that would be 7), and another prefix.
        for number in ["8801011234568", "8901011234564"] {
            var digits = DigitBuffer()
            for byte in number.utf8 { _ = digits.append(byte - 0x30) }
            XCTAssertFalse(RRNValidator.isKoreanBarcode(digits), number)
        }
        assertAssessment(validator, "8801011234568", verdict: .confirmed, confidence: 0.8...0.8)
    }

    /// The value of an identifier's field (a trace, a request, a cache key) is a number a system
    /// made up: bare and unlabelled it stays below the default threshold.
    func testBareNumbersInIdentifierFieldsNeedAKeyword() {
        for field in ["traceId", "trace", "request_id", "X-Request-ID", "cacheKey", "product_code", "txn", "uuid", "pg_tid"] {
            assertAssessment(validator, "8205262283736", field: field, verdict: .confirmed, confidence: 0...0.45)
            assertAssessment(validator, "8205262283736", keyword: true, field: field, verdict: .confirmed, confidence: 1...1)
            assertAssessment(validator, "820526-2283736", field: field, verdict: .confirmed, confidence: 1...1)
        }
        for field in ["national_id", "citizenId", "id_no", "memo", "traceIdNo", "customer", "cash_id"] {
            assertAssessment(validator, "8205262283736", field: field, verdict: .confirmed, confidence: 0.8...0.8)
        }
        XCTAssertEqual(ValidatorSupport.nameWords(Array("X-Request-ID".utf8)).map { String(decoding: $0, as: UTF8.self) }, ["x", "request", "id"])
        XCTAssertEqual(ValidatorSupport.nameWords(Array("userRrn2_backup".utf8)).map { String(decoding: $0, as: UTF8.self) }, ["user", "rrn2", "backup"])
        XCTAssertFalse(ValidatorSupport.namesIdentifier([]))
    }

    /// A field named for a time or a card names another value, even with a resident-number
    /// keyword nearby (`{"rrn":"…","verifiedAt":"1705128276101"}`). (After the value such a name
    /// is the next field's and changes nothing: a positive example of the rule file.)
    func testFieldsNamedForATimeOrACardNameAnotherValue() {
        for field in ["verifiedAt", "created_at", "reg_ts", "loginTime", "updateDate", "card_number", "pan", "카드번호"] {
            assertAssessment(validator, "8205262283736", keyword: true, field: field, verdict: .confirmed, confidence: 0...0.45)
            assertAssessment(validator, "820526-2283736", keyword: true, field: field, verdict: .confirmed, confidence: 0...0.45)
        }
        for field in ["birth_date", "dobTime", "jumin", "국민연금가입자번호"] {
            assertAssessment(validator, "820526-2283736", keyword: true, field: field, verdict: .confirmed, confidence: 1...1)
        }
        XCTAssertTrue(ValidatorSupport.namesTime(Array("verifiedAt".utf8)))
        XCTAssertFalse(ValidatorSupport.namesTime(Array("birthDate".utf8)))
        XCTAssertFalse(ValidatorSupport.namesTime([]))
    }

    func testNegativeContextDropsBareFRNShapedNumbersDespiteTheBonus() {
        // Epoch-ms 1606035087466 reads as an FRN (1916-06-03, digit 7 = 5) with the FRN check digit,
        // an even issuer (08) and d12 = 6: 1.0 − 0.1 (bare) − 0.4 (`ts`) must not stay at 0.5.
        assertAssessment(validator, "1606035087466", verdict: .confirmed, category: .frn, confidence: 0...0.45)
        assertAssessment(validator, "1606035087466", negative: true, verdict: .confirmed, category: .frn, confidence: 0...0.45)
        assertAssessment(validator, "8803266343377", negative: true, verdict: .confirmed, category: .frn, confidence: 0...0.45)
        // Hyphenated and labelled by the negative keyword: below 0.5 as well (order numbers of this
        // shape pass a check digit one time in ten).
        assertAssessment(validator, "160603-5087466", negative: true, verdict: .confirmed, category: .frn, confidence: 0.45...0.45)
    }

    func testBareRunsThatReadAsRecentEpochMillisecondsNeedAKeyword() {
        // Time stamps of 2023-12 and 2024-04 that pass as FRNs (1917-03-29, 1917-12-12) with a
        // check digit: below the default threshold without a keyword, as before with one.
        for stamp in ["1703295216951", "1712126416179"] {
            assertAssessment(validator, stamp, verdict: .confirmed, category: .frn, confidence: 0...0.45)
            assertAssessment(validator, stamp, keyword: true, verdict: .confirmed, category: .frn, confidence: 0.9...1.0)
        }
        // Dashed, or beyond the epoch range (a 1990 birth: 9.0e12 ms is the year 2255), unchanged.
        assertAssessment(validator, "170329-5216951", verdict: .confirmed, category: .frn, confidence: 1.0...1.0)
        assertAssessment(validator, "9001011234568", verdict: .confirmed, confidence: 0.8...0.8)
        // Children's numbers: born 2017-03-15 (a time of 2023-12-21) held back; born 2014-12-15
        // (a time of 2014, older than logs are kept) and 2018-02-20 (a time of 2027) not.
        assertAssessment(validator, "1703154012343", verdict: .confirmed, confidence: 0...0.45)
        assertAssessment(validator, "1703154012343", keyword: true, verdict: .confirmed, confidence: 0.9...1.0)
        assertAssessment(validator, "1412153012340", verdict: .confirmed, confidence: 0.8...0.8)
        assertAssessment(validator, "1802203012349", verdict: .confirmed, confidence: 0.8...0.8)
        // The bounds: a month after the scan date; seven years before it for a birth from 2000
        // on, 1e12 ms (2001-09-09) for one in the 1910s.
        func readsAsTime(_ text: String, _ today: CalendarDate) -> Bool {
            var digits = DigitBuffer()
            for byte in text.utf8 { _ = digits.append(byte - 0x30) }
            return RRNValidator.readsAsTimeStamp(digits, today: today)
        }
        let today = CalendarDate(year: 2026, month: 11, day: 29)  // 20,786 days: 1,795,910,400,000 ms
        XCTAssertFalse(readsAsTime("0999999999999", today))
        XCTAssertTrue(readsAsTime("1000001000000", today), "born 1910 (digit 7 = 1)")
        XCTAssertFalse(readsAsTime("1000003000000", today), "born 2010 (digit 7 = 3)")
        XCTAssertTrue(readsAsTime("1798588800000", today))  // 2026-11-29 + 31 days
        XCTAssertFalse(readsAsTime("1798588800001", today))
        XCTAssertFalse(readsAsTime("1798588800000", CalendarDate(year: 2026, month: 11, day: 28)))
        // 2026-11-29 − 2,556 days (seven years and their leap days): 1,575,072,000,000 ms.
        XCTAssertTrue(readsAsTime("1575073000000", today))
        XCTAssertFalse(readsAsTime("1575063000000", today))
    }

    func testDaysSinceEpoch() {
        XCTAssertEqual(CalendarDate(year: 1970, month: 1, day: 1).daysSinceEpoch, 0)
        XCTAssertEqual(CalendarDate(year: 1969, month: 12, day: 31).daysSinceEpoch, -1)
        XCTAssertEqual(CalendarDate(year: 2000, month: 3, day: 1).daysSinceEpoch, 11_017)
        XCTAssertEqual(CalendarDate(year: 2026, month: 11, day: 29).daysSinceEpoch, 20_786)
    }

    func testMaskedOutputNeverRevealsTheTail() {
        for text in ["900101-1234568", "9001011234568", "900101-5123467", "210315-3829174"] {
            guard let result = CandidateHelper.assess(validator, text) else { return XCTFail(text) }
            XCTAssertTrue(result.masked.hasSuffix("******"), result.masked)
            XCTAssertFalse(result.masked.contains(String(text.suffix(6))), result.masked)
        }
    }

    // MARK: FRN (§3)

    func testForeignerNumbersWithFRNCheckDigit() {
        for text in ["900101-5123467", "850315-6203484", "030101-7105677", "120505-5304787"] {
            assertAssessment(validator, text, verdict: .confirmed, category: .frn, confidence: 0.85...1.0)
        }
        // 2099-12-31 is after the scan date (spec §10.8 g: future dates are REJECT).
        assertRejected(validator, ["991231-8044697"])
    }

    func testForeignerNumberWithRRNFormulaIsStrong() {
        assertAssessment(validator, "900101-5234569", verdict: .confirmed, category: .frn, confidence: 1.0...1.0)
    }

    func testForeignerNumberWithoutCheckDigitIsFormat() {
        assertAssessment(validator, "900101-5123468", verdict: .plausible, category: .frn, confidence: 0.7...0.7)
        assertAssessment(validator, "900101-5123468", keyword: true, verdict: .plausible, category: .frn, confidence: 0.9...0.9)
    }

    func testForeignerInvalidDateIsRejected() {
        assertRejected(validator, ["000230-6123456", "900101-51234670"])
    }

    func testFRNIssuerAndTypeBonus() {
        // Same number space with an odd issuer (d8d9 = 13) and d12 = 1: still strong, no bonus.
        var digits = DigitBuffer()
        for digit: UInt8 in [9, 0, 0, 1, 0, 1, 5, 1, 3, 4, 5, 1, 0] { _ = digits.append(digit) }
        let check = (13 - RRNValidator.checksum(digits)) % 10
        let text = "900101-513451\(check)"
        assertAssessment(validator, text, verdict: .confirmed, category: .frn, confidence: 1.0...1.0)
        assertAssessment(validator, text.replacingOccurrences(of: "-", with: " "), verdict: .confirmed, category: .frn, confidence: 0.9...0.9)
    }

    /// Through the engine: a value that a negative keyword labels stays below 0.5 even when a
    /// resident-number keyword follows it (it labels the next value), and that next value is
    /// reported in full.
    func testALabelledOrderNumberStaysBelowTheThresholdBeforeAResidentNumbersKeyword() throws {
        var configuration = testConfiguration()
        configuration.minConfidence = 0
        let engine = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
        for line in [
            "{\"orderId\":\"250227-5884129\",\"jumin\":\"850312-1234565\"}", "주문번호 250227-5884129 주민번호 850312-1234565",
            "orderId=250227-5884129 jumin=850312-1234565",
        ] {
            let findings = engine.scan(bytes: Array((line + "\n").utf8)).filter { $0.category == .rrn || $0.category == .frn }
            XCTAssertEqual(findings.map(\.confidence), [0.45, 1.0], line)
        }
    }

    /// §2.7 row 7: a SUSPECT number is "tier M with RRN context keyword or RRN-named column" —
    /// written bare, as a database stores it, too: its label, key or column names it. A keyword
    /// elsewhere on the line adds to a bare run's 0.3 − 0.1 without lifting it to M.
    func testABareSuspectNumberNamedByItsKeyOrColumnIsTierM() throws {
        var configuration = testConfiguration()
        configuration.minConfidence = 0
        let engine = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
        for (line, confidence) in [
            ("주민번호 6912262716572", 0.5), ("{\"juminNo\":\"6912262716572\"}", 0.5), ("mb_jumin=6912262716572 mb_level=2", 0.5),
            ("회원 6912262716572 주민번호 확인", 0.4), ("주민번호 691226-2716572", 0.6), ("{\"jumin_seq\":\"6912262716572\"}", 0.0),
        ] {
            let findings = engine.scan(bytes: Array((line + "\n").utf8)).filter { $0.category == .rrn }
            XCTAssertEqual(findings.map(\.confidence), [confidence], line)
        }
        let directory = try TemporaryDirectory()
        let csv = try directory.write("members.csv", "mb_no,mb_name,mb_jumin\n1,홍길동,6912262716572\n2,김철수,8501012345674\n")
        let column = try engine.collect([csv]).findings.filter { $0.category == .rrn }
        XCTAssertEqual(column.map(\.confidence), [0.5, 0.5])
    }
}

/// A resident number in two parts with words between (`앞자리 651204 뒷자리 2673893`).
final class RRNSplitValidatorTests: XCTestCase {
    let validator = RRNSplitValidator()

    /// Joined and assessed as the dashed number: the same verdict, confidence, category and
    /// canonical value (so the same fingerprint); the words stay in the display, the back part
    /// is masked after its first digit.
    func testJoinsThePartsAndAssessesThemAsADashedNumber() throws {
        for (match, joined) in [
            ("651204 뒷자리 2673893", "651204-2673893"), ("900101이고 뒷자리는 1234568", "900101-1234568"),
            ("850315, 뒤 7자리 2526011", "850315-2526011"), ("900101 뒷자리 5123467", "900101-5123467"),
            ("900101 뒷자리 1234567", "900101-1234567"),
        ] {
            for keyword in [false, true] {
                let split = try XCTUnwrap(CandidateHelper.assess(validator, match, before: "주민번호 앞자리 ", keyword: keyword), match)
                let whole = try XCTUnwrap(CandidateHelper.assess(RRNValidator(), joined, before: "주민번호 앞자리 ", keyword: keyword))
                XCTAssertEqual(split.verdict, whole.verdict, match)
                XCTAssertEqual(split.confidence, whole.confidence, match)
                XCTAssertEqual(split.category, whole.category, match)
                XCTAssertEqual(split.canonical, whole.canonical, match)
                XCTAssertEqual(split.masked, String(match.dropLast(6)) + "******", match)
            }
        }
        // What the resident-number validator rejects stays rejected: no date, a future birth.
        XCTAssertNil(CandidateHelper.assess(validator, "901301 뒷자리 1234568", keyword: true))
        XCTAssertNil(CandidateHelper.assess(validator, "991231 뒷자리 4234568", keyword: true))
    }
}
