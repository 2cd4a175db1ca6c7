import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// The audit log: who did what, when, from where. Written in the same transaction as the change
/// it records; read by admins.
package enum Audit {
    /// What is recorded. The raw values are stored: they are part of the log's format.
    package enum Action: String, Sendable, CaseIterable {
        case signUp = "compte.creation"
        case emailVerified = "compte.verification"
        case login = "connexion.reussie"
        case loginFailed = "connexion.echec"
        case loginThrottled = "connexion.freinee"
        case logout = "deconnexion"
        case passwordResetRequested = "mot-de-passe.demande"
        case passwordReset = "mot-de-passe.change"
        case emailChangeRequested = "adresse.demande"
        case emailChanged = "adresse.change"
        case personalDataExported = "donnees.export"
        case accountDeleted = "compte.suppression"
        case tokenCreated = "jeton.creation"
        case tokenRevoked = "jeton.revocation"
        case tokenUsed = "jeton.utilisation"
        case exported = "export"
        case claimRequested = "revendication.demande"
        case claimAccepted = "revendication.acceptee"
        case claimRefused = "revendication.refusee"
        case profileEdited = "fiche.modification"
        case profileHidden = "fiche.masquee"
        case profileRestored = "fiche.retablie"
        case memberInvited = "equipe.invitation"
        case invitationRevoked = "equipe.invitation-revoquee"
        case invitationAccepted = "equipe.invitation-acceptee"
        case joinRequested = "equipe.demande"
        case joinAccepted = "equipe.demande-acceptee"
        case joinRefused = "equipe.demande-refusee"
        case roleChanged = "equipe.role"
        case memberRemoved = "equipe.retrait"
        case joinedByDomain = "equipe.adhesion-domaine"
        case profileChosen = "compte.profil"
        case organisationCreated = "organisation.creation"
        case organisationVerified = "organisation.verifiee"
        case organisationVerificationRefused = "organisation.verification-refusee"
        case needCreated = "besoin.creation"
        case needTransition = "besoin.etat"
        case needEdited = "besoin.modification"
        case needAnswered = "besoin.reponse"
        case opportunityMailChanged = "opportunites.courriel"
        case groupChanged = "besoin.groupement"
        case hoursRecorded = "besoin.heures"
        case outcomeReported = "besoin.issue-declaree"
        case eventRegistered = "evenement.inscription"
        case eventRegistrationCancelled = "evenement.annulation"
        case eventPromoted = "evenement.promotion"
        case eventAttendance = "evenement.presence"
        case eventMessage = "evenement.message"
        case eventCreated = "evenement.creation"
        case eventEdited = "evenement.modification"
        case eventCancelled = "evenement.annulation-evenement"
        case themeEdited = "theme.modification"
        case knowledgeProposed = "connaissance.proposition"
        case knowledgePublished = "connaissance.publication"
        case knowledgeSentBack = "connaissance.renvoi"
        case referralSent = "orientation.envoi"
        case referralAnswered = "orientation.reponse"
        case referralExpired = "orientation.expiration"
        case referralRead = "orientation.lecture"
        case serviceCreated = "service.creation"
        case serviceEdited = "service.modification"
        case serviceStatus = "service.statut"
        case partnersImported = "organisations.import"
        case eligibilityRulesAdded = "eligibilite.version"
        case personCreated = "personne.creation"
        case personRead = "personne.lecture"
        case personEdited = "personne.modification"
        case personRefused = "personne.acces-refuse"
        case personExported = "personne.export"
        case consentChanged = "personne.consentement"
        case journeyStarted = "parcours.embauche"
        case personErased = "personne.effacement"
        case peopleImported = "personne.import"
        case personShared = "personne.partage"
        case offerCreated = "offre.creation"
        case offerEdited = "offre.modification"
        case offerState = "offre.etat"
        case applicationSent = "candidature.envoi"
        case applicationRead = "candidature.lecture"
        case applicationAnswered = "candidature.reponse"
        case applicationExpired = "candidature.sans-reponse"
        case immersionCreated = "immersion.creation"
        case immersionEdited = "immersion.modification"
        case immersionRead = "immersion.lecture"
        case immersionState = "immersion.etat"
        case immersionSigned = "immersion.signature"
        case immersionAssessed = "immersion.bilan"
        case profileSaved = "profil.enregistrement"
        case profileWithdrawn = "profil.retrait"
        case profileRead = "profil.lecture"
        case profileContactRequested = "profil.demande-contact"
        case profileContactAnswered = "profil.reponse-contact"
        case prospectSaved = "prospection.suivi"
        case companyPageSaved = "entreprise.page"
        case hireConfirmed = "candidature.embauche"
    }

    package static let labels: [Action: String] = [
        .signUp: "Création de compte", .emailVerified: "Adresse confirmée", .login: "Connexion",
        .loginFailed: "Connexion refusée", .loginThrottled: "Connexion freinée", .logout: "Déconnexion",
        .passwordResetRequested: "Demande de nouveau mot de passe", .passwordReset: "Mot de passe changé",
        .emailChangeRequested: "Demande de changement d’adresse", .emailChanged: "Adresse changée",
        .personalDataExported: "Export de ses données", .accountDeleted: "Compte supprimé",
        .tokenCreated: "Jeton créé", .tokenRevoked: "Jeton révoqué", .tokenUsed: "Jeton utilisé",
        .exported: "Export du back-office",
        .claimRequested: "Demande de gestion d’une fiche", .claimAccepted: "Gestion d’une fiche accordée",
        .claimRefused: "Gestion d’une fiche refusée", .profileEdited: "Fiche modifiée", .profileHidden: "Fiche masquée",
        .profileRestored: "Fiche rétablie", .memberInvited: "Invitation dans une équipe", .invitationRevoked: "Invitation annulée",
        .invitationAccepted: "Invitation acceptée", .joinRequested: "Demande pour rejoindre une équipe", .joinAccepted: "Demande pour rejoindre acceptée",
        .joinRefused: "Demande pour rejoindre refusée", .roleChanged: "Rôle changé dans une équipe", .memberRemoved: "Membre retiré d’une équipe",
        .needCreated: "Besoin d’achat créé", .needTransition: "Besoin d’achat : changement d’état",
        .needEdited: "Besoin d’achat modifié", .needAnswered: "Réponse à un besoin d’achat",
        .opportunityMailChanged: "Réglage des courriels d’opportunités", .groupChanged: "Groupement sur un besoin d’achat",
        .hoursRecorded: "Heures d’insertion déclarées", .outcomeReported: "Issue d’un besoin déclarée par une structure",
        .eventRegistered: "Inscription à un événement", .eventRegistrationCancelled: "Inscription à un événement annulée",
        .eventPromoted: "Place libérée attribuée (liste d’attente)", .eventAttendance: "Présence notée à un événement",
        .eventMessage: "Message aux inscrits d’un événement", .eventCreated: "Événement annoncé", .eventEdited: "Événement modifié",
        .eventCancelled: "Événement annulé", .themeEdited: "Thèmes modifiés",
        .knowledgeProposed: "Retour d’expérience proposé", .knowledgePublished: "Contenu publié dans la base de connaissances",
        .knowledgeSentBack: "Proposition renvoyée à son auteur",
        .referralSent: "Orientation envoyée", .referralAnswered: "Réponse à une orientation", .referralExpired: "Orientation expirée sans réponse",
        .referralRead: "Lecture des données d’une personne orientée",
        .serviceCreated: "Service créé", .serviceEdited: "Service modifié", .serviceStatus: "Service publié, archivé ou remis en brouillon",
        .partnersImported: "Organisations partenaires importées", .eligibilityRulesAdded: "Règles d’éligibilité : nouvelle version",
        .personCreated: "Personne accompagnée : dossier créé", .personRead: "Personne accompagnée : dossier lu", .personEdited: "Personne accompagnée : dossier modifié",
        .personRefused: "Personne accompagnée : accès refusé", .personExported: "Personnes accompagnées : export",
        .peopleImported: "Personnes accompagnées : import", .personShared: "Personne accompagnée : partage ou transfert du dossier",
        .consentChanged: "Personne accompagnée : accord donné ou retiré", .journeyStarted: "Parcours : embauche enregistrée", .personErased: "Personne accompagnée : dossier effacé",
        .joinedByDomain: "Équipe rejointe par l’adresse de son domaine", .profileChosen: "Profil choisi (« Vous êtes… »)",
        .organisationCreated: "Organisation créée", .organisationVerified: "Organisation vérifiée",
        .organisationVerificationRefused: "Vérification d’une organisation refusée",
        .offerCreated: "Offre d’emploi créée", .offerEdited: "Offre d’emploi modifiée", .offerState: "Offre d’emploi publiée, pourvue, fermée ou rouverte",
        .applicationSent: "Candidature envoyée", .applicationRead: "Candidature lue", .applicationAnswered: "Candidature étudiée, acceptée, refusée ou annulée",
        .applicationExpired: "Candidature restée sans réponse",
        .immersionCreated: "Convention d’immersion écrite", .immersionEdited: "Convention d’immersion modifiée", .immersionRead: "Convention d’immersion lue",
        .immersionState: "Convention d’immersion envoyée, validée, refusée ou annulée", .immersionSigned: "Convention d’immersion signée",
        .immersionAssessed: "Bilan d’immersion enregistré",
        .profileSaved: "Profil de compétences ouvert ou modifié", .profileWithdrawn: "Profil de compétences retiré", .profileRead: "Profil de compétences lu",
        .profileContactRequested: "Demande de contact d’une entreprise", .profileContactAnswered: "Réponse à une demande de contact",
        .prospectSaved: "Entreprise prospectée : ajout ou suivi", .companyPageSaved: "Page d’entreprise enregistrée",
        .hireConfirmed: "Embauche confirmée sur une candidature",
    ]

    package struct Entry: Decodable, Sendable {
        package var at: Date
        package var actorID: UUID?
        package var actor: String
        package var action: String
        package var object: String?
        package var detail: String
        package var address: String?
    }

    package static func record(_ action: Action, actorID: UUID?, actor: String, object: String? = nil, detail: String = "", address: String?, on database: any Database,
        at: Date = Date()) async throws {
        try await database.sql.insert(into: "audit_log")
            .columns("id", "at", "actor_id", "actor", "action", "object", "detail", "address")
            .values(SQLBind(UUID()), SQLBind(at), SQLBind(actorID), SQLBind(actor), SQLBind(action.rawValue), SQLBind(object), SQLBind(detail), SQLBind(address))
            .run()
    }

    /// Every entry about one user, oldest first (the user's data export).
    package static func entries(of user: UUID, on database: any Database) async throws -> [Entry] {
        try await database.sql.select().columns("at", "actor_id", "actor", "action", "object", "detail", "address").from("audit_log")
            .where("actor_id", .equal, SQLBind(user)).orderBy("at").all(decoding: Entry.self, table: "audit_log", keys: .snakeCaseColumns)
    }

    /// Replaces the person by `pseudonym` in the entries about them; what was done stays.
    package static func pseudonymise(_ user: UUID, as pseudonym: String, on database: any Database) async throws {
        try await database.sql.update("audit_log").set("actor", to: SQLBind(pseudonym)).set("address", to: SQLLiteral.null)
            .where("actor_id", .equal, SQLBind(user)).run()
    }

    /// The latest entries of one action, or of every action.
    package static func entries(action: Action? = nil, limit: Int = 100, on database: any Database) async throws -> [Entry] {
        var query = database.sql.select().columns("at", "actor_id", "actor", "action", "object", "detail", "address").from("audit_log")
        if let action { query = query.where("action", .equal, SQLBind(action.rawValue)) }
        return try await query.orderBy("at", .descending).limit(limit).all(decoding: Entry.self, table: "audit_log", keys: .snakeCaseColumns)
    }
}

