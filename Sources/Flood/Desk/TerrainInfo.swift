import HubKit

/// What the hub knows of one terrain, as listed by the API.
public struct TerrainInfo: Sendable, Codable, Equatable {
    public var id: String
    public var file: String
    /// The height datum's tag (e.g. `yellow-sea-1985`); levels must be given in it.
    public var datum: String
    /// The datum's name as the source gave it.
    public var datumName: String?
    public var columns: Int
    public var rows: Int
    public var epsg: Int?
    public var geographic: Bool
    /// West, south, east, north in the terrain's coordinates.
    public var bounds: [Double]
    public var minElevation: Double?
    public var maxElevation: Double?
    public var hasRiver: Bool
    /// The river's reaches, each with the gauge (if any) whose level stands for it.
    public var reaches: [RiverReach]
    public var places: Int
    /// Whether spill levels are ready (in memory or on file) for the current terrain and river.
    public var spillReady: Bool
}

/// The sidecar beside a terrain file (`<id>-dem.json`): its datum and where it came from.
struct TerrainSidecar: Codable {
    var datum: String?
    var datumTag: String?
    var source: String?

    /// The tag levels are checked against: the stated tag, else one recognised from the datum's name.
    var tag: String {
        if let datumTag, !datumTag.isEmpty { return datumTag }
        guard let datum else { return "unknown" }
        if datum.contains("1985") { return "yellow-sea-1985" }
        if datum.contains("1956") { return "yellow-sea-1956" }
        if datum.lowercased().contains("wusong") || datum.contains("吴淞") { return "wusong" }
        return datum
    }
}
