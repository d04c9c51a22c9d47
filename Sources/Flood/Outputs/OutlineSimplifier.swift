/// Topology-preserving simplification of a `MaskOutline`. Pure.
///
/// Each ring is simplified by Douglas–Peucker with `tolerance` in cells (default 0.5: the boundary moves at most
/// half a cell from the exact cell edges, never past the centres of the boundary cells). Kept vertices are
/// original corners, so coordinates stay on the cell lattice and every test below is exact integer arithmetic.
/// Pinch points (where rings touch) are never removed. Then every pair of simplified segments that could meet
/// is checked (a uniform grid of buckets); a ring that crosses or touches another ring or itself anywhere but
/// at a shared kept vertex, that loses its area or whose orientation flips, goes back to its exact form, and
/// the check repeats until clean — exact rings never conflict, so it ends, and the result is as valid as the
/// exact outline.
public enum OutlineSimplifier {
    public static func simplify(_ outline: MaskOutline, mask: CellMask, tolerance: Double = 0.5) -> MaskOutline {
        guard tolerance > 0 else { return outline }
        typealias V = MaskOutline.Vertex
        var exact: [[V]] = []
        for polygon in outline.polygons { exact.append(polygon.shell); exact += polygon.holes }
        func pinned(_ v: V) -> Bool {
            let (i, j) = (Int(v.i), Int(v.j))
            func f(_ c: Int, _ r: Int) -> Bool { mask[c, r] }
            let nw = f(i - 1, j - 1), ne = f(i, j - 1), sw = f(i - 1, j), se = f(i, j)
            return nw == se && ne == sw && nw != ne
        }
        var simple = exact.map { douglasPeucker($0, tolerance: tolerance, pinned: pinned) }
        var reverted = [Bool](repeating: false, count: exact.count)
        for k in simple.indices {
            let before = MaskOutline.doubleArea(exact[k]), after = MaskOutline.doubleArea(simple[k])
            if simple[k].count < 3 || after == 0 || (before > 0) != (after > 0) {
                simple[k] = exact[k]
                reverted[k] = true
            }
        }
        for _ in 0..<64 {
            let unchanged = simple.indices.map { reverted[$0] || simple[$0].count == exact[$0].count }
            let bad = conflicts(simple, unchanged: unchanged)
            let fresh = bad.filter { !reverted[$0] }
            if fresh.isEmpty { break }
            for k in fresh {
                simple[k] = exact[k]
                reverted[k] = true
            }
        }
        var out = outline
        var k = 0
        for p in out.polygons.indices {
            out.polygons[p].shell = simple[k]
            k += 1
            for h in out.polygons[p].holes.indices {
                out.polygons[p].holes[h] = simple[k]
                k += 1
            }
        }
        return out
    }

    static func douglasPeucker(_ ring: [MaskOutline.Vertex], tolerance: Double,
                               pinned: (MaskOutline.Vertex) -> Bool) -> [MaskOutline.Vertex] {
        let n = ring.count
        guard n > 4 else { return ring }
        var anchors = ring.indices.filter { pinned(ring[$0]) }
        if anchors.isEmpty {
            // The first vertex and the one farthest from it.
            let p = ring[0]
            let far = ring.indices.max { a, b in
                let (da, db) = (dist2(ring[a], p), dist2(ring[b], p))
                return da < db
            } ?? n / 2
            anchors = far == 0 ? [0, n / 2] : [0, far]
        } else if anchors.count == 1 {
            anchors.append((anchors[0] + n / 2) % n)
            anchors.sort()
        }
        var keep = [Bool](repeating: false, count: n)
        for a in anchors { keep[a] = true }
        let limit = tolerance * tolerance
        var work: [(Int, Int)] = []
        for (a, b) in zip(anchors, anchors.dropFirst() + [anchors[0] + n]) { work.append((a, b)) }
        while let (a, b) = work.popLast() {
            guard b - a > 1 else { continue }
            let (p, q) = (ring[a % n], ring[b % n])
            var (worst, at) = (-1.0, -1)
            for k in (a + 1)..<b {
                let d = segmentDistance2(ring[k % n], p, q)
                if d > worst { (worst, at) = (d, k) }
            }
            if worst > limit {
                keep[at % n] = true
                work.append((a, at))
                work.append((at, b))
            }
        }
        return ring.indices.filter { keep[$0] }.map { ring[$0] }
    }

    @inline(__always) static func dist2(_ a: MaskOutline.Vertex, _ b: MaskOutline.Vertex) -> Int64 {
        let (dx, dy) = (Int64(a.i - b.i), Int64(a.j - b.j))
        return dx * dx + dy * dy
    }

    static func segmentDistance2(_ v: MaskOutline.Vertex, _ p: MaskOutline.Vertex, _ q: MaskOutline.Vertex) -> Double {
        let (dx, dy) = (Double(q.i - p.i), Double(q.j - p.j))
        let (px, py) = (Double(v.i - p.i), Double(v.j - p.j))
        let length2 = dx * dx + dy * dy
        let t = length2 > 0 ? min(1, max(0, (px * dx + py * dy) / length2)) : 0
        let (ex, ey) = (px - t * dx, py - t * dy)
        return ex * ex + ey * ey
    }

