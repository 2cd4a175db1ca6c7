import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import PasserelleTerritory
import SQLKit
import Vapor

/// Writes a structure's CSV of people and contracts, line by line, through the same checks and
/// stores as the forms. The whole import is one transaction: a check, or an import with refused
/// lines when only a complete one was asked, runs everything and then rolls it back, so that its
/// report says exactly what the import would do. Importing the same file twice changes nothing.
package enum PeopleImporter {
    package enum Mode: String, Sendable {
        /// Runs every line and writes nothing.
        case check = "verifier"
        /// Writes only if no line is refused.
        case complete = "tout"
        /// Writes the lines that pass, leaves the others.
        case validOnly = "valides"
    }

    package struct Outcome: Sendable {
        package var line: Int
        package var name: String
        package var done: [String]
        package var problems: [String]
        package var person: UUID?
    }

    package struct Report: Sendable {
        package var outcomes: [Outcome]
        package var written: Bool
        package var created = 0
        package var updated = 0
        package var unchanged = 0
        package var hired = 0
        package var contracts = 0

        package var refused: Int { outcomes.filter { !$0.problems.isEmpty }.count }
    }

    /// What the import needs to know about the structure and the day.
    package struct Setting: Sendable {
        package var structure: UUID
        package var kind: StructureKind
        package var today: String
        package var gazetteer: Gazetteer
        package var rules: [EligibilityRuleSet]
        package var bounds: [ContractBounds]
    }

    private struct RolledBack: Error { var report: Report }

    package static func run(_ lines: [PeopleImport.Line], mode: Mode, setting: Setting, by user: SignedInUser, address: String?,
                            on database: any Database) async throws -> Report {
        do {
            return try await database.retryingTransaction { database in
                var report = try await apply(lines, setting: setting, by: user, address: address, on: database)
                report.written = mode != .check && (mode == .validOnly || report.refused == 0)
                guard report.written else { throw RolledBack(report: report) }
                try await Audit.record(.peopleImported, actorID: user.id, actor: user.email, object: "structure:\(setting.structure.uuidString.lowercased())",
                                       detail: "\(lines.count) lignes : \(report.created) créées, \(report.updated) mises à jour, \(report.refused) refusées",
                                       address: address, on: database)
                return report
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.report
        }
    }

    /// The commune of a line: an INSEE code, or a name borne by one commune only.
    static func commune(_ text: String, in gazetteer: Gazetteer) -> Result<String, String> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .failure("Commune de résidence : obligatoire.") }
        if gazetteer.commune(trimmed.uppercased()) != nil { return .success(trimmed.uppercased()) }
        let named = gazetteer.communes(named: SearchText.fold(trimmed))
        switch named.count {
        case 1: return .success(named[0].code)
        case 0: return .failure("Commune inconnue : « \(trimmed.prefix(40)) » (donnez son code INSEE).")
        default:
            return .failure("\(named.count) communes s’appellent « \(trimmed.prefix(40)) » : donnez le code INSEE (\(named.prefix(4).map(\.code).joined(separator: ", "))…).")
        }
    }

    private static func apply(_ lines: [PeopleImport.Line], setting: Setting, by user: SignedInUser, address: String?,
                              on database: any Database) async throws -> Report {
        let members = try await OrganisationQueries.members(ofStructure: setting.structure, on: database)
        let memberIDs = Set(members.map(\.id))
        var known: [String: PeopleStore.Person] = [:]
        for person in try await PeopleStore.list(PeopleStore.Filter(structure: setting.structure), offset: 0, limit: 1_000_000, on: database).people {
            known[PeopleImport.key(lastName: person.lastName, firstName: person.firstName, birthDate: person.birthDate)] = person
        }
        var report = Report(outcomes: [], written: false)
        for line in lines {
            var problems = line.problems
            var draft = line.person
            var communeRefused = false
            switch commune(line.commune, in: setting.gazetteer) {
            case .success(let code): draft.communeCode = code
            case .failure(let message):
                problems.append(message)
                communeRefused = true
            }
            let email = line.referentEmail.lowercased()
            if email.isEmpty {
                draft.referent = user.id.uuidString
            } else if let member = members.first(where: { $0.email.lowercased() == email }) {
                draft.referent = member.id.uuidString
            } else {
                problems.append("Référent : « \(line.referentEmail.prefix(80)) » n’est pas un membre de la structure.")
                draft.referent = user.id.uuidString
            }
            let existing = known[line.key]
            var checked: PersonDraft.Checked?
            switch draft.check(today: setting.today, isCommune: { setting.gazetteer.commune($0) != nil }, referents: memberIDs, consentNeeded: existing == nil) {
            case .success(let value): checked = value
            case .failure(let found):
                // The commune's own message is already there: the draft's would repeat it.
                problems += found.list.filter { $0.field != PersonDraft.Field.commune || !communeRefused }.map { problem in
                    problem.field == PersonDraft.Field.consent ? "Accord : « oui » dans la colonne « accord » pour ouvrir un nouveau dossier, avec l’accord de la personne."
                        : problem.message
                }
            }
            var journeys: [JourneyStore.Journey] = []
            if let existing { journeys = try await JourneyStore.journeys(of: existing.id, on: database) }
            let plan = hiring(line.hire, journeys: journeys, setting: setting)
            problems += plan.problems
            var outcome = Outcome(line: line.number, name: "\(draft.firstName) \(draft.lastName)".trimmingCharacters(in: .whitespaces), done: [], problems: problems,
                                  person: existing?.id)
            guard problems.isEmpty, let checked else {
                report.outcomes.append(outcome)
                continue
            }
            let id: UUID
            if let existing {
                id = existing.id
                if same(existing, checked) {
                    outcome.done.append("dossier inchangé")
                    report.unchanged += 1
                } else {
                    try await PeopleStore.update(id, with: checked, by: user, address: address, on: database)
                    outcome.done.append("dossier mis à jour")
                    report.updated += 1
                }
            } else {
                id = try await PeopleStore.create(checked, structure: setting.structure, by: user, address: address, on: database)
                outcome.done.append("nouveau dossier")
                report.created += 1
            }
            outcome.person = id
            switch plan.write {
            case .hire(let hire)?:
                _ = try await JourneyStore.hire(hire, person: id, structure: setting.structure, kind: setting.kind, by: user, address: address, on: database)
                outcome.done.append(hire.contract == nil ? "embauche" : "embauche et contrat")
                report.hired += 1
            case .contract(let terms, let journey)?:
                try await JourneyStore.addContract(terms, journey: journey, person: id, by: user, address: address, on: database)
                outcome.done.append("contrat ajouté")
                report.contracts += 1
            case nil:
                if line.hire != nil { outcome.done.append("embauche déjà enregistrée") }
            }
            if let person = try await PeopleStore.person(id, on: database) { known[line.key] = person }
            report.outcomes.append(outcome)
        }
        return report
    }

    private enum Write {
        case hire(HireDraft.Checked)
        case contract(ContractTerms, journey: UUID)
    }

    /// What a line's hiring asks, against the person's journeys: a first hiring, a contract added
    /// to the open journey of that hiring, or nothing when both are already there.
    private static func hiring(_ hire: HireDraft?, journeys: [JourneyStore.Journey], setting: Setting) -> (write: Write?, problems: [String]) {
        guard let hire else { return (nil, []) }
        if let same = journeys.first(where: { $0.hiredOn == hire.hiredOn }) {
            guard let contract = hire.contract, !same.contracts.contains(where: { $0.kind == contract.kind && $0.start == contract.start }) else { return (nil, []) }
            guard same.state == .open else {
                return (nil, ["Le parcours de l’embauche du \(DateText.frenchDay(iso: same.hiredOn)) est terminé : aucun contrat ne s’y ajoute."])
            }
            let problems = ContractRenewal.problems(contract, earlier: same.contracts, hiredOn: same.hiredOn, structure: setting.kind, bounds: setting.bounds)
            return problems.isEmpty ? (.contract(contract, journey: same.id), []) : (nil, problems)
        }
        if let other = journeys.first {
            return (nil, ["La personne a déjà un parcours (embauche du \(DateText.frenchDay(iso: other.hiredOn))) : "
                + "la date d’embauche du fichier ne correspond pas ; une nouvelle embauche se saisit sur son dossier."])
        }
        switch hire.check(rules: setting.rules, bounds: setting.bounds) {
        case .success(let checked): return (.hire(checked), [])
        case .failure(let problems): return (nil, problems.list.map(\.message))
        }
    }

    private static func same(_ person: PeopleStore.Person, _ checked: PersonDraft.Checked) -> Bool {
        person.firstName == checked.firstName && person.lastName == checked.lastName && person.birthDate == checked.birthDate
            && person.communeCode == checked.communeCode && person.preference == checked.preference && person.phone == checked.phone
            && person.email == checked.email && Set(person.publics) == Set(checked.publics) && person.referentID == checked.referent
    }
}
