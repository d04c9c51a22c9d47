import Crypto
import Foundation
import HubKit

/// The warning workflow (pure): compose → approve (someone else) → issue → revise → approve → issue … → cancel,
/// with who may do each step. Each step gives the record after it and the journal event that records it; the
/// store writes both in one transaction.
///
/// Roles: department operators and heads, dispatchers and administrators compose and revise; dispatchers (the
/// command centre on duty), department heads and administrators approve, issue and cancel. Department roles act
/// only on their own department's warnings. Nobody approves a revision they composed or edited.
public enum WarningWorkflow {
    public static let composers: Set<Role> = [.admin, .dispatcher, .departmentOperator, .departmentHead]
    public static let approvers: Set<Role> = [.admin, .dispatcher, .departmentHead]

    /// A step's outcome: the new record and its journal event.
    public struct Step: Sendable {
        public var record: WarningRecord
        public var eventKind: String
        public var payload: [String: String]
        /// The message issued by this step, with its XML, if it issued one.
        public var issued: (message: IssuedMessage, xml: String)?
    }

    public static func compose(id: WarningDraftID, content: WarningDraft, composer: String, department: DepartmentID?,
                               origin: String?, at now: Date) throws -> Step {
        let content = try checked(content, now: nil)
        let record = WarningRecord(id: id, version: 1, state: .draft, content: content, issuedContent: nil,
                                   department: department, origin: origin, authors: [composer], composedAt: now,
                                   approvedBy: nil, approvedAt: nil, messages: [], cancelReason: nil, updatedAt: now)
        var payload = ["event": content.event, "headline": content.zh.headline, "colour": content.colour?.rawValue ?? ""]
        if let origin { payload["origin"] = origin }
        return Step(record: record, eventKind: "warning.composed", payload: payload)
    }

    /// Replaces the pending revision's content; an approval given before is void.
    public static func edit(_ current: WarningRecord, content: WarningDraft, by actor: Principal, at now: Date) throws -> Step {
        try require(actor, in: composers, on: current)
        guard current.state == .draft || current.state == .approved else { throw WarningProblem.wrongState(action: "edit", state: current.state) }
        var next = advanced(current, at: now)
        next.content = try checked(content, now: nil)
        next.state = .draft
        next.authors = Array(Set(current.authors + [actor.actor])).sorted()
        next.approvedBy = nil
        next.approvedAt = nil
        return Step(record: next, eventKind: "warning.edited", payload: ["headline": next.content.zh.headline])
    }

    public static func approve(_ current: WarningRecord, by actor: Principal, at now: Date) throws -> Step {
        try require(actor, in: approvers, on: current)
        guard current.state == .draft else { throw WarningProblem.wrongState(action: "approve", state: current.state) }
        guard !current.authors.contains(actor.actor) else { throw WarningProblem.ownRevision }
        _ = try checked(current.content, now: now)
        var next = advanced(current, at: now)
        next.state = .approved
        next.approvedBy = actor.actor
        next.approvedAt = now
        return Step(record: next, eventKind: "warning.approved", payload: ["msgType": current.pendingMsgType.rawValue])
    }

    /// Issues the approved revision as an Alert (first) or an Update (naming every earlier message).
    public static func issue(_ current: WarningRecord, by actor: Principal, identifier: String, sent: Date,
                             settings: CAPSettings) throws -> Step {
        try require(actor, in: approvers, on: current)
        guard current.state == .approved else { throw WarningProblem.wrongState(action: "issue", state: current.state) }
        let content = try checked(current.content, now: sent)
        let msgType = current.pendingMsgType
        let message = MessageBuilder.message(content, msgType: msgType, identifier: identifier, sent: sent,
                                             earlier: current.messages, settings: settings)
        let issued = try issuedMessage(message, content: content, sentAt: sent)
        var next = advanced(current, at: sent)
        next.state = .issued
        next.issuedContent = content
        next.messages.append(issued.message)
        return Step(record: next, eventKind: "warning.issued", payload: payload(of: issued.message), issued: issued)
    }

