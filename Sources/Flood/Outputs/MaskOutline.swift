/// The exact outline of a set of cells as polygons with holes, along cell edges. Pure.
///
/// Rings run along the boundary edges between flooded and dry cells with the flooded side on the left, so in a
/// north-up frame shells are counter-clockwise and holes clockwise (RFC 7946 order). Where two flooded cells
/// touch only at a corner (a "pinch"), the ring turns to keep to one cell: flooded cells joined only at a corner
/// become separate polygons that touch at that point, dry ones joined at a corner stay one hole. A ring that
/// comes back to a pinch point is split there into simple rings, so no ring touches itself (OGC validity);
/// rings may touch each other at pinch points only. Each hole belongs to the shell of the cells on its left:
/// from a cell just west of the hole's westmost edge, the first boundary to the west belongs to the same cells,
/// and is either their shell or a hole lying further west, so following these links ends at the shell.
///
/// Vertices are cell-corner coordinates (i = column line 0…columns, j = row line 0…rows, j down); only corners
/// where the boundary turns are kept.
public struct MaskOutline: Sendable {
    public struct Polygon: Sendable, Equatable {
        /// Counter-clockwise (y up), not repeating its first vertex.
        public var shell: [Vertex]
        /// Clockwise (y up).
        public var holes: [[Vertex]]
    }

    public struct Vertex: Sendable, Hashable {
        public var i: Int32
        public var j: Int32
    }

    public let columns: Int
    public let rows: Int
    public var polygons: [Polygon]

    public init(_ mask: CellMask) {
        columns = mask.columns
        rows = mask.rows
        var tracer = Tracer(mask: mask)
        tracer.traceAll()
        polygons = tracer.assemble()
    }

    /// Twice the signed area (y up) of a ring, in cells.
    static func doubleArea(_ ring: [Vertex]) -> Int64 {
        guard ring.count >= 3 else { return 0 }
        var sum: Int64 = 0
        var p = ring[ring.count - 1]
        for q in ring {
            // y up is −j: (x1·y2 − x2·y1) with y = −j.
            sum += Int64(p.i) * Int64(-q.j) - Int64(q.i) * Int64(-p.j)
            p = q
        }
        return sum
    }
}

private struct Tracer {
    let mask: CellMask
    let columns: Int
    let rows: Int
    var horizontalSeen: CellMask
    var verticalSeen: CellMask
    var rings: [[MaskOutline.Vertex]] = []

    init(mask: CellMask) {
        self.mask = mask
        columns = mask.columns
        rows = mask.rows
        horizontalSeen = CellMask(columns: columns, rows: rows + 1)
        verticalSeen = CellMask(columns: columns + 1, rows: rows)
    }

    @inline(__always) func flooded(_ c: Int, _ r: Int) -> Bool {
        c >= 0 && r >= 0 && c < columns && r < rows && mask.words[r * mask.wordsPerRow + c >> 6] >> UInt64(c & 63) & 1 == 1
    }

    // Directions: 0 east, 1 north (j − 1), 2 west, 3 south (j + 1).
    @inline(__always) func nextDirection(_ i: Int, _ j: Int, _ d: Int) -> Int {
        let leftAhead: Bool, rightAhead: Bool
        switch d {
        case 0: (leftAhead, rightAhead) = (flooded(i, j - 1), flooded(i, j))
        case 1: (leftAhead, rightAhead) = (flooded(i - 1, j - 1), flooded(i, j - 1))
        case 2: (leftAhead, rightAhead) = (flooded(i - 1, j), flooded(i - 1, j - 1))
        default: (leftAhead, rightAhead) = (flooded(i, j), flooded(i - 1, j))
        }
        if !leftAhead { return (d + 1) & 3 }
        if !rightAhead { return d }
        return (d + 3) & 3
    }

    @inline(__always) func isPinch(_ i: Int, _ j: Int) -> Bool {
        let nw = flooded(i - 1, j - 1), ne = flooded(i, j - 1), sw = flooded(i - 1, j), se = flooded(i, j)
        return nw == se && ne == sw && nw != ne
    }

    @inline(__always) func seen(_ i: Int, _ j: Int, _ d: Int) -> Bool {
        switch d {
        case 0: horizontalSeen[i, j]
        case 2: horizontalSeen[i - 1, j]
        case 1: verticalSeen[i, j - 1]
        default: verticalSeen[i, j]
        }
    }

