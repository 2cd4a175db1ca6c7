import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

/// The people of one's structure in the API, for a structure's own software to sync: the same
/// door (`PeopleAccess`) and the same audit as the pages.
extension APIHandler {
    private func peopleReader() async throws -> PeopleAccess.Reader? {
        guard let user = try await APIRequest.bearerUser() else { return nil }
        return PeopleAccess.Reader(user: user, actor: try await Policy.Actor.of(user.id, on: app.db), channel: "api", address: try APIRequest.request().clientAddress)
    }

    package func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        guard let reader = try await peopleReader() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        let page = input.query.page ?? 1, size = input.query.size ?? 20
        guard (1...100_000).contains(page), (1...100).contains(size) else {
            return .badRequest(.init(body: .json(Self.error("page va de 1 à 100 000 et size de 1 à 100."))))
        }
        var asked: UUID?
        if let text = input.query.structure {
            guard let id = UUID(uuidString: text) else { return .badRequest(.init(body: .json(Self.error("structure : un identifiant (UUID).")))) }
            asked = id
        }
        guard let structure = PeopleAccess.structure(asked: asked, for: reader.actor) else {
            return .forbidden(.init(body: .json(Self.error("Les personnes accompagnées sont réservées aux membres de leur structure (voir /api/v1/me)."))))
        }
        var filter = PeopleStore.Filter(structure: structure)
        guard (input.query.q ?? "").count <= 100 else { return .badRequest(.init(body: .json(Self.error("q : 100 caractères au plus.")))) }
        filter.words = input.query.q ?? ""
        if let text = input.query.referent {
            guard let id = UUID(uuidString: text) else { return .badRequest(.init(body: .json(Self.error("referent : un identifiant (UUID).")))) }
            filter.referent = id
        }
        filter.stage = input.query.stage.flatMap { PersonStage(rawValue: $0.rawValue) }
        let (people, total) = try await PeopleStore.list(filter, offset: (page - 1) * size, limit: size, on: app.db)
        try await Audit.record(.personRead, actorID: reader.user.id, actor: reader.user.email, object: "structure:\(structure.uuidString.lowercased())",
                               detail: "api : liste, \(people.count) personnes", address: reader.address, on: app.db)
        return .ok(.init(body: .json(.init(items: try people.map(Self.personSummary), total: total, page: page, size: size, pages: max(1, (total + size - 1) / size)))))
    }

    static func personSummary(_ person: PeopleStore.Person) throws -> Components.Schemas.PersonSummary {
        .init(id: person.id.uuidString.lowercased(), firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate, commune: person.communeCode,
              stage: try ContractToken.convert(person.stage), referent: person.referentName)
    }

    package func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        guard let reader = try await peopleReader() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : une personne a un UUID.")))) }
        let person: PeopleStore.Person
        do {
            person = try await PeopleAccess.person(id, for: reader, logRead: true, on: app.db)
        } catch let abort as Abort where abort.status == .notFound {
            return .notFound(.init(body: .json(Self.error(abort.reason))))
        }
        let consents = try await PeopleStore.consents(of: id, on: app.db)
        let journeys = try await JourneyStore.journeys(of: id, on: app.db)
        let barriers = try await PlanStore.barriers(of: id, on: app.db)
        let actions = try await PlanStore.actions(of: id, on: app.db)
        let hours = try await PersonHoursStore.shares(of: id, on: app.db)
        return .ok(.init(body: .json(.init(
            value1: try Self.personSummary(person),
            value2: .init(
                structure: person.structureID.uuidString.lowercased(), contactPreference: try ContractToken.convert(person.preference),
                phone: person.phone, email: person.email, publics: person.publics,
                consents: try consents.map { .init(purpose: try ContractToken.convert($0.purpose), agreedAt: $0.agreedAt, withdrawnAt: $0.withdrawnAt) },
                journeys: try journeys.map { journey in
                    .init(id: journey.id.uuidString.lowercased(), structureKind: journey.structureKind.rawValue, state: try ContractToken.convert(journey.state),
                          hiredOn: journey.hiredOn,
                          eligibility: try journey.diagnosis.map { .init(diagnosisDate: $0.day, author: try ContractToken.convert($0.author), criteria: $0.criteria,
                                                                         rulesVersion: $0.rulesVersion) },
                          approvalEnd: journey.approvalEnd, recognition: journey.recognition?.kind.rawValue,
                          exit: try journey.exit.map { .init(on: $0.day, contract: $0.contract.rawValue, category: try ContractToken.convert($0.category), employer: $0.employer) },
                          contracts: journey.contracts.map { .init(kind: $0.kind.rawValue, start: $0.start, end: $0.end, weeklyHours: $0.weeklyHours, exception: $0.exception) })
                },
                barriers: try barriers.map { barrier in
                    .init(id: barrier.id.uuidString.lowercased(), category: barrier.category, state: try ContractToken.convert(barrier.state),
                          identifiedOn: barrier.identifiedOn, closedOn: barrier.closedOn, referral: barrier.referralID?.uuidString.lowercased())
                },
                actions: try actions.map { action in
                    .init(id: action.id.uuidString.lowercased(), kind: try ContractToken.convert(action.kind), title: action.title,
                          state: try ContractToken.convert(action.state), due: action.due, barrier: action.barrierID?.uuidString.lowercased())
                },
                insertionHours: hours.map { .init(need: $0.needID.uuidString.lowercased(), needTitle: $0.needTitle, month: $0.month, hours: $0.hours) }
            )
        ))))
    }

    package func getPersonTimeline(_ input: Operations.GetPersonTimeline.Input) async throws -> Operations.GetPersonTimeline.Output {
        guard let reader = try await peopleReader() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : une personne a un UUID.")))) }
        let page = input.query.page ?? 1, size = input.query.size ?? 20
        guard (1...100_000).contains(page), (1...100).contains(size) else {
            return .badRequest(.init(body: .json(Self.error("page va de 1 à 100 000 et size de 1 à 100."))))
        }
        do {
            _ = try await PeopleAccess.person(id, for: reader, logRead: true, on: app.db)
        } catch let abort as Abort where abort.status == .notFound {
            return .notFound(.init(body: .json(Self.error(abort.reason))))
        }
        let (events, total) = try await PeopleStore.timeline(of: id, offset: (page - 1) * size, limit: size, on: app.db)
        return .ok(.init(body: .json(.init(items: events.map { .init(at: $0.at, kind: $0.kind, summary: $0.summary, actor: $0.actor) },
                                           total: total, page: page, size: size, pages: max(1, (total + size - 1) / size)))))
    }
}

