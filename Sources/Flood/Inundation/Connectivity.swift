/// Which neighbours water passes to: the 8 around a cell (default; water slips between two diagonal cells), or
/// only the 4 sharing an edge.
public enum Connectivity: Int, Sendable, CaseIterable {
    case four = 4
    case eight = 8
}
