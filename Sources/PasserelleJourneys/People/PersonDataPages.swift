import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// A person's rights over their record: all of it as JSON on request, and its erasure after a
/// confirmation. Both through the one door and in the audit log.
package struct PersonDataPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.exportPerson, use: export)
        routes.get(JourneysPaths.erase, use: confirm)
        routes.post(JourneysPaths.erase, use: erase)
    }

    /// The person's data as the export writes it: every field the platform keeps about them.
    struct Export: Encodable {
        struct Consent: Encodable {
            var purpose: String
            var agreedAt: Date
            var withdrawnAt: Date?
        }

        struct Journey: Encodable {
            var structureKind: String
            var state: String
            var hiredOn: String
            var diagnosisDate: String?
            var criteria: [String]
            var proofs: [String: String]
            var approvalEnd: String?
            var approvalChanges: [String]
            var recognition: String?
            var contracts: [[String: String]]
            var exitOn: String?
            var exitContract: String?
            var exitEmployer: String?
        }

        struct Event: Encodable {
            var at: Date
            var summary: String
            var actor: String
        }

        var firstName: String
        var lastName: String
        var birthDate: String
        var commune: String
        var contactPreference: String
        var phone: String?
        var email: String?
        var publics: [String]
        var referent: String?
        var consents: [Consent]
        var journeys: [Journey]
        var barriers: [[String: String]]
        var actions: [[String: String]]
        var insertionHours: [[String: String]]
        var shares: [[String: String]]
        var timeline: [Event]
    }

    @Sendable
    package func export(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        let db = request.db
        var journeys: [Export.Journey] = []
        for journey in try await JourneyStore.journeys(of: person.id, on: db) {
            journeys.append(.init(
                structureKind: journey.structureKind.rawValue, state: journey.state.rawValue, hiredOn: journey.hiredOn, diagnosisDate: journey.diagnosis?.day,
                criteria: journey.diagnosis?.criteria ?? [], proofs: journey.diagnosis?.proofs ?? [:], approvalEnd: journey.approvalEnd,
                approvalChanges: try await ApprovalStore.changes(of: journey.id, on: db).map(ApprovalPages.line), recognition: journey.recognition?.kind.rawValue,
                contracts: journey.contracts.map { ["kind": $0.kind.rawValue, "start": $0.start, "end": $0.end, "weekly_hours": String($0.weeklyHours)] },
                exitOn: journey.exit?.day, exitContract: journey.exit?.contract.rawValue, exitEmployer: journey.exit?.employer))
        }
        let data = Export(
            firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate, commune: person.communeCode,
            contactPreference: person.preference.rawValue, phone: person.phone, email: person.email, publics: person.publics, referent: person.referentName,
            consents: try await PeopleStore.consents(of: person.id, on: db).map { .init(purpose: $0.purpose.rawValue, agreedAt: $0.agreedAt, withdrawnAt: $0.withdrawnAt) },
            journeys: journeys,
            barriers: try await PlanStore.barriers(of: person.id, on: db).map { ["category": $0.category, "state": $0.state.rawValue, "note": $0.note ?? ""] },
            actions: try await PlanStore.actions(of: person.id, on: db).map { ["title": $0.title, "kind": $0.kind.rawValue, "state": $0.state.rawValue, "due": $0.due ?? ""] },
            insertionHours: try await PersonHoursStore.shares(of: person.id, on: db).map { ["need": $0.needTitle, "month": $0.month, "hours": String($0.hours)] },
            shares: try await shareLines(of: person.id, on: db),
            timeline: try await PeopleStore.timeline(of: person.id, limit: 100_000, on: db).events.map { .init(at: $0.at, summary: $0.summary, actor: $0.actor) }
        )
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try await Audit.record(.personExported, actorID: reader.user.id, actor: reader.user.email, object: "personne:\(person.id.uuidString.lowercased())",
                               detail: "export JSON de la personne", address: reader.address, on: db)
        let response = Response(status: .ok, body: .init(data: try encoder.encode(data)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"passerelle-personne-\(DateText.isoDay(Date())).json\"")
        return PeoplePages.private(response)
    }

    /// With whom the record was shared or to whom it was transferred, and until when.
    private func shareLines(of person: UUID, on database: any Database) async throws -> [[String: String]] {
        let shares = try await PersonShareStore.shares(of: person, on: database)
        let names = try await SharePages.names(shares.flatMap { [$0.from, $0.to] }, on: database)
        return shares.map { share in
            ["kind": share.kind.rawValue, "from": names[share.from] ?? "", "to": names[share.to] ?? "", "state": share.state.rawValue,
             "started_at": DateText.isoDay(share.startedAt), "ended_at": share.endedAt.map(DateText.isoDay) ?? ""]
        }
    }

    package struct ConfirmContext: Encodable {
        var layout: Layout
        var csrf: String
        var name: String
        var action: String
        var cancel: String
        var exportHref: String
    }

    @Sendable
    package func confirm(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: true, on: request.db)
        let response = try await request.view.render("journeys/erase", ConfirmContext(
            layout: PeoplePages.layout("Effacer le dossier " + French.de(person.fullName), crumbs: [
                .init(label: "Personnes accompagnées", href: JourneysPaths.people.link()), .init(label: person.fullName, href: JourneysPaths.person.link(person.id)),
                .init(label: "Effacer"),
            ], request: request),
            csrf: CSRF.token(for: request), name: person.fullName, action: JourneysPaths.erase.link(person.id), cancel: JourneysPaths.person.link(person.id),
            exportHref: JourneysPaths.exportPerson.link(person.id)
        )).encodeResponse(for: request)
        return PeoplePages.private(response)
    }

    @Sendable
    package func erase(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        guard SubmittedForm(request)["confirm"] == "1" else {
            throw Abort(.badRequest, reason: "Cochez la confirmation pour effacer le dossier.")
        }
        try await PeopleStore.erase(person.id, by: reader.user, address: reader.address, on: request.db)
        return request.redirect(to: JourneysPaths.people.link(query: [("structure", person.structureID.uuidString.lowercased()), ("fait", "effacement")]))
    }
}
