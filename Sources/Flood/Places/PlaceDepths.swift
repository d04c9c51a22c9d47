/// A place flooded at a level: how much of it and how deep. Pure.
public struct PlaceFlooding: Sendable, Hashable, Codable {
    public var id: String
    /// The level from which the place floods (metres, the terrain's datum).
    public var firstFlood: Double
    /// Cells of the place under water at this level, and all its cells.
    public var floodedCells: Int
    public var cells: Int
    /// The deepest water on the place, metres.
    public var maxDepth: Double
}

extension FloodPlaces {
    /// The places flooded at `level`, lowest first-flood level first, each with its flooded share and deepest water.
    public func flooding(at level: Float, spill: SpillLevels, terrain: Raster) -> [PlaceFlooding] {
        flooded(at: level).map { place in
            var wet = 0
            var lowest = Float.infinity
            for index in place.cells where spill.values[index] < level {
                wet += 1
                lowest = min(lowest, terrain.values[index])
            }
            return PlaceFlooding(id: place.id, firstFlood: Double(place.firstFlood), floodedCells: wet, cells: place.cells.count,
                                 maxDepth: Double(level - lowest))
        }
    }
}
