/// Writes a `CAPMessage` as CAP 1.2 XML: UTF-8, the CAP namespace as the default namespace, elements in the order
/// the schema requires, every text escaped.
public enum CAPXML {
    public static func document(_ m: CAPMessage) -> String {
        var x = XMLWriter()
        x.open("alert", attributes: [("xmlns", CAPMessage.namespace)])
        x.element("identifier", m.identifier)
        x.element("sender", m.sender)
        x.element("sent", m.sent)
        x.element("status", m.status)
        x.element("msgType", m.msgType.rawValue)
        x.element("scope", m.scope)
        x.element("note", m.note)
        if !m.references.isEmpty { x.element("references", m.references.joined(separator: " ")) }
        for info in m.infos { write(info, to: &x) }
        x.close("alert")
        return x.text
    }

    static func write(_ info: CAPInfo, to x: inout XMLWriter) {
        x.open("info")
        x.element("language", info.language)
        for category in info.categories { x.element("category", category.rawValue) }
        x.element("event", info.event)
        for response in info.responseTypes { x.element("responseType", response.rawValue) }
        x.element("urgency", info.urgency.rawValue)
        x.element("severity", info.severity.rawValue)
        x.element("certainty", info.certainty.rawValue)
        x.element("effective", info.effective)
        x.element("onset", info.onset)
        x.element("expires", info.expires)
        x.element("senderName", info.senderName)
        x.element("headline", info.headline)
        x.element("description", info.description)
        x.element("instruction", info.instruction)
        for parameter in info.parameters { pair("parameter", parameter, to: &x) }
        for area in info.areas {
            x.open("area")
            x.element("areaDesc", area.description)
            for polygon in area.polygons { x.element("polygon", polygon) }
            for circle in area.circles { x.element("circle", circle) }
            for geocode in area.geocodes { pair("geocode", geocode, to: &x) }
            x.close("area")
        }
        x.close("info")
    }

    static func pair(_ name: String, _ value: CAPValue, to x: inout XMLWriter) {
        x.open(name)
        x.element("valueName", value.name)
        x.element("value", value.value)
        x.close(name)
    }
}

/// A small indenting XML writer for documents the hub makes itself (CAP, Atom). Text and attribute values are
/// escaped (`&`, `<`, `>`, `"`, `'`); names are the caller's constants.
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    mutating func open(_ name: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + attributeText(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    /// `<name>value</name>`, or nothing when `value` is nil.
    mutating func element(_ name: String, _ value: String?, attributes: [(String, String)] = []) {
        guard let value else { return }
        text += indent + "<" + name + attributeText(attributes) + ">" + Self.escape(value) + "</" + name + ">\n"
    }

    /// `<name attributes/>`.
    mutating func empty(_ name: String, attributes: [(String, String)]) {
        text += indent + "<" + name + attributeText(attributes) + "/>\n"
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    private func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
