import Foundation
import Testing
@testable import PasserelleCore

@Suite struct ProspectTests {
    static let member = UUID()

    static func draft() -> ProspectDraft {
        var draft = ProspectDraft()
        (draft.company, draft.communeCode, draft.stage, draft.nextStep, draft.nextStepOn, draft.owner) =
            ("Menuiserie d’essai", "59350", "contactee", "Rappeler la gérante", "2027-01-12", member.uuidString)
        return draft
    }

    static func fields(_ draft: ProspectDraft) -> Set<String> {
        switch draft.validate(knownCommune: { $0 == "59350" }, members: [member]) {
        case .success: []
        case .failure(let problems): Set(problems.list.map(\.field))
        }
    }

    @Test func anOpenRelationshipHasANextStepAndSomeoneWhoFollowsIt() throws {
        #expect(Self.fields(Self.draft()).isEmpty)
        var draft = Self.draft()
        draft.nextStep = " "
        draft.owner = UUID().uuidString
        #expect(Self.fields(draft) == [ProspectDraft.Field.nextStep, ProspectDraft.Field.owner])
        draft = Self.draft()
        (draft.stage, draft.nextStep) = ("embauche", "")
        let checked = try draft.validate(knownCommune: { $0 == "59350" }, members: [Self.member]).get()
        #expect(checked.stage.isOutcome && checked.nextStep == nil)
    }

    @Test func badFieldsAreNamed() {
        var draft = Self.draft()
        (draft.company, draft.siret, draft.communeCode, draft.stage, draft.nextStepOn) = ("", "123", "99999", "gagnee", "demain")
        #expect(Self.fields(draft) == [ProspectDraft.Field.company, ProspectDraft.Field.siret, ProspectDraft.Field.commune, ProspectDraft.Field.stage,
                                       ProspectDraft.Field.nextStepOn])
    }
}
