import Foundation
import Testing
@testable import PasserelleCore

/// The agreement as written: each field checked, the legal bounds under « Dates et horaires »,
/// and two parties who never share a mailbox.
@Suite struct ImmersionDraftTests {
    static func draft() throws -> ImmersionDraft {
        var draft = ImmersionDraft()
        (draft.firstName, draft.lastName, draft.beneficiaryEmail) = ("Noé", "Essai", "noe@example.org")
        (draft.hostName, draft.hostContact, draft.hostEmail, draft.tutorName) = ("Menuiserie d’essai", "Camille Accueil", "accueil@example.org", "Dominique Tuteur")
        draft.romeTitle = String(try #require(RomeTests.rome.titles.values.first { $0.job == "H2206" }).code)
        (draft.objective, draft.communeCode, draft.startsOn, draft.endsOn) = ("confirmer", "59350", "2027-03-01", "2027-03-12")
        (draft.weeklyHours, draft.dailyHours, draft.schedule) = ("35", "7", "Du lundi au vendredi, 9 h – 17 h")
        return draft
    }

    static func problems(_ draft: ImmersionDraft) throws -> [FieldProblem] {
        switch draft.validate(rome: RomeTests.rome, bounds: try ImmersionRulesTests.bounds(), knownCommune: { $0 == "59350" }) {
        case .success: []
        case .failure(let problems): problems.list
        }
    }

    @Test func aCompleteAgreementPasses() throws {
        let checked = try Self.draft().validate(rome: RomeTests.rome, bounds: try ImmersionRulesTests.bounds(), knownCommune: { $0 == "59350" }).get()
        #expect(checked.objective.code == "confirmer" && checked.terms.weeklyHours == 35 && checked.terms.dailyHours == 7 && checked.hostSiret == nil)
    }

    @Test func thePersonAndTheHostSignFromTwoAddresses() throws {
        var draft = try Self.draft()
        draft.hostEmail = " NOE@example.org "
        #expect(try Self.problems(draft).map(\.field) == [ImmersionDraft.Field.hostEmail])
        draft.hostEmail = "pas une adresse"
        #expect(try Self.problems(draft).map(\.field) == [ImmersionDraft.Field.hostEmail])
    }

    @Test func theLegalBoundsComeUnderTheDatesEachWithItsArticle() throws {
        var draft = try Self.draft()
        (draft.endsOn, draft.weeklyHours, draft.dailyHours) = ("2027-04-05", "49", "11")
        let problems = try Self.problems(draft)
        #expect(problems.allSatisfy { $0.field == ImmersionDraft.Field.terms } && problems.count == 3)
        for article in ["D5135-3", "L3121-20", "L3121-18"] { #expect(problems.contains { $0.message.contains(article) }, "\(article)") }
        draft = try Self.draft()
        draft.previousDays = "55"
        #expect(try Self.problems(draft).contains { $0.message.contains("60 jours") })
        draft.previousDays = "beaucoup"
        #expect(try Self.problems(draft).map(\.field) == [ImmersionDraft.Field.terms])
    }

    @Test func eachPartyAndTheJobAreNamed() throws {
        var draft = try Self.draft()
        (draft.tutorName, draft.hostName, draft.romeTitle, draft.objective, draft.communeCode, draft.hostSiret, draft.schedule) = ("", " ", "0", "visiter", "99999", "123", "")
        let fields = Set(try Self.problems(draft).map(\.field))
        #expect(fields == [ImmersionDraft.Field.tutorName, ImmersionDraft.Field.hostName, ImmersionDraft.Field.romeTitle, ImmersionDraft.Field.objective,
                           ImmersionDraft.Field.commune, ImmersionDraft.Field.hostSiret, ImmersionDraft.Field.schedule])
    }
}
