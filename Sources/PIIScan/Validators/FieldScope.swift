/// The value's own field within its context windows, for negative keywords.
///
/// The spec reads the context of a value in a record from its own key (§1: "column/key name
/// (DB/JSON)"). A negative keyword that is the *key of another field* names that field's
/// value, not this one: in `{"msg":"9001011234568","ts":1709608386380}` the `ts` is the next
/// value's, in `"bizRegNo": "509-56-22982", "tel": "062-…"` the `tel` is the phone's, in
/// `order_no=A17 rrn=9001011234568` the `order` is the order number's. So the negative
/// keywords of a value are looked for only from the label nearest before it (its own key, when
/// it has one) to the first label after it.
///
/// A *label* is a name followed by `=` or `:` — `"name":` (JSON), `name=` (logfmt, query
/// strings), `name:` (`주문번호: …`) — whose name starts with a letter, `_` or a non-ASCII
/// character (`2024-03-05T12:` is a time, `http://` a URL, `a==b` a comparison). A record's
/// type field right before the value's key is in its scope (`{"type":"serial","value":…}`). Positive
/// keywords are not clipped: a record's neighbouring fields do describe it (`"bank": "신한"`
/// next to a virtual account).
enum FieldScope {
    /// Where the last label in `before` starts (0 when there is none) — or the label before
    /// it, when that one is a record's type field (`{"type":"tracking","value":"240403…"}`,
    /// `"kind":"INVOICE","id":…`): a type names what the record's value is, whatever its key.
    static func start(_ before: UnsafeRawBufferPointer) -> Int {
        // Backwards from the value: the nearest label is usually a few bytes away (its key).
        var index = before.count - 1
        var last: Range<Int>?
        while index >= 0 {
            let byte = before[index]
            if byte == 0x3D || byte == 0x3A, let label = labelStart(before, separator: index) {
                guard let own = last else {
                    last = label..<index
                    index = label - 1
                    continue
                }
                // A type's key (`"ean": {"S": "880…"}`, ``FieldLocator/typeWrapperKeys``) stands for
                // the key of its object: that one is the value's own.
                if isTypeWrapper(before, own), before[(index + 1)..<own.lowerBound].allSatisfy({ $0 == 0x7B || $0 == 0x20 }) {
                    last = label..<index
                    index = label - 1
                    continue
                }
                // The label before the value's own: a type field's is in scope.
                return isTypeName(before, label..<index) ? label : own.lowerBound
            }
            index -= 1
        }
        return last?.lowerBound ?? 0
    }

    /// Where the words right before the value start, when another value stands before them
    /// (`관리번호 KCS123456 / 납세의무자 식별값 5712…`, `주문번호 2024-0001 고객 900101…`): those words
    /// label this value, and a negative keyword before the other value names that one. 0 when
    /// the value follows no value and words — a list after one label (`송장번호 6012… 6012…`)
    /// stays in its label's scope. A word is two letters or Hangul syllables at least; a value
    /// is a token with a digit; blanks and `/ | , ; ( ) [ ]` separate them.
    static func wordsAfterValue(_ before: UnsafeRawBufferPointer) -> Int {
        @inline(__always) func isGap(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x2F || byte == 0x7C || byte == 0x2C || byte == 0x3B || byte == 0x28
                || byte == 0x29 || byte == 0x5B || byte == 0x5D
        }
        var index = before.count
        var sawWord = false
        while index > 0 {
            while index > 0 && isGap(before[index - 1]) { index -= 1 }
            guard index > 0 else { return 0 }
            let end = index
            var digit = false
            var letters = 0
            while index > 0 && !isGap(before[index - 1]) {
                let byte = before[index - 1]
                if ValidatorSupport.isDigit(byte) {
                    digit = true
                } else if ValidatorSupport.isASCIILetter(byte) || byte >= 0xC0 {
                    letters += 1
                }
                index -= 1
            }
            if digit { return sawWord ? end : 0 }
            if letters >= 2 { sawWord = true }
        }
        return 0
    }

