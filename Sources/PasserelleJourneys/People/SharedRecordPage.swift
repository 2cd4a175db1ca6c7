import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// A record as a structure it is shared with reads it: identity, journeys, plan, exit and
/// timeline, without a form, and the way to end the sharing. The agreements, the proofs seen and
/// the data download stay with the record's structure.
enum SharedRecordPage {
    struct Context: Encodable {
        struct Line: Encodable {
            var label: String
            var state: String
        }

        var layout: Layout
        var csrf: String
        var name: String
        var sharedBy: String
        var since: String
        var note: String?
        var facts: [PeoplePages.PersonContext.Fact]
        var journeys: [PeoplePages.PersonContext.Journey]
        var barriers: [Line]
        var actions: [Line]
        var exited: String?
        var events: [PeoplePages.PersonContext.Event]
        var endAction: String
    }

    static func render(_ person: PeopleStore.Person, share: PersonShareStore.Share, request: Request) async throws -> Response {
        let journeys = try await JourneyStore.journeys(of: person.id, on: request.db)
        let names = try await SharePages.names([share.from], on: request.db)
        let exit = journeys.first { $0.state == .exited }?.exit
        let response = try await request.view.render("journeys/person-shared", Context(
            layout: PeoplePages.layout(person.fullName, crumbs: [.init(label: "Partages de dossiers", href: JourneysPaths.shares.link()), .init(label: person.fullName)],
                                       request: request),
            csrf: CSRF.token(for: request), name: person.fullName, sharedBy: names[share.from] ?? "une structure",
            since: "\(DateText.frenchDay(share.startedAt)) (\(share.startedBy))", note: share.note,
            facts: PeoplePages.facts(of: person, gazetteer: try request.platform.reference.gazetteer),
            journeys: try await PeoplePages.journeyViews(journeys, of: person.id, request: request).map { journey in
                var readOnly = journey
                readOnly.approvalAction = nil
                return readOnly
            },
            barriers: try await PlanStore.barriers(of: person.id, on: request.db).map { .init(label: $0.label, state: $0.state.label) },
            actions: try await PlanStore.actions(of: person.id, on: request.db).map { action in
                .init(label: "\(action.kind.label) : \(action.title)\(action.due.map { ", pour le \(DateText.frenchDay(iso: $0))" } ?? "")", state: action.state.label)
            },
            exited: exit.map { "Sortie le \(DateText.frenchDay(iso: $0.day)) : \($0.contract.label) (\($0.category.label.lowercased()))." },
            events: try await PeopleStore.timeline(of: person.id, limit: 100, on: request.db).events.map {
                .init(at: DateText.frenchDateTime($0.at), summary: $0.summary, actor: $0.actor)
            },
            endAction: JourneysPaths.endShare.link(share.id)
        )).encodeResponse(for: request)
        return PeoplePages.private(response)
    }
}
