import PIIModel
import XCTest

final class ModelTests: XCTestCase {
    private func finding(_ category: Category, path: String = "a.log", verdict: Verdict = .confirmed) -> Finding {
        Finding(
            path: path, line: 1, column: 1, offset: 0, length: 1, category: category, rule: category.rawValue,
            verdict: verdict, confidence: 0.9, masked: "*", fingerprint: "hmac-sha256:00")
    }

    func testMaskedCategories() {
        XCTAssertFalse(Category.rrn.isMasked)
        XCTAssertTrue(Category.rrn.masked.isMasked)
        XCTAssertEqual(Category.rrn.masked.rawValue, "kr-rrn-masked")
        XCTAssertEqual(Category.rrn.masked.masked, Category.rrn.masked)
        // The suffix, compared as bytes, at the end only; user categories may be anything.
        for name in ["masked", "-masked", "x-masked", "이름-masked", "kr-masked-id", "kr-maske", "-Masked", "", "a-maskedd"] {
            XCTAssertEqual(Category(name).isMasked, name.hasSuffix("-masked"), name)
        }
    }

    func testSummaryCountsExposuresWithoutMaskedLookAlikes() {
        var summary = ScanSummary()
        summary.add(finding(.rrn))
        summary.add(finding(.rrn, path: "b.log", verdict: .plausible))
        summary.add(finding(.rrn.masked))
        summary.add(finding(.phone))
        XCTAssertEqual(summary.exposures, 3)
        XCTAssertEqual(summary.counts[.rrn], 2)
        XCTAssertEqual(summary.counts[.rrn.masked], 1)
        XCTAssertEqual(summary.verdicts[.confirmed], 3)
        XCTAssertEqual(summary.perFile["a.log"]?[.rrn], 1)
        XCTAssertEqual(summary.perFile["b.log"]?[.rrn], 1)
    }

    func testVerdictOrder() {
        XCTAssertLessThan(Verdict.rejected, Verdict.plausible)
        XCTAssertLessThan(Verdict.plausible, Verdict.confirmed)
    }

    func testExposureHashReadsTheFirst64BitsOfAFingerprint() {
        XCTAssertEqual(ExposureSketch.hash(of: "hmac-sha256:0123456789abcdef00ff"), 0x0123_4567_89AB_CDEF)
        XCTAssertEqual(ExposureSketch.hash(of: "fedcba9876543210"), 0xFEDC_BA98_7654_3210)
        XCTAssertNil(ExposureSketch.hash(of: "hmac-sha256:0123456789abcde"), "15 digits")
        XCTAssertNil(ExposureSketch.hash(of: "hmac-sha256:0123456789ABCDEF"), "upper case is not what the fingerprinter writes")
        XCTAssertNil(ExposureSketch.hash(of: ""))
    }

    /// `value`, `record` and `decoding` live in a box shared by copies: setting one keeps the
    /// others, a copy never sees a later change, and equality compares contents (a finding whose
    /// rare fields were all set back to nil equals one that never had any).
    func testRareFieldsAreValuesOfTheFinding() {
        let plain = finding(.rrn)
        var rich = plain
        rich.record = RecordLocation(table: "customers", column: "jumin", rowid: 7)
        rich.value = "900101-1234567"
        rich.decoding = "base64"
        XCTAssertEqual(rich.record?.table, "customers")
        XCTAssertEqual(rich.value, "900101-1234567")
        XCTAssertEqual(rich.decoding, "base64")
        XCTAssertNil(plain.record, "the copy taken before is unchanged")
        XCTAssertNotEqual(rich, plain)

        let copy = rich
        rich.record?.rowid = 8
        XCTAssertEqual(copy.record?.rowid, 7, "a change in place does not reach a copy")
        XCTAssertEqual(rich.record?.rowid, 8)
        XCTAssertEqual(rich.value, "900101-1234567", "changing the record keeps the value")
        XCTAssertNotEqual(rich, copy)

        var same = plain
        same.record = RecordLocation(table: "customers", column: "jumin", rowid: 8)
        same.decoding = "base64"
        same.value = "900101-1234567"
        XCTAssertEqual(same, rich, "equal contents in different boxes")

        rich.value = nil
        rich.record = nil
        rich.decoding = nil
        XCTAssertEqual(rich, plain)
    }

    /// Columns are merged by key through an index that survives `columns` being changed from
    /// outside (sorted, appended to), and summaries built differently still compare equal.
    func testColumnSummariesMergeByKey() {
        func column(_ table: String, _ rows: Int64) -> ColumnSummary {
            ColumnSummary(key: ColumnKey(path: "a.db", table: table, column: "hp"), rows: rows, rowsWithFindings: [.phone: 1])
        }
        var summary = ScanSummary()
        for table in ["t3", "t1", "t2"] { summary.add(column(table, 1)) }
        summary.add(column("t1", 2))
        XCTAssertEqual(summary.columns.map(\.rows), [1, 3, 1])
        summary.columns.sort { $0.key < $1.key }  // t1, t2, t3
        summary.add(column("t3", 5))
        summary.columns.append(column("t4", 1))
        summary.add(column("t4", 1))
        summary.add(column("t2", 1))
        XCTAssertEqual(summary.columns.map(\.key.table), ["t1", "t2", "t3", "t4"])
        XCTAssertEqual(summary.columns.map(\.rows), [3, 2, 6, 2])
        XCTAssertEqual(summary.columns[2].rowsWithFindings[.phone], 2)
        var rebuilt = ScanSummary()
        rebuilt.columns = summary.columns
        XCTAssertEqual(rebuilt, summary)
    }
}
