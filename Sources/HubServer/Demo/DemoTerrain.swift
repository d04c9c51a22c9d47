import Foundation
import HubKit

/// A synthetic digital elevation model of the demo district and its two rivers, kept for the flood work.
///
/// Cells are square in degrees: `cellSizeDegrees` is 0.0001° (about 9.7 m east by 11.1 m north), so the ESRI
/// header's `xllcorner` and `yllcorner` are the longitude and latitude of the lower-left corner. `elevations`
/// are metres above `datum`, row-major from the northern row, rounded to centimetres; `noData` marks the few
/// unsurveyed cells in the four far corners. Deterministic: every call returns the same model.
///
/// The riverfront follows the mission's flood story (`DemoRiverfront`): the river edge of the Dongshuimen dock
/// square lies at 176.10–176.17 m and the rest of it at 176.18–176.75 m; the steps below it descend from
/// 176.10 m to about 170 m and the steps above climb from 176.85 m to the upper street at 182 m. The basin
/// behind the levee lies at 174.0–174.4 m behind a 178 m crest, so a connected flood at 176.8 m leaves it dry.
public struct DemoTerrain: Sendable {
    public let columns: Int
    public let rows: Int
    /// The side of a cell in degrees of longitude and of latitude alike (the ESRI `cellsize`).
    public let cellSizeDegrees: Double
    /// The south-west corner of the south-west cell.
    public let lowerLeft: GeoPoint
    /// The value of cells without data (-9999).
    public let noData: Float
    /// Metres above `datum`, `columns` per row, northern row first.
    public let elevations: [Float]
    /// The height datum, in Chinese and English.
    public let datum: String

