import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of events, registrations, organisers, themes and the knowledge base.
package enum CommunityPaths {
    package static let agenda = PagePath("/evenements")
    package static let agendaCalendar = PagePath("/evenements.ics")
    package static let myRegistrations = PagePath("/evenements/mes-inscriptions")
    package static let newEvent = PagePath("/evenements/nouveau")
    package static let event = PagePath("/evenements/:id")
    package static let eventCalendar = PagePath("/evenements/:id/calendrier.ics")
    package static let editEvent = PagePath("/evenements/:id/modifier")
    package static let cancelEvent = PagePath("/evenements/:id/annuler")
    package static let register = PagePath("/evenements/:id/inscription")
    package static let manage = PagePath("/evenements/:id/gestion")
    package static let registrantsCSV = PagePath("/evenements/:id/inscrits.csv")
    package static let attendance = PagePath("/evenements/:id/presence")
    package static let message = PagePath("/evenements/:id/message")
    package static let addSession = PagePath("/evenements/:id/sessions")
    package static let editSession = PagePath("/evenements/:id/sessions/:session/modifier")
    package static let removeSession = PagePath("/evenements/:id/sessions/:session/retirer")
    package static let addSessions = PagePath("/evenements/inscriptions/:rid/sessions")
    package static let cancelRegistration = PagePath("/evenements/inscriptions/:rid/annuler")
    package static let cancelSessionRegistration = PagePath("/evenements/inscriptions/:rid/sessions/:sid/annuler")
    package static let registrationCalendar = PagePath("/evenements/inscriptions/:rid/calendrier.ics")
    package static let themes = PagePath("/admin/themes")
    package static let theme = PagePath("/admin/themes/:slug")
    package static let removeTheme = PagePath("/admin/themes/:slug/supprimer")

    package static let knowledge = PagePath("/connaissances")
    package static let practices = PagePath("/connaissances/pratiques")
    package static let propose = PagePath("/connaissances/proposer")
    package static let myProposals = PagePath("/connaissances/mes-propositions")
    package static let review = PagePath("/connaissances/a-relire")
    package static let item = PagePath("/connaissances/:id")
    package static let publishItem = PagePath("/connaissances/:id/publier")
    package static let sendBack = PagePath("/connaissances/:id/renvoyer")
    package static let editItem = PagePath("/connaissances/:id/modifier")
}

extension Links {
    package static func event(_ id: UUID) -> String { CommunityPaths.event.link(id) }
    package static func knowledge(_ id: UUID) -> String { CommunityPaths.item.link(id) }
    package static func registrationCancel(_ id: UUID) -> String { CommunityPaths.cancelRegistration.link(id) }
    package static func sessionCancel(_ registration: UUID, _ session: UUID) -> String { CommunityPaths.cancelSessionRegistration.link(registration, session) }
    package static func agenda(_ items: [(String, String)]) -> String { CommunityPaths.agenda.link(query: items) }
}