    /// Rings with a segment that meets another segment other than at a shared endpoint (or overlaps along it).
    /// `unchanged[k]`: ring k is exact, so two such rings need no check (exact rings never conflict).
    static func conflicts(_ rings: [[MaskOutline.Vertex]], unchanged: [Bool]) -> Set<Int> {
        typealias V = MaskOutline.Vertex
        struct Segment { let a: V; let b: V; let ring: Int }
        var segments: [Segment] = []
        for (k, ring) in rings.enumerated() {
            var p = ring[ring.count - 1]
            for q in ring {
                segments.append(Segment(a: p, b: q, ring: k))
                p = q
            }
        }
        // Buckets of 16 × 16 cells filled by counting sort: segments are short, so each touches one to a few.
        let shift: Int32 = 4
        var maxI: Int32 = 0, maxJ: Int32 = 0
        for segment in segments {
            maxI = max(maxI, segment.a.i, segment.b.i)
            maxJ = max(maxJ, segment.a.j, segment.b.j)
        }
        let (width, height) = (Int(maxI >> shift) + 1, Int(maxJ >> shift) + 1)
        func span(_ s: Segment) -> (ClosedRange<Int>, ClosedRange<Int>) {
            (Int(min(s.a.i, s.b.i) >> shift)...Int(max(s.a.i, s.b.i) >> shift),
             Int(min(s.a.j, s.b.j) >> shift)...Int(max(s.a.j, s.b.j) >> shift))
        }
        var start = [Int32](repeating: 0, count: width * height + 1)
        for segment in segments {
            let (bi, bj) = span(segment)
            for y in bj { for x in bi { start[y * width + x + 1] += 1 } }
        }
        for k in 0..<(width * height) { start[k + 1] += start[k] }
        var fill = start
        var members = [Int32](repeating: 0, count: Int(start[width * height]))
        for (index, segment) in segments.enumerated() {
            let (bi, bj) = span(segment)
            for y in bj {
                for x in bi {
                    members[Int(fill[y * width + x])] = Int32(index)
                    fill[y * width + x] += 1
                }
            }
        }
        var bad = Set<Int>()
        for b in 0..<(width * height) {
            let (from, to) = (Int(start[b]), Int(start[b + 1]))
            guard to - from > 1 else { continue }
            for x in from..<(to - 1) {
                let s = segments[Int(members[x])]
                for y in (x + 1)..<to {
                    let t = segments[Int(members[y])]
                    if unchanged[s.ring] && unchanged[t.ring] { continue }
                    if meet(s.a, s.b, t.a, t.b) {
                        bad.insert(s.ring)
                        bad.insert(t.ring)
                    }
                }
            }
        }
        return bad
    }

    @inline(__always) static func orient(_ a: MaskOutline.Vertex, _ b: MaskOutline.Vertex, _ c: MaskOutline.Vertex) -> Int64 {
        let v = Int64(b.i - a.i) * Int64(c.j - a.j) - Int64(b.j - a.j) * Int64(c.i - a.i)
        return v > 0 ? 1 : (v < 0 ? -1 : 0)
    }

    @inline(__always) static func onSegment(_ p: MaskOutline.Vertex, _ a: MaskOutline.Vertex, _ b: MaskOutline.Vertex) -> Bool {
        min(a.i, b.i) <= p.i && p.i <= max(a.i, b.i) && min(a.j, b.j) <= p.j && p.j <= max(a.j, b.j)
    }

    /// Whether two segments have a point in common other than one shared endpoint.
    static func meet(_ a: MaskOutline.Vertex, _ b: MaskOutline.Vertex, _ c: MaskOutline.Vertex, _ d: MaskOutline.Vertex) -> Bool {
        let shared = a == c || a == d || b == c || b == d
        let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b))
        if shared {
            // Two segments from one point meet elsewhere only when they run along each other.
            let (p, q, r): (MaskOutline.Vertex, MaskOutline.Vertex, MaskOutline.Vertex) =
                a == c ? (a, b, d) : a == d ? (a, b, c) : b == c ? (b, a, d) : (b, a, c)
            guard orient(p, q, r) == 0 else { return false }
            let (ux, uy, vx, vy) = (Int64(q.i - p.i), Int64(q.j - p.j), Int64(r.i - p.i), Int64(r.j - p.j))
            return ux * vx + uy * vy > 0 || (a == c && b == d) || (a == d && b == c)
        }
        if o1 != o2 && o3 != o4 { return true }
        if o1 == 0 && onSegment(c, a, b) { return true }
        if o2 == 0 && onSegment(d, a, b) { return true }
        if o3 == 0 && onSegment(a, c, d) { return true }
        if o4 == 0 && onSegment(b, c, d) { return true }
        return false
    }
}
