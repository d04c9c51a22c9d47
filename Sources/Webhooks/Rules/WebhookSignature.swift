import Crypto
import Foundation

/// Standard Webhooks signatures: `v1,` and the base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`
/// keyed with the secret's decoded bytes. Several signatures (during a secret rotation) are separated by spaces.
public enum WebhookSignature {
    /// One `v1,<base64>` signature.
    public static func sign(id: String, timestamp: Int64, body: [UInt8], key: Data) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: body)
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }

    /// The `webhook-signature` header: one signature per key, current key first.
    public static func header(id: String, timestamp: Int64, body: [UInt8], keys: [Data]) -> String {
        keys.map { sign(id: id, timestamp: timestamp, body: body, key: $0) }.joined(separator: " ")
    }

    /// What a receiver does: true when any `v1` signature in `header` is the one `key` gives (compared in
    /// constant time) and the timestamp is within `tolerance` seconds of `now`.
    public static func verify(header: String, id: String, timestamp: Int64, body: [UInt8], key: Data,
                              now: Int64, tolerance: Int64 = 300) -> Bool {
        guard abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(sign(id: id, timestamp: timestamp, body: body, key: key).utf8)
        var found = false
        for candidate in header.split(separator: " ") {
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { continue }
            var difference: UInt8 = 0
            for (a, b) in zip(bytes, expected) { difference |= a ^ b }
            if difference == 0 { found = true }
        }
        return found
    }
}
