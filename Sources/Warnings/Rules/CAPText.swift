/// Character rules for CAP values.
public enum CAPText {
    /// Whether `text` may stand in `identifier`, `sender` or a reference: CAP 1.2 forbids spaces and commas there
    /// (they separate references) and the XML-restricted `<` and `&`; we also refuse every other whitespace.
    public static func isToken(_ text: String) -> Bool {
        !text.isEmpty && !text.unicodeScalars.contains { $0 == "," || $0 == "<" || $0 == "&" || $0.properties.isWhitespace }
    }

    /// Whether `text` holds a character XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR,
    /// U+FFFE, U+FFFF); escaping cannot help those.
    public static func hasXMLForbiddenCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            (s.value < 0x20 && s.value != 0x09 && s.value != 0x0A && s.value != 0x0D) || s.value == 0xFFFE || s.value == 0xFFFF
        }
    }

    /// Whether `text` is only ASCII digits, with one of the allowed lengths.
    public static func isDigits(_ text: String, counts: Set<Int>) -> Bool {
        counts.contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Whether `text` has something other than whitespace.
    public static func isBlank(_ text: String?) -> Bool {
        text?.allSatisfy(\.isWhitespace) ?? true
    }
}
