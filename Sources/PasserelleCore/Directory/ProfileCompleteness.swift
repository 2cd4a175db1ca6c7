import Foundation

/// What a structure's profile still lacks for buyers and partners to find it and reach it, in the
/// order its team would fill it in; shown in its team's workspace until nothing is missing.
public struct ProfileCompleteness: Sendable, Equatable {
    /// The parts a useful profile has, each as the workspace names it.
    public enum Part: String, CaseIterable, Sendable {
        case description = "une présentation"
        case commune = "la commune"
        case activities = "les activités avec leur zone"
        case contact = "un moyen de contact (téléphone, courriel ou site)"
        case siret = "le numéro SIRET"
    }

    public var missing: [Part]

    public init(of structure: Structure) {
        var missing: [Part] = []
        if (structure.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append(.description) }
        if structure.communeCode == nil { missing.append(.commune) }
        if structure.activities.isEmpty { missing.append(.activities) }
        if [structure.phone, structure.email, structure.website].allSatisfy({ ($0 ?? "").isEmpty }) { missing.append(.contact) }
        if structure.siret == nil { missing.append(.siret) }
        self.missing = missing
    }

    /// The share of the parts given, in whole percent.
    public var percent: Int { (Part.allCases.count - missing.count) * 100 / Part.allCases.count }

    /// « il manque la commune et un moyen de contact », or nil when the profile is complete.
    public var sentence: String? {
        guard let last = missing.last else { return nil }
        let names = missing.map(\.rawValue)
        return "il manque " + (missing.count == 1 ? last.rawValue : names.dropLast().joined(separator: ", ") + " et " + last.rawValue)
    }
}
