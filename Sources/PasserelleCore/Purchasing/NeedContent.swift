import Foundation

/// How suppliers answer a need outside the platform, besides saying their interest on it.
public enum AnswerChannel: String, CaseIterable, Codable, Sendable {
    case email
    case phone
    case link

    public var label: String {
        switch self {
        case .email: "Par courriel"
        case .phone: "Par téléphone"
        case .link: "Sur un site (profil d’acheteur, plateforme de dématérialisation)"
        }
    }
}

/// A part of a need with its own sectors, amount and clauses (allotissement).
public struct Lot: Hashable, Sendable {
    public var title: String
    public var sectors: Set<String>
    public var amount: NeedAmount
    public var clauses: [Clause]

    public init(title: String, sectors: Set<String>, amount: NeedAmount = .unknown, clauses: [Clause] = []) {
        self.title = title
        self.sectors = sectors
        self.amount = amount
        self.clauses = clauses
    }
}

/// What a need says, checked (the buyer's organisation, state and dates of the record are kept
/// beside it by the app).
public struct NeedContent: Hashable, Sendable {
    public var kind: NeedKind
    public var title: String
    public var description: String
    public var sectors: Set<String>
    public var serviceTypes: Set<ServiceType>
    public var location: NeedLocation?
    public var acceptsNationalSuppliers: Bool
    public var kinds: Set<StructureKind>
    public var amount: NeedAmount
    public var deadline: Date?
    public var startsOn: Date?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var answerChannel: AnswerChannel?
    /// The address, number or link of the answer channel.
    public var answerAddress: String?
    public var questions: [String]
    public var clauses: [Clause]
    public var lots: [Lot]

    public init(kind: NeedKind, title: String, description: String = "", sectors: Set<String> = [], serviceTypes: Set<ServiceType> = [],
                location: NeedLocation? = nil, acceptsNationalSuppliers: Bool = false, kinds: Set<StructureKind> = [], amount: NeedAmount = .unknown,
                deadline: Date? = nil, startsOn: Date? = nil, contactName: String? = nil, contactEmail: String? = nil, contactPhone: String? = nil,
                answerChannel: AnswerChannel? = nil, answerAddress: String? = nil, questions: [String] = [], clauses: [Clause] = [], lots: [Lot] = []) {
        self.kind = kind
        self.title = title
        self.description = description
        self.sectors = sectors
        self.serviceTypes = serviceTypes
        self.location = location
        self.acceptsNationalSuppliers = acceptsNationalSuppliers
        self.kinds = kinds
        self.amount = amount
        self.deadline = deadline
        self.startsOn = startsOn
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.answerChannel = answerChannel
        self.answerAddress = answerAddress
        self.questions = questions
        self.clauses = clauses
        self.lots = lots
    }

    /// What matching compares with the directory: the need itself, or each lot with the need's
    /// own clauses added to the lot's.
    public var targets: [NeedTarget] {
        guard let location else { return [] }
        let needClauses = clauses.map(\.kind)
        if lots.isEmpty {
            return [NeedTarget(sectors: sectors, serviceTypes: serviceTypes, location: location, acceptsNationalSuppliers: acceptsNationalSuppliers, kinds: kinds, clauses: needClauses)]
        }
        return lots.map { lot in
            NeedTarget(sectors: lot.sectors, serviceTypes: serviceTypes, location: location, acceptsNationalSuppliers: acceptsNationalSuppliers,
                       kinds: kinds, clauses: needClauses + lot.clauses.map(\.kind))
        }
    }

    /// Insertion hours the need commits its suppliers to, over the need and its lots.
    public var insertionHours: Int {
        (clauses + lots.flatMap(\.clauses)).filter { $0.kind == .insertionHours }.compactMap(\.hours).reduce(0, +)
    }
}
