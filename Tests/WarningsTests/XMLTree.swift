import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document as a tree of namespaced elements with their text, for comparing documents by structure
/// (indentation and attribute order aside).
struct XMLTree: Equatable, CustomStringConvertible {
    var namespace: String
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [XMLTree]

    static func parse(_ xml: String) throws -> XMLTree {
        let delegate = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        guard parser.parse(), let root = delegate.root else {
            throw ParseFailure(reason: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    /// The first child named `name`, depth first.
    func first(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children { if let found = child.first(name) { return found } }
        return nil
    }

    func all(_ name: String) -> [XMLTree] {
        (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
    }

    var description: String {
        "<\(name)>\(text)\(children.map(\.description).joined())</\(name)>"
    }

    struct ParseFailure: Error { var reason: String }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            stack.append(XMLTree(namespace: namespaceURI ?? "", name: name, attributes: attributes, text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard var element = stack.popLast() else { return }
            element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}
