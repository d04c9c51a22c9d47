/// A river level at a gauge, expressed in a named height datum: a reading or a forecast crest.
public struct GaugeLevel: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case observed
        case forecast
    }

    public var station: String
    public var kind: Kind
    /// Metres in `datum`.
    public var level: Double
    public var datum: String
    /// The reading's time, or the forecast crest's time; ISO 8601 with the zone.
    public var time: String
    /// The level in the gauge's own datum, as it reported or forecast it.
    public var stationLevel: Double
    public var stationDatum: String

    public init(station: String, kind: Kind, level: Double, datum: String, time: String, stationLevel: Double, stationDatum: String) {
        self.station = station
        self.kind = kind
        self.level = level
        self.datum = datum
        self.time = time
        self.stationLevel = stationLevel
        self.stationDatum = stationDatum
    }
}

/// River levels at gauges, for slices that need a level without owning the gauges (the flood what-if). Implemented
/// by Telemetry, which converts between datums by each gauge's offsets and refuses when it has none, so a level is
/// never used in the wrong datum. Both calls check that `principal` may read the gauge.
public protocol GaugeLevels: Sendable {
    /// The gauge's newest water-level reading at or before `at` (Unix milliseconds; nil: now), in `datum`.
    func observed(station: String, at: Int64?, datum: String, principal: Principal) async throws -> GaugeLevel
    /// The gauge's forecast crest as of `at` (nil: now), in `datum`.
    func forecastCrest(station: String, at: Int64?, datum: String, principal: Principal) async throws -> GaugeLevel
}
