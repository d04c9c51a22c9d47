import Foundation
import HubKit

/// The rules a warning's content must meet before it is saved, approved or issued: required elements, the zh
/// `info`, colour and severity agreeing, areas (see `AreaRules`), times in order, and text XML can carry.
public enum CompositionRules {
    /// Every fault of `draft`; with `now`, also an `expires` that has already passed.
    public static func faults(of draft: WarningDraft, now: Date? = nil) -> [CAPFault] {
        var faults: [CAPFault] = []
        func required(_ value: String?, _ field: String, rule: CAPRule = .requiredElementMissing) {
            if CAPText.isBlank(value) {
                faults.append(CAPFault(rule, field, zh: "必填，不能为空", en: "required, must not be empty"))
            }
        }
        required(draft.event, "event")
        if draft.categories.isEmpty {
            faults.append(CAPFault(.requiredElementMissing, "categories", zh: "至少需要一个 CAP 类别", en: "at least one CAP category is required"))
        }
        required(draft.zh.headline, "zh.headline", rule: .zhInfoMissing)
        required(draft.zh.description, "zh.description", rule: .zhInfoMissing)
        if let en = draft.en {
            required(en.headline, "en.headline")
            required(en.description, "en.description")
        }
        switch (draft.colour, draft.severity) {
        case (nil, nil):
            faults.append(CAPFault(.requiredElementMissing, "severity", zh: "须给出预警颜色或 CAP 严重程度",
                                   en: "a colour level or a CAP severity is required"))
        case (let colour?, let severity?) where colour.severity != severity:
            faults.append(CAPFault(.colourSeverityMismatch, "severity",
                                   zh: "\(colour.label.zh)预警对应 \(colour.severity.rawValue)，而不是 \(severity.rawValue)",
                                   en: "\(colour.label.en) stands for \(colour.severity.rawValue), not \(severity.rawValue)"))
        default: break
        }
        if draft.areas.isEmpty {
            faults.append(CAPFault(.areaMissing, "areas", zh: "至少需要一个预警区域", en: "at least one area is required"))
        }
        for (a, area) in draft.areas.enumerated() {
            required(area.description, "areas[\(a)].description")
            for (p, polygon) in area.polygons.enumerated() {
                faults += AreaRules.polygon(polygon, field: "areas[\(a)].polygons[\(p)]")
            }
            for (c, circle) in area.circles.enumerated() {
                faults += AreaRules.circle(circle, field: "areas[\(a)].circles[\(c)]")
            }
            for (g, code) in area.geocodes.enumerated() {
                faults += AreaRules.geocode(code, field: "areas[\(a)].geocodes[\(g)]")
            }
        }
        faults += timeFaults(of: draft, now: now)
        for (field, text) in texts(of: draft) where CAPText.hasXMLForbiddenCharacter(text) {
            faults.append(CAPFault(.textForbiddenCharacter, field, zh: "含有 XML 不能表示的控制字符",
                                   en: "contains a control character XML cannot carry"))
        }
        return faults
    }

    static func timeFaults(of draft: WarningDraft, now: Date?) -> [CAPFault] {
        var faults: [CAPFault] = []
        if let effective = draft.effective ?? now, draft.expires <= effective {
            faults.append(CAPFault(.expiresNotAfterEffective, "expires", zh: "失效时间须晚于生效时间（\(CAPTime.format(effective))）",
                                   en: "expires must be after effective (\(CAPTime.format(effective)))"))
        }
        if let onset = draft.onset, onset > draft.expires {
            faults.append(CAPFault(.onsetAfterExpires, "onset", zh: "开始时间不能晚于失效时间", en: "onset must not be after expires"))
        }
        if let now, draft.expires <= now {
            faults.append(CAPFault(.alreadyExpired, "expires", zh: "失效时间已过（\(CAPTime.format(draft.expires))）",
                                   en: "expires has already passed (\(CAPTime.format(draft.expires)))"))
        }
        return faults
    }

    /// Every free text of `draft` with its field path.
    static func texts(of draft: WarningDraft) -> [(String, String)] {
        var out: [(String, String)] = [("event", draft.event), ("zh.headline", draft.zh.headline),
                                       ("zh.description", draft.zh.description)]
        if let eventEn = draft.eventEn { out.append(("eventEn", eventEn)) }
        if let instruction = draft.zh.instruction { out.append(("zh.instruction", instruction)) }
        if let en = draft.en {
            out += [("en.headline", en.headline), ("en.description", en.description)]
            if let instruction = en.instruction { out.append(("en.instruction", instruction)) }
        }
        for (a, area) in draft.areas.enumerated() {
            out.append(("areas[\(a)].description", area.description))
            if let en = area.descriptionEn { out.append(("areas[\(a)].descriptionEn", en)) }
        }
        return out
    }

    /// `draft` as it is stored: times to whole seconds (CAP carries no fractions), severity from the colour when
    /// only the colour was given and the colour from the severity when only that was.
    public static func normalised(_ draft: WarningDraft) -> WarningDraft {
        var d = draft
        d.effective = d.effective.map(CAPTime.wholeSecond)
        d.onset = d.onset.map(CAPTime.wholeSecond)
        d.expires = CAPTime.wholeSecond(d.expires)
        if d.severity == nil { d.severity = d.colour?.severity }
        if d.colour == nil, let severity = d.severity { d.colour = WarningColour(severity: severity) }
        return d
    }
}