extension Request {
    /// The client's address as the audit log and the log-in throttles record it: the peer's, or,
    /// when the peer is one of `TRUSTED_PROXIES`, the address it forwarded.
    package var clientAddress: String? {
        let proxies = application.platform.config.trustedProxies
        let forwarded = headers[.xForwardedFor]
        if proxies.networks.isEmpty, !forwarded.isEmpty { application.platform.warnOfUntrustedForwarding(logger) }
        return proxies.client(peer: remoteAddress?.ipAddress, forwardedFor: forwarded)
    }
}

/// The audit log as the back-office reads it: one function serving its page and its CSV.
extension Audit {
    package struct Filter: Sendable, Equatable {
        package var action: Audit.Action?
        /// Part of the actor's address or pseudonym, or of the detail.
        package var text: String?
        package var from: Date?
        /// Exclusive: the day after the last day asked.
        package var until: Date?

        package init(action: Audit.Action? = nil, text: String? = nil, from: Date? = nil, until: Date? = nil) {
            self.action = action
            self.text = text
            self.from = from
            self.until = until
        }
    }

    package static func entries(_ filter: Filter, offset: Int, limit: Int, on database: any Database) async throws -> (entries: [Audit.Entry], total: Int) {
        let sql = database.sql
        func filtered<Builder: SQLPredicateBuilder>(_ builder: Builder) -> Builder {
            var builder = builder
            if let action = filter.action { builder = builder.where("action", .equal, SQLBind(action.rawValue)) }
            if let pattern = ContainsPattern.of(filter.text) {
                builder = builder.where { group in
                    group.where(SQLFunction("LOWER", args: SQLColumn("actor")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("LOWER", args: SQLColumn("detail")), .like, SQLBind(pattern))
                }
            }
            if let from = filter.from { builder = builder.where("at", .greaterThanOrEqual, SQLBind(from)) }
            if let until = filter.until { builder = builder.where("at", .lessThan, SQLBind(until)) }
            return builder
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("audit_log"))
            .first()?.decode(column: "count", as: Int.self) ?? 0
        let entries = try await filtered(sql.select().columns("at", "actor_id", "actor", "action", "object", "detail", "address").from("audit_log"))
            .orderBy("at", .descending).offset(offset).limit(limit).all(decoding: Audit.Entry.self, table: "audit_log", keys: .snakeCaseColumns)
        return (entries, total)
    }

    package static func count(since date: Date, on database: any Database) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("audit_log")
            .where("at", .greaterThanOrEqual, SQLBind(date)).first(decodingColumn: "count", as: Int.self) ?? 0
    }
}

extension Audit {
    /// Forgets the entries recorded before `date`; returns how many.
    package static func prune(olderThan date: Date, on database: any Database) async throws -> Int {
        try await database.sql.delete(from: "audit_log").where("at", .lessThan, SQLBind(date)).returning("id").all().count
    }
}
