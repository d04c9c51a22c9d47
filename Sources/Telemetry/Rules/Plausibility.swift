/// Physical limits on values in canonical units. A value outside them is a broken sensor or a wrong unit,
/// never data: it is refused so that no aggregate is poisoned.
public enum Plausibility {
    /// The range a value of `quantity` may take at a station with `levels` (river gauges).
    public static func range(_ quantity: Quantity, levels: RiverLevels?) -> ClosedRange<Double> {
        switch quantity {
        // The world record is about 305 mm in one hour; one reading above 400 mm is impossible.
        case .rainfall: 0...400
        case .waterLevel: levels?.plausibleRange ?? -500...9000
        case .intensity: 0...20_000
        case .occupancy, .relativeHumidity: 0...1
        case .averageSpeed: 0...300
        case .temperature: -60...65
        case .windSpeed: 0...120
        // Deeper than 20 m is not standing water on a street.
        case .waterDepth: 0...20
        }
    }
}
