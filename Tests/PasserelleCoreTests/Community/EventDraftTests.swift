import Foundation
import Testing
@testable import PasserelleCore

@Suite("Community: what an organiser's event and session must hold")
struct EventDraftTests {
    static let now = ParisTime.date(day: "2026-12-01", time: "09:00")!

    static var complete: EventDraft {
        var draft = EventDraft()
        draft.kind = "atelier"
        draft.title = "Atelier groupements"
        draft.summary = "Répondre à plusieurs à un marché public avec clause sociale."
        draft.day = "2027-01-14"
        draft.startTime = "09:30"
        draft.endTime = "12:00"
        draft.communeCode = "62041"
        draft.capacity = "30"
        draft.closesDay = "2027-01-13"
        draft.themes = ["clauses-et-achat-public"]
        return draft
    }

    static let themes: Set<String> = ["clauses-et-achat-public"]

    func problems(_ draft: EventDraft) -> [String] {
        guard case .failure(let found) = draft.validate(themes: Self.themes, communeExists: { $0 == "62041" }, now: Self.now) else { return [] }
        return found.list.map(\.field)
    }

    @Test func aCompleteEventIsReadInParisTime() throws {
        let checked = try Self.complete.validate(themes: Self.themes, communeExists: { $0 == "62041" }, now: Self.now).get()
        #expect(ParisTime.hour(checked.start) == "9 h 30" && ParisTime.hour(checked.end) == "12 h")
        #expect(checked.capacity == 30 && checked.registrationCloses == ParisTime.date(day: "2027-01-13", time: "23:59"))
    }

    @Test func mistakesAreNamedOnTheirFields() {
        var draft = Self.complete
        draft.kind = "kermesse"
        draft.title = "Bof"
        #expect(problems(draft) == [EventDraft.Field.kind, EventDraft.Field.title])
        draft = Self.complete
        draft.endTime = "08:00"
        #expect(problems(draft) == [EventDraft.Field.end])
        draft = Self.complete
        draft.day = "2026-11-30"
        draft.closesDay = ""
        #expect(problems(draft) == [EventDraft.Field.start])
        draft = Self.complete
        draft.communeCode = ""
        #expect(problems(draft) == [EventDraft.Field.place])
        draft.onlineURL = "http://visio.exemple.org"
        #expect(problems(draft) == [EventDraft.Field.onlineURL])
        draft = Self.complete
        draft.capacity = "beaucoup"
        draft.closesDay = "2027-01-15"
        draft.themes = ["inconnu"]
        #expect(problems(draft) == [EventDraft.Field.capacity, EventDraft.Field.closes, EventDraft.Field.themes])
    }

    @Test func aSessionLiesInsideItsEventWithSpeakersButNoContacts() throws {
        let start = ParisTime.date(day: "2027-01-14", time: "09:00")!, end = ParisTime.date(day: "2027-01-14", time: "17:00")!
        var session = SessionDraft()
        session.kind = "atelier-solutions"
        session.title = "Les lots réservés"
        session.day = "2027-01-14"
        session.startTime = "10:00"
        session.endTime = "11:30"
        session.capacity = "12"
        session.speakers = "Camille Exemple | facilitatrice | Maison de l’emploi (démo)\n\n"
        let checked = try session.validate(themes: [], eventStart: start, eventEnd: end).get()
        #expect(checked.speakers == [.init(name: "Camille Exemple", role: "facilitatrice", organisation: "Maison de l’emploi (démo)")])
        session.endTime = "18:00"
        session.speakers = "Camille | camille@exemple.org | Maison\nDominique | 03 21 00 00 00 | Maison\nSans organisation"
        guard case .failure(let problems) = session.validate(themes: [], eventStart: start, eventEnd: end) else { Issue.record("accepted"); return }
        #expect(problems.list.map(\.field) == [SessionDraft.Field.hours, SessionDraft.Field.speakers, SessionDraft.Field.speakers, SessionDraft.Field.speakers])
    }
}
