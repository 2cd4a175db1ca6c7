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

    @Test func someoneHoldingAnOverlappedSessionIsAskedToChoose() {
        let moved = SessionSlot(title: "Atelier clauses", start: Self.at(10), end: Self.at(11))
        let plenary = SessionSlot(title: "Plénière", start: Self.at(9), end: Self.at(10))
        let visit = SessionSlot(title: "Visite", start: Self.at(10, 30), end: Self.at(12))
        let lunch = SessionSlot(title: "Déjeuner", start: Self.at(9, 30), end: Self.at(10, 15))
        #expect(SessionChanges.clashNotice(moved, others: [moved, plenary]) == nil)
        let notice = SessionChanges.clashNotice(moved, others: [moved, plenary, visit, lunch])
        #expect(notice?.hasPrefix("Attention : elle a désormais lieu en même temps que « Déjeuner » et « Visite », où vous avez aussi une place") == true)
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

@Suite("Community: changing an announced event")
struct EventChangesTests {
    static func at(_ hour: Int, _ minute: Int = 0, day: Int = 1) -> Date { RegistrationRulesTests.at(hour, minute, day: day) }

    static func event(taken: Int = 0, cancelled: Bool = false) -> EventChanges.Current {
        .init(title: "Matinée des achats", start: at(9), end: at(13), place: "Maison des sociétés, Arras (62)", taken: taken, cancelled: cancelled)
    }

    static let sessions = [
        SessionSlot(title: "Plénière", start: at(9), end: at(10)),
        SessionSlot(title: "Atelier", start: at(11), end: at(12, 30)),
    ]

    @Test(arguments: [
        // (new start, new end, refused with)
        ((9, 0), (13, 0), nil),
        ((8, 30), (13, 0), nil),
        ((9, 30), (13, 0), "« Plénière »"),       // the plenary would start before the event
        ((9, 0), (12, 0), "« Atelier »"),         // the workshop would end after it
        ((10, 0), (12, 0), "« Plénière »"),       // both: the earliest is named
    ] as [((Int, Int), (Int, Int), String?)])
    func theSessionsMustStillFitInside(start: (Int, Int), end: (Int, Int), refusal: String?) {
        var edited = Self.event()
        edited.start = Self.at(start.0, start.1)
        edited.end = Self.at(end.0, end.1)
        let problem = EventChanges.editProblem(Self.event(), to: edited, newCapacity: nil, sessions: Self.sessions, now: Self.at(8))
        if let refusal { #expect(problem?.message.contains(refusal) == true && problem?.message.contains("sortirait de l’événement") == true && problem?.field == "Début") }
        else { #expect(problem == nil) }
    }

    @Test(arguments: [(30, 29, true), (30, 30, false), (30, nil, false), (0, 1, false)] as [(Int, Int?, Bool)])
    func theCapacityNeverDropsBelowTheSeatsGiven(taken: Int, capacity: Int?, refused: Bool) {
        let problem = EventChanges.editProblem(Self.event(taken: taken), to: Self.event(), newCapacity: capacity, sessions: [], now: Self.at(8))
        #expect((problem != nil) == refused)
        if refused { #expect(problem?.field == EventDraft.Field.capacity) }
    }

    @Test func aBegunOrCancelledEventIsLocked() {
        #expect(EventChanges.lockedProblem(Self.event(), now: Self.at(8, 59)) == nil)
        #expect(EventChanges.lockedProblem(Self.event(), now: Self.at(9))?.contains("a commencé") == true)
        #expect(EventChanges.lockedProblem(Self.event(cancelled: true), now: Self.at(8))?.contains("annulé") == true)
        #expect(EventChanges.editProblem(Self.event(), to: Self.event(), newCapacity: nil, sessions: [], now: Self.at(10))?.message.contains("a commencé") == true)
    }

    @Test func theNoticeTellsTitleDatesPlaceAndLink() {
        let old = Self.event()
        #expect(EventChanges.notice(from: old, to: Self.event(taken: 12)).isEmpty)
        var moved = old
        moved.start = Self.at(9, day: 2)
        moved.end = Self.at(13, day: 2)
        moved.place = "Salle des fêtes, Lens (62)"
        moved.onlineURL = "https://visio.example.org/achats"
        #expect(EventChanges.notice(from: old, to: moved) == [
            "Nouvelles dates : mercredi 2 décembre 2026, de 9 h à 13 h (au lieu de mardi 1er décembre 2026, de 9 h à 13 h).",
            "Nouveau lieu : Salle des fêtes, Lens (62).",
            "Nouveau lien de connexion : https://visio.example.org/achats",
        ])
    }

    @Test func theFormOfAnEventComesBackAsItWasTyped() throws {
        var draft = EventDraft()
        draft.kind = "atelier"
        draft.title = "Matinée des achats responsables"
        draft.summary = "Une matinée pour rencontrer les acheteurs du territoire."
        draft.day = "2026-12-01"
        draft.startTime = "09:00"
        draft.endTime = "13:00"
        draft.communeCode = "62041"
        draft.address = "Maison des sociétés"
        draft.capacity = "40"
        draft.waitingList = true
        draft.closesDay = "2026-11-30"
        draft.closesTime = "18:00"
        draft.themes = ["clauses"]
        let checked = try draft.validate(themes: ["clauses"], communeExists: { _ in true }, now: Self.at(0, day: -10)).get()
        #expect(EventDraft(checked) == draft)
        var twoDays = draft
        twoDays.endDay = "2026-12-02"
        #expect(EventDraft(try twoDays.validate(themes: ["clauses"], communeExists: { _ in true }, now: Self.at(0, day: -10)).get()) == twoDays)
    }
}
