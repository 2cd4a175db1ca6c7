import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Groups of structures answering a need as one: stored rows and what happens to them.
package enum GroupStore {
    package struct Member: Sendable {
        package var groupID: UUID
        package var structureID: UUID
        package var name: String
        package var kind: StructureKind
        package var status: GroupMemberStatus
        package var leadStructureID: UUID
    }

    /// Every member of every group on a need, group by group, in the order they came.
    package static func members(on need: UUID, on database: any Database) async throws -> [Member] {
        struct Row: Decodable { var groupID: UUID; var structureID: UUID; var status: GroupMemberStatus; var leadStructureID: UUID }
        let rows = try await database.sql.select()
            .column(SQLColumn("group_id", table: "need_group_members")).column(SQLColumn("structure_id", table: "need_group_members"))
            .column(SQLColumn("status", table: "need_group_members")).column(SQLColumn("lead_structure_id", table: "need_groups"))
            .from("need_group_members")
            .join("need_groups", on: SQLColumn("id", table: "need_groups"), .equal, SQLColumn("group_id", table: "need_group_members"))
            .where(SQLColumn("need_id", table: "need_groups"), .equal, SQLBind(need))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "need_groups"), direction: SQLDirection.ascending))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "need_group_members"), direction: SQLDirection.ascending))
            .all(decoding: Row.self, table: "need_group_members", keys: .snakeCaseColumns)
        let structures = try await DirectoryQueries.summaries(of: rows.map(\.structureID), on: database)
        return rows.compactMap { row in
            structures[row.structureID].map {
                Member(groupID: row.groupID, structureID: row.structureID, name: $0.name, kind: $0.kind, status: row.status, leadStructureID: row.leadStructureID)
            }
        }
    }

    /// Invitations waiting for a structure's answer, with their needs.
    package struct Invitation: Sendable {
        package var needID: UUID
        package var title: String
        package var leadName: String
    }

    package static func pendingInvitations(of structure: UUID, on database: any Database) async throws -> [Invitation] {
        struct Row: Decodable { var needID: UUID; var title: String; var leadStructureID: UUID }
        let rows = try await database.sql.raw("""
            SELECT g.need_id AS need_id, n.title AS title, g.lead_structure_id AS lead_structure_id
            FROM need_group_members m JOIN need_groups g ON g.id = m.group_id JOIN needs n ON n.id = g.need_id
            WHERE m.structure_id = \(bind: structure) AND m.status = \(bind: GroupMemberStatus.invited.rawValue) AND n.state = \(bind: NeedState.published.rawValue)
            ORDER BY m.created_at DESC
            """).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
        let leads = try await DirectoryQueries.summaries(of: rows.map(\.leadStructureID), on: database)
        return rows.map { Invitation(needID: $0.needID, title: $0.title, leadName: leads[$0.leadStructureID]?.name ?? "") }
    }

    /// The groups a structure leads or joined, with the need's state and the members' count.
    package struct Membership: Sendable {
        package var needID: UUID
        package var title: String
        package var state: NeedState
        package var leadName: String
        package var leads: Int
        package var accepted: Int
        package var invited: Int
    }

    package static func memberships(of structure: UUID, on database: any Database) async throws -> [Membership] {
        struct Row: Decodable { var needID: UUID; var title: String; var state: NeedState; var leadStructureID: UUID; var leads: Int; var accepted: Int; var invited: Int }
        let rows = try await database.sql.raw("""
            SELECT g.need_id AS need_id, n.title AS title, n.state AS state, g.lead_structure_id AS lead_structure_id,
                   CASE WHEN g.lead_structure_id = \(bind: structure) THEN 1 ELSE 0 END AS leads,
                   CAST(SUM(CASE WHEN o.status = \(bind: GroupMemberStatus.accepted.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS accepted,
                   CAST(SUM(CASE WHEN o.status = \(bind: GroupMemberStatus.invited.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS invited
            FROM need_group_members m JOIN need_groups g ON g.id = m.group_id JOIN needs n ON n.id = g.need_id
            JOIN need_group_members o ON o.group_id = g.id
            WHERE m.structure_id = \(bind: structure) AND m.status = \(bind: GroupMemberStatus.accepted.rawValue)
            GROUP BY g.id, g.need_id, n.title, n.state, g.lead_structure_id, g.created_at
            ORDER BY g.created_at DESC
            """).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
        let leads = try await DirectoryQueries.summaries(of: rows.map(\.leadStructureID), on: database)
        return rows.map {
            Membership(needID: $0.needID, title: $0.title, state: $0.state, leadName: leads[$0.leadStructureID]?.name ?? "",
                       leads: $0.leads, accepted: $0.accepted, invited: $0.invited)
        }
    }

    /// A group as its members read it: the representative's name and the others'.
    package static func label(of members: [Member]) -> String {
        let accepted = members.filter { $0.status == .accepted }
        let lead = accepted.first { $0.structureID == $0.leadStructureID }
        let others = accepted.filter { $0.structureID != $0.leadStructureID }.map(\.name)
        return "Groupement « \(lead?.name ?? "?") » (mandataire)" + (others.isEmpty ? "" : " avec " + others.joined(separator: ", "))
    }
}

