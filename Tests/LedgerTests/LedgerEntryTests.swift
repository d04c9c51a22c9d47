import Crypto
import Foundation
import HubKit
import Testing
@testable import Ledger

@Suite struct LedgerEntryTests {
    static let salt = Array(repeating: UInt8(7), count: 32)

    static func event(payload: String) -> HubEvent {
        HubEvent(seq: 42, id: "019ab697-e800-7000-8000-000000000001", at: Date(milliseconds: 1_764_000_000_123), kind: "case.reported",
                 subject: "case:20261125-000001", actor: "user:u1", department: nil, payload: payload)
    }

    @Test func entry_isCanonicalJSON_withEveryField() throws {
        let bytes = try LedgerEntry.encode(Self.event(payload: #"{"grid":"G1","lon":"106.5"}"#), salt: Self.salt)
        #expect(String(decoding: bytes, as: UTF8.self) == """
            {"actor":"user:u1","at":1764000000123,"department":null,"id":"019ab697-e800-7000-8000-000000000001",\
            "kind":"case.reported","payload":{"grid":"G1","lon":"106.5"},"seq":42,"subject":"case:20261125-000001","v":1}
            """)
    }

    @Test func personalFields_enterOnlyAsKeyedHashes_atAnyDepth() throws {
        let payload = #"{"contact":{"Name":"张三","phone":"13800138000"},"people":[{"email":"a@b.cn"}],"grid":"G1"}"#
        let text = String(decoding: try LedgerEntry.encode(Self.event(payload: payload), salt: Self.salt), as: UTF8.self)
        for secret in ["张三", "13800138000", "a@b.cn"] { #expect(!text.contains(secret)) }
        #expect(text.contains(#""grid":"G1""#))
        let expected = HMAC<SHA256>.authenticationCode(for: Data("13800138000".utf8), using: SymmetricKey(data: Self.salt)).hexString
        #expect(text.contains("\"phone\":\"hmac-sha256:\(expected)\""))
        let otherSalt = String(decoding: try LedgerEntry.encode(Self.event(payload: payload), salt: Array(repeating: 8, count: 32)),
                               as: UTF8.self)
        #expect(otherSalt != text)
        #expect(try LedgerEntry.encode(Self.event(payload: payload), salt: Self.salt) == Array(text.utf8))
    }

    @Test func aPayloadThatIsNotJSON_isKeptAsText() throws {
        let text = String(decoding: try LedgerEntry.encode(Self.event(payload: "not json"), salt: Self.salt), as: UTF8.self)
        #expect(text.contains(#""payload":"not json""#))
    }
}

extension LedgerEntryTests {
    /// The fast path (payload copied as it is) writes exactly what parsing and re-encoding would, for payloads as
    /// the journal stores them (canonical JSON).
    @Test(arguments: [
        JSONValue.object([:]), ["grid": "G1", "lon": "106.5"], ["expiresAt": 1_764_000_000_123],
        ["a": ["b": [1, 2.5, "x/y\"z"]], "c": true, "d": .null], ["text": "含中文 and \"quotes\" \\ backslash", "w": 0.1],
    ] as [JSONValue])
    func copiedPayload_isByteForByteTheReencodedOne(value: JSONValue) throws {
        let payload = try CanonicalJSON.encode(value)
        #expect(LedgerEntry.hasPersonalKey(payload) == false)
        let event = Self.event(payload: payload)
        #expect(try LedgerEntry.encode(event, salt: Self.salt) == LedgerEntry.encodeParsed(event, salt: Self.salt))
    }

    @Test func personalKeys_areFound_evenNestedOrCapitalised_butNotInValues() {
        #expect(LedgerEntry.hasPersonalKey(#"{"a":{"Phone":"1"}}"#) == true)
        #expect(LedgerEntry.hasPersonalKey(#"{"note":"phone","x":"name"}"#) == false)
        #expect(LedgerEntry.hasPersonalKey(#"{"x":"a\"phone\":"}"#) == false)
        #expect(LedgerEntry.hasPersonalKey("[1]") == nil)
    }
}
