import Foundation

/// What the potential page hands to the need form (« Déposer le besoin »): the sector, place,
/// radius and amount it sized, and the clause it advised. Each value is kept only when it reads,
/// so that a link changed by hand gives a blank field, never a wrong one.
public struct NeedPrefill: Sendable, Equatable {
    public var sector: String?
    public var place: String?
    public var radiusKm: Double?
    public var amount: String?
    public var clause: ClauseKind?

    public init(sector: String? = nil, place: String? = nil, radiusKm: Double? = nil, amount: String? = nil, clause: ClauseKind? = nil) {
        self.sector = sector
        self.place = place
        self.radiusKm = radiusKm
        self.amount = amount
        self.clause = clause
    }

    /// The names of the fields (in a link's query and in the form's hidden inputs).
    public static let fields = ["sector", "commune", "radius_km", "amount", "clause"]

    public init(values: (String) -> String, gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        let sector = values("sector"), place = values("commune"), amount = values("amount")
        self.sector = taxonomy.sector(sector) == nil ? nil : sector
        self.place = gazetteer.commune(place) == nil ? nil : place
        self.radiusKm = Double(values("radius_km")).flatMap { $0 > 0 && $0 <= StructureQuery.maximumRadiusKm ? $0 : nil }
        self.amount = NeedAmount(token: amount) == nil || amount.isEmpty ? nil : amount
        self.clause = ClauseKind(rawValue: values("clause"))
    }

    /// The clause to write for an advice: a reserved lot is drawn by the buyer at the clauses'
    /// step, where the advice is repeated.
    public static func clause(for recommendation: InclusivePotential.Recommendation) -> ClauseKind? {
        switch recommendation {
        case .reservedSIAE: .reservedSIAE
        case .reservedSTPA: .reservedSTPA
        case .insertionClause: .insertionHours
        case .socialCriterion: .socialCriterion
        case .reservedLot: nil
        }
    }

    public var isEmpty: Bool { sector == nil && place == nil && amount == nil && clause == nil }

    /// The link's query, in the order of `fields`.
    public var query: [(String, String)] {
        [("sector", sector), ("commune", place), ("radius_km", radiusKm.map { String(Int($0)) }), ("amount", amount), ("clause", clause?.rawValue)]
            .compactMap { name, value in value.map { (name, $0) } }
    }

    /// The draft with what was sized written in; what the buyer typed stays theirs.
    public func applied(to draft: NeedDraft) -> NeedDraft {
        var draft = draft
        if let sector, draft.target.sectors.isEmpty { draft.target.sectors = [sector] }
        if let place, draft.target.place == nil, draft.target.perimeters.isEmpty, !draft.target.national {
            draft.target.place = place
            draft.target.radiusKm = radiusKm
        }
        if let amount, draft.amount.isEmpty { draft.amount = amount }
        if let clause, !draft.clauses.contains(where: { $0.kind == clause.rawValue }) { draft.clauses.append(.init(kind: clause.rawValue)) }
        return draft
    }
}
