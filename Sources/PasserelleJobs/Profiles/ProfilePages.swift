import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// Skills profiles on both sides. The structure that follows a person opens their profile with
/// their agreement, reads the offers that match it with the reasons, and answers the companies'
/// requests. A company reads, for one of its offers, the profiles that match it under a
/// pseudonym (projects, skills, distance, availability: never a name nor a commune), asks to meet
/// a person, and learns who they are only once the structure accepts.
package struct ProfilePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.profiles, use: list)
        routes.get(JobsPaths.contactRequests, use: requests)
        routes.get(JobsPaths.personProfile, use: form)
        routes.post(JobsPaths.personProfile, use: save)
        routes.get(JobsPaths.profile, use: detail)
        routes.post(JobsPaths.withdrawProfile, use: withdraw)
        routes.post(JobsPaths.answerContact, use: answer)
        routes.get(JobsPaths.offerProfiles, use: offerProfiles)
        routes.post(JobsPaths.offerProfiles, use: requestContact)
    }

    package struct Fact: Encodable {
        var label: String
        var value: String
        var href: String?
    }

    // MARK: The structure's side

    package struct ListContext: Encodable {
        var layout: Layout
        var lines: [Fact]
        var people: [ChoiceOption]
        var openAction: String
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let structures = Policy.accompaniedStructures(of: actor)
        guard !structures.isEmpty else { throw Abort(.forbidden, reason: "Les profils de compétences sont tenus par les structures qui accompagnent les personnes.") }
        // The form that picks a person opens their profile's page (the person is checked there).
        if let picked = (try? request.query.get(String.self, at: "personne")).flatMap(UUID.init(uuidString:)) {
            return request.redirect(to: JobsPaths.personProfile.link(picked))
        }
        let profiles = try await ProfileStore.profiles(ofStructures: structures, on: request.db)
        var names: [UUID: String] = [:]
        var people: [ChoiceOption] = []
        for structure in structures {
            for person in try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 500, on: request.db).people {
                names[person.id] = person.fullName
                people.append(ChoiceOption(value: person.id.uuidString.lowercased(), label: person.fullName))
            }
        }
        let rome = request.application.jobsReference.rome
        return try await request.view.render("jobs/profiles", ListContext(
            layout: Layout(title: "Profils de compétences — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Profils de compétences")], request: request),
            lines: profiles.map { profile in
                Fact(label: names[profile.personID] ?? "—", value: profile.projects.map { rome.job($0)?.label ?? $0 }.joined(separator: ", "),
                     href: JobsPaths.profile.link(profile.id))
            },
            people: people, openAction: JobsPaths.profiles.link())).encodeResponse(for: request)
    }

    package struct FormContext: Encodable {
        var layout: Layout
        var heading: String
        var action: String
        var csrf: String
        var values: [String: String]
        var mobility: [ChoiceOption]
        var licences: [ChoiceOption]
        var consent: Bool
        var contactConsent: Bool
        var cancel: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    static let fields: [(label: String, name: String)] = [
        (SkillsProfileDraft.Field.projects, "projects"), (SkillsProfileDraft.Field.skills, "skills"), (SkillsProfileDraft.Field.radius, "radius_km"),
        (SkillsProfileDraft.Field.mobility, "mobility"), (SkillsProfileDraft.Field.available, "available_from"), (SkillsProfileDraft.Field.consent, "consent"),
    ]
    static let mobilityLabels = ["pied": "À pied", "velo": "À vélo", "transports": "Transports en commun", "voiture": "Voiture", "deux-roues": "Deux-roues motorisé",
                                 "covoiturage": "Covoiturage"]

    /// The person, read through the journeys' one door.
    private func person(_ request: Request) async throws -> PeopleStore.Person? {
        guard let reader = try await request.peopleReader() else { return nil }
        return try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
    }

    func render(_ request: Request, person: PeopleStore.Person, values: [String: String], mobility: [String], licences: [String], consent: Bool, contact: Bool,
                errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let existing = try await ProfileStore.profile(ofPerson: person.id, on: request.db)
        let response = try await request.view.render("jobs/profile-form", FormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + "Profil de compétences de \(person.fullName) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Profils de compétences", href: JobsPaths.profiles.link()), .init(label: person.fullName)], request: request),
            heading: "Profil de compétences de \(person.fullName)", action: JobsPaths.personProfile.link(person.id), csrf: CSRF.token(for: request), values: values,
            mobility: SkillsProfileDraft.mobilityMeans.map { ChoiceOption(value: $0, label: Self.mobilityLabels[$0] ?? $0, checked: mobility.contains($0)) },
            licences: SkillsProfileDraft.licenceKinds.map { ChoiceOption(value: $0, label: $0 == "caces" ? "CACES" : "Permis \($0)", checked: licences.contains($0)) },
            consent: consent, contactConsent: contact, cancel: existing.map { JobsPaths.profile.link($0.id) } ?? JobsPaths.profiles.link(),
            errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        guard let person = try await person(request) else { return request.redirectToSignIn() }
        guard let profile = try await ProfileStore.profile(ofPerson: person.id, on: request.db) else {
            return try await render(request, person: person, values: ["radius_km": "20"], mobility: [], licences: [], consent: false, contact: false)
        }
        return try await render(request, person: person, values: [
            "projects": profile.projects.joined(separator: ", "), "skills": profile.skills.joined(separator: "\n"), "radius_km": String(profile.radiusKm),
            "available_from": profile.availableFrom ?? "", "languages": profile.languages.joined(separator: "\n"),
        ], mobility: profile.mobility, licences: profile.licences, consent: true, contact: profile.contactConsent)
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        guard let person = try await person(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        var draft = SkillsProfileDraft()
        draft.projects = form["projects"].split(whereSeparator: { $0 == "," || $0 == " " || $0.isNewline }).prefix(10).map(String.init)
        draft.skills = Array(form.lines("skills").prefix(40))
        draft.radiusKm = form["radius_km"]
        draft.mobility = Array(form.all("mobility").prefix(10))
        draft.availableFrom = form["available_from"]
        draft.languages = Array(form.lines("languages").prefix(20))
        draft.licences = Array(form.all("licences").prefix(15))
        draft.consent = form["consent"] == "oui"
        let values = Dictionary(["projects", "skills", "radius_km", "available_from", "languages"].map { ($0, String(form[$0].prefix(3_000))) }, uniquingKeysWith: { first, _ in first })
        switch draft.validate(rome: request.application.jobsReference.rome) {
        case .failure(let problems):
            return try await render(request, person: person, values: values, mobility: draft.mobility, licences: draft.licences, consent: draft.consent,
                                    contact: form["contact_consent"] == "oui", errors: FormErrors(problems, fields: Self.fields, fallback: "projects"), status: .unprocessableEntity)
        case .success(let checked):
            let place = try request.platform.reference.gazetteer.commune(person.communeCode)?.centre
            let address = request.clientAddress
            let id = try await request.db.retryingTransaction { database in
                let id = try await ProfileStore.save(checked, person: person.id, structure: person.structureID, place: place, contactConsent: form["contact_consent"] == "oui",
                                                     on: database)
                try await Audit.record(.profileSaved, actorID: user.id, actor: user.email, object: "profil:\(id.uuidString.lowercased())", address: address, on: database)
                return id
            }
            return request.redirect(to: JobsPaths.profile.link(id, query: [("fait", "enregistre")]))
        }
    }

    /// The profile for a member of the structure that keeps it; 404 for anyone else.
    private func profile(_ request: Request) async throws -> (ProfileRecord, PeopleStore.Person, SignedInUser)? {
        guard let user = request.signedInUser else { return nil }
        let actor = try await request.actor()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let profile = try await ProfileStore.profile(id, on: request.db),
              Policy.mayAccompany(structure: profile.structureID, actor: actor) == .allowed,
              let person = try await PeopleStore.person(profile.personID, on: request.db) else {
            throw Abort(.notFound, reason: "Ce profil n’existe pas, ou n’est visible que par la structure qui accompagne la personne.")
        }
        return (profile, person, user)
    }

    package struct Match: Encodable {
        var title: String
        var href: String
        var employer: String
        var reasons: [String]
    }

    package struct ContactLine: Encodable {
        var company: String
        var message: String
        var state: String
        var asked: String
        var action: String?
    }

    package struct DetailContext: Encodable {
        var layout: Layout
        var heading: String
        var facts: [Fact]
        var matches: [Match]
        var requests: [ContactLine]
        var editHref: String
        var withdrawAction: String
        var csrf: String
        var done: String?
        var problem: String?
    }

    static func facts(_ profile: ProfileRecord, rome: Rome) -> [Fact] {
        var facts = [Fact(label: "Projets", value: profile.projects.map { code in rome.job(code).map { "\($0.label) (\(code))" } ?? code }.joined(separator: " ; ")),
                     Fact(label: "Compétences", value: profile.skills.isEmpty ? "—" : profile.skills.joined(separator: ", ")),
                     Fact(label: "Mobilité", value: "\(profile.radiusKm) km" + (profile.mobility.isEmpty ? "" : " — " + profile.mobility.map { mobilityLabels[$0] ?? $0 }.joined(separator: ", ")))]
        if let available = profile.availableFrom { facts.append(Fact(label: "Disponible", value: "à partir du " + DateText.frenchDay(iso: available))) }
        if !profile.languages.isEmpty { facts.append(Fact(label: "Langues", value: profile.languages.joined(separator: ", "))) }
        if !profile.licences.isEmpty { facts.append(Fact(label: "Permis et certificats", value: profile.licences.map { $0 == "caces" ? "CACES" : $0 }.joined(separator: ", "))) }
        return facts
    }

    func detailContext(_ request: Request, profile: ProfileRecord, person: PeopleStore.Person, done: String?, problem: String?) async throws -> DetailContext {
        let rome = request.application.jobsReference.rome
        var matches: [Match] = []
        if let place = profile.place {
            let box = OfferQuery.boundingBox(around: place, radiusKm: Double(profile.radiusKm))
            let offers = try await OfferStore.published(in: box, on: request.db)
            let found = offers.compactMap { offer in SkillsMatch.of(.init(job: offer.romeCode, skills: offer.skills, place: offer.place), profile.matching).map { (offer, $0) } }
            matches = found.sorted { $0.1.score > $1.1.score }.prefix(20).map { offer, match in
                Match(title: offer.title, href: Links.offer(offer.id), employer: "\(offer.employer.name) (\(offer.employer.kindLabel))", reasons: match.reasons)
            }
        }
        var requests: [ContactLine] = []
        for contact in try await ProfileStore.contacts(ofProfile: profile.id, on: request.db) {
            requests.append(ContactLine(company: try await OrganisationQueries.name(of: contact.company, on: request.db) ?? "—", message: contact.message, state: contact.state.label,
                                    asked: DateText.frenchDay(contact.createdAt), action: contact.state == .requested ? JobsPaths.answerContact.link(contact.id) : nil))
        }
        var facts = Self.facts(profile, rome: rome)
        facts.append(Fact(label: "Mise en relation", value: profile.contactConsent ? "La personne accepte d’être mise en relation avec des entreprises, par votre structure."
                                                                                 : "La personne n’a pas donné son accord pour être mise en relation."))
        return DetailContext(
            layout: Layout(title: "Profil de compétences de \(person.fullName) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Profils de compétences", href: JobsPaths.profiles.link()), .init(label: person.fullName)], request: request),
            heading: "Profil de compétences de \(person.fullName)", facts: facts, matches: matches, requests: requests,
            editHref: JobsPaths.personProfile.link(person.id), withdrawAction: JobsPaths.withdrawProfile.link(profile.id), csrf: CSRF.token(for: request),
            done: done, problem: problem)
    }

    @Sendable
    func detail(request: Request) async throws -> Response {
        guard let (profile, person, user) = try await profile(request) else { return request.redirectToSignIn() }
        try await Audit.record(.profileRead, actorID: user.id, actor: user.email, object: "profil:\(profile.id.uuidString.lowercased())", address: request.clientAddress,
                               on: request.db)
        let done: String? = switch (try? request.query.get(String.self, at: "fait")) ?? "" {
        case "enregistre": "Profil enregistré. Les entreprises le lisent sans nom ni commune, et passent par vous pour rencontrer la personne."
        case "repondu": "Réponse enregistrée : l’entreprise en est prévenue."
        default: nil
        }
        return try await request.view.render("jobs/profile", try await detailContext(request, profile: profile, person: person, done: done, problem: nil))
            .encodeResponse(for: request)
    }

    @Sendable
    func withdraw(request: Request) async throws -> Response {
        guard let (profile, person, user) = try await profile(request) else { return request.redirectToSignIn() }
        guard SubmittedForm(request)["confirm"] == "oui" else {
            let response = try await request.view.render("jobs/profile", try await detailContext(request, profile: profile, person: person, done: nil,
                                                                                                 problem: "Cochez la confirmation pour retirer le profil : rien n’a changé."))
                .encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
        let address = request.clientAddress
        try await request.db.retryingTransaction { database in
            try await ProfileStore.delete(profile.id, on: database)
            try await Audit.record(.profileWithdrawn, actorID: user.id, actor: user.email, object: "profil:\(profile.id.uuidString.lowercased())", address: address, on: database)
        }
        return request.redirect(to: JobsPaths.profiles.link())
    }

    @Sendable
    func answer(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let notFound = Abort(.notFound, reason: "Cette demande n’existe pas, ou n’est visible que par la structure qui accompagne la personne.")
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let contact = try await ProfileStore.contact(id, on: request.db),
              let profile = try await ProfileStore.profile(contact.profileID, on: request.db), Policy.mayAccompany(structure: profile.structureID, actor: actor) == .allowed,
              let person = try await PeopleStore.person(profile.personID, on: request.db) else { throw notFound }
        switch try await ProfileFlows.answer(contact, of: profile, accept: SubmittedForm(request)["decision"] == "accepter", by: user, address: request.clientAddress,
                                             publicURL: request.application.platform.config.publicURL, on: request.db) {
        case .success: return request.redirect(to: JobsPaths.profile.link(profile.id, query: [("fait", "repondu")]))
        case .failure(let refusal):
            let response = try await request.view.render("jobs/profile", try await detailContext(request, profile: profile, person: person, done: nil, problem: refusal.message))
                .encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: The company's side

    package struct Candidate: Encodable {
        var pseudonym: String
        var id: String
        var facts: [Fact]
        var reasons: [String]
        var asked: String?
    }

    package struct OfferContext: Encodable {
        var layout: Layout
        var offerTitle: String
        var offerHref: String
        var candidates: [Candidate]
        var action: String
        var csrf: String
        var done: String?
        var problem: String?
    }

    /// The offer, for its employer's team only.
    private func employersOffer(_ request: Request) async throws -> (OfferRecord, SignedInUser)? {
        guard let user = request.signedInUser else { return nil }
        let actor = try await request.actor()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let offer = try await OfferStore.offer(id, on: request.db),
              offer.publishedAt != nil || OfferEmployers.manages(offer.employer.organisation, actor: actor) else { throw Abort(.notFound, reason: "Cette offre n’existe pas.") }
        guard OfferEmployers.manages(offer.employer.organisation, actor: actor) else {
            throw Abort(.forbidden, reason: "Les profils qui rejoignent une offre sont lus par l’équipe de son employeur.")
        }
        // Profiles are matched with a published offer only: drafts placed here and there would locate people.
        guard offer.state == .published else {
            throw Abort(.conflict, reason: "Les profils se lisent pour une offre publiée : publiez-la d’abord.")
        }
        return (offer, user)
    }

    /// The profiles that match the offer, pseudonymous, best first.
    static func matching(_ offer: OfferRecord, index: ProfileMatchIndex, on database: any Database) async throws -> [(ProfileRecord, SkillsMatch)] {
        guard let place = offer.place else { return [] }
        let candidates = try await index.candidates(in: OfferQuery.boundingBox(around: place, radiusKm: 200), on: database)
        let ranked = SkillsMatch.rank(.init(job: offer.romeCode, skills: offer.skills, place: place), among: candidates.map(\.matching), limit: 30)
        let records = Dictionary(try await ProfileStore.profiles(ranked.map { candidates[$0.index].id }, on: database).map { ($0.id, $0) },
                                 uniquingKeysWith: { first, _ in first })
        return ranked.compactMap { ranked in records[candidates[ranked.index].id].map { ($0, ranked.match) } }
    }

    func offerContext(_ request: Request, offer: OfferRecord, done: String?, problem: String?) async throws -> OfferContext {
        let rome = request.application.jobsReference.rome
        let asked = Dictionary(try await ProfileStore.contacts(ofCompanies: [offer.employer.organisation], on: request.db).map { ($0.profileID, $0.state.label) },
                               uniquingKeysWith: { first, _ in first })
        return OfferContext(
            layout: Layout(title: "Profils pour « \(offer.title) » — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Mes offres", href: JobsPaths.mine.link()), .init(label: offer.title, href: Links.offer(offer.id)),
                                         .init(label: "Profils")], request: request),
            offerTitle: offer.title, offerHref: Links.offer(offer.id),
            candidates: try await Self.matching(offer, index: request.application.profileMatchIndex, on: request.db).map { profile, match in
                // What a company reads of a person before the structure accepts: the profile's words, never who nor where.
                Candidate(pseudonym: ProfileContactRule.pseudonym(of: profile.id), id: profile.id.uuidString.lowercased(),
                          facts: Self.facts(profile, rome: rome).filter { $0.label != "Mobilité" }, reasons: match.companyReasons, asked: asked[profile.id])
            },
            action: JobsPaths.offerProfiles.link(offer.id), csrf: CSRF.token(for: request), done: done, problem: problem)
    }

    @Sendable
    func offerProfiles(request: Request) async throws -> Response {
        guard let (offer, user) = try await employersOffer(request) else { return request.redirectToSignIn() }
        try await Audit.record(.profileRead, actorID: user.id, actor: user.email, object: "offre:\(offer.id.uuidString.lowercased())", detail: "profils pseudonymes",
                               address: request.clientAddress, on: request.db)
        let done = ((try? request.query.get(String.self, at: "fait")) ?? "") == "demande"
            ? "Demande envoyée : la structure qui accompagne la personne en parle avec elle, puis vous répond." : nil
        return try await request.view.render("jobs/offer-profiles", try await offerContext(request, offer: offer, done: done, problem: nil)).encodeResponse(for: request)
    }

    @Sendable
    func requestContact(request: Request) async throws -> Response {
        guard let (offer, user) = try await employersOffer(request) else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        // Only a profile that matches the offer may be asked for from it.
        let matching = try await Self.matching(offer, index: request.application.profileMatchIndex, on: request.db)
        guard let id = UUID(uuidString: form["profile"]), let (profile, _) = matching.first(where: { $0.0.id == id }) else {
            throw Abort(.notFound, reason: "Ce profil ne correspond pas à cette offre.")
        }
        let sent = try await ProfileFlows.request(profile, company: offer.employer.organisation, offer: offer.id, message: form["message"], by: user,
                                                  address: request.clientAddress, publicURL: request.application.platform.config.publicURL, on: request.db)
        guard sent else {
            let response = try await request.view.render("jobs/offer-profiles", try await offerContext(request, offer: offer, done: nil,
                                                                                                       problem: "Votre équipe a déjà demandé à rencontrer cette personne."))
                .encodeResponse(for: request)
            response.status = .conflict
            return response
        }
        return request.redirect(to: JobsPaths.offerProfiles.link(offer.id, query: [("fait", "demande")]))
    }

    package struct RequestsContext: Encodable {
        var layout: Layout
        var lines: [Fact]
    }

    /// The company's requests; an accepted one names the person and whom to call at the structure.
    @Sendable
    func requests(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let companies = OfferEmployers.of(try await request.actor())
        guard !companies.isEmpty else { throw Abort(.forbidden, reason: "Les demandes de contact sont celles des employeurs.") }
        var lines: [Fact] = []
        for contact in try await ProfileStore.contacts(ofCompanies: companies, on: request.db) {
            var value = "\(contact.state.label) — demandée le \(DateText.frenchDay(contact.createdAt))"
            if let profile = try await ProfileStore.profile(contact.profileID, on: request.db),
               ProfileContactRule.revealsIdentity(contact: contact.state, consentToContact: profile.contactConsent),
               let person = try await PeopleStore.person(profile.personID, on: request.db) {
                var referent: AccountQueries.Account?
                if let id = person.referentID { referent = try await AccountQueries.account(id: id, on: request.db) }
                value += " : \(person.fullName), accompagnée par \(person.referentName ?? "sa structure")" + (referent.map { " (\($0.email))" } ?? "")
                try await Audit.record(.profileRead, actorID: user.id, actor: user.email, object: "profil:\(profile.id.uuidString.lowercased())", detail: "mise en relation",
                                       address: request.clientAddress, on: request.db)
            }
            lines.append(Fact(label: ProfileContactRule.pseudonym(of: contact.profileID), value: value, href: contact.offerID.map(Links.offer)))
        }
        return try await request.view.render("jobs/contact-requests", RequestsContext(
            layout: Layout(title: "Mes demandes de contact — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Mes offres", href: JobsPaths.mine.link()), .init(label: "Demandes de contact")], request: request),
            lines: lines)).encodeResponse(for: request)
    }
}
