import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The accounts' pages: sign-up, log-in, the account, teams, claims, the back-office.
package enum AccountsPaths {
    package static let signUp = PagePath("/inscription")
    /// The steps after sign-up: « Vous êtes… », then the organisation (find, join or create).
    package static let onboarding = PagePath("/inscription/organisation")
    package static let chooseProfile = PagePath("/inscription/profil")
    package static let joinOrganisation = PagePath("/inscription/organisations/:id/rejoindre")
    package static let verify = PagePath("/compte/verifier")
    package static let login = PagePath("/connexion")
    package static let logout = PagePath("/deconnexion")
    package static let account = PagePath("/compte")
    package static let workspace = PagePath("/mon-espace")
    package static let changePassword = PagePath("/compte/mot-de-passe")
    package static let changeEmail = PagePath("/compte/adresse")
    package static let confirmEmailChange = PagePath("/compte/adresse/confirmer")
    package static let personalData = PagePath("/compte/donnees")
    package static let tokens = PagePath("/compte/jetons")
    package static let revokeToken = PagePath("/compte/jetons/:token/revoquer")
    package static let deleteAccount = PagePath("/compte/supprimer")
    package static let forgottenPassword = PagePath("/mot-de-passe-oublie")
    package static let newPassword = PagePath("/mot-de-passe/nouveau")

    package static let auditLog = PagePath("/admin/journal")
    package static let auditLogCSV = PagePath("/admin/journal.csv")
    package static let users = PagePath("/admin/utilisateurs")
    package static let usersCSV = PagePath("/admin/utilisateurs.csv")
    package static let organisations = PagePath("/admin/organisations")
    package static let organisationsCSV = PagePath("/admin/organisations.csv")

    package static let verifications = PagePath("/admin/verifications")
    package static let decideVerification = PagePath("/admin/verifications/:organisation")

    package static let claim = PagePath("/structures/:id/revendiquer")
    package static let claims = PagePath("/admin/revendications")
    package static let decideClaim = PagePath("/admin/revendications/:claim")

    package static let team = PagePath("/organisations/:id")
    package static let invite = PagePath("/organisations/:id/invitations")
    package static let revokeInvitation = PagePath("/organisations/:id/invitations/:invitation/annuler")
    package static let changeRole = PagePath("/organisations/:id/membres/:user/role")
    package static let removeMember = PagePath("/organisations/:id/membres/:user/retirer")
    package static let decideJoinRequest = PagePath("/organisations/:id/demandes/:request")
    package static let invitation = PagePath("/invitation")
    package static let join = PagePath("/structures/:id/rejoindre")
}

extension Links {
    package static func login(next: String?) -> String {
        guard let next, next != "/" else { return AccountsPaths.login.link() }
        return AccountsPaths.login.link(query: [("next", next)])
    }
    package static func verification(token: String, publicURL: String) -> String {
        publicURL + AccountsPaths.verify.link(query: [("jeton", token)])
    }
    package static func emailChange(token: String) -> String { AccountsPaths.confirmEmailChange.link(query: [("jeton", token)]) }
    package static func newPassword(token: String) -> String { AccountsPaths.newPassword.link(query: [("jeton", token)]) }
}
