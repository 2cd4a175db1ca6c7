import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Demonstration needs of the demo buyer, in Hauts-de-France: published ones (sent to the
/// structures they match, with answers), a closed one, a submitted one waiting for the
/// facilitator of the Nord, and a draft. Loaded once, when there is no need at all.
package enum DemoNeeds {
    private struct Plan {
        var draft: NeedDraft
        var states: [NeedState]
        var group = false
        /// Awarded to the demo structure account's ACI rather than to the structure that said it
        /// was interested: its people then have insertion hours to share.
        var wonByDemoStructure = false
    }

    package static func load(_ app: Application, now: Date = Date()) async throws {
        let sql = app.db.sql
        guard try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("needs").first(decodingColumn: "count", as: Int.self) == 0,
              let buyer = try await OrganisationQueries.first(kind: .publicBuyer, nameEndingWith: "(démo)", on: app.db),
              let email = EmailAddress("acheteur@\(DemoAccounts.domain)"),
              let user = try await AccountQueries.account(email: email, on: app.db)?.id
        else { return }
        let reference = try app.platform.reference
        let index = try await app.directoryIndex()
        let today = DateText.parisDay(now)
        func day(_ offset: Int) -> String { DateText.parisDay(now.addingTimeInterval(Double(offset) * 86_400)) }
        var loaded = 0
        for plan in plans(day: day) {
            guard case .success(let content) = plan.draft.validate(.submission, today: today, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) else {
                app.logger.warning("Demo need left out: it does not validate", metadata: ["title": "\(plan.draft.title)"])
                continue
            }
            let id = try await app.db.retryingTransaction { database in
                let id = try await NeedStore.create(content, organisation: buyer, by: user, gazetteer: reference.gazetteer, on: database, now: now)
                var from: NeedState? = nil
                for state in [NeedState.draft] + plan.states {
                    try await NeedStore.record((from: from, to: state), of: id, by: user, actor: "démonstration", on: database, now: now)
                    from = state
                }
                return id
            }
            guard let record = try await NeedStore.need(id: id, on: app.db) else { continue }
            if plan.states.contains(.published) {
                _ = try await Dissemination.disseminate(record, index: index, on: app.db, now: now)
                try await answer(record, on: app.db, now: now)
                if plan.group { try await group(record, on: app.db, now: now) }
                if plan.states.last == .awarded { try await award(record, toDemoStructure: plan.wonByDemoStructure, user: user, on: app.db, now: now) }
            }
            loaded += 1
        }
        app.logger.info("Demo needs loaded", metadata: ["needs": "\(loaded)"])
    }

    /// Two structures among those a need was sent to answer it (not the demo structure account's,
    /// whose members answer themselves): one interested, one not.
    private static func answer(_ record: NeedRecord, on database: any Database, now: Date) async throws {
        let sql = database.sql
        let teams = try await OrganisationQueries.structuresWithTeam(on: database)
        let recipients = try await sql.select().column("structure_id").from("need_deliveries").where("need_id", .equal, SQLBind(record.id))
            .orderBy("rank").all(decodingColumn: "structure_id", as: UUID.self).filter { !teams.contains($0) }.prefix(2)
        guard let email = EmailAddress("structure@\(DemoAccounts.domain)"), let user = try await AccountQueries.account(email: email, on: database)?.id else { return }
        let questions = record.content.questions
        let answers = [
            NeedAnswer(stance: .interested, comment: "Nous avons une équipe disponible dès le mois prochain.",
                       responses: questions.map { _ in "Oui : deux équipes de quatre salariés en insertion et un encadrant technique, habitués à ce type de chantier." }),
            NeedAnswer(stance: .notInterested, reason: .notAvailable, comment: "Nos équipes sont prises jusqu’à l’été."),
        ]
        for (structure, answer) in zip(recipients, answers) {
            _ = try await AnswerStore.save(answer, of: structure, to: record.id, by: user, on: database, now: now)
            try await AnswerStore.markSeen(record.id, by: [structure], on: database, now: now)
        }
    }

    /// The best-ranked recipient that did not answer yet leads a group that the next one joined.
    private static func group(_ record: NeedRecord, on database: any Database, now: Date) async throws {
        let teams = try await OrganisationQueries.structuresWithTeam(on: database)
        let free = Array(try await database.sql.raw("""
            SELECT d.structure_id AS structure_id FROM need_deliveries d
            WHERE d.need_id = \(bind: record.id) AND d.structure_id NOT IN (SELECT structure_id FROM need_answers WHERE need_id = \(bind: record.id))
            ORDER BY d.rank
            """).all(decodingColumn: "structure_id", as: UUID.self).filter { !teams.contains($0) }.prefix(2))
        guard free.count == 2 else { return }
        try await database.retryingTransaction { database in
            let answer = NeedAnswer(stance: .group, comment: "Nous répondons avec une structure voisine pour couvrir les deux lots.",
                                    responses: record.content.questions.map { _ in "Six salariés en parcours à deux, avec deux encadrants." })
            _ = try await AnswerStore.save(answer, of: free[0], to: record.id, by: nil, on: database, now: now)
            try await GroupFlows.ensureGroup(led: free[0], on: record.id, by: nil, on: database, now: now)
            let group = try await database.sql.select().column("id").from("need_groups").where("need_id", .equal, SQLBind(record.id))
                .first(decodingColumn: "id", as: UUID.self)
            try await database.sql.insert(into: "need_group_members").columns("id", "group_id", "structure_id", "status", "decided_at", "created_at")
                .values(SQLBind(UUID()), SQLBind(group), SQLBind(free[1]), SQLBind(GroupMemberStatus.accepted.rawValue), SQLBind(now), SQLBind(now)).run()
            _ = try await AnswerStore.save(NeedAnswer(stance: .group, comment: "Membre du groupement."), of: free[1], to: record.id, by: nil, on: database, now: now)
        }
    }

    /// The closed need went to the structure that said it was interested, or to the demo ACI,
    /// with three months of insertion hours recorded.
    private static func award(_ record: NeedRecord, toDemoStructure: Bool, user: UUID, on database: any Database, now: Date) async throws {
        let sql = database.sql
        var winner: UUID?
        if toDemoStructure {
            if let email = EmailAddress("structure@\(DemoAccounts.domain)"), let account = try await AccountQueries.account(email: email, on: database) {
                winner = try await OrganisationQueries.memberships(of: account.id, on: database).compactMap(\.structureID).first
            }
        } else {
            winner = try await sql.select().column("structure_id").from("need_answers").where("need_id", .equal, SQLBind(record.id))
                .where("stance", .equal, SQLBind(AnswerStance.interested.rawValue)).first(decodingColumn: "structure_id", as: UUID.self)
        }
        guard let winner else { return }
        try await sql.update("needs").set("winner_kind", to: SQLBind("structure")).set("winner_structure_id", to: SQLBind(winner))
            .set("awarded_amount", to: SQLBind(68_400)).where("id", .equal, SQLBind(record.id)).run()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        for (offset, hours) in [(3, 96), (2, 112), (1, 104)] {
            guard let month = calendar.date(byAdding: .month, value: -offset, to: now) else { continue }
            try await sql.insert(into: "insertion_hours").columns("id", "need_id", "month", "hours", "user_id", "actor", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(record.id), SQLBind(String(DateText.parisDay(month).prefix(7))), SQLBind(hours), SQLBind(user),
                        SQLBind("démonstration"), SQLBind(now), SQLBind(now)).run()
        }
    }

    private static func plans(day: (Int) -> String) -> [Plan] {
        var greenSpaces = NeedDraft()
        greenSpaces.kind = NeedKind.tender.rawValue
        greenSpaces.title = "Entretien des espaces verts et propreté des parcs de Roubaix et Tourcoing"
        greenSpaces.description = """
            Marché de trois ans pour l’entretien courant de douze parcs et squares : tonte, taille, désherbage sans produits phytosanitaires, ramassage des déchets.
            Le marché est alloti : le lot 1 est réservé aux structures d’insertion par l’activité économique ; le lot 2 comporte une clause sociale d’insertion.
            """
        greenSpaces.target.place = "59512"
        greenSpaces.target.radiusKm = 20
        greenSpaces.amount = "221k-1m"
        greenSpaces.deadline = day(28)
        greenSpaces.startsOn = day(75)
        greenSpaces.contactName = "Service de la commande publique (démo)"
        greenSpaces.contactEmail = "achats@demo.passerelle.test"
        greenSpaces.answerChannel = AnswerChannel.link.rawValue
        greenSpaces.answerAddress = "https://marches.demo.passerelle.test/consultation/2027-014"
        greenSpaces.questions = ["Combien de salariés en parcours pouvez-vous mobiliser sur ce chantier ?", "Avez-vous déjà entretenu des espaces publics ?"]
        greenSpaces.clauses = [.init(kind: ClauseKind.environmental.rawValue, topic: EnvironmentalTopic.other.rawValue, detail: "Gestion différenciée, zéro produit phytosanitaire")]
        greenSpaces.lots = [
            .init(title: "Espaces verts des parcs du nord", sectors: ["creation-et-entretien-des-espaces-verts"], amount: "100k-221k",
                  clauses: [.init(kind: ClauseKind.reservedSIAE.rawValue)]),
            .init(title: "Propreté et nettoyage des équipements", sectors: ["nettoyage-de-locaux-16"], amount: "221k-1m",
                  clauses: [.init(kind: ClauseKind.insertionHours.rawValue, hours: "1800")]),
        ]

        var cleaning = NeedDraft()
        cleaning.kind = NeedKind.quote.rawValue
        cleaning.title = "Nettoyage des locaux de la maison de l’emploi de Lille-Moulins"
        cleaning.description = "Nettoyage quotidien de 900 m² de bureaux et d’accueil du public, vitrerie trimestrielle. Produits écolabellisés demandés."
        cleaning.target.sectors = ["nettoyage-de-locaux-16"]
        cleaning.target.place = "59350"
        cleaning.target.radiusKm = 15
        cleaning.amount = "25k-40k"
        cleaning.deadline = day(14)
        cleaning.startsOn = day(45)
        cleaning.contactName = "Service des moyens généraux (démo)"
        cleaning.contactEmail = "moyens-generaux@demo.passerelle.test"
        cleaning.answerChannel = AnswerChannel.email.rawValue
        cleaning.answerAddress = "moyens-generaux@demo.passerelle.test"
        cleaning.questions = ["Pouvez-vous intervenir tôt le matin, avant 8 h ?"]
        cleaning.clauses = [.init(kind: ClauseKind.reservedSIAE.rawValue), .init(kind: ClauseKind.socialCriterion.rawValue, detail: "Qualité de l’accompagnement des salariés : 20 % de la note")]

        var furniture = NeedDraft()
        furniture.kind = NeedKind.tender.rawValue
        furniture.title = "Collecte, reconditionnement et réemploi du mobilier de bureau"
        furniture.description = "Reprise de 400 postes de travail lors du déménagement des services, reconditionnement et remise en circulation ; traçabilité des filières demandée."
        furniture.target.sectors = ["recyclage-delements-dameublement-dae-et-petits-objets", "logistique-conditionnement"]
        furniture.target.place = "62041"
        furniture.target.radiusKm = 40
        furniture.amount = "40k-100k"
        furniture.deadline = day(2)
        furniture.contactName = "Direction de l’immobilier (démo)"
        furniture.contactEmail = "immobilier@demo.passerelle.test"
        furniture.answerChannel = AnswerChannel.email.rawValue
        furniture.answerAddress = "immobilier@demo.passerelle.test"
        furniture.clauses = [.init(kind: ClauseKind.environmental.rawValue, topic: EnvironmentalTopic.reuse.rawValue, detail: "20 % au moins du mobilier réemployé (article 58 de la loi AGEC)"),
                             .init(kind: ClauseKind.insertionHours.rawValue, hours: "350")]

        var laundry = NeedDraft()
        laundry.kind = NeedKind.quote.rawValue
        laundry.title = "Blanchisserie du linge plat de deux EHPAD du Valenciennois"
        laundry.description = "Collecte, lavage, repassage et livraison du linge plat, deux fois par semaine, pour 180 lits."
        laundry.target.sectors = ["blanchisserie"]
        laundry.target.place = "59606"
        laundry.target.radiusKm = 30
        laundry.amount = "40k-100k"
        laundry.deadline = day(35)
        laundry.contactName = "Direction des achats (démo)"
        laundry.contactEmail = "achats@demo.passerelle.test"
        laundry.answerChannel = AnswerChannel.email.rawValue
        laundry.answerAddress = "achats@demo.passerelle.test"
        laundry.clauses = [.init(kind: ClauseKind.reservedSTPA.rawValue)]

        var catering = NeedDraft()
        catering.kind = NeedKind.sourcing.rawValue
        catering.title = "Projet : restauration collective d’un centre de loisirs à Amiens"
        catering.description = "Repas du mercredi et des vacances pour 120 enfants, avec au moins 50 % de produits durables et de qualité dont 20 % bio."
        catering.target.sectors = ["restauration-collective"]
        catering.target.place = "80021"
        catering.amount = "inconnu"
        catering.contactName = "Service enfance (démo)"
        catering.contactEmail = "enfance@demo.passerelle.test"
        catering.answerChannel = AnswerChannel.email.rawValue
        catering.answerAddress = "enfance@demo.passerelle.test"
        catering.clauses = [.init(kind: ClauseKind.environmental.rawValue, topic: EnvironmentalTopic.egalim.rawValue)]

        var schoolyards = NeedDraft()
        schoolyards.kind = NeedKind.quote.rawValue
        schoolyards.title = "Entretien des cours et des abords de trois écoles de Lille-Sud"
        schoolyards.description = "Balayage, désherbage manuel et petit entretien des cours, des préaux et des trottoirs devant trois groupes scolaires, hors vacances."
        schoolyards.target.sectors = ["nettoyage-de-locaux-16"]
        schoolyards.target.place = "59350"
        schoolyards.target.radiusKm = 10
        schoolyards.amount = "40k-100k"
        schoolyards.deadline = day(3)
        schoolyards.contactName = "Direction de l’éducation (démo)"
        schoolyards.contactEmail = "education@demo.passerelle.test"
        schoolyards.answerChannel = AnswerChannel.email.rawValue
        schoolyards.answerAddress = "education@demo.passerelle.test"
        schoolyards.clauses = [.init(kind: ClauseKind.insertionHours.rawValue, hours: "1200")]

        return [
            Plan(draft: greenSpaces, states: [.submitted, .published], group: true),
            Plan(draft: cleaning, states: [.submitted, .published]),
            Plan(draft: furniture, states: [.submitted, .published, .awarded]),
            Plan(draft: schoolyards, states: [.submitted, .published, .awarded], wonByDemoStructure: true),
            Plan(draft: laundry, states: [.submitted]),
            Plan(draft: catering, states: []),
        ]
    }
}
