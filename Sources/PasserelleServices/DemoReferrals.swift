import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The demo's referrals: the demo structure has referred invented people to the services of the
/// demo partner, and each state shows (open, reminded, validated, refused, expired). The people
/// are invented and have no telephone; their addresses use the reserved `example.org`.
package enum DemoReferrals {
    package static func load(_ app: Application) async throws {
        let db = app.db
        guard try await db.sql.raw("SELECT COUNT(*) AS count FROM referrals").first(decoding: Count.self)?.count == 0,
              let referrer = try await DemoAccounts.organisation(of: "structure", on: db),
              let partner = try await DemoAccounts.organisation(of: "partenaire", on: db) else { return }
        // Services of different names first, so that the lists show different needs.
        var names = Set<String>()
        let partnerServices = try await ServiceStore.published(on: db).filter { $0.provider.organisationId == partner }.sorted { $0.name < $1.name }
        var distinct: [Service] = [], repeated: [Service] = []
        for service in partnerServices {
            if names.insert(service.name).inserted { distinct.append(service) } else { repeated.append(service) }
        }
        let services = distinct + repeated
        var user: AccountQueries.Account?
        if let email = EmailAddress("structure@\(DemoAccounts.domain)") { user = try await AccountQueries.account(email: email, on: db) }
        let now = Date()
        let day: TimeInterval = 86_400
        let people: [(first: String, last: String, age: TimeInterval, publics: [String], reason: String, answer: ReferralLifecycle.Change?)] = [
            ("Inès", "Verbrugghe", 2 * day, ["jeunes"], "Salariée en parcours depuis trois mois, souhaite préparer son permis pour accéder aux chantiers éloignés.", nil),
            ("Tom", "Delannoy", 12 * day, ["jeunes", "demandeurs-emploi"], "Besoin d’un accompagnement vers un logement autonome avant la fin de son contrat.", nil),
            ("Maëlle", "Carpentier", 20 * day, ["jeunes"], "Souhaite construire un projet de formation qualifiante à l’issue de son parcours.", .accept),
            ("Yanis", "Dhainaut", 25 * day, ["jeunes", "beneficiaires-des-minimas-sociaux"], "Difficultés de mobilité pour rejoindre le lieu de travail en horaires décalés.", .refuse(.unreachable, details: "Trois appels sans réponse.")),
            ("Sofia", "Lemaire", 40 * day, ["jeunes"], "Demande d’aide pour ses démarches de santé, en complément de l’accompagnement de la structure.", nil),
        ]
        let structureActor = ReferralFlows.Actor(userID: user?.id, label: "structure@\(DemoAccounts.domain)", address: nil)
        let partnerActor = ReferralFlows.Actor(userID: nil, label: "partenaire@\(DemoAccounts.domain)", address: nil)
        for (index, person) in people.enumerated() where index < services.count {
            var request = ReferralRequest()
            request.firstName = person.first
            request.lastName = person.last
            request.publics = person.publics
            request.preference = ContactPreference.email.rawValue
            request.email = "\(SearchText.fold(person.first)).\(SearchText.fold(person.last))@example.org"
            request.availability = "En semaine, après 14 h"
            request.referentName = user?.name ?? "Sacha Structure (démo)"
            request.reason = person.reason
            request.criteriaChecked = true
            request.consent = true
            guard case .success(let checked) = request.check(service: .published) else { continue }
            let sentAt = now.addingTimeInterval(-person.age)
            let id = try await ReferralFlows.send(checked, to: services[index], from: referrer, by: structureActor, publicURL: app.platform.config.publicURL,
                                                  on: db, now: sentAt)
            if let answer = person.answer {
                _ = try await ReferralFlows.answer(id, with: answer, by: partnerActor, publicURL: app.platform.config.publicURL, on: db, now: sentAt.addingTimeInterval(3 * day))
            }
        }
        // Time passes: the 12-day-old one is reminded, the 40-day-old one expires.
        let done = try await ReferralFlows.housekeeping(on: db, publicURL: app.platform.config.publicURL, now: now)
        app.logger.info("Demo referrals loaded", metadata: ["referrals": "\(people.count)", "reminded": "\(done.reminded)", "expired": "\(done.expired)"])
    }

    private struct Count: Decodable { var count: Int }
}
