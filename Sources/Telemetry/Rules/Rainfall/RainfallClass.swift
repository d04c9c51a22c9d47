/// A rainfall grade (降雨量等级) of GB/T 28592-2012 "降水量等级", table 1, lowest first.
///
/// The standard grades rain over **24 h and 12 h** only (its clause 3). For one hour it has no table; we use the
/// hourly grading of CMA's verification practice (1 h: 小雨 0.1–1.9, 中雨 2.0–4.9, 大雨 5.0–9.9, 暴雨 10.0–19.9,
/// 大暴雨 ≥ 20.0 mm) and say so wherever it is shown. Other windows (3, 6, 72 h, since the rain began) get no grade.
public enum RainfallClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 微量降雨（零星小雨）: under 0.1 mm.
    case trace
    case light            // 小雨
    case moderate         // 中雨
    case heavy            // 大雨
    case rainstorm        // 暴雨
    case heavyRainstorm   // 大暴雨
    case extremeRainstorm // 特大暴雨

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }

    public var label: (zh: String, en: String) {
        switch self {
        case .trace: ("微量降雨", "trace")
        case .light: ("小雨", "light rain")
        case .moderate: ("中雨", "moderate rain")
        case .heavy: ("大雨", "heavy rain")
        case .rainstorm: ("暴雨", "rainstorm")
        case .heavyRainstorm: ("大暴雨", "heavy rainstorm")
        case .extremeRainstorm: ("特大暴雨", "extreme rainstorm")
        }
    }

    /// The lower bounds (mm, inclusive) of light … extreme rainstorm for a window, or nil when the window has no
    /// table. Amounts are graded as the standard writes them: to 0.1 mm, so 9.95 counts as 10.0.
    public static func lowerBounds(windowHours: Int) -> [Double]? {
        switch windowHours {
        case 24: [0.1, 10, 25, 50, 100, 250]      // GB/T 28592-2012 table 1, 24 h
        case 12: [0.1, 5, 15, 30, 70, 140]        // GB/T 28592-2012 table 1, 12 h
        case 1: [0.1, 2, 5, 10, 20]               // CMA hourly grading (not in GB/T 28592): no 特大暴雨
        default: nil
        }
    }

    /// The grade of `millimetres` fallen in `windowHours`, or nil when that window has no table.
    public static func classify(_ millimetres: Double, windowHours: Int) -> RainfallClass? {
        guard let bounds = lowerBounds(windowHours: windowHours) else { return nil }
        let tenths = (millimetres * 10).rounded() / 10
        let graded: [RainfallClass] = [.light, .moderate, .heavy, .rainstorm, .heavyRainstorm, .extremeRainstorm]
        var grade: RainfallClass = .trace
        for (index, bound) in bounds.enumerated() where tenths >= bound - 1e-9 { grade = graded[index] }
        return grade
    }
}
