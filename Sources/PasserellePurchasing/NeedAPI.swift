import Foundation
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

extension APIHandler {
    package func listNeeds(_ input: Operations.ListNeeds.Input) async throws -> Operations.ListNeeds.Output {
        let query = input.query
        // The generated code checks types, not lengths.
        guard var filter = Self.needFilter(kind: query.kind?.rawValue, sector: query.sector, departement: query.departement, region: query.region, clause: query.clause?.rawValue) else {
            return .badRequest(.init(body: .json(Self.error(Self.needFilterLengths))))
        }
        filter.page = query.page ?? 1
        filter.size = query.size ?? 20
        guard (1...100_000).contains(filter.page), (1...100).contains(filter.size) else {
            return .badRequest(.init(body: .json(Self.error("page va de 1 à 100 000, size de 1 à 100."))))
        }
        if let status = input.query.status {
            guard let user = try await APIRequest.bearerUser() else {
                return .unauthorized(.init(body: .json(Self.error("Le filtre status montre les besoins de votre organisation : " + Self.missingToken))))
            }
            filter.state = NeedState(rawValue: status.rawValue)
            filter.organisations = Policy.buyerOrganisations(of: try await Policy.Actor.of(user.id, on: app.db))
        }
        let reference = try app.platform.reference
        let (records, total) = try await NeedStore.list(filter, on: app.db)
        return .ok(.init(body: .json(.init(
            items: records.map { Self.needSummary($0, gazetteer: reference.gazetteer) }, total: total, page: filter.page, size: filter.size,
            pages: total == 0 ? 0 : (total + filter.size - 1) / filter.size
        ))))
    }

    package func getNeed(_ input: Operations.GetNeed.Input) async throws -> Operations.GetNeed.Output {
        let notFound = Operations.GetNeed.Output.notFound(.init(body: .json(Self.error("Aucun besoin publié n’a cet identifiant."))))
        if input.path.id == "match-preview" {
            // The router reads `GET /api/v1/needs/match-preview` as a need's identifier.
            throw Abort(.methodNotAllowed, headers: ["Allow": "POST"], reason: "Méthode GET non permise ici : POST.")
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de besoin est un UUID."))))
        }
        guard let record = try await NeedStore.need(id: id, on: app.db) else { return notFound }
        let reference = try app.platform.reference
        let user = try await APIRequest.bearerUser()
        let isPublic = record.state == .published || record.state.isClosed
        let actor = try await Policy.Actor.of(user?.id, on: app.db)
        let need = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        if !isPublic {
            guard Policy.decide(.read, on: need, for: actor) == .allowed else { return notFound }
        }
        let withContact = Policy.decide(.readContact, on: need, for: actor) == .allowed
        return .ok(.init(body: .json(Self.needDetail(record, withContact: withContact, gazetteer: reference.gazetteer))))
    }

