import Foundation
import PasserellePlatform

/// The pages of journeys: their public rules, the platform team's versions of them, and the people
/// a structure accompanies with everything of their journeys.
package enum JourneysPaths {
    package static let rules = PagePath("/parcours/regles")
    package static let eligibilityAdmin = PagePath("/admin/eligibilite")
    package static let people = PagePath("/parcours/personnes")
    package static let peopleCSV = PagePath("/parcours/personnes.csv")
    package static let dashboard = PagePath("/parcours/tableau-de-bord")
    package static let dashboardCSV = PagePath("/parcours/tableau-de-bord.csv")
    package static let newPerson = PagePath("/parcours/personnes/nouvelle")
    package static let importPeople = PagePath("/parcours/personnes/import")
    package static let importTemplate = PagePath("/parcours/personnes/import/modele.csv")
    package static let person = PagePath("/parcours/personnes/:id")
    package static let editPerson = PagePath("/parcours/personnes/:id/modifier")
    package static let hire = PagePath("/parcours/personnes/:id/embauche")
    package static let consent = PagePath("/parcours/personnes/:id/accord")
    package static let approval = PagePath("/parcours/personnes/:id/agrement")
    package static let barriers = PagePath("/parcours/personnes/:id/freins")
    package static let barrier = PagePath("/parcours/personnes/:id/freins/:barrier")
    package static let referFromBarrier = PagePath("/parcours/personnes/:id/freins/:barrier/orienter")
    package static let actions = PagePath("/parcours/personnes/:id/actions")
    package static let action = PagePath("/parcours/personnes/:id/actions/:action")
    package static let exit = PagePath("/parcours/personnes/:id/sortie")
    package static let followUp = PagePath("/parcours/personnes/:id/suivi")
    package static let reopen = PagePath("/parcours/personnes/:id/reouverture")
    package static let exportPerson = PagePath("/parcours/personnes/:id/donnees.json")
    package static let erase = PagePath("/parcours/personnes/:id/effacement")
    package static let sharePerson = PagePath("/parcours/personnes/:id/partages")
    package static let shares = PagePath("/parcours/partages")
    package static let endShare = PagePath("/parcours/partages/:share/fin")
    package static let acceptShare = PagePath("/parcours/partages/:share/accepter")
    package static let declineShare = PagePath("/parcours/partages/:share/refuser")
    package static let hours = PagePath("/parcours/heures")
    package static let hoursCSV = PagePath("/parcours/heures.csv")
    package static let removeHours = PagePath("/parcours/heures/:share/retrait")
}
