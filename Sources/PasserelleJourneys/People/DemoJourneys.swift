import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The demo's journeys: the demo ACI and EI each accompany 40 invented people, a quarter
/// welcomed without a hiring yet, the others hired with an IAE diagnosis and a CDDI. Names are
/// drawn from two lists and belong to nobody; there is no telephone, and addresses use the
/// reserved `example.org`.
package enum DemoJourneys {
    static let firstNames = ["Inès", "Tom", "Maëlle", "Yanis", "Sofia", "Lucas", "Chloé", "Nathan", "Léa", "Karim", "Jade", "Hugo", "Manon", "Enzo", "Lina",
                             "Théo", "Camille", "Mehdi", "Zoé", "Louis"]
    static let lastNames = ["Exemple", "Démo", "Fictif", "Essai", "Modèle", "Témoin", "Spécimen", "Maquette", "Prototype", "Ébauche"]
    /// Communes of the Hauts-de-France: Lille, Roubaix, Tourcoing, Arras, Amiens, Calais, Dunkerque, Saint-Quentin.
    static let communes = ["59350", "59512", "59599", "62041", "80021", "62193", "59183", "02691"]
    static let perStructure = 40

    package static func load(_ app: Application) async throws {
        let db = app.db
        guard try await db.sql.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) == 0 else { return }
        let rules = try await EligibilityRuleStore.ruleSets(on: db)
        let bounds = app.contractRules.bounds
        for (offset, local) in ["structure", "structure2"].enumerated() {
            guard let email = EmailAddress("\(local)@\(DemoAccounts.domain)"), let account = try await AccountQueries.account(email: email, on: db),
                  let structureID = try await OrganisationQueries.memberships(of: account.id, on: db).compactMap(\.structureID).first,
                  let structure = try await DirectoryQueries.structure(id: structureID, on: db) else { continue }
            let user = SignedInUser(id: account.id, name: account.name, email: account.email)
            let referents = Set(try await OrganisationQueries.members(ofStructure: structureID, on: db).map(\.id))
            let today = CivilDay(DateText.parisDay(Date()))!
            for index in 0..<perStructure {
                let seed = offset * perStructure + index
                var draft = PersonDraft()
                draft.firstName = firstNames[seed % firstNames.count]
                draft.lastName = lastNames[(seed / firstNames.count + seed) % lastNames.count]
                draft.birthDate = today.addingMonths(-12 * (19 + seed % 40)).addingDays(-(seed * 37) % 300).text
                draft.communeCode = communes[seed % communes.count]
                draft.preference = ContactPreference.email.rawValue
                draft.email = "\(SearchText.fold(draft.firstName)).\(SearchText.fold(draft.lastName)).\(seed)@example.org"
                draft.publics = seed % 3 == 0 ? ["jeunes"] : seed % 3 == 1 ? ["beneficiaires-des-minimas-sociaux"] : ["demandeurs-emploi"]
                draft.referent = account.id.uuidString
                draft.consent = true
                guard case .success(let person) = draft.check(today: today.text, isCommune: { _ in true }, referents: referents, consentNeeded: true) else { continue }
                let id = try await PeopleStore.create(person, structure: structureID, by: user, address: nil, on: db)
                guard index % 4 != 0 else { continue }
                let hired = today.addingDays(-(20 + (seed * 11) % 500))
                var hire = HireDraft(kind: structure.kind)
                hire.hiredOn = hired.text
                hire.diagnosisDate = hired.addingDays(-(5 + seed % 40)).text
                hire.diagnosisAuthor = index % 3 == 0 ? HireDraft.DiagnosisAuthor.structure.rawValue : HireDraft.DiagnosisAuthor.prescriber.rawValue
                hire.prescriber = index % 3 == 0 ? "" : "Mission locale de Démoville (démo)"
                hire.criteria = index % 2 == 0 ? ["rsa"] : ["moins-de-26-ans", "residence-qpv", "probleme-mobilite"]
                for code in hire.criteria { hire.proofs[code] = code == "rsa" ? "Attestation de la CAF de moins de 3 mois" : "Pièce vue lors du diagnostic" }
                if bounds.contains(where: { $0.kind == .cddi && $0.structures.contains(structure.kind) }) {
                    hire.contract = ContractTerms(kind: .cddi, start: hired.text, end: hired.addingMonths(6).addingDays(-1).text, weeklyHours: Double(20 + seed % 16))
                }
                if case .success(let checked) = hire.check(rules: rules, bounds: bounds) {
                    _ = try await JourneyStore.hire(checked, person: id, structure: structureID, kind: structure.kind, by: user, address: nil, on: db)
                }
            }
        }
    }
}
