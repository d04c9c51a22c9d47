import Foundation
import HubKit

/// Where a warning stands. `draft` and `approved` describe the pending revision: the first alert, or an update
/// of a warning already issued (then its last issued message stays public meanwhile).
public enum WarningState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Composed or edited, waiting for someone else's approval.
    case draft
    /// Approved by a second person, ready to issue.
    case approved
    /// Its latest message (Alert or Update) is public.
    case issued
    /// A Cancel message was issued; the warning is over.
    case cancelled
    /// Discarded before it was ever issued.
    case withdrawn

    public var label: LocalizedText {
        switch self {
        case .draft: LocalizedText(zh: "待审核", en: "Draft")
        case .approved: LocalizedText(zh: "已审核", en: "Approved")
        case .issued: LocalizedText(zh: "已发布", en: "Issued")
        case .cancelled: LocalizedText(zh: "已解除", en: "Cancelled")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        }
    }
}

/// One CAP message the warning has issued, in chain order.
public struct IssuedMessage: Sendable, Hashable, Codable {
    public var identifier: String
    public var sender: String
    /// The `sent` text, `YYYY-MM-DDThh:mm:ss+08:00`.
    public var sent: String
    public var sentAt: Date
    public var msgType: CAPMsgType
    public var references: [String]
    public var headline: String
    public var expires: Date
    /// SHA-256 of the XML as served, so anyone can check the public copy against the journal.
    public var xmlSha256: String

    /// How CAP `references` names this message: `sender,identifier,sent`.
    public var reference: String { "\(sender),\(identifier),\(sent)" }
}

/// A warning: the revision being worked on, who wrote and approved it, and the chain of messages issued.
///
/// Invariants: `version` grows by one with every change; `messages` only grows; `authors` names everyone who
/// composed or edited the pending revision, none of whom may approve it.
public struct WarningRecord: Sendable, Hashable, Codable {
    public var id: WarningDraftID
    public var version: Int
    public var state: WarningState
    /// The pending revision while `draft`/`approved`; the content last issued otherwise.
    public var content: WarningDraft
    /// The content of the last Alert or Update issued, kept while a revision is pending.
    public var issuedContent: WarningDraft?
    public var department: DepartmentID?
    /// What caused the draft when another slice made it (e.g. `alarm:42`).
    public var origin: String?
    public var authors: [String]
    public var composedAt: Date
    public var approvedBy: String?
    public var approvedAt: Date?
    public var messages: [IssuedMessage]
    public var cancelReason: String?
    public var updatedAt: Date

    /// The next message's type: Alert first, Update after.
    public var pendingMsgType: CAPMsgType { messages.isEmpty ? .alert : .update }

    /// Whether the latest message is public at `now`: issued (not cancelled) and not yet expired.
    public func isLive(at now: Date) -> Bool {
        guard let last = messages.last, last.msgType != .cancel, state != .cancelled else { return false }
        return last.expires > now
    }
}
