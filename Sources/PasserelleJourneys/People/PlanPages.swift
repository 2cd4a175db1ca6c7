import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The forms of a record's plan and exit: a barrier identified and moved, an action planned and
/// moved, the exit, a follow-up's news, the journey reopened. Each answers on the record's page;
/// a refusal says why there, nothing written.
package struct PlanPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.post(JourneysPaths.barriers, use: addBarrier)
        routes.post(JourneysPaths.barrier, use: moveBarrier)
        routes.post(JourneysPaths.actions, use: addAction)
        routes.post(JourneysPaths.action, use: moveAction)
        routes.post(JourneysPaths.exit, use: exit)
        routes.post(JourneysPaths.followUp, use: followUp)
        routes.post(JourneysPaths.reopen, use: reopen)
    }

    /// The record behind the form, through the one door; a visitor is sent to log in.
    private func person(_ request: Request) async throws -> (PeopleAccess.Reader, PeopleStore.Person)? {
        guard let reader = try await request.peopleReader() else { return nil }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        return (reader, person)
    }

    private func back(_ request: Request, _ person: PeopleStore.Person, done: String? = nil, problem: String? = nil) -> Response {
        var query: [(String, String)] = []
        if let done { query.append(("fait", done)) }
        if let problem { query.append(("probleme", problem)) }
        // No fragment: the page moves the focus to its confirmation, which a fragment would prevent.
        return request.redirect(to: JourneysPaths.person.link(person.id, query: query))
    }

    @Sendable
    package func addBarrier(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        var draft = PlanEntryDraft()
        let form = SubmittedForm(request)
        draft.category = form["category"]
        draft.title = form["note"]
        let open = Set(try await PlanStore.barriers(of: person.id, on: request.db).filter { !$0.state.isClosed }.map(\.category))
        switch draft.checkBarrier(open: open) {
        case .failure(let problems): return back(request, person, problem: problems.list.first?.message)
        case .success(let barrier):
            try await PlanStore.addBarrier(barrier.category, note: barrier.note, person: person.id, by: reader.user, address: reader.address, on: request.db)
            return back(request, person, done: "plan")
        }
    }

    @Sendable
    package func moveBarrier(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let id = request.parameters.get("barrier").flatMap(UUID.init(uuidString:))
        guard let barrier = try await PlanStore.barriers(of: person.id, on: request.db).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Ce frein n’est pas dans le plan de cette personne.")
        }
        guard let state = BarrierState(rawValue: SubmittedForm(request)["state"]) else { throw Abort(.badRequest, reason: "État de frein inconnu.") }
        guard try await PlanStore.moveBarrier(barrier, to: state, person: person.id, by: reader.user, address: reader.address, on: request.db) else {
            return back(request, person, problem: "Un frein \(barrier.state.label) ne passe pas à « \(state.label) ».")
        }
        return back(request, person, done: "plan")
    }

    @Sendable
    package func addAction(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let form = SubmittedForm(request)
        var draft = PlanEntryDraft()
        draft.title = form["title"]
        draft.kind = form["kind"]
        draft.due = form["due"]
        draft.actor = form["actor"]
        draft.barrier = form["barrier"]
        let barriers = Set(try await PlanStore.barriers(of: person.id, on: request.db).map(\.id))
        switch draft.checkAction(barriers: barriers) {
        case .failure(let problems): return back(request, person, problem: problems.list.map(\.message).joined(separator: " "))
        case .success(let action):
            try await PlanStore.addAction(action, person: person.id, by: reader.user, address: reader.address, on: request.db)
            return back(request, person, done: "plan")
        }
    }

    @Sendable
    package func moveAction(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let id = request.parameters.get("action").flatMap(UUID.init(uuidString:))
        guard let action = try await PlanStore.actions(of: person.id, on: request.db).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Cette action n’est pas dans le plan de cette personne.")
        }
        guard let state = ActionState(rawValue: SubmittedForm(request)["state"]) else { throw Abort(.badRequest, reason: "État d’action inconnu.") }
        guard try await PlanStore.moveAction(action, to: state, person: person.id, by: reader.user, address: reader.address, on: request.db) else {
            return back(request, person, problem: "Une action \(action.state.label) ne passe pas à « \(state.label) ».")
        }
        return back(request, person, done: "plan")
    }

    @Sendable
    package func exit(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        guard let journey = try await JourneyStore.journeys(of: person.id, on: request.db).first(where: { $0.state == .open }) else {
            throw Abort(.conflict, reason: "\(person.fullName) n’a pas de parcours en cours à clore.")
        }
        let form = SubmittedForm(request)
        var draft = ExitDraft()
        draft.day = form["exit_on"]
        draft.contract = form["exit_contract"]
        draft.employer = form["exit_employer"]
        switch draft.check(hiredOn: journey.hiredOn, today: DateText.parisDay(Date())) {
        case .failure(let problems): return back(request, person, problem: problems.list.map(\.message).joined(separator: " "))
        case .success(let checked):
            try await PlanStore.exit(journey.id, with: checked, person: person.id, by: reader.user, address: reader.address, on: request.db)
            return back(request, person, done: "sortie")
        }
    }

    @Sendable
    package func followUp(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        guard let journey = try await JourneyStore.journeys(of: person.id, on: request.db).first(where: { $0.state == .exited }), let exit = journey.exit else {
            throw Abort(.conflict, reason: "Le suivi commence à la sortie du parcours.")
        }
        let form = SubmittedForm(request)
        guard let months = Int(form["months"]), FollowUpSchedule.months.contains(months), let outcome = FollowUpOutcome(rawValue: form["outcome"]) else {
            throw Abort(.badRequest, reason: "Choisissez l’échéance du suivi (1, 3, 6, 12 ou 24 mois) et la situation de la personne.")
        }
        let due = FollowUpSchedule.milestones(after: exit.day)?.first { $0.months == months }?.due ?? exit.day
        guard due <= DateText.parisDay(Date()) else {
            return back(request, person, problem: "Le suivi à \(months) mois se fait à partir du \(DateText.frenchDay(iso: due)).")
        }
        try await PlanStore.recordFollowUp(months, outcome: outcome, journey: journey.id, person: person.id, by: reader.user, address: reader.address, on: request.db)
        return back(request, person, done: "suivi")
    }

    @Sendable
    package func reopen(request: Request) async throws -> Response {
        guard let (reader, person) = try await person(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let journeys = try await JourneyStore.journeys(of: person.id, on: request.db)
        guard !journeys.contains(where: { $0.state == .open }), let last = journeys.first(where: { $0.state == .exited }) else {
            throw Abort(.conflict, reason: "Seul un parcours terminé se rouvre.")
        }
        try await PlanStore.reopen(last.id, person: person.id, by: reader.user, address: reader.address, on: request.db)
        return back(request, person, done: "reouverture")
    }
}
