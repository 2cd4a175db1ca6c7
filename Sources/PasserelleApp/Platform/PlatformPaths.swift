/// The platform's own pages and endpoints.
enum PlatformPaths {
    static let home = PagePath("/")
    static let accessibility = PagePath("/accessibilite")
    static let legal = PagePath("/mentions-legales")
    static let data = PagePath("/donnees")
    static let apiDocument = PagePath("/api/openapi.json")
    static let apiDocs = PagePath("/api/docs")
    static let health = PagePath("/healthz")
    static let readiness = PagePath("/readyz")
    static let metrics = PagePath("/metrics")
}
