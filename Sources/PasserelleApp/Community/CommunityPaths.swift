import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The pages of events, registrations, organisers, themes and the knowledge base.
enum CommunityPaths {
    static let agenda = PagePath("/evenements")
    static let agendaCalendar = PagePath("/evenements.ics")
    static let myRegistrations = PagePath("/evenements/mes-inscriptions")
    static let newEvent = PagePath("/evenements/nouveau")
    static let event = PagePath("/evenements/:id")
    static let eventCalendar = PagePath("/evenements/:id/calendrier.ics")
    static let editEvent = PagePath("/evenements/:id/modifier")
    static let cancelEvent = PagePath("/evenements/:id/annuler")
    static let register = PagePath("/evenements/:id/inscription")
    static let manage = PagePath("/evenements/:id/gestion")
    static let registrantsCSV = PagePath("/evenements/:id/inscrits.csv")
    static let attendance = PagePath("/evenements/:id/presence")
    static let message = PagePath("/evenements/:id/message")
    static let addSession = PagePath("/evenements/:id/sessions")
    static let editSession = PagePath("/evenements/:id/sessions/:session/modifier")
    static let removeSession = PagePath("/evenements/:id/sessions/:session/retirer")
    static let addSessions = PagePath("/evenements/inscriptions/:rid/sessions")
    static let cancelRegistration = PagePath("/evenements/inscriptions/:rid/annuler")
    static let cancelSessionRegistration = PagePath("/evenements/inscriptions/:rid/sessions/:sid/annuler")
    static let registrationCalendar = PagePath("/evenements/inscriptions/:rid/calendrier.ics")
    static let themes = PagePath("/admin/themes")
    static let theme = PagePath("/admin/themes/:slug")
    static let removeTheme = PagePath("/admin/themes/:slug/supprimer")

    static let knowledge = PagePath("/connaissances")
    static let practices = PagePath("/connaissances/pratiques")
    static let propose = PagePath("/connaissances/proposer")
    static let myProposals = PagePath("/connaissances/mes-propositions")
    static let review = PagePath("/connaissances/a-relire")
    static let item = PagePath("/connaissances/:id")
    static let publishItem = PagePath("/connaissances/:id/publier")
    static let sendBack = PagePath("/connaissances/:id/renvoyer")
    static let editItem = PagePath("/connaissances/:id/modifier")
}

extension Links {
    static func event(_ id: UUID) -> String { CommunityPaths.event.link(id) }
    static func knowledge(_ id: UUID) -> String { CommunityPaths.item.link(id) }
    static func registrationCancel(_ id: UUID) -> String { CommunityPaths.cancelRegistration.link(id) }
    static func sessionCancel(_ registration: UUID, _ session: UUID) -> String { CommunityPaths.cancelSessionRegistration.link(registration, session) }
    static func agenda(_ items: [(String, String)]) -> String { CommunityPaths.agenda.link(query: items) }
}
