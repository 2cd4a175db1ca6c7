import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// One structure's answer form on a need's page.
package struct AnswerForm: Encodable {
    package struct Question: Encodable {
        package var number: Int
        package var field: String
        package var text: String
        package var answer: String
        package var error: String?
    }

    package var structureID: UUID
    package var structureName: String
    package var prefix: String
    package var current: String?
    package var closedReason: String?
    package var stances: [ChoiceOption]
    package var reasons: [ChoiceOption]
    package var comment: String
    package var questions: [Question]
    package var errors: [String: String] = [:]
    package var errorList: [FormErrors.Listed] = []

    package init(structure: UUID, name: String, answer: NeedAnswer?, draft: AnswerDraft?, questions: [String], closedReason: String?) {
        structureID = structure
        structureName = name
        prefix = "s-" + structure.uuidString.lowercased().prefix(8)
        current = answer.map { $0.stance.label + ($0.reason.map { " (\($0.label.lowercased()))" } ?? "") }
        self.closedReason = closedReason
        let stance = draft?.stance ?? answer?.stance.rawValue ?? ""
        let reason = draft?.reason ?? answer?.reason?.rawValue ?? ""
        stances = AnswerStance.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0.rawValue == stance) }
        reasons = [ChoiceOption(value: "", label: "Choisir une raison", checked: reason.isEmpty)] + DeclineReason.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0.rawValue == reason) }
        comment = draft?.comment ?? answer?.comment ?? ""
        let responses = draft?.responses ?? answer?.responses ?? []
        self.questions = questions.enumerated().map { offset, text in
            Question(number: offset + 1, field: "response-\(offset + 1)", text: text, answer: offset < responses.count ? responses[offset] : "")
        }
    }

    package mutating func show(_ problems: FieldProblems) {
        for problem in problems.list {
            errors[problem.field] = problem.message
            errorList.append(.init(href: "#\(prefix)-\(problem.field)", message: problem.message))
            if let index = questions.firstIndex(where: { $0.field == problem.field }) { questions[index].error = problem.message }
        }
    }
}

