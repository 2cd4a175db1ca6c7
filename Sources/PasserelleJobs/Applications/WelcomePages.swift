import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The step from an accepted application to an insertion post to the journey: the employing
/// structure opens the person's record from the application (name and contact already there),
/// then records the hiring on the journeys' page, where the eligibility is checked.
package struct WelcomePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.welcome, use: form)
        routes.post(JobsPaths.welcome, use: welcome)
    }

    static let fields: [(label: String, name: String)] = [
        (PersonDraft.Field.birthDate, "birth_date"), (PersonDraft.Field.commune, "commune_q"), (PersonDraft.Field.preference, "preference"),
        (PersonDraft.Field.phone, "phone"), (PersonDraft.Field.email, "email"), (PersonDraft.Field.referent, "referent"), (PersonDraft.Field.consent, "consent"),
        (PersonDraft.Field.firstName, "first_name"), (PersonDraft.Field.lastName, "last_name"),
    ]

    package struct Context: Encodable {
        var layout: Layout
        var heading: String
        var person: String
        var action: String
        var csrf: String
        var values: [String: String]
        var preferences: [ChoiceOption]
        var referents: [ChoiceOption]
        var consent: Bool
        var cancel: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    /// The accepted application to one of the user's structure's insertion posts, not yet welcomed.
    private func welcoming(_ request: Request) async throws -> (ApplicationStore.Listed, UUID, SignedInUser)? {
        guard let user = request.signedInUser else { return nil }
        let (listed, side) = try await ApplicationFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                            channel: "page", address: request.clientAddress, on: request.db)
        guard side == .employer, listed.application.state == .accepted, listed.contract.isInsertionPost, let structure = listed.employerStructure else {
            throw Abort(.conflict, reason: "Un dossier s’ouvre ici pour une candidature acceptée à un poste en insertion, par la structure qui embauche.")
        }
        if let welcomed = listed.application.welcomedPersonID { throw Abort.redirect(to: JourneysPaths.hire.link(welcomed)) }
        return (listed, structure, user)
    }

    private func render(_ request: Request, _ listed: ApplicationStore.Listed, structure: UUID, values: [String: String], consent: Bool,
                        errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let members = try await OrganisationQueries.members(ofStructure: structure, on: request.db)
        let heading = "Ouvrir le dossier de \(listed.application.fullName)"
        let response = try await request.view.render("jobs/welcome", Context(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + heading + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Candidatures", href: JobsPaths.applications.link()),
                                         .init(label: listed.application.fullName, href: JobsPaths.application.link(listed.application.id)), .init(label: "Dossier")],
                           request: request),
            heading: heading, person: listed.application.fullName, action: JobsPaths.welcome.link(listed.application.id), csrf: CSRF.token(for: request),
            values: values, preferences: ContactPreference.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: values["preference"] == $0.rawValue) },
            referents: members.map { ChoiceOption(value: $0.id.uuidString.lowercased(), label: "\($0.name) (\($0.email))", checked: values["referent"] == $0.id.uuidString.lowercased()) },
            consent: consent, cancel: JobsPaths.application.link(listed.application.id), errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        guard let (listed, structure, user) = try await welcoming(request) else { return request.redirectToSignIn() }
        return try await render(request, listed, structure: structure, values: [
            "phone": listed.application.phone ?? "", "email": listed.application.email ?? "", "referent": user.id.uuidString.lowercased(),
        ], consent: false)
    }

    @Sendable
    func welcome(request: Request) async throws -> Response {
        guard let (listed, structure, user) = try await welcoming(request) else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        let values = Dictionary(["birth_date", "commune_q", "commune", "preference", "phone", "email", "referent"].map { ($0, String(form[$0].prefix(200))) },
                                uniquingKeysWith: { first, _ in first })
        let gazetteer = try request.platform.reference.gazetteer
        var draft = PersonDraft()
        draft.firstName = listed.application.firstName
        draft.lastName = listed.application.lastName
        draft.birthDate = values["birth_date"] ?? ""
        draft.communeCode = CommuneInput.code(typed: values["commune_q"] ?? "", picked: values["commune"] ?? "", gazetteer: gazetteer)
        draft.preference = values["preference"] ?? ""
        draft.phone = values["phone"] ?? ""
        draft.email = values["email"] ?? ""
        draft.referent = values["referent"] ?? ""
        draft.consent = form["consent"] == "1"
        let referents = Set(try await OrganisationQueries.members(ofStructure: structure, on: request.db).map(\.id))
        switch draft.check(today: DateText.parisDay(Date()), isCommune: { gazetteer.commune($0) != nil }, referents: referents, consentNeeded: true) {
        case .failure(let problems):
            return try await render(request, listed, structure: structure, values: values, consent: draft.consent,
                                    errors: FormErrors(problems, fields: Self.fields, fallback: "birth_date"), status: .unprocessableEntity)
        case .success(let checked):
            let address = request.clientAddress
            // The record and its link to the application together: a second sending finds it welcomed.
            let person = try await request.db.retryingTransaction { database in
                let person = try await PeopleStore.create(checked, structure: structure, by: user, address: address, on: database)
                // A second sending at once finds it linked: its record is rolled back with the refusal.
                guard try await ApplicationStore.markWelcomed(listed.application.id, person: person, on: database) else {
                    throw Abort(.conflict, reason: "Le dossier de cette personne vient d’être ouvert depuis la candidature : rechargez la page.")
                }
                return person
            }
            return request.redirect(to: JourneysPaths.hire.link(person))
        }
    }
}
