import PasserelleAPI
import PasserelleCore
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// Every token of every core enum that the API answers with has its twin in the contract, so that
/// `ContractToken.convert` never fails on a value the core can hold.
@Suite("Core tokens and the contract's")
struct ContractTokenTests {
    private static func convertsEveryCase<Core: CaseIterable & RawRepresentable, Contract: RawRepresentable>(_ core: Core.Type, _ contract: Contract.Type) -> [String]
    where Core.RawValue == String, Contract.RawValue == String {
        Core.allCases.filter { (try? ContractToken.convert($0, to: Contract.self)) == nil }.map(\.rawValue)
    }

    @Test func everyCoreTokenTheAPIAnswersWithIsInTheContract() {
        #expect(Self.convertsEveryCase(EventKind.self, Components.Schemas.EventKind.self) == [])
        #expect(Self.convertsEveryCase(SessionKind.self, Components.Schemas.EventSession.KindPayload.self) == [])
        #expect(Self.convertsEveryCase(RegistrationState.self, Components.Schemas.RegistrationState.self) == [])
        #expect(Self.convertsEveryCase(ReferralState.self, Components.Schemas.ReferralState.self) == [])
        #expect(Self.convertsEveryCase(ContactPreference.self, Components.Schemas.ContactPreference.self) == [])
        #expect(Self.convertsEveryCase(ServiceStatus.self, Components.Schemas.ServiceStatus.self) == [])
        #expect(Self.convertsEveryCase(AnswerStance.self, Components.Schemas.AnswerStance.self) == [])
        #expect(Self.convertsEveryCase(DeclineReason.self, Components.Schemas.DeclineReason.self) == [])
        #expect(Self.convertsEveryCase(StructureKind.self, Components.Schemas.StructureKind.self) == [])
    }

    @Test func aMissingTwinIsAFaultNotADefault() throws {
        enum Narrow: String { case atelier }
        #expect(throws: ContractToken.Mismatch.self) { try ContractToken.convert(EventKind.webinar, to: Narrow.self) }
        #expect(try ContractToken.convert(EventKind.workshop, to: Narrow.self) == .atelier)
    }
}
