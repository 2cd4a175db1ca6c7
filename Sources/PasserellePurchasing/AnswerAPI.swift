import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

extension APIHandler {
    package func answerNeed(_ input: Operations.AnswerNeed.Input) async throws -> Operations.AnswerNeed.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de besoin est un UUID."))))
        }
        // Who may answer comes before what the body says.
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        guard actor.speaksForStructures else {
            return .forbidden(.init(body: .json(Self.error(AnswerPages.structuresOnly))))
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON."))))
        }
        guard (body.comment?.unicodeScalars.count ?? 0) <= AnswerRules.maximumCommentLength, (body.responses?.count ?? 0) <= NeedDraft.maximumQuestions,
              (body.responses ?? []).allSatisfy({ $0.count <= AnswerRules.maximumResponseLength }) else {
            return .badRequest(.init(body: .json(Self.error("comment compte 2 000 caractères au plus ; responses, 20 réponses de 4 000 caractères au plus."))))
        }
        guard let record = try await NeedStore.need(id: id, on: app.db), record.state == .published || record.state.isClosed else {
            return .notFound(.init(body: .json(Self.error("Aucun besoin publié n’a cet identifiant."))))
        }
        let own = actor.memberships.filter { $0.kind == .structure }.compactMap(\.structure)
        let structureID: UUID
        if let text = body.structure {
            guard let parsed = UUID(uuidString: text) else { return .badRequest(.init(body: .json(Self.error("structure : un identifiant est un UUID.")))) }
            structureID = parsed
        } else if own.count == 1 {
            structureID = own[0]
        } else {
            return .badRequest(.init(body: .json(Self.error("Vous êtes membre de plusieurs structures : dites laquelle répond (structure)."))))
        }
        guard let structure = try await DirectoryQueries.structure(id: structureID, on: app.db, includingHidden: false) else {
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a l’identifiant \(structureID.uuidString.lowercased())."))))
        }
        let draft = AnswerDraft(stance: body.stance.rawValue, reason: body.reason?.rawValue ?? "", comment: body.comment ?? "", responses: body.responses ?? [])
        let request = try APIRequest.request()
        switch try await NeedFlows.answer(draft, to: record, for: structure, by: user, actor: actor, request: request) {
        case .saved(let first):
            guard let line = try await AnswerStore.answers(to: record.id, on: app.db).first(where: { $0.structure.id == structureID }) else {
                throw Abort(.internalServerError)
            }
            let answer = try Self.answer(line, need: record.id)
            return first ? .created(.init(body: .json(answer))) : .ok(.init(body: .json(answer)))
        case .invalid(let problems):
            return .badRequest(.init(body: .json(Self.error(problems.list.map { "\($0.field) : \($0.message)" }.joined(separator: " ; ")))))
        case .refused(let reason):
            return .conflict(.init(body: .json(Self.error(reason))))
        case .forbidden(let reason):
            return .forbidden(.init(body: .json(Self.error(reason))))
        }
    }

    package func listNeedAnswers(_ input: Operations.ListNeedAnswers.Input) async throws -> Operations.ListNeedAnswers.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de besoin est un UUID."))))
        }
        guard let record = try await NeedStore.need(id: id, on: app.db) else {
            return .notFound(.init(body: .json(Self.error("Aucun besoin n’a cet identifiant."))))
        }
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        guard Policy.decide(.read, on: ref, for: try await Policy.Actor.of(user.id, on: app.db)) == .allowed else {
            return .forbidden(.init(body: .json(Self.error("Seuls l’acheteur et les facilitateurs du territoire voient les réponses à ce besoin."))))
        }
        let funnel = try await AnswerStore.funnel(of: id, on: app.db)
        let answers = try await AnswerStore.answers(to: id, on: app.db)
        return .ok(.init(body: .json(.init(
            funnel: .init(sent: funnel.sent, seen: funnel.seen, interested: funnel.interested, notInterested: funnel.notInterested,
                          inGroups: funnel.inGroups, answerRate: funnel.answerRate),
            items: try answers.map { try Self.answer($0, need: id) }
        ))))
    }

    package static func answer(_ line: AnswerStore.AnswerLine, need: UUID) throws -> Components.Schemas.Answer {
        .init(
            need: need.uuidString.lowercased(),
            structure: .init(id: line.structure.id.uuidString.lowercased(), name: line.structure.name, kind: try ContractToken.convert(line.structure.kind)),
            stance: try ContractToken.convert(line.stance), reason: try line.reason.map { try ContractToken.convert($0) }, comment: line.comment,
            responses: AnswerStore.decodeResponses(line.responses), contact: .init(email: line.structure.email, phone: line.structure.phone),
            updatedAt: line.updatedAt
        )
    }
}
