import Foundation

/// How the collector reaches a witness: one `add-checkpoint` POST. The ledger does no networking itself;
/// HubServer passes in the HTTP implementation, and tests may pass one that calls a witness in-process.
public protocol WitnessTransport: Sendable {
    /// POSTs `body` to `url` and returns the witness's answer; throws when there is none within `timeout`.
    func post(_ body: String, to url: String, timeout: Duration) async throws -> WitnessReply
}

/// A witness's answer to `add-checkpoint`, as it came.
public struct WitnessReply: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var body: String

    public init(status: Int, contentType: String?, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// What the answer means to the log (C2SP tlog-witness): cosignature lines (200), the witness's size (409 with
    /// a `text/x.tlog.size` body), or a refusal with a short reason.
    public enum Meaning: Sendable, Hashable {
        case cosigned([NoteSignature])
        case conflict(witnessSize: UInt64)
        case refused(String)
    }

    public var meaning: Meaning {
        switch status {
        case 200:
            guard let lines = try? Cosignature.parseLines(body) else { return .refused("200 with a malformed body") }
            return .cosigned(lines)
        case 409:
            let media = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard media == "text/x.tlog.size", body.hasSuffix("\n"), let size = UInt64(body.dropLast()), String(size) == body.dropLast() else {
                return .refused("409 without a text/x.tlog.size body")
            }
            return .conflict(witnessSize: size)
        default:
            return .refused("HTTP \(status): \(body.prefix(300))")
        }
    }
}
