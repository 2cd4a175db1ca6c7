import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserellePurchasing
import Vapor

/// « Heures d’insertion des personnes »: the months of hours a structure declared on the needs it
/// won, and who did them. Members of the structure only, like the people themselves.
package struct PersonHoursPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.hours, use: list)
        routes.post(JourneysPaths.hours, use: attribute)
        routes.get(JourneysPaths.hoursCSV, use: csv)
        routes.post(JourneysPaths.removeHours, use: remove)
    }

    static let pageSize = 50
    static let fields: [(label: String, name: String)] = [("month", "month"), ("person", "person"), ("hours", "hours")]

    package struct MonthRow: Encodable {
        var need: String
        var needHref: String
        var month: String
        var declared: String
        var attributed: String
        var left: String
    }

    package struct ShareRow: Encodable {
        var person: String
        var personHref: String
        var need: String
        var month: String
        var hours: String
        var by: String
        var removeAction: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var csrf: String
        var action: String
        var structureName: String
        var structureID: String
        var structures: [ChoiceOption]
        var months: [MonthRow]
        var monthOptions: [ChoiceOption]
        var people: [ChoiceOption]
        var hours: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var shares: [ShareRow]
        var total: String
        var filterMonths: [ChoiceOption]
        var filtered: Bool
        var pagination: Pagination
        var csv: String
        /// The confirmation of the last change (`message` is the error summary's).
        var done: String?
    }

    private func structure(_ asked: String?, reader: PeopleAccess.Reader) throws -> UUID {
        guard let structure = PeopleAccess.structure(asked: asked.flatMap(UUID.init(uuidString:)), for: reader.actor) else {
            throw Abort(.forbidden, reason: PeoplePages.refused)
        }
        return structure
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let structure = try structure(request.query[String.self, at: "structure"], reader: reader)
        return try await render(request, structure: structure, reader: reader, values: [:], message: request.query[String.self, at: "fait"].map(Self.message))
    }

    static func message(_ done: String) -> String {
        done == "retrait" ? "L’attribution est retirée ; ses heures sont de nouveau à attribuer." : "Les heures sont attribuées et inscrites au dossier de la personne."
    }

    private func month(_ request: Request) -> String? {
        request.query[String.self, at: "mois"].flatMap { value in
            value.count == 7 && value.dropFirst(4).first == "-" && value.allSatisfy { $0.isNumber || $0 == "-" } ? value : nil
        }
    }

    private func render(_ request: Request, structure: UUID, reader: PeopleAccess.Reader, values: [String: String], errors: FormErrors = FormErrors(),
                        message: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let won = try await HoursStore.wonMonths(by: structure, on: request.db)
        let attributed = try await PersonHoursStore.attributed(needs: Array(Set(won.map(\.needID))), on: request.db)
        let month = month(request)
        let page = max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000))
        let (shares, total) = try await PersonHoursStore.shares(of: structure, month: month, offset: (page - 1) * Self.pageSize, limit: Self.pageSize, on: request.db)
        let structures = Policy.accompaniedStructures(of: reader.actor)
        var names: [UUID: String] = [:]
        for id in structures { names[id] = try await DirectoryQueries.structure(id: id, on: request.db)?.name ?? "Structure" }
        let id = structure.uuidString.lowercased()
        var query: [(String, String)] = [("structure", id)]
        if let month { query.append(("mois", month)) }
        func left(_ won: HoursStore.WonMonth) -> Int { max(0, won.hours - (attributed[PersonHoursStore.key(won.needID, won.month)] ?? 0)) }
        let response = try await request.view.render("journeys/hours", Context(
            layout: PeoplePages.layout("Heures d’insertion des personnes", crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()),
                                                                                    .init(label: "Heures d’insertion")], request: request),
            csrf: CSRF.token(for: request), action: JourneysPaths.hours.link(), structureName: names[structure] ?? "Structure", structureID: id,
            structures: structures.count > 1 ? structures.map { .init(value: $0.uuidString.lowercased(), label: names[$0] ?? "", checked: $0 == structure) } : [],
            months: won.map { won in
                MonthRow(need: won.title, needHref: Links.need(won.needID), month: DateText.frenchMonth(won.month), declared: French.number(won.hours),
                         attributed: French.number(attributed[PersonHoursStore.key(won.needID, won.month)] ?? 0), left: French.number(left(won)))
            },
            monthOptions: won.filter { left($0) > 0 }.map { won in
                let value = PersonHoursStore.key(won.needID, won.month)
                return .init(value: value, label: "\(DateText.frenchMonth(won.month)) — \(won.title) (\(French.count(left(won), "heure")) à attribuer)",
                             checked: values["month"] == value)
            },
            people: try await PersonHoursStore.candidates(of: structure, on: request.db).map {
                .init(value: $0.id.uuidString.lowercased(), label: $0.name, checked: $0.id.uuidString.lowercased() == values["person"]?.lowercased())
            },
            hours: values["hours"] ?? "", errors: errors.errors, errorList: errors.errorList,
            shares: shares.map { share in
                ShareRow(person: share.personName, personHref: JourneysPaths.person.link(share.personID), need: share.needTitle, month: DateText.frenchMonth(share.month),
                         hours: French.number(share.hours), by: share.recordedBy, removeAction: JourneysPaths.removeHours.link(share.id))
            },
            total: French.count(total, "attribution"),
            filterMonths: Array(Set(won.map(\.month))).sorted(by: >).map { .init(value: $0, label: DateText.frenchMonth($0), checked: $0 == month) },
            filtered: month != nil,
            pagination: Pagination(page: page, total: total, size: Self.pageSize, path: JourneysPaths.hours.link(), query: query),
            csv: JourneysPaths.hoursCSV.link(query: query), done: message
        )).encodeResponse(for: request)
        response.status = status
        return PeoplePages.private(response)
    }

    @Sendable
    package func attribute(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.hours.link())) }
        let form = SubmittedForm(request)
        let structure = try structure(form["structure"], reader: reader)
        let values = ["month": form["month"], "person": form["person"], "hours": form["hours"]]
        func refuse(_ field: String, _ message: String) async throws -> Response {
            try await render(request, structure: structure, reader: reader, values: values,
                             errors: FormErrors(FieldProblems([FieldProblem(field: field, message: message)]), fields: Self.fields, fallback: "month"),
                             status: .unprocessableEntity)
        }
        let won = try await HoursStore.wonMonths(by: structure, on: request.db)
        guard let month = won.first(where: { PersonHoursStore.key($0.needID, $0.month) == form["month"].lowercased() }) else {
            return try await refuse("month", "Choisissez un mois d’heures déclarées sur un besoin que votre structure a remporté.")
        }
        guard let personID = UUID(uuidString: form["person"]) else { return try await refuse("person", "Choisissez la personne qui a fait ces heures.") }
        // The one door: someone else's person is a 404, logged, whatever the form says.
        let person = try await PeopleAccess.person(personID, for: reader, logRead: false, on: request.db)
        guard person.structureID == structure else { throw Abort(.notFound, reason: PeopleAccess.notFound) }
        if let problems = try await PersonHoursStore.attribute(form["hours"], of: month, to: person, by: reader.user, address: reader.address, on: request.db) {
            return try await render(request, structure: structure, reader: reader, values: values,
                                    errors: FormErrors(problems, fields: Self.fields, fallback: "month"), status: .unprocessableEntity)
        }
        return request.redirect(to: JourneysPaths.hours.link(query: [("structure", structure.uuidString.lowercased()), ("fait", "attribution")]))
    }

    @Sendable
    package func remove(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.hours.link())) }
        // Rights before the object: who accompanies nobody is refused without a lookup.
        guard !Policy.accompaniedStructures(of: reader.actor).isEmpty else { throw Abort(.forbidden, reason: PeoplePages.refused) }
        guard let id = request.parameters.get("share").flatMap(UUID.init(uuidString:)), let share = try await PersonHoursStore.share(id, on: request.db) else {
            throw Abort(.notFound, reason: "Cette attribution d’heures n’existe pas ou a déjà été retirée.")
        }
        let person = try await PeopleAccess.person(share.personID, for: reader, logRead: false, on: request.db)
        try await PersonHoursStore.remove(share, by: reader.user, address: reader.address, on: request.db)
        return request.redirect(to: JourneysPaths.hours.link(query: [("structure", person.structureID.uuidString.lowercased()), ("fait", "retrait")]))
    }

    @Sendable
    package func csv(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let structure = try structure(request.query[String.self, at: "structure"], reader: reader)
        let (shares, _) = try await PersonHoursStore.shares(of: structure, month: month(request), offset: 0, limit: 100_000, on: request.db)
        var writer = CSV.Writer()
        writer.append(["Nom", "Prénom", "Besoin", "Identifiant du besoin", "Mois", "Heures", "Attribuées par"])
        for share in shares {
            writer.append([share.lastName, share.firstName, share.needTitle, share.needID.uuidString.lowercased(), share.month, String(share.hours), share.recordedBy])
        }
        try await Audit.record(.personExported, actorID: reader.user.id, actor: reader.user.email, object: "structure:\(structure.uuidString.lowercased())",
                               detail: "heures : \(shares.count) lignes", address: reader.address, on: request.db)
        return PeoplePages.private(try await AuditedExport.csv(writer.text, name: "heures-personnes", rows: shares.count, request: request))
    }
}
