import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// A record shared with another structure or transferred to it: started from the record by its
/// structure, answered and followed on « Partages de dossiers » by both sides, ended by either.
package struct SharePages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.post(JourneysPaths.sharePerson, use: start)
        routes.get(JourneysPaths.shares, use: list)
        routes.post(JourneysPaths.endShare, use: end)
        routes.post(JourneysPaths.acceptShare, use: accept)
        routes.post(JourneysPaths.declineShare, use: decline)
    }

    /// The structures a record may go to: those with a team, in the person's région (all of them
    /// when the commune is not in the reference), by name.
    static func candidates(for person: PeopleStore.Person, request: Request) async throws -> [(id: UUID, name: String)] {
        let gazetteer = try request.platform.reference.gazetteer
        let teams = try await OrganisationQueries.structuresWithTeam(on: request.db).subtracting([person.structureID])
        let region = gazetteer.commune(person.communeCode)?.regionCode
        return try await DirectoryQueries.summaries(of: Array(teams), on: request.db).values
            .filter { summary in region == nil || summary.communeCode.flatMap { gazetteer.commune($0)?.regionCode } == region }
            .map { ($0.id, $0.name) }.sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
    }

    static func names(_ ids: [UUID], on database: any Database) async throws -> [UUID: String] {
        try await DirectoryQueries.summaries(of: ids, on: database).mapValues(\.name)
    }

    @Sendable
    package func start(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        let form = SubmittedForm(request)
        func back(_ query: [(String, String)]) -> Response { request.redirect(to: JourneysPaths.person.link(person.id, query: query)) }
        guard let kind = ShareKind(rawValue: form["kind"]) else { return back([("probleme", "Choisissez : partager le parcours ou transférer le dossier.")]) }
        let candidates = try await Self.candidates(for: person, request: request)
        guard let target = candidates.first(where: { $0.id.uuidString.lowercased() == form["structure"].lowercased() }) else {
            return back([("probleme", "Choisissez la structure qui reçoit le dossier parmi celles de la liste.")])
        }
        let note = form["note"].trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 500 { return back([("probleme", "Le mot pour la structure tient en 500 caractères au plus.")]) }
        let consents = try await PeopleStore.consents(of: person.id, on: request.db)
        let journeys = try await JourneyStore.journeys(of: person.id, on: request.db)
        let open = try await PersonShareStore.shares(of: person.id, on: request.db).filter(\.state.isOpen)
        let openNames = try await Self.names(open.map(\.to), on: request.db)
        if let problem = ShareRules.problem(
            starting: kind, from: person.structureID, to: target.id, toName: target.name,
            consentToShare: consents.contains { $0.purpose == .sharing && $0.withdrawnAt == nil }, openJourney: journeys.contains { $0.state == .open },
            open: open.map { .init(kind: $0.kind, to: $0.to, toName: openNames[$0.to] ?? "une structure") }) {
            return back([("probleme", problem)])
        }
        try await PersonShareStore.start(kind, person: person, to: target.id, toName: target.name, note: note.isEmpty ? nil : note, by: reader.user,
                                         address: reader.address, on: request.db)
        return back([("fait", kind == .transfer ? "transfert" : "partage")])
    }

    // MARK: The list of both sides

    package struct Row: Encodable {
        var person: String
        var personHref: String?
        var structure: String
        var kind: String
        var state: String
        var since: String
        var note: String?
        var ended: String?
        var endAction: String?
        var acceptAction: String?
        var declineAction: String?
    }

    package struct ListContext: Encodable {
        var layout: Layout
        var csrf: String
        var structureName: String
        var received: [Row]
        var given: [Row]
        var done: String?
        var problem: String?
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        guard let structure = PeopleAccess.structure(asked: request.query[String.self, at: "structure"].flatMap(UUID.init(uuidString:)), for: reader.actor) else {
            throw Abort(.forbidden, reason: PeoplePages.refused)
        }
        let received = try await PersonShareStore.shares(of: structure, received: true, on: request.db)
        let given = try await PersonShareStore.shares(of: structure, received: false, on: request.db)
        let names = try await Self.names([structure] + received.map(\.from) + given.map(\.to), on: request.db)
        var people: [UUID: PeopleStore.Person] = [:]
        for id in Set((received + given).map(\.personID)) { people[id] = try await PeopleStore.person(id, on: request.db) }
        func row(_ share: PersonShareStore.Share, receiving: Bool) -> Row {
            let person = people[share.personID]
            // A name is shown while the share is open, or to the structure that holds the record.
            let mayName = share.state.isOpen || person?.structureID == structure
            let readable = person?.structureID == structure || (receiving && share.kind == .sharedJourney && share.state == .active)
            return Row(
                person: mayName ? person?.fullName ?? "Dossier effacé" : "Dossier d’une autre structure",
                personHref: readable ? person.map { JourneysPaths.person.link($0.id) } : nil,
                structure: names[receiving ? share.from : share.to] ?? "Structure", kind: share.kind.label, state: share.state.label,
                since: DateText.frenchDay(share.startedAt) + " par " + share.startedBy, note: share.note,
                ended: share.endedAt.map { "le \(DateText.frenchDay($0))\(share.endedBy.map { " par \($0)" } ?? "")\(share.endReason.map { " : \($0.label)" } ?? "")" },
                endAction: share.state.isOpen && (receiving ? share.kind == .sharedJourney : true) ? JourneysPaths.endShare.link(share.id) : nil,
                acceptAction: receiving && share.state == .proposed ? JourneysPaths.acceptShare.link(share.id) : nil,
                declineAction: receiving && share.state == .proposed ? JourneysPaths.declineShare.link(share.id) : nil)
        }
        let response = try await request.view.render("journeys/shares", ListContext(
            layout: PeoplePages.layout("Partages de dossiers", crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()),
                                                                       .init(label: "Partages de dossiers")], request: request),
            csrf: CSRF.token(for: request), structureName: names[structure] ?? "Structure",
            received: received.prefix(200).map { row($0, receiving: true) }, given: given.prefix(200).map { row($0, receiving: false) },
            done: Self.message(request.query[String.self, at: "fait"]), problem: request.query[String.self, at: "probleme"].map { String($0.prefix(300)) }
        )).encodeResponse(for: request)
        return PeoplePages.private(response)
    }

    static func message(_ done: String?) -> String? {
        switch done {
        case "fin": "Le partage est terminé : la structure ne lit plus le dossier."
        case "accepte": "Le transfert est accepté : le dossier est maintenant celui de votre structure."
        case "refuse": "Le transfert est refusé ; le dossier reste à sa structure."
        default: nil
        }
    }

    // MARK: Answers and ends

    /// The share behind a form, for a reader who accompanies some structure (refused first
    /// otherwise); a share that does not concern the reader is a 404.
    private func share(_ request: Request) async throws -> (PeopleAccess.Reader, PersonShareStore.Share)? {
        guard let reader = try await request.peopleReader() else { return nil }
        let mine = Policy.accompaniedStructures(of: reader.actor)
        guard !mine.isEmpty else { throw Abort(.forbidden, reason: PeoplePages.refused) }
        guard let id = request.parameters.get("share").flatMap(UUID.init(uuidString:)), let share = try await PersonShareStore.share(id, on: request.db),
              mine.contains(share.from) || mine.contains(share.to) else {
            throw Abort(.notFound, reason: "Aucun partage de votre structure n’a cet identifiant.")
        }
        return (reader, share)
    }

    private func back(_ request: Request, _ structure: UUID, _ query: [(String, String)]) -> Response {
        request.redirect(to: JourneysPaths.shares.link(query: [("structure", structure.uuidString.lowercased())] + query))
    }

    @Sendable
    package func end(request: Request) async throws -> Response {
        guard let (reader, share) = try await share(request) else { return request.redirect(to: Links.login(next: JourneysPaths.shares.link())) }
        let owner = Policy.accompaniedStructures(of: reader.actor).contains(share.from)
        // The receiving side ends a shared journey; only the sender withdraws a transfer.
        guard owner || share.kind == .sharedJourney else { throw Abort(.forbidden, reason: "Seule la structure du dossier retire un transfert ; vous pouvez le refuser.") }
        let names = try await Self.names([share.to], on: request.db)
        guard try await PersonShareStore.end(share, reason: owner ? .byOwner : .byReceiver, toName: names[share.to] ?? "la structure", by: reader.user,
                                             address: reader.address, on: request.db) else {
            return back(request, owner ? share.from : share.to, [("probleme", "Ce partage est déjà terminé.")])
        }
        return back(request, owner ? share.from : share.to, [("fait", "fin")])
    }

    @Sendable
    package func accept(request: Request) async throws -> Response {
        guard let (reader, share) = try await share(request) else { return request.redirect(to: Links.login(next: JourneysPaths.shares.link())) }
        guard Policy.accompaniedStructures(of: reader.actor).contains(share.to) else { throw Abort(.forbidden, reason: "Seule la structure qui reçoit le dossier accepte le transfert.") }
        guard let person = try await PeopleStore.person(share.personID, on: request.db), person.structureID == share.from else {
            return back(request, share.to, [("probleme", "Le dossier n’est plus à la structure qui le proposait : le transfert ne peut plus être accepté.")])
        }
        if try await JourneyStore.journeys(of: person.id, on: request.db).contains(where: { $0.state == .open }) {
            return back(request, share.to, [("probleme", "Un parcours a repris dans la structure d’origine : le transfert attend sa sortie.")])
        }
        let names = try await Self.names([share.from, share.to], on: request.db)
        guard try await PersonShareStore.accept(share, fromName: names[share.from] ?? "", toName: names[share.to] ?? "", by: reader.user, address: reader.address,
                                                on: request.db) else {
            return back(request, share.to, [("probleme", "Ce transfert n’attend plus de réponse.")])
        }
        return request.redirect(to: JourneysPaths.person.link(person.id, query: [("fait", "transfert-accepte")]))
    }

    @Sendable
    package func decline(request: Request) async throws -> Response {
        guard let (reader, share) = try await share(request) else { return request.redirect(to: Links.login(next: JourneysPaths.shares.link())) }
        guard Policy.accompaniedStructures(of: reader.actor).contains(share.to) else { throw Abort(.forbidden, reason: "Seule la structure qui reçoit le dossier refuse le transfert.") }
        guard try await PersonShareStore.decline(share, by: reader.user, address: reader.address, on: request.db) else {
            return back(request, share.to, [("probleme", "Ce transfert n’attend plus de réponse.")])
        }
        return back(request, share.to, [("fait", "refuse")])
    }
}
