import HubKit
import Synchronization

/// The other slices the traffic desk calls through HubKit protocols, connected by `HubServer` after start.
public final class TrafficHooks: Sendable {
    private let opening = Mutex<(any CaseOpening)?>(nil)

    public init() {}

    /// Illegal parking opens a case through this.
    public func connect(caseOpening: any CaseOpening) {
        opening.withLock { $0 = caseOpening }
    }

    var caseOpening: (any CaseOpening)? { opening.withLock { $0 } }
}
