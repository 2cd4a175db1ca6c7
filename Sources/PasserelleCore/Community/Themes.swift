/// A theme of the community's knowledge and events: the workshops of the regional meeting give the
/// first list; administrators may edit it later, so the platform stores it and this is its seed.
public struct Theme: Sendable, Equatable, Hashable {
    public var slug: String
    public var name: String

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }

    /// The twelve themes of the 2023 regional meeting's workshops, in their order.
    public static let defaults: [Theme] = [
        Theme(slug: "ess-et-territoires", name: "ESS et territoires"),
        Theme(slug: "clauses-et-achat-public", name: "Clauses sociales et achat public responsable"),
        Theme(slug: "territoires-fragiles", name: "Territoires fragiles"),
        Theme(slug: "economie-du-vieillissement", name: "Économie du vieillissement"),
        Theme(slug: "alliances-avec-les-entreprises", name: "Alliances avec les entreprises"),
        Theme(slug: "filieres-du-reemploi", name: "Filières du réemploi"),
        Theme(slug: "competences-de-demain", name: "Compétences de demain"),
        Theme(slug: "innovation-en-formation", name: "Innovation en formation"),
        Theme(slug: "passerelles-vers-l-entreprise", name: "Passerelles vers l’entreprise"),
        Theme(slug: "diversite-dans-le-recrutement", name: "Diversité dans le recrutement"),
        Theme(slug: "outils-d-accompagnement-et-freins", name: "Outils d’accompagnement et freins périphériques"),
        Theme(slug: "transitions-professionnelles", name: "Transitions professionnelles"),
    ]
}
