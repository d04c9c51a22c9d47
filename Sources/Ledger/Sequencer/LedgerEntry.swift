import Crypto
import Foundation
import HubKit

/// How a journal event becomes a ledger entry (a leaf's data): canonical JSON (keys sorted, no spaces) of
/// `{"actor","at","department","id","kind","payload","seq","subject","v":1}`, `at` in Unix milliseconds. A log
/// can never forget, so personal fields anywhere in the payload (names, phone numbers, e-mail, ID numbers,
/// addresses) enter it only as `hmac-sha256:<hex>` under the hub's secret salt: whoever holds a value and the
/// salt can show it matches; nobody can read it back from the log.
public enum LedgerEntry {
    public static let version = 1

    /// Payload keys whose text values are personal (compared without regard to case).
    public static let personalKeys: Set<String> = [
        "name", "displayname", "username", "phone", "mobile", "telephone", "email", "contact", "contactname",
        "contactphone", "reportername", "reporterphone", "address", "idnumber", "idcard", "licenseplate",
    ]

    public static func encode(_ event: HubEvent, salt: [UInt8]) throws -> [UInt8] {
        // The journal's payloads are canonical JSON already; one without personal keys goes in as it is, and the
        // entry around it is written field by field in sorted order (what `encodeParsed` would make of it).
        guard hasPersonalKey(event.payload) == false else { return try encodeParsed(event, salt: salt) }
        var text = "{\"actor\":" + (try CanonicalJSON.encode(event.actor))
        text += ",\"at\":\(event.at.milliseconds),\"department\":" + (try event.department.map(CanonicalJSON.encode) ?? "null")
        text += ",\"id\":" + (try CanonicalJSON.encode(event.id)) + ",\"kind\":" + (try CanonicalJSON.encode(event.kind))
        text += ",\"payload\":" + event.payload + ",\"seq\":\(event.seq),\"subject\":" + (try CanonicalJSON.encode(event.subject))
        text += ",\"v\":\(version)}"
        return Array(text.utf8)
    }

    /// Whether the payload is not a JSON object (nil) or has a personal key anywhere (true). A single pass over
    /// its bytes: every string followed by a colon is a key.
    static func hasPersonalKey(_ payload: String) -> Bool? {
        let bytes = Array(payload.utf8)
        guard bytes.first == UInt8(ascii: "{") else { return nil }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else { index += 1; continue }
            let start = index + 1
            var end = start
            var escaped = false
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") || escaped {
                escaped = !escaped && bytes[end] == UInt8(ascii: "\\")
                end += 1
            }
            if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: ":"),
               personalKeys.contains(String(decoding: bytes[start..<end], as: UTF8.self).lowercased()) {
                return true
            }
            index = end + 1
        }
        return false
    }

    static func encodeParsed(_ event: HubEvent, salt: [UInt8]) throws -> [UInt8] {
        let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.payload.utf8))) ?? .string(event.payload)
        let entry: [String: JSONValue] = [
            "v": .number(Double(version)), "seq": .number(Double(event.seq)), "id": .string(event.id),
            "at": .number(Double(event.at.milliseconds)), "kind": .string(event.kind), "subject": .string(event.subject),
            "actor": .string(event.actor), "department": event.department.map(JSONValue.string) ?? .null,
            "payload": masked(payload, salt: SymmetricKey(data: salt)),
        ]
        return Array(try CanonicalJSON.encode(entry).utf8)
    }

    /// `value` with every personal text replaced by its keyed hash.
    static func masked(_ value: JSONValue, salt: SymmetricKey, personal: Bool = false) -> JSONValue {
        switch value {
        case .string(let text) where personal:
            return .string("hmac-sha256:" + HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: salt).hexString)
        case .object(let fields):
            return .object(fields.reduce(into: [:]) { out, field in
                out[field.key] = masked(field.value, salt: salt, personal: personalKeys.contains(field.key.lowercased()))
            })
        case .array(let items):
            return .array(items.map { masked($0, salt: salt, personal: personal) })
        default:
            return value
        }
    }
}