    package func createNeed(_ input: Operations.CreateNeed.Input) async throws -> Operations.CreateNeed.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON."))))
        }
        var organisation: UUID?
        if let text = body.organisation {
            guard let id = UUID(uuidString: text) else { return .badRequest(.init(body: .json(Self.error("organisation : un identifiant est un UUID.")))) }
            organisation = id
        }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        switch try await NeedFlows.create(Self.draft(from: body), submit: body.submit ?? false, organisation: organisation, by: user, actor: actor, request: try APIRequest.request()) {
        case .created(let record):
            return .created(.init(body: .json(Self.needDetail(record, withContact: true, gazetteer: try app.platform.reference.gazetteer))))
        case .invalid(let problems):
            return .badRequest(.init(body: .json(Self.error(problems.list.map { "\($0.field) : \($0.message)" }.joined(separator: " ; ")))))
        case .forbidden(let reason):
            return .forbidden(.init(body: .json(Self.error(reason))))
        }
    }

    /// The core's draft from the API's body: the same checks as the buyer's form.
    package static func draft(from body: Components.Schemas.NeedInput) -> NeedDraft {
        var draft = NeedDraft()
        draft.kind = body.kind.rawValue
        draft.title = body.title
        draft.description = body.description ?? ""
        draft.target.sectors = body.sectors ?? []
        draft.target.serviceTypes = body.serviceTypes?.map(\.rawValue) ?? []
        draft.target.place = body.place
        draft.target.radiusKm = body.radiusKm
        draft.target.perimeters = body.perimeters ?? []
        draft.target.national = body.national ?? false
        draft.target.acceptsNationalSuppliers = body.nationalSuppliers ?? false
        draft.target.kinds = body.kinds?.map(\.rawValue) ?? []
        draft.amount = body.amount ?? ""
        draft.deadline = body.deadline ?? ""
        draft.startsOn = body.startsOn ?? ""
        draft.contactName = body.contact?.name ?? ""
        draft.contactEmail = body.contact?.email ?? ""
        draft.contactPhone = body.contact?.phone ?? ""
        draft.answerChannel = body.answer?.channel.rawValue ?? ""
        draft.answerAddress = body.answer?.address ?? ""
        draft.questions = body.questions ?? []
        draft.clauses = (body.clauses ?? []).map(Self.clauseDraft)
        draft.lots = (body.lots ?? []).map { .init(title: $0.title, sectors: $0.sectors, amount: $0.amount ?? "", clauses: ($0.clauses ?? []).map(Self.clauseDraft)) }
        return draft
    }

    package static func clauseDraft(_ clause: Components.Schemas.ClauseInput) -> NeedDraft.ClauseDraft {
        .init(kind: clause.kind.rawValue, hours: clause.hours.map(String.init) ?? "", topic: clause.topic?.rawValue ?? "", detail: clause.detail ?? "")
    }

    package static func clauseInput(_ clause: Clause) -> Components.Schemas.ClauseInput {
        .init(kind: .init(rawValue: clause.kind.rawValue)!, hours: clause.hours, topic: clause.topic.flatMap { .init(rawValue: $0.rawValue) }, detail: clause.detail)
    }

    package static func needSummary(_ record: NeedRecord, gazetteer: Gazetteer) -> Components.Schemas.NeedSummary {
        let content = record.content
        let clauses = (content.clauses + content.lots.flatMap(\.clauses)).map(\.kind)
        var seen = Set<ClauseKind>()
        return .init(
            id: record.id.uuidString.lowercased(), kind: .init(rawValue: content.kind.rawValue)!, title: content.title,
            buyer: .init(id: record.organisationID.uuidString.lowercased(), name: record.organisationName),
            sectors: content.sectors.sorted(), place: NeedPlaceLabel.of(content.location, gazetteer: gazetteer),
            amount: content.amount.label, deadline: content.deadline.map { DateText.parisDay($0) },
            clauses: clauses.filter { seen.insert($0).inserted }.map { .init(rawValue: $0.rawValue)! },
            insertionHours: content.insertionHours, state: .init(rawValue: record.state.rawValue)!, publishedAt: record.publishedAt
        )
    }

    package static func needDetail(_ record: NeedRecord, withContact: Bool, gazetteer: Gazetteer) -> Components.Schemas.NeedDetail {
        let content = record.content
        return .init(
            value1: needSummary(record, gazetteer: gazetteer),
            value2: .init(
                description: content.description, serviceTypes: content.serviceTypes.map { .init(rawValue: $0.rawValue)! }.sorted { $0.rawValue < $1.rawValue },
                kinds: content.kinds.sorted().map { .init(rawValue: $0.rawValue)! }, nationalSuppliers: content.acceptsNationalSuppliers,
                startsOn: content.startsOn.map { DateText.parisDay($0) }, questions: content.questions, clauseDetails: content.clauses.map(Self.clauseInput),
                lots: content.lots.map { .init(title: $0.title, sectors: $0.sectors.sorted(), amount: $0.amount.label, clauses: $0.clauses.map(Self.clauseInput)) },
                contact: withContact ? .init(name: content.contactName, email: content.contactEmail, phone: content.contactPhone,
                                             answerChannel: content.answerChannel?.rawValue, answerAddress: content.answerAddress) : nil,
                refusalMessage: record.refusalMessage
            )
        )
    }

}

/// A need's place in words: « Arras (62041) », « Arras (62041) et 30 km autour », « Nord (59),
/// Somme (80) », « France entière ».
package enum NeedPlaceLabel {
    package static func of(_ location: NeedLocation?, gazetteer: Gazetteer) -> String {
        switch location {
        case .place(let code, let radius):
            let name = gazetteer.commune(code).map { "\($0.name.name) (\(code))" } ?? code
            return radius.map { "\(name) et \(DistanceFormat.kilometres($0)) autour" } ?? name
        case .perimeters(let perimeters):
            return perimeters.map { gazetteer.label(of: $0) }.joined(separator: ", ")
        case .national:
            return "France entière"
        case nil:
            return "Lieu à préciser"
        }
    }
}
