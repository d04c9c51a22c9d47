/// The map colour of an accumulated rainfall, after the flood pages: over 100 mm purple, over 50 mm red, lighter
/// rain yellow and green. The bands (mm, of any window):
///
/// | colour | amount | hex |
/// |---|---|---|
/// | `none` | < 0.1 (dry) | — |
/// | `lightGreen` | 0.1 – < 10 | `#a6f28f` |
/// | `green` | 10 – < 25 | `#3dba3d` |
/// | `yellow` | 25 – 50 | `#f2c500` |
/// | `red` | > 50 – 100 | `#e6001a` |
/// | `purple` | > 100 | `#8b1a9b` |
///
/// "Over" is strict, as the pages say it: exactly 50.0 mm is yellow, exactly 100.0 mm red. Amounts are taken to
/// 0.1 mm first (as gauges report), so 50.04 mm is 50.0 and yellow. 10 and 25 mm are the 24 h grades' 中雨 and 大雨 bounds.
public enum RainfallColour: String, Sendable, Hashable, Codable, CaseIterable {
    case none, lightGreen, green, yellow, red, purple

    public var hex: String? {
        switch self {
        case .none: nil
        case .lightGreen: "#a6f28f"
        case .green: "#3dba3d"
        case .yellow: "#f2c500"
        case .red: "#e6001a"
        case .purple: "#8b1a9b"
        }
    }

    public static func of(_ millimetres: Double) -> RainfallColour {
        let tenths = (millimetres * 10).rounded()
        switch tenths {
        case ..<1: return .none
        case ..<100: return .lightGreen
        case ..<250: return .green
        case ...500: return .yellow
        case ...1000: return .red
        default: return .purple
        }
    }
}
