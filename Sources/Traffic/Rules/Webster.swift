/// Webster's optimum cycle and green splits (Webster, 1958).
///
/// C0 = (1.5·L + 5) / (1 − Y), with L the lost time per cycle (s) and Y = Σ yᵢ the sum of the stages' critical
/// flow ratios (flow ÷ saturation flow); effective greens gᵢ = (C − L)·yᵢ / Y.
public enum Webster {
    /// Saturation flow of one lane, vehicles per hour of green.
    public static let saturationFlowPerLane = 1800.0

    /// The optimum cycle, bounded to `bounds`; the upper bound when the junction is saturated (Y ≥ 1).
    public static func cycle(lostTime: Double, flowRatios: [Double], bounds: ClosedRange<Double> = 40...150) -> Double {
        let y = flowRatios.reduce(0) { $0 + max(0, $1) }
        guard y < 1 else { return bounds.upperBound }
        let c = (1.5 * lostTime + 5) / (1 - y)
        return min(max(c, bounds.lowerBound), bounds.upperBound)
    }

    /// Effective greens for `cycle`: the green time C − L shared in proportion to the flow ratios (equally when no
    /// flow was measured).
    public static func greens(cycle: Double, lostTime: Double, flowRatios: [Double]) -> [Double] {
        let y = flowRatios.reduce(0) { $0 + max(0, $1) }
        let available = max(0, cycle - lostTime)
        guard y > 0 else { return flowRatios.map { _ in available / Double(max(1, flowRatios.count)) } }
        return flowRatios.map { available * max(0, $0) / y }
    }

    /// The critical flow ratio of each stage: the largest flow ÷ saturation flow among the incoming lanes it serves.
    /// `flows` are vehicles per hour per lane.
    public static func flowRatios(_ x: Intersection, flows: [LaneID: Double]) -> [Double] {
        x.stageMovements.map { movements in
            movements.map { (flows[$0.from] ?? 0) / saturationFlowPerLane }.max() ?? 0
        }
    }
}
