import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

extension APIHandler {
    package func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        let memberships = try await OrganisationQueries.memberships(of: user.id, on: app.db)
        return .ok(.init(body: .json(.init(
            id: user.id.uuidString.lowercased(), email: user.email, name: user.name,
            memberships: try memberships.map { membership in
                .init(
                    organisation: .init(id: membership.organisationID.uuidString.lowercased(), name: membership.name, kind: try ContractToken.convert(membership.kind),
                                        structureId: membership.structureID?.uuidString.lowercased()),
                    role: try ContractToken.convert(membership.role)
                )
            }
        ))))
    }

    package func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(body: .json(Self.error("Le corps doit être du JSON : {\"email\", \"password\", \"name\"}."))))
        }
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(name.count) else {
            return .badRequest(.init(body: .json(Self.error("Le nom du jeton doit compter de 1 à 80 caractères (par exemple « export hebdomadaire »)."))))
        }
        if let problem = OneLineText.problem(in: name) { return .badRequest(.init(body: .json(Self.error("Nom du jeton : " + problem)))) }
        let request = try APIRequest.request()
        switch try await AccountFlows.checkCredentials(email: String(body.email.prefix(254)), password: String(body.password.prefix(200)), request: request) {
        case .throttled(let seconds):
            return .tooManyRequests(.init(headers: .init(retryAfter: Int(seconds.rounded(.up))), body: .json(Self.error(LoginThrottle.message(waiting: seconds)))))
        case .refused:
            return .unauthorized(.init(body: .json(Self.error("Adresse électronique ou mot de passe incorrect."))))
        case .unverified:
            return .unauthorized(.init(body: .json(Self.error("Confirmez d’abord votre adresse : connectez-vous sur le site pour recevoir un nouveau lien."))))
        case .valid(let account):
            let now = Date()
            let created = try await APITokens.create(for: account.id, email: account.email, name: name, address: request.clientAddress, on: app.db, now: now)
            return .created(.init(body: .json(.init(id: created.id.uuidString.lowercased(), name: name, token: created.token, createdAt: now))))
        }
    }
}
