import Foundation
import HubKit

/// What the workflow needs to know besides the case: categories, responsibility, the calendar and policy.
public struct WorkflowContext: Sendable {
    public var category: @Sendable (CategoryCode) -> Category?
    /// The department responsible for a category in a grid (from the responsibility table), if any.
    public var responsible: @Sendable (GridCode, CategoryCode) -> DepartmentID?
    public var calendar: WorkingCalendar
    /// How long after closing a case may be reopened.
    public var reopenWindowDays: Int
    /// An after-photo must be taken within this distance of the case.
    public var fixPhotoRadiusMetres: Double
    /// The limit for accepting a report before it has a category.
    public var acceptLimit: WorkDuration

    public init(category: @escaping @Sendable (CategoryCode) -> Category?,
                responsible: @escaping @Sendable (GridCode, CategoryCode) -> DepartmentID?,
                calendar: WorkingCalendar, reopenWindowDays: Int = 7, fixPhotoRadiusMetres: Double = 30,
                acceptLimit: WorkDuration = .workingHours(1)) {
        self.category = category
        self.responsible = responsible
        self.calendar = calendar
        self.reopenWindowDays = reopenWindowDays
        self.fixPhotoRadiusMetres = fixPhotoRadiusMetres
        self.acceptLimit = acceptLimit
    }
}

/// The result of one action: the case after it, and what to record and tell.
public struct Transition: Sendable {
    public var record: CaseRecord
    /// `case.<action>`; written to the journal in the same transaction as the record.
    public var eventKind: String
    public var payload: [String: String]
    /// Departments to notify (assignments, returns, rework); the centre is notified through its inbox.
    public var notify: [DepartmentID]
    /// Evidence that comes with the step (the after-photo of a fix report), stored in the same transaction.
    public var photos: [PhotoEvidence] = []

    /// What the journal event carries: the step's details plus the state and version it leaves (which the audit's
    /// replay folds, see `ReplayedCase`).
    public var eventPayload: [String: String] {
        var payload = payload
        payload["state"] = record.state.rawValue
        payload["version"] = String(record.version)
        return payload
    }
}

/// The case loop of GB/T 30428 practice as a pure state machine with role and department guards.
///
/// Roles: the centre (dispatcher, admin) accepts, files, dispatches, verifies, closes, shelves, recategorises,
/// merges, reopens and decides extensions; inspectors may verify on the spot; the responsible department's
/// operators and head take on, return, report fixes and ask for extensions — on their own cases only.
public enum Workflow {
    static let centre: Set<Role> = [.dispatcher, .admin]
    static let verifiers: Set<Role> = [.dispatcher, .admin, .inspector]
    static let department: Set<Role> = [.departmentOperator, .departmentHead]

    /// Whether `principal` sees and acts on its own department's cases only (department operators and heads).
    public static func limitedToOwnDepartment(_ principal: Principal) -> Bool {
        department.contains(principal.role)
    }

