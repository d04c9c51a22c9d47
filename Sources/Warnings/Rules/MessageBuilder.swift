import Foundation
import HubKit

/// Builds the CAP message of a warning's next step from its content (pure): a zh-CN `info`, an en-US `info`
/// when the content has English, each with every area; `references` naming every earlier message of the chain.
public enum MessageBuilder {
    /// The `parameter` that carries the colour level in both languages.
    public static let colourParameter = "warningColour"

    /// The message issuing `content` as `msgType`, after the messages already issued (`earlier`).
    public static func message(_ content: WarningDraft, msgType: CAPMsgType, identifier: String, sent: Date,
                               earlier: [IssuedMessage], settings: CAPSettings, note: String? = nil) -> CAPMessage {
        let sentText = CAPTime.format(sent)
        var infos = [info(content, language: "zh-CN", text: content.zh, event: content.event,
                          senderName: settings.senderName.zh, sent: sent, areaText: { $0.description })]
        if let en = content.en {
            infos.append(info(content, language: "en-US", text: en, event: content.eventEn ?? content.event,
                              senderName: settings.senderName.en, sent: sent, areaText: { $0.descriptionEn ?? $0.description }))
        }
        return CAPMessage(identifier: identifier, sender: settings.sender, sent: sentText, msgType: msgType, note: note,
                          references: earlier.map(\.reference), infos: infos)
    }

    static func info(_ content: WarningDraft, language: String, text: WarningDraft.Text, event: String, senderName: String,
                     sent: Date, areaText: (WarningDraft.Area) -> String) -> CAPInfo {
        CAPInfo(language: language, categories: content.categories, event: event, responseTypes: content.responseTypes,
                urgency: content.urgency, severity: content.severity ?? content.colour?.severity ?? .unknown,
                certainty: content.certainty, effective: CAPTime.format(content.effective ?? sent),
                onset: content.onset.map(CAPTime.format), expires: CAPTime.format(content.expires),
                senderName: senderName, headline: text.headline, description: text.description,
                instruction: text.instruction,
                parameters: content.colour.map { [CAPValue(colourParameter, $0.rawValue)] } ?? [],
                areas: content.areas.map { area in
                    CAPArea(description: areaText(area), polygons: area.polygons, circles: area.circles,
                            geocodes: area.geocodes.map(geocode))
                })
    }

    /// A division code as a CAP geocode: 6 digits are GB/T 2260 county codes, 12 digits the codes below them.
    static func geocode(_ code: String) -> CAPValue {
        CAPValue(code.utf8.count == 12 ? "GB/T 10114" : "GB/T 2260", code)
    }
}
