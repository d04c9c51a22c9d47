/// The answer to "what floods at this level": the flooded cells as a bitset, with depths on demand.
public struct Inundation: Sendable {
    public let level: Float
    public let flooded: CellMask

    public init(level: Float, flooded: CellMask) {
        self.level = level
        self.flooded = flooded
    }

    public var floodedCells: Int { flooded.count }

    /// Water depth on a flooded cell (`level − elevation`, always > 0); nil on a dry cell.
    public func depth(column: Int, row: Int, in terrain: Raster) -> Float? {
        guard flooded[column, row], let elevation = terrain[column, row] else { return nil }
        return level - elevation
    }

    /// Depths of every cell, row-major: NaN on dry cells.
    public func depths(in terrain: Raster) -> [Float] {
        var out = [Float](repeating: .nan, count: terrain.count)
        for index in flooded.indices() { out[index] = level - terrain.values[index] }
        return out
    }
}
