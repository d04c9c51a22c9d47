import Foundation
import HubKit
import SQLKit

/// SQL for the case loop. A case row keeps the whole `CaseRecord` as canonical JSON plus the columns that
/// queries filter and sort on (state, department, category, place, due time). Every change happens inside the
/// caller's transaction together with its journal event.
public struct CaseStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    // MARK: cases

    /// The day's next number goes into the case inside the write transaction, but encoding the whole record
    /// there would keep the single writer busy; so the body is encoded before, with this id, and the real one
    /// is put in its place (ids all have the same length and this one is never issued: there is no day 0).
    static let pendingID = CaseID(rawValue: "00000000-000000")
    static let pendingIDField = "\"id\":\"00000000-000000\""

    /// The canonical JSON of a record whose id is `pendingID`, with `id` in the id field. (A byte search: Foundation's
    /// `replacingOccurrences` took a tenth of the intake's time.)
    static func body(_ template: String, numbered id: CaseID) -> String {
        let field = Array(pendingIDField.utf8)
        var bytes = Array(template.utf8)
        guard bytes.count >= field.count,
              let start = (0...(bytes.count - field.count)).first(where: { bytes[$0..<($0 + field.count)].elementsEqual(field) })
        else { return template }
        let digits = Array(id.rawValue.utf8)
        bytes.replaceSubrange((start + 6)..<(start + 6 + digits.count), with: digits)
        return String(decoding: bytes, as: UTF8.self)
    }

    static let countCase = FixedSQL("""
        INSERT INTO case_counters (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = case_counters.last + 1 RETURNING last
        """)

    /// The next case id of the local (UTC+8) day, gap-free per day.
    public func nextID(at now: Date, in tx: Transaction) async throws -> CaseID {
        let day = LocalDay.china(now).compact
        let row = try await tx.sql.first(Self.countCase([day]))
        let number = try row?.decode(column: "last", as: Int.self) ?? 1
        guard let id = CaseID(rawValue: "\(day)-\(number.zeroPadded(6))") else {
            throw CaseProblem.invalidTransition(state: .reported, action: "number")
        }
        return id
    }

    /// Every column of a case row with its value, in one place for INSERT and UPDATE. Columns a transition never
    /// changes (`fixed`) are left out of UPDATE, so their indexes are not touched.
    private static func columns(_ r: CaseRecord, updatedAt: Date, body: String) -> [(name: String, value: any Encodable & Sendable, fixed: Bool)] {
        [("id", r.id.rawValue, true), ("version", r.version, false),
         ("state", r.state.rawValue, false), ("source", r.source.rawValue, true),
         ("reporter", r.reporter, true), ("reported_at_ms", r.reportedAt.milliseconds, true),
         ("lon", r.location.lon, true), ("lat", r.location.lat, true),
         ("place_cell", GeoCell.code(of: r.location), true),
         ("category", r.category?.rawValue, false), ("grid", r.grid?.rawValue, false),
         ("street", r.street?.rawValue, false), ("department", r.department?.rawValue, false),
         ("stage", r.stage?.rawValue, false), ("due_at_ms", r.dueAt?.milliseconds, false),
         ("next_alert_at_ms", r.nextAlertAt?.milliseconds, false),
         ("awaiting_review", r.awaitingReview, false), ("updated_at_ms", updatedAt.milliseconds, false),
         ("search_text", searchText(r), false),
         // The numeric facts the indicators are computed from.
         ("filed_at_ms", r.filedAt?.milliseconds, false),
         ("dispatched_at_ms", r.dispatchedAt?.milliseconds, false),
         ("fix_reported_at_ms", r.fixReportedAt?.milliseconds, false),
         ("verified_at_ms", r.verifiedAt?.milliseconds, false),
         ("closed_at_ms", r.closedAt?.milliseconds, false),
         ("handle_due_at_ms", r.handleDueAt?.milliseconds, false),
         ("due_basis_ms", (r.handleDueAt ?? r.dueAt)?.milliseconds, false),
         ("ever_overdue", r.everOverdue ? 1 : 0, false), ("dispatch_count", r.dispatchCount, false),
         ("return_count", r.returnCount, false), ("rework_count", r.reworkCount, false),
         ("body", body, false)]
    }

    /// The columns of a case row, in the order `insertValues` binds them (read off `columns` for any record).
    public static let insertColumns: String = {
        guard let id = pendingID else { return "" }
        let sample = CaseRecord(id: id, source: .inspector, reporter: "", reportedAt: Date(), location: GeoPoint(lon: 0, lat: 0),
                                description: "")
        return columns(sample, updatedAt: Date(), body: "").map(\.name).joined(separator: ", ")
    }()

    /// One parenthesised row of values for `insertColumns`; `body` is the record's canonical JSON when already made.
    public static func insertValues(_ record: CaseRecord, body: String? = nil) throws -> SQLQueryString {
        let values = columns(record, updatedAt: record.reportedAt, body: try body ?? CanonicalJSON.encode(record))
            .map { SQLQueryString("\(bind: $0.value)") }
        return "(" + joined(values, ", ") + ")"
    }

    static let insertStatement = FixedSQL("INSERT INTO cases (\(insertColumns)) VALUES ("
        + Array(repeating: "?", count: insertColumns.split(separator: ",").count).joined(separator: ", ") + ")")
    static let insertReporter = FixedSQL("INSERT INTO case_reporters (case_id, reporter) VALUES (?, ?)")

    private static func joined(_ parts: [SQLQueryString], _ separator: String) -> SQLQueryString {
        parts.dropFirst().reduce(parts.first ?? "") { $0 + SQLQueryString(separator) + $1 }
    }

    public func insert(_ record: CaseRecord, body: String? = nil, in tx: Transaction) async throws {
        let values = Self.columns(record, updatedAt: record.reportedAt, body: try body ?? CanonicalJSON.encode(record)).map(\.value)
        try await tx.sql.run(Self.insertStatement(values))
        try await tx.sql.run(Self.insertReporter([record.id.rawValue, record.reporter]))
    }

    /// Replaces the stored case with `record` when the stored version is `expected`; otherwise 409.
    public func update(_ record: CaseRecord, expecting expected: Int, at now: Date, in tx: Transaction) async throws {
        let assignments = Self.columns(record, updatedAt: now, body: try CanonicalJSON.encode(record))
            .filter { !$0.fixed }.map { SQLQueryString("\(unsafeRaw: $0.name) = \(bind: $0.value)") }
        let changed = try await tx.sql.raw("UPDATE cases SET " + Self.joined(assignments, ", ")
            + " WHERE id = \(bind: record.id.rawValue) AND version = \(bind: expected) RETURNING id").all()
        guard changed.isEmpty else { return }
        let actual = try await tx.sql.raw("SELECT version FROM cases WHERE id = \(bind: record.id.rawValue)").first()?
            .decode(column: "version", as: Int.self)
        throw InputProblem.staleVersion(expected: expected, actual: actual ?? 0)
    }

    public func record(_ id: CaseID, on sql: (any SQLDatabase)? = nil) async throws -> CaseRecord? {
        let query: @Sendable (any SQLDatabase) async throws -> CaseRecord? = { sql in
            try await sql.raw("SELECT body FROM cases WHERE id = \(bind: id.rawValue)").first().map(Self.decode)
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    /// Open cases of `category` reported since `since` whose position lies in `box` (the duplicate finder's
    /// pre-filter): one range of place cells per row of cells, read from the covering index of open cases alone.
    public func openCases(category: CategoryCode, in box: GeoBox, since: Date, on sql: any SQLDatabase) async throws -> [NearbyCase] {
        let rows = GeoCell.ranges(covering: box).map { cells -> SQLQueryString in
            """
            SELECT id, state, reported_at_ms, lon, lat FROM cases WHERE category = \(bind: category.rawValue)
              AND place_cell BETWEEN \(bind: cells.lowerBound) AND \(bind: cells.upperBound)
              AND reported_at_ms >= \(bind: since.milliseconds)
              AND lat BETWEEN \(bind: box.minLat) AND \(bind: box.maxLat) AND lon BETWEEN \(bind: box.minLon) AND \(bind: box.maxLon)
              AND state NOT IN ('rejected', 'closed', 'merged')
            """
        }
        return try await sql.raw(Self.joined(rows, " UNION ALL ")).all().compactMap { row in
            guard let id = CaseID(rawValue: try row.decode(column: "id", as: String.self)),
                  let state = CaseState(rawValue: try row.decode(column: "state", as: String.self)) else { return nil }
            return NearbyCase(id: id, state: state, category: category,
                              reportedAt: Date(milliseconds: try row.decode(column: "reported_at_ms", as: Int64.self)),
                              location: GeoPoint(lon: try row.decode(column: "lon", as: Double.self),
                                                 lat: try row.decode(column: "lat", as: Double.self)))
        }
    }

    /// Ids of cases with an alert (warning or overdue notice) due by `now`, soonest first.
    public func alertsDue(by now: Date, limit: Int) async throws -> [CaseID] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT id FROM cases WHERE next_alert_at_ms IS NOT NULL AND next_alert_at_ms <= \(bind: now.milliseconds)
                ORDER BY next_alert_at_ms LIMIT \(bind: limit)
                """).all().compactMap { CaseID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
    }

    /// One page of cases for an inbox or search, most recently changed first, after the filter's cursor; with
    /// the cursor of the next page when there may be more.
    public func list(_ filter: CaseFilter, limit: Int) async throws -> (cases: [CaseRecord], next: CaseCursor?) {
        let page = try await listJSON(filter, limit: limit)
        return (try page.bodies.map(Self.decode(body:)), page.next)
    }

    /// The same page as the stored canonical JSON of each case, which the API sends as it is.
    public func listJSON(_ filter: CaseFilter, limit: Int) async throws -> (bodies: [String], next: CaseCursor?) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !filter.states.isEmpty {
                conditions.append("state IN (\(binds: filter.states.map(\.rawValue)))")
            }
            if let department = filter.department { conditions.append("department = \(bind: department.rawValue)") }
            if let category = filter.category { conditions.append("category = \(bind: category.rawValue)") }
            if let street = filter.street { conditions.append("street = \(bind: street.rawValue)") }
            if let reporter = filter.reporter {
                conditions.append("id IN (SELECT case_id FROM case_reporters WHERE reporter = \(bind: reporter))")
            }
            if let at = filter.overdueAt {
                conditions.append("due_at_ms IS NOT NULL AND due_at_ms < \(bind: at.milliseconds)")
            }
            if let review = filter.awaitingReview { conditions.append("awaiting_review = \(bind: review)") }
            if let text = filter.text, !text.isEmpty {
                conditions.append("search_text LIKE \(bind: "%\(Self.escapeLike(text.lowercased()))%") ESCAPE '\\'")
            }
            if let cursor = filter.cursor {
                conditions.append("(updated_at_ms < \(bind: cursor.updatedAtMs) OR (updated_at_ms = \(bind: cursor.updatedAtMs) AND id < \(bind: cursor.id)))")
            }
            var query: SQLQueryString = "SELECT id, body, updated_at_ms FROM cases"
            if !conditions.isEmpty {
                query = query + " WHERE " + Self.joined(conditions, " AND ")
            }
            query = query + " ORDER BY updated_at_ms DESC, id DESC LIMIT \(bind: limit)"
            let rows = try await sql.raw(query).all()
            let bodies = try rows.map { try $0.decode(column: "body", as: String.self) }
            guard rows.count == limit, let last = rows.last else { return (bodies, nil) }
            return (bodies, CaseCursor(updatedAtMs: try last.decode(column: "updated_at_ms", as: Int64.self),
                                       id: try last.decode(column: "id", as: String.self)))
        }
    }

    /// One open case as the map draws it.
    public struct MapPoint: Sendable {
        public var id: String
        public var lon: Double
        public var lat: Double
        public var state: String
        public var overdue: Bool
        public var grid: String?
        public var category: String?
        public var department: String?
    }

    /// Every open case (not rejected, closed or merged), optionally of one department; `overdue` when its stage's
    /// deadline is before `now`.
    public func mapPoints(department: DepartmentID?, now: Date) async throws -> [MapPoint] {
        try await database.read { sql in
            var query: SQLQueryString = """
                SELECT id, lon, lat, state, due_at_ms, grid, category, department FROM cases
                WHERE state NOT IN ('rejected', 'closed', 'merged')
                """
            if let department { query = query + " AND department = \(bind: department.rawValue)" }
            query = query + " ORDER BY id"
            let nowMs = now.milliseconds
            return try await sql.raw(query).all().map { row in
                let due = try row.decode(column: "due_at_ms", as: Int64?.self)
                return MapPoint(id: try row.decode(column: "id", as: String.self),
                                lon: try row.decode(column: "lon", as: Double.self),
                                lat: try row.decode(column: "lat", as: Double.self),
                                state: try row.decode(column: "state", as: String.self),
                                overdue: due.map { $0 < nowMs } ?? false,
                                grid: try row.decode(column: "grid", as: String?.self),
                                category: try row.decode(column: "category", as: String?.self),
                                department: try row.decode(column: "department", as: String?.self))
            }
        }
    }

    /// Filed cases whose filing time lies in [from, to), optionally of one department, for indicators.
    public func filed(from: Date?, to: Date?, department: DepartmentID?) async throws -> [CaseRecord] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT body FROM cases WHERE category IS NOT NULL AND state NOT IN ('rejected', 'merged')"
            if let from { query = query + " AND reported_at_ms >= \(bind: from.milliseconds)" }
            if let to { query = query + " AND reported_at_ms < \(bind: to.milliseconds)" }
            if let department { query = query + " AND department = \(bind: department.rawValue)" }
            return try await sql.raw(query).all().map(Self.decode).filter { $0.filedAt != nil }
        }
    }

    public func addReporter(_ reporter: String, to id: CaseID, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO case_reporters (case_id, reporter) VALUES (\(bind: id.rawValue), \(bind: reporter))
            ON CONFLICT DO NOTHING
            """).run()
    }

    public func reporters(of id: CaseID, in tx: Transaction) async throws -> [String] {
        try await tx.sql.raw("SELECT reporter FROM case_reporters WHERE case_id = \(bind: id.rawValue)").all()
            .map { try $0.decode(column: "reporter", as: String.self) }
    }

    // MARK: evidence

    /// Links a photo to a case as evidence of one purpose (report, fix, verify).
    static let insertPhoto = FixedSQL("""
        INSERT INTO case_photos (case_id, sha256, purpose, media_type, taken_at_ms, lon, lat, origin, uploaded_at_ms, uploaded_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """)

    public func attach(_ photo: PhotoEvidence, to id: CaseID, in tx: Transaction) async throws {
        try await tx.sql.run(Self.insertPhoto([id.rawValue, photo.sha256, photo.purpose.rawValue, photo.mediaType,
                                               photo.takenAt?.milliseconds, photo.location?.lon, photo.location?.lat,
                                               photo.origin.rawValue, photo.uploadedAt.milliseconds, photo.uploadedBy]))
    }

    public func photos(of id: CaseID) async throws -> [PhotoEvidence] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM case_photos WHERE case_id = \(bind: id.rawValue) ORDER BY uploaded_at_ms").all().map { row in
                let lon = try row.decode(column: "lon", as: Double?.self), lat = try row.decode(column: "lat", as: Double?.self)
                return PhotoEvidence(
                    sha256: try row.decode(column: "sha256", as: String.self),
                    mediaType: try row.decode(column: "media_type", as: String.self),
                    purpose: PhotoEvidence.Purpose(rawValue: try row.decode(column: "purpose", as: String.self)) ?? .report,
                    takenAt: try row.decode(column: "taken_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                    location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                    origin: PhotoEvidence.Origin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .none,
                    uploadedAt: Date(milliseconds: try row.decode(column: "uploaded_at_ms", as: Int64.self)),
                    uploadedBy: try row.decode(column: "uploaded_by", as: String.self))
            }
        }
    }

    // MARK: camera folding

    /// The report a camera's events of one category were last folded into, and whether it is still open.
    public func lastFold(camera: String, category: CategoryCode, on sql: any SQLDatabase) async throws -> (caseID: CaseID, at: Date, open: Bool)? {
        guard let row = try await sql.raw("""
            SELECT f.case_id, f.last_at_ms, c.state FROM case_camera_folds f JOIN cases c ON c.id = f.case_id
            WHERE f.camera = \(bind: camera) AND f.category = \(bind: category.rawValue)
            """).first(), let id = CaseID(rawValue: try row.decode(column: "case_id", as: String.self)) else { return nil }
        let state = CaseState(rawValue: try row.decode(column: "state", as: String.self))
        return (id, Date(milliseconds: try row.decode(column: "last_at_ms", as: Int64.self)), state?.isOpen ?? false)
    }

    public func recordFold(camera: String, category: CategoryCode, caseID: CaseID, at: Date, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO case_camera_folds (camera, category, case_id, last_at_ms, events)
            VALUES (\(bind: camera), \(bind: category.rawValue), \(bind: caseID.rawValue), \(bind: at.milliseconds), 1)
            ON CONFLICT (camera, category) DO UPDATE SET case_id = excluded.case_id, last_at_ms = excluded.last_at_ms,
                events = CASE WHEN case_camera_folds.case_id = excluded.case_id THEN case_camera_folds.events + 1 ELSE 1 END
            """).run()
    }

    // MARK: notifications

    /// Notifies `recipient` (`department:<id>`, `user:<id>` or `centre`) of a change; one notice per recipient
    /// and case version.
    public func notify(_ recipient: String, about id: CaseID, kind: String, at now: Date, version: Int,
                       in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO case_notifications (id, recipient, case_id, kind, created_at_ms, read_at_ms)
            VALUES (\(bind: "\(id)-\(version)-\(recipient)"), \(bind: recipient), \(bind: id.rawValue), \(bind: kind),
                    \(bind: now.milliseconds), NULL)
            ON CONFLICT DO NOTHING
            """).run()
    }

    public func notifications(for recipients: [String], unreadOnly: Bool, limit: Int) async throws -> [CaseNotification] {
        guard !recipients.isEmpty else { return [] }
        return try await database.read { sql in
            try await sql.raw("""
                SELECT id, recipient, case_id, kind, created_at_ms, read_at_ms FROM case_notifications
                WHERE recipient IN (\(binds: recipients)) \(unsafeRaw: unreadOnly ? "AND read_at_ms IS NULL" : "")
                ORDER BY created_at_ms DESC LIMIT \(bind: limit)
                """).all().map { row in
                CaseNotification(id: try row.decode(column: "id", as: String.self),
                                 recipient: try row.decode(column: "recipient", as: String.self),
                                 caseId: try row.decode(column: "case_id", as: String.self),
                                 kind: try row.decode(column: "kind", as: String.self),
                                 createdAt: Date(milliseconds: try row.decode(column: "created_at_ms", as: Int64.self)),
                                 read: try row.decode(column: "read_at_ms", as: Int64?.self) != nil)
            }
        }
    }

    /// Marks notices read, only among those addressed to `recipients`; returns how many changed.
    @discardableResult
    public func markRead(_ ids: [String], for recipients: [String], at now: Date) async throws -> Int {
        guard !ids.isEmpty, !recipients.isEmpty else { return 0 }
        return try await database.write { tx in
            try await tx.sql.raw("""
                UPDATE case_notifications SET read_at_ms = \(bind: now.milliseconds)
                WHERE id IN (\(binds: ids)) AND recipient IN (\(binds: recipients)) AND read_at_ms IS NULL
                RETURNING id
                """).all().count
        }
    }

    static func decode(_ row: any SQLRow) throws -> CaseRecord {
        try decode(body: try row.decode(column: "body", as: String.self))
    }

    static func decode(body: String) throws -> CaseRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(CaseRecord.self, from: Data(body.utf8))
    }

    /// What text search looks in: id, description, address and category, lower-cased.
    static func searchText(_ record: CaseRecord) -> String {
        [record.id.rawValue, record.description, record.address ?? "", record.category?.rawValue ?? ""]
            .joined(separator: " ").lowercased()
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// An in-app notice to a department or a person: an assignment, a deadline warning, an overdue notice.
public struct CaseNotification: Sendable, Hashable, Codable {
    public var id: String
    public var recipient: String
    public var caseId: String
    public var kind: String
    public var createdAt: Date
    public var read: Bool
}

/// What an inbox or search asks for.
public struct CaseFilter: Sendable {
    public var states: [CaseState] = []
    public var department: DepartmentID?
    public var category: CategoryCode?
    public var street: StreetCode?
    public var reporter: String?
    /// Only cases whose current stage was due before this instant.
    public var overdueAt: Date?
    public var awaitingReview: Bool?
    public var text: String?
    public var cursor: CaseCursor?

    public init() {}
}

/// Where the previous page ended: opaque to clients as `<updatedAtMs>.<id>`.
public struct CaseCursor: Sendable, Hashable {
    public var updatedAtMs: Int64
    public var id: String

    public init(updatedAtMs: Int64, id: String) {
        self.updatedAtMs = updatedAtMs
        self.id = id
    }

    public init?(token: String) {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let ms = Int64(parts[0]), CaseID(rawValue: String(parts[1])) != nil else { return nil }
        self.init(updatedAtMs: ms, id: String(parts[1]))
    }

    public var token: String { "\(updatedAtMs).\(id)" }
}
