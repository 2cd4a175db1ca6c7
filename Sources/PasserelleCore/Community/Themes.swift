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

    /// A new theme named `name`, with its slug made from the name; a French reason when the name
    /// is too short or too long, or names a theme that exists.
    public static func new(named name: String, existing: [Theme]) -> Result<Theme, RegistrationRefusal> {
        let trimmed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard (3...80).contains(trimmed.count) else { return .failure(.init("Le nom d’un thème compte de 3 à 80 caractères.")) }
        let slug = SearchText.words(trimmed).joined(separator: "-")
        guard !slug.isEmpty else { return .failure(.init("Le nom d’un thème compte des lettres ou des chiffres.")) }
        if existing.contains(where: { $0.slug == slug || SearchText.fold($0.name) == SearchText.fold(trimmed) }) {
            return .failure(.init("Le thème « \(trimmed) » existe déjà."))
        }
        return .success(Theme(slug: slug, name: trimmed))
    }
}

/// Taking a theme out of the list: what it classifies moves to another theme the administrator
/// picks, so that no event, session or content is left unclassified or pointing at nothing.
public enum ThemeRemoval {
    /// Why `slug` may not be removed with its uses moved `into` the replacement; nil when it may.
    /// - Parameter uses: how many events, sessions and contents use it now.
    public static func problem(removing slug: String, into replacement: String?, themes: [Theme], uses: Int) -> String? {
        if themes.count <= 1 { return "C’est le dernier thème : la communauté en garde au moins un." }
        let replacement = replacement.flatMap { $0.isEmpty ? nil : $0 }
        guard let replacement else {
            return uses == 0 ? nil : "\(French.count(uses, "contenu l’utilise", "contenus l’utilisent")) : choisissez le thème qui le remplace pour eux."
        }
        if replacement == slug { return "Choisissez un autre thème que celui que vous supprimez." }
        if !themes.contains(where: { $0.slug == replacement }) { return "Le thème de remplacement « \(replacement) » n’existe pas." }
        return nil
    }

    /// The themes of one event or content once `slug` is gone: the replacement takes its place,
    /// once, and the order is kept.
    public static func moved(_ slugs: [String], removing slug: String, into replacement: String?) -> [String] {
        var result: [String] = []
        for current in slugs {
            let kept = current == slug ? replacement : current
            if let kept, !kept.isEmpty, !result.contains(kept) { result.append(kept) }
        }
        return result
    }
}
