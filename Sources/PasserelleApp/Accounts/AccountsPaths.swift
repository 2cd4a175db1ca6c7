import Foundation
import PasserelleDirectory
import PasserellePlatform
/// The accounts' pages: sign-up, log-in, the account, teams, claims, the back-office.
enum AccountsPaths {
    static let signUp = PagePath("/inscription")
    static let verify = PagePath("/compte/verifier")
    static let login = PagePath("/connexion")
    static let logout = PagePath("/deconnexion")
    static let account = PagePath("/compte")
    static let changePassword = PagePath("/compte/mot-de-passe")
    static let changeEmail = PagePath("/compte/adresse")
    static let confirmEmailChange = PagePath("/compte/adresse/confirmer")
    static let personalData = PagePath("/compte/donnees")
    static let tokens = PagePath("/compte/jetons")
    static let revokeToken = PagePath("/compte/jetons/:token/revoquer")
    static let deleteAccount = PagePath("/compte/supprimer")
    static let forgottenPassword = PagePath("/mot-de-passe-oublie")
    static let newPassword = PagePath("/mot-de-passe/nouveau")

    static let auditLog = PagePath("/admin/journal")
    static let auditLogCSV = PagePath("/admin/journal.csv")
    static let users = PagePath("/admin/utilisateurs")
    static let usersCSV = PagePath("/admin/utilisateurs.csv")
    static let organisations = PagePath("/admin/organisations")
    static let organisationsCSV = PagePath("/admin/organisations.csv")

    static let claim = PagePath("/structures/:id/revendiquer")
    static let claims = PagePath("/admin/revendications")
    static let decideClaim = PagePath("/admin/revendications/:claim")

    static let team = PagePath("/organisations/:id")
    static let invite = PagePath("/organisations/:id/invitations")
    static let revokeInvitation = PagePath("/organisations/:id/invitations/:invitation/annuler")
    static let changeRole = PagePath("/organisations/:id/membres/:user/role")
    static let removeMember = PagePath("/organisations/:id/membres/:user/retirer")
    static let decideJoinRequest = PagePath("/organisations/:id/demandes/:request")
    static let invitation = PagePath("/invitation")
    static let join = PagePath("/structures/:id/rejoindre")
}

extension Links {
    static func login(next: String?) -> String {
        guard let next, next != "/" else { return AccountsPaths.login.link() }
        return AccountsPaths.login.link(query: [("next", next)])
    }
    static func verification(token: String, publicURL: String) -> String {
        publicURL + AccountsPaths.verify.link(query: [("jeton", token)])
    }
    static func emailChange(token: String) -> String { AccountsPaths.confirmEmailChange.link(query: [("jeton", token)]) }
    static func newPassword(token: String) -> String { AccountsPaths.newPassword.link(query: [("jeton", token)]) }
}
