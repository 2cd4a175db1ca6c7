import Foundation

/// A service as its publisher types it in the form: text and ticked boxes. `apply` turns it into
/// the service (numbers read the French way, the zone's codes split on spaces or commas, the
/// position taken from the commune's centre) and checks it with `ServiceRules`.
public struct ServiceDraft: Sendable, Equatable {
    public var name = ""
    public var description = ""
    public var type = ""
    public var thematiques: [String] = []
    public var publics: [String] = []
    public var publicsDetails = ""
    public var fee = ""
    public var feeDetails = ""
    public var accessConditions = ""
    public var receptionModes: [String] = []
    public var zone = ""
    public var address = ""
    public var communeCode = ""
    public var phone = ""
    public var email = ""
    public var contactName = ""
    public var mobilisationLink = ""
    public var mobilisationModes: [String] = []
    public var mobilisers: [String] = []
    public var mobilisationDetails = ""
    public var weeklyHours = ""
    public var weeks = ""

    public init() {}

    /// The draft of an existing service, to edit it.
    public init(_ service: Service) {
        name = service.name
        description = service.description
        type = service.type ?? ""
        thematiques = service.thematiques
        publics = service.publics
        publicsDetails = service.publicsDetails ?? ""
        fee = service.fee?.rawValue ?? ""
        feeDetails = service.feeDetails ?? ""
        accessConditions = service.accessConditions ?? ""
        receptionModes = service.receptionModes.map(\.rawValue)
        zone = service.zone.codes.joined(separator: " ")
        address = service.address ?? ""
        communeCode = service.communeCode ?? ""
        phone = service.phone ?? ""
        email = service.email ?? ""
        contactName = service.contactName ?? ""
        mobilisationLink = service.mobilisationLink ?? ""
        mobilisationModes = service.mobilisationModes.map(\.rawValue)
        mobilisers = service.mobilisers
        mobilisationDetails = service.mobilisationDetails ?? ""
        weeklyHours = service.weeklyHours.map { String(format: "%g", $0).replacingOccurrences(of: ".", with: ",") } ?? ""
        weeks = service.weeks.map(String.init) ?? ""
    }

    /// Writes the draft onto `service` (its id, provider, source and status stay) and returns the
    /// result with the problems `ServiceRules` and the form's own checks find.
    public func apply(to service: Service, gazetteer: Gazetteer, now: Date) -> (service: Service, problems: [FieldProblem]) {
        func clean(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        var problems: [FieldProblem] = []
        var result = service
        result.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        result.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        result.type = clean(type)
        result.thematiques = thematiques
        result.publics = publics
        result.publicsDetails = clean(publicsDetails)
        if let fee = clean(fee) {
            result.fee = ServiceFee(rawValue: fee)
            if result.fee == nil { problems.append(FieldProblem(field: "Frais", message: "Frais : « gratuit » ou « payant »." )) }
        } else {
            result.fee = nil
        }
        result.feeDetails = clean(feeDetails)
        result.accessConditions = clean(accessConditions)
        result.receptionModes = receptionModes.compactMap(ReceptionMode.init(rawValue:))
        result.zone = EligibilityZone(zone.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0.isNewline }).map { $0.lowercased() == "france" ? "france" : String($0) })
        result.address = clean(address)
        result.communeCode = clean(communeCode)
        result.coordinates = result.communeCode.flatMap { gazetteer.commune($0)?.centre }
        result.phone = clean(phone)
        result.email = clean(email)
        result.contactName = clean(contactName)
        result.mobilisationLink = clean(mobilisationLink)
        result.mobilisationModes = mobilisationModes.compactMap(MobilisationMode.init(rawValue:))
        result.mobilisers = mobilisers
        result.mobilisationDetails = clean(mobilisationDetails)
        if let text = clean(weeklyHours) {
            result.weeklyHours = Double(text.replacingOccurrences(of: ",", with: "."))
            if result.weeklyHours == nil { problems.append(FieldProblem(field: "Volume horaire hebdomadaire", message: "Le volume horaire est un nombre d’heures, comme 3 ou 2,5.")) }
        } else {
            result.weeklyHours = nil
        }
        if let text = clean(weeks) {
            result.weeks = Int(text)
            if result.weeks == nil { problems.append(FieldProblem(field: "Nombre de semaines", message: "Le nombre de semaines est un nombre entier.")) }
        } else {
            result.weeks = nil
        }
        if result.thematiques.isEmpty {
            problems.append(FieldProblem(field: "Thématiques", message: "Cochez au moins une thématique : c’est par elles que les prescripteurs trouvent le service."))
        }
        if result.mobilisationModes.contains(.email) && result.email == nil {
            problems.append(FieldProblem(field: "Courriel", message: "Le service se mobilise par courriel : indiquez l’adresse."))
        }
        if result.mobilisationModes.contains(.phone) && result.phone == nil {
            problems.append(FieldProblem(field: "Téléphone", message: "Le service se mobilise par téléphone : indiquez le numéro."))
        }
        if result.mobilisationModes.contains(.link) && result.mobilisationLink == nil {
            problems.append(FieldProblem(field: "Lien de mobilisation", message: "Le service se mobilise par un lien : indiquez-le."))
        }
        result.updatedAt = now
        return (result, problems + ServiceRules.validate(result, gazetteer: gazetteer))
    }
}