    /// Builds the model (about 1,100 × 470 cells).
    public static func generate() -> DemoTerrain {
        let grid = DemoTerrainGrid.self
        let (columns, rows) = (grid.columns, grid.rows)
        let projection = DemoPeninsula.projection
        let xs = (0..<columns).map { projection.project(GeoPoint(lon: grid.centreLon($0), lat: DemoPeninsula.origin.lat)).x }
        let ys = (0..<rows).map { projection.project(GeoPoint(lon: DemoPeninsula.origin.lon, lat: grid.centreLat($0))).y }
        let banks = xs.map(Bank.init)
        let riverfront = DemoRiverfront.self
        var heights = [Double](repeating: 0, count: columns * rows)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let (x, y) = (xs[c], ys[r])
                let s = banks[c].distance(x: x, y: y)
                guard s > 0 else {
                    heights[i] = riverBed(x: x, y: y, offshore: -s)
                    continue
                }
                let ground = landHeight(x: x, y: y, inland: s)
                let terrace = 182.5 + 0.25 * riverfront.dockFootprint.distance(column: c, row: r)
                let lowland = 179 + 0.5 * riverfront.leveeRing.distance(column: c, row: r)
                heights[i] = min(ground, terrace, lowland)
            }
        }
        riverfront.shape(&heights, columns: columns)
        let noData: Float = -9999
        var elevations = heights.map { Float(($0 * 100).rounded() / 100) }
        for r in 0..<rows {
            for c in 0..<columns where min(r, rows - 1 - r) + min(c, columns - 1 - c) < 6 {
                elevations[r * columns + c] = noData
            }
        }
        return DemoTerrain(columns: columns, rows: rows, cellSizeDegrees: grid.cellSize,
                           lowerLeft: GeoPoint(lon: grid.west, lat: grid.south), noData: noData, elevations: elevations,
                           datum: "1985国家高程基准 / 1985 National Height Datum")
    }

    /// Ground `inland` metres from the water: a bank rising from 172 m at the shore, then the hills
    /// (`DemoHills`), with gentle noise that fades out at the shore and on the summits.
    static func landHeight(x: Double, y: Double, inland: Double) -> Double {
        let bank = 172 + 14 * (1 - exp(-inland / 25))
        let hills = max(0, DemoHills.height(x: x, y: y) - 186) * (1 - exp(-inland / 120))
        let noise = 10 * (valueNoise(x, y, scale: 350, seed: 1) - 0.5) + 4 * (valueNoise(x, y, scale: 110, seed: 2) - 0.5)
        return bank + hills + noise * min(1, inland / 150) * (1 - DemoHills.peakWeight(x: x, y: y))
    }

    /// The river bed `offshore` metres from the shore: falling from 171 m by 0.12 m a metre to a floor of 150–158 m.
    static func riverBed(x: Double, y: Double, offshore: Double) -> Double {
        max(150 + 8 * valueNoise(x, y, scale: 400, seed: 3), 171 - 0.12 * offshore)
    }

    /// The size of a cell on the ground, metres (east–west, north–south), at the district's latitude.
    public var cellSizeMetres: (east: Double, north: Double) { DemoTerrainGrid.cellMetres }

    /// The elevation of a cell (row 0 is the northern row); nil outside the model or on NoData.
    public func elevation(column: Int, row: Int) -> Float? {
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return nil }
        let value = elevations[row * columns + column]
        return value == noData ? nil : value
    }

    /// The elevation of the cell holding `point`; nil outside the model or on NoData.
    public func elevation(at point: GeoPoint) -> Float? {
        let column = ((point.lon - lowerLeft.lon) / cellSizeDegrees).rounded(.down)
        let fromSouth = ((point.lat - lowerLeft.lat) / cellSizeDegrees).rounded(.down)
        guard column.isFinite, fromSouth.isFinite, column >= 0, fromSouth >= 0,
              column < Double(columns), fromSouth < Double(rows) else { return nil }
        return elevation(column: Int(column), row: rows - 1 - Int(fromSouth))
    }

    /// The model as an ESRI ASCII grid: the six-line header, then rows north to south, values in metres with two
    /// decimals and NoData as -9999.
    public func esriASCIIGrid() -> Data {
        let header = "ncols \(columns)\nnrows \(rows)\nxllcorner \(lowerLeft.lon)\nyllcorner \(lowerLeft.lat)\n"
            + "cellsize \(cellSizeDegrees)\nNODATA_value \(Int(noData))\n"
        var bytes = Array(header.utf8)
        bytes.reserveCapacity(bytes.count + elevations.count * 8)
        var digits: [UInt8] = []
        for r in 0..<rows {
            for c in 0..<columns {
                if c > 0 { bytes.append(0x20) }
                let value = elevations[r * columns + c]
                guard value != noData else {
                    bytes.append(contentsOf: Array("-9999".utf8))
                    continue
                }
                var cents = Int((Double(value) * 100).rounded())
                if cents < 0 {
                    bytes.append(0x2D)
                    cents = -cents
                }
                digits.removeAll(keepingCapacity: true)
                var whole = cents / 100
                repeat {
                    digits.append(0x30 + UInt8(whole % 10))
                    whole /= 10
                } while whole > 0
                bytes.append(contentsOf: digits.reversed())
                bytes.append(0x2E)
                bytes.append(0x30 + UInt8(cents % 100 / 10))
                bytes.append(0x30 + UInt8(cents % 10))
            }
            bytes.append(0x0A)
        }
        return Data(bytes)
    }

    /// The two shores at one x, for distances to them.
    struct Bank {
        let south: Double
        let north: Double
        let southSlant: Double
        let northSlant: Double

        init(x: Double) {
            let along = min(max(x, 0), DemoPeninsula.tip.x)
            south = DemoPeninsula.southShore.y(at: along)
            north = DemoPeninsula.northShore.y(at: along)
            southSlant = (1 + pow(DemoPeninsula.southShore.slope(at: along), 2)).squareRoot()
            northSlant = (1 + pow(DemoPeninsula.northShore.slope(at: along), 2)).squareRoot()
        }

        /// Metres to the nearer shore, positive on land and negative in the water. Measured square to the shore
        /// (close to the true distance, as the shores bend gently), and to the tip beyond it.
        func distance(x: Double, y: Double) -> Double {
            let tip = DemoPeninsula.tip
            let toTip = ((x - tip.x) * (x - tip.x) + (y - tip.y) * (y - tip.y)).squareRoot()
            guard x <= tip.x else { return -toTip }
            let inland = min((y - south) / southSlant, (north - y) / northSlant)
            return inland > 0 ? inland : -min(-inland, toTip)
        }
    }

    /// Smooth value noise in [0, 1): hashed lattice values `scale` metres apart, blended with smoothstep.
    static func valueNoise(_ x: Double, _ y: Double, scale: Double, seed: UInt64) -> Double {
        let (fx, fy) = (x / scale, y / scale)
        let (ix, iy) = (Int(fx.rounded(.down)), Int(fy.rounded(.down)))
        let (tx, ty) = (fx - Double(ix), fy - Double(iy))
        let (sx, sy) = (tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty))
        func corner(_ i: Int, _ j: Int) -> Double {
            var generator = SplitMix64(seed: seed &+ UInt64(bitPattern: Int64(i)) &* 0x9E37_79B9_7F4A_7C15
                &+ UInt64(bitPattern: Int64(j)) &* 0xC2B2_AE3D_27D4_EB4F)
            return generator.nextUnit()
        }
        let south = corner(ix, iy) + (corner(ix + 1, iy) - corner(ix, iy)) * sx
        let north = corner(ix, iy + 1) + (corner(ix + 1, iy + 1) - corner(ix, iy + 1)) * sx
        return south + (north - south) * sy
    }
}

