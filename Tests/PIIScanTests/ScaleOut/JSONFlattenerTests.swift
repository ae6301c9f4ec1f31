import XCTest

@testable import PIIScan

final class JSONFlattenerTests: XCTestCase {
    private func parse(_ line: String) -> Result<[String], JSONFlattener.Failure> {
        var fields: [JSONFlattener.Field] = []
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBytes { buffer in
            var parser = JSONFlattener(buffer)
            do throws(JSONFlattener.Failure) {
                try parser.parseLine(into: &fields)
                return .success(fields.map { "\($0.name)=\(String(decoding: $0.value, as: UTF8.self))\($0.isInteger ? "#" : "")" })
            } catch {
                return .failure(error)
            }
        }
    }

    func testLeavesAreFlattened() throws {
        XCTAssertEqual(
            try parse(#" {"a":{"b":"x","c":[1,-2,3.5e1,{"d":"y"}]},"t":true,"f":false,"n":null,"e":"","o":{},"l":[]} "#).get(),
            ["a.b=x", "a.c=1#", "a.c=-2", "a.c=3.5e1", "a.c.d=y", "e="])
        XCTAssertEqual(try parse(#"{"s":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00\uD800x"}"#).get(), ["s=\"\\/\u{8}\u{c}\n\r\té😀\u{FFFD}x"])
        XCTAssertEqual(try parse(#"{"주민번호":"900101"}"#).get(), ["주민번호=900101"])
        XCTAssertEqual(try parse(#"{"n":0}"#).get(), ["n=0#"])
    }

    func testInvalidLinesAreRejected() {
        for line in [
            "", "[1]", "\"x\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":+1}",
            "{\"a\":tru}", "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":1} x", "{a:1}", "{\"a\":[1 2]}",
            "{\"a\":\"tab\there\"}",
        ] {
            guard case .failure = parse(line) else { return XCTFail("accepted: \(line)") }
        }
        let deep = String(repeating: "{\"a\":", count: 70) + "1" + String(repeating: "}", count: 70)
        guard case .failure(let failure) = parse(deep) else { return XCTFail("accepted a 70-deep object") }
        XCTAssertTrue(failure.reason.contains("nested too deeply"), failure.reason)
    }
}