/// A structure's journey figures in the API: they leave the structure, so small cells are hidden.
extension APIHandler {
    package func getJourneyStats(_ input: Operations.GetJourneyStats.Input) async throws -> Operations.GetJourneyStats.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let structure = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : une structure a un UUID.")))) }
        let today = DateText.parisDay(Date())
        let from = input.query.from ?? String(today.prefix(4)) + "-01-01", to = input.query.to ?? today
        guard CivilDay(from) != nil, CivilDay(to) != nil, from.count == 10, to.count == 10, from <= to else {
            return .badRequest(.init(body: .json(Self.error("from et to sont des jours AAAA-MM-JJ, from au plus tard to."))))
        }
        guard Policy.mayAccompany(structure: structure, actor: try await Policy.Actor.of(user.id, on: app.db)) == .allowed else {
            return .forbidden(.init(body: .json(Self.error("Les chiffres des parcours sont réservés aux membres de la structure."))))
        }
        let figures = JourneyFigures.compute(try await JourneyFactsStore.facts(structure: structure, referent: nil, on: app.db), from: from, to: to)
        let exits = figures.exitCount
        return .ok(.init(body: .json(.init(
            structure: structure.uuidString.lowercased(), from: from, to: to,
            accompanied: SmallCells.count(figures.accompanied), opened: SmallCells.count(figures.opened),
            barriersMet: SmallCells.count(figures.barriersMet), barriersLifted: SmallCells.count(figures.barriersLifted),
            exits: try ExitCategory.allCases.map { .init(category: try ContractToken.convert($0), count: SmallCells.count(figures.exits[$0] ?? 0)) },
            dynamicRate: SmallCells.over(exits, figures.dynamicRate), medianDaysToExit: SmallCells.over(exits, figures.medianDaysToExit),
            employedAt6Months: SmallCells.over(figures.followUp6.known, figures.followUp6.employed), followedAt6Months: SmallCells.count(figures.followUp6.known),
            employedAt12Months: SmallCells.over(figures.followUp12.known, figures.followUp12.employed), followedAt12Months: SmallCells.count(figures.followUp12.known)
        ))))
    }
}
