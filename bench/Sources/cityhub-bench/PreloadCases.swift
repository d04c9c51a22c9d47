import Cases
import Foundation
import HubKit
import HubServer
import Logging
import SQLKit

/// Stores `count` synthetic cases (spread over 90 days, all states, every street and category) with their
/// `case.reported` events, in transactions of 5,000, so the intake, inbox and indicator benchmarks run against
/// a database of realistic size. Needs the demo district loaded in `dataDirectory`.
func preloadCases(dataDirectory: String, count: Int) async throws {
    var logger = Logger(label: "preload")
    logger.logLevel = .warning
    let configuration = try HubConfiguration.load(flags: ["data.dir": dataDirectory, "log.level": "warning"])
    let services = try await HubServices.start(configuration, logger: logger)
    let grids = services.geography.snapshot.index.codes
    let categories = services.cases.catalogue.categories
    guard !grids.isEmpty, !categories.isEmpty else {
        print("load the demo district first: cityhub demo --data-dir \(dataDirectory)")
        await services.stop()
        return
    }
    var random = SplitMix64(seed: 1_000_000)
    let states: [CaseState] = [.closed, .closed, .closed, .closed, .closed, .closed, .closed, .handling, .dispatched, .filed,
                               .fixReported, .returned, .reported, .rejected]
    let started = ContinuousClock.now
    let now = Date()
    var stored = 0
    // Bulk path for the benchmark only: ids, journal numbers and rows are prepared here and written 500 rows per
    // statement, so a million cases load in minutes rather than the hour one-by-one intake would take.
    var counters: [String: Int] = [:]
    while stored < count {
        let batch = min(10_000, count - stored)
        try await services.database.write { tx in
            if counters.isEmpty {
                for row in try await tx.sql.raw("SELECT day, last FROM case_counters").all() {
                    counters[try row.decode(column: "day", as: String.self)] = try row.decode(column: "last", as: Int.self)
                }
            }
            var seq = try await Journal.head(on: tx.sql)
            var records: [CaseRecord] = []
            for _ in 0..<batch {
                let grid = grids[random.next(below: grids.count)]
                let category = categories[random.next(below: categories.count)]
                let reportedAt = now.addingTimeInterval(-random.nextUnit() * 90 * 86_400)
                let day = LocalDay.china(reportedAt).compact
                let number = (counters[day] ?? 0) + 1
                counters[day] = number
                guard let id = CaseID(rawValue: "\(day)-\(number.zeroPadded(6))") else { continue }
                let point = GeoPoint(lon: 106.49 + random.nextUnit() * 0.09, lat: 29.545 + random.nextUnit() * 0.025)
                var record = CaseRecord(id: id, source: random.nextUnit() < 0.4 ? .camera : .inspector, reporter: "user:preload",
                                        reportedAt: reportedAt, location: point, description: "\(category.name.zh) 压测数据",
                                        category: category.code, grid: grid)
                record.state = states[random.next(below: states.count)]
                if record.state != .reported && record.state != .rejected {
                    record.filedAt = reportedAt.addingTimeInterval(600)
                    record.department = services.cases.catalogue.responsible(grid: grid, category: category.code)
                    record.dispatchedAt = reportedAt.addingTimeInterval(1200)
                    record.dispatchCount = 1
                    record.handleDueAt = reportedAt.addingTimeInterval(4 * 3600)
                    record.dueAt = record.handleDueAt
                }
                if record.state == .closed {
                    record.fixReportedAt = reportedAt.addingTimeInterval(1800 + random.nextUnit() * 20_000)
                    record.verifiedAt = record.fixReportedAt?.addingTimeInterval(900)
                    record.closedAt = record.verifiedAt?.addingTimeInterval(300)
                    record.everOverdue = random.nextUnit() < 0.1
                    record.dueAt = nil
                }
                // As the deadline watcher would have left them: overdue notices for past deadlines already sent,
                // so the benchmark's hub does not spend its run catching up on 400,000 of them.
                if record.state != .closed, let due = record.dueAt, due < now {
                    record.overdueAt = due
                    record.everOverdue = true
                }
                records.append(record)
            }
            for chunk in stride(from: 0, to: records.count, by: 500).map({ Array(records[$0..<min($0 + 500, records.count)]) }) {
                var rows: [SQLQueryString] = []
                var reporters: [SQLQueryString] = []
                var events: [SQLQueryString] = []
                for r in chunk {
                    seq += 1
                    rows.append(try CaseStore.insertValues(r))
                    reporters.append("(\(bind: r.id.rawValue), 'user:preload')")
                    events.append("""
                        (\(bind: seq), \(bind: UUID().uuidString.lowercased()), \(bind: r.reportedAt.milliseconds), 'case.reported',
                         \(bind: "case:\(r.id)"), 'user:preload', NULL, \(bind: "{\"category\":\"\(r.category?.rawValue ?? "")\"}"))
                        """)
                }
                try await tx.sql.raw("INSERT INTO cases (\(unsafeRaw: CaseStore.insertColumns)) VALUES " + rows.joined(separator: ", ")).run()
                try await tx.sql.raw("INSERT INTO case_reporters (case_id, reporter) VALUES " + reporters.joined(separator: ", ")).run()
                try await tx.sql.raw("""
                    INSERT INTO journal (seq, event_id, at_ms, kind, subject, actor, department_id, payload) VALUES
                    """ + events.joined(separator: ", ")).run()
            }
            try await tx.sql.raw("UPDATE journal_head SET seq = \(bind: seq) WHERE id = 1").run()
            for (day, last) in counters {
                try await tx.sql.raw("""
                    INSERT INTO case_counters (day, last) VALUES (\(bind: day), \(bind: last))
                    ON CONFLICT (day) DO UPDATE SET last = excluded.last
                    """).run()
            }
        }
        stored += batch
        if stored % 100_000 == 0 || stored == count {
            print("stored \(stored) cases in \(ContinuousClock.now - started)")
        }
    }
    await services.stop()
}
