/// Units accepted for each quantity and their conversion to the canonical unit. Anything else is refused:
/// a value in an unknown unit would poison every aggregate it joins.
///
/// Symbols follow UCUM-like text (`mm`, `cm`, `m`, `km/h`, `m/s`, `Cel`, `%`) and NGSI-LD `unitCode`s from
/// UN/CEFACT Common Code (`MMT`, `CMT`, `MTR`, `KMH`, `MTS`, `CEL`, `KEL`, `P1`, `C62`).
public enum Units {
    /// `canonical = value * scale / divisor + offset`; dividing (rather than multiplying by 0.01) keeps 17617 cm
    /// exactly 176.17 m, so a level re-sent in another unit is still a duplicate.
    public struct Conversion: Sendable, Equatable {
        public var scale: Double
        public var divisor: Double = 1
        public var offset: Double
        public func apply(_ value: Double) -> Double { value * scale / divisor + offset }
        static let identity = Conversion(scale: 1, offset: 0)
    }

    /// The conversion of `unit` for `quantity`, or nil when the unit is not accepted. A missing unit means the
    /// canonical one.
    public static func conversion(_ unit: String?, for quantity: Quantity) -> Conversion? {
        guard let unit, !unit.isEmpty else { return .identity }
        switch quantity {
        case .rainfall:
            switch unit {
            case "mm", "MMT", "L/m2", "l/m2", "L/m²": return .identity
            case "cm", "CMT": return Conversion(scale: 10, offset: 0)
            default: return nil
            }
        case .waterLevel, .waterDepth:
            switch unit {
            case "m", "MTR": return .identity
            case "cm", "CMT": return Conversion(scale: 1, divisor: 100, offset: 0)
            case "mm", "MMT": return Conversion(scale: 1, divisor: 1000, offset: 0)
            default: return nil
            }
        case .intensity:
            switch unit {
            case "1", "C62", "vehicles", "{vehicle}": return .identity
            default: return nil
            }
        case .occupancy, .relativeHumidity:
            switch unit {
            case "1", "C62": return .identity
            case "%", "P1": return Conversion(scale: 1, divisor: 100, offset: 0)
            default: return nil
            }
        case .averageSpeed:
            switch unit {
            case "km/h", "KMH": return .identity
            case "m/s", "MTS": return Conversion(scale: 3.6, offset: 0)
            default: return nil
            }
        case .temperature:
            switch unit {
            case "Cel", "CEL", "°C", "degC": return .identity
            case "K", "KEL": return Conversion(scale: 1, offset: -273.15)
            default: return nil
            }
        case .windSpeed:
            switch unit {
            case "m/s", "MTS": return .identity
            case "km/h", "KMH": return Conversion(scale: 1, divisor: 3.6, offset: 0)
            default: return nil
            }
        }
    }

    /// The units accepted for `quantity`, for messages.
    public static func accepted(for quantity: Quantity) -> String {
        switch quantity {
        case .rainfall: "mm (MMT, L/m2), cm (CMT)"
        case .waterLevel, .waterDepth: "m (MTR), cm (CMT), mm (MMT)"
        case .intensity: "1 (C62)"
        case .occupancy, .relativeHumidity: "1 (C62), % (P1)"
        case .averageSpeed: "km/h (KMH), m/s (MTS)"
        case .temperature: "Cel (CEL), K (KEL)"
        case .windSpeed: "m/s (MTS), km/h (KMH)"
        }
    }
}
