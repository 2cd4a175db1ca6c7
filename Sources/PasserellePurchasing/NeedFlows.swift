import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// What happens to needs: each step writes the need, its transition record and its audit entry in
/// one transaction. Pages and the API call these.
package enum NeedFlows {
    package enum CreateOutcome {
        case created(NeedRecord)
        case invalid(FieldProblems)
        case forbidden(String)
    }

    /// Saves a new need for one of the user's buyer organisations, as a draft or submitted.
    package static func create(_ draft: NeedDraft, submit: Bool, organisation wanted: UUID?, by user: SignedInUser, actor: Policy.Actor,
                       request: Request, now: Date = Date()) async throws -> CreateOutcome {
        let buyers = Policy.buyerOrganisations(of: actor)
        guard let organisation = wanted.map({ buyers.contains($0) ? $0 : nil }) ?? (buyers.count == 1 ? buyers.first : nil) else {
            if buyers.isEmpty { return .forbidden("Seuls les membres d’une organisation d’acheteur (public ou privé) déposent des besoins.") }
            if let wanted, !buyers.contains(wanted) { return .forbidden("Vous n’êtes pas membre de l’organisation \(wanted.uuidString.lowercased()).") }
            return .invalid(FieldProblems([FieldProblem(field: "organisation", message: "Vous êtes membre de plusieurs organisations d’acheteur : dites laquelle dépose le besoin.")]))
        }
        let reference = try request.platform.reference
        let content: NeedContent
        switch draft.validate(submit ? .submission : .draft, today: DateText.parisDay(now), gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .success(let read): content = read
        case .failure(let problems): return .invalid(problems)
        }
        if submit, !VerificationPolicy.mayPublish(for: organisation, actor: actor) {
            let name = try await OrganisationQueries.name(of: organisation, on: request.db) ?? "Votre organisation"
            return .forbidden(VerificationPolicy.waitingMessage(for: name))
        }
        let trusted = try await OrganisationQueries.isTrustedBuyer(organisation, on: request.db)
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
        if record.state == .published { request.dissemination.wake(request.application) }
        return .created(record)
    }

    package enum UpdateOutcome {
        case saved(NeedRecord)
        case invalid(FieldProblems)
        case refused(String)
    }

    /// Saves what the buyer changed in a draft: the checks of a draft (what is given must be
    /// right; nothing is required but the kind and the title).
    package static func update(_ record: NeedRecord, with draft: NeedDraft, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> UpdateOutcome {
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        guard Policy.decide(.manage, on: ref, for: try await request.actor()) == .allowed else {
            return .refused("Seuls les membres de l’organisation « \(record.organisationName) » modifient ce besoin.")
        }
        guard record.state == .draft else {
            return .refused("Un besoin « \(record.state.label.lowercased()) » ne se modifie plus" + (record.state == .refused ? " : reprenez-le d’abord en brouillon." : "."))
        }
        let reference = try request.platform.reference
        let content: NeedContent
        switch draft.validate(.draft, today: DateText.parisDay(now), gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .success(let read): content = read
        case .failure(let problems): return .invalid(problems)
        }
        let changed = try await request.db.retryingTransaction { database in
            // Only while it is still a draft: a submission in another tab wins.
            let still = try await database.sql.select().column("id").from("needs")
                .where("id", .equal, SQLBind(record.id)).where("state", .equal, SQLBind(NeedState.draft.rawValue)).first() != nil
            guard still else { return false }
            try await NeedStore.update(record.id, to: content, gazetteer: reference.gazetteer, on: database, now: now)
            try await Audit.record(.needEdited, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: content.title, address: request.clientAddress, on: database, at: now)
            return true
        }
        guard changed, let saved = try await NeedStore.need(id: record.id, on: request.db) else {
            return .refused("Le besoin a été soumis entre-temps : il ne se modifie plus.")
        }
        return .saved(saved)
    }

    package enum TransitionOutcome {
        case moved(NeedRecord)
        case refused(String)
        case forbidden(String)
    }

    /// Why `actor` may not move the need by `event`, or nil when the policy allows it: the buyer
    /// submits, reopens, cancels or closes; the territory's moderators publish, refuse, cancel or
    /// close. Asked before anything the request carries is read.
    package static func refusal(of event: NeedEvent, on record: NeedRecord, actor: Policy.Actor) -> String? {
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        let owns = Policy.decide(.manage, on: ref, for: actor) == .allowed
        let moderates = Policy.decide(.moderate, on: ref, for: actor) == .allowed
        switch event {
        case .publish, .refuse:
            return moderates ? nil : "Seuls les facilitateurs et les animateurs du territoire du besoin le valident."
        case .submit, .reopen:
            return owns ? nil : "Seuls les membres de l’organisation « \(record.organisationName) » font avancer ce besoin."
        case .cancel, .close:
            return owns || moderates ? nil : "Seuls l’acheteur et les facilitateurs du territoire annulent ou closent ce besoin."
        }
    }

    /// Moves a need by an event, if the policy and the life cycle allow it: the buyer submits,
    /// reopens, cancels or closes; the territory's moderators publish, refuse, cancel or close.
    package static func transition(_ record: NeedRecord, on event: NeedEvent, award: Award? = nil, by user: SignedInUser, actor: Policy.Actor, request: Request,
                           now: Date = Date()) async throws -> TransitionOutcome {
        if let refusal = refusal(of: event, on: record, actor: actor) { return .forbidden(refusal) }
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        let owns = Policy.decide(.manage, on: ref, for: actor) == .allowed
        let needActor: NeedActor
        switch event {
        case .publish, .refuse:
            needActor = .moderator
        case .submit, .reopen:
            needActor = .owner(trusted: try await OrganisationQueries.isTrustedBuyer(record.organisationID, on: request.db))
        case .cancel, .close:
            needActor = owns ? .owner(trusted: false) : .moderator
        }
        if event == .submit, !VerificationPolicy.mayPublish(for: record.organisationID, actor: actor) {
            return .forbidden(VerificationPolicy.waitingMessage(for: try await OrganisationQueries.name(of: record.organisationID, on: request.db) ?? "Votre organisation"))
        }
        if event == .submit {
            // What was saved as a draft must now be complete.
            let draft = NeedDraft(record.content)
            if case .failure(let problems) = draft.validate(.submission, today: DateText.parisDay(now), gazetteer: try request.platform.reference.gazetteer, taxonomy: try request.platform.reference.taxonomy) {
                return .refused("Le besoin n’est pas complet : " + problems.list.map(\.message).joined(separator: " "))
            }
        }
        let next: NeedState
        switch NeedLifecycle.next(after: record.state, on: event, by: needActor) {
        case .success(let state): next = state
        case .failure(let refusal): return .refused(refusal.message)
        }
        let message: String? = if case .refuse(let text) = event { text.trimmingCharacters(in: .whitespacesAndNewlines) } else { nil }
        let from = record.state
        try await request.db.retryingTransaction { database in
            // Only from the state read: two moderators deciding at once do not both win.
            let moved = try await database.sql.update("needs").set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(record.id)).where("state", .equal, SQLBind(from.rawValue)).returning("id").all().count
            guard moved == 1 else { throw NeedChangedMeanwhile() }
            try await NeedStore.record((from: from, to: next), of: record.id, by: user.id, actor: user.name, message: message,
                                       award: next == .awarded ? award : nil, on: database, now: now)
            try await Audit.record(.needTransition, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(from.label) → \(next.label)" + (message.map { " : \($0)" } ?? ""), address: request.clientAddress, on: database, at: now)
            if next.isClosed || next == .cancelled {
                try await notifyClosing(record, state: next, publicURL: request.platform.config.publicURL, on: database, now: now)
            }
            if next == .refused, let buyer = record.createdBy {
                try await notifyRefusal(record, message: message ?? "", to: buyer, publicURL: request.platform.config.publicURL, on: database, now: now)
            }
        }
        if next == .published { request.dissemination.wake(request.application) }
        guard let moved = try await NeedStore.need(id: record.id, on: request.db) else { throw Abort(.internalServerError) }
        return .moved(moved)
    }

    package struct NeedChangedMeanwhile: Error {}

    private static func notifyRefusal(_ record: NeedRecord, message: String, to user: UUID, publicURL: String, on database: any Database, now: Date) async throws {
        guard let email = try await AccountQueries.account(id: user, on: database)?.email else { return }
        try await Outbox.enqueue(.compose(
            to: email, subject: "Passerelle — votre besoin « \(record.content.title.prefix(80)) » est à revoir", greeting: "Bonjour,",
            paragraphs: ["Le besoin « \(record.content.title) » n’a pas été publié. Le message de l’équipe qui l’a relu :", message,
                         "Vous pouvez le reprendre, le corriger et le soumettre à nouveau."],
            link: ("Reprendre le besoin", publicURL + Links.need(record.id))), on: database, now: now)
    }

    /// The structures that said they were interested learn how the need ended, and are asked
    /// whether they won it.
    private static func notifyClosing(_ record: NeedRecord, state: NeedState, publicURL: String, on database: any Database, now: Date) async throws {
        let interested = try await database.sql.select().column("structure_id").from("need_answers")
            .where("need_id", .equal, SQLBind(record.id)).where("stance", .in, SQLBind.group([AnswerStance.interested.rawValue, AnswerStance.group.rawValue]))
            .all(decodingColumn: "structure_id", as: UUID.self)
        for structure in interested {
            for email in try await StructureMembers.emails(of: structure, on: database) {
                try await Outbox.enqueue(.compose(
                    to: email, subject: "Passerelle — le besoin « \(record.content.title.prefix(80)) » est \(state == .cancelled ? "annulé" : "clos")", greeting: "Bonjour,",
                    paragraphs: ["\(record.organisationName) a clos le besoin « \(record.content.title) » : \(state.label.lowercased()).",
                                 state == .cancelled ? "Merci de l’intérêt que vous lui avez porté." : "Dites-nous sur sa page si vous l’avez remporté : cela compte dans le suivi des achats inclusifs du territoire."],
                    link: ("Voir le besoin", publicURL + Links.need(record.id))), on: database, now: now)
            }
        }
    }

    package enum AnswerOutcome {
        case saved(first: Bool)
        case invalid(FieldProblems)
        case refused(String)
        case forbidden(String)
    }

    /// A structure's answer to a need it received: only a structure the need was sent to (or that
    /// matches it now, before the dissemination ran), only while the need takes answers; a second
    /// answer replaces the first.
    package static func answer(_ draft: AnswerDraft, to record: NeedRecord, for structure: Structure, by user: SignedInUser, actor: Policy.Actor,
                       request: Request, now: Date = Date()) async throws -> AnswerOutcome {
        let ref = Policy.StructureRef(id: structure.id, communeCode: structure.communeCode, in: try request.platform.reference.gazetteer)
        guard Policy.decide(.answerNeeds, on: ref, for: actor) == .allowed else {
            return .forbidden(Policy.refusal(of: .answerNeeds, on: structure.name))
        }
        if let reason = AnswerRules.closedReason(state: record.state, deadline: record.content.deadline, now: now) { return .refused(reason) }
        var eligible = try await AnswerStore.isDelivered(record.id, to: structure.id, on: request.db)
        if !eligible {
            let index = try await request.directoryIndex()
            eligible = Dissemination.recipients(of: record.content, index: index, answerRates: [:]).contains { $0.structure.id == structure.id }
        }
        guard eligible else {
            return .forbidden("« \(structure.name) » ne correspond pas à ce besoin (secteurs, lieu d’intervention ou type de structure admis) : elle ne peut pas y répondre.")
        }
        let answer: NeedAnswer
        switch AnswerRules.validate(draft, questions: record.content.questions) {
        case .success(let checked): answer = checked
        case .failure(let problems): return .invalid(problems)
        }
        let first = try await request.db.retryingTransaction { database in
            let first = try await AnswerStore.save(answer, of: structure.id, to: record.id, by: user.id, on: database, now: now)
            if answer.stance == .group { try await GroupFlows.ensureGroup(led: structure.id, on: record.id, by: user.id, on: database, now: now) }
            try await AnswerStore.markSeen(record.id, by: [structure.id], on: database, now: now)
            try await Audit.record(.needAnswered, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(structure.name) : \(answer.stance.label)" + (answer.reason.map { " (\($0.label))" } ?? ""),
                                   address: request.clientAddress, on: database, at: now)
            return first
        }
        return .saved(first: first)
    }
}
