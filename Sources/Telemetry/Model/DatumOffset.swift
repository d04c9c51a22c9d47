import HubKit

/// How another height datum relates to a river gauge's own at that gauge: a level in `datum` is the level in the
/// station's datum plus `offset` (metres). E.g. a gauge in `yellow-sea-1985` with `wusong` at +1.8 m reads 176.17 m
/// Yellow Sea = 177.97 m Wusong. Offsets differ from station to station (the datums are not parallel surfaces), so
/// each gauge keeps its own table; `note` says where the figure comes from.
public struct DatumOffset: Sendable, Hashable, Codable {
    public var datum: DatumTag
    /// Metres to add to a level in the station's datum to get it in `datum`.
    public var offset: Double
    public var note: String?
    public var updatedAt: String?
    public var updatedBy: String?

    public init(datum: DatumTag, offset: Double, note: String? = nil, updatedAt: String? = nil, updatedBy: String? = nil) {
        self.datum = datum
        self.offset = offset
        self.note = note
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
