import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// The page a party's mailed link opens: the agreement to read, and its signature, once. A link
/// altered in any part, made for an earlier version of the terms, or mailed to an address the
/// agreement no longer names signs nothing and says why.
package struct SignaturePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.signImmersion, use: page)
        routes.post(JobsPaths.signImmersion, use: sign)
    }

    package struct Hidden: Encodable {
        var name: String
        var value: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var heading: String
        var party: String
        var state: String
        var terms: ImmersionPages.Terms?
        var hidden: [Hidden]
        var csrf: String
        var maySign: Bool
        var message: String?
        var isError: Bool
    }

    private enum Check {
        case genuine(ImmersionRecord, ImmersionParty, hidden: [Hidden])
        case refused(heading: String, message: String, status: HTTPStatus)
    }

    private func check(_ request: Request, values: (String) -> String) async throws -> Check {
        let parts = (o: values("o"), e: values("e"), s: values("s"), a: values("a"), p: values("p"), v: values("v"))
        guard let party = ImmersionParty(rawValue: parts.p), party != .prescriber, let version = Int(parts.v) else {
            return .refused(heading: "Lien invalide", message: "Ce lien n’est pas complet ou a été modifié. Ouvrez-le à nouveau depuis le courriel reçu ; rien n’a été signé.", status: .forbidden)
        }
        let link = ImmersionFlows.links(party, version: version)
        switch link.verify(object: parts.o, expires: parts.e, signature: parts.s, key: try await link.key(on: request.db)) {
        case .tampered:
            return .refused(heading: "Lien invalide", message: "Ce lien n’est pas complet ou a été modifié. Ouvrez-le à nouveau depuis le courriel reçu ; rien n’a été signé.", status: .forbidden)
        case .expired:
            return .refused(heading: "Lien expiré", message: "Ce lien a expiré avec la période d’immersion qu’il signait. Rien n’a été signé.", status: .gone)
        case .valid(let id):
            guard let agreement = try await ImmersionStore.agreement(id, on: request.db) else {
                return .refused(heading: "Convention introuvable", message: "Cette convention n’existe plus sur la plateforme.", status: .notFound)
            }
            guard agreement.version == version else {
                return .refused(heading: "Convention modifiée", message: "La convention a changé depuis l’envoi de ce lien : il ne signe plus. "
                    + "Si elle est de nouveau à signer, un nouveau lien vous a été envoyé.", status: .gone)
            }
            guard link.wasSent(to: agreement.address(of: party), object: id, expires: parts.e, recipientSignature: parts.a, key: try await link.key(on: request.db)) else {
                return .refused(heading: "Lien d’une autre adresse", message: "Ce lien a été envoyé à une adresse que la convention ne nomme plus : il ne signe plus.", status: .gone)
            }
            let hidden = [("o", parts.o), ("e", parts.e), ("s", parts.s), ("a", parts.a), ("p", parts.p), ("v", parts.v)].map { Hidden(name: $0.0, value: $0.1) }
            return .genuine(agreement, party, hidden: hidden)
        }
    }

    private func render(_ request: Request, agreement: ImmersionRecord?, party: ImmersionParty?, hidden: [Hidden], heading: String, message: String?, isError: Bool,
                        status: HTTPStatus) async throws -> Response {
        var terms: ImmersionPages.Terms?
        if let agreement, !agreement.state.isClosed {
            let prescriber = try await OrganisationQueries.name(of: agreement.prescriberOrganisationID, on: request.db) ?? "—"
            terms = try ImmersionPages.terms(agreement, prescriber: prescriber, request: request)
        }
        let maySign = agreement.map { record in party.map { record.state == .toSign && record.signedAt($0) == nil } ?? false } ?? false
        let response = try await request.view.render("jobs/immersion-sign", Context(
            layout: Layout(title: heading + " — Passerelle", section: "offres", breadcrumbs: [], request: request), heading: heading,
            party: party.map { "Vous signez pour " + $0.label + "." } ?? "", state: agreement.map { "État : \($0.state.label)." } ?? "", terms: terms,
            hidden: hidden, csrf: CSRF.token(for: request), maySign: maySign, message: message, isError: isError)).encodeResponse(for: request)
        response.status = status
        response.keepingMailedLinkSecret()
        return response
    }

    @Sendable
    func page(request: Request) async throws -> Response {
        switch try await check(request, values: { (try? request.query.get(String.self, at: $0)) ?? "" }) {
        case .refused(let heading, let message, let status):
            return try await render(request, agreement: nil, party: nil, hidden: [], heading: heading, message: message, isError: true, status: status)
        case .genuine(let agreement, let party, let hidden):
            try await Audit.record(.immersionRead, actorID: nil, actor: "lien envoyé à \(agreement.address(of: party) ?? "")",
                                   object: "immersion:\(agreement.id.uuidString.lowercased())", detail: "lien de signature", address: request.clientAddress, on: request.db)
            let said: String? = agreement.signedAt(party).map { "Vous avez signé cette convention le \(DateText.frenchDateTime($0)) : un lien de signature ne sert qu’une fois." }
                ?? (agreement.state == .toSign ? nil : "La convention est « \(agreement.state.label.lowercased()) » : elle ne se signe plus.")
            return try await render(request, agreement: agreement, party: party, hidden: hidden, heading: "Convention d’immersion à signer", message: said,
                                    isError: false, status: .ok)
        }
    }

    @Sendable
    func sign(request: Request) async throws -> Response {
        let form = SubmittedForm(request)
        switch try await check(request, values: { form[$0] }) {
        case .refused(let heading, let message, let status):
            return try await render(request, agreement: nil, party: nil, hidden: [], heading: heading, message: message, isError: true, status: status)
        case .genuine(let agreement, let party, let hidden):
            guard form["read"] == "oui" else {
                return try await render(request, agreement: agreement, party: party, hidden: hidden, heading: "Convention d’immersion à signer",
                                        message: "Cochez « J’ai lu la convention » pour la signer : rien n’a été signé.", isError: true, status: .unprocessableEntity)
            }
            let actor = ImmersionFlows.Actor(userID: nil, label: "lien envoyé à \(agreement.address(of: party) ?? "")", address: request.clientAddress)
            switch try await ImmersionFlows.sign(agreement.id, party: party, version: agreement.version, by: actor, on: request.db) {
            case .success:
                let fresh = try await ImmersionStore.agreement(agreement.id, on: request.db) ?? agreement
                let moment = DateText.frenchDateTime(fresh.signedAt(party) ?? Date())
                return try await render(request, agreement: fresh, party: party, hidden: [], heading: "Convention signée",
                                        message: "Merci : votre signature est enregistrée le \(moment). "
                                            + "La structure d’accompagnement valide la convention une fois les trois signatures réunies.",
                                        isError: false, status: .ok)
            case .failure(let refusal):
                return try await render(request, agreement: agreement, party: party, hidden: hidden, heading: "Convention d’immersion à signer", message: refusal.message,
                                        isError: true, status: .conflict)
            }
        }
    }
}
