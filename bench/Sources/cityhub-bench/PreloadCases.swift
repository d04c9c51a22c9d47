import Cases
import Foundation
import HubKit
import HubServer
import Logging

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
    while stored < count {
        let batch = min(5_000, count - stored)
        try await services.database.write { tx in
            for _ in 0..<batch {
                let grid = grids[random.next(below: grids.count)]
                let category = categories[random.next(below: categories.count)]
                let reportedAt = now.addingTimeInterval(-random.nextUnit() * 90 * 86_400)
                let id = try await services.cases.store.nextID(at: reportedAt, in: tx)
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
                try await services.cases.store.insert(record, in: tx)
                try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:\(id)", actor: "user:preload",
                                                      payload: ["category": category.code.rawValue, "grid": grid.rawValue]),
                                         in: tx, clock: services.clock)
            }
        }
        stored += batch
        if stored % 100_000 == 0 || stored == count {
            print("stored \(stored) cases in \(ContinuousClock.now - started)")
        }
    }
    await services.stop()
}
