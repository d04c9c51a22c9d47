import HubKit

/// The levels a call about a unit climbs (逐级上报): a street centre or functional department first, then the
/// district command centre, then the city. A call paged at the district starts there; one paged at the city stays
/// there. Pure.
public enum DutyChain {
    /// The chain for `unit` (nil when it is the city unit, which need not be a department), given the district
    /// command centre and the city unit, either of which may be missing.
    public static func rungs(unitID: DepartmentID, unit: Department?, district: DepartmentID?, city: DepartmentID?) -> [DutyRung] {
        var rungs: [DutyRung] = []
        if unitID == city { return [DutyRung(level: .city, unit: unitID)] }
        if unitID == district || unit?.kind == .commandCentre {
            rungs.append(DutyRung(level: .district, unit: unitID))
        } else {
            rungs.append(DutyRung(level: unit?.kind == .streetCentre ? .street : .department, unit: unitID))
            if let district { rungs.append(DutyRung(level: .district, unit: district)) }
        }
        if let city { rungs.append(DutyRung(level: .city, unit: city)) }
        return rungs
    }

    /// The district command centre: the configured one, else the only enabled department of kind command centre.
    public static func districtCentre(configured: DepartmentID?, departments: [Department], city: DepartmentID?) -> DepartmentID? {
        if let configured { return configured }
        let centres = departments.filter { $0.kind == .commandCentre && !$0.disabled && $0.id != city }
        return centres.count == 1 ? centres[0].id : nil
    }
}
