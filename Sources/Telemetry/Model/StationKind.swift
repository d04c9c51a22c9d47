/// What a registered station or device is. The kind decides which quantities it may report.
public enum StationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case rainGauge = "rain_gauge"
    case riverGauge = "river_gauge"
    case trafficDetector = "traffic_detector"
    case camera
    case monitoringPoint = "monitoring_point"
    case rangerDevice = "ranger_device"

    public var label: (zh: String, en: String) {
        switch self {
        case .rainGauge: ("雨量站", "rain gauge")
        case .riverGauge: ("水位站", "river-level gauge")
        case .trafficDetector: ("交通检测器", "traffic detector")
        case .camera: ("摄像机", "camera")
        case .monitoringPoint: ("监测点", "monitoring point")
        case .rangerDevice: ("护林员终端", "ranger device")
        }
    }

    /// The quantities a station of this kind may report.
    public var quantities: Set<Quantity> {
        switch self {
        case .rainGauge: [.rainfall, .temperature, .relativeHumidity, .windSpeed]
        case .riverGauge: [.waterLevel, .rainfall]
        case .trafficDetector, .camera: [.intensity, .occupancy, .averageSpeed]
        case .monitoringPoint: Set(Quantity.allCases)
        case .rangerDevice: [.temperature, .relativeHumidity, .windSpeed, .rainfall]
        }
    }
}

/// Whether a station is in service. Retired stations keep their data but take no new observations.
public enum StationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case maintenance
    case retired
}
