import Foundation
import Testing
@testable import PasserelleCore

@Suite("Referrals: what a referral must say, and who sees and answers it")
struct ReferralRequestTests {
    static func valid() -> ReferralRequest {
        var request = ReferralRequest()
        request.firstName = "  Inès "
        request.lastName = "Exemple"
        request.publics = ["jeunes", "demandeurs-emploi"]
        request.preference = ContactPreference.email.rawValue
        request.email = "ines@example.org"
        request.referentName = "Sacha Référent"
        request.reason = "Besoin d’un accompagnement vers le logement."
        request.consent = true
        return request
    }

    @Test func aCompleteRequestIsCleaned() throws {
        let checked = try Self.valid().check(service: .published).get()
        #expect(checked.firstName == "Inès" && checked.lastName == "Exemple")
        #expect(checked.preference == .email && checked.email == "ines@example.org" && checked.phone == nil)
        #expect(checked.situation == nil && checked.availability == nil && checked.referentPhone == nil)
    }

    static let broken: [(String, @Sendable (inout ReferralRequest) -> Void, String)] = [
        ("no first name", { $0.firstName = "   " }, ReferralRequest.Field.firstName),
        ("long last name", { $0.lastName = String(repeating: "x", count: 81) }, ReferralRequest.Field.lastName),
        ("unknown public", { $0.publics = ["jeunes", "martiens"] }, ReferralRequest.Field.publics),
        ("no preference", { $0.preference = "" }, ReferralRequest.Field.preference),
        ("unknown preference", { $0.preference = "pigeon" }, ReferralRequest.Field.preference),
        ("e-mail preferred, none given", { $0.email = "" }, ReferralRequest.Field.email),
        ("phone preferred, none given", { $0.preference = "telephone" }, ReferralRequest.Field.phone),
        ("bad phone", { $0.phone = "12" }, ReferralRequest.Field.phone),
        ("bad e-mail", { $0.email = "ines@" }, ReferralRequest.Field.email),
        ("no referent", { $0.referentName = "" }, ReferralRequest.Field.referentName),
        ("bad referent phone", { $0.referentPhone = "abc" }, ReferralRequest.Field.referentPhone),
        ("short reason", { $0.reason = "logement" }, ReferralRequest.Field.reason),
        ("long situation", { $0.situation = String(repeating: "a", count: 2_001) }, ReferralRequest.Field.situation),
        ("no commitment", { $0.consent = false }, ReferralRequest.Field.consent),
    ]

    @Test(arguments: broken.indices)
    func eachMissingOrWrongFieldIsNamed(_ index: Int) {
        let (name, breakIt, field) = Self.broken[index]
        var request = Self.valid()
        breakIt(&request)
        guard case .failure(let problems) = request.check(service: .published) else {
            Issue.record("\(name) accepted")
            return
        }
        #expect(problems.list.map(\.field) == [field], "\(name)")
        #expect(problems[field]?.isEmpty == false)
    }

    @Test func throughTheReferentNeedsNoContactOfThePerson() throws {
        var request = Self.valid()
        request.preference = ContactPreference.throughReferent.rawValue
        request.email = ""
        #expect(try request.check(service: .published).get().preference == .throughReferent)
    }

    @Test func onlyAPublishedServiceTakesReferrals() {
        for status in [ServiceStatus.archived, .draft] {
            guard case .failure(let problems) = Self.valid().check(service: status) else {
                Issue.record("\(status) accepted")
                continue
            }
            #expect(problems[ReferralRequest.Field.service]?.contains(status == .archived ? "archivé" : "pas publié") == true)
        }
    }

    // MARK: Rights

    static let referrer = UUID(), provider = UUID(), structure = UUID(), elsewhere = UUID()
    static func member(_ kind: OrganisationKind, of organisation: UUID, structure: UUID? = nil) -> Policy.Actor {
        Policy.Actor(isSignedIn: true, memberships: [.init(kind: kind, role: .member, structure: structure, organisation: organisation)])
    }

    @Test func structuresAndPrescribersReferInTheirOwnNameOnly() {
        #expect(Policy.mayRefer(for: Self.referrer, actor: Self.member(.structure, of: Self.referrer)) == .allowed)
        #expect(Policy.mayRefer(for: Self.referrer, actor: Self.member(.partner, of: Self.referrer)) == .allowed)
        #expect(Policy.mayRefer(for: Self.referrer, actor: Self.member(.partner, of: Self.elsewhere)) == .forbidden)
        for kind in [OrganisationKind.publicBuyer, .privateBuyer, .company, .facilitator, .steward, .platform] {
            #expect(Policy.mayRefer(for: Self.referrer, actor: Self.member(kind, of: Self.referrer)) == .forbidden, "\(kind)")
        }
        #expect(Policy.mayRefer(for: Self.referrer, actor: .visitor) == .needsSignIn)
    }

    @Test func thePersonIsSeenByTheTwoOrganisationsAndAnsweredByTheService() {
        let byOrganisation = Policy.ReferralRef(referrer: Self.referrer, service: .init(organisation: Self.provider, structure: nil))
        let byStructure = Policy.ReferralRef(referrer: Self.referrer, service: .init(organisation: nil, structure: Self.structure))
        let sender = Self.member(.structure, of: Self.referrer)
        let receiver = Self.member(.partner, of: Self.provider)
        let structureTeam = Self.member(.structure, of: Self.elsewhere, structure: Self.structure)
        #expect(Policy.decide(.read, on: byOrganisation, for: sender) == .allowed)
        #expect(Policy.decide(.answer, on: byOrganisation, for: sender) == .forbidden)
        #expect(Policy.decide(.read, on: byOrganisation, for: receiver) == .allowed)
        #expect(Policy.decide(.answer, on: byOrganisation, for: receiver) == .allowed)
        #expect(Policy.decide(.answer, on: byStructure, for: structureTeam) == .allowed)
        #expect(Policy.decide(.answer, on: byStructure, for: receiver) == .forbidden)
        // Nobody else: not the platform team, not a steward.
        for outsider in [Self.member(.platform, of: Self.elsewhere), Self.member(.steward, of: Self.elsewhere), Self.member(.partner, of: Self.elsewhere)] {
            #expect(Policy.decide(.read, on: byOrganisation, for: outsider) == .forbidden)
        }
        #expect(Policy.decide(.read, on: byOrganisation, for: .visitor) == .needsSignIn)
        #expect(Policy.decide(.edit, on: .init(organisation: Self.provider, structure: nil), for: receiver) == .allowed)
        #expect(Policy.decide(.edit, on: .init(organisation: Self.provider, structure: nil), for: sender) == .forbidden)
    }
}
