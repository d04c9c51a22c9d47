import Foundation
import HubKit

/// The warning a rule's `draftWarning` action composes from an alarm. Pure. The draft is for a person to review,
/// approve and issue: the colour is the alarm's severity (blue…red are the Chinese warning colours), the text is
/// the alarm's reason, the area the configured one or a circle around the station.
public enum AlarmWarningDraft {
    public static func content(_ action: DraftWarningAction, alarm: Alarm, station: Station?, now: Date) -> WarningDraft {
        let colour = WarningColour(rawValue: alarm.severity.rawValue) ?? .blue
        let measured = alarm.kind != .rateOfRise
        let response: CAPResponseType = switch alarm.severity {
        case .blue, .yellow: .monitor
        case .orange, .red: .prepare
        }
        let zh = WarningDraft.Text(headline: "\(action.event)\(colour.label.zh)预警", description: alarm.reason.zh,
                                   instruction: action.instruction)
        let en = action.eventEn.map {
            WarningDraft.Text(headline: "\(colour.label.en) \($0) warning", description: alarm.reason.en, instruction: action.instructionEn)
        }
        let area: WarningDraft.Area
        if let given = action.area {
            area = given
        } else if let station {
            let radius = action.radiusKm ?? 5
            area = WarningDraft.Area(description: station.name, descriptionEn: station.nameEn,
                                     circles: ["\(station.location.lat),\(station.location.lon) \(radius)"])
        } else {
            area = WarningDraft.Area(description: alarm.source)
        }
        return WarningDraft(event: action.event, eventEn: action.eventEn, categories: [action.category],
                            urgency: alarm.severity >= .orange ? .immediate : .expected, colour: colour,
                            certainty: measured ? .observed : .likely, responseTypes: [response], zh: zh, en: en, areas: [area],
                            onset: alarm.raisedAt, expires: now.addingTimeInterval(TimeInterval(action.validHours ?? 24) * 3600))
    }
}
