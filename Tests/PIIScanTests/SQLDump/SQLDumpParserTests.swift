import Foundation
import PIIModel
import XCTest

@testable import PIIScan

/// The incremental dump parser: which value every byte lies in, across dialects and tricky quoting.
final class SQLDumpParserTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("fixtures/sql/dumps/\(name)"), encoding: .utf8)
    }

    /// Parses `text` byte by byte; the cell of every byte.
    private func cells(_ text: String, dialect: SQLDumpDialect) -> (cells: [DumpCell?], parser: SQLDumpParser) {
        let parser = SQLDumpParser(dialect: dialect)
        var cells: [DumpCell?] = []
        for byte in text.utf8 {
            parser.consume(byte)
            cells.append(parser.cell)
        }
        parser.finish()
        return (cells, parser)
    }

    /// Asserts that every byte of the `occurrence`-th `needle` lies in table.column, row.
    private func assertCell(
        _ parsed: [DumpCell?], _ text: String, _ needle: String, occurrence: Int = 1, _ table: String, _ column: String,
        _ row: Int64, file: StaticString = #filePath, line: UInt = #line
    ) {
        let bytes = Array(text.utf8)
        let pattern = Array(needle.utf8)
        var found = 0
        var start = -1
        for index in 0...(bytes.count - pattern.count) where Array(bytes[index..<(index + pattern.count)]) == pattern {
            found += 1
            if found == occurrence {
                start = index
                break
            }
        }
        guard start >= 0 else { return XCTFail("\(needle) #\(occurrence) not found", file: file, line: line) }
        for index in start..<(start + pattern.count) {
            guard let cell = parsed[index] else {
                return XCTFail("\(needle): byte \(index - start) is not in a value", file: file, line: line)
            }
            XCTAssertEqual([cell.table, cell.column, String(cell.row)], [table, column, String(row)], needle, file: file, line: line)
            if cell.table != table || cell.column != column || cell.row != row { return }
        }
    }

    private func assertNoCell(_ parsed: [DumpCell?], _ text: String, _ needle: String, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        let pattern = Array(needle.utf8)
        guard let start = (0...(bytes.count - pattern.count)).first(where: { Array(bytes[$0..<($0 + pattern.count)]) == pattern }) else {
            return XCTFail("\(needle) not found", file: file, line: line)
        }
        for index in start..<(start + pattern.count) {
            XCTAssertNil(parsed[index], "\(needle): byte \(index - start) attributed", file: file, line: line)
        }
    }

    func testSQLiteDump() throws {
        let text = try Self.fixture("sqlite-dump.sql")
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "900101-1234568", "customers", "jumin_no", 1)
        assertCell(parsed, text, "VIP; 연락 요망", "customers", "memo", 1)
        assertCell(parsed, text, "850315-2012341", "customers", "jumin_no", 2)
        // sqlite3 writes line breaks as replace('…\n…','\n',char(10)): one value.
        assertCell(parsed, text, "서울특별시 강남구 테헤란로 152 (역삼동)", "customers", "memo", 2)
        assertCell(parsed, text, "char(10)", "customers", "memo", 2)
        assertCell(parsed, text, "Brien", "customers", "name", 3)
        assertCell(parsed, text, "tel: 010-2345-6789", "customers", "phone", 3)
        assertCell(parsed, text, "s FRN 900101-5123467, 고객 요청", "customers", "memo", 3)
        // A value over three lines, with `--` and `;` inside.
        assertCell(parsed, text, "연락처 010-2345-6789", "customers", "memo", 4)
        assertCell(parsed, text, "-- not a comment; 셋째 줄", "customers", "memo", 4)
        assertCell(parsed, text, "hong.gildong@naver.com", occurrence: 2, "order items", "buyer email", 1)
        assertCell(parsed, text, "(a, b); -- not a comment", "order items", "note", 1)
        assertCell(parsed, text, "/* not a comment */ 주민번호 850315-2012341", "order items", "note", 2)
        assertNoCell(parsed, text, "010-0000-0000")  // a view's WHERE clause
        assertNoCell(parsed, text, "jumin_no TEXT")
        XCTAssertEqual(parser.rows, 6)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)=\($0.rows)" }, [
            "customers.id=4", "customers.name=4", "customers.jumin_no=4", "customers.phone=4", "customers.memo=4",
            "order items.id=2", "order items.buyer email=2", "order items.note=2",
        ])
    }

    /// SQLite accepts a single-quoted table name, and `.dump` writes such a table (FTS5 shadow
    /// tables among them) as `CREATE TABLE IF NOT EXISTS 'name'(…)`, its rows unquoted.
    func testSingleQuotedTableNameInCreateTable() {
        let text = """
            CREATE TABLE IF NOT EXISTS 'members'(id INTEGER PRIMARY KEY, hp INTEGER, memo TEXT);
            INSERT INTO members VALUES(1,1023456789,'연락처 010-2345-6789');
            CREATE TABLE 'fts_content'(id INTEGER PRIMARY KEY, c0, c1);
            INSERT INTO fts_content VALUES(1,'홍길동','hong@naver.com');

            """
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "1023456789", "members", "hp", 1)
        assertCell(parsed, text, "연락처 010-2345-6789", "members", "memo", 1)
        assertCell(parsed, text, "hong@naver.com", "fts_content", "c1", 1)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)" }, [
            "members.id", "members.hp", "members.memo", "fts_content.id", "fts_content.c0", "fts_content.c1",
        ])
    }

    /// SQLite keeps a table's `CREATE TABLE` text in `.dump`, brackets and all; SQL Server
    /// scripts bracket every name (`]]` is a literal `]`). In values a bracket is data.
    func testBracketQuotedIdentifiers() {
        let text = """
            CREATE TABLE [고객 목록]([hp no] text, [e mail] text, jumin text);
            INSERT INTO "고객 목록" VALUES('010-2345-6789','hong@naver.com','[900101-1234568]');
            CREATE TABLE "t2"([a]]b] text, "memo" text, tags text[]);
            INSERT INTO [dbo].[t2] ([a]]b], [memo], [tags]) VALUES('010-3456-7890', ARRAY['x,y'], 'z');

            """
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "010-2345-6789", "고객 목록", "hp no", 1)
        assertCell(parsed, text, "hong@naver.com", "고객 목록", "e mail", 1)
        assertCell(parsed, text, "[900101-1234568]", "고객 목록", "jumin", 1)
        assertCell(parsed, text, "010-3456-7890", "dbo.t2", "a]b", 1)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)" }, [
            "고객 목록.hp no", "고객 목록.e mail", "고객 목록.jumin", "dbo.t2.a]b", "dbo.t2.memo", "dbo.t2.tags",
        ])
        assertCell(parsed, text, "z", "dbo.t2", "tags", 1)
    }

    /// SSMS "Generate Scripts" output: `GO` batches, no `;`, `INSERT` without INTO, `N'…'`
    /// strings, `CREATE TABLE … ON [PRIMARY]` and `SET IDENTITY_INSERT` right before rows.
    func testSQLServerScriptWithoutSemicolons() {
        let text = """
            USE [shop]
            GO
            /****** Object:  Table [dbo].[Customers]    Script Date: 2026-11-30 ******/
            SET ANSI_NULLS ON
            GO
            CREATE TABLE [dbo].[Customers](
            \t[id] [int] IDENTITY(1,1) NOT NULL,
            \t[name] [nvarchar](50) NULL,
            \t[jumin] [nvarchar](14) NULL,
            \t[hp] [varchar](13) NULL,
             CONSTRAINT [PK_Customers] PRIMARY KEY CLUSTERED ([id] ASC) ON [PRIMARY]
            ) ON [PRIMARY]
            GO
            SET IDENTITY_INSERT [dbo].[Customers] ON
            INSERT [dbo].[Customers] ([id], [name], [jumin], [hp]) VALUES (1, N'홍길동', N'900101-1234568', N'010-2345-6789')
            INSERT [dbo].[Customers] ([id], [name], [jumin], [hp]) VALUES (2, N'김 ''철수''', N'850315-2012341', NULL)
            GO
            INSERT [dbo].[Customers] VALUES (3, N'이영희', N'991231-2345671', N'010-3456-7890')
            go 2
            INSERT INTO [dbo].[Orders] ([memo]) VALUES (N'GO
            INSERT [dbo].[Customers] VALUES (9, N''x'', N''800101-1234567'', NULL)')
            INSERT [dbo].[Customers] ([id], [jumin]) VALUES (4, N'800202-1234560') ON CONFLICT DO NOTHING
            SET IDENTITY_INSERT [dbo].[Customers] OFF
            UPDATE [dbo].[Customers] SET [jumin] = N'700101-1234567' WHERE [id] = 5
            INSERT [dbo].[Customers] ([id], [jumin]) VALUES (6, N'750505-1234567')

            """
        let (parsed, parser) = cells(text, dialect: .standard)
        // `USE [shop]` names the database of the tables that follow.
        assertCell(parsed, text, "900101-1234568", "shop.dbo.Customers", "jumin", 1)
        assertCell(parsed, text, "010-2345-6789", "shop.dbo.Customers", "hp", 1)
        assertCell(parsed, text, "850315-2012341", "shop.dbo.Customers", "jumin", 2)
        // Columns of the CREATE TABLE that a GO ended.
        assertCell(parsed, text, "991231-2345671", "shop.dbo.Customers", "jumin", 3)
        assertCell(parsed, text, "010-3456-7890", "shop.dbo.Customers", "hp", 3)
        // A GO or INSERT at a line start inside a string is data.
        assertCell(parsed, text, "800101-1234567", "shop.dbo.Orders", "memo", 1)
        assertCell(parsed, text, "800202-1234560", "shop.dbo.Customers", "jumin", 4)
        assertNoCell(parsed, text, "700101-1234567")
        assertCell(parsed, text, "750505-1234567", "shop.dbo.Customers", "jumin", 5)
        XCTAssertEqual(parser.rows, 6)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)=\($0.rows)" }, [
            "shop.dbo.Customers.id=5", "shop.dbo.Customers.name=3", "shop.dbo.Customers.jumin=5", "shop.dbo.Customers.hp=3", "shop.dbo.Orders.memo=1",
        ])
    }

    /// `mysqldump --all-databases` (`USE`) and `pg_dumpall` (`\connect`) hold tables of the same
    /// name in several databases: they stay apart as `db.table`.
    func testDatabasesOfOneDumpKeepTheirTables() {
        let text = """
            USE `crm`;
            INSERT INTO `customers` VALUES (1,'010-2345-6789');
            USE `shop`;
            INSERT INTO `customers` VALUES (1,'010-3456-7890');
            \\connect accounting
            SET statement_timeout = 0;
            COPY public.customers (id, hp) FROM stdin;
            1\t010-4567-8901
            \\.
            \\connect -reuse-previous=on "dbname='my db'"
            SET statement_timeout = 0;
            INSERT INTO public.customers VALUES (1, '010-5678-9012');

            """
        let (parsed, parser) = cells(text, dialect: .mysql)
        assertCell(parsed, text, "010-2345-6789", "crm.customers", "#2", 1)
        assertCell(parsed, text, "010-3456-7890", "shop.customers", "#2", 1)
        assertCell(parsed, text, "010-4567-8901", "accounting.public.customers", "hp", 1)
        assertCell(parsed, text, "010-5678-9012", "my db.public.customers", "#2", 1)
        XCTAssertEqual(parser.rows, 4)
    }

    /// `sqlite3 .dump` writes no value for a generated column: positions skip it.
    func testGeneratedColumnsTakeNoPosition() {
        let text = """
            CREATE TABLE u(id integer primary key, rrn_up text generated always as (upper(jumin)) virtual, jumin text,
              hp text, total int AS (id * 2) STORED, seq int GENERATED BY DEFAULT AS IDENTITY, memo text);
            INSERT INTO u VALUES(1,'900101-1234568','010-2345-6789',424242,'x');

            """
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "900101-1234568", "u", "jumin", 1)
        assertCell(parsed, text, "010-2345-6789", "u", "hp", 1)
        assertCell(parsed, text, "424242", "u", "seq", 1)
        assertCell(parsed, text, "'x'", "u", "memo", 1)
        XCTAssertEqual(parser.columns.map(\.column), ["id", "jumin", "hp", "seq", "memo"])
    }

    func testMySQLDump() throws {
        let text = try Self.fixture("mysqldump.sql")
        let (parsed, parser) = cells(text, dialect: .mysql)
        assertCell(parsed, text, "900101-1234568", "members", "rrn", 1)
        assertCell(parsed, text, "서울특별시 강남구 테헤란로 152 (역삼동)", "members", "address", 1)
        assertCell(parsed, text, "1000.50", "members", "balance", 1)
        assertCell(parsed, text, #"O\'Neil"#, "members", "name", 2)
        assertCell(parsed, text, #"it\'s hong.gildong@naver.com"#, "members", "email", 2)
        assertCell(parsed, text, "Kim ''Jr''", "members", "name", 3)
        assertCell(parsed, text, "900101-5123467", "members", "rrn", 3)
        assertCell(parsed, text, #"a\\"#, "members", "email", 3)  // an escaped backslash before the closing quote
        assertCell(parsed, text, #"escaped \'quote\' then 010-2345-6789"#, "members", "address", 3)
        assertCell(parsed, text, "서울특별시 강남구 테헤란로 152 (역삼동)", occurrence: 2, "members", "address", 4)
        assertCell(parsed, text, #"셋째 줄 \\ 주민번호 900101-1234568"#, "members", "address", 4)
        assertCell(parsed, text, "-1.50", "members", "balance", 4)
        assertCell(parsed, text, "010-2345-6789", occurrence: 4, "orders", "buyer_phone", 1)
        assertCell(parsed, text, #"(paren, comma), \'quote\'; semicolon"#, "orders", "note", 1)
        assertCell(parsed, text, "02-312-3456", "orders", "buyer_phone", 2)
        assertCell(parsed, text, "주민번호 850315-2012341", occurrence: 1, "orders", "note", 3)  // column list order
        assertCell(parsed, text, "A-3", "orders", "order_no", 3)
        assertNoCell(parsed, text, "주민번호 (암호화 예정)")  // a column comment in CREATE TABLE
        assertNoCell(parsed, text, "SET TIME_ZONE='+00:00'")
        XCTAssertEqual(parser.rows, 7)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)=\($0.rows)" }, [
            "members.id=4", "members.name=4", "members.rrn=4", "members.hp=4", "members.email=4", "members.address=4",
            "members.balance=4", "orders.order_no=3", "orders.buyer_phone=2", "orders.note=3",
        ])
    }

    func testPostgreSQLDump() throws {
        let text = try Self.fixture("pg_dump.sql")
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "900101-1234568", "public.customers", "jumin_no", 1)
        assertCell(parsed, text, "010-2345-6789", "public.customers", "phone", 1)
        assertCell(parsed, text, "850315-2012341", "public.customers", "jumin_no", 2)
        assertCell(parsed, text, #"주소:\n서울특별시 강남구 테헤란로 152 (역삼동)\t메일 hong.gildong@naver.com"#, "public.customers", "memo", 2)
        assertCell(parsed, text, #"Back\\slash"#, "public.customers", "name", 3)
        assertCell(parsed, text, "FRN 900101-5123467", "public.customers", "memo", 3)
        assertCell(parsed, text, #"\.not the end 010-2345-6789"#, "public.customers", "memo", 4)
        // Standard strings: the backslash before the closing quote is a character.
        assertCell(parsed, text, #"C:\path\"#, "public.staff", "note", 1)
        assertCell(parsed, text, #"it\'s 010-2345-6789"#, "public.staff", "note", 2)  // E'…' has escapes
        assertCell(parsed, text, "hong.gildong@naver.com", occurrence: 3, "public.staff", "email", 3)
        assertNoCell(parsed, text, "it's a comment; with a quote")  // inside a dollar-quoted body
        assertNoCell(parsed, text, "'****'")
        XCTAssertEqual(parser.rows, 7)
        XCTAssertEqual(parser.columns.map { "\($0.table).\($0.column)=\($0.rows)" }, [
            "public.customers.id=4", "public.customers.name=4", "public.customers.jumin_no=4", "public.customers.phone=4",
            "public.customers.memo=4", "public.staff.id=3", "public.staff.email=3", "public.staff.note=3",
        ])
    }

    func testInsertWithoutSchemaNamesColumnsByPosition() {
        let text = "INSERT INTO t VALUES (1, 'a'), (2, 'b', 'extra');\nINSERT INTO t VALUES (3, 'c');\n"
        let (parsed, parser) = cells(text, dialect: .standard)
        assertCell(parsed, text, "'a'", "t", "#2", 1)
        assertCell(parsed, text, "'extra'", "t", "#3", 2)
        assertCell(parsed, text, "'c'", "t", "#2", 3)
        XCTAssertEqual(parser.columns.map { "\($0.column)=\($0.rows)" }, ["#1=3", "#2=3", "#3=1"])
    }

    func testValueStartIsTheFirstByteOfTheValue() {
        let text = "INSERT INTO t VALUES (1, 'a,b', x'00'),(22,'');\nCOPY u (p, q) FROM stdin;\nab\tcd\n\\.\n"
        let parser = SQLDumpParser(dialect: .standard)
        var starts: [String] = []
        var lastStart: Int64 = -1
        for byte in text.utf8 {
            parser.consume(byte)
            if parser.cell != nil && parser.valueStart != lastStart {
                lastStart = parser.valueStart
                let head = String(decoding: Array(text.utf8.dropFirst(Int(lastStart)).prefix(4)), as: UTF8.self)
                starts.append(head.replacingOccurrences(of: "\n", with: "|"))
            }
        }
        // Each value from its first byte (a leading blank included); COPY fields from the tab.
        XCTAssertEqual(starts, ["1, '", " 'a,", " x'0", "22,'", "'');", "ab\tc", "\tcd|"])
    }

    func testStatementsThatAreNotRows() {
        let text = """
            INSERT INTO t DEFAULT VALUES;
            INSERT INTO t SELECT '900101-1234568';
            INSERT INTO t (a) VALUES ('x') ON DUPLICATE KEY UPDATE a = 'y';
            UPDATE t SET a = 'z';
            INSERT INTO t (a) VALUES ('w');

            """
        let (parsed, parser) = cells(text, dialect: .mysql)
        assertNoCell(parsed, text, "900101-1234568")
        assertCell(parsed, text, "'x'", "t", "a", 1)
        assertNoCell(parsed, text, "'y'")
        assertNoCell(parsed, text, "'z'")
        assertCell(parsed, text, "'w'", "t", "a", 2)
        XCTAssertEqual(parser.rows, 2)
    }

    func testRowCutOffByTheEndStillCounts() {
        let (_, parser) = cells("INSERT INTO t (a, b) VALUES ('x', 'unterminated", dialect: .mysql)
        XCTAssertEqual(parser.columns.map { "\($0.column)=\($0.rows)" }, ["a=1", "b=1"])
    }

    func testSniffer() throws {
        func dialect(_ text: String) -> SQLDumpDialect? {
            Array(text.utf8).withUnsafeBytes { SQLDumpSniffer.dialect(of: $0) }
        }
        XCTAssertEqual(dialect(try Self.fixture("mysqldump.sql")), .mysql)
        XCTAssertEqual(dialect(try Self.fixture("pg_dump.sql")), .standard)
        XCTAssertEqual(dialect(try Self.fixture("sqlite-dump.sql")), .standard)
        XCTAssertEqual(dialect("CREATE TABLE `t` (a int);\nINSERT INTO `t` VALUES (1);\n"), .mysql)
        XCTAssertEqual(dialect("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n"), .standard)
        XCTAssertNil(dialect("2026-11-29 LOG: statement: INSERT INTO t VALUES (1)\n2026-11-29 LOG: INSERT INTO t VALUES (2)\n"))
        XCTAssertNil(dialect("INSERT INTO t VALUES (1);\nsome other text\n"))
        XCTAssertNil(dialect("주민번호 900101-1234568\n"))
        // Keywords in any case, a byte-order mark, blank lines, CRLF, COPY … FROM stdin.
        XCTAssertEqual(dialect("\u{FEFF}\n\ninsert into t values (1);\r\n\nInsert Into t values (2);\r\n"), .standard)
        XCTAssertEqual(dialect("create table t (a text);\ncopy public.t (a) from stdin;\nx\n\\.\n"), .standard)
        XCTAssertNil(dialect("create table t (a text);\ncopy public.t (a) to stdout;\n"), "COPY without FROM stdin")
        // A data-only dump: its COPY lines alone; its header comment joined on one line.
        XCTAssertEqual(dialect("SET client_encoding = 'UTF8';\nCOPY public.t (a, b) FROM stdin;\n1\tx\n\\.\n"), .standard)
        XCTAssertEqual(dialect("-- -- PostgreSQL database dump --\nSET client_encoding = 'UTF8';\n"), .standard)
        XCTAssertEqual(dialect("pragma foreign_keys=off;\nbegin transaction;\n"), .standard, "sqlite3 .dump head")
        XCTAssertNil(dialect("x\npragma foreign_keys=off;\nbegin transaction;\n"), "the PRAGMA must be the first line")
        XCTAssertEqual(dialect("-- mariadb dump 10.19\n"), .mysql)
        XCTAssertEqual(dialect("-- MySQL dump\n-- PostgreSQL database dump\n"), .standard, "PostgreSQL wins")
        XCTAssertEqual(dialect("/*!40101 SET NAMES utf8 */;\nINSERT INTO t VALUES (1);\nREPLACE INTO t VALUES (2);\n"), .mysql)
        XCTAssertNil(dialect("INSERT INTO"), "a keyword cut short is not a statement")
        XCTAssertEqual(dialect("/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `t` (\n  `a` int\n);\n"), .mysql, "headless mysqldump")
        XCTAssertNil(dialect("CREATE TABLE t (a int);\n"), "a plain schema")
        XCTAssertEqual(
            dialect("SET ANSI_NULLS ON\nGO\nINSERT [dbo].[t] ([a]) VALUES (N'x')\nINSERT [dbo].[t] ([a]) VALUES (N'y')\nGO\n"),
            .standard, "SQL Server script")
        XCTAssertNil(dialect(""))
        // A seed script whose one INSERT's rows fill the head, a line each (Flyway's
        // `V7__seed_dev_members.sql`); one row under one INSERT is not enough.
        let seed = "-- DEV ONLY seed data\nINSERT INTO member (member_no, name, rrn) VALUES\n"
        XCTAssertEqual(dialect(seed + "  ('M1', '송성민', '520119-1541913'),\n  ('M2', '정도현', '670414-2313658');\n"), .standard)
        XCTAssertNil(dialect(seed + "  ('M1', '송성민', '520119-1541913');\n"))
        XCTAssertNil(dialect("(1) 첫째\n(2) 둘째\n(3) 셋째\n"), "numbered lines without an INSERT")
    }
}
