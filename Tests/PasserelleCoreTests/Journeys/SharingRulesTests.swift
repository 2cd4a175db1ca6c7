import Foundation
import Testing
@testable import PasserelleCore

@Suite("Journeys: a record shared with another structure or transferred to it")
struct SharingRulesTests {
    let owner = UUID(), other = UUID(), third = UUID()

    @Test func eachKindMovesOnlyAsItsLifeAllows() {
        var allowed: [String] = []
        for kind in ShareKind.allCases {
            for from in ShareState.allCases {
                for to in ShareState.allCases where ShareState.mayMove(kind, from: from, to: to) { allowed.append("\(kind.rawValue) \(from.rawValue)→\(to.rawValue)") }
            }
        }
        #expect(allowed == ["partage actif→termine", "transfert propose→accepte", "transfert propose→refuse", "transfert propose→termine"])
        #expect(ShareState.allCases.filter(\.isOpen) == [.active, .proposed])
    }

    @Test func aShareNeedsTheAgreementAndATransferAnEndedJourney() {
        func problem(_ kind: ShareKind, to: UUID? = nil, consent: Bool = true, openJourney: Bool = false, open: [ShareRules.Open] = []) -> String? {
            ShareRules.problem(starting: kind, from: owner, to: to ?? other, toName: "Atelier Voisin", consentToShare: consent, openJourney: openJourney, open: open)
        }
        #expect(problem(.sharedJourney) == nil)
        #expect(problem(.sharedJourney, openJourney: true) == nil)
        #expect(problem(.transfer) == nil)
        #expect(problem(.sharedJourney, to: owner) == "Le dossier est déjà celui de cette structure.")
        #expect(problem(.sharedJourney, consent: false)?.hasPrefix("La personne n’a pas donné son accord au partage") == true)
        #expect(problem(.transfer, consent: false)?.hasPrefix("La personne n’a pas donné son accord au partage") == true)
        #expect(problem(.transfer, openJourney: true)?.hasPrefix("Le parcours est en cours : enregistrez d’abord sa sortie") == true)
        #expect(problem(.sharedJourney, open: [.init(kind: .sharedJourney, to: other, toName: "Atelier Voisin")]) == "Le parcours est déjà partagé avec Atelier Voisin.")
        #expect(problem(.transfer, open: [.init(kind: .sharedJourney, to: other, toName: "Atelier Voisin")]) == nil)
        #expect(problem(.transfer, to: third, open: [.init(kind: .transfer, to: other, toName: "Atelier Voisin")])?
            .hasPrefix("Un transfert à Atelier Voisin attend déjà sa réponse : retirez-le") == true)
    }
}