    public static func apply(_ action: CaseAction, to current: CaseRecord, by actor: Principal, at now: Date,
                             context: WorkflowContext) throws -> Transition {
        var next = current
        var payload: [String: String] = [:]
        var notify: [DepartmentID] = []
        var photos: [PhotoEvidence] = []
        func require(_ states: Set<CaseState>) throws(CaseProblem) {
            guard states.contains(current.state) else { throw .invalidTransition(state: current.state, action: action.name) }
        }
        func reason(_ text: String) throws(CaseProblem) -> String {
            try Reason.required(text, for: action.name)
        }

        switch action {
        case .accept:
            try allow(actor, centre)
            try require([.reported])
            next.state = .accepted
            next.awaitingReview = false
        case .reject(let why):
            try allow(actor, centre)
            try require([.reported, .accepted])
            next.rejectedReason = try reason(why)
            payload["reason"] = next.rejectedReason
            next.state = .rejected
            next.awaitingReview = false
            endStage(&next, at: now)
        case .file(let code):
            try allow(actor, centre)
            try require([.reported, .accepted])
            guard let category = context.category(code) else { throw CaseProblem.unknownCategory(code.rawValue) }
            guard let grid = current.grid else { throw CaseProblem.missingFields(["grid"]) }
            next.category = code
            next.filedAt = now
            next.state = .filed
            next.suggestedDepartment = context.responsible(grid, code)
            startStage(&next, .dispatch, category, at: now, context)
            payload["category"] = code.rawValue
            payload["grid"] = grid.rawValue
            if let suggested = next.suggestedDepartment { payload["suggestedDepartment"] = suggested.rawValue }
        case .dispatch(let target, let override):
            try allow(actor, centre)
            try require([.filed, .returned])
            guard let grid = current.grid, let code = current.category, let category = context.category(code) else {
                throw CaseProblem.missingFields(["category", "grid"].filter { $0 == "grid" ? current.grid == nil : current.category == nil })
            }
            let suggested = context.responsible(grid, code)
            let overrideText = override?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if target != suggested {
                guard !overrideText.isEmpty else { throw CaseProblem.dispatchOverrideRequired(suggested: suggested) }
                next.dispatchOverrideReason = String(overrideText.prefix(500))
                payload["overrideReason"] = next.dispatchOverrideReason
            } else {
                next.dispatchOverrideReason = nil
            }
            endStage(&next, at: now)
            next.suggestedDepartment = suggested
            next.department = target
            next.dispatchedAt = now
            next.dispatchCount += 1
            next.state = .dispatched
            startStage(&next, .handle, category, at: now, context)
            next.handleDueAt = next.dueAt
            payload["department"] = target.rawValue
            notify.append(target)
        case .startHandling:
            try allowDepartment(actor, of: current)
            try require([.dispatched])
            next.state = .handling
        case .returnToCentre(let why):
            try allowDepartment(actor, of: current)
            try require([.dispatched, .handling])
            payload["reason"] = try reason(why)
            next.returnCount += 1
            next.state = .returned
            endStage(&next, at: now)
            if let category = current.category.flatMap(context.category) {
                startStage(&next, .dispatch, category, at: now, context)
            }
            payload["department"] = current.department?.rawValue
            next.department = nil
        case .reportFixed(let photo, let note):
            try allowDepartment(actor, of: current)
            try require([.dispatched, .handling])
            let faults = photoFaults(photo, for: current, context: context)
            guard faults.isEmpty else { throw CaseProblem.fixPhotoRejected(faults) }
            endStage(&next, at: now)
            next.fixReportedAt = now
            next.state = .fixReported
            if let category = current.category.flatMap(context.category) {
                startStage(&next, .verify, category, at: now, context)
            }
            payload["photo"] = photo.sha256
            photos.append(photo)
            if !note.isEmpty { payload["note"] = String(note.prefix(500)) }
        case .verify(let passed, let note):
            try allow(actor, verifiers)
            try require([.fixReported])
            if !note.isEmpty { payload["note"] = String(note.prefix(500)) }
            endStage(&next, at: now)
            if passed {
                next.verifiedAt = now
                next.state = .verified
                if let category = current.category.flatMap(context.category) {
                    startStage(&next, .close, category, at: now, context)
                }
            } else {
                // Rework: back to the same department; the original handling deadline stands.
                next.reworkCount += 1
                next.state = .handling
                next.stage = .handle
                next.stageStartedAt = now
                next.dueAt = current.handleDueAt
                next.warnAt = current.handleDueAt.map { context.calendar.instant(atFraction: 0.75, from: now, to: $0) }
                next.warnedAt = nil
                next.overdueAt = nil
                if let department = current.department { notify.append(department) }
            }
        case .close(let note):
            try allow(actor, centre)
            try require([.verified])
            endStage(&next, at: now)
            next.closedAt = now
            next.state = .closed
            if !note.isEmpty { payload["note"] = String(note.prefix(500)) }
        case .requestExtension(let until, let why):
            try allowDepartment(actor, of: current)
            try require([.dispatched, .handling])
            guard let due = current.dueAt, until > due else {
                throw CaseProblem.invalidExtension(LocalizedText(zh: "新的期限必须晚于当前期限。", en: "The new deadline must be later than the current one."))
            }
            guard current.extensionRequestedUntil == nil else {
                throw CaseProblem.invalidExtension(LocalizedText(zh: "已有待审批的延期申请。", en: "An extension request is already pending."))
            }
            next.extensionRequestedUntil = until
            next.extensionReason = try reason(why)
            payload["until"] = until.formatted(.iso8601)
            payload["reason"] = next.extensionReason
        case .decideExtension(let approved, let note):
            try allow(actor, centre)
            guard let until = current.extensionRequestedUntil else {
                throw CaseProblem.invalidTransition(state: current.state, action: action.name)
            }
            if approved {
                next.dueAt = until
                next.handleDueAt = until
                next.warnAt = current.stageStartedAt.map { context.calendar.instant(atFraction: 0.75, from: $0, to: until) }
                next.warnedAt = nil
                next.overdueAt = nil
                next.extensionCount += 1
            }
            next.extensionRequestedUntil = nil
            next.extensionReason = nil
            payload["until"] = until.formatted(.iso8601)
            payload["approver"] = actor.actor
            if !note.isEmpty { payload["note"] = String(note.prefix(500)) }
            if let department = current.department { notify.append(department) }
        case .shelve(let why):
            try allow(actor, centre)
            guard current.state.isOpen, current.state != .shelved else {
                throw CaseProblem.invalidTransition(state: current.state, action: action.name)
            }
            next.shelvedReason = try reason(why)
            next.shelvedFrom = current.state
            payload["reason"] = next.shelvedReason
            next.state = .shelved
        case .unshelve:
            try allow(actor, centre)
            try require([.shelved])
            next.state = current.shelvedFrom ?? .filed
            next.shelvedFrom = nil
            next.shelvedReason = nil
        case .recategorise(let code, let why):
            try allow(actor, centre)
            try require([.filed, .dispatched, .handling, .returned])
            guard let category = context.category(code) else { throw CaseProblem.unknownCategory(code.rawValue) }
            guard code != current.category else { throw CaseProblem.invalidTransition(state: current.state, action: action.name) }
            payload["reason"] = try reason(why)
            payload["from"] = current.category?.rawValue
            payload["category"] = code.rawValue
            endStage(&next, at: now)
            next.category = code
            next.department = nil
            next.state = .filed
            next.suggestedDepartment = current.grid.flatMap { context.responsible($0, code) }
            startStage(&next, .dispatch, category, at: now, context)
        case .merge(let original):
            try allow(actor, centre)
            try require([.reported, .accepted, .filed])
            guard original != current.id else { throw CaseProblem.invalidTransition(state: current.state, action: action.name) }
            next.mergedInto = original
            next.state = .merged
            endStage(&next, at: now)
            payload["into"] = original.rawValue
        case .reopen(let why):
            try allow(actor, centre)
            try require([.closed])
            guard let closed = current.closedAt, now.timeIntervalSince(closed) <= Double(context.reopenWindowDays) * 86_400 else {
                throw CaseProblem.reopenWindowPassed(days: context.reopenWindowDays)
            }
            payload["reason"] = try reason(why)
            next.closedAt = nil
            next.verifiedAt = nil
            next.department = nil
            next.state = .filed
            if let category = current.category.flatMap(context.category) {
                startStage(&next, .dispatch, category, at: now, context)
            }
        }
        next.version = current.version + 1
        return Transition(record: next, eventKind: "case.\(action.name)", payload: payload, notify: notify, photos: photos)
    }

