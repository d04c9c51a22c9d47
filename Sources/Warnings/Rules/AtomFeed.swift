import Foundation

/// The feed of current alerts as Atom (RFC 4287), the form CAP aggregators poll: one entry per warning whose
/// latest message is public, linking to that message's CAP XML.
public enum AtomFeed {
    /// One current alert in the feed.
    public struct Entry: Sendable, Hashable {
        public var identifier: String
        public var headline: String
        public var sent: Date
        public var msgType: CAPMsgType
        public var severity: String
        public var event: String
        public var areaDescription: String
    }

    /// The feed document; `baseURL` (no trailing slash) makes the links absolute.
    public static func document(entries: [Entry], baseURL: String, title: String, author: String, now: Date) -> String {
        var x = XMLWriter()
        x.open("feed", attributes: [("xmlns", "http://www.w3.org/2005/Atom")])
        x.element("id", baseURL + "/cap/feed.xml")
        x.element("title", title)
        x.element("updated", CAPTime.format(entries.map(\.sent).max() ?? now))
        x.open("author")
        x.element("name", author)
        x.close("author")
        x.empty("link", attributes: [("rel", "self"), ("type", "application/atom+xml"), ("href", baseURL + "/cap/feed.xml")])
        for entry in entries {
            let url = baseURL + "/cap/alerts/" + entry.identifier + ".xml"
            x.open("entry")
            x.element("id", url)
            x.element("title", entry.headline)
            x.element("updated", CAPTime.format(entry.sent))
            x.element("summary", "\(entry.event) · \(entry.severity) · \(entry.msgType.rawValue) · \(entry.areaDescription)")
            x.empty("link", attributes: [("rel", "alternate"), ("type", "application/cap+xml"), ("href", url)])
            x.close("entry")
        }
        x.close("feed")
        return x.text
    }
}
