/// A square of an integer lattice, named by its lower-left corner: column `x` grows east, row `y` grows north.
struct LatticeCell: Hashable, Sendable, Comparable {
    var x: Int
    var y: Int

    /// Reading order on a map: northern rows first, west to east within a row.
    static func < (a: LatticeCell, b: LatticeCell) -> Bool {
        a.y != b.y ? a.y > b.y : a.x < b.x
    }
}

/// A corner of the lattice; cell (x, y) spans the corners (x, y) to (x + 1, y + 1).
struct LatticeVertex: Hashable, Sendable, Comparable {
    var x: Int
    var y: Int

    static func < (a: LatticeVertex, b: LatticeVertex) -> Bool {
        a.y != b.y ? a.y < b.y : a.x < b.x
    }
}

/// The outline of a set of lattice cells: the boundary between cells in the set and cells outside it, as
/// polygons of lattice vertices. Pure.
///
/// Invariants of every shape returned: rings are closed (first == last), simple, and start at their
/// lowest-then-westmost vertex; the exterior runs counter-clockwise and holes clockwise; no two consecutive
/// edges are collinear. Cells that touch only at a corner are not connected, so a 4-connected set gives exactly
/// one shape. Where the outline meets itself at a corner (cells or holes touching diagonally), it is split
/// into separate rings that share that vertex.
enum CellOutline {
    /// One connected piece of the outline: an exterior ring and the holes inside it.
    struct Shape: Hashable, Sendable {
        var exterior: [LatticeVertex]
        var holes: [[LatticeVertex]]
        /// Cells covered: the exterior's area minus the holes'.
        var cellCount: Int
    }

    /// The shapes of `cells`, largest first (ties by the exterior's first vertex).
    static func shapes(of cells: Set<LatticeCell>) -> [Shape] {
        var outgoing: [LatticeVertex: [LatticeVertex]] = [:]
        func edge(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
            outgoing[LatticeVertex(x: x0, y: y0), default: []].append(LatticeVertex(x: x1, y: y1))
        }
        for cell in cells {
            let (x, y) = (cell.x, cell.y)
            if !cells.contains(LatticeCell(x: x, y: y - 1)) { edge(x, y, x + 1, y) }
            if !cells.contains(LatticeCell(x: x + 1, y: y)) { edge(x + 1, y, x + 1, y + 1) }
            if !cells.contains(LatticeCell(x: x, y: y + 1)) { edge(x + 1, y + 1, x, y + 1) }
            if !cells.contains(LatticeCell(x: x - 1, y: y)) { edge(x, y + 1, x, y) }
        }
        // Rings start at vertices with a single way out, so every meeting of two rings at a corner is resolved
        // by the same left-turn rule.
        let starts = outgoing.filter { $0.value.count == 1 }.keys.sorted()
        var exteriors: [[LatticeVertex]] = []
        var holes: [[LatticeVertex]] = []
        for start in starts {
            guard let first = outgoing[start]?.first else { continue }
            outgoing[start] = nil
            var ring = [start]
            var previous = start
            var current = first
            while current != start {
                ring.append(current)
                guard let next = leftmostTurn(from: previous, at: current, among: outgoing[current] ?? []) else { break }
                outgoing[current]?.removeAll { $0 == next }
                previous = current
                current = next
            }
            for loop in simpleLoops(ring) {
                let simple = closed(withoutCollinearPoints(loop))
                if doubleArea(simple) > 0 { exteriors.append(simple) } else { holes.append(simple) }
            }
        }
        var shapes = exteriors.map { Shape(exterior: $0, holes: [], cellCount: doubleArea($0) / 2) }
        for hole in holes {
            let probe = pointInside(hole)
            let owners = shapes.indices.filter { contains(shapes[$0].exterior, probe) }
            guard let owner = owners.min(by: { shapes[$0].cellCount < shapes[$1].cellCount }) else { continue }
            shapes[owner].holes.append(hole)
            shapes[owner].cellCount += doubleArea(hole) / 2
        }
        let origin = LatticeVertex(x: 0, y: 0)
        return shapes.sorted { a, b in
            a.cellCount != b.cellCount ? a.cellCount > b.cellCount : (a.exterior.first ?? origin) < (b.exterior.first ?? origin)
        }
    }

    private static func leftmostTurn(from previous: LatticeVertex, at current: LatticeVertex,
                                     among candidates: [LatticeVertex]) -> LatticeVertex? {
        let dx = current.x - previous.x, dy = current.y - previous.y
        let preferred = [(-dy, dx), (dx, dy), (dy, -dx)]
        for (tx, ty) in preferred {
            let target = LatticeVertex(x: current.x + tx, y: current.y + ty)
            if candidates.contains(target) { return target }
        }
        return candidates.first
    }

    /// Splits a closed walk that passes a vertex twice into loops that pass each vertex once; they touch there.
    private static func simpleLoops(_ walk: [LatticeVertex]) -> [[LatticeVertex]] {
        var loops: [[LatticeVertex]] = []
        var stack: [LatticeVertex] = []
        var position: [LatticeVertex: Int] = [:]
        for vertex in walk {
            guard let p = position[vertex] else {
                position[vertex] = stack.count
                stack.append(vertex)
                continue
            }
            loops.append(Array(stack[p...]))
            for v in stack[(p + 1)...] { position[v] = nil }
            stack.removeSubrange((p + 1)...)
        }
        return loops + [stack]
    }

    private static func withoutCollinearPoints(_ ring: [LatticeVertex]) -> [LatticeVertex] {
        let n = ring.count
        guard n >= 3 else { return ring }
        let corners = (0..<n).filter { i in
            let a = ring[(i + n - 1) % n], b = ring[i], c = ring[(i + 1) % n]
            return (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) != 0
        }.map { ring[$0] }
        guard let lowest = corners.indices.min(by: { corners[$0] < corners[$1] }) else { return corners }
        return Array(corners[lowest...] + corners[..<lowest])
    }

    private static func closed(_ ring: [LatticeVertex]) -> [LatticeVertex] {
        guard let first = ring.first else { return ring }
        return ring + [first]
    }

    /// Twice the signed area of a closed ring: positive when counter-clockwise.
    private static func doubleArea(_ ring: [LatticeVertex]) -> Int {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
    }

    /// A point a quarter cell to the left of a hole's first edge: inside the cells that surround the hole.
    private static func pointInside(_ hole: [LatticeVertex]) -> (x: Double, y: Double) {
        guard hole.count >= 2 else { return (0, 0) }
        let a = hole[0], b = hole[1]
        let length = Double(max(abs(b.x - a.x), abs(b.y - a.y)))
        let (ux, uy) = (Double(b.x - a.x) / length, Double(b.y - a.y) / length)
        return (Double(a.x) + ux * 0.5 - uy * 0.25, Double(a.y) + uy * 0.5 + ux * 0.25)
    }

    private static func contains(_ ring: [LatticeVertex], _ p: (x: Double, y: Double)) -> Bool {
        var inside = false
        for (a, b) in zip(ring, ring.dropFirst()) where (Double(a.y) > p.y) != (Double(b.y) > p.y) {
            let x = Double(b.x - a.x) * (p.y - Double(a.y)) / Double(b.y - a.y) + Double(a.x)
            if p.x < x { inside.toggle() }
        }
        return inside
    }
}
