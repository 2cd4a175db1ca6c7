import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserelleJourneys
import PasserellePlatform
import SQLKit
import Vapor

/// The demo's companies and offers: 30 invented companies of the Hauts-de-France (the demo
/// account « entreprise » runs the first), each with a few offers, and the insertion posts of the
/// two demo structures — 150 offers at every state; and some twenty applications at every stage, sent by
/// the demo prescriber and the demo EI to the demo company's and the demo ACI's offers among
/// others. Nobody and nothing real: names, SIRET (a right key, invented digits) and trades are
/// made up; the people's names come from the journeys' invented lists.
enum DemoJobs {
    /// Each company with the jobs (ROME codes) it recruits for.
    static let companies: [(name: String, commune: String, jobs: [String])] = [
        ("Menuiserie du Val de Deûle (démo)", "59350", ["H2206"]), ("Transports Lefebvre-Dumont (démo)", "59512", ["N4105", "N4101"]),
        ("Boulangerie des Trois Moulins (démo)", "62041", ["D1102", "D1106"]), ("Logistique Nord Hub (démo)", "59183", ["N1103", "N1101"]),
        ("Jardins de l’Escaut (démo)", "59606", ["A1203"]), ("Garage Central Arrageois (démo)", "62041", ["I1604", "I1606"]),
        ("Propreté Opale Services (démo)", "62160", ["K2204"]), ("Imprimerie de la Lys (démo)", "59009", ["N1103"]),
        ("Hôtel du Beffroi (démo)", "80021", ["G1703", "G1602"]), ("Maçonnerie Vasseur et fils (démo)", "02691", ["F1703"]),
        ("Clinique vétérinaire des Flandres (démo)", "59183", ["A1501"]), ("Supermarché de la Gare (démo)", "62498", ["D1507", "D1101"]),
        ("Atelier Métal Picard (démo)", "80021", ["H2913", "H2902"]), ("Crèche Les Petits Pas (démo)", "60057", ["K1303"]),
        ("Restaurant Le Pavé du Nord (démo)", "59350", ["G1602", "G1803"]), ("Électricité Boulonnaise (démo)", "62160", ["F1602"]),
        ("Scierie de l’Avesnois (démo)", "59036", ["N1101", "H2206"]), ("Plateforme e-commerce Hauts-de-France (démo)", "59009", ["N1103"]),
        ("Maison de retraite Les Tilleuls (démo)", "62498", ["J1501", "K1302"]), ("Chantier naval de Gravelines (démo)", "59273", ["H2902", "H2913"]),
        ("Fromagerie de Thiérache (démo)", "02691", ["H2102"]), ("Agence de sécurité Vigie Nord (démo)", "59512", ["K2503"]),
        ("Coiffure Studio 62 (démo)", "62041", ["D1202"]), ("Pépinières de l’Oise (démo)", "60057", ["A1203"]),
        ("Carrosserie Compiégnoise (démo)", "60159", ["I1606"]), ("Laverie industrielle du Hainaut (démo)", "59606", ["K2204"]),
        ("Bureau d’études Somme Énergie (démo)", "80021", ["F1602"]), ("Entrepôt frigorifique de Dunkerque (démo)", "59183", ["N1101", "N1103"]),
        ("Plâtrerie Saint-Quentinoise (démo)", "02691", ["F1601"]), ("Cave et épicerie fine Vauban (démo)", "59350", ["D1106"]),
    ]

