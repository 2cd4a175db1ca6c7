import Foundation
import Testing
@testable import PasserelleCore

@Suite struct OnboardingTests {
    @Test func theStepIsReadFromWhatThePersonDid() {
        #expect(OnboardingStep.of(.init(profile: nil, memberships: 0)) == .profile)
        #expect(OnboardingStep.of(.init(profile: .publicBuyer, memberships: 0)) == .organisation)
        #expect(OnboardingStep.of(.init(profile: .structure, memberships: 0, pendingClaims: 1)) == .waiting)
        #expect(OnboardingStep.of(.init(profile: .partner, memberships: 0, pendingJoinRequests: 2)) == .waiting)
        // Belonging to an organisation ends the way, whatever waits besides.
        #expect(OnboardingStep.of(.init(profile: nil, memberships: 1, pendingJoinRequests: 1)) == .done)
    }

    @Test func everyProfileLeadsToAKindOfOrganisationAndOnlyStructuresCannotCreate() {
        #expect(SignUpProfile.allCases.count == 7)
        #expect(Set(SignUpProfile.allCases.map(\.organisationKind)).count == 7)
        #expect(!SignUpProfile.allCases.map(\.organisationKind).contains(.platform))
        #expect(SignUpProfile.allCases.filter { !$0.mayCreateOrganisation } == [.structure])
        #expect(SignUpProfile.allCases.filter(\.asksForPerimeter) == [.facilitator, .steward])
        #expect(SignUpProfile(kind: .platform) == nil)
        #expect(SignUpProfile(kind: .privateBuyer) == .privateBuyer)
    }

    @Test func aNewOrganisationNeedsANameAValidSiretAndAKnownCommune() throws {
        let empty = NewOrganisation.Input().validate(for: .publicBuyer, gazetteer: Fixtures.gazetteer)
        guard case .failure(let errors) = empty else { Issue.record("accepted"); return }
        #expect(errors["org_name"] == "Indiquez le nom de l’organisation.")
        #expect(errors["siret"] == "Indiquez le Nᵒ SIRET de l’organisation (14 chiffres).")
        #expect(errors["commune_q"] == "Indiquez la commune du siège.")
        #expect(errors["perimeter"] == nil)

        let wrongKey = NewOrganisation.Input(name: "Ville d’Exemple", siret: "130 025 265 00014", communeCode: "59350").validate(for: .publicBuyer, gazetteer: Fixtures.gazetteer)
        guard case .failure(let keyErrors) = wrongKey else { Issue.record("accepted a wrong key"); return }
        #expect(keyErrors["siret"] == Siret.Problem.checksum.message)

        let right = NewOrganisation.Input(name: " Ville d’Exemple ", siret: "130 025 265 00013", communeCode: "59350").validate(for: .publicBuyer, gazetteer: Fixtures.gazetteer)
        let made = try right.get()
        #expect(made == NewOrganisation(kind: .publicBuyer, name: "Ville d’Exemple", siret: "13002526500013", commune: Fixtures.lille, requestedTerritory: []))
    }

    @Test func facilitatorsAndStewardsAskForADepartementOrARegion() throws {
        let base = NewOrganisation.Input(name: "Maison de l’emploi", siret: "13002526500013", communeCode: "62498")
        for (token, accepted) in [("", false), ("france", false), ("commune:62498", false), ("departement:99", false), ("departement:62", true), ("region:32", true)] {
            var input = base
            input.perimeter = token
            let result = input.validate(for: .facilitator, gazetteer: Fixtures.gazetteer)
            let read = try? result.get()
            #expect((read != nil) == accepted, "\(token)")
            if accepted { #expect(read?.requestedTerritory.map(\.token) == [token]) }
        }
        // Others are not asked, and what they send is ignored.
        var buyer = base
        buyer.perimeter = "france"
        #expect(try buyer.validate(for: .privateBuyer, gazetteer: Fixtures.gazetteer).get().requestedTerritory.isEmpty)
        // A structure is found in the directory, never created here.
        guard case .failure(let errors) = base.validate(for: .structure, gazetteer: Fixtures.gazetteer) else { Issue.record("created a structure"); return }
        #expect(errors["org_name"]?.contains("annuaire") == true)
    }
}

@Suite struct VerificationPolicyTests {
    @Test func mailDomainsAreReadAndPersonalMailboxesSayNothing() {
        #expect(MailDomain(email: "agent@Amiens-Metropole.fr")?.value == "amiens-metropole.fr")
        #expect(MailDomain(email: "pas-une-adresse") == nil)
        #expect(MailDomain(email: "x@localhost") == nil)
        #expect(MailDomain(email: "quelquun@gmail.com")?.isPersonalMailbox == true)
        #expect(MailDomain(email: "quelquun@gmail.com")?.organisationDomain == nil)
        #expect(MailDomain(email: "agent@nord.gouv.fr")?.isStateDomain == true)
        #expect(MailDomain(email: "agent@gouv.fr.exemple.com")?.isStateDomain == false)
    }

