/// A measured quantity and its canonical unit. Every stored value is in the canonical unit.
///
/// `storageCode` is the small integer kept in the observation tables; it never changes once released.
public enum Quantity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Rain fallen during the observation's interval, millimetres.
    case rainfall
    /// River or water level, metres in the station's datum.
    case waterLevel = "water_level"
    /// Vehicles counted during the observation's interval.
    case intensity
    /// Share of time a detector was occupied, 0…1.
    case occupancy
    /// Mean vehicle speed, km/h.
    case averageSpeed = "average_speed"
    /// Air temperature, °C.
    case temperature
    /// Relative humidity, 0…1.
    case relativeHumidity = "relative_humidity"
    /// Wind speed, m/s.
    case windSpeed = "wind_speed"
    /// Depth of standing water on a road or in an underpass (积水深度), metres.
    case waterDepth = "water_depth"

    public var storageCode: Int64 {
        switch self {
        case .rainfall: 1
        case .waterLevel: 2
        case .intensity: 3
        case .occupancy: 4
        case .averageSpeed: 5
        case .temperature: 6
        case .relativeHumidity: 7
        case .windSpeed: 8
        case .waterDepth: 9
        }
    }

    public init?(storageCode: Int64) {
        guard let found = Quantity.allCases.first(where: { $0.storageCode == storageCode }) else { return nil }
        self = found
    }

    /// The canonical unit's symbol as the API shows it.
    public var canonicalUnit: String {
        switch self {
        case .rainfall: "mm"
        case .waterLevel: "m"
        case .intensity: "1"
        case .occupancy, .relativeHumidity: "1"
        case .averageSpeed: "km/h"
        case .temperature: "Cel"
        case .windSpeed: "m/s"
        case .waterDepth: "m"
        }
    }
}
