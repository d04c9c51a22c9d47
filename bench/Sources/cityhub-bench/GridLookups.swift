import Foundation
import HubKit
import HubServer

/// Point → grid look-ups on the demo district, on one core: the bucket index against a linear scan of every
/// grid's precomputed bounding box, then its polygon (what a query without a spatial index does).
func gridLookups(_ lookups: Int) {

    let geography = DemoDistrict.geography()
    let buildStart = ContinuousClock.now
    let index = GridIndex(grids: geography.grids)
    let buildTime = ContinuousClock.now - buildStart
    guard let bounds = index.bounds else { print("the demo district has no grids"); return }

    var random = SplitMix64(seed: 0x5EED)
    var points: [GeoPoint] = []
    for _ in 0..<(1 << 16) {
        points.append(GeoPoint(lon: bounds.minLon + random.nextUnit() * (bounds.maxLon - bounds.minLon),
                               lat: bounds.minLat + random.nextUnit() * (bounds.maxLat - bounds.minLat)))
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    var hits = 0
    let start = ContinuousClock.now
    for i in 0..<lookups {
        if index.grid(containing: points[i & (points.count - 1)]) != nil { hits += 1 }
    }
    let indexed = seconds(ContinuousClock.now - start)

    let boxed = geography.grids.compactMap { grid in grid.boundary.boundingBox.map { (box: $0, grid: grid) } }
    let scanLookups = max(1, lookups / 200)
    var scanHits = 0
    let scanStart = ContinuousClock.now
    for i in 0..<scanLookups {
        let p = points[i & (points.count - 1)]
        if boxed.contains(where: { $0.box.contains(p) && $0.grid.boundary.contains(p) }) { scanHits += 1 }
    }
    let scanned = seconds(ContinuousClock.now - scanStart)

    print("demo district: \(index.count) grids, index built in \(buildTime)")
    print(String(format: "grid index:  %10.0f look-ups/s  (%d look-ups, %.1f%% inside a grid, %.0f ns each)",
                 Double(lookups) / indexed, lookups, 100 * Double(hits) / Double(lookups), indexed / Double(lookups) * 1e9))
    print(String(format: "linear scan: %10.0f look-ups/s  (%d look-ups, %.1f%% inside a grid)",
                 Double(scanLookups) / scanned, scanLookups, 100 * Double(scanHits) / Double(scanLookups)))
    print(String(format: "speed-up: %.0f×", (Double(lookups) / indexed) / (Double(scanLookups) / scanned)))
}
