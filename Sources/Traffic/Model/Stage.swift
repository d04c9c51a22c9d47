/// A stage (phase) of an intersection: the set of signals green together.
///
/// Invariants (checked by `IntersectionCheck`): `minGreen >= 1`, `maxGreen >= minGreen`,
/// `pedestrianMinGreen <= maxGreen`, `signals` has one character per signal of the intersection. Seconds throughout.
public struct Stage: Sendable, Hashable, Codable {
    public var name: String
    /// The signal states in SUMO notation, one character per signal: `G`/`g` green, `r` red, `y` yellow, `s`, `o`, `O`.
    public var signals: String
    public var minGreen: Double
    public var maxGreen: Double
    /// The green a pedestrian crossing running with this stage needs (walk + clearance); 0 when none.
    public var pedestrianMinGreen: Double
    /// The longest a stage with waiting demand may stay unserved before it must be served next.
    public var maxWait: Double

    public init(name: String, signals: String, minGreen: Double = 5, maxGreen: Double = 60,
                pedestrianMinGreen: Double = 0, maxWait: Double = 120) {
        self.name = name
        self.signals = signals
        self.minGreen = minGreen
        self.maxGreen = maxGreen
        self.pedestrianMinGreen = pedestrianMinGreen
        self.maxWait = maxWait
    }

    /// The green the stage must get once started: the larger of the vehicle and pedestrian minimums.
    public var guaranteedGreen: Double { max(minGreen, pedestrianMinGreen) }

    /// The indexes of the signals green in this stage.
    public var greenSignals: Set<Int> {
        Set(signals.enumerated().compactMap { index, c in c == "G" || c == "g" ? index : nil })
    }
}

/// The clearance between the end of one stage's green and the start of another's: yellow, then all-red. Seconds.
public struct InterGreen: Sendable, Hashable, Codable {
    public var from: Int
    public var to: Int
    public var yellow: Double
    public var allRed: Double

    public init(from: Int, to: Int, yellow: Double, allRed: Double) {
        self.from = from
        self.to = to
        self.yellow = yellow
        self.allRed = allRed
    }

    public var total: Double { yellow + allRed }

    /// What a change gets when nothing was specified for it: yellow 3 s and all-red 2 s.
    public static let defaultYellow = 3.0
    public static let defaultAllRed = 2.0
}
