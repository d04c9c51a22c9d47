import Foundation
import HubKit

/// Alarms other slices raise through `AlarmRaising` (HubKit): each kind is an alarm "rule" of its own whose id
/// Telemetry reserves (`RuleCheck` refuses it for sensor rules) and whose actions are fixed here, not in the rule set.
public enum RaisedAlarms {
    /// What each kind's alarm does: a congestion or a silent gateway calls the owning department's person on duty,
    /// escalating while nobody acknowledges.
    public static func actions(_ kind: RaisedAlarmKind) -> AlarmActions {
        switch kind {
        case .trafficCongestion, .trafficGatewaySilent: AlarmActions(callDuty: CallDutyAction())
        }
    }

    /// The alarm's `quantity` for what its value measures: a share is shown as occupancy (0…1), a count as vehicles
    /// counted (unit 1).
    static func quantity(_ measure: RaisedAlarmMeasure) -> Quantity {
        switch measure {
        case .share: .occupancy
        case .count: .intensity
        }
    }

    public static func ruleID(_ kind: RaisedAlarmKind) -> RuleID? { RuleID(rawValue: kind.rawValue) }

    /// The kind an alarm was raised as, nil for a sensor rule's alarm.
    public static func kind(of rule: RuleID) -> RaisedAlarmKind? { RaisedAlarmKind(rawValue: rule.rawValue) }

    /// A sensor rule may not take an id reserved for these alarms.
    public static func isReserved(_ rule: RuleID) -> Bool { kind(of: rule) != nil || rule.rawValue.hasPrefix("traffic.") }
}
