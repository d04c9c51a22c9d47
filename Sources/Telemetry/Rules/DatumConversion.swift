import HubKit

/// Converting a level between height datums at one gauge, by the gauge's offset table. Pure.
///
/// The station's own datum is the hub: station → X adds X's offset, X → station subtracts it, X → Y goes through
/// the station's datum (adds Y's offset minus X's). There is no conversion without an offset at this gauge: the
/// answer is then nil, and callers refuse (`NO_DATUM_OFFSET`) rather than show a level in the wrong datum.
public enum DatumConversion {
    /// Metres to add to a level in `from` to express it in `to` at a gauge whose own datum is `station`.
    public static func shift(from: DatumTag, to: DatumTag, station: DatumTag, offsets: [DatumTag: Double]) -> Double? {
        if from == to { return 0 }
        func fromStation(_ tag: DatumTag) -> Double? { tag == station ? 0 : offsets[tag] }
        guard let a = fromStation(from), let b = fromStation(to) else { return nil }
        return b - a
    }

    /// The station's levels expressed in `datum`, or nil when the gauge has no offset to it.
    public static func levels(_ river: RiverLevels, in datum: DatumTag, offsets: [DatumTag: Double]) -> RiverLevels? {
        guard let shift = shift(from: river.datum, to: datum, station: river.datum, offsets: offsets) else { return nil }
        return RiverLevels(datum: datum, warningLevel: river.warningLevel + shift, guaranteedLevel: river.guaranteedLevel + shift)
    }

    /// An aggregate of levels moved by `shift` metres: averages, minima and maxima move by it, a sum by it per
    /// reading, a count not at all.
    public static func shifted(_ value: Double, fn: AggregateFunction, count: Int64, by shift: Double) -> Double {
        switch fn {
        case .avg, .min, .max: value + shift
        case .sum: value + shift * Double(count)
        case .count: value
        }
    }

    /// Offsets beyond this (metres) are refused: the datums in use in China differ by a few metres at most.
    public static let maximumOffset = 100.0
}
