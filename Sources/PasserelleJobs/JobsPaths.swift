import Foundation
import PasserellePlatform

/// The pages of jobs and bridges: the offers of inclusive structures and companies, searched
/// around a commune, each with its page, and the employers' forms; the applications to them;
/// the immersion agreements, signed by link; the skills profiles and the companies' requests;
/// the companies a structure's team prospects; the companies' pages, with the bridges they offer;
/// the steering figures by département.
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
    package static let immersions = PagePath("/immersions")
    package static let newImmersion = PagePath("/immersions/nouvelle")
    package static let immersion = PagePath("/immersions/:id")
    package static let editImmersion = PagePath("/immersions/:id/modifier")
    package static let immersionState = PagePath("/immersions/:id/etat")
    package static let assessImmersion = PagePath("/immersions/:id/bilan")
    package static let printImmersion = PagePath("/immersions/:id/convention")
    package static let signImmersion = PagePath("/immersions/signature")
    package static let profiles = PagePath("/profils")
    package static let personProfile = PagePath("/profils/personne/:id")
    package static let profile = PagePath("/profils/:id")
    package static let withdrawProfile = PagePath("/profils/:id/retrait")
    package static let contactRequests = PagePath("/profils/demandes")
    package static let answerContact = PagePath("/profils/demandes/:id")
    package static let offerProfiles = PagePath("/offres/:id/profils")
    package static let prospects = PagePath("/prospection")
    package static let newProspect = PagePath("/prospection/nouvelle")
    package static let prospect = PagePath("/prospection/:id")
    package static let companies = PagePath("/entreprises")
    package static let companiesCSV = PagePath("/entreprises.csv")
    package static let company = PagePath("/entreprises/:id")
    package static let editCompany = PagePath("/entreprises/:id/modifier")
    package static let hire = PagePath("/candidatures/:id/embauche")
    package static let steering = PagePath("/offres/pilotage")
    package static let steeringCSV = PagePath("/offres/pilotage.csv")
}

extension Links {
    package static func offer(_ id: UUID) -> String { JobsPaths.offer.link(id) }
}
