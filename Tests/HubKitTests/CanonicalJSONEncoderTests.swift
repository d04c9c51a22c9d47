import Foundation
@testable import HubKit
import Testing

/// `CanonicalJSON` (our writer) against Foundation's JSONEncoder with the same options: every case must give the same bytes, or both
/// must throw.
@Suite("Fast canonical JSON encoder")
struct CanonicalJSONEncoderTests {
    // MARK: Comparing

    static func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Result { try FoundationReference.encode(value) }
        let actual = Result { try CanonicalJSON.encode(value) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(let actual)):
            #expect(Self.describe(actual) == Self.describe(expected), sourceLocation: sourceLocation)
        case (.success(let expected), .failure(let error)):
            Issue.record("Foundation gave \(expected), the fast encoder threw \(error)", sourceLocation: sourceLocation)
        case (.failure(let error), .success(let actual)):
            Issue.record("Foundation threw \(error), the fast encoder gave \(actual)", sourceLocation: sourceLocation)
        }
    }

    /// An encoding error's kind and coding path, which both encoders should agree on.
    static func describe(_ error: any Error) -> String {
        guard case EncodingError.invalidValue(_, let context) = error else { return "other: \(error)" }
        return "invalidValue at \(context.codingPath.map(\.stringValue))"
    }

    struct Key: CodingKey, Hashable {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Members written one by one, in this order, repeats included.
    struct Members: Encodable {
        var pairs: [(String, Int)]
        init(_ pairs: [(String, Int)]) { self.pairs = pairs }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in pairs { try container.encode(value, forKey: Key(name)) }
        }
    }

    @Test("the rules, spelled out")
    func pinnedRules() throws {
        #expect(try CanonicalJSON.encode(["a10": 1, "a2": 2, "B": 3, "a": 4, "é": 5, "ab": 6, "a1": 7])
                == #"{"B":3,"a":4,"a1":7,"a10":1,"a2":2,"ab":6,"é":5}"#)
        #expect(try CanonicalJSON.encode("\u{0}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\"\\/\u{7f}\u{2028}")
                == "\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\\"\\\\/\u{7f}\u{2028}\"")
        #expect(try CanonicalJSON.encode([3.0, -0.0, 0.1, 1e-5, 1e20, .leastNonzeroMagnitude, 1e16, 1e15]) == "[3,-0,0.1,1e-05,1e+20,5e-324,1e+16,1000000000000000]")
        #expect(try CanonicalJSON.encode([Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: 1_795_000_000.9)])
                == #"["1969-12-31T23:59:59Z","2026-11-18T11:06:40Z"]"#)
        #expect(try CanonicalJSON.encode([Data([1, 2, 3, 255])]) == #"["AQID/w=="]"#)
    }

    // MARK: Keys

    static let trickyNames = ["a", "a1", "a10", "a2", "B", "b", "é", "e\u{301}x", "ab", "_", "Z", "~", "😀", "中", "\u{7f}",
                              "\"q", "a\u{0}", "", " ", "A", "aB", "aa", "a/b", "Ω", "\u{2028}", "z\n", "\\", "10", "9", "-1",
                              "duplicateCandidates", "duplicateCount", "duplicate", "duplicateCandidates2", "duplicat\u{e9}"]

    @Test("object members are ordered by the UTF-8 bytes of their names")
    func memberOrder() {
        Self.expectSame(Dictionary(uniqueKeysWithValues: Self.trickyNames.enumerated().map { ($1, $0) }))
        Self.expectSame(Members(Self.trickyNames.reversed().enumerated().map { ($1, $0) }))
        Self.expectSame(Dictionary(uniqueKeysWithValues: (0..<300).map { ("long-key-number-\($0 * 7919 % 1000)", $0) }))
    }

    @Test("a name written twice keeps the last value; canonically equal names make one member")
    func repeatedNames() {
        Self.expectSame(Members([("a", 1), ("b", 2), ("a", 3)]))
        Self.expectSame(Members([("é", 1), ("e\u{301}", 2)]))
        Self.expectSame(Members([("e\u{301}", 1), ("é", 2), ("f", 3)]))
        Self.expectSame(Members([("\u{212B}", 1), ("\u{C5}", 2), ("A\u{30A}", 3), ("a", 4)]))
        Self.expectSame(Members((0..<40).map { ("k\($0 % 7)", $0) }))
    }

    @Test("dictionaries with Int, enum and other keys")
    func dictionaryKeys() {
        enum Colour: String, Codable, CodingKeyRepresentable { case red, green, blue }
        enum Size: Int, Codable, CodingKeyRepresentable { case small = 1, large = 10 }
        Self.expectSame([1: "a", 10: "b", 2: "c", -1: "d", Int.min: "min"])
        Self.expectSame([Colour.red: 1, .green: 2, .blue: 3])
        Self.expectSame([Size.small: [1], .large: [2, 3]])
        Self.expectSame([true: 1])
        Self.expectSame([2.5: "x"])
        Self.expectSame([String: Int]())
        Self.expectSame([Int: Int]())
        Self.expectSame(["list": [1, 2], "empty": [], "nested": [3]])
        Self.expectSame(["outer": ["b": ["y": 1, "x": 2], "a": [:]]])
    }

    // MARK: Scalars

    @Test("strings: escapes, control characters, slashes and non-ASCII")
    func strings() {
        let controls = (0..<32).map { String(UnicodeScalar(UInt8($0))) }
        Self.expectSame(controls)
        Self.expectSame(controls.joined())
        for text in ["", "plain", "quote \" backslash \\ slash /", "\u{7f}", "\u{2028}\u{2029}", "😀👍🏽👨‍👩‍👧", "中文，标点。",
                     "e\u{301}", "\r\n", "</script>", "tab\there", "\u{FEFF}bom", "\u{10FFFF}", "a\u{0}b"] {
            Self.expectSame(text)
            Self.expectSame([text: text])
        }
    }

    @Test("doubles and floats")
    func floatingPoint() {
        let doubles: [Double] = [0, -0.0, 3, -3, 0.1, 0.5, 1e-5, 1e-7, 1e20, 1e21, 1e15, 1e16, 999_999_999_999_999, 1e15 - 0.5,
                                 9_007_199_254_740_992, 123_456_789_012_345_680, 0.30000000000000004, .leastNonzeroMagnitude,
                                 1.7976931348623157e308, -1.7976931348623157e308, 2.2250738585072014e-308, 100, 12.5,
                                 -1.5e-10, 121.47370123456789, 31.23041234567891, 1 / 3, .pi, -.pi * 1e100]
        Self.expectSame(doubles)
        for value in doubles { Self.expectSame(value) }
        let floats: [Float] = [0, -0.0, 3, 0.1, 1e-5, 1e20, 16_777_216, 1e8, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .pi]
        Self.expectSame(floats)
        for value in floats { Self.expectSame(["f": value]) }
    }

    @Test("NaN and infinity throw, wherever they are")
    func nonFinite() {
        struct Holder: Encodable {
            var value: Double
            var single: Float
        }
        Self.expectSame(Double.nan)
        Self.expectSame(Float.infinity)
        Self.expectSame([Double.nan])
        Self.expectSame([[1, -Double.infinity]])
        Self.expectSame(["a": Double.nan])
        Self.expectSame(Holder(value: .infinity, single: 1))
        Self.expectSame(Holder(value: 1, single: .nan))
        Self.expectSame([Optional(Double.nan)])
        Self.expectSame(NestedNaN(viaList: false))
        Self.expectSame(NestedNaN(viaList: true))
        Self.expectSame(["x": [NestedNaN(viaList: true)]])
    }

    struct NestedNaN: Encodable {
        var viaList: Bool
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key("outer"))
            if viaList {
                var list = nested.nestedUnkeyedContainer(forKey: Key("list"))
                try list.encode(1.5)
                try list.encode([Float.nan])
            } else {
                try nested.encode(Double.nan, forKey: Key("inner"))
            }
        }
    }

    @Test("integers of every width at their limits")
    func integers() {
        Self.expectSame([Int.min, Int.max, 0, -1])
        Self.expectSame([Int8.min, Int8.max])
        Self.expectSame([Int16.min, Int16.max])
        Self.expectSame([Int32.min, Int32.max])
        Self.expectSame([Int64.min, Int64.max])
        Self.expectSame([UInt.min, UInt.max])
        Self.expectSame([UInt8.min, UInt8.max])
        Self.expectSame([UInt16.min, UInt16.max])
        Self.expectSame([UInt32.min, UInt32.max])
        Self.expectSame([UInt64.min, UInt64.max])
        Self.expectSame([Int128.min, Int128.max])
        Self.expectSame([UInt128.min, UInt128.max])
        Self.expectSame(Int8.min)
        Self.expectSame(UInt64.max)
    }

    @Test("top-level scalars, null and empty containers")
    func topLevel() {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        struct NothingInside: Encodable { var inner = Nothing() }
        struct Empty: Codable {}
        Self.expectSame("top")
        Self.expectSame(42)
        Self.expectSame(true)
        Self.expectSame(Int?.none)
        Self.expectSame(String??.some(nil))
        Self.expectSame([Int]())
        Self.expectSame(Empty())
        Self.expectSame(Nothing())
        Self.expectSame(NothingInside())
        Self.expectSame([Nothing()])
    }

    // MARK: Foundation types

    @Test("dates: ISO 8601 in UTC, seconds rounded down, far past and future")
    func dates() {
        let seconds: [TimeInterval] = [0, -0.5, 0.5, 0.999_999, 0.999_999_999_99, -0.000_001, -1e-9, 1e9 + 0.999_999_9,
                                       -1e9 - 0.999_999_9, -2_208_988_800, -2_208_988_800.5, 4_102_444_800, 951_782_400,
                                       1_795_000_000.123, 1e12, -1e11, -62_135_596_800, -62_135_596_801, 253_402_300_799,
                                       253_402_300_800, -12_219_292_800, -12_219_292_800.5, -12_219_292_801, -30_000_000_000]
        for value in seconds {
            Self.expectSame(Date(timeIntervalSince1970: value))
            Self.expectSame(["at": Date(timeIntervalSince1970: value)])
        }
        Self.expectSame([Date.distantPast, Date.distantFuture, Date(timeIntervalSinceReferenceDate: 0)])
        Self.expectSame([Date?.none, Date(timeIntervalSince1970: 86_399.9)])
    }

    @Test("Data as base64, URL as its absolute string, Decimal as its description")
    func foundationTypes() throws {
        for length in 0..<8 { Self.expectSame(Data((0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) })) }
        Self.expectSame(["blob": Data((0..<256).map { UInt8($0) })])
        let base = try #require(URL(string: "http://x.y/z/"))
        Self.expectSame([
            try #require(URL(string: "https://a.b/c?d=e&f=/g#h")),
            try #require(URL(string: "rel/path?q=1", relativeTo: base)),
            URL(fileURLWithPath: "/tmp/a b/中"),
            try #require(URL(string: "mailto:someone@example.com")),
        ])
        Self.expectSame(["decimals": [Decimal(string: "3.14"), Decimal(0), Decimal(string: "-1e-10"),
                                      Decimal(string: "123456789012345678901234567890"), Decimal.nan, Decimal(-7)]])
    }

    // MARK: Synthesized and hand-written Codable

    struct Evidence: Codable { var sha256: String; var mediaType: String; var purpose: String; var takenAt: Date?; var lon: Double?; var lat: Double? }
    struct Candidate: Codable { var caseID: String; var distanceMetres: Double; var hoursApart: Double }
    struct Record: Codable {
        var id: String; var version: Int; var state: String; var source: String; var reporter: String; var reportedAt: Date
        var location: [String: Double]; var address: String?; var description: String; var category: String?; var grid: String?
        var department: String?; var dueAt: Date?; var stageDue: [String: Date]; var everOverdue: Bool; var reworkCount: Int
        var duplicateCandidates: [Candidate]; var photos: [Evidence]; var confidence: Double?; var awaitingReview: Bool
    }

    static func sampleRecord(_ n: Int = 0) -> Record {
        let base = Date(timeIntervalSince1970: 1_795_000_000.123 + Double(n) * 3_600.5)
        return Record(
            id: "C-20261126-\(n)", version: 7 + n, state: "dispatched", source: "citizen-app", reporter: "u-88231",
            reportedAt: base, location: ["lon": 121.47370123456789, "lat": 31.23041234567891],
            address: n % 2 == 0 ? "上海市黄浦区南京东路 100 号 / Gate \"B\"" : nil,
            description: "路灯不亮，已经三天了。\nStreet light out for three days.", category: "street-light",
            grid: "HP-03-12", department: nil, dueAt: base.addingTimeInterval(86_400 * 3),
            stageDue: ["accept": base.addingTimeInterval(3600), "dispatch": base.addingTimeInterval(7200)],
            everOverdue: n % 3 == 0, reworkCount: n,
            duplicateCandidates: [Candidate(caseID: "C-20261125-000077", distanceMetres: 23.5, hoursApart: 17.25),
                                  Candidate(caseID: "C-20261124-000012", distanceMetres: 88.125, hoursApart: 40)],
            photos: [Evidence(sha256: String(repeating: "ab12", count: 16), mediaType: "image/jpeg", purpose: "report",
                              takenAt: base, lon: 121.4737, lat: 31.2304),
                     Evidence(sha256: String(repeating: "cd34", count: 16), mediaType: "image/jpeg", purpose: "fix",
                              takenAt: nil, lon: nil, lat: nil)],
            confidence: n % 2 == 0 ? 0.87 : nil, awaitingReview: true)
    }

    enum State: String, Codable { case reported, dispatched = "dispatched/now", closed }
    enum Priority: Int, Codable { case low = -1, high = 10 }
    indirect enum Shape: Codable, Hashable {
        case point
        case circle(radius: Double)
        case box(Double, Double, label: String?)
        case nested(Shape?)
    }
    struct Outer: Codable {
        var state: State
        var priority: Priority
        var shapes: [Shape]
        var maybe: Int??
        var deep: [String: [Shape]]
        var grid: [[Int?]]
        var keyedShapes: [Shape: Int]
    }

    @Test("synthesized Codable: structs, enums with raw values and payloads, optionals, nested collections")
    func synthesized() {
        Self.expectSame(Self.sampleRecord())
        Self.expectSame(Self.sampleRecord(1))
        Self.expectSame([Self.sampleRecord(2), Self.sampleRecord(3)])
        let shapes: [Shape] = [.point, .circle(radius: 2.5), .box(1, 2, label: nil), .box(3, 4, label: "β"), .nested(.nested(.point)), .nested(nil)]
        Self.expectSame(Outer(state: .dispatched, priority: .low, shapes: shapes, maybe: .some(nil),
                              deep: ["b": shapes, "a": []], grid: [[1, nil], [], [nil]], keyedShapes: [.point: 1, .circle(radius: 1): 2]))
        Self.expectSame(Outer(state: .closed, priority: .high, shapes: [], maybe: 3, deep: [:], grid: [], keyedShapes: [:]))
        Self.expectSame([State.reported, .closed])
    }

    class Animal: Encodable {
        var name = "generic"
        private enum CodingKeys: String, CodingKey { case name }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
        }
    }

    final class Dog: Animal {
        var breed = "collie"
        private enum CodingKeys: String, CodingKey { case breed, parent }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(breed, forKey: .breed)
            try super.encode(to: container.superEncoder())
            try super.encode(to: container.superEncoder(forKey: .parent))
            try super.encode(to: encoder)
        }
    }

    /// Exercises the less travelled parts of the container API.
    struct Unusual: Encodable {
        enum Keys: String, CodingKey { case a, b, list, inner, explicitNil, same }
        enum InnerKeys: String, CodingKey { case x, y }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeNil(forKey: .explicitNil)
            try container.encode(1, forKey: .same)
            try container.encode("twice", forKey: .same)
            var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try container.encode(true, forKey: .a)
            try inner.encode(1.5, forKey: .x)
            var again = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try again.encode("y", forKey: .y)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var sub = list.nestedContainer(keyedBy: InnerKeys.self)
            try list.encodeNil()
            try sub.encode(2, forKey: .x)
            var subList = list.nestedUnkeyedContainer()
            try subList.encode("s")
            try Animal().encode(to: list.superEncoder())
            try list.encode(Int8(-8))
            _ = list.superEncoder()
            var second = encoder.container(keyedBy: Keys.self)
            try second.encode([UInt16(7)], forKey: .b)
        }
    }

    struct Wrapped<Value: Encodable>: Encodable {
        var value: Value
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    /// Writes the coding path it is encoded at, to compare the encoders' paths.
    struct PathEcho: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(encoder.codingPath.map { "\($0.stringValue)#\($0.intValue.map(String.init) ?? "-")" })
        }
    }

    struct PathEchoes: Encodable {
        enum Keys: String, CodingKey { case keyed, list, nested, parent }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(PathEcho(), forKey: .keyed)
            try container.encode([PathEcho(), PathEcho()], forKey: .list)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode(["a": [PathEcho()]], forKey: .keyed)
            try nested.encode([7: PathEcho()], forKey: .list)
            try nested.encode(nested.codingPath.map(\.stringValue), forKey: .parent)
            var list = nested.nestedUnkeyedContainer(forKey: .nested)
            try list.encode(Wrapped(value: PathEcho()))
            try list.encode(list.codingPath.map(\.stringValue))
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode(inner.codingPath.map(\.stringValue), forKey: .keyed)
            try inner.encode(PathEcho(), forKey: .list)
            try PathEcho().encode(to: list.superEncoder())
            try PathEcho().encode(to: container.superEncoder())
            try PathEcho().encode(to: container.superEncoder(forKey: .parent))
        }
    }

    @Test("nested containers, super encoders, repeated containers and single-value wrappers")
    func containerAPI() {
        Self.expectSame(PathEchoes())
        Self.expectSame([[PathEchoes()]])
        Self.expectSame(Dog())
        Self.expectSame([Dog(), Animal()])
        Self.expectSame(Unusual())
        Self.expectSame(["u": Unusual()])
        Self.expectSame(Wrapped(value: Self.sampleRecord()))
        Self.expectSame(Wrapped(value: Wrapped(value: [1, 2])))
        Self.expectSame(Wrapped(value: Date(timeIntervalSince1970: 1)))
        Self.expectSame([Wrapped(value: Int?.none)])
        Self.expectSame(Wrapped(value: Double.nan))
    }

    /// Encodes `first`, then `second` through a single-value container of the same encoder.
    struct ThenSingleValue<First: Encodable, Second: Encodable>: Encodable {
        var first: First
        var second: Second
        var keyed: Bool
        func encode(to encoder: any Encoder) throws {
            if keyed {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(first, forKey: Key("first"))
            } else {
                var container = encoder.unkeyedContainer()
                try container.encode(first)
            }
            var single = encoder.singleValueContainer()
            try single.encode(second)
        }
    }

    struct SingleValueThenKeyed: Encodable {
        func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            try single.encode(Candidate(caseID: "c", distanceMetres: 1, hoursApart: 2))
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(true, forKey: Key("added"))
        }
    }

    @Test("single values after a container: merged like Foundation when they share its kind, dropped otherwise")
    func singleValueAfterContainer() {
        let candidate = Candidate(caseID: "c", distanceMetres: 1, hoursApart: 2)
        Self.expectSame(ThenSingleValue(first: 1, second: candidate, keyed: true))
        Self.expectSame(ThenSingleValue(first: 1, second: 5, keyed: true))
        Self.expectSame(ThenSingleValue(first: 1, second: Date(timeIntervalSince1970: 0), keyed: true))
        Self.expectSame(ThenSingleValue(first: 1, second: [2, 3], keyed: false))
        Self.expectSame(ThenSingleValue(first: 1, second: ["x"], keyed: false))
        Self.expectSame(ThenSingleValue(first: 1, second: [Date(timeIntervalSince1970: 0)], keyed: false))
        Self.expectSame(ThenSingleValue(first: 1, second: "dropped", keyed: false))
        Self.expectSame(ThenSingleValue(first: 1, second: Double.nan, keyed: false))
        Self.expectSame(ThenSingleValue(first: [1], second: Wrapped(value: 2), keyed: true))
        Self.expectSame(SingleValueThenKeyed())
    }

    @Test("misuse Foundation would stop on still gives an answer")
    func misuse() throws {
        struct TwoScalars: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(1)
                try container.encode("two")
            }
        }
        struct KeyedThenUnkeyed: Encodable {
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: Key.self)
                try keyed.encode(1, forKey: Key("a"))
                var list = encoder.unkeyedContainer()
                try list.encode(2)
                try keyed.encode(3, forKey: Key("b"))
            }
        }
        struct Escaping: Encodable {
            final class Box { var container: KeyedEncodingContainer<Key>? }
            let box = Box()
            func encode(to encoder: any Encoder) throws {
                if var old = box.container { try old.encode(9, forKey: Key("late")) }
                box.container = encoder.container(keyedBy: Key.self)
            }
        }
        #expect(try CanonicalJSON.encode(TwoScalars()) == #""two""#)
        #expect(try CanonicalJSON.encode(KeyedThenUnkeyed()) == "[2]")
        let escaping = Escaping()
        #expect(try CanonicalJSON.encode([escaping, escaping]) == "[{},{}]")
        // Foundation merges these into the value already there and lets a super encoder's value win (it is set when
        // the encoder is released); here the last one written simply wins.
        struct NestedAfterValue: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(["x": 1], forKey: Key("a"))
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key("a"))
                try nested.encode(2, forKey: Key("y"))
            }
        }
        #expect(try CanonicalJSON.encode(NestedAfterValue()) == #"{"a":{"y":2}}"#)
    }

    // MARK: Fuzz

    /// A random JSON-shaped value that encodes itself through every kind of container call.
    indirect enum Tree: Encodable {
        case string(String)
        case double(Double)
        case float(Float)
        case integer(Integer)
        case bool(Bool)
        case null
        case date(Date)
        case data(Data)
        case array([Tree])
        case object([(String, Tree)], direct: Bool)
        case dictionary([String: Tree])
        case wrapped(Tree)

        enum Integer {
            case int(Int), int8(Int8), int16(Int16), int32(Int32), int64(Int64)
            case uint(UInt), uint8(UInt8), uint16(UInt16), uint32(UInt32), uint64(UInt64)
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .array(let elements):
                var container = encoder.unkeyedContainer()
                for element in elements {
                    switch element {
                    case .string(let text): try container.encode(text)
                    case .double(let number): try container.encode(number)
                    case .null: try container.encodeNil()
                    default: try container.encode(element)
                    }
                }
            case .object(let members, let direct):
                var container = encoder.container(keyedBy: Key.self)
                for (name, value) in members {
                    let key = Key(name)
                    switch (direct, value) {
                    case (true, .string(let text)): try container.encode(text, forKey: key)
                    case (true, .double(let number)): try container.encode(number, forKey: key)
                    case (true, .float(let number)): try container.encode(number, forKey: key)
                    case (true, .bool(let flag)): try container.encode(flag, forKey: key)
                    case (true, .null): try container.encodeNil(forKey: key)
                    case (true, .integer(let integer)): try integer.encode(into: &container, forKey: key)
                    default: try container.encode(value, forKey: key)
                    }
                }
            case .dictionary(let members):
                try members.encode(to: encoder)
            default:
                var container = encoder.singleValueContainer()
                switch self {
                case .string(let text): try container.encode(text)
                case .double(let number): try container.encode(number)
                case .float(let number): try container.encode(number)
                case .integer(let integer): try integer.encode(into: &container)
                case .bool(let flag): try container.encode(flag)
                case .null: try container.encodeNil()
                case .date(let date): try container.encode(date)
                case .data(let data): try container.encode(data)
                case .wrapped(let inner): try container.encode(inner)
                case .array, .object, .dictionary: break
                }
            }
        }
    }

    struct Fuzzer {
        var random: SplitMix64
        /// Names drawn from a small pool so that objects repeat names, canonically equal ones included.
        static let names = trickyNames + ["é", "e\u{301}", "\u{212B}", "\u{C5}", "id", "id", "name"]

        mutating func below(_ count: Int) -> Int { random.next(below: count) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

        /// Mostly containers near the root, only scalars from depth 4 on.
        mutating func tree(depth: Int) -> Tree {
            let kind = depth >= 4 ? below(9) : depth < 2 && chance(70) ? 9 + below(4) : below(13)
            switch kind {
            case 0: return .string(string())
            case 1: return .double(double())
            case 2: return .float(float())
            case 3: return .integer(integer())
            case 4: return .bool(chance(50))
            case 5: return .null
            case 6: return .date(date())
            case 7: return .data(Data((0..<below(9)).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
            case 8: return .string(String(below(1000)))
            case 9: return .array((0..<below(7)).map { _ in tree(depth: depth + 1) })
            case 10: return .object((0..<below(9)).map { _ in (name(), tree(depth: depth + 1)) }, direct: chance(50))
            case 11: return .dictionary(Dictionary((0..<below(7)).map { _ in (name(), tree(depth: depth + 1)) }, uniquingKeysWith: { a, _ in a }))
            default: return .wrapped(tree(depth: depth + 1))
            }
        }

        mutating func name() -> String { chance(70) ? Self.names[below(Self.names.count)] : string() }

        mutating func string() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<below(12) {
                let scalar: UnicodeScalar? = switch below(6) {
                case 0: UnicodeScalar(UInt8(below(0x20)))
                case 1: UnicodeScalar(UInt8(0x20 + below(0x60)))
                case 2: ["\"", "\\", "/", "\u{7f}", "\u{2028}", "\u{301}"].randomElement(using: &random)
                case 3: UnicodeScalar(UInt32(0x80 + below(0x800)))
                case 4: UnicodeScalar(UInt32(0x4E00 + below(0x5000)))
                default: UnicodeScalar(UInt32(below(0x110000)))
                }
                if let scalar { scalars.append(scalar) }
            }
            return String(scalars)
        }

        mutating func double() -> Double {
            switch below(4) {
            case 0: return Double(Int(truncatingIfNeeded: random.next()) >> below(64))
            case 1: return Double(below(100_000)) / Double([1, 10, 100, 1000, 8, 3].randomElement(using: &random) ?? 1)
            default:
                let bits = Double(bitPattern: random.next())
                return bits.isFinite ? bits : 0
            }
        }

        mutating func float() -> Float {
            let bits = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            return bits.isFinite ? bits : 1
        }

        mutating func integer() -> Tree.Integer {
            let pick = below(3)
            func choose<I: FixedWidthInteger>(_ type: I.Type, _ random: inout SplitMix64) -> I {
                pick == 0 ? .min : pick == 1 ? .max : I(truncatingIfNeeded: random.next())
            }
            switch below(10) {
            case 0: return .int(choose(Int.self, &random))
            case 1: return .int8(choose(Int8.self, &random))
            case 2: return .int16(choose(Int16.self, &random))
            case 3: return .int32(choose(Int32.self, &random))
            case 4: return .int64(choose(Int64.self, &random))
            case 5: return .uint(choose(UInt.self, &random))
            case 6: return .uint8(choose(UInt8.self, &random))
            case 7: return .uint16(choose(UInt16.self, &random))
            case 8: return .uint32(choose(UInt32.self, &random))
            default: return .uint64(choose(UInt64.self, &random))
            }
        }

        mutating func record() -> Record {
            let candidates = (0..<below(4)).map { _ in Candidate(caseID: string(), distanceMetres: double(), hoursApart: double()) }
            let photos = (0..<below(4)).map { _ in
                Evidence(sha256: string(), mediaType: name(), purpose: string(), takenAt: chance(50) ? date() : nil,
                         lon: chance(50) ? double() : nil, lat: chance(50) ? double() : nil)
            }
            return Record(
                id: string(), version: Int(truncatingIfNeeded: random.next()), state: name(), source: string(), reporter: name(),
                reportedAt: date(), location: Dictionary((0..<below(4)).map { _ in (name(), double()) }, uniquingKeysWith: { a, _ in a }),
                address: chance(50) ? string() : nil, description: string(), category: chance(50) ? name() : nil,
                grid: chance(50) ? string() : nil, department: chance(50) ? name() : nil, dueAt: chance(50) ? date() : nil,
                stageDue: Dictionary((0..<below(5)).map { _ in (name(), date()) }, uniquingKeysWith: { a, _ in a }),
                everOverdue: chance(50), reworkCount: below(10), duplicateCandidates: candidates, photos: photos,
                confidence: chance(50) ? double() : nil, awaitingReview: chance(50))
        }

        /// 1900 to 2100, with fractions of a second, some a hair below a whole second.
        mutating func date() -> Date {
            let whole = Double(-2_208_988_800 + below(6_311_433_600))
            let fraction = [0, random.nextUnit(), 1 - 1e-7, 1 - 1e-10, 1e-9][below(5)]
            return chance(50) ? Date(timeIntervalSince1970: whole + fraction) : Date(timeIntervalSinceReferenceDate: whole - 978_307_200 + fraction)
        }
    }

    @Test("randomized trees give the same bytes", arguments: [UInt64(1), 2, 3, 4])
    func fuzz(seed: UInt64) {
        var fuzzer = Fuzzer(random: SplitMix64(seed: seed))
        for _ in 0..<750 { Self.expectSame(fuzzer.tree(depth: 0)) }
        for _ in 0..<100 { Self.expectSame(fuzzer.record()) }
    }

    // MARK: Speed

    @Test("speed against Foundation (printed, not asserted; meaningful in a release build)")
    func speed() throws {
        #if DEBUG
        let rounds = 1_000
        #else
        let rounds = 20_000
        #endif
        let record = Self.sampleRecord()
        let clock = ContinuousClock()
        var bytes = 0
        let foundation = try clock.measure { for _ in 0..<rounds { bytes &+= try FoundationReference.encode(record).utf8.count } }
        let fast = try clock.measure { for _ in 0..<rounds { bytes &+= try CanonicalJSON.encode(record).utf8.count } }
        let ratio = foundation / fast
        print("canonical JSON of a case record, \(rounds)×: Foundation \(foundation), fast \(fast), \(ratio.formatted(.number.precision(.fractionLength(2))))× faster (\(bytes) bytes)")
        #expect(bytes > 0)
    }
}

extension CanonicalJSONEncoderTests.Tree.Integer {
    func encode(into container: inout KeyedEncodingContainer<CanonicalJSONEncoderTests.Key>, forKey key: CanonicalJSONEncoderTests.Key) throws {
        switch self {
        case .int(let value): try container.encode(value, forKey: key)
        case .int8(let value): try container.encode(value, forKey: key)
        case .int16(let value): try container.encode(value, forKey: key)
        case .int32(let value): try container.encode(value, forKey: key)
        case .int64(let value): try container.encode(value, forKey: key)
        case .uint(let value): try container.encode(value, forKey: key)
        case .uint8(let value): try container.encode(value, forKey: key)
        case .uint16(let value): try container.encode(value, forKey: key)
        case .uint32(let value): try container.encode(value, forKey: key)
        case .uint64(let value): try container.encode(value, forKey: key)
        }
    }

    func encode(into container: inout any SingleValueEncodingContainer) throws {
        switch self {
        case .int(let value): try container.encode(value)
        case .int8(let value): try container.encode(value)
        case .int16(let value): try container.encode(value)
        case .int32(let value): try container.encode(value)
        case .int64(let value): try container.encode(value)
        case .uint(let value): try container.encode(value)
        case .uint8(let value): try container.encode(value)
        case .uint16(let value): try container.encode(value)
        case .uint32(let value): try container.encode(value)
        case .uint64(let value): try container.encode(value)
        }
    }
}

/// The reference the writer must match: Foundation's encoder with the canonical options.
enum FoundationReference {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
