import Foundation

/// The insertion hours of a need's month shared among the people who did them. The month's
/// figure is the buyer's clause's truth: what is attributed to people never exceeds it, and the
/// figure cannot be lowered below what is already attributed.
public enum HoursShare {
    /// Checks the hours given to one person for a month of a need: a whole number from 1 up to
    /// what the month leaves once the other people's shares are counted (the person's own earlier
    /// share is replaced, hence not counted).
    public static func check(hours: String, declared: Int, attributedToOthers: Int) -> Result<Int, FieldProblems> {
        let left = max(0, declared - attributedToOthers)
        guard let value = Int(hours.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{A0}" }), value >= 1 else {
            return .failure(FieldProblems([FieldProblem(field: "hours", message: "Le nombre d’heures attribuées est un nombre entier d’au moins 1.")]))
        }
        guard value <= left else {
            let message = left == 0
                ? "Les \(declared) heures déclarées pour ce mois sont déjà toutes attribuées : retirez d’abord une attribution."
                : "Il reste \(left) heure\(left > 1 ? "s" : "") à attribuer pour ce mois (\(declared) déclarée\(declared > 1 ? "s" : ""), "
                    + "\(attributedToOthers) déjà attribuée\(attributedToOthers > 1 ? "s" : "") à d’autres personnes)."
            return .failure(FieldProblems([FieldProblem(field: "hours", message: message)]))
        }
        return .success(value)
    }

    /// Whether a month's figure may become `declared` when `attributed` hours of it are already
    /// given to people; the message says the floor otherwise.
    public static func floorProblem(declared: Int, attributed: Int) -> String? {
        guard declared < attributed else { return nil }
        return "\(attributed) heures de ce mois sont déjà attribuées à des personnes accompagnées : déclarez-en au moins \(attributed), "
            + "ou retirez d’abord des attributions dans « Heures d’insertion des personnes »."
    }
}