    /// What an offer of each job asks, and whether an inclusive structure offers it as an insertion post.
    static let trades: [String: (skills: [String], insertion: Bool)] = [
        "A1203": (["Tonte", "Taille de haies", "Débroussaillage", "Respect des consignes de sécurité"], true),
        "K2204": (["Entretien des sols", "Respect des consignes d’hygiène", "Travail en équipe"], true),
        "N1103": (["Préparation de commandes", "Lecture de bons de commande", "Port de charges"], true),
        "G1602": (["Préparation des légumes", "Respect des consignes d’hygiène", "Travail en équipe"], true),
        "F1606": (["Préparation des supports", "Peinture", "Pose de revêtements"], true),
        "H2206": (["Lecture de plans", "Utilisation de machines à bois", "Pose de menuiseries"], false),
        "F1703": (["Montage de murs", "Coulage de dalles", "Lecture de plans"], false),
        "D1106": (["Mise en rayon", "Accueil des clients", "Encaissement"], false),
        "N4105": (["Conduite de véhicule léger", "Permis B", "Relation client"], false),
        "N4101": (["Conduite de poids lourd", "Permis C", "Arrimage des charges"], false),
        "K1302": (["Aide à la toilette", "Préparation des repas", "Écoute"], false),
        "I1604": (["Diagnostic de pannes", "Entretien courant", "Travail en équipe"], false),
        "I1606": (["Préparation des surfaces", "Peinture", "Redressage de tôles"], false),
        "D1101": (["Découpe", "Respect des consignes d’hygiène", "Accueil des clients"], false),
        "D1102": (["Pétrissage", "Façonnage", "Cuisson"], false),
        "N1101": (["Conduite de chariot élévateur", "CACES", "Gestion des stocks"], false),
        "G1703": (["Accueil des clients", "Réservations", "Anglais courant"], false),
        "A1501": (["Contention des animaux", "Hygiène des locaux", "Accueil des clients"], false),
        "D1507": (["Mise en rayon", "Rotation des produits", "Accueil des clients"], false),
        "H2913": (["Soudage semi-automatique", "Lecture de plans", "Respect des consignes de sécurité"], false),
        "H2902": (["Traçage", "Découpe de tôles", "Soudage"], false),
        "K1303": (["Éveil des enfants", "Hygiène", "Écoute"], false),
        "G1803": (["Service en salle", "Accueil des clients", "Travail en équipe"], false),
        "F1602": (["Pose de câbles", "Lecture de schémas", "Habilitation électrique"], false),
        "J1501": (["Soins d’hygiène", "Aide au repas", "Écoute"], false),
        "H2102": (["Conduite de ligne", "Respect des consignes d’hygiène", "Contrôle qualité"], false),
        "K2503": (["Surveillance", "Rondes", "Accueil"], false),
        "D1202": (["Coupe", "Coloration", "Accueil des clients"], false),
        "F1601": (["Pose de plaques de plâtre", "Enduits", "Lecture de plans"], false),
    ]
    static let insertionJobs = ["A1203", "K2204", "N1103", "G1602", "F1606"]

    static let companyContracts: [OfferContract] = [.cdi, .cdd, .cdi, .interim, .apprenticeship, .cdd]
    /// The insertion contract each kind of structure signs (an EITI or an ESAT posts ordinary contracts).
    static let structureContracts: [StructureKind: OfferContract] = [.aci: .cddi, .ei: .cddi, .ai: .mission, .etti: .mission, .ea: .cddTremplin,
                                                                   .eatt: .cddTremplin, .geiq: .geiq]

