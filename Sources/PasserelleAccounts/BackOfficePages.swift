import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The back-office of the platform team and the territory stewards: home, audit log, users;
/// each list with its search, its pages and its CSV export.
package struct BackOfficePages: RouteCollection {
    package static let pageSize = 50

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformPaths.backOffice, use: home)
        routes.get(AccountsPaths.auditLog, use: auditLog)
        routes.get(AccountsPaths.auditLogCSV, use: auditLogCSV)
        routes.get(AccountsPaths.users, use: users)
        routes.get(AccountsPaths.usersCSV, use: usersCSV)
        routes.get(AccountsPaths.organisations, use: organisations)
        routes.get(AccountsPaths.organisationsCSV, use: organisationsCSV)
    }

    package struct HomeContext: Encodable {
        package var layout: Layout
        package var users: String
        package var verifiedUsers: String
        package var organisations: String
        package var recentEntries: String
        package var isPlatformTeam: Bool
    }

    @Sendable
    package func home(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .openBackOffice) { return refusal }
        let counts = try await BackOfficeQueries.counts(on: request.db)
        return try await request.view.render("accounts/back-office", HomeContext(
            layout: Layout(title: "Back-office — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office")], request: request),
            users: French.count(counts.users, "compte"), verifiedUsers: French.count(counts.verifiedUsers, "adresse confirmée", "adresses confirmées"),
            organisations: French.count(counts.organisations, "organisation"), recentEntries: French.count(counts.auditEntriesThisWeek, "entrée", "entrées"),
            isPlatformTeam: try await request.actor().isPlatformTeam
        )).encodeResponse(for: request)
    }

    // MARK: Audit log

    package struct AuditContext: Encodable {
        package struct Row: Encodable {
            package var at: String
            package var actor: String
            package var action: String
            package var object: String?
            package var detail: String
            package var address: String?
        }

        package struct Option: Encodable {
            package var value: String
            package var label: String
            package var selected: Bool
        }

        package var layout: Layout
        package var actions: [Option]
        package var text: String
        package var from: String
        package var until: String
        package var problem: String?
        package var summary: String
        package var rows: [Row]
        package var pagination: Pagination
        package var csvHref: String
    }

    /// The filters of the audit log, read from the query string; a French problem when one is wrong.
    private func auditFilter(_ request: Request) -> (filter: Audit.Filter, problem: String?) {
        var filter = Audit.Filter()
        var problem: String?
        if let action = try? request.query.get(String.self, at: "action"), !action.isEmpty {
            if let known = Audit.Action(rawValue: action) { filter.action = known } else { problem = "Action inconnue : « \(action) »." }
        }
        filter.text = (try? request.query.get(String.self, at: "q")).map { String($0.prefix(200)) }
        for (key, isEnd) in [("du", false), ("au", true)] {
            guard let text = try? request.query.get(String.self, at: key), !text.isEmpty else { continue }
            guard let day = ParisDay.start(of: text) else {
                problem = "Date invalide : « \(text) » (attendu : AAAA-MM-JJ)."
                continue
            }
            if isEnd { filter.until = day.addingTimeInterval(86400 + 3600).startOfParisDay } else { filter.from = day }
        }
        return (filter, problem)
    }

    @Sendable
    package func auditLog(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .readAuditLog) { return refusal }
        let (filter, problem) = auditFilter(request)
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let (entries, total) = problem == nil
            ? try await Audit.entries(filter, offset: (page - 1) * Self.pageSize, limit: Self.pageSize, on: request.db)
            : ([], 0)
        let query = QueryItems.parse(request.url.query).filter { $0.0 != "page" }
        let response = try await request.view.render("accounts/audit-log", AuditContext(
            layout: Layout(title: "Journal d’audit — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()),
                .init(label: "Journal d’audit")], request: request),
            actions: [AuditContext.Option(value: "", label: "Toutes les actions", selected: filter.action == nil)]
                + Audit.Action.allCases.map { .init(value: $0.rawValue, label: Audit.labels[$0] ?? $0.rawValue, selected: filter.action == $0) },
            text: filter.text ?? "", from: (try? request.query.get(String.self, at: "du")) ?? "", until: (try? request.query.get(String.self, at: "au")) ?? "",
            problem: problem, summary: French.count(total, "entrée", "entrées"),
            rows: entries.map { entry in
                .init(at: DateText.frenchDateTime(entry.at), actor: entry.actor, action: Audit.Action(rawValue: entry.action).flatMap { Audit.labels[$0] } ?? entry.action,
                      object: entry.object, detail: entry.detail, address: entry.address)
            },
            pagination: Pagination(page: page, total: total, size: Self.pageSize, path: AccountsPaths.auditLog.link(), query: query),
            csvHref: AccountsPaths.auditLogCSV.link() + (query.isEmpty ? "" : "?" + QueryItems.encode(query))
        )).encodeResponse(for: request)
        if problem != nil { response.status = .badRequest }
        return response
    }

    @Sendable
    package func auditLogCSV(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .readAuditLog) { return refusal }
        let (filter, problem) = auditFilter(request)
        if let problem { throw Abort(.badRequest, reason: problem) }
        let (entries, _) = try await Audit.entries(filter, offset: 0, limit: 100_000, on: request.db)
        var writer = CSV.Writer()
        writer.append(["Date (UTC)", "Qui", "Action", "Code de l’action", "Objet", "Détail", "Adresse IP"])
        for entry in entries {
            writer.append([ISO8601DateFormatter().string(from: entry.at), entry.actor, Audit.Action(rawValue: entry.action).flatMap { Audit.labels[$0] } ?? "", entry.action, entry.object ?? "", entry.detail, entry.address ?? ""])
        }
        return try await AuditedExport.csv(writer.text, name: "journal", rows: entries.count, request: request)
    }

    // MARK: Users

    package struct UsersContext: Encodable {
        package struct Row: Encodable {
            package var name: String
            package var email: String
            package var status: String
            package var organisations: String
            package var createdOn: String
            package var lastLogin: String
        }

        package var layout: Layout
        package var text: String
        package var summary: String
        package var rows: [Row]
        package var pagination: Pagination
        package var csvHref: String
    }

    private static func status(_ user: BackOfficeQueries.UserEntry) -> String {
        if user.deletedAt != nil { return "supprimé" }
        return user.emailVerifiedAt == nil ? "adresse non confirmée" : "actif"
    }

    @Sendable
    package func users(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listUsers) { return refusal }
        let text = (try? request.query.get(String.self, at: "q")).map { String($0.prefix(200)) }
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let (users, total) = try await BackOfficeQueries.users(matching: text, offset: (page - 1) * Self.pageSize, limit: Self.pageSize, on: request.db)
        let query = QueryItems.parse(request.url.query).filter { $0.0 != "page" }
        return try await request.view.render("accounts/users", UsersContext(
            layout: Layout(title: "Comptes — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()),
                .init(label: "Comptes")], request: request),
            text: text ?? "", summary: French.count(total, "compte"),
            rows: users.map { user in
                .init(name: user.name, email: user.deletedAt == nil ? user.email : "—", status: Self.status(user), organisations: French.number(user.organisations),
                      createdOn: DateText.frenchDay(user.createdAt), lastLogin: user.lastLoginAt.map(DateText.frenchDay) ?? "jamais")
            },
            pagination: Pagination(page: page, total: total, size: Self.pageSize, path: AccountsPaths.users.link(), query: query),
            csvHref: AccountsPaths.usersCSV.link() + (query.isEmpty ? "" : "?" + QueryItems.encode(query))
        )).encodeResponse(for: request)
    }

    @Sendable
    package func usersCSV(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listUsers) { return refusal }
        let text = (try? request.query.get(String.self, at: "q")).map { String($0.prefix(200)) }
        let (users, _) = try await BackOfficeQueries.users(matching: text, offset: 0, limit: 100_000, on: request.db)
        var writer = CSV.Writer()
        writer.append(["Identifiant", "Nom", "Adresse électronique", "État", "Organisations", "Créé le", "Dernière connexion"])
        for user in users {
            writer.append([user.id.uuidString.lowercased(), user.name, user.deletedAt == nil ? user.email : "", Self.status(user), String(user.organisations),
                           DateText.isoDay(user.createdAt), user.lastLoginAt.map(DateText.isoDay) ?? ""])
        }
        return try await AuditedExport.csv(writer.text, name: "comptes", rows: users.count, request: request)
    }

    // MARK: Organisations

    package struct OrganisationsContext: Encodable {
        package struct Row: Encodable {
            package var name: String
            package var href: String?
            package var kind: String
            package var territory: String
            package var members: String
            package var createdOn: String
        }

        package var layout: Layout
        package var text: String
        package var kinds: [AuditContext.Option]
        package var problem: String?
        package var summary: String
        package var rows: [Row]
        package var pagination: Pagination
        package var csvHref: String
    }

    /// The search and the kind asked for; a French problem for an unknown kind.
    private func organisationFilter(_ request: Request) -> (text: String, kind: OrganisationKind?, problem: String?) {
        let text = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(200))
        let typed = (try? request.query.get(String.self, at: "type")) ?? ""
        if typed.isEmpty { return (text, nil, nil) }
        guard let kind = OrganisationKind(rawValue: typed) else { return (text, nil, "Type d’organisation inconnu : « \(typed.prefix(60)) ».") }
        return (text, kind, nil)
    }

    private func territoryText(of organisation: BackOfficeQueries.OrganisationEntry, gazetteer: Gazetteer) throws -> String {
        try Perimeter.storedList(organisation.territory, table: "organisations", column: "territory", id: organisation.id).map { gazetteer.label(of: $0) }.joined(separator: ", ")
    }

    @Sendable
    package func organisations(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listOrganisations) { return refusal }
        let (text, kind, problem) = organisationFilter(request)
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let (rows, total) = problem == nil
            ? try await BackOfficeQueries.organisations(matching: text, kind: kind, offset: (page - 1) * Self.pageSize, limit: Self.pageSize, on: request.db)
            : ([], 0)
        let gazetteer = try request.platform.reference.gazetteer
        let query = QueryItems.parse(request.url.query).filter { $0.0 != "page" }
        let actor = try await request.actor()
        let response = try await request.view.render("accounts/organisations", OrganisationsContext(
            layout: Layout(title: "Organisations — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()),
                .init(label: "Organisations")], request: request),
            text: text,
            kinds: [.init(value: "", label: "Tous les types", selected: kind == nil)] + OrganisationKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
            problem: problem, summary: French.count(total, "organisation"),
            rows: rows.map { row in
                // A team's page is its members' and the platform team's; a steward follows the profile.
                .init(name: row.name, href: Policy.decide(.seeMembers, onOrganisation: row.id, for: actor) == .allowed
                          ? AccountsPaths.team.link(row.id) : row.structureID.map(Links.structure),
                      kind: row.kind.label + (row.verification == .verified ? "" : " (\(row.verification.label))"),
                      territory: try territoryText(of: row, gazetteer: gazetteer),
                      members: "\(French.count(row.members, "membre")) dont \(French.count(row.admins, "administrateur"))", createdOn: DateText.frenchDay(row.createdAt))
            },
            pagination: Pagination(page: page, total: total, size: Self.pageSize, path: AccountsPaths.organisations.link(), query: query),
            csvHref: AccountsPaths.organisationsCSV.link() + (query.isEmpty ? "" : "?" + QueryItems.encode(query))
        )).encodeResponse(for: request)
        if problem != nil { response.status = .badRequest }
        return response
    }

    @Sendable
    package func organisationsCSV(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listOrganisations) { return refusal }
        let (text, kind, problem) = organisationFilter(request)
        if let problem { throw Abort(.badRequest, reason: problem) }
        let (rows, _) = try await BackOfficeQueries.organisations(matching: text, kind: kind, offset: 0, limit: 100_000, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        var writer = CSV.Writer()
        writer.append(["Identifiant", "Nom", "Type", "Code du type", "Fiche de l’annuaire", "Territoire", "Membres", "Administrateurs", "Créée le", "Vérification"])
        for row in rows {
            writer.append([row.id.uuidString.lowercased(), row.name, row.kind.label, row.kind.rawValue,
                           row.structureID.map { request.platform.config.publicURL + Links.structure($0) } ?? "", try territoryText(of: row, gazetteer: gazetteer),
                           String(row.members), String(row.admins), DateText.isoDay(row.createdAt), row.verification.label])
        }
        return try await AuditedExport.csv(writer.text, name: "organisations", rows: rows.count, request: request)
    }
}

/// Days as the users of the back-office mean them: in Paris time.
package enum ParisDay {
    package static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The start of the day written `2026-11-30`.
    package static func start(of text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]), (1900...2999).contains(parts[0]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else { return nil }
        return date
    }
}

extension Date {
    package var startOfParisDay: Date { ParisDay.calendar.startOfDay(for: self) }
}
