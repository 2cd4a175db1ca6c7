import Foundation

/// Who offers a service: a partner (mission locale, association, CCAS…) or an inclusive employer.
public struct ServiceProvider: Hashable, Sendable {
    public var name: String
    /// The data·inclusion id of the structure (`source--id`), when it came from there.
    public var reference: String?
    /// The organisation of Passerelle whose members publish and answer for it.
    public var organisationId: UUID?
    /// Its record in the directory, when it is an inclusive employer.
    public var structureId: UUID?

    public init(name: String, reference: String? = nil, organisationId: UUID? = nil, structureId: UUID? = nil) {
        self.name = name
        self.reference = reference
        self.organisationId = organisationId
        self.structureId = structureId
    }
}

/// A partner service that lifts a barrier to employment, described as data·inclusion v1 does.
public struct Service: Hashable, Sendable {
    public var id: UUID
    public var provider: ServiceProvider
    /// Who provided the record ("demo", "data-inclusion:dora"…) and its id there.
    public var source: String?
    public var sourceId: String?
    public var name: String
    public var description: String
    /// One of `ServiceVocabulary.types`.
    public var type: String?
    public var thematiques: [String]
    public var publics: [String]
    public var publicsDetails: String?
    public var fee: ServiceFee?
    public var feeDetails: String?
    public var accessConditions: String?
    public var receptionModes: [ReceptionMode]
    public var zone: EligibilityZone
    public var address: String?
    public var communeCode: String?
    public var coordinates: GeoPoint?
    public var phone: String?
    public var email: String?
    public var contactName: String?
    public var mobilisationLink: String?
    public var mobilisationModes: [MobilisationMode]
    /// `professionnels`, `usagers`.
    public var mobilisers: [String]
    public var mobilisationDetails: String?
    public var weeklyHours: Double?
    public var weeks: Int?
    /// OpenStreetMap `opening_hours`, as published.
    public var openingHours: String?
    public var status: ServiceStatus
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), provider: ServiceProvider, source: String? = nil, sourceId: String? = nil, name: String, description: String,
        type: String? = nil, thematiques: [String] = [], publics: [String] = [], publicsDetails: String? = nil, fee: ServiceFee? = nil,
        feeDetails: String? = nil, accessConditions: String? = nil, receptionModes: [ReceptionMode] = [], zone: EligibilityZone = .init(),
        address: String? = nil, communeCode: String? = nil, coordinates: GeoPoint? = nil, phone: String? = nil, email: String? = nil,
        contactName: String? = nil, mobilisationLink: String? = nil, mobilisationModes: [MobilisationMode] = [], mobilisers: [String] = [],
        mobilisationDetails: String? = nil, weeklyHours: Double? = nil, weeks: Int? = nil, openingHours: String? = nil,
        status: ServiceStatus = .published, updatedAt: Date = Date()
    ) {
        self.id = id
        self.provider = provider
        self.source = source
        self.sourceId = sourceId
        self.name = name
        self.description = description
        self.type = type
        self.thematiques = thematiques
        self.publics = publics
        self.publicsDetails = publicsDetails
        self.fee = fee
        self.feeDetails = feeDetails
        self.accessConditions = accessConditions
        self.receptionModes = receptionModes
        self.zone = zone
        self.address = address
        self.communeCode = communeCode
        self.coordinates = coordinates
        self.phone = phone
        self.email = email
        self.contactName = contactName
        self.mobilisationLink = mobilisationLink
        self.mobilisationModes = mobilisationModes
        self.mobilisers = mobilisers
        self.mobilisationDetails = mobilisationDetails
        self.weeklyHours = weeklyHours
        self.weeks = weeks
        self.openingHours = openingHours
        self.status = status
        self.updatedAt = updatedAt
    }

    public var isOnSite: Bool { receptionModes.contains(.onSite) }
    public var isRemote: Bool { receptionModes.contains(.remote) }
    /// The categories its thématiques fall in, in the vocabulary's order.
    public var categories: [ServiceVocabulary.Category] {
        let slugs = Set(thematiques.compactMap { ServiceVocabulary.category(of: $0)?.slug })
        return ServiceVocabulary.categories.filter { slugs.contains($0.slug) }
    }
}

/// Where a service may be used, as codes of the Code officiel géographique: communes, EPCI,
/// départements, or the whole country. Empty: no restriction.
public struct EligibilityZone: Hashable, Sendable {
    public static let nationalCodes: Set<String> = ["france", "99100"]
    public var codes: [String]

    public init(_ codes: [String] = []) { self.codes = codes }

    public var isEmpty: Bool { codes.isEmpty }
    public var isNational: Bool { codes.contains { Self.nationalCodes.contains($0) } }

    /// The codes a commune answers to: itself (and the commune an arrondissement belongs to), its
    /// EPCI, its département, the country.
    public static func keys(of commune: Commune) -> [String] {
        [commune.code, commune.parentCode, commune.epciSiren, commune.departementCode].compactMap { $0 } + nationalCodes.sorted()
    }

    /// The codes as the perimeters every other reach of the platform is made of.
    public var perimeters: [Perimeter] {
        codes.map { code in
            if Self.nationalCodes.contains(code) { return .country }
            if code.count == 9 { return .epci(code) }
            if code.count == 5 { return .commune(code) }
            return .departement(code)
        }
    }

    /// Decided by the platform's one rule of coverage (`ReachRule`); an empty zone covers all.
    public func covers(_ commune: Commune) -> Bool {
        isEmpty || ReachRule.covers(.perimeters(perimeters), from: nil, commune)
    }

    /// How closely the zone fits a commune, for ordering remote services: the commune itself
    /// first, then its EPCI, its département, the country, no restriction.
    public func closeness(to commune: Commune) -> Int {
        if codes.contains(commune.code) || commune.parentCode.map(codes.contains) == true { return 0 }
        if let epci = commune.epciSiren, codes.contains(epci) { return 1 }
        if codes.contains(commune.departementCode) { return 2 }
        return isEmpty ? 4 : 3
    }

    /// The codes the gazetteer does not know, for a clear refusal.
    public func unknownCodes(in gazetteer: Gazetteer) -> [String] {
        codes.filter { code in
            if Self.nationalCodes.contains(code) { return false }
            if code.count == 9, code.allSatisfy(\.isNumber) { return gazetteer.epci(code) == nil }
            if code.count == 5 { return gazetteer.commune(code) == nil }
            return gazetteer.departement(code) == nil
        }
    }

    /// How a person reads the zone.
    public func describe(in gazetteer: Gazetteer) -> String {
        if isEmpty { return "Pas de restriction" }
        if isNational { return "France entière" }
        return codes.map { code in
            if code.count == 9, let epci = gazetteer.epci(code) { return epci.name }
            if code.count == 5, let commune = gazetteer.commune(code) { return commune.name.name }
            if let departement = gazetteer.departement(code) { return "\(departement.name.name) (\(code))" }
            return code
        }.joined(separator: ", ")
    }
}
