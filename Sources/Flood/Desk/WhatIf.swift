import HubKit

/// The answer to "what floods at this level" on a ready terrain: statistics and the places under water. Pure.
public struct WhatIfAnswer: Sendable, Codable {
    public struct Place: Sendable, Codable {
        public var id: String
        public var name: String?
        public var nameEn: String?
        public var kind: String?
        public var firstFlood: Double
        public var floodedCells: Int
        public var cells: Int
        /// The share of the place under water, 0…1.
        public var floodedShare: Double
        public var maxDepth: Double
    }

    public var terrain: String
    public var level: Double
    public var datum: String
    public var floodedCells: Int
    public var areaSquareMetres: Double
    public var depth: FloodStatistics
    public var places: [Place]
    /// Where the level came from when it was not typed: a gauge's reading or crest forecast.
    public var source: GaugeLevel?

    public init(_ ready: FloodDesk.Ready, level: Float, source: GaugeLevel? = nil) {
        self.source = source
        let inundation = ready.spill.flooded(at: level)
        let stats = FloodStatistics(inundation, terrain: ready.terrain, geometry: ready.geometry)
        terrain = ready.info.id
        self.level = millimetres(Double(level))
        datum = ready.info.datum
        floodedCells = stats.floodedCells
        areaSquareMetres = stats.areaSquareMetres
        depth = stats
        places = ready.places.flooding(at: level, spill: ready.spill, terrain: ready.terrain).map { p in
            let feature = ready.features[p.id]
            return Place(id: p.id, name: feature?.name, nameEn: feature?.nameEn, kind: feature?.kind, firstFlood: millimetres(p.firstFlood),
                         floodedCells: p.floodedCells, cells: p.cells,
                         floodedShare: p.cells == 0 ? 0 : Double(p.floodedCells) / Double(p.cells), maxDepth: millimetres(p.maxDepth))
        }
    }
}

/// Every place of a terrain with the level from which it floods ("this square floods from 176.3 m").
public struct PlaceLevels: Sendable, Codable {
    public struct Place: Sendable, Codable {
        public var id: String
        public var name: String?
        public var nameEn: String?
        public var kind: String?
        /// nil: no river level floods it (cut off, NoData, or outside the terrain).
        public var firstFlood: Double?
        public var cells: Int
        public var lowestGround: Double?
    }

    public var terrain: String
    public var datum: String
    public var places: [Place]

    public init(_ ready: FloodDesk.Ready) {
        terrain = ready.info.id
        datum = ready.info.datum
        places = ready.places.places.map { p in
            let feature = ready.features[p.id]
            let lowest = p.cells.map { ready.terrain.values[$0] }.filter { !$0.isNaN }.min()
            return Place(id: p.id, name: feature?.name, nameEn: feature?.nameEn, kind: feature?.kind,
                         firstFlood: p.firstFlood.isFinite ? millimetres(Double(p.firstFlood)) : nil, cells: p.cells.count,
                         lowestGround: lowest.map { millimetres(Double($0)) })
        }
    }
}

/// Metres rounded to the millimetre, so Float levels read as typed (176.07, not 176.07000732421875).
func millimetres(_ metres: Double) -> Double { (metres * 1000).rounded() / 1000 }
