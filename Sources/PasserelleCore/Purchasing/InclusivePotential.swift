/// How much of a purchase the inclusive offer of a territory could take, and which clause fits:
/// a reserved contract when enough structures can compete, a reserved lot when a few can, an
/// insertion clause or a social criterion otherwise. The rule applied is shown with the advice.
public struct InclusivePotential: Sendable, Equatable {
    public enum Recommendation: String, Sendable, CaseIterable {
        case reservedSIAE = "reserved_siae"
        case reservedSTPA = "reserved_stpa"
        case reservedLot = "reserved_lot"
        case insertionClause = "insertion_hours"
        case socialCriterion = "social_criterion"

        public var label: String {
            switch self {
            case .reservedSIAE: "Marché réservé aux SIAE (article L2113-13)"
            case .reservedSTPA: "Marché réservé aux STPA (article L2113-12)"
            case .reservedLot: "Un lot réservé"
            case .insertionClause: "Clause sociale d’insertion"
            case .socialCriterion: "Critère social d’attribution"
            }
        }
    }

    /// Structures of insertion (ACI, EI, AI, ETTI, EITI) that could answer.
    public var siae: Int
    /// Entreprises adaptées and ESAT that could answer.
    public var stpa: Int
    /// Every inclusive structure that could answer (GEIQ included).
    public var total: Int
    public var recommendation: Recommendation
    public var rule: String

    /// Enough candidates for a reserved contract to stay competitive.
    public static let competitiveCount = 3
    /// Below this amount (euros, before tax) a purchase may be made without formal procedure, and
    /// an insertion clause or a lot is rarely worth its cost.
    public static let formalThreshold = 40_000

    /// - Parameter kinds: the kind of each structure that could answer.
    public init(kinds: [StructureKind], amount: NeedAmount) {
        siae = kinds.filter(\.isSIAE).count
        stpa = kinds.filter { ClauseKind.reservedSTPA.admittedKinds!.contains($0) }.count
        total = kinds.count
        let large = (amount.comparableEuros ?? 0) >= Self.formalThreshold
        if siae >= Self.competitiveCount {
            recommendation = .reservedSIAE
            rule = "\(siae) SIAE peuvent répondre, \(Self.competitiveCount) au moins : un marché réservé garde une vraie mise en concurrence."
        } else if stpa >= Self.competitiveCount {
            recommendation = .reservedSTPA
            rule = "\(stpa) entreprises adaptées ou ESAT peuvent répondre, \(Self.competitiveCount) au moins : un marché réservé garde une vraie mise en concurrence."
        } else if total > 0 && large {
            recommendation = .reservedLot
            rule = French.count(total, "structure inclusive", "structures inclusives")
                + " seulement, pour un montant d’au moins 40 000 € : réservez-leur un lot à leur mesure plutôt que tout le marché."
        } else if large {
            recommendation = .insertionClause
            rule = "Aucune structure inclusive ne couvre ce besoin ici ; à partir de 40 000 €, une clause sociale d’insertion fait travailler des personnes en insertion chez le titulaire."
        } else {
            recommendation = .socialCriterion
            rule = total > 0
                ? French.count(total, "structure inclusive", "structures inclusives")
                    + ", trop peu pour réserver, et un montant sous 40 000 € (ou non précisé) : un critère social d’attribution valorise leurs offres."
                : "Aucune structure inclusive ne couvre ce besoin ici, et un montant sous 40 000 € (ou non précisé) : un critère social d’attribution valorise les offres qui emploient des personnes éloignées de l’emploi."
        }
    }
}
