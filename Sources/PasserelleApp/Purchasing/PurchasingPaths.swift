import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of purchasing needs, answers, groups, hours and the dashboard.
enum PurchasingPaths {
    static let needs = PagePath("/besoins")
    static let moderation = PagePath("/besoins/a-valider")
    static let mine = PagePath("/mes-besoins")
    static let newNeed = PagePath("/besoins/nouveau")
    static let need = PagePath("/besoins/:id")
    static let editStep = PagePath("/besoins/:id/modifier/:step")
    static let submit = PagePath("/besoins/:id/soumettre")
    static let publish = PagePath("/besoins/:id/publier")
    static let refuse = PagePath("/besoins/:id/refuser")
    static let reopen = PagePath("/besoins/:id/reprendre")
    static let close = PagePath("/besoins/:id/clore")
    static let cancel = PagePath("/besoins/:id/annuler")
    static let answer = PagePath("/besoins/:id/reponse")
    static let answersCSV = PagePath("/besoins/:id/reponses.csv")
    static let inviteToGroup = PagePath("/besoins/:id/groupements/:group/inviter")
    static let decideGroup = PagePath("/besoins/:id/groupements/:group/decision")
    static let handOverGroup = PagePath("/besoins/:id/groupements/:group/mandataire")
    static let reportOutcome = PagePath("/besoins/:id/issue")
    static let recordHours = PagePath("/besoins/:id/heures")
    static let hours = PagePath("/besoins/heures")
    static let hoursCSV = PagePath("/besoins/heures.csv")
    static let awarded = PagePath("/besoins/attribues")
    static let dashboard = PagePath("/besoins/tableau-de-bord")
    static let dashboardCSV = PagePath("/besoins/tableau-de-bord.csv")
    static let potential = PagePath("/besoins/potentiel")
    static let opportunities = PagePath("/structures/:id/opportunites")
    static let opportunityMail = PagePath("/structures/:id/opportunites/courriel")
}

extension Links {
    static func need(_ id: UUID) -> String { PurchasingPaths.need.link(id) }
    static func opportunities(_ structure: UUID) -> String { PurchasingPaths.opportunities.link(structure) }
}
