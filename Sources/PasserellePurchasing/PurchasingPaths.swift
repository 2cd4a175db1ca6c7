import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of purchasing needs, answers, groups, hours and the dashboard.
package enum PurchasingPaths {
    package static let needs = PagePath("/besoins")
    package static let moderation = PagePath("/besoins/a-valider")
    package static let mine = PagePath("/mes-besoins")
    package static let newNeed = PagePath("/besoins/nouveau")
    package static let need = PagePath("/besoins/:id")
    package static let editStep = PagePath("/besoins/:id/modifier/:step")
    package static let submit = PagePath("/besoins/:id/soumettre")
    package static let publish = PagePath("/besoins/:id/publier")
    package static let refuse = PagePath("/besoins/:id/refuser")
    package static let reopen = PagePath("/besoins/:id/reprendre")
    package static let close = PagePath("/besoins/:id/clore")
    package static let cancel = PagePath("/besoins/:id/annuler")
    package static let answer = PagePath("/besoins/:id/reponse")
    package static let answersCSV = PagePath("/besoins/:id/reponses.csv")
    package static let inviteToGroup = PagePath("/besoins/:id/groupements/:group/inviter")
    package static let decideGroup = PagePath("/besoins/:id/groupements/:group/decision")
    package static let handOverGroup = PagePath("/besoins/:id/groupements/:group/mandataire")
    package static let reportOutcome = PagePath("/besoins/:id/issue")
    package static let recordHours = PagePath("/besoins/:id/heures")
    package static let hours = PagePath("/besoins/heures")
    package static let hoursCSV = PagePath("/besoins/heures.csv")
    package static let awarded = PagePath("/besoins/attribues")
    package static let dashboard = PagePath("/besoins/tableau-de-bord")
    package static let dashboardCSV = PagePath("/besoins/tableau-de-bord.csv")
    package static let potential = PagePath("/besoins/potentiel")
    package static let opportunities = PagePath("/structures/:id/opportunites")
    package static let opportunityMail = PagePath("/structures/:id/opportunites/courriel")
}

extension Links {
    package static func need(_ id: UUID) -> String { PurchasingPaths.need.link(id) }
    package static func opportunities(_ structure: UUID) -> String { PurchasingPaths.opportunities.link(structure) }
}
