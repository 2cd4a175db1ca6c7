import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of partner services and referrals.
package enum ServicesPaths {
    package static let search = PagePath("/services")
    package static let searchCSV = PagePath("/services.csv")
    package static let barriers = PagePath("/services/freins")
    package static let barriersCSV = PagePath("/services/freins.csv")
    package static let mine = PagePath("/services/gestion")
    package static let newService = PagePath("/services/nouveau")
    package static let service = PagePath("/services/:id")
    package static let edit = PagePath("/services/:id/modifier")
    package static let status = PagePath("/services/:id/statut")
    package static let refer = PagePath("/services/:id/orienter")
    package static let referrals = PagePath("/orientations")
    package static let referralsCSV = PagePath("/orientations.csv")
    package static let answerByLink = PagePath("/orientations/reponse")
    package static let referral = PagePath("/orientations/:id")
    package static let answerReferral = PagePath("/orientations/:id/reponse")
}

extension Links {
    package static func service(_ id: UUID) -> String { ServicesPaths.service.link(id) }
    package static func referral(_ id: UUID) -> String { ServicesPaths.referral.link(id) }
    package static func referTo(_ service: UUID) -> String { ServicesPaths.refer.link(service) }
}
