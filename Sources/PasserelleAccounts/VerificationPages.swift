import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The verification queue of the back-office: the organisations newcomers created, each verified
/// or refused by the platform team or the steward of its territory.
package struct VerificationPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPaths.verifications, use: list)
        routes.post(AccountsPaths.decideVerification, use: decide)
    }

    package struct Row: Encodable {
        package var name: String
        package var kind: String
        package var siret: String
        package var place: String
        package var perimeter: String?
        package var creator: String
        package var email: String?
        package var domain: String?
        package var createdOn: String
        package var action: String
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var csrf: String
        package var message: String?
        package var rows: [Row]
        /// The organisations someone else decides, counted in words (nil when none).
        package var others: String?
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listVerifications) { return refusal }
        return try await render(request, message: nil)
    }

    private func render(_ request: Request, message: String?) async throws -> Response {
        let gazetteer = try request.platform.reference.gazetteer
        let actor = try await request.actor()
        let all = try await Verifications.waiting(on: request.db)
        let mine = all.filter { VerificationPolicy.mayDecide($0.candidate(in: gazetteer), actor: actor) == .allowed }
        return try await request.view.render("accounts/verifications", Context(
            layout: Layout(title: "Organisations à vérifier — Passerelle", section: "admin",
                           breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()), .init(label: "Organisations à vérifier")], request: request),
            csrf: CSRF.token(for: request), message: message,
            rows: try mine.map { waiting in
                let commune = waiting.communeCode.flatMap(gazetteer.commune)
                let perimeters = try waiting.requestedPerimeters()
                return Row(name: waiting.name, kind: waiting.kind.label, siret: waiting.siret ?? "non renseigné",
                           place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "commune non renseignée",
                           perimeter: perimeters.isEmpty ? nil : perimeters.map(gazetteer.label).joined(separator: ", "),
                           creator: waiting.creatorName ?? "compte supprimé", email: waiting.creatorEmail, domain: waiting.domain,
                           createdOn: DateText.frenchDay(waiting.createdAt), action: AccountsPaths.decideVerification.link(waiting.id))
            },
            others: all.count > mine.count ? French.count(all.count - mine.count, "autre organisation attend", "autres organisations attendent") : nil
        )).encodeResponse(for: request)
    }

    @Sendable
    package func decide(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listVerifications) { return refusal }
        guard let reviewer = request.signedInUser, let id = request.parameters.get("organisation").flatMap(UUID.init(uuidString:)),
              let waiting = try await Verifications.waiting(on: request.db).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Cette organisation n’attend pas de vérification (elle a peut-être déjà été traitée).")
        }
        guard VerificationPolicy.mayDecide(waiting.candidate(in: try request.platform.reference.gazetteer), actor: try await request.actor()) == .allowed else {
            throw Abort(.forbidden, reason: waiting.kind.hasTerritory ? "Le périmètre d’un facilitateur ou d’un pilote est accordé par l’équipe de la plateforme."
                                                                      : "Cette organisation n’est pas dans votre territoire.")
        }
        let decision = try ReviewDecision.read(SubmittedForm(request), accept: "verifier", toldTo: "aux membres de l’organisation")
        let accepted = decision.accepted
        guard try await Verifications.decide(waiting, accept: accepted, reason: decision.reason, by: reviewer, request: request) else {
            throw Abort(.notFound, reason: "Cette organisation a déjà été traitée.")
        }
        return try await render(request, message: accepted
            ? "« \(waiting.name) » est vérifiée ; ses membres en sont avertis par courriel."
            : "La vérification de « \(waiting.name) » est refusée ; le motif est envoyé à ses membres.")
    }
}
