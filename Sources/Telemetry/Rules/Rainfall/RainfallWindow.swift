/// How far back a rainfall accumulation reaches: a fixed sliding window, or since the rain began.
public enum RainfallWindow: Sendable, Hashable {
    /// The readings in (at − hours, at]: 1, 3, 6, 12, 24 or 72 hours.
    case hours(Int)
    /// Since the rain began: the readings after the latest dry spell of at least `dryHours` (1–72) before `at`.
    case sinceRainBegan(dryHours: Int)

    public static let hoursAccepted = [1, 3, 6, 12, 24, 72]
    /// How far back "since the rain began" looks: a rain that began earlier is counted from here (`truncated`).
    public static let eventLookBackHours = 168

    /// Parses `1h`, `3h`, `6h`, `12h`, `24h`, `72h` or `event`.
    public init?(_ text: String, dryHours: Int = 6) {
        if text == "event" {
            guard (1...72).contains(dryHours) else { return nil }
            self = .sinceRainBegan(dryHours: dryHours)
            return
        }
        guard text.hasSuffix("h"), let hours = Int(text.dropLast()), Self.hoursAccepted.contains(hours) else { return nil }
        self = .hours(hours)
    }

    public var text: String {
        switch self {
        case .hours(let h): "\(h)h"
        case .sinceRainBegan: "event"
        }
    }

    /// Milliseconds of readings before `at` the accumulation may need.
    public var lookBack: Int64 {
        switch self {
        case .hours(let h): Int64(h) * 3_600_000
        case .sinceRainBegan: Int64(Self.eventLookBackHours) * 3_600_000
        }
    }

    /// The hours of the window when it has a grade table (`RainfallClass`).
    public var gradedHours: Int? {
        if case .hours(let h) = self { return h }
        return nil
    }
}

/// One rainfall reading: the rain (mm) of the interval that ends at `at` (ms since 1970).
public struct RainReading: Sendable, Hashable {
    public var at: Int64
    public var millimetres: Double

    public init(at: Int64, millimetres: Double) {
        self.at = at
        self.millimetres = millimetres
    }
}

/// A gauge's accumulation at an instant. Pure.
public struct RainfallAccumulation: Sendable, Hashable {
    public var millimetres: Double
    /// Readings counted (any value, dry ones too).
    public var readings: Int
    /// `sinceRainBegan`: the first wet reading of the rain, nil when it is dry now.
    public var rainBegan: Int64?
    /// `sinceRainBegan`: the rain began before the look-back and is counted from there.
    public var truncated: Bool

    /// A reading of at least this (mm) is wet; less is a trace and counts as dry.
    public static let wet = 0.1

    /// The accumulation at `at` over `window`, from readings in time order (those after `at` are ignored).
    ///
    /// Fixed windows sum the readings in (at − window, at]: a reading exactly one window old is out (as the
    /// `windowSum` rules count). Since the rain began: the rain ended when `dryHours` have passed since the last wet
    /// reading (then the answer is 0), and it began at the first wet reading after a gap of more than `dryHours`
    /// between two wet readings — with hourly readings, after at least `dryHours` dry hours. A missing reading
    /// counts as dry.
    public static func at(_ at: Int64, window: RainfallWindow, readings: [RainReading]) -> RainfallAccumulation {
        let end = upperBound(readings, at)
        switch window {
        case .hours(let h):
            let from = at - Int64(h) * 3_600_000
            var start = end
            var total = 0.0
            while start > 0, readings[start - 1].at > from {
                start -= 1
                total += readings[start].millimetres
            }
            return RainfallAccumulation(millimetres: rounded(total), readings: end - start, rainBegan: nil, truncated: false)
        case .sinceRainBegan(let dryHours):
            let dry = Int64(dryHours) * 3_600_000
            let lookFrom = at - window.lookBack
            var index = end
            var total = 0.0
            var counted = 0
            var began: Int64?
            var laterWet: Int64?   // the wet reading after this one: the rain goes on back while gaps stay within `dry`
            while index > 0, readings[index - 1].at > lookFrom {
                index -= 1
                let reading = readings[index]
                guard reading.millimetres >= wet else { continue }
                if let later = laterWet {
                    if later - reading.at > dry { break }
                } else if at - reading.at >= dry {
                    break   // dry for `dryHours` now: the rain is over
                }
                total += reading.millimetres
                counted += 1
                began = reading.at
                laterWet = reading.at
            }
            // A rain whose first counted reading lies within `dry` of the look-back may have begun before it.
            let truncated = began.map { $0 - lookFrom <= dry } ?? false
            return RainfallAccumulation(millimetres: rounded(total), readings: counted, rainBegan: began, truncated: truncated)
        }
    }

    /// The index after the last reading at or before `at`.
    static func upperBound(_ readings: [RainReading], _ at: Int64) -> Int {
        var low = 0
        var high = readings.count
        while low < high {
            let mid = (low + high) / 2
            if readings[mid].at <= at { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Sums to a hundredth of a millimetre, so float dust never changes a grade or colour at its bound.
    static func rounded(_ mm: Double) -> Double { (mm * 100).rounded() / 100 }
}
