/// The CAP `area` rules the schema leaves to the sender (CAP 1.2 §3.2.4): polygons as space-separated
/// `lat,lon` pairs, closed (first pair = last) with at least four pairs; circles as `lat,lon radius` with the
/// radius in kilometres; latitudes in −90…90 and longitudes in −180…180 (WGS 84).
public enum AreaRules {
    /// Faults of one polygon text; `field` names it in the faults.
    public static func polygon(_ text: String, field: String) -> [CAPFault] {
        let pairs = text.split(separator: " ", omittingEmptySubsequences: false)
        var points: [(lat: Double, lon: Double)] = []
        for (index, pair) in pairs.enumerated() {
            guard let point = coordinate(pair) else {
                return [CAPFault(.polygonMalformed, field, zh: "第 \(index + 1) 个坐标「\(pair)」不是「纬度,经度」；坐标之间只用一个空格分隔",
                                 en: "point \(index + 1) \"\(pair)\" is not \"lat,lon\"; points are separated by single spaces")]
            }
            if let fault = range(point, field: field, position: index + 1) { return [fault] }
            points.append(point)
        }
        var faults: [CAPFault] = []
        if points.count < 4 {
            faults.append(CAPFault(.polygonTooFewPoints, field, zh: "多边形至少需要 4 个坐标（首尾相同），现有 \(points.count) 个",
                                   en: "a polygon needs at least 4 points (first = last), it has \(points.count)"))
        }
        if let first = points.first, let last = points.last, first != last {
            faults.append(CAPFault(.polygonNotClosed, field, zh: "多边形未闭合：最后一个坐标须与第一个相同",
                                   en: "the polygon is not closed: the last point must equal the first"))
        }
        return faults
    }

    /// Faults of one circle text (`lat,lon radius`).
    public static func circle(_ text: String, field: String) -> [CAPFault] {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let centre = coordinate(parts[0]), let radius = number(parts[1]), radius >= 0 else {
            return [CAPFault(.circleMalformed, field, zh: "圆形区域应为「纬度,经度 半径公里」，如「29.55,106.57 2.5」",
                             en: "a circle is \"lat,lon radius-km\", e.g. \"29.55,106.57 2.5\"")]
        }
        return range(centre, field: field, position: 1).map { [$0] } ?? []
    }

    /// Faults of one administrative division code (6 or 12 digits).
    public static func geocode(_ text: String, field: String) -> [CAPFault] {
        CAPText.isDigits(text, counts: [6, 12]) ? [] :
            [CAPFault(.geocodeMalformed, field, zh: "行政区划代码应为 6 位或 12 位数字，而不是「\(text)」",
                      en: "an administrative division code has 6 or 12 digits, not \"\(text)\"")]
    }

    static func coordinate(_ text: Substring) -> (lat: Double, lon: Double)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lat = number(parts[0]), let lon = number(parts[1]) else { return nil }
        return (lat, lon)
    }

    /// A plain decimal number (optional minus sign, digits, optional fraction): no exponent, no `nan`, no `+`.
    static func number(_ text: Substring) -> Double? {
        var body = text.utf8[...]
        if body.first == 45 { body = body.dropFirst() }
        let parts = body.split(separator: 46, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 48 && $0 <= 57 } })
        else { return nil }
        return Double(String(text))
    }

    static func range(_ point: (lat: Double, lon: Double), field: String, position: Int) -> CAPFault? {
        guard (-90...90).contains(point.lat), (-180...180).contains(point.lon) else {
            return CAPFault(.coordinateOutOfRange, field, zh: "第 \(position) 个坐标超出范围：纬度须在 −90…90，经度须在 −180…180",
                            en: "point \(position) is out of range: latitude −90…90, longitude −180…180")
        }
        return nil
    }
}