    /// Starts an update of an issued warning: `content` becomes the pending revision, to be approved and issued;
    /// the last issued message stays public meanwhile.
    public static func revise(_ current: WarningRecord, content: WarningDraft, by actor: Principal, at now: Date) throws -> Step {
        try require(actor, in: composers, on: current)
        guard current.state == .issued else { throw WarningProblem.wrongState(action: "revise", state: current.state) }
        var next = advanced(current, at: now)
        next.content = try checked(content, now: nil)
        next.state = .draft
        next.authors = [actor.actor]
        next.approvedBy = nil
        next.approvedAt = nil
        return Step(record: next, eventKind: "warning.revised", payload: ["headline": next.content.zh.headline])
    }

    /// Drops the pending revision: a warning never issued is withdrawn; an issued one goes back to its issued content.
    public static func withdraw(_ current: WarningRecord, by actor: Principal, at now: Date) throws -> Step {
        try require(actor, in: composers, on: current)
        guard current.state == .draft || current.state == .approved else {
            throw WarningProblem.wrongState(action: "withdraw", state: current.state)
        }
        var next = advanced(current, at: now)
        if let issued = current.issuedContent {
            next.content = issued
            next.state = .issued
        } else {
            next.state = .withdrawn
        }
        next.authors = []
        next.approvedBy = nil
        next.approvedAt = nil
        return Step(record: next, eventKind: "warning.withdrawn", payload: ["state": next.state.rawValue])
    }

    /// Cancels an issued warning with a Cancel message naming every earlier message; drops any pending revision.
    /// One person with an approving role may cancel: taking down a public warning that no longer holds must not wait.
    public static func cancel(_ current: WarningRecord, by actor: Principal, reason: String, identifier: String, sent: Date,
                              settings: CAPSettings) throws -> Step {
        try require(actor, in: approvers, on: current)
        guard !current.messages.isEmpty, current.state != .cancelled, current.state != .withdrawn else {
            throw WarningProblem.wrongState(action: "cancel", state: current.state)
        }
        let content = current.issuedContent ?? current.content
        let message = MessageBuilder.message(content, msgType: .cancel, identifier: identifier, sent: sent,
                                             earlier: current.messages, settings: settings,
                                             note: CAPText.isBlank(reason) ? nil : reason)
        let issued = try issuedMessage(message, content: content, sentAt: sent)
        var next = advanced(current, at: sent)
        next.state = .cancelled
        next.content = content
        next.authors = []
        next.cancelReason = reason
        next.messages.append(issued.message)
        var details = payload(of: issued.message)
        details["reason"] = reason
        return Step(record: next, eventKind: "warning.cancelled", payload: details, issued: issued)
    }

    /// Whether `actor` may act on `record` at all: a role in `roles`, and for department roles the record's department.
    static func require(_ actor: Principal, in roles: Set<Role>, on record: WarningRecord) throws {
        guard roles.contains(actor.role) else {
            throw AccessProblem.forbiddenRole(required: Role.allCases.filter(roles.contains))
        }
        if actor.role.needsDepartment, record.department != actor.departmentID { throw AccessProblem.notYourDepartment }
    }

    static func checked(_ content: WarningDraft, now: Date?) throws -> WarningDraft {
        let content = CompositionRules.normalised(content)
        let faults = CompositionRules.faults(of: content, now: now)
        guard faults.isEmpty else { throw WarningProblem.rulesBroken(faults) }
        return content
    }

    static func issuedMessage(_ message: CAPMessage, content: WarningDraft, sentAt: Date) throws -> (message: IssuedMessage, xml: String) {
        let faults = MessageRules.faults(of: message)
        guard faults.isEmpty else { throw WarningProblem.rulesBroken(faults) }
        let xml = CAPXML.document(message)
        let digest = SHA256.hash(data: Data(xml.utf8)).hexString
        return (IssuedMessage(identifier: message.identifier, sender: message.sender, sent: message.sent, sentAt: sentAt,
                              msgType: message.msgType, references: message.references, headline: content.zh.headline,
                              expires: content.expires, xmlSha256: digest), xml)
    }

    static func advanced(_ record: WarningRecord, at now: Date) -> WarningRecord {
        var next = record
        next.version += 1
        next.updatedAt = now
        return next
    }

    static func payload(of message: IssuedMessage) -> [String: String] {
        ["identifier": message.identifier, "msgType": message.msgType.rawValue, "sent": message.sent,
         "references": message.references.joined(separator: " "), "xmlSha256": message.xmlSha256]
    }
}
