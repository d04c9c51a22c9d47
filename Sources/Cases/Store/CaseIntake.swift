import Foundation
import HubKit
import SQLKit

/// A case as stored: the record and its canonical JSON.
public struct StoredCase: Sendable {
    public let record: CaseRecord
    public let json: String
}

/// Takes reports in: checks them, places them on a grid, looks for duplicates, and stores the case, its photos
/// and its `case.reported` event in one transaction. A report outside every grid stores nothing.
public struct CaseIntake: Sendable {
    public let transactions: CaseTransactions
    public let catalogue: CaseCatalogue
    public let photos: PhotoStore
    public let locator: any GridLocating

    public init(transactions: CaseTransactions, catalogue: CaseCatalogue, photos: PhotoStore, locator: any GridLocating) {
        self.transactions = transactions
        self.catalogue = catalogue
        self.photos = photos
        self.locator = locator
    }

    /// Who files confident camera reports in the journal.
    static let autoFiler = Principal(kind: .apiKey, id: "auto-filing", name: "automatic filing", role: .dispatcher, departmentID: nil)

    var store: CaseStore { transactions.store }
    var clock: HubClock { transactions.clock }

    /// A person's report (inspector, citizen app, dispatcher); with the stored canonical JSON, which is what the
    /// API answers with.
    public func report(_ input: ReportInput, source: ReportSource, by actor: Principal) async throws -> StoredCase {
        let (code, location) = try Intake.check(input, categoryExists: { catalogue.category($0) != nil })
        guard let category = catalogue.category(code) else { throw CaseProblem.unknownCategory(code.rawValue) }
        guard let grid = locator.grid(containing: location) else {
            throw CaseProblem.outOfGrid(nearestStreet: locator.nearestStreetName(to: location))
        }
        guard let pendingID = CaseStore.pendingID else { throw CaseProblem.invalidTransition(state: .reported, action: "number") }
        let now = clock.now()
        // Photos never change once stored and duplicates are only a hint, so both are read before the write
        // transaction, and the record is encoded before it too, keeping the single writer busy as briefly as possible.
        let (evidence, candidates) = try await store.database.read { sql in
            (try await resolve(input.photos ?? [], purpose: .report, by: actor, at: now, on: sql),
             try await duplicates(of: location, category: category, at: now, on: sql))
        }
        var record = CaseRecord(id: pendingID, source: source, reporter: actor.actor, reportedAt: now, location: location,
                                address: input.address,
                                description: (input.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                category: code, grid: grid)
        record.duplicateCandidates = candidates
        let template = try CanonicalJSON.encode(record)
        return try await store.database.write { tx in
            var numbered = record
            numbered.id = try await store.nextID(at: now, in: tx)
            let body = CaseStore.body(template, numbered: numbered.id)
            try await insert(numbered, body: body, photos: evidence, by: actor, in: tx)
            return StoredCase(record: numbered, json: body)
        }
    }

    /// A camera detection: folded into the camera's open report of the same category within the fold window,
    /// else a new report — filed automatically at or above the category's confidence threshold, otherwise
    /// waiting in the intake queue for a person. Never filed automatically below the threshold.
    public func cameraEvent(_ input: CameraEventInput, cameraLocation: GeoPoint?, by actor: Principal,
                            context: WorkflowContext) async throws -> (record: CaseRecord, decision: Intake.CameraDecision) {
        let (camera, code, confidence, location) = try Intake.check(input, cameraLocation: cameraLocation,
                                                                    categoryExists: { catalogue.category($0) != nil })
        guard let category = catalogue.category(code) else { throw CaseProblem.unknownCategory(code.rawValue) }
        guard let grid = locator.grid(containing: location) else {
            throw CaseProblem.outOfGrid(nearestStreet: locator.nearestStreetName(to: location))
        }
        let now = clock.now()
        let at = input.at ?? now
        return try await store.database.write { tx in
            let last = try await store.lastFold(camera: camera, category: code, on: tx.sql)
            let decision = Intake.decide(confidence: confidence, category: category, at: at, lastFold: last)
            if case .fold(let id) = decision, let current = try await store.record(id, on: tx.sql) {
                try await store.recordFold(camera: camera, category: code, caseID: id, at: at, in: tx)
                try await Journal.append(try NewEvent(kind: "case.camera_event_folded", subject: "case:\(id)", actor: actor.actor,
                                                      department: current.department?.rawValue,
                                                      payload: ["camera": camera, "confidence": String(confidence)]),
                                         in: tx, clock: clock)
                return (current, decision)
            }
            let snapshot = try await resolve(input.snapshot.map { [PhotoReference(sha256: $0, takenAt: at, location: location)] } ?? [],
                                             purpose: .report, by: actor, at: now, on: tx.sql)
            var record = CaseRecord(id: try await store.nextID(at: now, in: tx), source: .camera, reporter: "camera:\(camera)",
                                    reportedAt: at, location: location, description: "\(category.name.zh) / \(category.name.en)",
                                    category: code, grid: grid)
            record.confidence = confidence
            record.awaitingReview = decision == .queue
            record.duplicateCandidates = try await duplicates(of: location, category: category, at: at, excluding: record.id, on: tx.sql)
            try await insert(record, photos: snapshot, by: actor, in: tx)
            try await store.recordFold(camera: camera, category: code, caseID: record.id, at: at, in: tx)
            guard decision == .file, record.duplicateCandidates.isEmpty else { return (record, decision) }
            // Confident and new: accepted and filed by the system, ready for dispatch.
            var current = record
            for action in [CaseAction.accept, .file(category: code)] {
                let step = try Workflow.apply(action, to: current, by: Self.autoFiler, at: now, context: context)
                try await transactions.commit(step, replacing: current, by: Self.autoFiler, at: now, in: tx)
                current = step.record
            }
            return (current, decision)
        }
    }

    func duplicates(of location: GeoPoint, category: Category, at time: Date, excluding id: CaseID? = nil,
                    on sql: any SQLDatabase) async throws -> [DuplicateCandidate] {
        let box = DuplicateFinder.searchBox(around: location, metres: category.duplicateRadiusMetres)
        let window = category.duplicateWindowHours * 3600
        let nearby = try await store.openCases(category: category.code, in: box, since: time.addingTimeInterval(-window), on: sql)
        return DuplicateFinder.candidates(for: location, category: category, at: time, among: nearby, excluding: id)
    }

    func insert(_ record: CaseRecord, body: String? = nil, photos evidence: [PhotoEvidence], by actor: Principal,
                in tx: Transaction) async throws {
        try await store.insert(record, body: body, in: tx)
        for photo in evidence { try await store.attach(photo, to: record.id, in: tx) }
        var payload = ["source": record.source.rawValue, "category": record.category?.rawValue ?? "",
                       "grid": record.grid?.rawValue ?? "", "lon": String(record.location.lon), "lat": String(record.location.lat)]
        if !record.duplicateCandidates.isEmpty {
            payload["duplicateCandidates"] = record.duplicateCandidates.map(\.caseID.rawValue).joined(separator: " ")
        }
        if record.awaitingReview { payload["awaitingReview"] = "true" }
        try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:\(record.id)", actor: actor.actor,
                                              payload: payload), in: tx, clock: clock)
    }

    /// Photo references as evidence: each must have been uploaded; EXIF time and place win over the device's.
    public func resolve(_ references: [PhotoReference], purpose: PhotoEvidence.Purpose, by actor: Principal, at now: Date,
                        on sql: any SQLDatabase) async throws -> [PhotoEvidence] {
        var evidence: [PhotoEvidence] = []
        var unknown: [String] = []
        for reference in references {
            guard let stored = try await photos.photo(reference.sha256.lowercased(), on: sql) else {
                unknown.append("photos: \(reference.sha256.prefix(16))… (upload it first: POST /api/v1/photos)")
                continue
            }
            let fromExif = stored.takenAt != nil || stored.location != nil
            let fromDevice = reference.takenAt != nil || reference.location != nil
            evidence.append(PhotoEvidence(sha256: stored.sha256, mediaType: stored.mediaType, purpose: purpose,
                                          takenAt: stored.takenAt ?? reference.takenAt, location: stored.location ?? reference.location,
                                          origin: fromExif ? .exif : (fromDevice ? .device : .none), uploadedAt: now,
                                          uploadedBy: actor.actor))
        }
        guard unknown.isEmpty else { throw CaseProblem.missingFields(unknown) }
        return evidence
    }
}
