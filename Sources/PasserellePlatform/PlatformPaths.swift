/// The platform's own pages and endpoints.
package enum PlatformPaths {
    package static let home = PagePath("/")
    package static let accessibility = PagePath("/accessibilite")
    package static let legal = PagePath("/mentions-legales")
    package static let data = PagePath("/donnees")
    package static let glossary = PagePath("/glossaire")
    /// What developers and data teams reuse: the API, its feeds and the exports, in one place.
    package static let developers = PagePath("/developpeurs")
    package static let apiDocument = PagePath("/api/openapi.json")
    package static let apiDocs = PagePath("/api/docs")
    package static let health = PagePath("/healthz")
    package static let readiness = PagePath("/readyz")
    package static let metrics = PagePath("/metrics")
    /// The back-office's home: each module adds its own pages under `/admin` (the accounts serve this one).
    package static let backOffice = PagePath("/admin")
}
