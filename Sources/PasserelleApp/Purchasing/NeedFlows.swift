import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// What happens to needs: each step writes the need, its transition record and its audit entry in
/// one transaction. Pages and the API call these.
enum NeedFlows {
    enum CreateOutcome {
        case created(NeedRecord)
        case invalid(FieldProblems)
        case forbidden(String)
    }

    /// The day `now` is in Paris, `AAAA-MM-JJ`: deadlines are French days.
    static func parisDay(of now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Saves a new need for one of the user's buyer organisations, as a draft or submitted.
    static func create(_ draft: NeedDraft, submit: Bool, organisation wanted: UUID?, by user: SignedInUser, actor: Policy.Actor,
                       request: Request, now: Date = Date()) async throws -> CreateOutcome {
        let buyers = Policy.buyerOrganisations(of: actor)
        guard let organisation = wanted.map({ buyers.contains($0) ? $0 : nil }) ?? (buyers.count == 1 ? buyers.first : nil) else {
            if buyers.isEmpty { return .forbidden("Seuls les membres d’une organisation d’acheteur (public ou privé) déposent des besoins.") }
            if let wanted, !buyers.contains(wanted) { return .forbidden("Vous n’êtes pas membre de l’organisation \(wanted.uuidString.lowercased()).") }
            return .invalid(FieldProblems([FieldProblem(field: "organisation", message: "Vous êtes membre de plusieurs organisations d’acheteur : dites laquelle dépose le besoin.")]))
        }
        let reference = try request.platform.reference
        let content: NeedContent
        switch draft.validate(submit ? .submission : .draft, today: parisDay(of: now), gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .success(let read): content = read
        case .failure(let problems): return .invalid(problems)
        }
        let trusted = try await trustedBuyer(organisation, on: request.db)
        let id = try await request.db.retryingTransaction { database in
            let id = try await NeedStore.create(content, organisation: organisation, by: user.id, gazetteer: reference.gazetteer, on: database, now: now)
            try await NeedStore.record((from: nil, to: .draft), of: id, by: user.id, actor: user.name, on: database, now: now)
            try await Audit.record(.needCreated, actorID: user.id, actor: user.email, object: "besoin:\(id.uuidString.lowercased())", detail: content.title, address: request.clientAddress, on: database, at: now)
            if submit {
                // A draft submitted by its owner always moves; the life cycle says where.
                guard case .success(let next) = NeedLifecycle.next(after: .draft, on: .submit, by: .owner(trusted: trusted)) else { return id }
                try await NeedStore.record((from: .draft, to: next), of: id, by: user.id, actor: user.name, on: database, now: now)
                try await Audit.record(.needTransition, actorID: user.id, actor: user.email, object: "besoin:\(id.uuidString.lowercased())", detail: "\(NeedState.draft.label) → \(next.label)", address: request.clientAddress, on: database, at: now)
            }
            return id
        }
        guard let record = try await NeedStore.need(id: id, on: request.db) else { throw Abort(.internalServerError) }
        return .created(record)
    }

    static func trustedBuyer(_ organisation: UUID, on database: any Database) async throws -> Bool {
        try await (database as! any SQLDatabase).select().column("trusted_buyer").from("organisations")
            .where("id", .equal, SQLBind(organisation)).first(decodingColumn: "trusted_buyer", as: Bool.self) ?? false
    }
}
