import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The way from sign-up to the workspace: the answer to « Vous êtes… », finding the
/// organisation, joining it or creating it. Each change writes its rows, mails and audit entry in
/// one transaction.
package enum Onboarding {
    /// An organisation a newcomer may join, as the search shows it.
    package struct Known: Decodable, Sendable {
        package var id: UUID
        package var kind: OrganisationKind
        package var name: String
        package var siret: String?
        package var communeCode: String?
        package var domain: String?
        package var verification: OrganisationVerification
        package var members: Int
    }

    /// Where the user stands, read from their answers, memberships, requests and claims.
    package static func situation(of user: UUID, on database: any Database) async throws -> OnboardingStep.Situation {
        struct Row: Decodable { var profile: String?; var memberships: Int; var requests: Int; var claims: Int }
        let row = try await database.sql.raw("""
            SELECT u.profile,
              (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) AS memberships,
              (SELECT COUNT(*) FROM join_requests r WHERE r.user_id = u.id AND r.status = \(bind: TeamRule.RequestStatus.pending.rawValue)) AS requests,
              (SELECT COUNT(*) FROM claims c WHERE c.user_id = u.id AND c.status = \(bind: ClaimRule.Status.pending.rawValue)) AS claims
            FROM users u WHERE u.id = \(bind: user)
            """).first(decoding: Row.self)
        guard let row else { return .init(profile: nil, memberships: 0) }
        return .init(profile: try SignUpProfile.stored(row.profile, table: "users", column: "profile", id: user),
                     memberships: row.memberships, pendingJoinRequests: row.requests, pendingClaims: row.claims)
    }

    package static func setProfile(_ profile: SignUpProfile, of user: SignedInUser, request: Request, now: Date = Date()) async throws {
        try await request.db.retryingTransaction { database in
            try await database.sql.update("users").set("profile", to: SQLBind(profile.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(user.id)).run()
            try await Audit.record(.profileChosen, actorID: user.id, actor: user.email, object: "utilisateur:\(user.id.uuidString.lowercased())",
                                   detail: profile.label, address: request.clientAddress, on: database, at: now)
        }
    }

    private static let knownColumns = """
        SELECT o.id, o.kind, o.name, o.siret, o.commune_code, o.domain, o.verification,
          (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id) AS members
        FROM organisations o
        """

    /// The organisations of `kind` that `text` names: a SIRET (or its SIREN, the first nine
    /// digits), or words of their name, accents and case aside. At most 20, by name.
    package static func find(_ text: String, kind: OrganisationKind, on database: any Database) async throws -> [Known] {
        let digits = Siret.normalize(text)
        if digits.count >= 9, digits.allSatisfy(\.isNumber) {
            return try await database.sql.raw("""
                \(unsafeRaw: knownColumns) WHERE o.kind = \(bind: kind.rawValue) AND o.siret LIKE \(bind: String(digits.prefix(14)) + "%") ORDER BY o.name LIMIT 20
                """).all(decoding: Known.self, table: "organisations", keys: .snakeCaseColumns)
        }
        let words = SearchText.queryWords(text).prefix(6)
        guard !words.isEmpty else { return [] }
        // SQL narrows by a pattern that lets any letter an accent may change stand for itself or
        // another; the folded names then keep the exact matches.
        let parts: [SQLQueryString] = words.map { "LOWER(o.name) LIKE \(bind: "%" + Self.likePattern($0) + "%")" }
        let candidates = try await database.sql.raw("""
            \(unsafeRaw: knownColumns) WHERE o.kind = \(bind: kind.rawValue) AND \(parts.joined(separator: " AND ")) ORDER BY o.name LIMIT 200
            """).all(decoding: Known.self, table: "organisations", keys: .snakeCaseColumns)
        return Array(candidates.filter { known in
            let name = SearchText.fold(known.name)
            return words.allSatisfy { name.contains($0) }
        }.prefix(20))
    }

    /// A folded word for LIKE: the letters that an accent may have changed (é, ç, ñ…) match any
    /// one character, since SQLite lowers ASCII only and names are stored as written.
    static func likePattern(_ folded: String) -> String {
        String(folded.map { "aeiouycn".contains($0) || !$0.isASCII ? "_" : $0 })
    }

    package static func organisation(_ id: UUID, on database: any Database) async throws -> Known? {
        try await database.sql.raw("\(unsafeRaw: knownColumns) WHERE o.id = \(bind: id)").first(decoding: Known.self, table: "organisations", keys: .snakeCaseColumns)
    }

    package enum CreateOutcome {
        case created(UUID, OrganisationVerification)
        /// An organisation with this SIRET exists already: join it rather than make a twin.
        case exists(Known)
    }

    /// Creates the organisation with the user as its admin; verified at once or queued, as
    /// `VerificationPolicy` says.
    package static func create(_ new: NewOrganisation, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> CreateOutcome {
        try await request.db.retryingTransaction { database in
            if let twin = try await find(new.siret, kind: new.kind, on: database).first(where: { $0.siret == new.siret }) { return .exists(twin) }
            let domain = MailDomain(email: user.email)
            let state = VerificationPolicy.initialState(of: new.kind, creatorDomain: domain)
            let id = UUID()
            try await database.sql.insert(into: "organisations")
                .columns("id", "kind", "name", "territory", "siret", "commune_code", "domain", "verification", "requested_territory", "verified_at", "verified_by",
                         "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(new.kind.rawValue), SQLBind(new.name), SQLBind(""), SQLBind(new.siret), SQLBind(new.commune.code),
                        SQLBind(domain?.organisationDomain), SQLBind(state.rawValue), SQLBind(new.requestedTerritory.map(\.token).joined(separator: " ")),
                        SQLBind(state == .verified ? now : nil), SQLBind(state == .verified ? "adresse du domaine \(domain?.value ?? "")" : nil), SQLBind(now), SQLBind(now))
                .run()
            try await OrganisationQueries.addMember(user.id, to: id, role: .admin, on: database, now: now)
            try await Audit.record(.organisationCreated, actorID: user.id, actor: user.email, object: "organisation:\(id.uuidString.lowercased())",
                                   detail: "\(new.name) (\(new.kind.label), SIRET \(new.siret), \(state.label))", address: request.clientAddress, on: database, at: now)
            return .created(id, state)
        }
    }

    package enum JoinOutcome: Equatable {
        case joined
        case requested
        case alreadyMember
        case alreadyRequested
    }

    /// Joins the organisation at once when the user's confirmed address is of its domain;
    /// otherwise sends the request its admins answer (the platform team, when it has none).
    package static func join(_ organisation: Known, by user: SignedInUser, message: String, request: Request, now: Date = Date()) async throws -> JoinOutcome {
        if try await OrganisationQueries.isMember(user.id, of: organisation.id, on: request.db) { return .alreadyMember }
        if try await Teams.hasPendingRequest(user: user.id, organisation: organisation.id, on: request.db) { return .alreadyRequested }
        let atOnce = organisation.members > 0
            && VerificationPolicy.joinsAtOnce(userDomain: MailDomain(email: user.email), organisationDomain: organisation.domain, organisation: organisation.verification)
        guard atOnce else {
            try await Teams.requestJoin(.init(id: organisation.id, kind: organisation.kind, name: organisation.name, structureID: nil), by: user, message: message, request: request, now: now)
            return .requested
        }
        try await request.db.retryingTransaction { database in
            try await OrganisationQueries.addMember(user.id, to: organisation.id, role: .member, on: database, now: now)
            try await Audit.record(.joinedByDomain, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(organisation.name) (\(organisation.domain ?? ""))", address: request.clientAddress, on: database, at: now)
        }
        return .joined
    }
}
