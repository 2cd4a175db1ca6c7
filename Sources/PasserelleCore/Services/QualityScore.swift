import Foundation

/// The quality score of a service with data·inclusion's criteria: the mean of those that apply,
/// each between 0 and 1, with what to do for the ones that are not met.
public struct QualityScore: Hashable, Sendable {
    public struct Criterion: Hashable, Sendable {
        /// data·inclusion's name of the criterion.
        public var key: String
        public var label: String
        public var value: Double
        /// What to improve; nil when the criterion is fully met.
        public var advice: String?
    }

    /// Sources whose update date data·inclusion does not score.
    public static let sourcesWithoutDateCriterion: Set<String> = ["agefiph", "france-travail"]

    public var criteria: [Criterion]
    public var value: Double { criteria.isEmpty ? 0 : criteria.map(\.value).reduce(0, +) / Double(criteria.count) }
    /// In percent, rounded, as it is shown.
    public var percent: Int { Int((value * 100).rounded()) }
    public var toImprove: [Criterion] { criteria.filter { $0.advice != nil } }

    public init(_ service: Service, source: String? = nil, now: Date) {
        var criteria: [Criterion] = []
        func add(_ key: String, _ label: String, _ value: Double, _ advice: String) {
            criteria.append(Criterion(key: key, label: label, value: value, advice: value < 1 ? advice : nil))
        }
        func filled(_ text: String?) -> Bool { !(text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

        if service.isOnSite || service.mobilisationModes.contains(.visit) {
            let complete = filled(service.address) && service.communeCode != nil && service.coordinates != nil
            add("adresse_bien_definie", "Adresse", complete ? 1 : 0, "Indiquez l’adresse et la commune du lieu d’accueil : le service est proposé sur place.")
        }
        if service.mobilisationModes.contains(.phone) {
            add("telephone_bien_defini", "Téléphone", filled(service.phone) ? 1 : 0, "Indiquez le téléphone : c’est ainsi que le service se mobilise.")
        }
        if service.mobilisationModes.contains(.email) {
            add("courriel_bien_defini", "Courriel", filled(service.email) ? 1 : 0, "Indiquez le courriel : c’est ainsi que le service se mobilise.")
        }
        let mobilisation = (service.mobilisationModes.isEmpty ? 0 : 0.5) + (service.mobilisers.isEmpty ? 0 : 0.5)
        add("modes_mobilisation_bien_definis", "Mobilisation", mobilisation, "Dites comment mobiliser le service et par qui (professionnels, usagers).")
        add("au_moins_un_public", "Publics", service.publics.isEmpty ? 0 : 1, "Indiquez au moins un public.")
        add("au_moins_une_thematique", "Thématiques", service.thematiques.isEmpty ? 0 : 1, "Choisissez au moins une thématique.")
        let reachable = filled(service.email) || filled(service.mobilisationLink) || filled(service.phone)
        add("au_moins_un_moyen_de_contact", "Contact", reachable ? 1 : 0, "Donnez au moins un moyen de contact : courriel, lien ou téléphone.")
        if !(source.map(Self.sourcesWithoutDateCriterion.contains) ?? false) {
            add("date_maj_recente", "Mise à jour", Self.freshness(of: service.updatedAt, now: now), "Relisez et enregistrez la fiche : elle n’a pas été mise à jour depuis plus de six mois.")
        }
        let fee: Double = switch service.fee {
        case nil: 0
        case .paying where !filled(service.feeDetails): 0.5
        default: 1
        }
        add("frais_bien_definis", "Frais", fee, service.fee == nil ? "Indiquez si le service est gratuit ou payant." : "Précisez les frais du service payant.")
        let length = service.description.trimmingCharacters(in: .whitespacesAndNewlines).count
        let description: Double = switch length {
        case 0..<50: 0
        case 50..<200: 0.5
        case 200..<2000: 1
        default: 0.5
        }
        add("description_bien_definie", "Description", description,
            length >= 2000 ? "Raccourcissez la description : 200 à 2 000 caractères se lisent le mieux." : "Étoffez la description : 200 à 2 000 caractères (\(length) aujourd’hui).")
        self.criteria = criteria
    }

    /// 1 under six months, then down in a straight line to 0 at two years.
    public static func freshness(of updated: Date, now: Date) -> Double {
        let days = now.timeIntervalSince(updated) / 86_400
        let sixMonths = 365.25 / 2, twoYears = 365.25 * 2
        if days < sixMonths { return 1 }
        if days >= twoYears { return 0 }
        return (twoYears - days) / (twoYears - sixMonths)
    }
}
