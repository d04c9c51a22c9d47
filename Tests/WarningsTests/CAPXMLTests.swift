import Foundation
import HubKit
import Testing
@testable import Warnings

@Suite struct CAPXMLTests {
    /// The alert the rainstorm fixture issues, written by hand from CAP 1.2 §3.2 (element order of the schema).
    static let golden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>50010300000000_20260708103000_0</identifier>
          <sender>warnings@cityhub.local</sender>
          <sent>2026-07-08T10:30:00+08:00</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>zh-CN</language>
            <category>Met</category>
            <event>暴雨</event>
            <responseType>Prepare</responseType>
            <urgency>Expected</urgency>
            <severity>Extreme</severity>
            <certainty>Likely</certainty>
            <effective>2026-07-08T10:30:00+08:00</effective>
            <onset>2026-07-08T11:00:00+08:00</onset>
            <expires>2026-07-08T16:30:00+08:00</expires>
            <senderName>CityHub 预警信息发布</senderName>
            <headline>渝中区气象台发布暴雨红色预警</headline>
            <description>预计未来3小时渝中区降雨量将达100毫米以上。</description>
            <instruction>停止户外作业，远离低洼地带。</instruction>
            <parameter><valueName>warningColour</valueName><value>red</value></parameter>
            <area>
              <areaDesc>解放碑街道、朝天门街道</areaDesc>
              <polygon>29.5580,106.5700 29.5580,106.5900 29.5450,106.5900 29.5450,106.5700 29.5580,106.5700</polygon>
              <circle>29.5600,106.5800 1.5</circle>
              <geocode><valueName>GB/T 2260</valueName><value>500103</value></geocode>
            </area>
          </info>
          <info>
            <language>en-US</language>
            <category>Met</category>
            <event>Rainstorm</event>
            <responseType>Prepare</responseType>
            <urgency>Expected</urgency>
            <severity>Extreme</severity>
            <certainty>Likely</certainty>
            <effective>2026-07-08T10:30:00+08:00</effective>
            <onset>2026-07-08T11:00:00+08:00</onset>
            <expires>2026-07-08T16:30:00+08:00</expires>
            <senderName>CityHub warning service</senderName>
            <headline>Red rainstorm warning for Yuzhong</headline>
            <description>Over 100 mm of rain expected within 3 hours.</description>
            <instruction>Stop outdoor work; keep away from low-lying places.</instruction>
            <parameter><valueName>warningColour</valueName><value>red</value></parameter>
            <area>
              <areaDesc>Jiefangbei and Chaotianmen streets</areaDesc>
              <polygon>29.5580,106.5700 29.5580,106.5900 29.5450,106.5900 29.5450,106.5700 29.5580,106.5700</polygon>
              <circle>29.5600,106.5800 1.5</circle>
              <geocode><valueName>GB/T 2260</valueName><value>500103</value></geocode>
            </area>
          </info>
        </alert>
        """

    static func alert(_ content: WarningDraft = CompositionRules.normalised(Fixtures.rainstorm())) -> CAPMessage {
        MessageBuilder.message(content, msgType: .alert, identifier: "50010300000000_20260708103000_0", sent: Fixtures.july8,
                               earlier: [], settings: Fixtures.settings)
    }

    @Test func alert_matchesTheGoldenDocument() throws {
        let written = CAPXML.document(Self.alert())
        #expect(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"))
        let tree = try XMLTree.parse(written)
        #expect(tree == (try XMLTree.parse(Self.golden)))
        #expect(tree.namespace == "urn:oasis:names:tc:emergency:cap:1.2")
        #expect(tree.all("info").allSatisfy { $0.namespace == CAPMessage.namespace })
    }

    @Test func userText_isEscaped_andReadsBackUnchanged() throws {
        var content = CompositionRules.normalised(Fixtures.rainstorm())
        let tricky = "水位 < 警戒 & \"保证\" 水位 > 'x' ]]> </description><injected/>"
        content.zh.description = tricky
        content.zh.headline = "A&B <预警>"
        content.areas[0].description = "朝天门 & 解放碑 \"广场\""
        let written = CAPXML.document(Self.alert(content))
        #expect(written.contains("水位 &lt; 警戒 &amp; &quot;保证&quot; 水位 &gt; &apos;x&apos; ]]&gt; &lt;/description&gt;&lt;injected/&gt;"))
        #expect(!written.contains("<injected/>"))
        let tree = try XMLTree.parse(written)
        #expect(tree.first("description")?.text == tricky)
        #expect(tree.first("headline")?.text == "A&B <预警>")
        #expect(tree.first("areaDesc")?.text == "朝天门 & 解放碑 \"广场\"")
    }

    @Test func updateAndCancel_carryEveryEarlierReference() throws {
        let first = IssuedMessage(identifier: "50010300000000_20260708103000_0", sender: "warnings@cityhub.local",
                                  sent: "2026-07-08T10:30:00+08:00", sentAt: Fixtures.july8, msgType: .alert, references: [],
                                  headline: "h", expires: Fixtures.july8, xmlSha256: "")
        var second = first
        second.identifier = "50010300000000_20260708113000_0"
        second.sent = "2026-07-08T11:30:00+08:00"
        let cancel = MessageBuilder.message(CompositionRules.normalised(Fixtures.rainstorm()), msgType: .cancel,
                                            identifier: "50010300000000_20260708120000_0", sent: Fixtures.july8.addingTimeInterval(5400),
                                            earlier: [first, second], settings: Fixtures.settings, note: "雨势减弱 & 解除")
        let tree = try XMLTree.parse(CAPXML.document(cancel))
        #expect(tree.first("msgType")?.text == "Cancel")
        #expect(tree.first("note")?.text == "雨势减弱 & 解除")
        #expect(tree.first("references")?.text ==
                "warnings@cityhub.local,50010300000000_20260708103000_0,2026-07-08T10:30:00+08:00 "
                + "warnings@cityhub.local,50010300000000_20260708113000_0,2026-07-08T11:30:00+08:00")
        #expect(tree.children.map(\.name).prefix(9) ==
                ["identifier", "sender", "sent", "status", "msgType", "scope", "note", "references", "info"])
    }

    @Test func atomFeed_linksEachEntryToItsAlert() throws {
        let entry = AtomFeed.Entry(identifier: "50010300000000_20260708103000_0", headline: "暴雨 <红色> 预警", sent: Fixtures.july8,
                                   msgType: .alert, severity: "Extreme", event: "暴雨", areaDescription: "解放碑")
        let feed = try XMLTree.parse(AtomFeed.document(entries: [entry], baseURL: "https://hub.example", title: "预警",
                                                       author: "CityHub", now: Fixtures.july8))
        #expect(feed.namespace == "http://www.w3.org/2005/Atom")
        let link = feed.first("entry")?.first("link")
        #expect(link?.attributes["href"] == "https://hub.example/cap/alerts/50010300000000_20260708103000_0.xml")
        #expect(link?.attributes["type"] == "application/cap+xml")
        #expect(feed.first("entry")?.first("title")?.text == "暴雨 <红色> 预警")
        #expect(feed.first("entry")?.first("updated")?.text == "2026-07-08T10:30:00+08:00")
    }
}
