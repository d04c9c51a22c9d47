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
