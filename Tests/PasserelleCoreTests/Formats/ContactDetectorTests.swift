import Foundation
import Testing
@testable import PasserelleCore

@Suite("Contacts in text meant to hold none")
struct ContactDetectorTests {
    @Test(arguments: [
        "06 12 34 56 78", "06-12-34-56-78", "06.12.34.56.78", "0612345678", "06/12/34/56/78", "06_12_34_56_78", "(06) 12 34 56 78",
        "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "+33612345678", "+32 2 123 45 67", "０６ １２ ３４ ５６ ７８",
        "Tél : 03-20-00-00-00",
        "claude@exemple.fr", "claude ＠ exemple.fr", "claude﹫exemple.fr", "nom [at] domaine.fr", "nom (at) domaine.fr", "nom arobase domaine.fr",
        "nom at domaine dot fr", "nom [at] domaine [point] fr", "NOM [AT] DOMAINE.FR",
    ])
    func contactsAreFound(_ text: String) {
        #expect(ContactDetector.holdsContact("Claude Martin | directrice | " + text), "\(text)")
    }

    @Test(arguments: [
        "Claude Martin | directrice | Les Astelles", "Dominique | chargée de mission 2019-2023 | Coach at Work", "Sam | DREETS Hauts-de-France | 59",
        "Alex | présidente | Association du 12 rue des Postes", "Jo | 150 ETP | Entreprise à but d’emploi", "Lou | point relais | Emploi 2024",
    ])
    func ordinaryLinesPass(_ text: String) {
        #expect(!ContactDetector.holdsContact(text), "\(text)")
    }
}