/// A structure's side of purchasing: answering a need from its page, its inbox of opportunities
/// and its mail setting; the buyer's export of the answers.
package struct AnswerPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.post(PurchasingPaths.answer, use: answer)
        routes.get(PurchasingPaths.answersCSV, use: answersCSV)
        routes.get(PurchasingPaths.opportunities, use: inbox)
        routes.post(PurchasingPaths.opportunityMail, use: mailSetting)
    }

    /// The answer forms the signed-in user sees on a need: one per structure they act for that
    /// the need was sent to (or that matches it).
    package static func forms(for record: NeedRecord, request: Request) async throws -> [AnswerForm] {
        guard request.signedInUser != nil, record.state == .published || record.state.isClosed else { return [] }
        let actor = try await request.actor()
        let structures = Set(actor.memberships.filter { $0.kind == .structure }.compactMap(\.structure))
        guard !structures.isEmpty else { return [] }
        var forms: [AnswerForm] = []
        var matching: Set<UUID>?
        for id in structures.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let structure = try await DirectoryQueries.structure(id: id, on: request.db) else { continue }
            var eligible = try await AnswerStore.isDelivered(record.id, to: id, on: request.db)
            if !eligible {
                if matching == nil {
                    let index = try await request.directoryIndex()
                    matching = Set(Dissemination.recipients(of: record.content, index: index, answerRates: [:]).map(\.structure.id))
                }
                eligible = matching!.contains(id)
            }
            guard eligible else { continue }
            let answer = try await AnswerStore.answer(of: id, to: record.id, on: request.db)
            forms.append(AnswerForm(structure: id, name: structure.name, answer: answer, draft: nil, questions: record.content.questions,
                                    closedReason: AnswerRules.closedReason(state: record.state, deadline: record.content.deadline, now: Date())))
        }
        return forms
    }

    package static let structuresOnly = "Seuls les membres des structures inclusives répondent aux besoins d’achat et en déclarent l’issue."

    @Sendable
    package func answer(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await NeedPages.visibleNeed(request)
        guard try await request.actor().speaksForStructures else {
            return try await NeedPages.renderNeed(request, error: Self.structuresOnly, status: .forbidden)
        }
        let form = SubmittedForm(request)
        guard let structureID = UUID(uuidString: form["structure"]), let structure = try await DirectoryQueries.structure(id: structureID, on: request.db, includingHidden: false) else {
            return try await NeedPages.renderNeed(request, error: "Dites pour quelle structure vous répondez.")
        }
        let draft = AnswerDraft(stance: form["stance"], reason: form["reason"], comment: String(form["comment"].prefix(AnswerRules.maximumCommentLength + 1)),
                                responses: record.content.questions.indices.map { String(form["response-\($0 + 1)"].prefix(AnswerRules.maximumResponseLength + 1)) })
        switch try await NeedFlows.answer(draft, to: record, for: structure, by: user, actor: try await request.actor(), request: request) {
        case .saved:
            return request.redirect(to: Links.need(record.id) + "?reponse=1")
        case .invalid(let problems):
            var forms = try await Self.forms(for: record, request: request)
            if let index = forms.firstIndex(where: { $0.structureID == structureID }) {
                let previous = try await AnswerStore.answer(of: structureID, to: record.id, on: request.db)
                forms[index] = AnswerForm(structure: structureID, name: structure.name, answer: previous, draft: draft, questions: record.content.questions, closedReason: nil)
                forms[index].show(problems)
            }
            return try await NeedPages.renderNeed(request, error: "La réponse n’est pas enregistrée : corrigez ce qui est signalé.", answerForms: forms)
        case .refused(let message):
            return try await NeedPages.renderNeed(request, error: message)
        case .forbidden(let message):
            return try await NeedPages.renderNeed(request, error: message, status: .forbidden)
        }
    }

    /// The answers, for the buyer (and the territory's moderators), with the structures' contacts.
    @Sendable
    package func answersCSV(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await NeedPages.visibleNeed(request)
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        guard Policy.decide(.read, on: ref, for: try await request.actor()) == .allowed else {
            throw Abort(.forbidden, reason: "Seuls l’acheteur et les facilitateurs du territoire voient les réponses à ce besoin.")
        }
        let questions = record.content.questions
        var writer = CSV.Writer()
        writer.append(["Structure", "Identifiant", "Type", "Réponse", "Raison", "Commentaire", "Courriel", "Téléphone", "Date"] + questions.map { "Question : \($0)" })
        let answers = try await AnswerStore.answers(to: record.id, on: request.db)
        for line in answers {
            let responses = AnswerStore.decodeResponses(line.responses)
            writer.append([
                line.structure.name, line.structure.id.uuidString.lowercased(), line.structure.kind.acronym,
                line.stance.label, line.reason?.label ?? "", line.comment,
                line.structure.email ?? "", line.structure.phone ?? "", DateText.isoDay(line.updatedAt),
            ] + questions.indices.map { $0 < responses.count ? responses[$0] : "" })
        }
        return try await AuditedExport.csv(writer.text, name: "reponses-besoin-\(record.id.uuidString.lowercased().prefix(8))", rows: answers.count, request: request)
    }

    // MARK: Inbox

    package struct InboxContext: Encodable {
        package struct Line: Encodable {
            package var href: String
            package var title: String
            package var kind: String
            package var buyer: String
            package var reasons: String
            package var receivedOn: String
            package var deadline: String?
            package var state: String?
            package var unread: Bool
            package var answer: String?
        }

        package var layout: Layout
        package var name: String
        package var profileHref: String
        package var unread: String
        package var summary: String
        package var showAll: Bool
        package var allHref: String
        package var openHref: String
        package var lines: [Line]
        package var pagination: Pagination
        package var csrf: String
        package var settingAction: String
        package var settings: [ChoiceOption]
        package var saved: Bool
        package var feedHref: String
        package var invitations: [Invitation]
        package var groups: [Invitation]
        package var won: [Invitation]

        package struct Invitation: Encodable {
            package var href: String
            package var title: String
            package var lead: String
        }
    }

    @Sendable
    package func inbox(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .answerNeeds) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let items = QueryItems.parse(request.url.query)
        let showAll = items.contains { $0 == ("tout", "1") }
        let page = items.first { $0.0 == "page" }.flatMap { Int($0.1) }.map { min(max($0, 1), 100_000) } ?? 1
        let size = 20
        let (lines, total) = try await AnswerStore.inbox(of: structure.id, open: !showAll, page: page, size: size, on: request.db)
        let unread = try await AnswerStore.unreadCount(of: structure.id, on: request.db)
        let setting = try await OrganisationQueries.opportunityMail(ofStructure: structure.id, on: request.db) ?? Digests.Setting.daily.rawValue
        let path = Links.opportunities(structure.id)
        return try await request.view.render("needs/opportunities", InboxContext(
            layout: Layout(title: "Opportunités \(French.de(structure.name)) — Passerelle", section: "besoins",
                           breadcrumbs: [.init(label: structure.name, href: Links.structure(structure.id)), .init(label: "Opportunités")], request: request),
            name: structure.name, profileHref: Links.structure(structure.id),
            unread: unread == 0 ? "Aucune opportunité non lue" : French.count(unread, "opportunité non lue", "opportunités non lues"),
            summary: French.count(total, showAll ? "besoin reçu" : "besoin ouvert", showAll ? "besoins reçus" : "besoins ouverts"),
            showAll: showAll, allHref: path + "?tout=1", openHref: path,
            lines: lines.map { line in
                .init(href: Links.need(line.needID), title: line.title, kind: line.kind.label, buyer: line.organisationName,
                      reasons: line.reasons, receivedOn: DateText.frenchDay(line.createdAt), deadline: line.deadline.map(DateText.frenchDay),
                      state: line.state == .published ? nil : line.state.label, unread: line.seenAt == nil,
                      answer: line.stance?.label)
            },
            pagination: Pagination(page: page, total: total, size: size, path: path, query: showAll ? [("tout", "1")] : []),
            csrf: CSRF.token(for: request), settingAction: PurchasingPaths.opportunityMail.link(structure.id),
            settings: Digests.Setting.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: $0.rawValue == setting) },
            saved: items.contains { $0 == ("reglage", "1") },
            feedHref: "/api/v1/structures/\(structure.id.uuidString.lowercased())/opportunities.atom",
            invitations: try await GroupStore.pendingInvitations(of: structure.id, on: request.db).map {
                .init(href: Links.need($0.needID) + "#groupements", title: $0.title, lead: $0.leadName)
            },
            groups: try await GroupStore.memberships(of: structure.id, on: request.db).map { group in
                let role = group.leads == 1 ? "mandataire" : "membre, avec \(group.leadName) pour mandataire"
                let members = French.count(group.accepted, "structure", "structures") + (group.invited > 0 ? ", \(French.count(group.invited, "invitation en attente", "invitations en attente"))" : "")
                return .init(href: Links.need(group.needID) + "#groupements", title: group.title,
                             lead: "\(role) · \(members) · \(group.state.label.lowercased())")
            },
            won: try await AnswerStore.won(by: structure.id, on: request.db).map {
                .init(href: Links.need($0.needID), title: $0.title,
                      lead: $0.organisationName + ($0.awardedAmount.map { ", \(French.number($0)) €" } ?? "") + ($0.closedAt.map { ", le \(DateText.frenchDay($0))" } ?? ""))
            }
        )).encodeResponse(for: request)
    }

    @Sendable
    package func mailSetting(request: Request) async throws -> Response {
        guard let structure = try await request.structure(allowing: .answerNeeds), let user = request.signedInUser else {
            return request.redirect(to: Links.login(next: request.url.path))
        }
        guard let setting = Digests.Setting(rawValue: SubmittedForm(request)["mail"]) else {
            throw Abort(.badRequest, reason: "Choisissez un des deux réglages proposés.")
        }
        try await request.db.retryingTransaction { database in
            try await OrganisationQueries.setOpportunityMail(setting.rawValue, ofStructure: structure.id, on: database)
            try await Audit.record(.opportunityMailChanged, actorID: user.id, actor: user.email, object: "structure:\(structure.id.uuidString.lowercased())",
                                   detail: setting.label, address: request.clientAddress, on: database)
        }
        return request.redirect(to: Links.opportunities(structure.id) + "?reglage=1")
    }
}
