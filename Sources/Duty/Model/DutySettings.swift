import HubKit

/// The hub-wide duty configuration (`duty.*` keys): the default policy and the units at the upper levels.
public struct DutySettings: Sendable, Hashable {
    /// The policy of every unit without one of its own.
    public var defaultPolicy: DutyPolicy
    /// The district command centre; nil picks the only enabled department of kind `command_centre`.
    public var districtCentre: DepartmentID?
    /// The city level's duty unit: a roster of its own, needing no department row. Nil ends every chain at the district.
    public var cityUnit: DepartmentID?

    public init(defaultPolicy: DutyPolicy = .standard, districtCentre: DepartmentID? = nil,
                cityUnit: DepartmentID? = DepartmentID(rawValue: "city")) {
        self.defaultPolicy = defaultPolicy
        self.districtCentre = districtCentre
        self.cityUnit = cityUnit
    }
}
