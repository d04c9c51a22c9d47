import Foundation

/// A uniform bucket index over unit grids, answering "which grid holds this point" without touching the
/// database. Built once per geography (milliseconds for thousands of grids) and immutable after.
///
/// Invariant: every grid is listed in each bucket its bounding box touches, so a look-up only tests the few
/// grids of one bucket. Rings are stored flat (lon, lat, lon, lat, …) for cache-friendly tests.
public struct GridIndex: Sendable {
    public let codes: [GridCode]
    public let bounds: GeoBox?
    private let boxes: [GeoBox]
    /// Per grid: start of each ring in `coordinates` (in positions), exterior first; ends at the next start.
    private let ringStarts: [[Int]]
    private let ringEnds: [[Int]]
    private let coordinates: [Double]
    private let buckets: [[Int32]]
    private let columns: Int
    private let rows: Int
    private let bucketWidth: Double
    private let bucketHeight: Double

    public init(grids: [Grid]) {
        codes = grids.map(\.code)
        var boxes: [GeoBox] = []
        var starts: [[Int]] = [], ends: [[Int]] = []
        var coordinates: [Double] = []
        for grid in grids {
            boxes.append(grid.boundary.boundingBox ?? GeoBox(minLon: .nan, minLat: .nan, maxLon: .nan, maxLat: .nan))
            var s: [Int] = [], e: [Int] = []
            for ring in [grid.boundary.exterior] + grid.boundary.holes {
                s.append(coordinates.count / 2)
                for p in ring { coordinates.append(p.lon); coordinates.append(p.lat) }
                e.append(coordinates.count / 2)
            }
            starts.append(s)
            ends.append(e)
        }
        self.boxes = boxes
        ringStarts = starts
        ringEnds = ends
        self.coordinates = coordinates
        let valid = boxes.filter { !$0.minLon.isNaN }
        let bounds = valid.dropFirst().reduce(valid.first) { $0?.union($1) }
        self.bounds = bounds
        guard let bounds else {
            (columns, rows, bucketWidth, bucketHeight, buckets) = (0, 0, 1, 1, [])
            return
        }
        // About one grid per bucket: buckets the size of an average grid's box.
        let meanWidth = valid.reduce(0) { $0 + ($1.maxLon - $1.minLon) } / Double(valid.count)
        let meanHeight = valid.reduce(0) { $0 + ($1.maxLat - $1.minLat) } / Double(valid.count)
        let spanLon = max(bounds.maxLon - bounds.minLon, 1e-9), spanLat = max(bounds.maxLat - bounds.minLat, 1e-9)
        let columns = max(1, min(4096, Int((spanLon / max(meanWidth, 1e-9)).rounded(.up))))
        let rows = max(1, min(4096, Int((spanLat / max(meanHeight, 1e-9)).rounded(.up))))
        self.columns = columns
        self.rows = rows
        bucketWidth = spanLon / Double(columns)
        bucketHeight = spanLat / Double(rows)
        var buckets = [[Int32]](repeating: [], count: columns * rows)
        for (i, box) in boxes.enumerated() where !box.minLon.isNaN {
            let (c0, r0) = Self.cell(box.minLon, box.minLat, bounds, bucketWidth, bucketHeight, columns, rows)
            let (c1, r1) = Self.cell(box.maxLon, box.maxLat, bounds, bucketWidth, bucketHeight, columns, rows)
            for r in r0...r1 { for c in c0...c1 { buckets[r * columns + c].append(Int32(i)) } }
        }
        self.buckets = buckets
    }

    public var count: Int { codes.count }

    /// The grid whose polygon holds `point`; a point on an edge shared by two grids belongs to exactly one.
    public func grid(containing point: GeoPoint) -> GridCode? {
        guard let bounds, bounds.contains(point) else { return nil }
        let (c, r) = Self.cell(point.lon, point.lat, bounds, bucketWidth, bucketHeight, columns, rows)
        for i in buckets[r * columns + c] {
            let g = Int(i)
            guard boxes[g].contains(point), contains(grid: g, point) else { continue }
            return codes[g]
        }
        return nil
    }

    /// Codes of the grids whose bounding boxes meet `box` (candidates for an exact test), in index order.
    public func grids(intersecting box: GeoBox) -> [GridCode] {
        guard let bounds, bounds.intersects(box) else { return [] }
        let (c0, r0) = Self.cell(box.minLon, box.minLat, bounds, bucketWidth, bucketHeight, columns, rows)
        let (c1, r1) = Self.cell(box.maxLon, box.maxLat, bounds, bucketWidth, bucketHeight, columns, rows)
        var seen = Set<Int32>()
        for r in r0...r1 {
            for c in c0...c1 {
                for i in buckets[r * columns + c] where boxes[Int(i)].intersects(box) { seen.insert(i) }
            }
        }
        return seen.sorted().map { codes[Int($0)] }
    }

    /// The grid whose bounding box is nearest to `point` (planar degrees, longitude scaled by cos latitude), for
    /// telling someone outside every grid where the nearest street is. Linear in the number of grids.
    public func nearestGrid(to point: GeoPoint) -> GridCode? {
        guard point.lon.isFinite, point.lat.isFinite else { return nil }
        let scale = cos(point.lat * .pi / 180)
        var best: (distance: Double, index: Int)?
        for (i, box) in boxes.enumerated() where !box.minLon.isNaN {
            let dx = max(box.minLon - point.lon, 0, point.lon - box.maxLon) * scale
            let dy = max(box.minLat - point.lat, 0, point.lat - box.maxLat)
            let d = dx * dx + dy * dy
            if best.map({ d < $0.distance }) ?? true { best = (d, i) }
        }
        return best.map { codes[$0.index] }
    }

    private func contains(grid g: Int, _ p: GeoPoint) -> Bool {
        var inside = false
        coordinates.withUnsafeBufferPointer { xy in
            for (start, end) in zip(ringStarts[g], ringEnds[g]) where end - start >= 3 {
                var j = end - 1
                for i in start..<end {
                    let ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1]
                    if (ay > p.lat) != (by > p.lat), p.lon < (bx - ax) * (p.lat - ay) / (by - ay) + ax {
                        inside.toggle()
                    }
                    j = i
                }
            }
        }
        return inside
    }

    private static func cell(_ lon: Double, _ lat: Double, _ bounds: GeoBox, _ width: Double, _ height: Double,
                             _ columns: Int, _ rows: Int) -> (Int, Int) {
        // Clamped as Double first: a far-away or non-finite coordinate must not overflow the Int conversion.
        let c = min(max(((lon - bounds.minLon) / width).rounded(.down), 0), Double(columns - 1))
        let r = min(max(((lat - bounds.minLat) / height).rounded(.down), 0), Double(rows - 1))
        return (c.isNaN ? 0 : Int(c), r.isNaN ? 0 : Int(r))
    }
}
