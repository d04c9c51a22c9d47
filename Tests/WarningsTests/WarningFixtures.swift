import Foundation
import HubKit
@testable import Warnings

/// Shared values for the warnings tests: a rainstorm warning over part of the demo district, and staff.
enum Fixtures {
    /// 2026-07-08 10:30:00 +08:00 (02:30:00 UTC).
    static let july8 = Date(timeIntervalSince1970: 1_783_477_800)

    static let polygon = "29.5580,106.5700 29.5580,106.5900 29.5450,106.5900 29.5450,106.5700 29.5580,106.5700"

    static func rainstorm(at now: Date = july8) -> WarningDraft {
        WarningDraft(
            event: "暴雨", eventEn: "Rainstorm", categories: [.met], urgency: .expected, colour: .red, certainty: .likely,
            responseTypes: [.prepare],
            zh: .init(headline: "渝中区气象台发布暴雨红色预警", description: "预计未来3小时渝中区降雨量将达100毫米以上。",
                      instruction: "停止户外作业，远离低洼地带。"),
            en: .init(headline: "Red rainstorm warning for Yuzhong", description: "Over 100 mm of rain expected within 3 hours.",
                      instruction: "Stop outdoor work; keep away from low-lying places."),
            areas: [.init(description: "解放碑街道、朝天门街道", descriptionEn: "Jiefangbei and Chaotianmen streets",
                          polygons: [polygon], circles: ["29.5600,106.5800 1.5"], geocodes: ["500103"])],
            effective: now, onset: now.addingTimeInterval(1800), expires: now.addingTimeInterval(6 * 3600))
    }

    static let composer = Principal(kind: .user, id: "u-composer", name: "值班员", role: .dispatcher,
                                    departmentID: DepartmentID(rawValue: "command-centre"))
    static let approver = Principal(kind: .user, id: "u-approver", name: "带班领导", role: .dispatcher,
                                    departmentID: DepartmentID(rawValue: "command-centre"))
    static let operatorUser = Principal(kind: .user, id: "u-operator", name: "处置员", role: .departmentOperator,
                                        departmentID: DepartmentID(rawValue: "drainage"))
    static let otherHead = Principal(kind: .user, id: "u-head", name: "街道主任", role: .departmentHead,
                                     departmentID: DepartmentID(rawValue: "street-001"))

    static let settings = CAPSettings.demo
}

extension Array where Element == CAPFault {
    var rules: [CAPRule] { map(\.rule) }
}
