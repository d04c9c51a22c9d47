import HubKit
import Testing
@testable import HubServer

@Suite("TOML parser")
struct TOMLParserTests {
    /// Parses `text`, records an issue unless it throws a `TOMLError`, and returns that error.
    private func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLError? {
        #expect(throws: TOMLError.self, sourceLocation: sourceLocation) { try TOMLParser.parse(text) }
    }

    // MARK: Values

    @Test func emptyAndCommentOnlyDocuments_areEmptyTables() throws {
        #expect(try TOMLParser.parse("").isEmpty)
        #expect(try TOMLParser.parse("# only a comment\n\n   # another one\t\n").isEmpty)
        #expect(try TOMLParser.parse("\n\r\n\t \n").isEmpty)
    }

    @Test func basicStrings_decodeEveryEscape() throws {
        let table = try TOMLParser.parse(#"s = "q \" bs \\ n \n t \t r \r b \b f \f é \u00E9 \U0001F600 城市""#)
        #expect(table["s"] == .string("q \" bs \\ n \n t \t r \r b \u{8} f \u{C} é é 😀 城市"))
        #expect(try TOMLParser.parse(#"empty = """#)["empty"] == .string(""))
    }

    @Test func literalStrings_keepBackslashesAsWritten() throws {
        let table = try TOMLParser.parse(#"""
            path = 'C:\Users\hub\n'
            quoted = 'Tom "Dubs" Preston-Werner'
            """#)
        #expect(table["path"] == .string(#"C:\Users\hub\n"#))
        #expect(table["quoted"] == .string(#"Tom "Dubs" Preston-Werner"#))
    }

    @Test func multilineBasicStrings_trimTheFirstNewlineAndJoinBackslashedLines() throws {
        let table = try TOMLParser.parse(#"""
            poem = """
            Roses are red
            Violets\tare blue"""
            joined = """\
                The quick \
                  brown \

                fox."""
            """#)
        #expect(table["poem"] == .string("Roses are red\nViolets\tare blue"))
        #expect(table["joined"] == .string("The quick brown fox."))
    }

    @Test func multilineLiteralStrings_keepTextVerbatim() throws {
        let table = try TOMLParser.parse(#"""
            regex = '''I [dw]on't need \d{2} apples'''
            lines = '''
            The first newline is
               trimmed in raw strings.
            '''
            """#)
        #expect(table["regex"] == .string(#"I [dw]on't need \d{2} apples"#))
        #expect(table["lines"] == .string("The first newline is\n   trimmed in raw strings.\n"))
    }

    @Test func multilineStrings_allowQuotesBeforeTheClosingDelimiter() throws {
        let table = try TOMLParser.parse(#"""
            two = """Here are two quotation marks: "". Simple enough."""
            three = """Here are three quotation marks: ""\"."""
            ends = """"This," she said, "is just a pointless statement.""""
            literal = ''''That,' she said, 'is still pointless.''''
            """#)
        #expect(table["two"] == .string(#"Here are two quotation marks: "". Simple enough."#))
        #expect(table["three"] == .string(#"Here are three quotation marks: """."#))
        #expect(table["ends"] == .string(#""This," she said, "is just a pointless statement.""#))
        #expect(table["literal"] == .string("'That,' she said, 'is still pointless.'"))
    }

    @Test func integers_acceptSignsUnderscoresAndPrefixes() throws {
        let table = try TOMLParser.parse("""
            a = +99
            b = 42
            c = 0
            d = -17
            e = 5_349_221
            f = 0xDEADBEEF
            g = 0xdead_beef
            h = 0o755
            i = 0b1101_0110
            j = -0
            """)
        let expected: [String: Int64] = ["a": 99, "b": 42, "c": 0, "d": -17, "e": 5_349_221, "f": 0xDEADBEEF,
                                         "g": 0xDEADBEEF, "h": 0o755, "i": 0b1101_0110, "j": 0]
        #expect(table == expected.mapValues { .integer($0) })
    }

    @Test func integers_spanTheFull64BitRange() throws {
        let table = try TOMLParser.parse("max = 9223372036854775807\nmin = -9223372036854775808\nhex = 0x7FFFFFFFFFFFFFFF\n")
        #expect(table["max"] == .integer(.max))
        #expect(table["min"] == .integer(.min))
        #expect(table["hex"] == .integer(.max))
    }

    @Test func floats_acceptFractionsExponentsInfAndNan() throws {
        let table = try TOMLParser.parse("""
            a = +1.0
            b = 3.1415
            c = -0.01
            d = 5e+22
            e = 1e06
            f = -2E-2
            g = 6.626e-34
            h = 224_617.445_991_228
            i = 0e0
            j = inf
            k = +inf
            l = -inf
            """)
        let expected: [String: Double] = ["a": 1.0, "b": 3.1415, "c": -0.01, "d": 5e22, "e": 1e6, "f": -0.02,
                                          "g": 6.626e-34, "h": 224_617.445_991_228, "i": 0, "j": .infinity,
                                          "k": .infinity, "l": -.infinity]
        #expect(table == expected.mapValues { .float($0) })

        let nans = try TOMLParser.parse("a = nan\nb = +nan\nc = -nan\n")
        for key in ["a", "b", "c"] {
            guard case .float(let value) = nans[key] else {
                Issue.record("\(key) is not a float")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test func booleans_areTrueAndFalse() throws {
        let table = try TOMLParser.parse("yes = true\nno = false # comment\n")
        #expect(table == ["yes": .bool(true), "no": .bool(false)])
    }

    @Test func dateTimes_keepTheirTextInEveryForm() throws {
        let forms = ["1979-05-27T07:32:00Z", "1979-05-27T00:32:00-07:00", "1979-05-27T00:32:00.999999+05:30",
                     "1979-05-27 07:32:00Z", "1979-05-27t07:32:00z", "1979-05-27T07:32:00", "1979-05-27",
                     "2024-02-29", "07:32:00", "00:32:00.999999"]
        for form in forms {
            #expect(try TOMLParser.parse("when = \(form) # note") == ["when": .datetime(form)], "\(form)")
        }
        let inArray = try TOMLParser.parse("days = [1979-05-27, 1979-05-27 07:32:00]")
        #expect(inArray["days"] == .array([.datetime("1979-05-27"), .datetime("1979-05-27 07:32:00")]))
    }

    // MARK: Arrays and inline tables

    @Test func arrays_spanLinesAllowTrailingCommasAndMixTypes() throws {
        let table = try TOMLParser.parse("""
            ports = [ 8080, 8081, ]
            mixed = [ "a", 1, 2.5, true, 1979-05-27, { x = 1 } ]
            lines = [
              "one",   # the first
              # a comment line
              'two',
            ]
            empty = [ ]
            """)
        #expect(table["ports"] == .array([.integer(8080), .integer(8081)]))
        #expect(table["mixed"] == .array([.string("a"), .integer(1), .float(2.5), .bool(true),
                                          .datetime("1979-05-27"), .table(["x": .integer(1)])]))
        #expect(table["lines"] == .array([.string("one"), .string("two")]))
        #expect(table["empty"] == .array([]))
    }

    @Test func nestedArrays_keepTheirShape() throws {
        let table = try TOMLParser.parse(#"nested = [ [ 1, 2 ], ["a", 'b'], [[]] ]"#)
        #expect(table["nested"] == .array([.array([.integer(1), .integer(2)]), .array([.string("a"), .string("b")]),
                                           .array([.array([])])]))
    }

