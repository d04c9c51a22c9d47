/// Named places (squares, steps, streets, ferry points) with the level at which each first floods: the lowest
/// spill level over its cells. "What floods at 176.8 m" is then a binary search in the places sorted by that
/// level, and "this square floods from 176.3 m" a look-up.
public struct FloodPlaces: Sendable {
    public struct Place: Sendable, Hashable {
        public let id: String
        /// The lowest spill level over the place's cells: the place floods at any level above it (+∞: never).
        public let firstFlood: Float
        /// The place's cells, row-major indices.
        public let cells: [Int]
    }

    /// Sorted by `firstFlood`, then id.
    public let places: [Place]

    /// `cells` of each place are row-major indices into `spill`'s grid; indices outside it are ignored.
    public init(_ cells: [(id: String, cells: [Int])], spill: SpillLevels) {
        places = cells.map { entry in
            let inside = entry.cells.filter { $0 >= 0 && $0 < spill.values.count }
            let level = inside.reduce(Float.infinity) { min($0, spill.values[$1]) }
            return Place(id: entry.id, firstFlood: level, cells: inside)
        }.sorted { ($0.firstFlood, $0.id) < ($1.firstFlood, $1.id) }
    }

    /// The places that flood at `level` (some cell's spill level is below it), lowest first.
    public func flooded(at level: Float) -> ArraySlice<Place> {
        var (low, high) = (0, places.count)
        while low < high {
            let mid = (low + high) / 2
            if places[mid].firstFlood < level { low = mid + 1 } else { high = mid }
        }
        return places[..<low]
    }

    public func place(_ id: String) -> Place? { places.first { $0.id == id } }
}