    /// Names of a record's type field.
    private static let typeNames: Set<[UInt8]> = Set(
        ["type", "kind", "category", "class", "subtype", "idtype", "id_type", "doctype", "doc_type", "documenttype",
            "document_type", "format"].map { Array($0.utf8) })

    /// Whether the label at `label` (its name, perhaps quoted, then blanks and the separator)
    /// names a type field.
    /// Whether the label (`"S"`, with its quotes) is a type's key (``FieldLocator/typeWrapperKeys``).
    private static func isTypeWrapper(_ text: UnsafeRawBufferPointer, _ label: Range<Int>) -> Bool {
        guard label.count >= 3, label.count <= 16, text[label.lowerBound] == 0x22, text[label.upperBound - 1] == 0x22 else { return false }
        return FieldLocator.isTypeWrapperKey(text[(label.lowerBound + 1)..<(label.upperBound - 1)])
    }

    private static func isTypeName(_ text: UnsafeRawBufferPointer, _ label: Range<Int>) -> Bool {
        var name: [UInt8] = []
        for byte in text[label] {
            if byte == 0x22 || byte == 0x20 || byte == 0x3A || byte == 0x3D { continue }
            name.append(ValidatorSupport.lowercased(byte))
            if name.count > 16 { return false }
        }
        return typeNames.contains(name)
    }

    /// Where the first label in `after` starts, or the value's clause ends: a `,`, `;` or `.`
    /// and a blank (`농협 쪽 352-7567-2293-18, 금액은 규정대로`: the amount is the next clause's);
    /// `after.count` when there is neither.
    static func end(_ after: UnsafeRawBufferPointer) -> Int {
        var index = 0
        while index < after.count {
            let byte = after[index]
            if byte == 0x3D || byte == 0x3A, let label = labelStart(after, separator: index) { return label }
            if (byte == 0x2C || byte == 0x3B || byte == 0x2E) && index + 1 < after.count && after[index + 1] == 0x20 { return index }
            index += 1
        }
        return after.count
    }

    /// The start of the label whose separator (`=` or `:`) is at `separator`, if it is one.
    private static func labelStart(_ text: UnsafeRawBufferPointer, separator: Int) -> Int? {
        let isColon = text[separator] == 0x3A
        if isColon {
            // `http://`, `12:30` (no name), `::`
            if separator + 1 < text.count && (text[separator + 1] == 0x2F || text[separator + 1] == 0x3A) { return nil }
        } else {
            // `==`, `!=`, `<=`, `>=`
            if separator + 1 < text.count && text[separator + 1] == 0x3D { return nil }
            if separator > 0 && [0x3D, 0x21, 0x3C, 0x3E].contains(text[separator - 1]) { return nil }
        }
        var end = separator
        while end > 0 && text[end - 1] == 0x20 { end -= 1 }
        guard end > 0 else { return nil }
        if text[end - 1] == 0x22 {
            // `"name":` — the name between quotes.
            var open = end - 2
            while open >= 0 && text[open] != 0x22 {
                if end - 1 - open > 64 { return nil }
                open -= 1
            }
            guard open >= 0, end - 1 - open > 1, startsName(text[open + 1]) else { return nil }
            return open
        }
        var start = end
        while start > 0 && isNameByte(text[start - 1]) && end - start < 64 { start -= 1 }
        guard start < end, startsName(text[start]) else { return nil }
        return start
    }

    /// A byte of a label's name: ASCII letters, digits, `_ - . [ ]`, or part of a non-ASCII
    /// character (a Hangul name such as `주문번호`).
    @inline(__always) private static func isNameByte(_ byte: UInt8) -> Bool {
        ValidatorSupport.isASCIIAlphanumeric(byte) || byte >= 0x80 || byte == 0x5F || byte == 0x2D || byte == 0x2E
            || byte == 0x5B || byte == 0x5D
    }

    /// A name's first byte: a letter, `_`, `@` (`@timestamp`) or a non-ASCII character's.
    @inline(__always) private static func startsName(_ byte: UInt8) -> Bool {
        ValidatorSupport.isASCIILetter(byte) || byte >= 0x80 || byte == 0x5F || byte == 0x40
    }
}
