/// Writes a `MaskOutline` as a GeoJSON Feature with a MultiPolygon geometry (RFC 7946: shells
/// counter-clockwise, holes clockwise, rings closed), coordinates through the terrain's georeference with a
/// fixed number of decimals. Pure; writes bytes directly (no intermediate objects), as it runs on large results.
public enum OutlineGeoJSON {
    /// `decimals` defaults to 8 on geographic grids (about a millimetre) and 3 (a millimetre) on metric ones.
    public static func feature(_ outline: MaskOutline, georeference: Georeference?, geographic: Bool,
                               properties: String = "{}", decimals: Int? = nil) -> [UInt8] {
        let geo = georeference ?? Georeference(originX: 0, originY: Double(outline.rows), a: 1, e: -1)
        let places = min(max(decimals ?? (geographic ? 8 : 3), 0), 12)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let flip = geo.a * geo.e - geo.b * geo.d > 0
        var out: [UInt8] = []
        out.reserveCapacity(64 + outline.polygons.reduce(0) { $0 + ($1.shell.count + $1.holes.reduce(0) { $0 + $1.count }) * 40 })
        out += Array(#"{"type":"Feature","properties":"#.utf8)
        out += Array(properties.utf8)
        out += Array(#","geometry":{"type":"MultiPolygon","coordinates":["#.utf8)
        var digits = [UInt8](repeating: 0, count: 32)
        func number(_ value: Double) {
            var n = Int64((value * scale).rounded())
            if n < 0 {
                out.append(0x2D)
                n = -n
            }
            var count = 0
            repeat {
                digits[count] = 0x30 + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0 || count <= places
            for k in stride(from: count - 1, through: 0, by: -1) {
                out.append(digits[k])
                if k == places && places > 0 { out.append(0x2E) }
            }
        }
        func ring(_ vertices: [MaskOutline.Vertex]) {
            out.append(0x5B)
            let ordered = flip ? vertices.reversed() : vertices
            for (k, v) in (ordered + [ordered[0]]).enumerated() {
                if k > 0 { out.append(0x2C) }
                let p = geo.map(column: Double(v.i), row: Double(v.j))
                out.append(0x5B)
                number(p.x)
                out.append(0x2C)
                number(p.y)
                out.append(0x5D)
            }
            out.append(0x5D)
        }
        for (k, polygon) in outline.polygons.enumerated() {
            if k > 0 { out.append(0x2C) }
            out.append(0x5B)
            ring(polygon.shell)
            for hole in polygon.holes {
                out.append(0x2C)
                ring(hole)
            }
            out.append(0x5D)
        }
        out += Array("]}}".utf8)
        return out
    }
}