    static func siret(_ seed: Int) -> String {
        let digits = String(40_000_000_000 + seed * 7_919)
        let body = String(repeating: "0", count: max(0, 13 - digits.count)) + digits
        return (0...9).map { body + String($0) }.first(where: Siret.isValid) ?? body + "0"
    }

    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await db.sql.raw("SELECT COUNT(*) AS n FROM job_offers").first(decodingColumn: "n", as: Int.self) == 0 else { return }
        let reference = try app.platform.reference
        let rome = app.jobsReference.rome
        let today = CivilDay(DateText.parisDay(Date()))!
        var employers: [(employer: OfferEmployer, jobs: [String], insertion: Bool, author: String)] = []
        var pages: [(organisation: UUID, index: Int)] = []
        for (index, company) in companies.enumerated() {
            let organisation: UUID
            // The demo account's offers are its own: the mailed links of their applications reach it.
            var author = "démo"
            if index == 0, let demo = try await DemoAccounts.organisation(of: "entreprise", on: db) {
                organisation = demo
                author = "entreprise@\(DemoAccounts.domain)"
            } else {
                organisation = try await OrganisationQueries.create(kind: .company, name: company.name, siret: siret(index), communeCode: company.commune, on: db)
            }
            employers.append((OfferEmployer(organisation: organisation, structure: nil, name: company.name, kind: OfferQuery.companyKind), company.jobs, false, author))
            pages.append((organisation, index))
        }
        for local in ["structure", "structure2"] {
            guard let email = EmailAddress("\(local)@\(DemoAccounts.domain)"), let account = try await AccountQueries.account(email: email, on: db),
                  let membership = try await OrganisationQueries.memberships(of: account.id, on: db).first(where: { $0.structureID != nil }),
                  let structureID = membership.structureID, let structure = try await DirectoryQueries.structure(id: structureID, on: db) else { continue }
            let employer = OfferEmployer(organisation: membership.organisationID, structure: structureID, name: structure.name, kind: structure.kind.rawValue)
            // The two structures post more: their insertion posts are what the job coaches look for.
            for _ in 0..<5 { employers.append((employer, insertionJobs, true, email.value)) }
        }
        var written = 0
        var seed = 0
        var published: [(id: UUID, employer: OfferEmployer)] = []
        while written < 150, seed < 1_000 {
            let (employer, jobs, insertion, author) = employers[seed % employers.count]
            let job = jobs[(seed / employers.count) % jobs.count]
            seed += 1
            guard let trade = trades[job], let label = rome.job(job)?.label else { continue }
            guard let title = rome.search(label, limit: 5).first(where: { $0.job == job }) ?? rome.titles.values.filter({ $0.job == job }).min(by: { $0.code < $1.code }) else { continue }
            let communeCode = insertion ? try await structureCommune(employer, on: db) ?? "59350" : companies.first { $0.name == employer.name }?.commune ?? "59350"
            guard let commune = reference.gazetteer.commune(communeCode) else { continue }
            var draft = OfferDraft()
            draft.title = label
            draft.romeTitle = String(title.code)
            draft.description = insertion
                ? "Poste en insertion, avec un accompagnement socioprofessionnel et des formations : \(trade.skills.prefix(2).joined(separator: ", ").lowercased()). Aucun diplôme demandé."
                : "Poste dans une équipe de \(5 + seed % 30) personnes. Nous recrutons sur les compétences et la motivation, et formons au poste."
            draft.communeCode = commune.code
            draft.contract = (insertion ? structureContracts[StructureKind(rawValue: employer.kind) ?? .aci] ?? .cdd : companyContracts[seed % companyContracts.count]).rawValue
            draft.weeklyHours = insertion ? ["26", "24", "30", "35"][seed % 4] : ["35", "35", "28", "39"][seed % 4]
            draft.startsOn = today.addingDays(7 + seed % 45).text
            draft.closesOn = today.addingDays(20 + seed % 120).text
            draft.openings = String(1 + seed % 3)
            draft.skills = trade.skills
            draft.openToDisabledWorkers = seed % 3 == 0
            draft.openToInsertionLeavers = !insertion && seed % 2 == 0
            guard case .success(let checked) = draft.validate(rome: rome, knownCommune: { reference.gazetteer.commune($0) != nil },
                                                              structureKind: StructureKind(rawValue: employer.kind), today: today.text) else { continue }
            // Most are published; some wait as drafts, some are filled or closed — each employer's too.
            let state: OfferState = switch (written + written / employers.count * 3) % 10 { case 0: .draft; case 1: .filled; case 2: .closed; default: .published }
            let created = Date().addingTimeInterval(-Double((seed * 7_211) % (40 * 86_400)))
            let id = try await OfferStore.create(checked, employer: employer, state: state == .draft ? .draft : .published, place: commune.centre,
                                                 departement: commune.departementCode, rome: rome, by: author, on: db, now: created)
            if state != .draft && state != .published { _ = try await OfferStore.move(id, from: .published, to: state, on: db, now: created) }
            if state == .published { published.append((id, employer)) }
            written += 1
        }
        let companyPages = try await DemoCompanies.load(pages, app: app)
        let applications = try await loadApplications(to: published, on: db)
        let immersions = try await loadImmersions(app, on: db)
        let profiles = try await loadProfiles(app, on: db)
        try await loadProspects(on: db)
        app.logger.info("Demo offers created", metadata: ["offers": "\(written)", "companies": "\(companies.count)", "applications": "\(applications)",
                                                          "immersions": "\(immersions)", "profiles": "\(profiles)",
                                                          "company pages": "\(companyPages)"])
    }

    /// The stages the demo's applications stand at, in turn.
    static let stages: [(JobApplicationState, JobApplicationRefusal?)] = [
        (.new, nil), (.studied, nil), (.interview, nil), (.accepted, nil), (.refused, .profile), (.cancelled, nil), (.unanswered, nil), (.refused, .filled),
    ]

    /// Up to 24 applications: six to the demo company (as many as it has open offers), six to the demo ACI, the rest
    /// elsewhere; sent by the demo prescriber and the demo EI (for people it follows).
    static func loadApplications(to offers: [(id: UUID, employer: OfferEmployer)], on db: any Database) async throws -> Int {
        guard let partner = try await DemoAccounts.organisation(of: "partenaire", on: db), let company = try await DemoAccounts.organisation(of: "entreprise", on: db),
              let aci = try await DemoAccounts.organisation(of: "structure", on: db), let ei = try await DemoAccounts.organisation(of: "structure2", on: db),
              let eiUser = try await demoUser("structure2", on: db) else { return 0 }
        var eiPeople: [PeopleStore.Person] = []
        if let structure = try await OrganisationQueries.memberships(of: eiUser, on: db).first(where: { $0.organisationID == ei })?.structureID {
            eiPeople = try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 12, on: db).people
        }
        let targets = offers.filter { $0.employer.organisation == company }.prefix(6) + offers.filter { $0.employer.organisation == aci }.prefix(6)
            + offers.filter { $0.employer.organisation != company && $0.employer.organisation != aci && $0.employer.organisation != ei }.prefix(12)
        let now = Date()
        var written = 0
        for (index, offer) in targets.enumerated() {
            let (state, refusal) = stages[index % stages.count]
            let fromEI = index % 2 == 1 && offer.employer.organisation != ei && index / 2 < eiPeople.count
            let person = fromEI ? eiPeople[index / 2] : nil
            let sent = now.addingTimeInterval(-Double(state == .unanswered ? 35 : 1 + index) * 86_400)
            let row = ApplicationRecord(
                id: UUID(), offerID: offer.id, employerOrganisationID: offer.employer.organisation, applicantOrganisationID: fromEI ? ei : partner,
                applicantUserID: try await demoUser(fromEI ? "structure2" : "partenaire", on: db), personID: person?.id, welcomedPersonID: nil,
                firstName: person?.firstName ?? DemoJourneys.firstNames[(index * 7) % DemoJourneys.firstNames.count],
                lastName: person?.lastName ?? DemoJourneys.lastNames[(index * 3) % DemoJourneys.lastNames.count],
                phone: nil, email: person?.email ?? "candidature.\(index)@example.org",
                message: "Motivée par le métier ; disponible dès la semaine prochaine. Accompagnement en cours, avec un point chaque semaine.",
                state: .new, refusalReason: nil, employerNote: nil, answeredBy: nil, sentAt: sent, changedAt: sent, remindedAt: nil, closedAt: nil, anonymisedAt: nil)
            try await db.retryingTransaction { transaction in
                try await ApplicationStore.insert(row, on: transaction)
                if state != .new {
                    let by = state == .cancelled ? "démo (équipe)" : state == .unanswered ? "système" : "démo (employeur)"
                    _ = try await ApplicationStore.move(row.id, from: .new, to: state, refusal: refusal, note: state == .interview ? "Entretien jeudi à 10 h, à l’accueil." : nil,
                                                       by: by, at: sent.addingTimeInterval(state == .unanswered ? 31 * 86_400 : 3_600), on: transaction)
                }
            }
            written += 1
        }
        return written
    }

    static func demoUser(_ local: String, on db: any Database) async throws -> UUID? {
        guard let email = EmailAddress("\(local)@\(DemoAccounts.domain)") else { return nil }
        return try await AccountQueries.account(email: email, on: db)?.id
    }

    static func structureCommune(_ employer: OfferEmployer, on db: any Database) async throws -> String? {
        guard let id = employer.structure else { return nil }
        return try await DirectoryQueries.structure(id: id, on: db)?.communeCode
    }

    /// Seven immersions of the demo ACI's people, one at each stage: a draft, one waiting for the
    /// host's signature, one signed to validate, one validated that ended (its assessment to do),
    /// one assessed (ended in a hiring, in the person's journey), one refused, one cancelled.
    static func loadImmersions(_ app: Application, on db: any Database) async throws -> Int {
        guard let aci = try await DemoAccounts.organisation(of: "structure", on: db), let user = try await demoUser("structure", on: db),
              let bounds = app.jobsReference.immersion,
              let structure = try await OrganisationQueries.memberships(of: user, on: db).first(where: { $0.organisationID == aci })?.structureID else { return 0 }
        let people = try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 40, on: db).people.filter { $0.email != nil }
        let reference = try app.platform.reference
        let today = CivilDay(DateText.parisDay(Date()))!
        let hosts = companies.prefix(7)
        let stages: [ImmersionState] = [.draft, .toSign, .signed, .validated, .assessed, .refused, .cancelled]
        var written = 0
        for (index, state) in stages.enumerated() where index < people.count {
            let person = people[index], host = hosts[hosts.startIndex + index]
            guard let title = app.jobsReference.rome.titles.values.filter({ $0.job == host.jobs[0] }).min(by: { $0.code < $1.code }) else { continue }
            // Ended ones lie in the past, the others ahead.
            let start = [.validated, .assessed].contains(state) ? today.addingDays(-30 + index) : today.addingDays(10 + index)
            var draft = ImmersionDraft()
            (draft.firstName, draft.lastName, draft.beneficiaryEmail) = (person.firstName, person.lastName, person.email ?? "")
            (draft.hostName, draft.hostContact, draft.hostEmail) = (host.name, "Responsable de l’accueil (démo)", "accueil.\(index)@example.org")
            (draft.tutorName, draft.romeTitle, draft.objective, draft.communeCode) = ("Tuteur ou tutrice (démo)", String(title.code), bounds.objectives[index % 3].code, host.commune)
            (draft.startsOn, draft.endsOn, draft.weeklyHours, draft.dailyHours) = (start.text, start.addingDays(11).text, "35", "7")
            draft.schedule = "Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h"
            guard case .success(let checked) = draft.validate(rome: app.jobsReference.rome, bounds: bounds, knownCommune: { reference.gazetteer.commune($0) != nil }) else { continue }
            let id = try await ImmersionStore.create(checked, prescriber: aci, person: person.id, by: "structure@\(DemoAccounts.domain)", on: db)
            let now = Date()
            let path: [ImmersionState] = switch state {
            case .draft: []
            case .toSign, .refused: [.toSign]
            case .signed: [.toSign, .signed]
            case .validated, .assessed: [.toSign, .signed, .validated]
            case .cancelled: []
            }
            var current = ImmersionState.draft
            for next in path {
                if next == .signed {
                    for party in ImmersionParty.allCases { _ = try await ImmersionStore.sign(id, party: party, version: 1, by: "Sacha Structure (démo)", at: now, on: db) }
                } else if next == .toSign, state == .toSign {
                    _ = try await ImmersionStore.move(id, from: current, to: next, version: 1, at: now, on: db)
                    for party in [ImmersionParty.beneficiary, .prescriber] { _ = try await ImmersionStore.sign(id, party: party, version: 1, by: "Sacha Structure (démo)", at: now, on: db) }
                    current = next
                    continue
                }
                _ = try await ImmersionStore.move(id, from: current, to: next, version: 1, at: now, on: db)
                current = next
            }
            switch state {
            case .refused: _ = try await ImmersionStore.move(id, from: .toSign, to: .refused, version: 1, reason: "L’entreprise ne peut plus accueillir ce mois-ci", at: now, on: db)
            case .cancelled: _ = try await ImmersionStore.move(id, from: .draft, to: .cancelled, version: 1, reason: "La personne a trouvé un emploi", at: now, on: db)
            case .assessed:
                let assessment = ImmersionAssessment(attendance: .complete, skillsObserved: Array(trades[host.jobs[0]]?.skills.prefix(2) ?? []), endedInHiring: true,
                                                     hiringContract: "CDD de six mois", comment: "Bonne intégration dans l’équipe ; ponctualité à travailler.")
                _ = try await ImmersionStore.assess(id, assessment, at: now, on: db)
                try await PeopleStore.event(person: person.id, journey: nil, kind: "immersion",
                                            summary: "Immersion chez \(host.name) : présence sur toute la période ; embauche à l’issue (CDD de six mois).",
                                            actor: "Sacha Structure (démo)", at: now, on: db)
            default: break
            }
            written += 1
        }
        return written
    }

    /// Skills profiles of twelve of the demo ACI's people, their projects among the insertion
    /// trades and the demo company's (joinery), most of them open to contacts; the demo company
    /// asked to meet two of them, one accepted.
    static func loadProfiles(_ app: Application, on db: any Database) async throws -> Int {
        guard let aci = try await DemoAccounts.organisation(of: "structure", on: db), let user = try await demoUser("structure", on: db),
              let company = try await DemoAccounts.organisation(of: "entreprise", on: db),
              let structure = try await OrganisationQueries.memberships(of: user, on: db).first(where: { $0.organisationID == aci })?.structureID else { return 0 }
        let gazetteer = try app.platform.reference.gazetteer
        let people = try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 40, on: db).people.suffix(12)
        let projects = [["H2206"], ["K2204", "N1103"], ["A1203"], ["H2206", "F1703"], ["G1602"], ["N1103", "N1101"]]
        var written = 0
        var profileIDs: [UUID] = []
        for (index, person) in people.enumerated() {
            var draft = SkillsProfileDraft()
            draft.projects = projects[index % projects.count]
            draft.skills = Array(draft.projects.flatMap { trades[$0]?.skills ?? [] }.prefix(4)) + ["Ponctualité"]
            draft.radiusKm = ["20", "30", "15", "40"][index % 4]
            draft.mobility = [["transports"], ["velo", "transports"], ["voiture"], ["pied", "transports"]][index % 4]
            draft.licences = index % 3 == 0 ? ["B"] : []
            draft.consent = true
            guard case .success(let checked) = draft.validate(rome: app.jobsReference.rome) else { continue }
            let id = try await ProfileStore.save(checked, person: person.id, structure: structure, place: gazetteer.commune(person.communeCode)?.centre,
                                                 contactConsent: index % 4 != 3, on: db)
            profileIDs.append(id)
            written += 1
        }
        for (index, profile) in profileIDs.prefix(2).enumerated() {
            _ = try await ProfileStore.request(profile: profile, company: company, offer: nil, by: "entreprise@\(DemoAccounts.domain)",
                                               message: "Nous recrutons en menuiserie ; pouvons-nous la rencontrer ?", on: db)
            if index == 0, let contact = try await ProfileStore.contacts(ofProfile: profile, on: db).first {
                _ = try await ProfileStore.answer(contact.id, with: .accepted, by: "structure@\(DemoAccounts.domain)", at: Date(), on: db)
            }
        }
        return written
    }

    /// The demo ACI's board: eight of the demo companies, at every stage, two steps overdue.
    static func loadProspects(on db: any Database) async throws {
        guard let aci = try await DemoAccounts.organisation(of: "structure", on: db), let user = try await demoUser("structure", on: db) else { return }
        let today = CivilDay(DateText.parisDay(Date()))!
        let stages: [ProspectStage] = [.toContact, .toContact, .contacted, .meeting, .immersion, .hiring, .nothing, .contacted]
        let steps = ["Appeler pour présenter la structure", "Envoyer la plaquette", "Relancer après l’envoi de la plaquette", "Préparer la visite de l’atelier"]
        for (index, stage) in stages.enumerated() {
            let company = companies[10 + index]
            var draft = ProspectDraft()
            (draft.company, draft.siret, draft.communeCode, draft.stage, draft.owner) = (company.name, siret(10 + index), company.commune, stage.rawValue, user.uuidString)
            draft.contact = index % 2 == 0 ? "La gérante" : ""
            if !stage.isOutcome {
                (draft.nextStep, draft.nextStepOn) = (steps[index % steps.count], today.addingDays(index < 2 ? -3 + index : 2 * index).text)
            }
            draft.notes = stage == .hiring ? "Une embauche en CDI après une immersion de deux semaines." : ""
            guard case .success(let checked) = draft.validate(knownCommune: { _ in true }, members: [user]) else { continue }
            _ = try await ProspectStore.create(checked, team: aci, on: db)
        }
    }
}