    /// Why an after-photo does not prove a fix: taken before dispatch, too far away, or without time or place.
    public static func photoFaults(_ photo: PhotoEvidence, for record: CaseRecord, context: WorkflowContext) -> [LocalizedText] {
        var faults: [LocalizedText] = []
        if let taken = photo.takenAt {
            if let dispatched = record.dispatchedAt, taken < dispatched {
                faults.append(LocalizedText(zh: "照片拍摄于派遣之前", en: "the photo was taken before dispatch"))
            }
        } else {
            faults.append(LocalizedText(zh: "照片没有拍摄时间（EXIF 或设备提供）", en: "the photo has no capture time (EXIF or device)"))
        }
        if let place = photo.location {
            let distance = place.distance(to: record.location)
            if distance > context.fixPhotoRadiusMetres {
                faults.append(LocalizedText(zh: "照片拍摄地点距案件 \(Int(distance.rounded())) 米，超过 \(Int(context.fixPhotoRadiusMetres)) 米",
                                            en: "the photo was taken \(Int(distance.rounded())) m from the case, more than \(Int(context.fixPhotoRadiusMetres)) m"))
            }
        } else {
            faults.append(LocalizedText(zh: "照片没有拍摄位置（EXIF 或设备提供）", en: "the photo has no capture location (EXIF or device)"))
        }
        return faults
    }

    static func allow(_ actor: Principal, _ roles: Set<Role>) throws(AccessProblem) {
        guard roles.contains(actor.role) else { throw .forbiddenRole(required: Role.allCases.filter(roles.contains)) }
    }

    /// A department role acting on its own department's case; anything else is refused.
    static func allowDepartment(_ actor: Principal, of record: CaseRecord) throws(AccessProblem) {
        try allow(actor, department)
        guard let owner = record.department, actor.departmentID == owner else { throw .notYourDepartment }
    }

    static func startStage(_ record: inout CaseRecord, _ stage: CaseStage, _ category: Category, at now: Date,
                           _ context: WorkflowContext) {
        record.stage = stage
        record.stageStartedAt = now
        record.dueAt = category.limits[stage].map { context.calendar.deadline(from: now, adding: $0) }
        record.warnAt = record.dueAt.map { context.calendar.instant(atFraction: 0.75, from: now, to: $0) }
        record.warnedAt = nil
        record.overdueAt = nil
    }

    /// Closes the current stage, remembering whether it ended late.
    static func endStage(_ record: inout CaseRecord, at now: Date) {
        if let due = record.dueAt, now > due { record.everOverdue = true }
        record.stage = nil
        record.stageStartedAt = nil
        record.dueAt = nil
        record.warnAt = nil
        record.warnedAt = nil
        record.overdueAt = nil
    }
}