    @inline(__always) mutating func markAndMove(_ i: inout Int, _ j: inout Int, _ d: Int) {
        switch d {
        case 0: horizontalSeen.insert(column: i, row: j); i += 1
        case 2: horizontalSeen.insert(column: i - 1, row: j); i -= 1
        case 1: verticalSeen.insert(column: i, row: j - 1); j -= 1
        default: verticalSeen.insert(column: i, row: j); j += 1
        }
    }

    mutating func traceAll() {
        let wpr = mask.wordsPerRow
        for j in 0...rows {
            for w in 0..<wpr {
                let above = j > 0 ? mask.words[(j - 1) * wpr + w] : 0
                let below = j < rows ? mask.words[j * wpr + w] : 0
                var edges = (above ^ below) & ~horizontalSeen.words[j * wpr + w]
                while edges != 0 {
                    let c = w * 64 + edges.trailingZeroBitCount
                    edges &= edges - 1
                    guard !horizontalSeen[c, j] else { continue }
                    if above >> UInt64(c & 63) & 1 == 1 { trace(from: c, j, direction: 0) } else { trace(from: c + 1, j, direction: 2) }
                }
            }
        }
    }

    mutating func trace(from i0: Int, _ j0: Int, direction d0: Int) {
        typealias V = MaskOutline.Vertex
        var stack: [V] = [V(i: Int32(i0), j: Int32(j0))]
        var pinchAt: [V: Int] = [:]
        if isPinch(i0, j0) { pinchAt[stack[0]] = 0 }
        var (i, j, d) = (i0, j0, d0)
        while true {
            markAndMove(&i, &j, d)
            let nd = nextDirection(i, j, d)
            if seen(i, j, nd) {
                if nd == d, stack.count > 1 { stack.removeFirst() }
                break
            }
            if nd != d {
                let v = V(i: Int32(i), j: Int32(j))
                if isPinch(i, j) {
                    if let p = pinchAt[v], p < stack.count, stack[p] == v {
                        rings.append(Array(stack[p...]))
                        stack.removeSubrange((p + 1)...)
                    } else {
                        pinchAt[v] = stack.count
                        stack.append(v)
                    }
                } else {
                    stack.append(v)
                }
            }
            d = nd
        }
        rings.append(stack)
    }

    /// Shells with their holes.
    func assemble() -> [MaskOutline.Polygon] {
        var shellOf = [Int](repeating: -1, count: rings.count)
        var isShell = [Bool](repeating: false, count: rings.count)
        var shells: [Int] = []
        for (k, ring) in rings.enumerated() where MaskOutline.doubleArea(ring) > 0 {
            isShell[k] = true
            shellOf[k] = k
            shells.append(k)
        }
        // For each hole, the vertical edge met first going west from the cell west of its westmost edge.
        var west = [Int](repeating: -1, count: rings.count)
        var queries: [Int32: [(row: Int32, hole: Int)]] = [:]
        for (k, ring) in rings.enumerated() where !isShell[k] {
            var best: (i: Int32, row: Int32)? = nil
            var p = ring[ring.count - 1]
            for q in ring {
                if p.i == q.i, best.map({ q.i < $0.i }) ?? true { best = (q.i, min(p.j, q.j)) }
                p = q
            }
            guard let (i, row) = best else { continue }
            var c = Int(i) - 1
            while c >= 0, flooded(c, Int(row)) { c -= 1 }
            queries[Int32(c + 1), default: []].append((row, k))
        }
        for (k, ring) in rings.enumerated() {
            var p = ring[ring.count - 1]
            for q in ring {
                if p.i == q.i, let list = queries[q.i] {
                    let (low, high) = (min(p.j, q.j), max(p.j, q.j))
                    for query in list where query.row >= low && query.row < high { west[query.hole] = k }
                }
                p = q
            }
        }
        func owner(_ k: Int) -> Int {
            var r = k
            var steps = 0
            while !isShell[r], west[r] >= 0, steps < rings.count {
                r = west[r]
                steps += 1
            }
            return isShell[r] ? r : -1
        }
        var holesOf: [Int: [[MaskOutline.Vertex]]] = [:]
        for k in rings.indices where !isShell[k] {
            let s = owner(k)
            if s >= 0 { holesOf[s, default: []].append(rings[k]) }
        }
        return shells.map { MaskOutline.Polygon(shell: rings[$0], holes: holesOf[$0] ?? []) }
    }
}
