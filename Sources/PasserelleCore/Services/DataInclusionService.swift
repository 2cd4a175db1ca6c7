import Foundation

/// A service in the national data·inclusion schema v1 (`service.json`). Every optional property
/// is written, `null` when unknown, and lists that the schema wants non-empty are `null` when
/// empty.
public struct DataInclusionService: Codable, Hashable, Sendable {
    public var id: String
    public var source: String
    public var structureId: String
    public var nom: String
    public var description: String
    public var lienSource: String?
    public var dateMaj: String
    public var type: String?
    public var thematiques: [String]?
    public var frais: String?
    public var fraisPrecisions: String?
    public var publics: [String]?
    public var publicsPrecisions: String?
    public var conditionsAcces: String?
    public var commune: String?
    public var codePostal: String?
    public var codeInsee: String?
    public var adresse: String?
    public var complementAdresse: String?
    public var longitude: Double?
    public var latitude: Double?
    public var telephone: String?
    public var courriel: String?
    public var modesAccueil: [String]?
    public var zoneEligibilite: [String]?
    public var contactNomPrenom: String?
    public var lienMobilisation: String?
    public var modesMobilisation: [String]?
    public var mobilisablePar: [String]?
    public var mobilisationPrecisions: String?
    public var volumeHoraireHebdomadaire: Double?
    public var nombreSemaines: Int?
    public var horairesAccueil: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, source, nom, description, type, thematiques, frais, publics, commune, adresse, longitude, latitude, telephone, courriel
        case structureId = "structure_id"
        case lienSource = "lien_source"
        case dateMaj = "date_maj"
        case fraisPrecisions = "frais_precisions"
        case publicsPrecisions = "publics_precisions"
        case conditionsAcces = "conditions_acces"
        case codePostal = "code_postal"
        case codeInsee = "code_insee"
        case complementAdresse = "complement_adresse"
        case modesAccueil = "modes_accueil"
        case zoneEligibilite = "zone_eligibilite"
        case contactNomPrenom = "contact_nom_prenom"
        case lienMobilisation = "lien_mobilisation"
        case modesMobilisation = "modes_mobilisation"
        case mobilisablePar = "mobilisable_par"
        case mobilisationPrecisions = "mobilisation_precisions"
        case volumeHoraireHebdomadaire = "volume_horaire_hebdomadaire"
        case nombreSemaines = "nombre_semaines"
        case horairesAccueil = "horaires_accueil"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encode(structureId, forKey: .structureId)
        try c.encode(nom, forKey: .nom)
        try c.encode(description, forKey: .description)
        try c.encode(lienSource, forKey: .lienSource)
        try c.encode(dateMaj, forKey: .dateMaj)
        try c.encode(type, forKey: .type)
        try c.encode(thematiques, forKey: .thematiques)
        try c.encode(frais, forKey: .frais)
        try c.encode(fraisPrecisions, forKey: .fraisPrecisions)
        try c.encode(publics, forKey: .publics)
        try c.encode(publicsPrecisions, forKey: .publicsPrecisions)
        try c.encode(conditionsAcces, forKey: .conditionsAcces)
        try c.encode(commune, forKey: .commune)
        try c.encode(codePostal, forKey: .codePostal)
        try c.encode(codeInsee, forKey: .codeInsee)
        try c.encode(adresse, forKey: .adresse)
        try c.encode(complementAdresse, forKey: .complementAdresse)
        try c.encode(longitude, forKey: .longitude)
        try c.encode(latitude, forKey: .latitude)
        try c.encode(telephone, forKey: .telephone)
        try c.encode(courriel, forKey: .courriel)
        try c.encode(modesAccueil, forKey: .modesAccueil)
        try c.encode(zoneEligibilite, forKey: .zoneEligibilite)
        try c.encode(contactNomPrenom, forKey: .contactNomPrenom)
        try c.encode(lienMobilisation, forKey: .lienMobilisation)
        try c.encode(modesMobilisation, forKey: .modesMobilisation)
        try c.encode(mobilisablePar, forKey: .mobilisablePar)
        try c.encode(mobilisationPrecisions, forKey: .mobilisationPrecisions)
        try c.encode(volumeHoraireHebdomadaire, forKey: .volumeHoraireHebdomadaire)
        try c.encode(nombreSemaines, forKey: .nombreSemaines)
        try c.encode(horairesAccueil, forKey: .horairesAccueil)
    }

    /// The data·inclusion form of a service; `pageURL` is its public page.
    public init(_ service: Service, gazetteer: Gazetteer, pageURL: String) {
        let producer = DataInclusion.producer
        func nonEmpty<T>(_ list: [T]) -> [T]? { list.isEmpty ? nil : list }
        let commune = service.communeCode.flatMap(gazetteer.commune)
        id = "\(producer)--\(service.id.uuidString.lowercased())"
        source = producer
        // data·inclusion ties a service to a structure id: the provider's own when it came from
        // there, else the directory's or the organisation's record here, else its name.
        structureId = service.provider.reference
            ?? (service.provider.structureId ?? service.provider.organisationId).map { "\(producer)--\($0.uuidString.lowercased())" }
            ?? "\(producer)--\(SearchText.fold(service.provider.name).split(separator: " ").joined(separator: "-"))"
        nom = DataInclusion.nom(service.name)
        description = service.description.trimmingCharacters(in: .whitespacesAndNewlines)
        lienSource = pageURL
        dateMaj = DateText.isoDay(service.updatedAt)
        type = service.type
        thematiques = nonEmpty(service.thematiques)
        frais = service.fee?.rawValue
        fraisPrecisions = service.feeDetails
        publics = nonEmpty(service.publics)
        publicsPrecisions = service.publicsDetails
        conditionsAcces = service.accessConditions
        self.commune = commune?.name.name
        codePostal = commune?.postalCodes.first
        codeInsee = service.communeCode
        adresse = service.address
        complementAdresse = nil
        longitude = service.coordinates?.longitude
        latitude = service.coordinates?.latitude
        telephone = service.phone
        courriel = service.email
        modesAccueil = nonEmpty(service.receptionModes.map(\.rawValue))
        zoneEligibilite = nonEmpty(service.zone.codes)
        contactNomPrenom = service.contactName
        lienMobilisation = service.mobilisationLink
        modesMobilisation = nonEmpty(service.mobilisationModes.map(\.rawValue))
        mobilisablePar = nonEmpty(service.mobilisers)
        mobilisationPrecisions = service.mobilisationDetails
        volumeHoraireHebdomadaire = service.weeklyHours
        nombreSemaines = service.weeks
        horairesAccueil = service.openingHours
    }

    /// The same without the ways to reach the service, for someone not signed in.
    public mutating func withoutContacts() {
        adresse = nil
        telephone = nil
        courriel = nil
        contactNomPrenom = nil
    }
}