/// The hills of the peninsula before the banks are cut: a ridge a little south of the middle, highest at
/// E'ling (鹅岭, 379 m) and Pipashan (枇杷山, 345 m). Metres above datum, from local metres.
enum DemoHills {
    struct Peak: Sendable {
        let x: Double
        let y: Double
        let height: Double
        let radius: Double
    }

    static let crest = MonotoneCurve([(-600, 295), (0, 300), (1500, 330), (2500, 320), (3918, 340), (5500, 300),
                                      (7111, 318), (8300, 260), (9000, 220), (9384, 200)])
    static let peaks = [Peak(x: 3918, y: 1500, height: 379, radius: 260), Peak(x: 7111, y: 2300, height: 345, radius: 220),
                        Peak(x: 2300, y: 2000, height: 355, radius: 300), Peak(x: 600, y: 2300, height: 340, radius: 300)]
    /// Each peak's rise above the ridge, so that the hill reaches the peak's height at its summit.
    static let rises = peaks.map { $0.height - ridge(x: $0.x, y: $0.y) }

    static func height(x: Double, y: Double) -> Double {
        zip(peaks, rises).reduce(ridge(x: x, y: y)) { $0 + $1.1 * weight(of: $1.0, x: x, y: y) }
    }

    /// How much of the height comes from the nearest peak, 0…1; the terrain keeps its noise off the summits.
    static func peakWeight(x: Double, y: Double) -> Double {
        peaks.reduce(0) { max($0, weight(of: $1, x: x, y: y)) }
    }

    private static func weight(of peak: Peak, x: Double, y: Double) -> Double {
        let d2 = (x - peak.x) * (x - peak.x) + (y - peak.y) * (y - peak.y)
        return exp(-d2 / (2 * peak.radius * peak.radius))
    }

    private static func ridge(x: Double, y: Double) -> Double {
        let along = min(max(x, 0), DemoPeninsula.tip.x)
        let south = DemoPeninsula.southShore.y(at: along), north = DemoPeninsula.northShore.y(at: along)
        let line = south + 0.42 * (north - south)
        let v = min(1, y > line ? (y - line) / max(north - line, 1) : (line - y) / max(line - south, 1))
        return 172 + (crest.y(at: x) - 172) * (1 - 0.45 * v * v)
    }
}

