import Foundation
import HubKit

/// Who is on duty for one unit at one instant: the shift on (if the roster has one) and when it begins and ends.
public struct DutyNow: Sendable, Hashable {
    public var unit: DepartmentID
    public var at: Date
    public var date: DutyDate
    public var startsAt: Date
    public var endsAt: Date
    public var handover: String
    public var shift: DutyShift?
}
