import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// Moderation of profiles: hide one (with a reason, after a confirmation page), restore it, and
/// the back-office list of hidden profiles of the moderator's territory.
package struct ProfileModerationPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(DirectoryPaths.hide, use: confirmHiding)
        routes.post(DirectoryPaths.hide, use: hide)
        routes.post(DirectoryPaths.restore, use: restore)
        routes.get(DirectoryPaths.hiddenProfiles, use: hiddenList)
        routes.get(DirectoryPaths.hiddenProfilesCSV, use: hiddenCSV)
    }

    package struct HidingContext: Encodable {
        package var layout: Layout
        package var name: String
        package var csrf: String
        package var action: String
        package var cancel: String
        package var reason: String
        package var error: String?
    }

    private func renderHiding(_ request: Request, _ structure: Structure, reason: String, error: String?) async throws -> Response {
        let response = try await request.view.render("directory/hide-profile", HidingContext(
            layout: Layout(title: (error == nil ? "" : "Erreur — ") + "Masquer « \(structure.name) » — Passerelle", section: "structures",
                           breadcrumbs: [.init(label: "Annuaire des structures", href: DirectoryPaths.search.link()), .init(label: structure.name,
                               href: Links.structure(structure.id)), .init(label: "Masquer la fiche")],
                           request: request),
            name: structure.name, csrf: CSRF.token(for: request), action: DirectoryPaths.hide.link(structure.id),
            cancel: Links.structure(structure.id), reason: reason, error: error
        )).encodeResponse(for: request)
        if error != nil { response.status = .unprocessableEntity }
        return response
    }

    @Sendable
    package func confirmHiding(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .moderate) else { return request.redirectToSignIn() }
        return try await renderHiding(request, structure, reason: "", error: nil)
    }

    @Sendable
    package func hide(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .moderate), let user = request.signedInUser else { return request.redirectToSignIn() }
        let reason = SubmittedForm(request)["reason"].trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = ModerationRule.problem(withReason: reason) {
            return try await renderHiding(request, structure, reason: reason, error: problem)
        }
        _ = try await ProfileModeration.setHidden(true, structure: structure, reason: reason, by: user, request: request)
        return request.redirect(to: Links.structure(structure.id))
    }

    @Sendable
    package func restore(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .moderate), let user = request.signedInUser else { return request.redirectToSignIn() }
        _ = try await ProfileModeration.setHidden(false, structure: structure, reason: nil, by: user, request: request)
        return request.redirect(to: Links.structure(structure.id))
    }

    // MARK: Back-office list

    package struct HiddenListContext: Encodable {
        package struct Row: Encodable {
            package var name: String
            package var href: String
            package var kind: String
            package var place: String
            package var hiddenOn: String
            package var reason: String
        }

        package var layout: Layout
        package var text: String
        package var summary: String
        package var rows: [Row]
        package var csvHref: String
    }

    /// The hidden profiles the actor may restore, whose name contains the `q` of the query.
    private func visibleRows(_ request: Request) async throws -> (text: String, rows: [DirectoryQueries.HiddenStructure]) {
        let text = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(200))
        let gazetteer = try request.platform.reference.gazetteer
        let actor = try await request.actor()
        let rows = try await DirectoryQueries.hidden(matching: text, on: request.db).filter { row in
            Policy.decide(.moderate, on: .init(id: row.id, communeCode: row.communeCode, in: gazetteer), for: actor) == .allowed
        }
        return (text, rows)
    }

    private func place(_ code: String?, gazetteer: Gazetteer) -> String {
        code.flatMap(gazetteer.commune).map { "\($0.name.name) (\($0.departementCode))" } ?? "commune inconnue"
    }

    @Sendable
    package func hiddenList(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listHiddenProfiles) { return refusal }
        let (text, rows) = try await visibleRows(request)
        let gazetteer = try request.platform.reference.gazetteer
        let page = Array(rows.prefix(200))
        return try await request.view.render("accounts/hidden-profiles", HiddenListContext(
            layout: Layout(title: "Fiches masquées — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()),
                .init(label: "Fiches masquées")], request: request),
            text: text, summary: French.count(rows.count, "fiche masquée", "fiches masquées") + (rows.count > page.count ? " (les 200 plus récentes affichées)" : ""),
            rows: page.map { row in
                .init(name: row.name, href: Links.structure(row.id), kind: row.kind.acronym,
                      place: place(row.communeCode, gazetteer: gazetteer), hiddenOn: DateText.frenchDay(row.hiddenAt), reason: row.hiddenReason ?? "")
            },
            csvHref: DirectoryPaths.hiddenProfilesCSV.link() + (text.isEmpty ? "" : "?" + QueryItems.encode([("q", text)]))
        )).encodeResponse(for: request)
    }

    @Sendable
    package func hiddenCSV(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listHiddenProfiles) { return refusal }
        let (_, rows) = try await visibleRows(request)
        let gazetteer = try request.platform.reference.gazetteer
        var writer = CSV.Writer()
        writer.append(["Identifiant", "Nom", "Type", "Commune", "Masquée le", "Motif"])
        for row in rows {
            writer.append([row.id.uuidString.lowercased(), row.name, row.kind.acronym, place(row.communeCode, gazetteer: gazetteer),
                           DateText.isoDay(row.hiddenAt), row.hiddenReason ?? ""])
        }
        return try await AuditedExport.csv(writer.text, name: "fiches-masquees", rows: rows.count, request: request)
    }
}
