import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of partner services and referrals.
enum ServicesPaths {
    static let search = PagePath("/services")
    static let searchCSV = PagePath("/services.csv")
    static let barriers = PagePath("/services/freins")
    static let barriersCSV = PagePath("/services/freins.csv")
    static let mine = PagePath("/services/gestion")
    static let newService = PagePath("/services/nouveau")
    static let service = PagePath("/services/:id")
    static let edit = PagePath("/services/:id/modifier")
    static let status = PagePath("/services/:id/statut")
    static let refer = PagePath("/services/:id/orienter")
    static let referrals = PagePath("/orientations")
    static let referralsCSV = PagePath("/orientations.csv")
    static let answerByLink = PagePath("/orientations/reponse")
    static let referral = PagePath("/orientations/:id")
    static let answerReferral = PagePath("/orientations/:id/reponse")
}

extension Links {
    static func service(_ id: UUID) -> String { ServicesPaths.service.link(id) }
    static func referral(_ id: UUID) -> String { ServicesPaths.referral.link(id) }
    static func referTo(_ service: UUID) -> String { ServicesPaths.refer.link(service) }
}
