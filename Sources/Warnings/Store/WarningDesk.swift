import Foundation
import HubKit

/// The warnings desk: runs each workflow step as one transaction (the record, its journal event and any CAP
/// message issued, together or not at all) and drafts warnings for other slices (`WarningDrafting`).
public struct WarningDesk: WarningDrafting {
    public let store: WarningStore
    public let settings: CAPSettings
    public let clock: HubClock

    public static let migrations = WarningMigrations.all

    public init(database: HubDatabase, settings: CAPSettings, clock: HubClock) {
        self.store = WarningStore(database: database)
        self.settings = settings
        self.clock = clock
    }

    /// Composes a new draft as `principal`, for their department.
    public func compose(_ content: WarningDraft, by principal: Principal, origin: String? = nil) async throws -> WarningRecord {
        guard WarningWorkflow.composers.contains(principal.role) else {
            throw AccessProblem.forbiddenRole(required: Role.allCases.filter(WarningWorkflow.composers.contains))
        }
        return try await compose(content, composer: principal.actor, department: principal.departmentID, origin: origin)
    }

    public func draft(_ input: WarningDraftInput) async throws -> WarningDraftID {
        try await compose(input.content, composer: input.composer, department: input.department, origin: input.origin).id
    }

    func compose(_ content: WarningDraft, composer: String, department: DepartmentID?, origin: String?) async throws -> WarningRecord {
        let now = CAPTime.wholeSecond(clock.now())
        let step = try WarningWorkflow.compose(id: Self.newID(), content: content, composer: composer,
                                               department: department, origin: origin, at: now)
        return try await store.database.write { tx in
            try await store.insert(step.record, in: tx)
            try await journal(step, actor: composer, in: tx)
            return step.record
        }
    }

    public func edit(_ id: WarningDraftID, version: Int, content: WarningDraft, by actor: Principal) async throws -> WarningRecord {
        try await change(id, version: version, by: actor) { current, now, _ in
            try WarningWorkflow.edit(current, content: content, by: actor, at: now)
        }
    }

    public func approve(_ id: WarningDraftID, version: Int, by actor: Principal) async throws -> WarningRecord {
        try await change(id, version: version, by: actor) { current, now, _ in
            try WarningWorkflow.approve(current, by: actor, at: now)
        }
    }

    public func revise(_ id: WarningDraftID, version: Int, content: WarningDraft, by actor: Principal) async throws -> WarningRecord {
        try await change(id, version: version, by: actor) { current, now, _ in
            try WarningWorkflow.revise(current, content: content, by: actor, at: now)
        }
    }

    public func withdraw(_ id: WarningDraftID, version: Int, by actor: Principal) async throws -> WarningRecord {
        try await change(id, version: version, by: actor) { current, now, _ in
            try WarningWorkflow.withdraw(current, by: actor, at: now)
        }
    }

    public func issue(_ id: WarningDraftID, version: Int, by actor: Principal) async throws -> WarningRecord {
        let settings = self.settings
        return try await change(id, version: version, by: actor, numbered: true) { current, now, identifier in
            try WarningWorkflow.issue(current, by: actor, identifier: identifier, sent: now, settings: settings)
        }
    }

    public func cancel(_ id: WarningDraftID, version: Int, reason: String, by actor: Principal) async throws -> WarningRecord {
        let settings = self.settings
        return try await change(id, version: version, by: actor, numbered: true) { current, now, identifier in
            try WarningWorkflow.cancel(current, by: actor, reason: reason, identifier: identifier, sent: now, settings: settings)
        }
    }

    /// Reads the warning, checks its version, applies `make` and writes record, event and any message issued in one
    /// transaction. Steps that issue a message (`numbered`) get their identifier's sequence number in the same
    /// transaction, so a refused step gives its number back.
    private func change(_ id: WarningDraftID, version: Int, by actor: Principal, numbered: Bool = false,
                        _ make: @escaping @Sendable (WarningRecord, Date, String) throws -> WarningStep) async throws -> WarningRecord {
        let now = CAPTime.wholeSecond(clock.now())
        let settings = self.settings
        return try await store.database.write { tx in
            guard let current = try await store.record(id, on: tx.sql) else { throw WarningProblem.unknownWarning(id.rawValue) }
            guard current.version == version else { throw InputProblem.staleVersion(expected: version, actual: current.version) }
            var identifier = ""
            if numbered {
                let prefix = IdentifierForm.prefix(settings: settings, at: now)
                let sequence = try await store.nextSequence(for: prefix, in: tx)
                guard sequence <= IdentifierForm.maximumSequence else { throw WarningProblem.identifierSequenceExhausted }
                identifier = IdentifierForm.identifier(prefix: prefix, sequence: sequence)
            }
            let step = try make(current, now, identifier)
            try await store.update(step.record, expecting: current.version, in: tx)
            if let issued = step.issued {
                try await store.insertMessage(issued.message, xml: issued.xml, of: id, in: tx)
            }
            try await journal(step, actor: actor.actor, in: tx)
            return step.record
        }
    }

    private func journal(_ step: WarningStep, actor: String, in tx: Transaction) async throws {
        try await Journal.append(try NewEvent(kind: step.eventKind, subject: "warning:\(step.record.id)", actor: actor,
                                              department: step.record.department?.rawValue, payload: step.payload),
                                 in: tx, clock: clock)
    }

    static func newID() -> WarningDraftID {
        var random = SystemRandomNumberGenerator()
        return WarningDraftID.random(using: &random)
    }
}

typealias WarningStep = WarningWorkflow.Step
