import Foundation
import HubKit

/// The compact JSON batch format (docs/API.md): flat `observations`, grouped `series`, or both.
///
/// ```json
/// {"correction": false,
///  "observations": [{"station": "rg-01", "quantity": "rainfall", "time": "2024-07-03T08:00:00+08:00", "value": 2.5, "unit": "mm"}],
///  "series": [{"station": "wl-01", "quantity": "water_level", "unit": "m", "datum": "yellow-sea-1985",
///              "points": [["2024-07-10T07:00:00+08:00", 176.07], ["2024-07-10T11:00:00+08:00", 176.17]]}]}
/// ```
public struct ObservationBatch: Sendable, Decodable {
    public var correction: Bool?
    public var observations: [Item]?
    public var series: [Series]?

    public struct Item: Sendable, Decodable {
        public var station: String
        public var quantity: String
        public var time: String
        public var value: Double
        public var unit: String?
        public var datum: String?
    }

    public struct Series: Sendable, Decodable {
        public var station: String
        public var quantity: String
        public var unit: String?
        public var datum: String?
        public var points: [Point]
    }

    /// `[time, value]`.
    public struct Point: Sendable, Decodable {
        public var time: String
        public var value: Double

        public init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            time = try c.decode(String.self)
            value = try c.decode(Double.self)
            guard c.isAtEnd else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a point is [time, value]"))
            }
        }
    }

    /// Parses a body; structural errors become a problem naming the path.
    public static func parse(_ data: Data) throws -> ObservationBatch {
        let decoder = JSONDecoder()
        do {
            let batch = try decoder.decode(ObservationBatch.self, from: data)
            guard batch.observations != nil || batch.series != nil else { throw InputProblem.missingField("observations") }
            return batch
        } catch let error as DecodingError {
            throw JSONBody.problem(for: error)
        }
    }

    /// The readings in input order, labelled by their place in the body.
    public var raws: [RawObservation] {
        var out: [RawObservation] = []
        out.reserveCapacity((observations?.count ?? 0) + (series?.reduce(0) { $0 + $1.points.count } ?? 0))
        for (i, o) in (observations ?? []).enumerated() {
            out.append(RawObservation(item: "observations[\(i)]", station: o.station, quantity: o.quantity, time: o.time,
                                      value: o.value, unit: o.unit, datum: o.datum))
        }
        for (s, series) in (series ?? []).enumerated() {
            for (p, point) in series.points.enumerated() {
                out.append(RawObservation(item: "series[\(s)].points[\(p)]", station: series.station, quantity: series.quantity,
                                          time: point.time, value: point.value, unit: series.unit, datum: series.datum))
            }
        }
        return out
    }
}
