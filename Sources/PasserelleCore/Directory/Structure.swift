import Foundation

/// An inclusive employer of the directory, with everything its profile shows.
public struct Structure: Hashable, Sendable {
    public var id: UUID
    public var siret: String?
    /// Who provided the record ("import", "demo", "data-inclusion:<source>"…) and its id there.
    public var source: String?
    public var sourceId: String?
    public var name: String
    public var brand: String?
    public var kind: StructureKind
    public var description: String?
    public var address: String?
    public var communeCode: String?
    public var coordinates: GeoPoint?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var networks: [String]
    public var labels: [String]
    public var insertionStaff: Int?
    public var permanentStaff: Int?
    public var yearFounded: Int?
    public var clientReferences: [String]
    public var inQPV: Bool
    public var inZRR: Bool
    public var updatedAt: Date
    public var activities: [Activity]

    public init(
        id: UUID = UUID(), siret: String? = nil, source: String? = nil, sourceId: String? = nil, name: String,
        brand: String? = nil, kind: StructureKind, description: String? = nil, address: String? = nil,
        communeCode: String? = nil, coordinates: GeoPoint? = nil, phone: String? = nil, email: String? = nil,
        website: String? = nil, networks: [String] = [], labels: [String] = [], insertionStaff: Int? = nil,
        permanentStaff: Int? = nil, yearFounded: Int? = nil, clientReferences: [String] = [], inQPV: Bool = false,
        inZRR: Bool = false, updatedAt: Date = Date(), activities: [Activity] = []
    ) {
        self.id = id
        self.siret = siret
        self.source = source
        self.sourceId = sourceId
        self.name = name
        self.brand = brand
        self.kind = kind
        self.description = description
        self.address = address
        self.communeCode = communeCode
        self.coordinates = coordinates
        self.phone = phone
        self.email = email
        self.website = website
        self.networks = networks
        self.labels = labels
        self.insertionStaff = insertionStaff
        self.permanentStaff = permanentStaff
        self.yearFounded = yearFounded
        self.clientReferences = clientReferences
        self.inQPV = inQPV
        self.inZRR = inZRR
        self.updatedAt = updatedAt
        self.activities = activities
    }

    /// Distinct sectors over the activities, in the order of the activities.
    public var sectorSlugs: [String] {
        var seen = Set<String>()
        return activities.map(\.sectorSlug).filter { seen.insert($0).inserted }
    }

    /// Whether two records say the same thing, ignoring identity and dates: an import that brings
    /// nothing new must not touch the record.
    public func hasSameContent(as other: Structure) -> Bool {
        var left = self, right = other
        left.id = right.id
        left.updatedAt = right.updatedAt
        return left == right
    }
}

/// One thing a structure does: a sector, how it sells it, where, and a few words.
public struct Activity: Hashable, Sendable {
    public var sectorSlug: String
    public var serviceTypes: [ServiceType]
    public var reach: Reach
    public var description: String?

    public init(sectorSlug: String, serviceTypes: [ServiceType], reach: Reach, description: String? = nil) {
        self.sectorSlug = sectorSlug
        self.serviceTypes = serviceTypes
        self.reach = reach
        self.description = description
    }
}
