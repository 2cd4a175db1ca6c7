import Foundation
import Testing
@testable import PasserelleCore

@Suite("Community: changing a session of the programme")
struct SessionChangesTests {
    static func at(_ hour: Int, _ minute: Int = 0) -> Date { RegistrationRulesTests.at(hour, minute) }

    static func current(taken: Int = 0, room: String? = "Salle A", cancelled: Bool = false) -> SessionChanges.Current {
        .init(title: "Atelier clauses", start: at(14, 0), end: at(15, 30), room: room, taken: taken, eventCancelled: cancelled)
    }

    @Test(arguments: [
        // (now, event cancelled, locked?)
        ((13, 59), false, false),
        ((14, 0), false, true),      // the session begins: it belongs to what happened
        ((16, 0), false, true),
        ((9, 0), true, true),        // the event is cancelled
    ] as [((Int, Int), Bool, Bool)])
    func aSessionIsLockedOnceBegunOrWhenTheEventIsCancelled(now: (Int, Int), cancelled: Bool, locked: Bool) {
        let problem = SessionChanges.lockedProblem(Self.current(cancelled: cancelled), now: Self.at(now.0, now.1))
        #expect((problem != nil) == locked)
    }

    @Test(arguments: [
        // (taken, new capacity, refused?)
        (0, 1, false),
        (12, 12, false),
        (12, 11, true),
        (12, nil, false),     // no limit any more
        (12, 40, false),
        (1, 0, true),
    ] as [(Int, Int?, Bool)])
    func theCapacityNeverDropsBelowTheSeatsGiven(taken: Int, capacity: Int?, refused: Bool) {
        let problem = SessionChanges.editProblem(Self.current(taken: taken), to: Self.current(), newCapacity: capacity, now: Self.at(9))
        #expect((problem != nil) == refused)
        if refused { #expect(problem?.contains("au moins \(French.number(taken)) places") == true) }
    }

    @Test func anEditOfABegunSessionOrToAPastHourSaysWhy() {
        #expect(SessionChanges.editProblem(Self.current(), to: Self.current(), newCapacity: nil, now: Self.at(14, 30))?.contains("a commencé") == true)
        var earlier = Self.current()
        earlier.start = Self.at(9)
        earlier.end = Self.at(10)
        #expect(SessionChanges.editProblem(Self.current(), to: earlier, newCapacity: nil, now: Self.at(11))?.contains("déjà passé") == true)
        #expect(SessionChanges.editProblem(Self.current(), to: earlier, newCapacity: nil, now: Self.at(8)) == nil)
    }

    @Test func theNoticeTellsTitleHoursAndRoomOnly() {
        let old = Self.current()
        #expect(SessionChanges.notice(from: old, to: old).isEmpty)
        var moved = old
        moved.start = Self.at(16)
        moved.end = Self.at(17)
        #expect(SessionChanges.notice(from: old, to: moved) == ["Nouvel horaire : mardi 1er décembre 2026, de 16 h à 17 h (au lieu de mardi 1er décembre 2026, de 14 h à 15 h 30)."])
        var renamed = old
        renamed.title = "Atelier achats"
        renamed.room = nil
        #expect(SessionChanges.notice(from: old, to: renamed) == [
            "La session s’appelle désormais « Atelier achats ».",
            "La salle n’est plus indiquée ; les organisateurs vous la préciseront.",
        ])
        var seats = old
        seats.taken = 30
        #expect(SessionChanges.notice(from: old, to: seats).isEmpty)
        #expect(SessionChanges.notice(from: Self.current(room: nil), to: old) == ["Nouvelle salle : Salle A."])
    }

    @Test func theFormOfASessionComesBackAsItWasTyped() throws {
        var draft = SessionDraft()
        draft.kind = SessionKind.allCases[0].rawValue
        draft.title = "Table ronde des acheteurs"
        draft.summary = "Ce qui marche."
        draft.day = "2026-12-01"
        draft.startTime = "09:30"
        draft.endTime = "11:00"
        draft.room = "Amphi"
        draft.capacity = "80"
        draft.theme = "clauses"
        draft.speakers = "Camille Exemple | animatrice | Réseau fictif\nDominique Essai | acheteur | Ville fictive"
        let checked = try draft.validate(themes: ["clauses"], eventStart: Self.at(8), eventEnd: Self.at(18)).get()
        let again = SessionDraft(kind: checked.kind, title: checked.title, summary: checked.summary, start: checked.start, end: checked.end,
                                 room: checked.room, capacity: checked.capacity, theme: checked.theme, speakers: checked.speakers)
        #expect(again == draft)
        let bare = SessionDraft(kind: checked.kind, title: "T", summary: "", start: checked.start, end: checked.end, room: nil, capacity: nil, theme: nil, speakers: [])
        #expect(bare.room.isEmpty && bare.capacity.isEmpty && bare.theme.isEmpty && bare.speakers.isEmpty)
    }
}
