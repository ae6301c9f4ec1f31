/// An Outlook message saved as a file (`.msg`, [MS-OXMSG]): a compound file whose properties
/// are streams named `__substg1.0_<id><type>` — strings in UTF-16LE (`001F`) or 8-bit
/// (`001E`, the sender's code page), binary data (`0102`) — with a storage per recipient
/// (`__recip_version1.0_#…`) and per attachment (`__attach_version1.0_#…`). A message in a
/// message (an attached e-mail) is a storage of the same shape under its attachment.
enum OutlookMessage {
    /// A part to scan: the message's text (`message`: its header lines, then its body), its
    /// HTML body when it has no plain one (`message.html`), or an attachment's bytes under its
    /// file name. An attached message's parts are named under its own name (`reply.msg!message`).
    typealias Part = (name: String, bytes: [UInt8])

    /// The message's parts; nil when `file` is no message.
    static func parts(_ file: CompoundFile) throws(InputError) -> [Part]? {
        guard file.streams["__properties_version1.0"] != nil else { return nil }
        var parts: [Part] = []
        try read(file, at: "", named: "", depth: 0, into: &parts)
        return parts
    }

    /// Messages attached to messages, one in another, are read this deep.
    private static let maximumDepth = 4

    private static func read(_ file: CompoundFile, at prefix: String, named name: String, depth: Int, into parts: inout [Part]) throws(InputError) {
        func string(_ id: String, in storage: String = prefix) throws(InputError) -> [UInt8]? {
            if let wide = try file.read(storage + "__substg1.0_" + id + "001F") {
                let units = stride(from: 0, to: wide.count - 1, by: 2).map { CompoundFile.u16(wide, $0) }
                return Array(String(decoding: units.prefix { $0 != 0 }, as: UTF16.self).utf8)
            }
            // 8-bit strings are in the message's code page (CP949 on a Korean Windows): passed on
            // as they are, for the text reader to take as such.
            return try file.read(storage + "__substg1.0_" + id + "001E").map { Array($0.prefix { $0 != 0 }) }
        }
        /// The first of the properties `ids` that the storage holds.
        func first(_ ids: String..., in storage: String = prefix) throws(InputError) -> [UInt8]? {
            for id in ids { if let value = try string(id, in: storage) { return value } }
            return nil
        }
        var text: [UInt8] = []
        func line(_ label: String, _ values: [[UInt8]?]) {
            let present = values.compactMap { $0 }.filter { !$0.isEmpty }
            guard !present.isEmpty else { return }
            text += Array((label + ": ").utf8) + Array(present.joined(separator: Array(" ".utf8))) + [0x0A]
        }
        line("Subject", [try string("0037")])
        line("From", [try string("0C1A"), try first("5D01", "0C1F")])
        if try string("0042") != string("0C1A") {
            line("Sent on behalf of", [try string("0042"), try string("0065")])
        }
        line("To", [try string("0E04")])
        line("Cc", [try string("0E03")])
        line("Bcc", [try string("0E02")])
        for recipient in storages(file, under: prefix, named: "__recip_version1.0_#") {
            line("Recipient", [try string("3001", in: recipient), try first("39FE", "3003", in: recipient)])
        }
        let messageName = name.isEmpty ? "message" : name + "!message"
        if let body = try string("1000"), !body.isEmpty {
            parts.append((messageName, (text.isEmpty ? [] : text + [0x0A]) + body + [0x0A]))
        } else {
            parts.append((messageName, text))
            if let html = try file.read(prefix + "__substg1.0_10130102") {
                parts.append((messageName + ".html", html))
            }
        }
        for (number, attachment) in storages(file, under: prefix, named: "__attach_version1.0_#").enumerated() {
            let fileName = try first("3707", "3704", "3001", in: attachment)
            let label = fileName.flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) } ?? "attachment \(number + 1)"
            let attachmentName = name.isEmpty ? label : name + "!" + label
            if let data = try file.read(attachment + "__substg1.0_37010102") {
                parts.append((attachmentName, data))
            } else if depth < maximumDepth, file.streams.keys.contains(where: { $0.hasPrefix(attachment + "__substg1.0_3701000D/") }) {
                try read(file, at: attachment + "__substg1.0_3701000D/", named: attachmentName, depth: depth + 1, into: &parts)
            }
        }
    }

    /// The storages directly under `prefix` whose names start with `name`, in their order
    /// (`__attach_version1.0_#00000000/`, `…#00000001/`), as prefixes of their streams.
    private static func storages(_ file: CompoundFile, under prefix: String, named name: String) -> [String] {
        var found = Set<String>()
        for path in file.streams.keys where path.hasPrefix(prefix + name) {
            let rest = path.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { continue }
            found.insert(prefix + rest[..<slash] + "/")
        }
        return found.sorted()
    }
}
