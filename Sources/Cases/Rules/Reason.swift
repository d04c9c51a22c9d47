import Foundation

/// The reason a person gives for a decision that needs one (a return, an override, a catalogue change): trimmed,
/// at most 500 characters, and never empty.
enum Reason {
    static func required(_ text: String, for action: String) throws(CaseProblem) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .reasonRequired(action: action) }
        return String(trimmed.prefix(500))
    }
}
