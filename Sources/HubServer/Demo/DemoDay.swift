import Cases
import Foundation
import HubKit
import Logging

/// Plays one working day of cases into a freshly loaded demo district: the last working day before now,
/// 08:00–18:00 Asia/Shanghai, about two hundred reports from inspectors and cameras carried through the national
/// workflow at realistic times (`DemoDayPlan`), with the deadline watcher ticking along. Deterministic (seeded),
/// and played once: the HubMeta key `demo.day` is claimed before the first case is written.
struct DemoDay: Sendable {
    static let playedKey = "demo.day"
    static let seed: UInt64 = 2020_1125
    /// The address of the mission's worked example (the 10:00 sidewalk-vending case).
    static let exampleAddress = "解放碑步行街 Jiefangbei Pedestrian Street"

    let services: HubServices

    /// 08:00 of the last working day before the day of `now`, in the calendar's zone.
    static func opening(before now: Date, calendar: WorkingCalendar) -> Date {
        var instant = now
        repeat { instant = instant.addingTimeInterval(-86_400) } while !calendar.isWorkingDay(calendar.localDay(of: instant))
        let day = calendar.localDay(of: instant)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(secondsFromGMT: calendar.utcOffsetSeconds) ?? .gmt
        return gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 8)) ?? instant
    }

    /// Plays the day unless it was played (or is being played) already; returns what it played, or nil.
    @discardableResult
    func play(logger: Logger) async throws -> DemoDaySummary? {
        let claimed = try await services.database.write { tx -> Bool in
            guard try await HubMeta.value(Self.playedKey, on: tx.sql) == nil else { return false }
            try await HubMeta.set(Self.playedKey, to: "playing", in: tx)
            return true
        }
        guard claimed else { return nil }
        let started = Date()
        let desk = services.cases
        let opening = Self.opening(before: services.clock.now(), calendar: desk.calendar)
        let clock = ManualClock(opening)   // moved step by step, so event and case times read like the real day
        let player = try await DemoDayPlayer(services: services, clock: clock, opening: opening)
        let snapshot = services.geography.snapshot
        let grids = try await services.geography.store.grids().sorted { $0.code < $1.code }
        let spots = grids.compactMap { grid -> GeoPoint? in
            guard let box = grid.boundary.boundingBox else { return nil }
            let centre = GeoPoint(lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2)
            return snapshot.index.grid(containing: centre) == grid.code ? centre : nil
        }
        let square = try await services.geography.store.features(kind: .place).first { $0.id == "place-jiefangbei" }
        var example = spots.first ?? GeoPoint(lon: 106.58, lat: 29.56)
        if case .polygon(let polygon)? = square?.geometry, polygon.exterior.count > 1 {
            let corners = polygon.exterior.dropLast()
            let centre = GeoPoint(lon: corners.map(\.lon).reduce(0, +) / Double(corners.count),
                                  lat: corners.map(\.lat).reduce(0, +) / Double(corners.count))
            if snapshot.index.grid(containing: centre) != nil { example = centre }
        }
        let plan = DemoDayPlan.make(opening: opening, seed: Self.seed, spots: spots,
                                    cameras: snapshot.cameras.sorted { $0.key < $1.key }.map { (id: $0.key, position: $0.value) },
                                    examplePlace: example, inspectors: player.cast.inspectors.count, context: desk.context,
                                    locate: { snapshot.index.grid(containing: $0) })

        var ids: [Int: CaseID] = [:]
        var skipped = Set<Int>()
        for step in plan.steps {
            clock.set(step.at)
            if step.action == .tick {
                try await player.watcher.tick(at: step.at)
                continue
            }
            guard !skipped.contains(step.report) else { continue }
            let report = plan.reports[step.report]
            do {
                ids[step.report] = try await player.perform(step, report, id: ids[step.report],
                                                            original: report.duplicateOf.flatMap { ids[$0] })
            } catch let error where error is CaseProblem || error is AccessProblem || error is InputProblem || error is DemoDayMismatch {
                logger.warning("demo day: a planned case left its plan", metadata: [
                    "report": "\(step.report)", "action": "\(step.action)", "error": "\(error)"])
                skipped.insert(step.report)
            }
        }

        let summary = DemoDaySummary(day: desk.calendar.localDay(of: opening).description, reports: plan.reports.count,
                                     cases: Set(ids.values).count, steps: plan.steps.count, skipped: skipped.count,
                                     example: ids[plan.example]?.rawValue)
        let systemClock = services.clock
        try await services.database.write { tx in
            try await HubMeta.set(Self.playedKey, to: try CanonicalJSON.encode(summary), in: tx)
            _ = try await Journal.append(try NewEvent(kind: "demo.day_played", subject: "demo-day:\(summary.day)", actor: "system",
                                                      payload: summary), in: tx, clock: systemClock)
        }
        logger.info("demo day played", metadata: [
            "day": "\(summary.day)", "reports": "\(summary.reports)", "cases": "\(summary.cases)", "skipped": "\(summary.skipped)",
            "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
        return summary
    }
}

/// What the demo day played, kept as the value of HubMeta `demo.day`.
struct DemoDaySummary: Sendable, Codable, Hashable {
    var day: String
    var reports: Int
    var cases: Int
    var steps: Int
    /// Reports whose plan the workflow refused part-way (0 when the plan and the rules agree).
    var skipped: Int
    /// The worked example's case id.
    var example: String?
}

/// A planned step met a case in a state the plan did not foresee (a camera event folded unexpectedly).
struct DemoDayMismatch: Error {}


/// The people and machines of the demo day: the demo accounts where they fit, named stand-ins elsewhere.
struct DemoCast: Sendable {
    var dispatchers: [Principal]
    var inspectors: [Principal]
    var operators: [DepartmentID: Principal]
    let analytics = Principal(kind: .apiKey, id: "demo-video-analytics", name: "视频智能分析 Video analytics", role: .viewer,
                              departmentID: nil, scopes: ["cases:camera"])

    init(users: [UserView]) {
        let centre = DepartmentID(rawValue: "command-centre")
        func person(_ username: String) -> Principal? {
            users.first { $0.username == username }.map {
                Principal(kind: .user, id: $0.id, name: $0.displayName, role: $0.role, departmentID: $0.departmentId)
            }
        }
        dispatchers = [person("dispatcher") ?? Principal(kind: .user, id: "demo-dispatcher-1", name: "调度员 1 Dispatcher 1",
                                                         role: .dispatcher, departmentID: centre),
                       Principal(kind: .user, id: "demo-dispatcher-2", name: "调度员 2 Dispatcher 2", role: .dispatcher, departmentID: centre)]
        inspectors = [person("inspector")].compactMap { $0 } + (2...6).map {
            Principal(kind: .user, id: "demo-inspector-\($0)", name: "巡查员 \($0) Inspector \($0)", role: .inspector, departmentID: centre)
        }
        operators = [:]
        for username in ["operator", "drainage"] {
            if let principal = person(username), let department = principal.departmentID { operators[department] = principal }
        }
    }

    /// The centre's dispatcher on duty: the morning shift until 13:00 local, then the afternoon shift.
    func dispatcher(at instant: Date, calendar: WorkingCalendar) -> Principal {
        let local = Int(instant.timeIntervalSince1970) + calendar.utcOffsetSeconds
        return dispatchers[((local % 86_400) / 3600) < 13 ? 0 : 1]
    }

    func operatorOf(_ department: DepartmentID?) -> Principal? {
        guard let department else { return nil }
        return operators[department] ?? Principal(kind: .user, id: "demo-operator-\(department)", name: "\(department) 处置员 operator",
                                                  role: .departmentOperator, departmentID: department)
    }
}

/// Carries planned steps out through the real intake and workflow, at the moving clock's time.
struct DemoDayPlayer: Sendable {
    let services: HubServices
    let clock: ManualClock
    let transactions: CaseTransactions
    let intake: CaseIntake
    let watcher: DeadlineWatcher
    let cast: DemoCast
    /// The day's photos: the scene as reported, the fix, and the second fix after a failed check.
    let scene: String, fixed: String, refixed: String

    init(services: HubServices, clock: ManualClock, opening: Date) async throws {
        self.services = services
        self.clock = clock
        let desk = services.cases
        transactions = CaseTransactions(store: desk.store, clock: clock.clock)
        intake = CaseIntake(transactions: transactions, catalogue: desk.catalogue, photos: desk.photos, locator: services.geography)
        watcher = DeadlineWatcher(transactions: transactions)
        cast = DemoCast(users: try await services.accounts.store.users())
        scene = try await desk.photos.save(DemoPhotos.png(base: (214, 120, 60)), by: "system", at: opening).sha256
        fixed = try await desk.photos.save(DemoPhotos.png(base: (96, 168, 110)), by: "system", at: opening).sha256
        refixed = try await desk.photos.save(DemoPhotos.png(base: (90, 140, 190)), by: "system", at: opening).sha256
    }

    /// Applies one planned step to the case `id` (nil before its report); returns the case's id.
    func perform(_ step: DemoStep, _ report: DemoReport, id: CaseID?, original: CaseID?) async throws -> CaseID? {
        let at = step.at, calendar = services.cases.calendar, context = services.cases.context
        let centre = cast.dispatcher(at: at, calendar: calendar)
        if step.action == .report { return try await file(report, at: at) }
        guard let id else { throw DemoDayMismatch() }
        switch step.action {
        case .report, .tick:
            break
        case .cameraRepeat:
            guard case .camera(let camera, let position, let confidence) = report.reporter else { throw DemoDayMismatch() }
            let result = try await intake.cameraEvent(cameraInput(camera, report.problem.code, confidence, at), cameraLocation: position,
                                                      by: cast.analytics, context: context)
            guard result.decision == .fold(id) else { throw DemoDayMismatch() }
        case .triage:
            try await advance(id, at) { $0.state == .reported ? (.accept, centre) : nil }
            try await advance(id, at.addingTimeInterval(40)) { $0.state == .accepted ? (.file(category: report.problem.code), centre) : nil }
        case .reject(let reason):
            try await advance(id, at) { _ in (.reject(reason: reason), centre) }
        case .merge:
            guard let original else { throw DemoDayMismatch() }
            try await advance(id, at) { _ in (.merge(into: original), centre) }
        case .dispatch(let override):
            try await advance(id, at) { record in
                guard let grid = record.grid, let code = record.category, let suggested = context.responsible(grid, code) else { return nil }
                let other = suggested.rawValue.hasPrefix("street-") ? DepartmentID(rawValue: "city-management")
                    : DepartmentID(rawValue: "street-\(grid.street.rawValue.suffix(3))")
                guard let override, let other else { return (.dispatch(department: suggested, overrideReason: nil), centre) }
                return (.dispatch(department: other, overrideReason: override), centre)
            }
        case .start:
            try await advance(id, at) { record in cast.operatorOf(record.department).map { (.startHandling, $0) } }
        case .giveBack(let reason):
            try await advance(id, at) { record in cast.operatorOf(record.department).map { (.returnToCentre(reason: reason), $0) } }
        case .fix(let second):
            let photo = { (record: CaseRecord) in
                PhotoEvidence(sha256: second ? refixed : fixed, mediaType: "image/png", purpose: .fix, takenAt: at.addingTimeInterval(-30),
                              location: record.location, origin: .device, uploadedAt: at, uploadedBy: cast.operatorOf(record.department)?.actor ?? "")
            }
            try await advance(id, at) { record in
                cast.operatorOf(record.department).map {
                    (.reportFixed(photo: photo(record), note: second ? "返工完成 / Reworked" : "整改完毕 / Rectification complete"), $0)
                }
            }
        case .verify(let passed, let note):
            let verifier = passed && id.rawValue.hasSuffix("3") ? cast.inspectors[0] : centre
            try await advance(id, at) { _ in (.verify(passed: passed, note: note), verifier) }
        case .close:
            try await advance(id, at) { _ in (.close(note: "结案 / Closed"), centre) }
        case .askExtension(let reason):
            try await advance(id, at) { record in
                guard let due = record.dueAt, let head = cast.operatorOf(record.department) else { return nil }
                return (.requestExtension(until: calendar.deadline(from: due, adding: .workingDays(2)), reason: reason), head)
            }
        case .grantExtension:
            try await advance(id, at) { _ in (.decideExtension(approved: true, note: "同意延期 / Extension approved"), centre) }
        }
        return id
    }

    /// Takes a report in through the intake, as an inspector's app or the video analytics would send it.
    func file(_ report: DemoReport, at: Date) async throws -> CaseID {
        switch report.reporter {
        case .inspector(let n):
            let input = ReportInput(category: report.problem.code.rawValue, location: report.location, description: report.description,
                                    address: report.description.contains("解放碑步行街") ? DemoDay.exampleAddress : address(of: report.location),
                                    photos: [PhotoReference(sha256: scene, takenAt: at.addingTimeInterval(-60), location: report.location)])
            return try await intake.report(input, source: .inspector, by: cast.inspectors[n % cast.inspectors.count]).record.id
        case .camera(let camera, let position, let confidence):
            let result = try await intake.cameraEvent(cameraInput(camera, report.problem.code, confidence, at), cameraLocation: position,
                                                      by: cast.analytics, context: services.cases.context)
            if case .fold = result.decision { throw DemoDayMismatch() }
            return result.record.id
        }
    }

    /// A detection as the analytics feed posts it.
    func cameraInput(_ camera: String, _ code: CategoryCode, _ confidence: Double, _ at: Date) -> CameraEventInput {
        CameraEventInput(camera: camera, category: code.rawValue, confidence: confidence, at: at, snapshot: scene)
    }

    func address(of point: GeoPoint) -> String? {
        let snapshot = services.geography.snapshot
        guard let grid = snapshot.index.grid(containing: point), let street = snapshot.streets[grid.street] else { return nil }
        let community = snapshot.communities[grid.community]
        return "\(street.name)\(community?.name ?? "") / \(street.nameEn)\(community.map { ", \($0.nameEn)" } ?? "")"
    }

    /// One workflow step on case `id` at `now`, with its journal event, in one transaction; `decide` sees the stored
    /// case and returns nil when the step does not apply to it.
    func advance(_ id: CaseID, _ now: Date, _ decide: (CaseRecord) -> (action: CaseAction, actor: Principal)?) async throws {
        clock.set(now)
        try await services.database.write { tx in
            guard let current = try await transactions.store.record(id, on: tx.sql) else { throw CaseProblem.unknownCase(id.rawValue) }
            guard let (action, actor) = decide(current) else { return }
            let step = try Workflow.apply(action, to: current, by: actor, at: now, context: services.cases.context)
            try await transactions.commit(step, replacing: current, by: actor, at: now, in: tx)
        }
    }
}
