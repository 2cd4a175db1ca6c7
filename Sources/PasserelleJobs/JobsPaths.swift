import Foundation
import PasserellePlatform

/// The pages of jobs and bridges: the offers of inclusive structures and companies, searched
/// around a commune, each with its page, and the employers' forms; the applications to them.
package enum JobsPaths {
    package static let offers = PagePath("/offres")
    package static let offersCSV = PagePath("/offres.csv")
    package static let newOffer = PagePath("/offres/nouvelle")
    package static let mine = PagePath("/offres/mes-offres")
    package static let offer = PagePath("/offres/:id")
    package static let editOffer = PagePath("/offres/:id/modifier")
    package static let offerState = PagePath("/offres/:id/etat")
    package static let apply = PagePath("/offres/:id/candidater")
    package static let applications = PagePath("/candidatures")
    package static let application = PagePath("/candidatures/:id")
    package static let answer = PagePath("/candidatures/:id/reponse")
    package static let welcome = PagePath("/candidatures/:id/accueil")
    package static let answerByLink = PagePath("/candidatures/reponse-par-lien")
}

extension Links {
    package static func offer(_ id: UUID) -> String { JobsPaths.offer.link(id) }
}
