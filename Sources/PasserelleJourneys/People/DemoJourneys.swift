import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserellePurchasing
import PasserelleServices
import SQLKit
import Vapor

/// The demo's journeys: the demo ACI and EI each accompany 40 invented people, a quarter
/// welcomed without a hiring yet, the others hired with an IAE diagnosis and a CDDI; the ACI's
/// people did most of the insertion hours of the need it won, three are referred to a service from
/// a barrier, and one record was erased. Names are drawn from two lists and
/// belong to nobody; there is no telephone, and addresses use the reserved `example.org`.
package enum DemoJourneys {
    package static let firstNames = ["Inès", "Tom", "Maëlle", "Yanis", "Sofia", "Lucas", "Chloé", "Nathan", "Léa", "Karim", "Jade", "Hugo", "Manon", "Enzo", "Lina",
                             "Théo", "Camille", "Mehdi", "Zoé", "Louis"]
    package static let lastNames = ["Exemple", "Démo", "Fictif", "Essai", "Modèle", "Témoin", "Spécimen", "Maquette", "Prototype", "Ébauche"]
    /// Communes of the Hauts-de-France: Lille, Roubaix, Tourcoing, Arras, Amiens, Calais, Dunkerque, Saint-Quentin.
    static let communes = ["59350", "59512", "59599", "62041", "80021", "62193", "59183", "02691"]
    static let perStructure = 40
    static let exits: [ExitContract] = [.permanent, .longFixedTerm, .shortFixedTerm, .training, .temping, .none, .otherStructure, .business]
    /// Invented employers of the Hauts-de-France, for the exits into a job.
    static let employers = ["Transports Exemple (démo)", "Boulangerie du Beffroi (démo)", "Logistique des Flandres (démo)", "Espaces verts de l’Artois (démo)"]

    /// A barrier or two in the plan, some lifted, and an action tied to the first.
    static func plan(person: UUID, seed: Int, by user: SignedInUser, on db: any Database) async throws {
        let categories = ["mobilite", "logement-hebergement", "sante", "lecture-ecriture-calcul", "difficultes-financieres", "numerique"]
        let first = categories[seed % categories.count]
        try await PlanStore.addBarrier(first, note: nil, person: person, by: user, address: nil, on: db)
        if seed % 2 == 0 { try await PlanStore.addBarrier(categories[(seed + 2) % categories.count], note: nil, person: person, by: user, address: nil, on: db) }
        let barriers = try await PlanStore.barriers(of: person, on: db)
        let main = barriers.first { $0.category == first }
        if seed % 3 != 0, let barrier = main {
            _ = try await PlanStore.moveBarrier(barrier, to: seed % 3 == 1 ? .lifted : .inProgress, person: person, by: user, address: nil, on: db)
        }
        var action = PlanEntryDraft()
        action.title = first == "mobilite" ? "Préparer le code de la route" : "Premier rendez-vous avec le partenaire"
        action.kind = first == "mobilite" ? ActionKind.step.rawValue : ActionKind.appointment.rawValue
        action.barrier = main?.id.uuidString ?? ""
        if case .success(let checked) = action.checkAction(barriers: Set(barriers.map(\.id))) {
            try await PlanStore.addAction(checked, person: person, by: user, address: nil, on: db)
        }
    }

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
                guard case .success(let checked) = hire.check(rules: rules, bounds: bounds) else { continue }
                let journey = try await JourneyStore.hire(checked, person: id, structure: structureID, kind: structure.kind, by: user, address: nil, on: db)
                try await plan(person: id, seed: seed, by: user, on: db)
                // The longer journeys have ended, in each category; some were followed up.
                let days = 20 + (seed * 11) % 500
                guard days > 240 else { continue }
                var exit = ExitDraft()
                exit.day = hired.addingDays(200).text
                exit.contract = exits[seed % exits.count].rawValue
                exit.employer = ExitContract(rawValue: exit.contract)?.isEmployment == true ? employers[seed % employers.count] : ""
                guard case .success(let exited) = exit.check(hiredOn: hired.text, today: today.text) else { continue }
                try await PlanStore.exit(journey, with: exited, person: id, by: user, address: nil, on: db)
                for milestone in FollowUpSchedule.milestones(after: exited.day) ?? [] where exited.contract.isEmployment && milestone.due <= today.text {
                    let outcome: FollowUpOutcome = (seed + milestone.months) % 5 == 0 ? .notEmployed : (seed + milestone.months) % 7 == 0 ? .unreachable : .employed
                    try await PlanStore.recordFollowUp(milestone.months, outcome: outcome, journey: journey, person: id, by: user, address: nil, on: db)
                }
            }
            try await shareHours(of: structureID, by: user, on: db)
            if offset == 0 {
                try await refer(structure: structureID, account: account.id, by: user, app: app)
                // A record erased at the person's request: only the audit log says it was.
                var gone = PersonDraft()
                gone.firstName = "Effacée"
                gone.lastName = "Démo"
                gone.birthDate = today.addingMonths(-12 * 30).text
                gone.communeCode = communes[0]
                gone.preference = ContactPreference.throughReferent.rawValue
                gone.referent = account.id.uuidString
                gone.consent = true
                if case .success(let person) = gone.check(today: today.text, isCommune: { _ in true }, referents: referents, consentNeeded: true) {
                    let id = try await PeopleStore.create(person, structure: structureID, by: user, address: nil, on: db)
                    try await PeopleStore.erase(id, by: user, address: nil, on: db)
                }
            }
        }
    }

    /// Three people in a journey, with their agreement to sharing, referred to a service of their
    /// first barrier's category near their commune, as « Orienter vers un service » does it.
    static func refer(structure: UUID, account: UUID, by user: SignedInUser, app: Application) async throws {
        let db = app.db
        guard let organisation = try await OrganisationQueries.memberships(of: account, on: db).first(where: { $0.structureID == structure })?.organisationID else { return }
        var filter = PeopleStore.Filter(structure: structure)
        filter.stage = .inJourney
        var referred = 0
        for person in try await PeopleStore.list(filter, offset: 4, limit: 20, on: db).people where referred < 3 {
            guard let barrier = try await PlanStore.barriers(of: person.id, on: db).first(where: { !$0.state.isClosed && $0.referralID == nil }) else { continue }
            let thematiques = Set(ServiceVocabulary.category(barrier.category)?.thematiques.map(\.value) ?? [])
            let hits = try await ServiceQueries.search(ServiceQuery(communeCode: person.communeCode, thematiques: thematiques), app: app,
                                                       reference: try app.platform.reference)
            guard let service = hits.first?.service else { continue }
            _ = try await PeopleStore.setConsent(.sharing, given: true, person: person.id, by: user, address: nil, on: db)
            var draft = ReferralRequest()
            draft.firstName = person.firstName
            draft.lastName = person.lastName
            draft.publics = person.publics
            draft.preference = person.preference.rawValue
            draft.email = person.email ?? ""
            draft.referentName = user.name
            draft.reason = "Lever le frein « \(barrier.label) » pour tenir le poste et préparer la sortie vers l’emploi."
            draft.criteriaChecked = true
            draft.consent = true
            guard case .success(let checked) = draft.check(service: service.status) else { continue }
            let referral = try await ReferralFlows.send(checked, to: service, from: organisation, by: .init(userID: user.id, label: user.email, address: nil),
                                                        publicURL: app.platform.config.publicURL, on: db)
            try await PlanStore.tie(referral, service: service.name, to: barrier, person: person.id, by: user, address: nil, on: db)
            referred += 1
        }
    }

    /// Four people in a journey did most of each month's hours of the needs the structure won;
    /// the rest is left for the visitor to attribute.
    static func shareHours(of structure: UUID, by user: SignedInUser, on db: any Database) async throws {
        var filter = PeopleStore.Filter(structure: structure)
        filter.stage = .inJourney
        let workers = try await PeopleStore.list(filter, offset: 0, limit: 4, on: db).people
        for month in try await HoursStore.wonMonths(by: structure, on: db) {
            for worker in workers {
                _ = try await PersonHoursStore.attribute(String(month.hours / 5), of: month, to: worker, by: user, address: nil, on: db)
            }
        }
    }
}
