import Foundation
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

extension APIHandler {
    package func updateStructure(_ input: Operations.UpdateStructure.Input) async throws -> Operations.UpdateStructure.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de structure est un UUID."))))
        }
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard case .json(let patch) = input.body else {
            return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON."))))
        }
        guard let structure = try await DirectoryQueries.structure(id: id, on: app.db) else {
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a cet identifiant."))))
        }
        let reference = try app.platform.reference
        let actor = try await APIRequest.actor(of: user.id)
        let ref = Policy.StructureRef(id: id, communeCode: structure.communeCode, in: reference.gazetteer)
        guard Policy.decide(.edit, on: ref, for: actor) == .allowed else {
            return .forbidden(.init(body: .json(Self.error(Policy.refusal(of: .edit, on: structure.name)))))
        }
        let request = try APIRequest.request()
        switch try await ProfileEditing.edit(id, change: Self.change(from: patch), expectedVersion: nil, by: user, actor: actor, request: request) {
        case .saved(let after), .unchanged(let after):
            return .ok(.init(body: .json(Self.detail(after, reference: reference))))
        case .invalid(let problems, _):
            return .badRequest(.init(body: .json(Self.error(problems.list.map { "\($0.field) : \($0.message)" }.joined(separator: " ; ")))))
        case .conflict, .notFound:
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a cet identifiant."))))
        }
    }

    /// The core's change from the API's body: the same rules as the edit page.
    package static func change(from patch: Components.Schemas.StructurePatch) -> ProfileChange {
        var change = ProfileChange()
        change.name = patch.name
        change.brand = patch.brand
        change.description = patch.description
        change.address = patch.address
        change.communeCode = patch.commune
        change.phone = patch.phone
        change.email = patch.email
        change.website = patch.website
        change.networks = patch.networks
        change.labels = patch.labels
        change.clientReferences = patch.clientReferences
        change.insertionStaff = patch.insertionStaff.map(String.init)
        change.permanentStaff = patch.permanentStaff.map(String.init)
        change.yearFounded = patch.yearFounded.map(String.init)
        for field in patch.clear ?? [] {
            switch field {
            case .brand: change.brand = ""
            case .description: change.description = ""
            case .address: change.address = ""
            case .phone: change.phone = ""
            case .email: change.email = ""
            case .website: change.website = ""
            case .networks: change.networks = []
            case .labels: change.labels = []
            case .clientReferences: change.clientReferences = []
            case .insertionStaff: change.insertionStaff = ""
            case .permanentStaff: change.permanentStaff = ""
            case .yearFounded: change.yearFounded = ""
            }
        }
        change.activities = patch.activities?.map { activity in
            ActivityDraft(
                sector: activity.sector, serviceTypes: activity.serviceTypes.map(\.rawValue), reach: activity.reach.kind.rawValue,
                radiusKm: activity.reach.radiusKm.map { String($0) } ?? "",
                zones: (activity.reach.perimeters ?? []).joined(separator: " ; "), description: activity.description ?? ""
            )
        }
        return change
    }
}
