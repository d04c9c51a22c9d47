import Cases
import Foundation
import HubKit
import HubServer
import Logging

/// Report intake without HTTP: `count` reports through `CaseIntake.report` from `concurrency` tasks at once, on
/// the data directory's database (demo district loaded). Separates the cost of the case loop's write path from
/// the cost of the HTTP layer in `bench/intake.sh`.
func directIntake(dataDirectory: String, count: Int, concurrency: Int) async throws {
    var logger = Logger(label: "intake")
    logger.logLevel = .warning
    let configuration = try HubConfiguration.load(flags: ["data.dir": dataDirectory, "log.level": "warning"])
    let services = try await HubServices.start(configuration, logger: logger)
    let grids = try await services.geography.store.grids().enumerated().filter { $0.offset % 4 == 0 }.prefix(500)
        .compactMap { $0.element.boundary.boundingBox }
        .map { GeoPoint(lon: ($0.minLon + $0.maxLon) / 2, lat: ($0.minLat + $0.maxLat) / 2) }
    let categories = ["E0501", "E0101", "E0504", "C0108", "E0103", "E0201", "E0505", "C0303"]
    let inspector = Principal(kind: .user, id: "bench", name: "bench", role: .inspector, departmentID: nil)
    let intake = services.cases.intake
    // Every report carries one photo, as in `bench/intake.sh`: a minimal PNG (1 × 1 pixel).
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
                    8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE, 0, 0, 0, 12, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0,
                    0, 0, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    let photo = try await intake.photos.save(png, by: inspector.actor, at: Date())
    let cpuBefore = processCPUSeconds()
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var random = SplitMix64(seed: UInt64(worker + 1))
                for n in stride(from: worker, to: count, by: concurrency) {
                    let centre = grids[n % grids.count]
                    let point = GeoPoint(lon: centre.lon + (random.nextUnit() - 0.5) * 0.0006,
                                         lat: centre.lat + (random.nextUnit() - 0.5) * 0.0005)
                    _ = try await intake.report(ReportInput(category: categories[n % categories.count], location: point,
                                                            description: "bench \(n)",
                                                            photos: [PhotoReference(sha256: photo.sha256)]),
                                                source: .inspector, by: inspector)
                }
            }
        }
        try await group.waitForAll()
    }
    let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        + Double((ContinuousClock.now - started).components.seconds)
    let cpu = processCPUSeconds() - cpuBefore
    print(String(format: "%d reports in %.2f s: %.0f reports/s, %.0f µs CPU per report (%d at a time)",
                 count, seconds, Double(count) / seconds, cpu / Double(count) * 1e6, concurrency))
    await services.stop()
}

func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