package enum GroupFlows {
    package enum Outcome {
        case done(String)
        case refused(String)
        case forbidden(String)
    }

    package static let leadOnly = "Seuls les membres du mandataire d’un groupement y invitent et désignent un autre mandataire."

    /// Whether the actor may act for the lead of `groupID` on the need; an unknown group is
    /// refused alike, so that the answer tells nothing of the need's groups.
    package static func actsForLead(of groupID: UUID, on record: NeedRecord, request: Request) async throws -> Bool {
        guard let group = try await group(groupID, of: record.id, on: request.db) else { return false }
        return try await mayActFor(group.lead, request: request)
    }

    /// The group a structure leads on a need, made when it first answers « en groupement ».
    package static func ensureGroup(led structure: UUID, on need: UUID, by user: UUID?, on database: any Database, now: Date) async throws {
        let sql = database.sql
        let member = try await sql.raw("""
            SELECT m.id AS id FROM need_group_members m JOIN need_groups g ON g.id = m.group_id
            WHERE g.need_id = \(bind: need) AND m.structure_id = \(bind: structure) AND m.status = \(bind: GroupMemberStatus.accepted.rawValue)
            """).first()
        guard member == nil else { return }
        let group = UUID()
        try await sql.insert(into: "need_groups").columns("id", "need_id", "lead_structure_id", "created_by", "created_at", "updated_at")
            .values(SQLBind(group), SQLBind(need), SQLBind(structure), SQLBind(user), SQLBind(now), SQLBind(now)).run()
        try await sql.insert(into: "need_group_members").columns("id", "group_id", "structure_id", "status", "invited_by", "decided_by", "decided_at", "created_at")
            .values(SQLBind(UUID()), SQLBind(group), SQLBind(structure), SQLBind(GroupMemberStatus.accepted.rawValue), SQLBind(user), SQLBind(user), SQLBind(now), SQLBind(now)).run()
    }

    private static func group(_ id: UUID, of need: UUID, on database: any Database) async throws -> (lead: UUID, members: [GroupStore.Member])? {
        let members = try await GroupStore.members(on: need, on: database).filter { $0.groupID == id }
        guard let lead = members.first?.leadStructureID else { return nil }
        return (lead, members)
    }

    private static func mayActFor(_ structure: UUID, request: Request) async throws -> Bool {
        guard let found = try await DirectoryQueries.structure(id: structure, on: request.db) else { return false }
        let ref = Policy.StructureRef(id: structure, communeCode: found.communeCode, in: try request.platform.reference.gazetteer)
        return Policy.decide(.answerNeeds, on: ref, for: try await request.actor()) == .allowed
    }

    /// The representative's members invite a structure that can work on the need's place.
    package static func invite(_ invited: UUID, to groupID: UUID, of record: NeedRecord, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Outcome {
        guard let group = try await group(groupID, of: record.id, on: request.db), try await mayActFor(group.lead, request: request) else { return .forbidden(leadOnly) }
        if let reason = AnswerRules.closedReason(state: record.state, deadline: record.content.deadline, now: now) { return .refused(reason) }
        guard group.members.filter({ $0.status != .refused }).count < GroupRules.maximumMembers else {
            return .refused("Un groupement compte au plus \(GroupRules.maximumMembers) structures.")
        }
        guard !group.members.contains(where: { $0.structureID == invited }) else { return .refused("Cette structure est déjà invitée dans le groupement.") }
        guard let structure = try await DirectoryQueries.structure(id: invited, on: request.db) else { return .refused("Cette structure n’existe pas.") }
        let index = try await request.directoryIndex()
        if let problem = GroupRules.joinProblem(structure, content: record.content, matcher: index.needMatcher) { return .refused(problem) }
        let leadName = group.members.first { $0.structureID == group.lead }?.name ?? ""
        try await request.db.retryingTransaction { database in
            try await database.sql.insert(into: "need_group_members").columns("id", "group_id", "structure_id", "status", "invited_by", "created_at")
                .values(SQLBind(UUID()), SQLBind(groupID), SQLBind(invited), SQLBind(GroupMemberStatus.invited.rawValue), SQLBind(user.id), SQLBind(now))
                .ignoringConflicts(with: ["group_id", "structure_id"]).run()
            try await Audit.record(.groupChanged, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(leadName) invite \(structure.name)", address: request.clientAddress, on: database, at: now)
            for email in try await StructureMembers.emails(of: invited, on: database) {
                try await Outbox.enqueue(.compose(
                    to: email, subject: "Passerelle — \(leadName) vous propose de répondre ensemble", greeting: "Bonjour,",
                    paragraphs: ["\(leadName) monte un groupement pour répondre au besoin « \(record.content.title) » (\(record.organisationName)) et invite \(structure.name) à le rejoindre.",
                                 "Acceptez ou déclinez depuis la page du besoin."],
                    link: ("Voir le besoin", request.platform.config.publicURL + Links.need(record.id))), on: database, now: now)
            }
        }
        return .done("Invitation envoyée à \(structure.name).")
    }

    /// An invited structure's members accept or decline; accepting counts as its answer « en
    /// groupement ».
    package static func decide(_ accept: Bool, structure: UUID, group groupID: UUID, of record: NeedRecord, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Outcome {
        // The structure's own members first: whether it is invited is theirs to know.
        guard try await mayActFor(structure, request: request) else { return .forbidden("Seuls les membres de la structure invitée répondent à cette invitation.") }
        guard let group = try await group(groupID, of: record.id, on: request.db),
              let member = group.members.first(where: { $0.structureID == structure }) else { return .refused("Cette structure n’est pas invitée dans ce groupement.") }
        if let reason = AnswerRules.closedReason(state: record.state, deadline: record.content.deadline, now: now) { return .refused(reason) }
        let status: GroupMemberStatus
        switch GroupRules.decide(member.status, accept: accept) {
        case .success(let next): status = next
        case .failure(let refusal): return .refused(refusal.message)
        }
        if accept {
            let elsewhere = try await GroupStore.members(on: record.id, on: request.db)
                .contains { $0.structureID == structure && $0.groupID != groupID && $0.status == .accepted }
            if elsewhere { return .refused("« \(member.name) » fait déjà partie d’un autre groupement sur ce besoin.") }
        }
        try await request.db.retryingTransaction { database in
            try await database.sql.update("need_group_members").set("status", to: SQLBind(status.rawValue))
                .set("decided_by", to: SQLBind(user.id)).set("decided_at", to: SQLBind(now))
                .where("group_id", .equal, SQLBind(groupID)).where("structure_id", .equal, SQLBind(structure))
                .where("status", .equal, SQLBind(GroupMemberStatus.invited.rawValue)).run()
            if accept {
                _ = try await AnswerStore.save(NeedAnswer(stance: .group, comment: "Membre du groupement mené par \(group.members.first { $0.structureID == group.lead }?.name ?? "")."),
                                               of: structure, to: record.id, by: user.id, on: database, now: now)
            }
            try await Audit.record(.groupChanged, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(member.name) : \(accept ? "accepte" : "décline") l’invitation", address: request.clientAddress, on: database, at: now)
        }
        return .done(accept ? "\(member.name) fait partie du groupement." : "Invitation déclinée.")
    }

    /// The representative hands the role to a structure that accepted.
    package static func handOver(to structure: UUID, group groupID: UUID, of record: NeedRecord, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Outcome {
        guard let group = try await group(groupID, of: record.id, on: request.db), try await mayActFor(group.lead, request: request) else { return .forbidden(leadOnly) }
        let member = group.members.first { $0.structureID == structure }
        if let problem = GroupRules.mandateProblem(to: member?.status) { return .refused(problem) }
        try await request.db.retryingTransaction { database in
            try await database.sql.update("need_groups").set("lead_structure_id", to: SQLBind(structure)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(groupID)).run()
            try await Audit.record(.groupChanged, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "mandataire : \(member?.name ?? "")", address: request.clientAddress, on: database, at: now)
        }
        return .done("\(member?.name ?? "") est désormais mandataire du groupement.")
    }
}
