import Foundation
import HubKit

/// The rules every CAP message the hub writes must meet, checked on its text just before it is issued: the
/// identifier and sender as tokens, `sent` and every time as `YYYY-MM-DDThh:mm:ss±hh:mm`, `references` present
/// on Update and Cancel and absent on Alert (each a `sender,identifier,sent` triple), the zh-CN `info` first,
/// required `info` elements, `expires` after `effective`, and the area rules.
public enum MessageRules {
    public static func faults(of message: CAPMessage) -> [CAPFault] {
        var faults: [CAPFault] = []
        if !CAPText.isToken(message.identifier) {
            faults.append(CAPFault(.identifierForbiddenCharacter, "identifier", zh: "标识不能为空，不能含空格、逗号、< 或 &",
                                   en: "the identifier must not be empty nor contain spaces, commas, < or &"))
        }
        if !CAPText.isToken(message.sender) {
            faults.append(CAPFault(.senderForbiddenCharacter, "sender", zh: "发布者不能为空，不能含空格、逗号、< 或 &",
                                   en: "the sender must not be empty nor contain spaces, commas, < or &"))
        }
        faults += time(message.sent, "sent")
        switch (message.msgType, message.references.isEmpty) {
        case (.alert, false):
            faults.append(CAPFault(.referencesUnexpected, "references", zh: "首次发布（Alert）不能带 references",
                                   en: "an Alert must not carry references"))
        case (.update, true), (.cancel, true):
            faults.append(CAPFault(.referencesMissing, "references", zh: "\(message.msgType.rawValue) 须用 references 指明此前的预警",
                                   en: "an \(message.msgType.rawValue) must name the earlier alerts in references"))
        default: break
        }
        for (index, reference) in message.references.enumerated() {
            faults += self.reference(reference, field: "references[\(index)]")
        }
        if message.infos.first?.language != "zh-CN" {
            faults.append(CAPFault(.zhInfoMissing, "info[0]", zh: "第一个 info 须为中文（zh-CN）",
                                   en: "the first info must be in Chinese (zh-CN)"))
        }
        for (index, info) in message.infos.enumerated() {
            faults += self.info(info, field: "info[\(index)]")
        }
        if let note = message.note, CAPText.hasXMLForbiddenCharacter(note) {
            faults.append(CAPFault(.textForbiddenCharacter, "note", zh: "含有 XML 不能表示的控制字符",
                                   en: "contains a control character XML cannot carry"))
        }
        return faults
    }

    /// Faults of one reference: `sender,identifier,sent` with both names tokens and `sent` a CAP time.
    public static func reference(_ text: String, field: String) -> [CAPFault] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, CAPText.isToken(parts[0]), CAPText.isToken(parts[1]), CAPTime.isWellFormed(parts[2]) else {
            return [CAPFault(.referenceMalformed, field, zh: "引用应为「发布者,标识,发送时间」，三者均不含空格",
                             en: "a reference is \"sender,identifier,sent\", none containing spaces")]
        }
        return []
    }

    static func time(_ text: String?, _ field: String) -> [CAPFault] {
        guard let text else { return [] }
        return CAPTime.isWellFormed(text) ? [] :
            [CAPFault(.timeFormat, field, zh: "时间「\(text)」应为 YYYY-MM-DDThh:mm:ss±hh:mm（不能用 Z，不带小数秒）",
                      en: "time \"\(text)\" must be YYYY-MM-DDThh:mm:ss±hh:mm (no Z, no fractions)")]
    }

    static func info(_ info: CAPInfo, field: String) -> [CAPFault] {
        var faults: [CAPFault] = []
        if CAPText.isBlank(info.event) {
            faults.append(CAPFault(.requiredElementMissing, "\(field).event", zh: "必填，不能为空", en: "required, must not be empty"))
        }
        if info.categories.isEmpty {
            faults.append(CAPFault(.requiredElementMissing, "\(field).category", zh: "至少需要一个类别", en: "at least one category"))
        }
        faults += time(info.effective, "\(field).effective") + time(info.onset, "\(field).onset") + time(info.expires, "\(field).expires")
        if let effective = info.effective.flatMap(CAPTime.parse), let expires = info.expires.flatMap(CAPTime.parse),
           expires <= effective {
            faults.append(CAPFault(.expiresNotAfterEffective, "\(field).expires", zh: "失效时间须晚于生效时间",
                                   en: "expires must be after effective"))
        }
        for (a, area) in info.areas.enumerated() {
            let path = "\(field).area[\(a)]"
            if CAPText.isBlank(area.description) {
                faults.append(CAPFault(.requiredElementMissing, "\(path).areaDesc", zh: "必填，不能为空", en: "required, must not be empty"))
            }
            for (p, polygon) in area.polygons.enumerated() { faults += AreaRules.polygon(polygon, field: "\(path).polygon[\(p)]") }
            for (c, circle) in area.circles.enumerated() { faults += AreaRules.circle(circle, field: "\(path).circle[\(c)]") }
        }
        let texts = [info.event, info.headline, info.description, info.instruction, info.senderName].compactMap { $0 }
            + info.areas.map(\.description)
        if texts.contains(where: CAPText.hasXMLForbiddenCharacter) {
            faults.append(CAPFault(.textForbiddenCharacter, field, zh: "含有 XML 不能表示的控制字符",
                                   en: "contains a control character XML cannot carry"))
        }
        return faults
    }
}
