import Foundation

/// An immersion agreement as the accompanying structure writes it: the person, the host and its
/// tutor, the job tried (a ROME title), the objective, the dates and the schedule. The legal
/// bounds are `ImmersionCheck`'s; each party signs from its own address, so that the person and
/// the host cannot be the same mailbox.
public struct ImmersionDraft: Sendable, Equatable {
    public var firstName = ""
    public var lastName = ""
    public var beneficiaryEmail = ""
    public var hostName = ""
    public var hostSiret = ""
    public var hostContact = ""
    public var hostEmail = ""
    public var tutorName = ""
    public var tutorRole = ""
    public var romeTitle = ""
    public var objective = ""
    public var communeCode = ""
    public var startsOn = ""
    public var endsOn = ""
    public var weeklyHours = ""
    public var dailyHours = ""
    public var schedule = ""
    public var previousDays = "0"
    public var renewal = false

    public init() {}

    public enum Field {
        public static let firstName = "Prénom de la personne"
        public static let lastName = "Nom de la personne"
        public static let beneficiaryEmail = "Courriel de la personne"
        public static let hostName = "Entreprise d’accueil"
        public static let hostSiret = "SIRET de l’entreprise"
        public static let hostContact = "Signataire pour l’entreprise"
        public static let hostEmail = "Courriel du signataire"
        public static let tutorName = "Tuteur ou tutrice"
        public static let romeTitle = "Métier (ROME)"
        public static let objective = "Objectif"
        public static let commune = "Lieu de l’immersion"
        public static let terms = "Dates et horaires"
        public static let schedule = "Horaires"
    }

    public struct Checked: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        public var beneficiaryEmail: String
        public var hostName: String
        public var hostSiret: String?
        public var hostContact: String
        public var hostEmail: String
        public var tutorName: String
        public var tutorRole: String?
        public var rome: Rome.Title
        public var objective: ImmersionBounds.Objective
        public var communeCode: String
        public var terms: ImmersionTerms
        public var schedule: String
    }

    public func validate(rome: Rome, bounds: ImmersionBounds, knownCommune: (String) -> Bool) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func name(_ value: String, _ field: String, longest: Int = 80) {
            let text = clean(value)
            if !(1...longest).contains(text.unicodeScalars.count) {
                problems.append(FieldProblem(field: field, message: "\(field) : obligatoire, \(longest) caractères au plus."))
            } else if let oneLine = OneLineText.problem(in: text) {
                problems.append(FieldProblem(field: field, message: "\(field) : " + oneLine))
            }
        }
        name(firstName, Field.firstName)
        name(lastName, Field.lastName)
        name(hostName, Field.hostName, longest: 160)
        name(hostContact, Field.hostContact, longest: 120)
        name(tutorName, Field.tutorName, longest: 120)
        let person = EmailAddress(beneficiaryEmail), host = EmailAddress(hostEmail)
        if person == nil { problems.append(FieldProblem(field: Field.beneficiaryEmail, message: "Le courriel de la personne : elle y reçoit son lien de signature.")) }
        if host == nil { problems.append(FieldProblem(field: Field.hostEmail, message: "Le courriel du signataire de l’entreprise : il y reçoit son lien de signature.")) }
        if let person, let host, person == host {
            problems.append(FieldProblem(field: Field.hostEmail, message: "La personne et l’entreprise signent chacune de leur adresse : les deux courriels diffèrent."))
        }
        let siret = clean(hostSiret).filter { !$0.isWhitespace }
        if !siret.isEmpty, !Siret.isValid(siret) { problems.append(FieldProblem(field: Field.hostSiret, message: "SIRET invalide : 14 chiffres dont la clé est juste.")) }
        let title = Int(clean(romeTitle)).flatMap(rome.title)
        if title == nil { problems.append(FieldProblem(field: Field.romeTitle, message: "Choisissez le métier dans la liste du ROME.")) }
        let objective = bounds.objective(objective)
        if objective == nil { problems.append(FieldProblem(field: Field.objective, message: "Choisissez l’objectif de l’immersion.")) }
        if !knownCommune(communeCode) { problems.append(FieldProblem(field: Field.commune, message: "Choisissez la commune où se déroule l’immersion.")) }
        let schedule = clean(self.schedule)
        if !(3...500).contains(schedule.count) {
            problems.append(FieldProblem(field: Field.schedule, message: "Décrivez les jours et les heures de présence (500 caractères au plus)."))
        }
        let weekly = Double(clean(weeklyHours).replacingOccurrences(of: ",", with: "."))
        let daily = clean(dailyHours).isEmpty ? nil : Double(clean(dailyHours).replacingOccurrences(of: ",", with: "."))
        let previous = Int(clean(previousDays).isEmpty ? "0" : clean(previousDays))
        var terms: ImmersionTerms?
        if clean(startsOn).isEmpty || clean(endsOn).isEmpty {
            problems.append(FieldProblem(field: Field.terms, message: "Donnez le premier et le dernier jour de l’immersion."))
        } else if weekly == nil || (!clean(dailyHours).isEmpty && daily == nil) || previous == nil {
            problems.append(FieldProblem(field: Field.terms, message: "Les heures (par semaine, par jour) et les jours déjà faits s’écrivent en chiffres."))
        } else if let daily, !(daily > 0 && daily <= 24) {
            problems.append(FieldProblem(field: Field.terms, message: "Une journée compte de 1 à 24 heures."))
        } else {
            let checked = ImmersionTerms(start: clean(startsOn), end: clean(endsOn), weeklyHours: weekly!, dailyHours: daily, previousDays: previous!, renewal: renewal ? 1 : 0)
            let legal = ImmersionCheck.problems(checked, bounds: bounds)
            problems += legal.map { FieldProblem(field: Field.terms, message: $0) }
            if legal.isEmpty { terms = checked }
        }
        guard problems.isEmpty, let title, let objective, let terms, let person, let host else { return .failure(FieldProblems(problems)) }
        return .success(Checked(firstName: clean(firstName), lastName: clean(lastName), beneficiaryEmail: person.value, hostName: clean(hostName),
                                hostSiret: siret.isEmpty ? nil : siret, hostContact: clean(hostContact), hostEmail: host.value, tutorName: clean(tutorName),
                                tutorRole: clean(tutorRole).isEmpty ? nil : String(clean(tutorRole).prefix(120)), rome: title, objective: objective,
                                communeCode: communeCode, terms: terms, schedule: schedule))
    }
}