    @Test func aNewOrganisationIsVerifiedAtOnceOnlyByAStateDomain() {
        let state = MailDomain(email: "agent@dreets.gouv.fr")
        let town = MailDomain(email: "achats@ville-exemple.fr")
        #expect(VerificationPolicy.initialState(of: .publicBuyer, creatorDomain: state) == .verified)
        #expect(VerificationPolicy.initialState(of: .partner, creatorDomain: state) == .verified)
        #expect(VerificationPolicy.initialState(of: .publicBuyer, creatorDomain: town) == .pending)
        #expect(VerificationPolicy.initialState(of: .privateBuyer, creatorDomain: state) == .pending)
        #expect(VerificationPolicy.initialState(of: .company, creatorDomain: nil) == .pending)
        // A perimeter is always granted by someone.
        #expect(VerificationPolicy.initialState(of: .steward, creatorDomain: state) == .pending)
        #expect(VerificationPolicy.initialState(of: .facilitator, creatorDomain: state) == .pending)
    }

    @Test func joiningAtOnceNeedsTheSameDomainAndAVerifiedOrganisation() {
        let colleague = MailDomain(email: "b@ville-exemple.fr")
        #expect(VerificationPolicy.joinsAtOnce(userDomain: colleague, organisationDomain: "ville-exemple.fr", organisation: .verified))
        #expect(VerificationPolicy.joinsAtOnce(userDomain: colleague, organisationDomain: "Ville-Exemple.fr", organisation: .verified))
        #expect(!VerificationPolicy.joinsAtOnce(userDomain: colleague, organisationDomain: "ville-exemple.fr", organisation: .pending))
        #expect(!VerificationPolicy.joinsAtOnce(userDomain: colleague, organisationDomain: "autre.fr", organisation: .verified))
        #expect(!VerificationPolicy.joinsAtOnce(userDomain: colleague, organisationDomain: nil, organisation: .verified))
        #expect(!VerificationPolicy.joinsAtOnce(userDomain: MailDomain(email: "x@gmail.com"), organisationDomain: "gmail.com", organisation: .verified))
    }

    @Test func anOrganisationIsKnownByItsStoredDomainElseItsPublicAddressElseItsSite() {
        #expect(VerificationPolicy.knownDomain(stored: "Ville-Exemple.fr", publicEmail: "contact@autre.fr", website: nil) == "ville-exemple.fr")
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: "contact@aci-exemple.org", website: "https://www.autre.fr") == "aci-exemple.org")
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: "aci.exemple@orange.fr", website: "https://www.aci-exemple.fr/accueil") == "aci-exemple.fr")
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: nil, website: "aci-exemple.fr") == "aci-exemple.fr")
        // A personal mailbox, or a page on a shared host, says nothing of the organisation.
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: "aci@gmail.com", website: "https://www.facebook.com/aci-exemple") == nil)
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: nil, website: "https://aci-exemple.wixsite.com/site") == nil)
        #expect(VerificationPolicy.knownDomain(stored: nil, publicEmail: nil, website: "https://localhost") == nil)
        #expect(VerificationPolicy.knownDomain(stored: "", publicEmail: nil, website: nil) == nil)
    }

    @Test func thePlatformTeamDecidesEverythingAStewardItsTerritoryButNoPerimeter() {
        let platform = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .platform, role: .member)])
        let nordSteward = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .member, territory: [.departement("59")])])
        let unverifiedSteward = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .admin, territory: [.departement("59")], verified: false)])
        let buyer = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .publicBuyer, role: .admin)])
        let inLille = VerificationPolicy.Candidate(kind: .publicBuyer, commune: Fixtures.lille)
        let inLens = VerificationPolicy.Candidate(kind: .company, commune: Fixtures.lens)
        let facilitatorInLille = VerificationPolicy.Candidate(kind: .facilitator, commune: Fixtures.lille)
        #expect(VerificationPolicy.mayDecide(inLille, actor: .visitor) == .needsSignIn)
        #expect(VerificationPolicy.mayDecide(inLille, actor: platform) == .allowed)
        #expect(VerificationPolicy.mayDecide(facilitatorInLille, actor: platform) == .allowed)
        #expect(VerificationPolicy.mayDecide(inLille, actor: nordSteward) == .allowed)
        #expect(VerificationPolicy.mayDecide(inLens, actor: nordSteward) == .forbidden)
        #expect(VerificationPolicy.mayDecide(facilitatorInLille, actor: nordSteward) == .forbidden)
        #expect(VerificationPolicy.mayDecide(inLille, actor: unverifiedSteward) == .forbidden)
        #expect(VerificationPolicy.mayDecide(inLille, actor: buyer) == .forbidden)
    }

    @Test func onlyAVerifiedOrganisationsMembersPublishInItsName() {
        let organisation = UUID()
        let waiting = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .publicBuyer, role: .admin, organisation: organisation, verified: false)])
        let verified = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .publicBuyer, role: .member, organisation: organisation)])
        #expect(!VerificationPolicy.mayPublish(for: organisation, actor: waiting))
        #expect(VerificationPolicy.mayPublish(for: organisation, actor: verified))
        #expect(!VerificationPolicy.mayPublish(for: UUID(), actor: verified))
    }
}