/// The terrain's cell lattice: 0.0001° cells from lon 106.485, lat 29.536, covering the district and its rivers.
enum DemoTerrainGrid {
    static let columns = 1100
    static let rows = 470
    static let west = 106.485
    static let south = 29.536
    static let cellSize = 0.0001

    static func westLon(_ column: Int) -> Double { DemoPeninsula.rounded(west + Double(column) * cellSize) }
    static func northLat(_ row: Int) -> Double { DemoPeninsula.rounded(south + Double(rows - row) * cellSize) }
    static func centreLon(_ column: Int) -> Double { west + (Double(column) + 0.5) * cellSize }
    static func centreLat(_ row: Int) -> Double { south + (Double(rows - row) - 0.5) * cellSize }
    /// Metres east of the peninsula's origin of a column's western edge.
    static func x(westEdgeOf column: Int) -> Double {
        DemoPeninsula.projection.project(GeoPoint(lon: west + Double(column) * cellSize, lat: DemoPeninsula.origin.lat)).x
    }

    static func column(x: Double) -> Int {
        Int(((DemoPeninsula.projection.unproject(x: x, y: 0).lon - west) / cellSize).rounded(.down))
    }

    /// The first row, counted from the north, lying wholly north of `y` metres.
    static func firstRowNorth(ofY y: Double) -> Int {
        let lat = DemoPeninsula.projection.unproject(x: 0, y: y).lat
        return Int((Double(rows) - 1 - (lat - south) / cellSize).rounded(.down))
    }

    static let cellMetres: (east: Double, north: Double) = {
        let projection = DemoPeninsula.projection
        let corner = projection.project(GeoPoint(lon: west + cellSize, lat: south + cellSize))
        let origin = projection.project(GeoPoint(lon: west, lat: south))
        return (corner.x - origin.x, corner.y - origin.y)
    }()
}

/// A rectangle of terrain cells; rows count from the northern edge.
struct TerrainBlock: Sendable {
    let columns: ClosedRange<Int>
    let rows: ClosedRange<Int>

    func contains(column: Int, row: Int) -> Bool { columns.contains(column) && rows.contains(row) }

    /// Metres from a cell's centre to the nearest cell of the block; 0 inside.
    func distance(column: Int, row: Int) -> Double {
        let (east, north) = DemoTerrainGrid.cellMetres
        let dc = Double(max(columns.lowerBound - column, 0, column - columns.upperBound)) * east
        let dr = Double(max(rows.lowerBound - row, 0, row - rows.upperBound)) * north
        return (dc * dc + dr * dr).squareRoot()
    }

    /// The block's outline along cell edges, counter-clockwise from its south-west corner.
    var polygon: GeoPolygon {
        let (w, e) = (DemoTerrainGrid.westLon(columns.lowerBound), DemoTerrainGrid.westLon(columns.upperBound + 1))
        let (s, n) = (DemoTerrainGrid.northLat(rows.upperBound + 1), DemoTerrainGrid.northLat(rows.lowerBound))
        return GeoPolygon(exterior: [GeoPoint(lon: w, lat: s), GeoPoint(lon: e, lat: s), GeoPoint(lon: e, lat: n),
                                     GeoPoint(lon: w, lat: n), GeoPoint(lon: w, lat: s)])
    }

    /// West to east along the middle of the block.
    var centreLine: [GeoPoint] {
        let lat = DemoPeninsula.rounded((DemoTerrainGrid.northLat(rows.lowerBound) + DemoTerrainGrid.northLat(rows.upperBound + 1)) / 2)
        return [GeoPoint(lon: DemoTerrainGrid.westLon(columns.lowerBound), lat: lat),
                GeoPoint(lon: DemoTerrainGrid.westLon(columns.upperBound + 1), lat: lat)]
    }
}
