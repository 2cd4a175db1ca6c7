import Foundation

/// Hiding a profile from the directory (a closed structure, a duplicate, abusive content) and
/// restoring it. The reason is told to the structure's members, so it must be written.
public enum ModerationRule {
    public static let maximumReasonLength = 1000

    /// The problem with a moderator's reason, if any.
    public static func problem(withReason reason: String) -> String? {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Indiquez le motif : il est envoyé aux membres de la structure et reste dans l’historique." }
        if trimmed.count > maximumReasonLength { return "Le motif ne peut pas dépasser 1 000 caractères." }
        return nil
    }
}
