import Foundation
import Testing
import PasserelleCore

@Suite("Accounts: addresses, passwords, sign-up, throttles, return paths")
struct AccountRulesTests {
    @Test(arguments: [
        ("  Camille.Martin@Exemple.FR ", "camille.martin@exemple.fr"),
        ("direction@aci-arras.org", "direction@aci-arras.org"),
        ("a+tag@sous.domaine.example", "a+tag@sous.domaine.example"),
    ])
    func addressesAreTrimmedAndLowerCased(text: String, expected: String) {
        #expect(EmailAddress(text)?.value == expected)
    }

    @Test(arguments: ["", "sans-arobase.fr", "deux@@exemple.fr", "a@b", "a@.fr", "a@exemple.", "espace @exemple.fr", "a@-exemple.fr", "<a@exemple.fr>", String(repeating: "a", count: 65) + "@exemple.fr"])
    func thingsThatAreNotAddressesAreRefused(text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test func theDomainOfAnAddress() {
        #expect(EmailAddress("contact@ressourcerie-lens.fr")?.domain == "ressourcerie-lens.fr")
    }

    @Test func passwordsMustBeLongAndNotTheAddress() {
        #expect(PasswordRules.problem(with: "court", email: nil)?.contains("10 caractères") == true)
        #expect(PasswordRules.problem(with: "aaaaaaaaaaaa", email: nil)?.contains("répétitif") == true)
        #expect(PasswordRules.problem(with: "camille.martin", email: "camille.martin@exemple.fr")?.contains("adresse") == true)
        #expect(PasswordRules.problem(with: String(repeating: "é", count: 40), email: nil)?.contains("72 octets") == true)
        #expect(PasswordRules.problem(with: "un jardin partagé à Lens", email: "camille@exemple.fr") == nil)
    }

    @Test func signUpReportsEveryWrongFieldInFrench() {
        let result = SignUp.Input(name: "  ", email: "pas-une-adresse", password: "court", passwordConfirmation: "court", acceptsTerms: false).validate()
        guard case .failure(let problems) = result else { Issue.record("accepted"); return }
        #expect(problems.errors["name"] == "Indiquez votre nom.")
        #expect(problems.errors["email"]?.hasPrefix("Cette adresse électronique n’est pas valide") == true)
        #expect(problems.errors["password"]?.contains("10 caractères") == true)
        #expect(problems.errors["accepts_terms"] != nil)
        #expect(problems.errors["profile"] == "Dites qui vous êtes : la suite de l’inscription en dépend.")
    }

    @Test func signUpNeedsTheSamePasswordTwice() {
        let result = SignUp.Input(name: "Camille Martin", email: "camille@exemple.fr", password: "un jardin partagé", passwordConfirmation: "un jardin partage",
                                  acceptsTerms: true, profile: "partenaire").validate()
        guard case .failure(let problems) = result else { Issue.record("accepted"); return }
        #expect(problems.errors.messages.keys.sorted() == ["password_confirmation"])
    }

    @Test func aCorrectSignUpIsNormalised() throws {
        let signUp = try SignUp.Input(name: " Camille Martin ", email: "Camille@Exemple.fr", password: "un jardin partagé", passwordConfirmation: "un jardin partagé", acceptsTerms: true,
                                        profile: "acheteur-public").validate().get()
        #expect(signUp.name == "Camille Martin")
        #expect(signUp.profile == .publicBuyer)
        #expect(signUp.email.value == "camille@exemple.fr")
    }

    @Test func fiveFailuresAreFreeThenTheWaitDoublesUpToFifteenMinutes() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for failures in 1...4 {
            #expect(LoginThrottle(failures: failures, lastFailure: start).wait(at: start) == 0, "after \(failures) failures")
        }
        let five = LoginThrottle(failures: 5, lastFailure: start)
        #expect(five.wait(at: start) == 30)
        #expect(five.wait(at: start.addingTimeInterval(20)) == 10)
        #expect(five.wait(at: start.addingTimeInterval(30)) == 0)
        #expect(LoginThrottle(failures: 6, lastFailure: start).wait(at: start) == 60)
        #expect(LoginThrottle(failures: 26, lastFailure: start).wait(at: start) == 15 * 60)
    }

    @Test func failuresAreForgottenAfterADay() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let throttle = LoginThrottle(failures: 12, lastFailure: start)
        let nextDay = start.addingTimeInterval(24 * 3600 + 1)
        #expect(throttle.wait(at: nextDay) == 0)
        #expect(throttle.current(at: nextDay).failures == 0)
    }

    @Test func scopesHaveTheirOwnAllowance() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let throttle = LoginThrottle(failures: 6, lastFailure: start)
        // Six failures: the pair (account, address) waits, the account and the address do not.
        #expect(throttle.wait(at: start, freeFailures: LoginThrottle.Scope.accountFromAddress.freeFailures) > 0)
        #expect(throttle.wait(at: start, freeFailures: LoginThrottle.Scope.account.freeFailures) == 0)
        #expect(throttle.wait(at: start, freeFailures: LoginThrottle.Scope.address.freeFailures) == 0)
        #expect(LoginThrottle.Scope.accountFromAddress.freeFailures < LoginThrottle.Scope.account.freeFailures)
        #expect(LoginThrottle.Scope.account.freeFailures < LoginThrottle.Scope.address.freeFailures)
        #expect(LoginThrottle.Scope.accountFromAddress.key(email: "a@b.fr", client: "192.0.2.1") == "compte-adresse:a@b.fr|192.0.2.1")
        #expect(LoginThrottle.Scope.account.key(email: "a@b.fr", client: "192.0.2.1") == "compte:a@b.fr")
        #expect(LoginThrottle.Scope.address.key(email: "a@b.fr", client: "192.0.2.1") == "adresse:192.0.2.1")
        #expect(!LoginThrottle.Scope.address.clearedBySuccess && LoginThrottle.Scope.account.clearedBySuccess)
    }

    @Test func throttleMessagesInFrench() {
        #expect(LoginThrottle.message(waiting: 1) == "Trop de tentatives : réessayez dans 1 seconde.")
        #expect(LoginThrottle.message(waiting: 29.2) == "Trop de tentatives : réessayez dans 30 secondes.")
        #expect(LoginThrottle.message(waiting: 61) == "Trop de tentatives : réessayez dans 2 minutes.")
    }

    @Test(arguments: [
        (Optional<String>.none, "/compte"), ("/structures?q=nettoyage", "/structures?q=nettoyage"), ("https://exemple.com/", "/compte"),
        ("//exemple.com", "/compte"), ("/\\exemple.com", "/compte"), ("javascript:alert(1)", "/compte"), ("/a\nb", "/compte"), ("compte", "/compte"),
    ])
    func onlyLocalPathsAreFollowedAfterLogIn(next: String?, expected: String) {
        #expect(ReturnPath.local(next) == expected)
    }
}
