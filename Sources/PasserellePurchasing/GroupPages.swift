import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// What a need's page shows of its groups to a structure's member, and the group actions.
package struct GroupPanel: Encodable {
    package struct Member: Encodable {
        package var name: String
        package var href: String
        package var kind: String
        package var status: String
        package var isLead: Bool
    }

    package struct Suggestion: Encodable {
        package var id: String
        package var name: String
        package var href: String
        package var kind: String
        package var reasons: String
    }

    package var groupID: String
    package var inviteAction: String
    package var decideAction: String
    package var handOverAction: String
    package var structureID: String
    package var structureName: String
    package var members: [Member]
    package var isLead: Bool
    package var isInvited: Bool
    package var suggestions: [Suggestion]
    package var mandateChoices: [ChoiceOption]
    package var open: Bool
}

package struct GroupPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.post(PurchasingPaths.inviteToGroup, use: invite)
        routes.post(PurchasingPaths.decideGroup, use: decide)
        routes.post(PurchasingPaths.handOverGroup, use: handOver)
        routes.post(PurchasingPaths.reportOutcome, use: reportOutcome)
    }

    /// The panels of the groups the signed-in user's structures belong to (or are invited in).
    package static func panels(for record: NeedRecord, request: Request) async throws -> [GroupPanel] {
        guard request.signedInUser != nil else { return [] }
        let actor = try await request.actor()
        let mine = Set(actor.memberships.filter { $0.kind == .structure }.compactMap(\.structure))
        guard !mine.isEmpty else { return [] }
        let all = try await GroupStore.members(on: record.id, on: request.db)
        let open = AnswerRules.closedReason(state: record.state, deadline: record.content.deadline, now: Date()) == nil
        var panels: [GroupPanel] = []
        for entry in all where mine.contains(entry.structureID) && entry.status != .refused {
            let members = all.filter { $0.groupID == entry.groupID }
            let isLead = entry.structureID == entry.leadStructureID
            var suggestions: [GroupPanel.Suggestion] = []
            if isLead && open {
                let index = try await request.directoryIndex()
                let present = members.compactMap { index.structure(id: $0.structureID) }
                suggestions = GroupRules.suggestions(for: record.content, group: present, matcher: index.needMatcher, limit: 8).map { match in
                    .init(id: match.structure.id.uuidString.lowercased(), name: match.structure.name, href: Links.structure(match.structure.id),
                          kind: match.structure.kind.acronym, reasons: match.reasons.joined(separator: " · "))
                }
            }
            let ordered = members.filter { $0.structureID == $0.leadStructureID } + members.filter { $0.structureID != $0.leadStructureID }
            panels.append(GroupPanel(
                groupID: entry.groupID.uuidString.lowercased(),
                inviteAction: PurchasingPaths.inviteToGroup.link(record.id, entry.groupID),
                decideAction: PurchasingPaths.decideGroup.link(record.id, entry.groupID),
                handOverAction: PurchasingPaths.handOverGroup.link(record.id, entry.groupID), structureID: entry.structureID.uuidString.lowercased(), structureName: entry.name,
                members: ordered.map { member in
                    .init(name: member.name, href: Links.structure(member.structureID), kind: member.kind.acronym,
                          status: member.status.label, isLead: member.structureID == member.leadStructureID)
                },
                isLead: isLead, isInvited: entry.status == .invited, suggestions: suggestions,
                mandateChoices: members.filter { $0.status == .accepted && $0.structureID != $0.leadStructureID }
                    .map { .init(value: $0.structureID.uuidString.lowercased(), label: $0.name, checked: false) },
                open: open
            ))
        }
        return panels
    }

    /// The need, the group and the user of a group's form, once the actor is known to speak for
    /// a structure (the form is read after); nil for a visitor, who logs in first.
    private static func context(_ request: Request) async throws -> (NeedRecord, UUID, SignedInUser)? {
        guard let user = request.signedInUser else { return nil }
        let record = try await NeedPages.visibleNeed(request)
        guard try await request.actor().speaksForStructures else {
            throw Abort(.forbidden, reason: AnswerPages.structuresOnly)
        }
        guard let group = request.parameters.get("group").flatMap(UUID.init(uuidString:)) else {
            throw Abort(.forbidden, reason: GroupFlows.leadOnly)
        }
        return (record, group, user)
    }

    private static func answer(_ outcome: GroupFlows.Outcome, record: NeedRecord, request: Request) async throws -> Response {
        switch outcome {
        case .done: return request.redirect(to: Links.need(record.id) + "?groupement=1#groupements")
        case .refused(let reason): return try await NeedPages.renderNeed(request, error: reason)
        case .forbidden(let reason): return try await NeedPages.renderNeed(request, error: reason, status: .forbidden)
        }
    }

    @Sendable
    package func invite(request: Request) async throws -> Response {
        guard let (record, group, user) = try await Self.context(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard try await GroupFlows.actsForLead(of: group, on: record, request: request) else {
            return try await NeedPages.renderNeed(request, error: GroupFlows.leadOnly, status: .forbidden)
        }
        let form = SubmittedForm(request)
        var invited = UUID(uuidString: form["structure"])
        let name = SearchText.fold(String(form["structure_name"].prefix(200)))
        if invited == nil, !name.isEmpty {
            // A partner the representative already knows, by the name of its profile.
            let index = try await request.directoryIndex()
            let named = index.structures.filter { SearchText.fold($0.name) == name }
            invited = (named.first { GroupRules.joinProblem($0, content: record.content, matcher: index.needMatcher) == nil } ?? named.first)?.id
            if invited == nil {
                return try await NeedPages.renderNeed(request, error: "Aucune structure de l’annuaire ne porte le nom « \(form["structure_name"].prefix(200)) » : recopiez le nom de sa fiche.")
            }
        }
        guard let invited else {
            return try await NeedPages.renderNeed(request, error: "Choisissez la structure à inviter.")
        }
        return try await Self.answer(try await GroupFlows.invite(invited, to: group, of: record, by: user, request: request), record: record, request: request)
    }

    @Sendable
    package func decide(request: Request) async throws -> Response {
        guard let (record, group, user) = try await Self.context(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        guard let structure = UUID(uuidString: form["structure"]), ["accepter", "decliner"].contains(form["decision"]) else {
            return try await NeedPages.renderNeed(request, error: "Acceptez ou déclinez l’invitation.")
        }
        let outcome = try await GroupFlows.decide(form["decision"] == "accepter", structure: structure, group: group, of: record, by: user, request: request)
        return try await Self.answer(outcome, record: record, request: request)
    }

    @Sendable
    package func handOver(request: Request) async throws -> Response {
        guard let (record, group, user) = try await Self.context(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard try await GroupFlows.actsForLead(of: group, on: record, request: request) else {
            return try await NeedPages.renderNeed(request, error: GroupFlows.leadOnly, status: .forbidden)
        }
        guard let structure = UUID(uuidString: SubmittedForm(request)["structure"]) else {
            return try await NeedPages.renderNeed(request, error: "Choisissez le nouveau mandataire.")
        }
        return try await Self.answer(try await GroupFlows.handOver(to: structure, group: group, of: record, by: user, request: request), record: record, request: request)
    }

    /// A structure that was interested says whether it won the closed need.
    @Sendable
    package func reportOutcome(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await NeedPages.visibleNeed(request)
        guard try await request.actor().speaksForStructures else {
            return try await NeedPages.renderNeed(request, error: AnswerPages.structuresOnly, status: .forbidden)
        }
        let form = SubmittedForm(request)
        guard let structureID = UUID(uuidString: form["structure"]), let structure = try await DirectoryQueries.structure(id: structureID, on: request.db, includingHidden: false) else {
            return try await NeedPages.renderNeed(request, error: "Dites pour quelle structure vous déclarez l’issue.")
        }
        let ref = Policy.StructureRef(id: structureID, communeCode: structure.communeCode, in: try request.platform.reference.gazetteer)
        guard Policy.decide(.answerNeeds, on: ref, for: try await request.actor()) == .allowed else {
            return try await NeedPages.renderNeed(request, error: Policy.refusal(of: .answerNeeds, on: structure.name), status: .forbidden)
        }
        guard record.state.isClosed, let outcome = ReportedOutcome(rawValue: form["outcome"]) else {
            return try await NeedPages.renderNeed(request, error: "Dites si la structure a remporté le marché, une fois le besoin clos.")
        }
        let now = Date()
        try await request.db.retryingTransaction { database in
            try await AnswerStore.reportOutcome(outcome, of: structureID, on: record.id, on: database, now: now)
            try await Audit.record(.outcomeReported, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(structure.name) : \(outcome.auditDetail)", address: request.clientAddress, on: database, at: now)
        }
        return request.redirect(to: Links.need(record.id) + "?issue=1")
    }
}