    @Test func inlineTables_becomeTables() throws {
        let table = try TOMLParser.parse("""
            point = { x = 1, y = -2 }
            animal = { type.name = "pug", type.size = "small" }
            empty = {}
            deep = { a = { b = [1,
              2] } }
            """)
        #expect(table["point"] == .table(["x": .integer(1), "y": .integer(-2)]))
        #expect(table["animal"] == .table(["type": .table(["name": .string("pug"), "size": .string("small")])]))
        #expect(table["empty"] == .table([:]))
        #expect(table["deep"] == .table(["a": .table(["b": .array([.integer(1), .integer(2)])])]))
    }

    // MARK: Keys and tables

    @Test func keys_mayBeBareQuotedOrDotted() throws {
        let table = try TOMLParser.parse(#"""
            bare_key = 1
            bare-key = 2
            1234 = 3
            "127.0.0.1" = "quoted"
            "ʎǝʞ" = "unicode"
            'key2' = 4
            "" = "empty"
            site."google.com" = true
            a . b . c = 5
            3.14159 = "pi"
            """#)
        #expect(table["bare_key"] == .integer(1))
        #expect(table["bare-key"] == .integer(2))
        #expect(table["1234"] == .integer(3))
        #expect(table["127.0.0.1"] == .string("quoted"))
        #expect(table["ʎǝʞ"] == .string("unicode"))
        #expect(table["key2"] == .integer(4))
        #expect(table[""] == .string("empty"))
        #expect(table["site"] == .table(["google.com": .bool(true)]))
        #expect(table["a"] == .table(["b": .table(["c": .integer(5)])]))
        #expect(table["3"] == .table(["14159": .string("pi")]))
    }

    @Test func dottedKeysAndTables_flattenToTheSamePaths() throws {
        let dotted = TOMLParser.flatten(try TOMLParser.parse("http.port = 8080\nhttp.host = \"0.0.0.0\"\n"))
        let headed = TOMLParser.flatten(try TOMLParser.parse("[http]\nport = 8080\nhost = \"0.0.0.0\"\n"))
        #expect(dotted == ["http.port": .integer(8080), "http.host": .string("0.0.0.0")])
        #expect(dotted == headed)
    }

    @Test func flatten_keepsArraysWholeAndDropsEmptyTables() throws {
        let table = try TOMLParser.parse("""
            ports = [1, 2]
            [empty]
            [[site]]
            name = "a"
            [deep.er]
            leaf = { x = 1 }
            """)
        #expect(TOMLParser.flatten(table) == [
            "ports": .array([.integer(1), .integer(2)]),
            "site": .array([.table(["name": .string("a")])]),
            "deep.er.leaf.x": .integer(1),
        ])
    }

    @Test func tableHeaders_nestAndMayDefineParentsLater() throws {
        let table = try TOMLParser.parse(#"""
            [x.y.z.w]
            a = 1
            [x] # defining a super-table afterwards is fine
            b = 2
            [ dog . "tater.man" ]
            type.name = "pug"
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            """#)
        #expect(TOMLParser.flatten(table) == [
            "x.y.z.w.a": .integer(1),
            "x.b": .integer(2),
            "dog.tater.man.type.name": .string("pug"),
            "fruit.apple.color": .string("red"),
            "fruit.apple.texture.smooth": .bool(true),
        ])
    }

    @Test func arraysOfTables_collectOneTablePerHeader() throws {
        let table = try TOMLParser.parse("""
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # an empty table in the array

            [[products]]
            name = "Nail"

            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"
            """)
        #expect(table["products"] == .array([
            .table(["name": .string("Hammer"), "sku": .integer(738_594_937)]),
            .table([:]),
            .table(["name": .string("Nail")]),
        ]))
        #expect(table["fruits"] == .array([
            .table([
                "name": .string("apple"),
                "physical": .table(["color": .string("red")]),
                "varieties": .array([.table(["name": .string("red delicious")]), .table(["name": .string("granny smith")])]),
            ]),
            .table(["name": .string("banana")]),
        ]))
    }

    @Test func cityhubConfiguration_readsEveryKnownKey() throws {
        let text = """
            # CityHub — production settings
            data.dir = "/var/lib/cityhub"

            [database]
            url = "postgres://hub:s%40cret@db.local:5432/city?sslmode=require"  # secret

            [http]
            host = "0.0.0.0"
            port = 8080

            [auth]
            session_hours = 12
            bcrypt_cost = 12

            [leaflet]
            path = '/usr/share/javascript/leaflet'

            [chart]
            path = '/usr/share/javascript/chart.js'

            [log]
            level = "notice"

            [ledger]
            origin = "yuzhong.example/ledger"
            witness_name = "yuzhong.example/witness"

            [telemetry]
            raw_retention_days = 30

            [cap]
            sender = "warnings@yuzhong.example"
            sender_name = "渝中区突发事件预警信息发布中心"
            sender_name_en = "Yuzhong District Emergency Warning Centre"
            area_code = "500103"
            unit_code = "00000000"

            [duty]
            handover = "08:30"
            renotify_minutes = 5
            leader_minutes = 10
            next_level_minutes = 5
            report_every_level = false
            district_department = "command-centre"
            city_unit = "city"
            tick_seconds = 10

            [webhooks]
            max_attempts = 12
            max_age_hours = 24
            timeout_seconds = 10
            """
        let flat = TOMLParser.flatten(try TOMLParser.parse(text))
        #expect(Set(flat.keys) == Set(HubConfiguration.keys).subtracting(["dashboard.assets_path", "http.public_url",
                                                                           "map.tile_url", "map.tile_attribution", "map.tile_max_zoom"]))
        #expect(flat == [
            "data.dir": .string("/var/lib/cityhub"),
            "database.url": .string("postgres://hub:s%40cret@db.local:5432/city?sslmode=require"),
            "http.host": .string("0.0.0.0"),
            "http.port": .integer(8080),
            "auth.session_hours": .integer(12),
            "auth.bcrypt_cost": .integer(12),
            "leaflet.path": .string("/usr/share/javascript/leaflet"),
            "chart.path": .string("/usr/share/javascript/chart.js"),
            "log.level": .string("notice"),
            "ledger.origin": .string("yuzhong.example/ledger"),
            "ledger.witness_name": .string("yuzhong.example/witness"),
            "telemetry.raw_retention_days": .integer(30),
            "cap.sender": .string("warnings@yuzhong.example"),
            "cap.sender_name": .string("渝中区突发事件预警信息发布中心"),
            "cap.sender_name_en": .string("Yuzhong District Emergency Warning Centre"),
            "cap.area_code": .string("500103"),
            "cap.unit_code": .string("00000000"),
            "duty.handover": .string("08:30"),
            "duty.renotify_minutes": .integer(5),
            "duty.leader_minutes": .integer(10),
            "duty.next_level_minutes": .integer(5),
            "duty.report_every_level": .bool(false),
            "duty.district_department": .string("command-centre"),
            "duty.city_unit": .string("city"),
            "duty.tick_seconds": .integer(10),
            "webhooks.max_attempts": .integer(12),
            "webhooks.max_age_hours": .integer(24),
            "webhooks.timeout_seconds": .integer(10),
        ])
    }

    @Test func windowsLineEndingsAndByteOrderMark_areAccepted() throws {
        let table = try TOMLParser.parse("\u{FEFF}[http]\r\nport = 80\r\n# note\r\ntext = \"\"\"\r\na\r\nb\"\"\"\r\n")
        #expect(table == ["http": .table(["port": .integer(80), "text": .string("a\nb")])])
    }

    // MARK: Broken input

    @Test("broken input names the line and what was expected", arguments: [
        ("[http]\nport = 8080\nhost \"x\"\n", 3, TOMLError.Reason.expectedEquals),
        ("a = 1\n\nb\n", 3, .expectedEquals),
        ("a = \n", 1, .expectedValue),
        ("a = @", 1, .expectedValue),
        ("= 1", 1, .expectedKey),
        ("[", 1, .expectedKey),
        ("a = 1\n[", 2, .expectedKey),
        ("[http\nport = 1\n", 1, .expectedHeaderEnd("]")),
        ("[[products]\n", 1, .expectedHeaderEnd("]]")),
        ("a = 1\nb = \"unterminated\nc = 2\n", 2, .unclosedString),
        ("a = 'unterminated", 1, .unclosedString),
        ("a = 1\nb = \"\"\"never closed\nstill open\n", 2, .unclosedString),
        ("a = '''never closed\n", 1, .unclosedString),
        ("ports = [\n  8080,\n  8081\n", 1, .unclosedArray),
        ("a = [[1, 2]", 1, .unclosedArray),
        ("ports = [8080 8081]\n", 1, .expectedArraySeparator),
        ("ports = [8080\nhost = 1\n", 2, .expectedArraySeparator),
        ("a = [1,,2]", 1, .expectedValue),
        ("p = { x = 1", 1, .unclosedInlineTable),
        ("p = { x = 1\n}", 1, .expectedInlineTableSeparator),
        ("p = { x = 1, }", 1, .expectedKey),
        ("a = \"bad \\q escape\"\n", 1, .invalidEscape("\\q")),
        ("\na = \"\\u12\"\n", 2, .invalidEscape("\\u12")),
        ("a = \"\\uD800\"\n", 1, .invalidEscape("\\uD800")),
        ("a = \"\\U00110000\"\n", 1, .invalidEscape("\\U00110000")),
        ("a = \"\\é\"", 1, .invalidEscape("\\é")),
        ("\n\nbig = 9223372036854775808\n", 3, .integerOverflow("9223372036854775808")),
        ("small = -9223372036854775809", 1, .integerOverflow("-9223372036854775809")),
        ("hex = 0x8000000000000000", 1, .integerOverflow("0x8000000000000000")),
        ("n = 012\n", 1, .leadingZero("012")),
        ("n = -00.5\n", 1, .leadingZero("-00.5")),
        ("n = 1__000", 1, .invalidNumber("1__000")),
        ("n = 1_", 1, .invalidNumber("1_")),
        ("n = +0x10", 1, .invalidNumber("+0x10")),
        ("n = 0b102", 1, .invalidNumber("0b102")),
        ("f = 1.", 1, .invalidNumber("1.")),
        ("f = 1e", 1, .invalidNumber("1e")),
        ("f = .5", 1, .invalidValue(".5")),
        ("n = _1", 1, .invalidValue("_1")),
        ("a = tru\n", 1, .invalidValue("tru")),
        ("a = TRUE", 1, .invalidValue("TRUE")),
        ("a = 1 2\n", 1, .expectedEndOfLine),
        ("a = \"x\" trailing\n", 1, .expectedEndOfLine),
        ("[a] b = 1", 1, .expectedEndOfLine),
        ("d = 1979-13-01", 1, .invalidDateTime("1979-13-01")),
        ("d = 2023-02-29", 1, .invalidDateTime("2023-02-29")),
        ("t = 24:00:00", 1, .invalidDateTime("24:00:00")),
        ("t = 07:32", 1, .invalidDateTime("07:32")),
        ("d = 1979-05-27T07:32:00+7:00", 1, .invalidDateTime("1979-05-27T07:32:00+7:00")),
        ("a = \"bell \u{07}\"", 1, .controlCharacter(0x07)),
        ("ok = 1\n# comment \u{01}\n", 2, .controlCharacter(0x01)),
        ("a = 1\rb = 2", 1, .controlCharacter(0x0D)),
    ])
    func brokenInput_namesTheLineAndTheReason(text: String, line: Int, reason: TOMLError.Reason) {
        let error = failure(text)
        #expect(error?.line == line)
        #expect(error?.reason == reason)
    }

    @Test("keys and tables cannot be defined twice or extended through a value", arguments: [
        ("name = \"a\"\nname = \"b\"\n", 2, TOMLError.Reason.duplicateKey("name")),
        ("\"a\" = 1\na = 2\n", 2, .duplicateKey("a")),
        ("a.b = 1\na = 2\n", 2, .duplicateKey("a")),
        ("p = { a = 1, a = 2 }", 1, .duplicateKey("a")),
        ("[http]\nport = 1\n\n[http]\n", 4, .tableRedefined("http")),
        ("[fruit]\napple.color = \"red\"\n[fruit.apple]\n", 3, .tableRedefined("fruit.apple")),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4, .tableRedefined("b.c")),
        ("[[a.b]]\n[a]\nb.y = 2\n", 3, .tableRedefined("b")),
        ("[[t]]\n[t]\n", 2, .tableRedefined("t")),
        ("a = 1\na.b = 2\n", 2, .notATable("a")),
        ("a = 1\n[a.b]\n", 2, .notATable("a")),
        ("point = { x = 1 }\n[point]\n", 2, .notATable("point")),
        ("point = { x = 1 }\npoint.y = 2\n", 2, .notATable("point")),
        ("list = [{ x = 1 }]\n[list.more]\n", 2, .notATable("list")),
        ("ports = [1]\n[[ports]]\n", 2, .notAnArrayOfTables("ports")),
        ("[t]\n[[t]]\n", 2, .notAnArrayOfTables("t")),
    ])
    func redefinitions_areRefused(text: String, line: Int, reason: TOMLError.Reason) {
        let error = failure(text)
        #expect(error?.line == line)
        #expect(error?.reason == reason)
    }

    @Test func errors_areInvalidTOMLProblemsInChineseAndEnglish() {
        let error = failure("[http]\nport = 8080\nhost \"x\"\n")
        #expect(error?.code == "INVALID_TOML")
        #expect(error?.status == 400)
        #expect(error?.message == LocalizedText(zh: "第 3 行第 6 列：缺少等号", en: "line 3, column 6: expected '=' after the key"))
        #expect(error?.extensions == ["line": .int(3), "column": .int(6)])
    }

    @Test func errorColumns_countCharactersNotBytes() {
        let error = failure(#""名字" = 1 2"#)
        #expect(error?.line == 1)
        #expect(error?.column == 10)
    }

    @Test func deepNesting_isRefusedWithoutCrashing() {
        let arrays = failure("a = " + String(repeating: "[", count: 100_000))
        #expect(arrays?.reason == .tooDeep(TOMLParser.nestingLimit))
        let tables = failure("a = " + String(repeating: "{ b = ", count: 100_000))
        #expect(tables?.reason == .tooDeep(TOMLParser.nestingLimit))
        let header = failure("[" + Array(repeating: "k", count: 10_000).joined(separator: ".") + "]")
        #expect(header?.reason == .tooDeep(TOMLParser.nestingLimit))
    }

    @Test func everyPrefixOfADocument_parsesOrFailsWithALine() throws {
        let text = #"""
            # comment
            title = "TOML \u00E9 \"x\""
            [owner]
            dob = 1979-05-27T07:32:00-08:00
            hosts = [ "alpha", 'omega', [1, 2.5e3], { x = 0x1F } ]
            poem = """
            a \
              b"""
            [[products]]
            name = '''raw'''
            """#
        let scalars = Array(text.unicodeScalars)
        for length in 0...scalars.count {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<length])
            do {
                _ = try TOMLParser.parse(prefix)
            } catch {
                #expect((1...11).contains(error.line), "\(error.line) for prefix of \(length)")
            }
        }
    }
}
