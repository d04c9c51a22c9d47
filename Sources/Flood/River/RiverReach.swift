/// A reach of a terrain's river: one feature of its river GeoJSON, with the gauge whose level stands for the water
/// along it (the feature's `gauge` property, a telemetry station id).
public struct RiverReach: Sendable, Codable, Equatable {
    public var id: String
    public var name: String?
    public var nameEn: String?
    public var gauge: String?

    public static func reaches(_ features: [FloodFeature]) -> [RiverReach] {
        features.map { RiverReach(id: $0.id, name: $0.name, nameEn: $0.nameEn, gauge: $0.properties["gauge"]) }
    }
}
