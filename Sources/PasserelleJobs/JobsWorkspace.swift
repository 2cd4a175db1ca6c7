import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What jobs put in « Mon espace »: for an accompanying team (a structure or a prescriber), its
/// immersion agreements to validate or to assess, and a structure's prospection steps due; for an employer's team (an inclusive structure
/// or a company), the applications it has not opened, its drafts to publish, and its offers that
/// close within the week; for a company, its page until it writes it.
enum JobsWorkspace {
    @Sendable
    static func organisationItems(_ scope: WorkspaceScope, request: Request) async throws -> [WorkspaceItem] {
        let today = DateText.parisDay(Date())
        var accompanying: [WorkspaceItem] = []
        if scope.kind == .structure || scope.kind == .partner {
            let waiting = try await ImmersionStore.attention(of: scope.organisation, today: today, on: request.db)
            if waiting.toValidate > 0 {
                accompanying.append(.init(label: French.count(waiting.toValidate, "convention d’immersion signée est à valider", "conventions d’immersion signées sont à valider"),
                                        action: "Valider", href: JobsPaths.immersions.link(query: [("etat", ImmersionState.signed.rawValue)])))
            }
            if waiting.toAssess > 0 {
                accompanying.append(.init(label: French.count(waiting.toAssess, "immersion finie attend son bilan", "immersions finies attendent leur bilan"),
                                        action: "Faire le bilan", href: JobsPaths.immersions.link(query: [("etat", ImmersionState.validated.rawValue)])))
            }
        }
        if scope.kind == .structure, scope.structure != nil {
            let due = try await ProspectStore.due(of: scope.organisation, today: today, on: request.db)
            if due > 0 {
                accompanying.append(.init(label: French.count(due, "étape de prospection d’entreprise est à faire", "étapes de prospection d’entreprises sont à faire"),
                                        action: "Voir le tableau", href: JobsPaths.prospects.link(query: [("equipe", scope.organisation.uuidString.lowercased())])))
            }
        }
        guard (scope.kind == .structure && scope.structure != nil) || scope.kind == .company else { return accompanying }
        guard let limit = OfferLifecycle.closingSoonLimit(today: today) else { return [] }
        let waiting = try await OfferStore.attention(of: scope.organisation, today: today, limit: limit, on: request.db)
        var items = accompanying
        if scope.kind == .company, try await CompanyStore.company(scope.organisation, on: request.db)?.page == nil {
            items.append(.init(label: "Votre entreprise n’a pas encore de page : dites les passerelles que vous proposez (immersions, recrutements, parrainage)",
                               action: "Présenter l’entreprise", href: JobsPaths.editCompany.link(scope.organisation)))
        }
        let unopened = try await ApplicationStore.unopened(of: [scope.organisation], on: request.db)
        if unopened > 0 {
            items.append(.init(label: French.count(unopened, "candidature reçue attend votre réponse", "candidatures reçues attendent votre réponse"),
                               action: "Répondre", href: JobsPaths.applications.link(query: [("vue", "recues"), ("etat", JobApplicationState.new.rawValue)])))
        }
        if waiting.drafts > 0 {
            items.append(.init(label: French.count(waiting.drafts, "offre d’emploi en brouillon", "offres d’emploi en brouillon"), action: "Publier",
                               href: JobsPaths.mine.link()))
        }
        if waiting.closingSoon > 0 {
            items.append(.init(label: French.count(waiting.closingSoon, "offre d’emploi se ferme dans moins d’une semaine", "offres d’emploi se ferment dans moins d’une semaine"),
                               action: "Voir mes offres", href: JobsPaths.mine.link()))
        }
        return items
    }
}
