import Foundation
import Testing
@testable import PasserelleCore

@Suite("Journeys: a structure's CSV of people and contracts, read")
struct PeopleImportTests {
    @Test func columnsAreNamedAsSpreadsheetsWriteThemInAnyOrder() throws {
        let text = "Prénom;NOM;Date de naissance;Commune;Situation;Accord\nAlix;Exemple;14/03/1990;59350;jeunes|demandeurs-emploi;Oui\n"
        let lines = try PeopleImport.read(text, kind: .aci).get()
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.number == 2 && line.person.firstName == "Alix" && line.person.lastName == "Exemple" && line.person.birthDate == "1990-03-14")
        #expect(line.commune == "59350" && line.person.publics == ["jeunes", "demandeurs-emploi"] && line.person.consent && line.hire == nil)
        #expect(line.person.preference == ContactPreference.throughReferent.rawValue && line.problems.isEmpty)
        #expect(line.key == PeopleImport.key(lastName: "EXEMPLE", firstName: "alix", birthDate: "1990-03-14"))
    }

    @Test func aFileWithoutItsColumnsOrWithUnknownOnesIsRefusedWhole() {
        #expect(PeopleImport.read("", kind: .aci) == .failure(.empty))
        #expect(PeopleImport.read("nom;prenom;date_naissance;commune\n", kind: .aci) == .failure(.empty))
        #expect(PeopleImport.read("nom;prenom;commune\nA;B;59350\n", kind: .aci) == .failure(.missingColumns(["date_naissance"])))
        #expect(PeopleImport.read("nom;prenom;date_naissance;commune;numero_secu\nA;B;2000-01-01;59350;1\n", kind: .aci) == .failure(.unknownColumns(["numero_secu"])))
        #expect(PeopleImport.FileProblem.unknownColumns(["numero_secu"]).message.hasPrefix("Colonnes inconnues : numero_secu. Les colonnes possibles : nom, prenom"))
        #expect(PeopleImport.read("nom;prenom;date_naissance;commune\n\"A;B\n", kind: .aci) == .failure(.unreadable("Ligne 2 : un guillemet ouvert n’est jamais refermé.")))
        let many = "nom;prenom;date_naissance;commune\n" + String(repeating: "A;B;2000-01-01;59350\n", count: PeopleImport.maximumLines + 1)
        #expect(PeopleImport.read(many, kind: .aci) == .failure(.tooManyLines(PeopleImport.maximumLines + 1)))
    }

    @Test func aHiringLineCarriesItsDiagnosisAndContract() throws {
        let text = """
            nom,prenom,date_naissance,commune,accord,embauche,diagnostic_date,diagnostic_par,prescripteur,criteres,justificatifs,contrat,contrat_debut,contrat_fin,heures_hebdo
            Exemple,Alix,1990-03-14,59350,oui,02/09/2026,20/08/2026,Prescripteur,Mission locale,rsa|moins-de-26-ans,\
            rsa=Attestation CAF|moins-de-26-ans=Pièce d’identité,CDDI,02/09/2026,01/03/2027,"24,5"
            Essai,Léa,1995-01-01,59350,oui,02/09/2026,20/08/2026,structure,,rsa,Attestation CAF,cddi,02/09/2026,01/03/2027,beaucoup
            Essai,Tom,1995-01-01,59350,peut-être,,,,,,,,,,
            Essai,Zoé,1995-01-01,59350,oui,,,,,,,contrat-pro,2026-09-02,2027-03-01,26
            """
        let lines = try PeopleImport.read(text, kind: .aci).get()
        let hire = try #require(lines[0].hire)
        #expect(hire.hiredOn == "2026-09-02" && hire.diagnosisDate == "2026-08-20" && hire.diagnosisAuthor == "prescripteur" && hire.prescriber == "Mission locale")
        #expect(hire.criteria == ["rsa", "moins-de-26-ans"] && hire.proofs == ["rsa": "Attestation CAF", "moins-de-26-ans": "Pièce d’identité"])
        #expect(hire.contract == ContractTerms(kind: .cddi, start: "2026-09-02", end: "2027-03-01", weeklyHours: 24.5))
        #expect(lines[0].problems.isEmpty)
        #expect(lines[1].hire?.proofs == ["rsa": "Attestation CAF"] && lines[1].problems == ["Heures hebdomadaires : un nombre, par exemple 26 ou 24,5 (« beaucoup »)."])
        #expect(lines[2].hire == nil && lines[2].problems == ["Accord : « oui », « non » ou vide, pas « peut-être »."])
        #expect(lines[3].problems.contains("Embauche : la date d’embauche est obligatoire pour un diagnostic ou un contrat."))
        #expect(lines[3].problems.contains { $0.hasPrefix("Contrat inconnu : « contrat-pro »") })
    }

    @Test func aRenewalCountsTheEarlierContractsTowardTheTotal() throws {
        let bounds = try ReferenceRulesTests.bounds()
        let first = ContractTerms(kind: .cddi, start: "2025-01-01", end: "2025-12-31", weeklyHours: 26)
        let renewal = ContractTerms(kind: .cddi, start: "2026-01-01", end: "2026-12-31", weeklyHours: 26)
        #expect(ContractRenewal.problems(renewal, earlier: [first], hiredOn: "2025-01-01", structure: .aci, bounds: bounds).isEmpty)
        let tooLong = ContractTerms(kind: .cddi, start: "2026-01-01", end: "2027-03-31", weeklyHours: 26)
        let over = ContractRenewal.problems(tooLong, earlier: [first], hiredOn: "2025-01-01", structure: .aci, bounds: bounds)
        #expect(over.contains { $0.contains("24 mois en tout, renouvellements compris") && $0.contains("12 mois déjà faits") })
        let overlapping = ContractTerms(kind: .cddi, start: "2025-12-01", end: "2026-05-31", weeklyHours: 26)
        #expect(ContractRenewal.problems(overlapping, earlier: [first], hiredOn: "2025-01-01", structure: .aci, bounds: bounds)
            == ["Le contrat commence le 1er décembre 2025, avant la fin du précédent (31 décembre 2025)."])
        let tremplin = ContractTerms(kind: .cddTremplin, start: "2026-01-01", end: "2026-06-30", weeklyHours: 26)
        #expect(ContractRenewal.problems(tremplin, earlier: [first], hiredOn: "2025-01-01", structure: .aci, bounds: bounds).first?.contains("pas par une structure ACI") == true)
    }
}
