import PIIModel

/// E-mail addresses (spec §7): practical RFC 5322 subset with a real-TLD check against the
/// embedded IANA list (``EmailTLDs``), plus the false-positive rules of §7.2.
///
/// Rejected: unknown TLDs (`deploy@bastion`, `pkg@1.4.2`, `.local`), RFC 2606/6761 placeholders
/// (`example.com/net/org` and their subdomains; `.test`, `.example`, `.invalid`, `.localhost` are
/// not in the root zone), form hints (`example@domain.com`, `yourname@gmail.com`), Retina assets
/// (`logo@2x.png`), numeric names with file-extension TLDs
/// (`clip@2x.mov`, `backup@2024.zip`), VCS remotes (`git@github.com:org/repo.git`, local part
/// `git`/`hg`/`svn`), URL credentials (`https://user:pass@host.com`), message identifiers
/// (`Message-ID: <CA5462DEC42DD2325567@mail.gmail.com>`) and the tails of VERP/SRS bounce
/// addresses (`bounce+hong=naver.com@em.shop.co.kr`).
///
/// Scores: 0.85; +0.05 for a major Korean consumer mail domain; +0.1 keyword; −0.4 negative
/// keyword; role accounts (`noreply@`, `admin@`, `support@` …) at most 0.4. A sentence's trailing
/// dot is trimmed. Canonical form: the address lower-cased.
public struct EmailValidator: Validator {
    public init() {}

    static let tlds = ByteWordSet(words: EmailTLDs.all)

    /// TLDs that are also common file extensions (`clip@2x.mov`, `v@1.app`).
    static let fileExtensionTLDs = ByteWordSet(words: [
        "zip", "mov", "app", "dev", "png", "jpg", "gif", "pdf", "mp", "mp4", "avi", "bmp", "svg", "webp",
        "ico", "css", "js", "ts", "py", "sh", "rs", "md", "pl", "so", "cc", "tar", "gz", "bz", "xz", "io",
        "ai", "me", "ps", "pm", "php", "exe", "dll", "bin", "log", "zone", "link", "page", "data",
    ])

    /// Service and role accounts: not a person (spec §7.2, `EMAIL_ROLE`).
    static let roleAccounts = ByteWordSet(words: [
        "noreply", "no-reply", "no_reply", "no.reply", "donotreply", "do-not-reply", "do_not_reply",
        "postmaster", "hostmaster", "webmaster", "mailer-daemon", "mailerdaemon", "abuse", "admin",
        "administrator", "root", "support", "help", "helpdesk", "info", "contact", "sales", "marketing",
        "billing", "security", "privacy", "notification", "notifications", "notice", "alert", "alerts",
        "newsletter", "news", "service", "services", "cs", "customer", "customerservice", "office",
        "team", "hr", "jobs", "recruit", "careers", "press", "media", "feedback", "bounce", "bounces",
        "devnull", "nobody", "system", "daemon", "ops", "devops", "dev", "test", "qa", "master", "manager",
        "account", "accounts", "mail", "email", "reply", "auto", "autoreply", "robot", "bot", "dpo",
        "legal", "compliance", "it", "finance", "hello", "unsubscribe", "oncall", "on-call", "report", "reports", "recruiting",
        "recruitment", "hiring", "inquiry", "inquiries", "partnership", "partners",
        // a front desk's, a shop's or a campaign's mailbox (`order@`, `receipt@`, `visit@`)
        "order", "orders", "receipt", "receipts", "invoice", "invoices", "payment", "payments", "booking",
        "reservation", "reservations", "reception", "visit", "visitor", "volunteer", "volunteers", "inbox", "event", "events",
    ])

