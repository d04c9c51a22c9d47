import HubKit
import Synchronization

/// The other slices the traffic desk calls through HubKit protocols, connected by `HubServer` after start.
public final class TrafficHooks: Sendable {
    private let opening = Mutex<(any CaseOpening)?>(nil)
    private let alarms = Mutex<(any AlarmRaising)?>(nil)

    public init() {}

    /// Illegal parking opens a case through this.
    public func connect(caseOpening: any CaseOpening) {
        opening.withLock { $0 = caseOpening }
    }

    /// Congestion and a silent gateway raise alarms through this.
    public func connect(alarmRaising: any AlarmRaising) {
        alarms.withLock { $0 = alarmRaising }
    }

    var caseOpening: (any CaseOpening)? { opening.withLock { $0 } }
    var alarmRaising: (any AlarmRaising)? { alarms.withLock { $0 } }
}
