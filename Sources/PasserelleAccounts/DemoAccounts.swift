import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// One account per role, for trying the platform (`serve --demo`, development only). Every
/// password is `passerelle-demo`; the addresses use the reserved `.test` domain.
package enum DemoAccounts {
    package static let password = "passerelle-demo"
    package static let domain = "demo.passerelle.test"

    package struct Account {
        package var email: String
        package var name: String
        package var organisation: String
        package var kind: OrganisationKind
        package var territory: [Perimeter]
        /// An invented SIRET (a right key) and a commune, as sign-up asks of a new organisation.
        package var siret: String? = nil
        package var communeCode: String? = nil
    }

    package static let accounts: [Account] = [
        Account(email: "admin@\(domain)", name: "Alix Admin (démo)", organisation: "Équipe Passerelle (démo)", kind: .platform, territory: []),
        Account(email: "structure@\(domain)", name: "Sacha Structure (démo)", organisation: "", kind: .structure, territory: []),
        // A second structure, to answer needs in a group with the first.
        Account(email: "structure2@\(domain)", name: "Sam Structure (démo)", organisation: "", kind: .structure, territory: []),
        Account(email: "acheteur@\(domain)", name: "Ariane Acheteuse (démo)", organisation: "Métropole de Démoville — achats (démo)", kind: .publicBuyer, territory: []),
        Account(email: "partenaire@\(domain)", name: "Paul Partenaire (démo)", organisation: "Mission locale de Démoville (démo)", kind: .partner, territory: []),
        Account(email: "facilitateur@\(domain)", name: "Fanny Facilitatrice (démo)", organisation: "Facilitation des clauses sociales du Nord (démo)", kind: .facilitator, territory: [.departement("59")]),
        Account(email: "dreets@\(domain)", name: "Dominique Pilote (démo)", organisation: "DREETS Hauts-de-France (démo)", kind: .steward, territory: [.region("32")]),
        Account(email: "entreprise@\(domain)", name: "Élise Entreprise (démo)", organisation: "Menuiserie du Val de Deûle (démo)", kind: .company, territory: [],
                siret: "00400000000002", communeCode: "59350"),
    ]

    /// Whether `email` is one of the demo accounts, which production refuses.
    package static func isDemo(_ email: String) -> Bool { email.hasSuffix("@" + domain) }

    /// The first organisation of the demo account `localPart@domain`.
    package static func organisation(of localPart: String, on database: any Database) async throws -> UUID? {
        try await database.sql.select().column(SQLColumn("id", table: "organisations")).from("organisations")
            .join("memberships", on: SQLColumn("organisation_id", table: "memberships"), .equal, SQLColumn("id", table: "organisations"))
            .join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "memberships"))
            .where(SQLColumn("email", table: "users"), .equal, SQLBind("\(localPart)@\(domain)"))
            .first(decodingColumn: "id", as: UUID.self)
    }

    /// Creates the accounts that do not exist yet; the structure account administers the first
    /// ACI of the directory, the second one the first EI working across the Nord.
    package static func load(on database: any Database, hasher: any PasswordHasher, logger: Logger) async throws {
        // One Bcrypt hash for all of them, made only when one is missing: `serve --demo` restarts
        // do not pay for it.
        var digest: String?
        // Invented structures only: no demo person speaks for a real organisation. The ACI cleans
        // premises in Lille, so that the demo's needs reach it.
        let aci = try await DirectoryQueries.demoStructure(kind: .aci, sector: "nettoyage-de-locaux-16", commune: "59350", on: database)
        let ei = try await DirectoryQueries.demoStructure(kind: .ei, perimeter: "departement:59", on: database)
        var created = 0
        for account in accounts {
            guard let email = EmailAddress(account.email), try await AccountQueries.account(email: email, on: database) == nil else { continue }
            let run = account.email.hasPrefix("structure2@") ? ei : aci
            if account.kind == .structure && run == nil { continue }
            let hash = try digest ?? hasher.hash(password)
            digest = hash
            try await database.retryingTransaction { database in
                let user = try await AccountQueries.create(SignUp(name: account.name, email: email, password: password, profile: SignUpProfile(kind: account.kind)), passwordHash: hash, on: database)
                try await AccountQueries.markVerified(user, on: database)
                let organisation = try await OrganisationQueries.create(
                    kind: account.kind, name: account.kind == .structure ? run!.name : account.organisation,
                    structure: account.kind == .structure ? run!.id : nil, territory: account.territory, siret: account.siret, communeCode: account.communeCode,
                    on: database
                )
                try await OrganisationQueries.addMember(user, to: organisation, role: .admin, on: database)
            }
            created += 1
        }
        if created > 0 { logger.info("Demo accounts created", metadata: ["accounts": "\(created)", "password": "\(password)"]) }
    }
}
