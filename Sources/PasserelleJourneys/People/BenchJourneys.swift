import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The benchmark's journeys (`passerelle bench journeys`): for one structure, `count` invented
/// people at every stage, written in bulk (the forms' stores write one person per transaction, an
/// hour for 60,000). Each person has an agreement, two barriers, two actions, and, when hired, a
/// journey with its contract; some have exited and been followed up; about sixteen timeline
/// events each. Names are drawn from lists and belong to nobody.
package enum BenchJourneys {
    static let firstNames = DemoJourneys.firstNames
    static let lastNames = DemoJourneys.lastNames + ["Banc", "Mesure", "Charge", "Volume", "Série", "Lot"]
    static let categories = ["mobilite", "logement-hebergement", "sante", "lecture-ecriture-calcul", "difficultes-financieres", "numerique"]

    private struct Rows: Sendable {
        var people: [[any SQLExpression]] = []
        var consents: [[any SQLExpression]] = []
        var journeys: [[any SQLExpression]] = []
        var contracts: [[any SQLExpression]] = []
        var barriers: [[any SQLExpression]] = []
        var actions: [[any SQLExpression]] = []
        var followUps: [[any SQLExpression]] = []
        var events: [[any SQLExpression]] = []
    }

    /// Writes `count` people of `structure` (of `kind`), followed by `referents` in turn; `seed`
    /// makes each structure's people different. Returns the timeline events written.
    package static func insert(structure: UUID, kind: StructureKind, referents: [UUID], count: Int, seed: Int, communes: [String],
                               on database: any Database, now: Date = Date()) async throws -> Int {
        let today = CivilDay(DateText.parisDay(now))!
        var rows = Rows()
        for index in 0..<count {
            let n = seed * count + index
            let person = UUID()
            let first = firstNames[n % firstNames.count], last = lastNames[(n / firstNames.count) % lastNames.count]
            let opened = now.addingTimeInterval(-Double(30 + n % 700) * 86_400)
            let hiredDay = today.addingDays(-(20 + n % 680))
            let hired = index % 4 != 0
            let exited = hired && (20 + n % 680) > 300 && index % 3 != 0
            let stage: PersonStage = exited ? .exited : hired ? .inJourney : .welcomed
            let referent = referents[index % referents.count]
            rows.people.append([
                SQLBind(person), SQLBind(structure), SQLBind(first), SQLBind(last), SQLBind(today.addingMonths(-12 * (19 + n % 40)).text),
                SQLBind(communes[n % communes.count]), SQLBind(ContactPreference.throughReferent.rawValue), SQLBind(["jeunes", "demandeurs-emploi"][n % 2]),
                SQLBind(referent), SQLBind(stage.rawValue), SQLBind(SearchText.fold("\(first) \(last)")), SQLBind(opened), SQLBind(opened),
            ])
            rows.consents.append([SQLBind(UUID()), SQLBind(person), SQLBind(ConsentPurpose.accompaniment.rawValue), SQLBind(opened), SQLBind("Banc de mesure")])
            var events: [(kind: String, summary: String, journey: UUID?)] = [
                ("dossier", "Dossier ouvert ; accord pour l’accompagnement recueilli.", nil), ("rendez-vous", "Premier entretien avec le référent.", nil),
                ("rendez-vous", "Entretien de diagnostic socio-professionnel.", nil), ("action", "Point d’étape du plan.", nil),
            ]
            for offset in 0..<2 {
                let category = categories[(n + offset * 2) % categories.count]
                let barrier = UUID()
                let lifted = (n + offset) % 3 == 0
                rows.barriers.append([SQLBind(barrier), SQLBind(person), SQLBind(category), SQLBind((lifted ? BarrierState.lifted : .inProgress).rawValue),
                                      SQLBind(hiredDay.addingDays(offset * 10).text), SQLBind(lifted ? hiredDay.addingDays(90).text : nil), SQLBind(now)])
                rows.actions.append([SQLBind(UUID()), SQLBind(person), SQLBind(barrier), SQLBind(ActionKind.step.rawValue), SQLBind("Étape \(offset + 1) du plan"),
                                     SQLBind((offset == 0 ? ActionState.done : .planned).rawValue), SQLBind(hiredDay.addingDays(30 + offset * 30).text), SQLBind(now)])
                events += [("frein", "Frein identifié : \(category).", nil), ("frein", "Frein « \(category) » : identifié → en cours.", nil),
                           ("action", "Action prévue : étape \(offset + 1) du plan.", nil), ("action", "Étape \(offset + 1) : en projet → en cours.", nil)]
            }
            if hired {
                let journey = UUID()
                let exitDay = hiredDay.addingDays(200)
                let contract = ExitContract.allCases[n % ExitContract.allCases.count]
                let category = contract.category
                rows.journeys.append([
                    SQLBind(journey), SQLBind(person), SQLBind(structure), SQLBind(kind.rawValue), SQLBind((exited ? JourneyState.exited : .open).rawValue),
                    SQLBind(hiredDay.text), SQLBind(hiredDay.addingDays(-10).text), SQLBind("prescripteur"), SQLBind("rsa"), SQLBind(hiredDay.addingMonths(24).addingDays(-1).text),
                    SQLBind(exited ? exitDay.text : nil), SQLBind(exited ? contract.rawValue : nil), SQLBind(exited ? category.rawValue : nil), SQLBind(now),
                ])
                rows.contracts.append([SQLBind(UUID()), SQLBind(journey), SQLBind(ContractKind.cddi.rawValue), SQLBind(hiredDay.text),
                                       SQLBind(hiredDay.addingMonths(6).addingDays(-1).text), SQLBind(26.0), SQLBind(now)])
                events += [("embauche", "Embauche le \(hiredDay.text).", journey), ("contrat", "CDDI de 6 mois.", journey),
                           ("contrat", "Renouvellement prévu.", journey)]
                if exited {
                    events.append(("sortie", "Sortie le \(exitDay.text) (\(category.label.lowercased())).", journey))
                    for months in [1, 3, 6] where exitDay.addingMonths(months).text <= today.text {
                        rows.followUps.append([SQLBind(UUID()), SQLBind(journey), SQLBind(months), SQLBind(FollowUpOutcome.allCases[(n + months) % 3].rawValue),
                                               SQLBind(exitDay.addingMonths(months).text)])
                        events.append(("suivi", "Suivi à \(months) mois.", journey))
                    }
                }
            }
            for (offset, event) in events.enumerated() {
                rows.events.append([SQLBind(UUID()), SQLBind(person), SQLBind(event.journey), SQLBind(opened.addingTimeInterval(Double(offset) * 3_600)),
                                    SQLBind(event.kind), SQLBind(event.summary), SQLBind("Banc de mesure")])
            }
        }
        let written = rows
        try await database.retryingTransaction { database in
            let rows = written
            try await write(rows.people, into: "people", columns: ["id", "structure_id", "first_name", "last_name", "birth_date", "commune_code", "contact_preference",
                                                                   "publics", "referent_user_id", "state", "search_key", "created_at", "updated_at"], on: database)
            try await write(rows.consents, into: "person_consents", columns: ["id", "person_id", "purpose", "agreed_at", "recorded_by"], on: database)
            try await write(rows.journeys, into: "journeys", columns: ["id", "person_id", "structure_id", "structure_kind", "state", "hired_on", "diagnosis_date",
                                                                       "diagnosis_author", "criteria", "approval_end", "exit_on", "exit_contract", "exit_category", "created_at"], on: database)
            try await write(rows.contracts, into: "journey_contracts", columns: ["id", "journey_id", "kind", "start_on", "end_on", "weekly_hours", "created_at"], on: database)
            try await write(rows.barriers, into: "plan_barriers", columns: ["id", "person_id", "category", "state", "identified_on", "closed_on", "updated_at"], on: database)
            try await write(rows.actions, into: "plan_actions", columns: ["id", "person_id", "barrier_id", "kind", "title", "state", "due_on", "updated_at"], on: database)
            try await write(rows.followUps, into: "journey_followups", columns: ["id", "journey_id", "months", "outcome", "recorded_on"], on: database)
            try await write(rows.events, into: "journey_events", columns: ["id", "person_id", "journey_id", "at", "kind", "summary", "actor"], on: database)
        }
        return rows.events.count
    }

    /// `count` invented people of `structure` with their accompaniment agreement and nothing
    /// else, spread over `communes`: the jobs' benchmark gives them skills profiles. Their ids.
    package static func people(count: Int, structure: UUID, communes: [String], on database: any Database, now: Date = Date()) async throws -> [UUID] {
        let today = CivilDay(DateText.parisDay(now))!
        var people: [[any SQLExpression]] = [], consents: [[any SQLExpression]] = [], ids: [UUID] = []
        for n in 0..<count {
            let person = UUID()
            let first = firstNames[n % firstNames.count], last = lastNames[(n / firstNames.count) % lastNames.count]
            people.append([SQLBind(person), SQLBind(structure), SQLBind(first), SQLBind(last), SQLBind(today.addingMonths(-12 * (19 + n % 40)).text),
                           SQLBind(communes[n % communes.count]), SQLBind(ContactPreference.throughReferent.rawValue), SQLBind("demandeurs-emploi"),
                           SQLBind(PersonStage.welcomed.rawValue), SQLBind(SearchText.fold("\(first) \(last)")), SQLBind(now), SQLBind(now)])
            consents.append([SQLBind(UUID()), SQLBind(person), SQLBind(ConsentPurpose.accompaniment.rawValue), SQLBind(now), SQLBind("Banc de mesure")])
            ids.append(person)
        }
        let (peopleRows, consentRows) = (people, consents)
        try await database.retryingTransaction { database in
            try await write(peopleRows, into: "people", columns: ["id", "structure_id", "first_name", "last_name", "birth_date", "commune_code", "contact_preference",
                                                                  "publics", "state", "search_key", "created_at", "updated_at"], on: database)
            try await write(consentRows, into: "person_consents", columns: ["id", "person_id", "purpose", "agreed_at", "recorded_by"], on: database)
        }
        return ids
    }

    /// Rows a few hundred per statement, within the databases' limits on bound values.
    private static func write(_ rows: [[any SQLExpression]], into table: String, columns: [String], on database: any Database) async throws {
        for chunk in rows.chunked(into: max(1, 2_000 / columns.count)) {
            var insert = database.sql.insert(into: table).columns(columns)
            for row in chunk { insert = insert.values(row) }
            try await insert.run()
        }
    }
}