    /// Role words that make a role account also as the last word of a longer local part
    /// (`ga.support@`, `sre-oncall@`, `cs_help@`: a team's mailbox). Not `dev`, `it`, `qa` …,
    /// which follow a person's name as often (`kim.dev@`, `hong.cs@`: a student's).
    static let roleSuffixes = ByteWordSet(words: [
        "support", "help", "helpdesk", "oncall", "noreply", "admin", "info", "contact", "sales", "billing", "security",
        "privacy", "notification", "notifications", "alerts", "newsletter", "unsubscribe", "recruit", "jobs",
        "careers", "webmaster", "postmaster", "team", "inbox", "receipt", "reception",
    ])

    /// Major Korean consumer mail domains (priors, spec §7.2).
    static let koreanConsumerDomains = ByteWordSet(words: [
        "naver.com", "hanmail.net", "daum.net", "kakao.com", "nate.com", "korea.com", "gmail.com",
        "hotmail.com", "empas.com", "paran.com", "hanmir.com", "dreamwiz.com", "lycos.co.kr", "yahoo.co.kr",
    ])

    /// RFC 2606 second-level placeholders (also matched as a suffix: `mail.example.com`).
    static let placeholderDomains: [[UInt8]] = ["example.com", "example.net", "example.org"].map { Array($0.utf8) }
    /// Form-hint placeholders (`example@domain.com`, `yourname@yourcompany.com`): a hint's
    /// local part or its generic domain. Matched whole (`user@domain.com.au` is not one).
    static let placeholderLocals = ByteWordSet(words: [
        "example", "sample", "yourname", "your.name", "your_name", "youremail", "your.email", "your_email",
        "your-email", "username", "user.name", "user_name", "firstname.lastname",
        "first.last", "name.surname",
    ])
    static let placeholderGenericDomains = ByteWordSet(words: [
        "domain.com", "yourdomain.com", "your-domain.com", "mydomain.com", "company.com", "yourcompany.com",
        "your-company.com", "mycompany.com", "email.com", "youremail.com",
        // documentation's own (`user@foo.com`, `someone@somewhere.org`, `me@my.org`)
        "foo.com", "foo.org", "foo.net", "bar.com", "bar.org", "bar.net", "my.org", "somewhere.com", "somewhere.org",
        "wherever.com", "here.my.org", "host.domain.name", "outside.host.com",
    ])
    /// Domains that name SSH protocol extensions (`umac-64@openssh.com`,
    /// `sntrup761x25519-sha512@openssh.com`): with a hyphenated local part, an algorithm's name.
    static let protocolDomains = ByteWordSet(words: ["openssh.com", "libssh.org", "tinyssh.org"])
    /// Domains of workload identities, not people: Google Cloud service accounts
    /// (`batch@proj.iam.gserviceaccount.com`, `123-compute@developer.gserviceaccount.com`).
    /// Matched as a suffix after a dot, or as the whole domain.
    static let workloadDomainSuffixes: [[UInt8]] = ["gserviceaccount.com"].map { Array($0.utf8) }
    /// Registry second-level labels that are public suffixes under a country code, so
    /// `hong@co.kr`, `kim@seoul.kr` or `a@com.cn` name no mail host (spec §7.1: public-suffix
    /// check). Korea's organisational and regional labels, and the common ones elsewhere.
    static let publicSuffixSecondLevels: [String: ByteWordSet] = [
        "kr": ByteWordSet(words: [
            "co", "or", "go", "ac", "ne", "re", "pe", "mil", "hs", "ms", "es", "kg", "sc", "seoul", "busan", "daegu",
            "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi", "gangwon", "chungbuk", "chungnam",
            "jeonbuk", "jeonnam", "gyeongbuk", "gyeongnam", "jeju",
        ]),
        "jp": ByteWordSet(words: ["co", "ne", "or", "ac", "go", "ad", "ed", "gr", "lg"]),
        "uk": ByteWordSet(words: ["co", "org", "ac", "gov", "me", "ltd", "plc", "net", "sch", "nhs"]),
        "cn": ByteWordSet(words: ["com", "net", "org", "gov", "edu", "ac"]),
        "au": ByteWordSet(words: ["com", "net", "org", "edu", "gov", "asn", "id"]),
        "tw": ByteWordSet(words: ["com", "net", "org", "edu", "gov", "idv"]),
        "hk": ByteWordSet(words: ["com", "net", "org", "edu", "gov", "idv"]),
        "sg": ByteWordSet(words: ["com", "net", "org", "edu", "gov", "per"]),
        "nz": ByteWordSet(words: ["co", "net", "org", "ac", "govt", "school"]),
        "br": ByteWordSet(words: ["com", "net", "org", "gov", "edu"]),
        "in": ByteWordSet(words: ["co", "net", "org", "ac", "gov", "edu", "firm", "gen", "ind"]),
    ]
    /// The same, keyed by the country code's two lower-case bytes (no string per candidate).
    static let publicSuffixByCountry: [UInt16: ByteWordSet] = Dictionary(
        uniqueKeysWithValues: publicSuffixSecondLevels.map { code, labels in
            let bytes = Array(code.utf8)
            return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), labels)
        })
    static let vcsUsers = ByteWordSet(words: ["git", "hg", "svn"])
    /// Role-account prefixes (`noreply-abc@`, `mailer-daemon+x@`).
    static let rolePrefixes: [[UInt8]] = ["noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon"]
        .map { Array($0.utf8) }

    /// The parts of a plausible address.
    struct Parsed {
        var at = 0
        var end = 0
        var tld: Range<Int> = 0..<0
        var labels = 0
    }

    /// Splits `local@domain` and checks lengths, labels and the TLD.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        var parsed = Parsed()
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x2E { end -= 1 }  // a sentence's full stop
        parsed.end = end
        var at = -1
        for index in 0..<end where bytes[index] == 0x40 {
            guard at < 0 else { return nil }
            at = index
        }
        guard at > 0, at <= 64, end - at - 1 >= 3, end - at - 1 <= 255 else { return nil }
        parsed.at = at
        // Labels: 1–63 bytes, no leading/trailing '-', no empty label.
        var labelStart = at + 1
        var index = at + 1
        while index <= end {
            if index == end || bytes[index] == 0x2E {
                let length = index - labelStart
                guard length >= 1, length <= 63, bytes[labelStart] != 0x2D, bytes[index - 1] != 0x2D else { return nil }
                parsed.labels += 1
                parsed.tld = labelStart..<index
                labelStart = index + 1
            }
            index += 1
        }
        guard parsed.labels >= 2 else { return nil }
        guard tlds.contains(bytes, parsed.tld, lowercasingASCII: true) else { return nil }
        return parsed
    }

    /// `\d+` or `\d+x` (Retina suffixes, numeric file names).
    static func isNumericLabel(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, allowX: Bool) -> (numeric: Bool, hasX: Bool) {
        var end = range.upperBound
        var hasX = false
        if allowX, end > range.lowerBound, bytes[end - 1] | 0x20 == 0x78 {
            hasX = true
            end -= 1
        }
        guard end > range.lowerBound else { return (false, false) }
        for index in range.lowerBound..<end where !ValidatorSupport.isDigit(bytes[index]) { return (false, false) }
        return (true, hasX)
    }

    /// Whether `domain` is a workload identity's (``workloadDomainSuffixes``).
    static func isWorkloadIdentity(_ bytes: UnsafeRawBufferPointer, _ domain: Range<Int>) -> Bool {
        for suffix in workloadDomainSuffixes where domain.count >= suffix.count {
            let start = domain.upperBound - suffix.count
            guard domain.count == suffix.count || bytes[start - 1] == 0x2E else { continue }
            if ValidatorSupport.equalsIgnoringASCIICase(bytes, start..<domain.upperBound, suffix) { return true }
        }
        return false
    }

    /// Whether a two-label `domain` is a registry's public suffix (`co.kr`, `seoul.kr`, `com.cn`).
    static func isPublicSuffixOnly(_ bytes: UnsafeRawBufferPointer, domain: Range<Int>, labels: Int) -> Bool {
        guard labels == 2, domain.count >= 4, bytes[domain.upperBound - 3] == 0x2E else { return false }
        let code = UInt16(ValidatorSupport.lowercased(bytes[domain.upperBound - 2])) << 8
            | UInt16(ValidatorSupport.lowercased(bytes[domain.upperBound - 1]))
        guard let seconds = publicSuffixByCountry[code] else { return false }
        return seconds.contains(bytes, domain.lowerBound..<(domain.upperBound - 3), lowercasingASCII: true)
    }

    /// Whether `range` holds no ASCII lower-case letter (a Kerberos realm: `SHOP.CO.KR`).
    static func hasNoLowercaseLetter(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        !bytes[range].contains { $0 >= 0x61 && $0 <= 0x7A }
    }

    static func isRoleAccount(_ bytes: UnsafeRawBufferPointer, _ local: Range<Int>) -> Bool {
        if roleAccounts.contains(bytes, local, lowercasingASCII: true) { return true }
        // A team's mailbox: a role word after the local part's last `.`, `-` or `_`.
        if let separator = bytes[local].lastIndex(where: { $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }), separator > local.lowerBound,
            roleSuffixes.contains(bytes, (separator + 1)..<local.upperBound, lowercasingASCII: true)
        {
            return true
        }
        // `noreply-abc@`, `no-reply.kr@`, `mailer-daemon+x@`.
        for word in rolePrefixes {
            guard local.count > word.count else { continue }
            var matches = true
            var index = local.lowerBound
            for byte in word {
                if ValidatorSupport.lowercased(bytes[index]) != byte { matches = false; break }
                index += 1
            }
            if matches { return true }
        }
        return false
    }

    /// Whether the match is the user part of a URL's authority (`https://user:pass@host.com`):
    /// the token that ends at the match contains `://` with no `/`, `?`, `#`, `=` or `&` after it
    /// (an address in a URL's path or query, `https://a.kr/find?email=hong@naver.com`, is one).
    static func isInsideURL(_ before: UnsafeRawBufferPointer) -> Bool {
        var index = before.count - 1
        while index >= 0 {
            let byte = before[index]
            if ValidatorSupport.isBlank(byte) || byte == 0x22 || byte == 0x27 || byte == 0x3C || byte == 0x28
                || byte == 0x5B || byte >= 0x80
            {
                return false
            }
            if byte == 0x2F {
                return index >= 2 && before[index - 1] == 0x2F && before[index - 2] == 0x3A
            }
            if byte == 0x3F || byte == 0x23 || byte == 0x3D || byte == 0x26 { return false }
            index -= 1
        }
        return false
    }

    /// Mail headers whose values are message identifiers (`<local@host>` made by a mail server),
    /// not mailboxes; and those whose values are mailboxes.
    static let identifierHeaders = ByteWordSet(words: ["message-id", "in-reply-to", "references", "content-id", "resent-message-id"])
    static let mailboxHeaders = ByteWordSet(words: ["from", "to", "cc", "bcc", "reply-to", "sender", "return-path", "delivered-to"])

    /// Whether the match is a message identifier rather than a mailbox (spec §7 counts
    /// mailboxes): after a `Message-ID:`, `In-Reply-To:`, `References:` or `Content-ID:` label
    /// (the nearest header label before it on its line: `… From: lee@hanmail.net` later on the
    /// same line is a mailbox), in a field of that name (`"messageId":"…"`), or — on a folded
    /// `References:` line, or one whose label is out of sight — a machine-made local part (12 or
    /// more characters, 6 or more digits: `CA5462DEC42DD2325567`, `0731296162062.c61fa4c6`) in
    /// angle brackets that open the line or follow `:` or another `>`, not a display name
    /// (`홍길동 <hong19900101@naver.com>`) or an address header (`To: <…>`).
    static func isMessageIdentifier(
        _ bytes: UnsafeRawBufferPointer, local: Range<Int>, end: Int, before: UnsafeRawBufferPointer,
        after: UnsafeRawBufferPointer, identifierField: Bool
    ) -> Bool {
        if identifierField { return true }
        let label = nearestHeaderLabel(before)
        if let label {
            let unprefixed = label.count > 2 && before[label.lowerBound] | 0x20 == UInt8(ascii: "x") && before[label.lowerBound + 1] == 0x2D
                ? (label.lowerBound + 2)..<label.upperBound : label
            if identifierHeaders.contains(before, unprefixed, lowercasingASCII: true) { return true }
        }
        // An iCalendar/vCard `UID:` property opening the line, the value right after its colon
        // (`UID:7kukuqrfedlm2f9t0vd3nrpdd4@google.com`): an event's or a contact's id, not a
        // mailbox (`uid: hong@naver.com`, a YAML key, stays one).
        let count = before.count
        if count >= 4, before[count - 4] == 0x55, before[count - 3] == 0x49, before[count - 2] == 0x44, before[count - 1] == 0x3A,
            count == 4 || before[count - 5] == 0x0A
        {
            return true
        }
        // After a `/` (a message's archive URL: `https://lore.kernel.org/r/20211011133704.1704369-1-brauner@kernel.org`)
        // or in angle brackets; the local part made by a machine.
        let inURL = before.last == 0x2F
        guard inURL || (before.last == 0x3C && (end == bytes.count ? after.first == 0x3E : bytes[end] == 0x3E)) else { return false }
        let digits = bytes[local].reduce(0) { $0 + (ValidatorSupport.isDigit($1) ? 1 : 0) }
        // A folded header line (`References:`, `In-Reply-To:` continued on an indented line) that
        // opens with the bracket: an identifier when its local part holds digits at all.
        if !inURL, before.count >= 2, before.dropLast().allSatisfy(ValidatorSupport.isBlank), digits >= 2, label == nil {
            return true
        }
        guard local.count >= 12, digits >= 6 else { return false }
        if inURL { return bytes[local].contains(where: { $0 == 0x2E || $0 == 0x2D }) }
        if let label, mailboxHeaders.contains(before, label, lowercasingASCII: true) { return false }
        var index = before.count - 2
        while index >= 0, ValidatorSupport.isBlank(before[index]) { index -= 1 }
        return index < 0 || before[index] == 0x3A || before[index] == 0x3E
    }

    /// Names of fields that hold message identifiers, lower case, letters only.
    static let identifierFields = ByteWordSet(words: [
        "messageid", "msgid", "inreplyto", "references", "contentid", "internetmessageid", "resentmessageid",
    ])

    /// Whether `name` (a JSON/logfmt key, CSV or database column) is one of ``identifierFields``
    /// once reduced to its letters in lower case (`messageId`, `message_id`, `Message-ID`, with an
    /// `X-` prefix too). Asked for every e-mail candidate: no allocation.
    static func isIdentifierField(_ name: UnsafeRawBufferPointer) -> Bool {
        guard name.count >= 5, name.count <= 40 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { letters in
            var count = 0
            for byte in name {
                let lower = byte | 0x20
                if lower >= 0x61 && lower <= 0x7A && byte >= 0x41 {
                    letters[count] = lower
                    count += 1
                }
            }
            // Every name ends in `id` but `references` and `inreplyto` (most fields, `email` among
            // them, stop here).
            guard count >= 5, (letters[count - 2] == UInt8(ascii: "i") && letters[count - 1] == UInt8(ascii: "d"))
                || (count == 10 && letters[0] == UInt8(ascii: "r")) || (count == 9 && letters[0] == UInt8(ascii: "i"))
            else { return false }
            let all = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(letters)[0..<count])
            if identifierFields.contains(all, 0..<count) { return true }
            return count > 1 && letters[0] == UInt8(ascii: "x") && identifierFields.contains(all, 1..<count)
        }
    }

    /// Where in `before` the nearest mail header label before the match is (`Message-ID: <…>` →
    /// `Message-ID`): a word of letters and `-` right before a `:`, at the start of `before` or
    /// after a blank, `>`, `,` or `;`.
    private static func nearestHeaderLabel(_ before: UnsafeRawBufferPointer) -> Range<Int>? {
        var colon = before.count - 1
        while colon > 0 {
            defer { colon -= 1 }
            guard before[colon] == 0x3A else { continue }
            var start = colon
            while start > 0, colon - start < 24 {
                let byte = before[start - 1]
                guard byte == 0x2D || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) else { break }
                start -= 1
            }
            guard start < colon, start == 0 || [0x20, 0x09, 0x3E, 0x2C, 0x3B].contains(before[start - 1]) else { continue }
            return start..<colon
        }
        return nil
    }

    /// Whether the match is the tail of a longer local part encoding another address — a VERP
    /// bounce (`bounce+hong=naver.com@em.shop.co.kr` matches from `naver.com@…`) or an SRS
    /// rewrite (`SRS0=HHH=TT=naver.com=hong@relay.kr`): a `=` right before it, in a word that holds a
    /// `+` or starts with `SRS0`/`SRS1`. A plain `key=value` (`email=hong@naver.com`) is not one.
    static func isEncodedBounceTail(_ before: UnsafeRawBufferPointer) -> Bool {
        guard before.last == 0x3D else { return false }
        var start = before.count - 1
        var plus = false
        while start > 0 {
            let byte = before[start - 1]
            // (`/` too: an SRS hash is Base64, `SRS0=aO/p=ON=bag.python.org=None@bounce2.pobox.com`)
            let isLocal = ValidatorSupport.isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x2B || byte == 0x3D || byte == 0x2F
            guard isLocal else { break }
            if byte == 0x2B { plus = true }
            start -= 1
        }
        // `<CAKx9q7Zr=abc@mail.gmail.com>`: a bracketed token with `=` in its local part is made
        // by a machine (a message identifier, VERP or SRS), not a mailbox.
        if plus || (start > 0 && before[start - 1] == 0x3C) { return true }
        guard before.count - start >= 5 else { return false }
        let head = before[start..<(start + 4)].map { $0 | 0x20 }
        return head == Array("srs0".utf8) || head == Array("srs1".utf8)
    }

    /// Whether a `*` follows the address on its line: stars before it are then Markdown emphasis
    /// (`*hong@naver.com*`), which this validator reports, rather than a mask (`*ong@naver.com`),
    /// which ``EmailMaskedValidator`` reports. Both ask this, so exactly one of them does.
    static func isEmphasisClosed(after: UnsafeRawBufferPointer) -> Bool { after.contains(0x2A) }

    public func assess(_ candidate: Candidate) -> Assessment? {
        let bytes = candidate.match
        // After a `*` (the pattern admits one or two opening a word), the address is emphasised
        // (`*hong@naver.com*`) only if a `*` closes it later on the line; otherwise the star
        // masks its first character (`*ong@naver.com`), and `email-masked` reports it.
        if candidate.before.last == 0x2A, !EmailValidator.isEmphasisClosed(after: candidate.after) { return nil }
        guard let parsed = EmailValidator.parse(bytes) else { return nil }
        let local = 0..<parsed.at
        let domain = (parsed.at + 1)..<parsed.end

        // Placeholders: example.com/net/org and their subdomains.
        for suffix in EmailValidator.placeholderDomains {
            if domain.count == suffix.count || (domain.count > suffix.count && bytes[domain.upperBound - suffix.count - 1] == 0x2E) {
                if domain.count >= suffix.count,
                    ValidatorSupport.equalsIgnoringASCIICase(bytes, (domain.upperBound - suffix.count)..<domain.upperBound, suffix)
                {
                    return nil
                }
            }
        }
        // Form hints: `example@domain.com`, `yourname@gmail.com`, `hong@yourcompany.com`.
        if EmailValidator.placeholderLocals.contains(bytes, local, lowercasingASCII: true)
            || EmailValidator.placeholderGenericDomains.contains(bytes, domain, lowercasingASCII: true)
        {
            return nil
        }
        // Retina assets (`icon@2x.png`) and numeric names with file-extension TLDs.
        let firstLabelEnd = bytes[domain].firstIndex(of: 0x2E) ?? domain.upperBound
        let first = EmailValidator.isNumericLabel(bytes, domain.lowerBound..<firstLabelEnd, allowX: true)
        if first.numeric && first.hasX { return nil }
        if first.numeric && parsed.labels == 2
            && EmailValidator.fileExtensionTLDs.contains(bytes, parsed.tld, lowercasingASCII: true)
        {
            return nil
        }
        // SSH algorithm and extension names (`hmac-sha2-256-etm@openssh.com`), not a person there.
        if EmailValidator.protocolDomains.contains(bytes, domain, lowercasingASCII: true), bytes[local].contains(0x2D) { return nil }
        // VCS remotes: `git@github.com:org/repo.git`.
        if EmailValidator.vcsUsers.contains(bytes, local, lowercasingASCII: true) { return nil }
        // A domain that is only a public suffix (`hong@co.kr`): no mail host there.
        if EmailValidator.isPublicSuffixOnly(bytes, domain: domain, labels: parsed.labels) { return nil }
        // Kerberos service principals (`hdfs/nn1.shop.co.kr@SHOP.CO.KR`): a host and its realm,
        // which is upper case by convention. A user principal (`kim@CORP.KR`) stays a person.
        if candidate.before.last == 0x2F, EmailValidator.hasNoLowercaseLetter(bytes, domain) { return nil }
        let after = candidate.after
        if parsed.end == bytes.count, after.count >= 2, after[0] == 0x3A, !ValidatorSupport.isBlank(after[1]) {
            return nil
        }
        if EmailValidator.isInsideURL(candidate.before) { return nil }
        if EmailValidator.isEncodedBounceTail(candidate.before)
            || EmailValidator.isMessageIdentifier(
                bytes, local: local, end: parsed.end, before: candidate.before, after: after,
                identifierField: candidate.withFieldName(EmailValidator.isIdentifierField))
        {
            return nil
        }

        var confidence = 0.85
        if EmailValidator.koreanConsumerDomains.contains(bytes, domain, lowercasingASCII: true) { confidence += 0.05 }
        if candidate.hasKeyword { confidence += 0.1 }
        if EmailValidator.isRoleAccount(bytes, local) || EmailValidator.isWorkloadIdentity(bytes, domain) {
            confidence = min(confidence, 0.3 + (candidate.hasKeyword ? 0.1 : 0))
        }
        if candidate.hasNegativeKeyword { confidence -= 0.4 }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(parsed.end)
        for index in 0..<parsed.end { canonical.append(ValidatorSupport.lowercased(bytes[index])) }
        return Assessment(
            verdict: .plausible, confidence: ValidatorSupport.score(confidence), category: .email,
            canonical: canonical, masked: EmailValidator.masked(bytes, keepFirst: bytes[0] < 0x80, at: parsed.at, end: parsed.end),
            trimEnd: bytes.count - parsed.end)
    }

    /// `h***@naver.com`: the first byte of the local part (when `keepFirst`), `***`, then the
    /// domain from the `@` at `at` up to `end`.
    static func masked(_ bytes: UnsafeRawBufferPointer, keepFirst: Bool, at: Int, end: Int) -> String {
        ValidatorSupport.string(capacity: 4 + end - at) { display in
            var written = 0
            if keepFirst {
                display[0] = bytes[0]
                written = 1
            }
            for _ in 0..<3 {
                display[written] = UInt8(ascii: "*")
                written += 1
            }
            for index in at..<end {
                display[written] = bytes[index]
                written += 1
            }
            return written
        }
    }
}
