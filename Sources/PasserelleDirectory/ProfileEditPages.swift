import Foundation
import PasserelleCore
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The pages where a structure's members keep its profile up to date: the profile's fields, and
/// its activities one by one with the reach editor. Every form carries the profile's version, so
/// that two people editing at once do not silently overwrite each other.
package struct ProfileEditPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(DirectoryPaths.editProfile, use: profileForm)
        routes.post(DirectoryPaths.editProfile, use: saveProfile)
        routes.get(DirectoryPaths.newActivity, use: activityForm)
        routes.post(DirectoryPaths.newActivity, use: saveActivity)
        routes.get(DirectoryPaths.activity, use: activityForm)
        routes.post(DirectoryPaths.activity, use: saveActivity)
        routes.get(DirectoryPaths.deleteActivity, use: confirmDeletion)
        routes.post(DirectoryPaths.deleteActivity, use: deleteActivity)
    }

    // MARK: Access

    /// The activity number of the URL (from 1), or nil for a new one.
    private func activityNumber(_ request: Request, in structure: Structure) throws -> Int? {
        guard let text = request.parameters.get("number") else { return nil }
        guard let number = Int(text), structure.activities.indices.contains(number - 1) else {
            throw Abort(.notFound, reason: "Cette activité n’existe pas (ou plus) : revenez à la fiche.")
        }
        return number
    }

    private func saved(_ request: Request, _ structure: Structure, anchor: String) -> Response {
        request.redirect(to: Links.structure(structure.id) + "?enregistre=1#" + anchor)
    }

    private static let conflictMessage = "Quelqu’un a modifié cette fiche pendant que vous la complétiez. Vos saisies sont conservées ci-dessous ; vérifiez la fiche actuelle, puis enregistrez de nouveau pour les appliquer."

    // MARK: Profile

    package struct ProfileFormContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var action: String
        package var cancel: String
        package var version: String
        package var message: String?
        package var kindLabel: String
        package var siret: String?
        package var values: [String: String]
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    /// The core's labels and the form's names, in the order of the form.
    private static let profileFields: [(label: String, name: String)] = [
        ("Nom", "name"), ("Enseigne", "brand"), ("Description", "description"), ("Adresse", "address"),
        ("Code commune", "commune_q"), ("Latitude", "commune_q"), ("Téléphone", "phone"), ("Courriel", "email"),
        ("Site web", "website"), ("Salariés en insertion", "insertion_staff"), ("Salariés permanents", "permanent_staff"),
        ("Année de création", "year_founded"), ("Réseaux", "networks"), ("Labels et certifications", "labels"),
        ("Références clients", "client_references"),
    ]

    private static func values(of structure: Structure, gazetteer: Gazetteer) -> [String: String] {
        [
            "name": structure.name, "brand": structure.brand ?? "", "description": structure.description ?? "",
            "address": structure.address ?? "", "commune": structure.communeCode ?? "",
            "commune_q": structure.communeCode.flatMap(gazetteer.commune).map { "\($0.name.name) (\($0.postalCodes.first ?? $0.code))" } ?? "",
            "phone": structure.phone ?? "", "email": structure.email ?? "", "website": structure.website ?? "",
            "insertion_staff": structure.insertionStaff.map(String.init) ?? "", "permanent_staff": structure.permanentStaff.map(String.init) ?? "",
            "year_founded": structure.yearFounded.map(String.init) ?? "", "networks": structure.networks.joined(separator: "\n"),
            "labels": structure.labels.joined(separator: "\n"), "client_references": structure.clientReferences.joined(separator: "\n"),
        ]
    }

    @Sendable
    package func profileForm(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        let values = Self.values(of: structure, gazetteer: try request.platform.reference.gazetteer)
        return try await renderProfile(request, structure, values: values, version: ProfileEditing.version(of: structure), errors: FormErrors(), message: nil)
    }

    private func renderProfile(_ request: Request, _ structure: Structure, values: [String: String], version: String, errors: FormErrors, message: String?) async throws -> Response {
        let heading = "Modifier la fiche"
        let view = try await request.view.render("directory/edit-profile", ProfileFormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreurs — ") + "\(heading) — \(structure.name) — Passerelle", section: "structures",
                           breadcrumbs: [.init(label: "Annuaire des structures", href: DirectoryPaths.search.link()), .init(label: structure.name,
                               href: Links.structure(structure.id)), .init(label: heading)],
                           request: request),
            csrf: CSRF.token(for: request), action: DirectoryPaths.editProfile.link(structure.id), cancel: Links.structure(structure.id),
            version: version, message: message, kindLabel: "\(structure.kind.acronym) — \(structure.kind.label)",
            siret: structure.siret, values: values, errors: errors.errors, errorList: errors.errorList
        ))
        let response = try await view.encodeResponse(for: request)
        if !errors.errorList.isEmpty || message != nil { response.status = .unprocessableEntity }
        return response
    }

    @Sendable
    package func saveProfile(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        var change = ProfileChange()
        change.name = form["name"]
        change.brand = form["brand"]
        change.description = form["description"]
        change.address = form["address"]
        change.communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        change.phone = form["phone"]
        change.email = form["email"]
        change.website = form["website"]
        change.insertionStaff = form["insertion_staff"]
        change.permanentStaff = form["permanent_staff"]
        change.yearFounded = form["year_founded"]
        change.networks = form.lines("networks")
        change.labels = form.lines("labels")
        change.clientReferences = form.lines("client_references")
        var values: [String: String] = [:]
        for name in Self.profileFields.map(\.name) + ["commune"] { values[name] = form[name] }
        let outcome = try await ProfileEditing.edit(structure.id, change: change, expectedVersion: form["version"], by: try signedIn(request), actor: try await request.actor(), request: request)
        switch outcome {
        case .saved(let after), .unchanged(let after):
            return saved(request, after, anchor: "about")
        case .invalid(let problems, let current):
            return try await renderProfile(request, current, values: values, version: form["version"], errors: FormErrors(problems, fields: Self.profileFields, fallback: "name"), message: nil)
        case .conflict(let current):
            return try await renderProfile(request, current, values: values, version: ProfileEditing.version(of: current), errors: FormErrors(), message: Self.conflictMessage)
        case .notFound:
            throw Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        }
    }

    /// The commune picked in the list (JavaScript), else the best match of what was typed; an
    /// empty field clears it (and the rules then ask for one), an unknown one is kept as typed so
    /// that the rules say it is unknown.

    private func signedIn(_ request: Request) throws -> SignedInUser {
        guard let user = request.signedInUser else { throw Abort(.unauthorized, reason: "Connectez-vous pour modifier une fiche.") }
        return user
    }

    // MARK: Activities

    package struct ActivityFormContext: Encodable {
        package struct Choice: Encodable {
            package var value: String
            package var label: String
            package var chosen: Bool
        }

        package struct SectorGroup: Encodable {
            package var name: String
            package var sectors: [Choice]
        }

        package var layout: Layout
        package var heading: String
        package var csrf: String
        package var action: String
        package var cancel: String
        package var version: String
        package var message: String?
        package var sectorGroups: [SectorGroup]
        package var serviceTypes: [Choice]
        package var reach: String
        package var radiusKm: String
        package var zones: String
        package var description: String
        package var communeName: String?
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    private static let activityFields: [(label: String, name: String)] = [
        ("Secteur", "sector"), ("Type de prestation", "service_types"), ("Zone d’intervention", "reach"), ("Rayon", "radius_km"),
        ("Zones", "zones"), ("Description de l’activité", "description"), ("Activités", "sector"),
    ]

    @Sendable
    package func activityForm(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        let gazetteer = try request.platform.reference.gazetteer
        let number = try activityNumber(request, in: structure)
        let draft = number.map { ActivityDraft(structure.activities[$0 - 1], gazetteer: gazetteer) }
            ?? ActivityDraft(sector: "", serviceTypes: [], reach: ActivityDraft.ReachChoice.radius.rawValue, radiusKm: "30")
        return try await renderActivity(request, structure, number: number, draft: draft, version: ProfileEditing.version(of: structure), errors: FormErrors(), message: nil)
    }

    private func renderActivity(_ request: Request, _ structure: Structure, number: Int?, draft: ActivityDraft, version: String, errors: FormErrors, message: String?) async throws -> Response {
        let reference = try request.platform.reference
        let heading = number.map { "Modifier l’activité \($0)" } ?? "Ajouter une activité"
        let view = try await request.view.render("directory/edit-activity", ActivityFormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreurs — ") + "\(heading) — \(structure.name) — Passerelle", section: "structures",
                           breadcrumbs: [.init(label: "Annuaire des structures", href: DirectoryPaths.search.link()), .init(label: structure.name,
                               href: Links.structure(structure.id)), .init(label: heading)],
                           request: request),
            heading: heading, csrf: CSRF.token(for: request), action: number.map { DirectoryPaths.activity.link(structure.id,
                $0) } ?? DirectoryPaths.newActivity.link(structure.id), cancel: Links.structure(structure.id) + "#activities",
            version: version, message: message,
            sectorGroups: reference.taxonomy.groups.map { group in
                .init(name: group.name, sectors: group.sectors.map { .init(value: $0.slug, label: $0.name, chosen: $0.slug == draft.sector) })
            },
            serviceTypes: ServiceType.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: draft.serviceTypes.contains($0.rawValue)) },
            reach: draft.reach, radiusKm: draft.radiusKm, zones: draft.zones, description: draft.description,
            communeName: structure.communeCode.flatMap(reference.gazetteer.commune)?.name.name,
            errors: errors.errors, errorList: errors.errorList
        ))
        let response = try await view.encodeResponse(for: request)
        if !errors.errorList.isEmpty || message != nil { response.status = .unprocessableEntity }
        return response
    }

    @Sendable
    package func saveActivity(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        let number = try activityNumber(request, in: structure)
        let form = SubmittedForm(request)
        let draft = ActivityDraft(
            sector: form["sector"], serviceTypes: form.all("service_types"), reach: form["reach"], radiusKm: form["radius_km"],
            zones: form["zones"], description: form["description"]
        )
        let gazetteer = try request.platform.reference.gazetteer
        var drafts = structure.activities.map { ActivityDraft($0, gazetteer: gazetteer) }
        if let number { drafts[number - 1] = draft } else { drafts.append(draft) }
        // Only this activity's problems concern this form: the others were valid when stored.
        if case .failure(let problems) = draft.activity(gazetteer: gazetteer, taxonomy: try request.platform.reference.taxonomy) {
            return try await renderActivity(request, structure, number: number, draft: draft, version: form["version"], errors: FormErrors(problems, fields: Self.activityFields, fallback: "sector"), message: nil)
        }
        var change = ProfileChange()
        change.activities = drafts
        switch try await ProfileEditing.edit(structure.id, change: change, expectedVersion: form["version"], by: try signedIn(request), actor: try await request.actor(), request: request) {
        case .saved(let after), .unchanged(let after):
            return saved(request, after, anchor: "activities")
        case .invalid(let problems, let current):
            return try await renderActivity(request, current, number: number, draft: draft, version: form["version"], errors: FormErrors(problems, fields: Self.activityFields, fallback: "sector"), message: nil)
        case .conflict(let current):
            return try await renderActivity(request, current, number: number, draft: draft, version: ProfileEditing.version(of: current), errors: FormErrors(), message: Self.conflictMessage)
        case .notFound:
            throw Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        }
    }

    // MARK: Deleting an activity

    package struct DeletionContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var summary: String
        package var csrf: String
        package var action: String
        package var cancel: String
        package var version: String
    }

    @Sendable
    package func confirmDeletion(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        guard let number = try activityNumber(request, in: structure) else { throw Abort(.notFound) }
        let reference = try request.platform.reference
        let activity = structure.activities[number - 1]
        let sector = reference.taxonomy.sector(activity.sectorSlug)?.name ?? activity.sectorSlug
        let heading = "Supprimer l’activité «\u{00A0}\(sector)\u{00A0}»\u{00A0}?"
        return try await request.view.render("directory/delete-activity", DeletionContext(
            layout: Layout(title: "\(heading) — \(structure.name) — Passerelle", section: "structures",
                           breadcrumbs: [.init(label: "Annuaire des structures", href: DirectoryPaths.search.link()), .init(label: structure.name,
                               href: Links.structure(structure.id)), .init(label: "Supprimer une activité")],
                           request: request),
            heading: heading,
            summary: "\(activity.serviceTypes.map(\.label).joined(separator: ", ")) — \(reference.gazetteer.describe(activity.reach, aroundCommune: structure.communeCode))",
            csrf: CSRF.token(for: request), action: DirectoryPaths.deleteActivity.link(structure.id, number),
            cancel: Links.structure(structure.id) + "#activities", version: ProfileEditing.version(of: structure)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func deleteActivity(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .edit) else { return request.redirectToSignIn() }
        guard let number = try activityNumber(request, in: structure) else { throw Abort(.notFound) }
        let gazetteer = try request.platform.reference.gazetteer
        var drafts = structure.activities.map { ActivityDraft($0, gazetteer: gazetteer) }
        drafts.remove(at: number - 1)
        var change = ProfileChange()
        change.activities = drafts
        switch try await ProfileEditing.edit(structure.id, change: change, expectedVersion: SubmittedForm(request)["version"], by: try signedIn(request), actor: try await request.actor(), request: request) {
        case .saved(let after), .unchanged(let after):
            return saved(request, after, anchor: "activities")
        case .conflict, .invalid:
            throw Abort(.conflict, reason: "La fiche a changé depuis l’affichage de cette page : revenez à la fiche et recommencez.")
        case .notFound:
            throw Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        }
    }
}
