import Foundation

/// The header's sections for each role: at most six, the ones the person uses every day, and
/// never one the policy would refuse them. « Mon espace » and the account menu come besides.
public enum MainMenu {
    /// A section of the header, in the order it is shown.
    public enum Section: String, CaseIterable, Sendable {
        case directory
        case needs
        case offers
        case dashboard
        case people
        case services
        case referrals
        case agenda
        case knowledge
        case backOffice

        public var label: String {
            switch self {
            case .directory: "Annuaire"
            case .needs: "Besoins d’achat"
            case .offers: "Offres d’emploi"
            case .dashboard: "Tableau de bord"
            case .people: "Personnes accompagnées"
            case .services: "Services"
            case .referrals: "Orientations"
            case .agenda: "Agenda"
            case .knowledge: "Ce qui marche"
            case .backOffice: "Back-office"
            }
        }

        /// The name of its page among the templates' links.
        public var linkName: String {
            switch self {
            case .directory: "directory"
            case .needs: "needs"
            case .offers: "offers"
            case .dashboard: "dashboard"
            case .people: "people"
            case .services: "services"
            case .referrals: "referrals"
            case .agenda: "agenda"
            case .knowledge: "knowledge"
            case .backOffice: "backOffice"
            }
        }

        /// The page section (`Layout.section`) that marks this entry as the current page.
        public var pageSection: String {
            switch self {
            case .directory: "structures"
            case .needs: "besoins"
            case .offers: "offres"
            case .dashboard: "tableau-de-bord"
            case .people: "parcours"
            case .services: "services"
            case .referrals: "orientations"
            case .agenda: "evenements"
            case .knowledge: "connaissances"
            case .backOffice: "admin"
            }
        }
    }

    public static let maximum = 6

    /// The sections of `actor`. Each membership brings its own; when an account belongs to
    /// several organisations the union is kept, by priority, to six.
    public static func sections(for actor: Policy.Actor) -> [Section] {
        let everyone: [Section] = [.directory, .needs, .offers, .services, .agenda, .knowledge]
        guard actor.isSignedIn, !actor.memberships.isEmpty else { return everyone }
        var wanted: [Section] = []
        func add(_ sections: [Section]) { for section in sections where !wanted.contains(section) { wanted.append(section) } }
        // The most specific work first: it is what survives the cut to six.
        if actor.isPlatformTeam { add([.backOffice, .dashboard]) }
        if actor.isSteward { add([.backOffice, .dashboard]) }
        if actor.moderatesNeeds { add([.dashboard]) }
        for membership in actor.memberships {
            switch membership.kind {
            case .structure: add(membership.structure == nil ? [] : [.people, .needs, .referrals, .offers])
            case .publicBuyer, .privateBuyer: add([.needs])
            case .partner: add([.services, .referrals, .offers])
            case .company: add([.offers])
            case .facilitator, .steward, .platform: break
            }
        }
        add([.directory, .needs, .offers, .services, .agenda, .knowledge])
        let kept = Set(wanted.prefix(maximum))
        return Section.allCases.filter(kept.contains)
    }
}
