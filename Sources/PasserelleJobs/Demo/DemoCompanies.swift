import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The demo companies' pages: most public, with the bridges they offer in turn (every bridge
/// several times), the jobs of their offers open to immersions, an activity that fits their
/// trade; three keep no page, three keep theirs private. All invented, like the companies.
enum DemoCompanies {
    /// The NAF sub-class of each demo company, in the order of `DemoJobs.companies`.
    static let activities = ["16.23Z", "49.41A", "10.71C", "52.10B", "81.30Z", "45.20A", "81.21Z", "18.12Z", "55.10Z", "43.99C", "75.00Z", "47.11D", "25.11Z",
                             "88.91A", "56.10A", "43.21A", "16.10A", "47.91A", "87.10A", "30.11Z", "10.51C", "80.10Z", "96.02A", "01.30Z", "45.20A", "96.01A",
                             "71.12B", "52.10A", "43.31Z", "47.29Z"]
    static let bridgeTurns: [[CompanyBridge]] = [
        [.immersionHost, .recruitsLeavers], [.immersionHost], [.recruitsLeavers, .mentoring], [.geiqMember, .immersionHost], [.tremplinHost, .recruitsLeavers],
        [.immersionHost, .mentoring, .recruitsLeavers], [.geiqMember], [.mentoring],
    ]
    static let labels = ["Charte des entreprises inclusives du territoire (démo)", "Entreprise partenaire du PLIE (démo)", "Engagement « 1 jeune, 1 solution » (démo)"]

    static func load(_ companies: [(organisation: UUID, index: Int)], app: Application) async throws -> Int {
        let reference = app.jobsReference
        let gazetteer = try app.platform.reference.gazetteer
        var written = 0
        for (organisation, index) in companies where index % 10 != 7 {
            guard let company = try await CompanyStore.company(organisation, on: app.db), index < DemoJobs.companies.count else { continue }
            let jobs = DemoJobs.companies[index].jobs
            var draft = CompanyProfileDraft()
            draft.naf = activities[index % activities.count]
            draft.size = CompanySize.allCases[index % 4].rawValue
            draft.bridges = bridgeTurns[index % bridgeTurns.count].map(\.rawValue)
            draft.immersionJobs = jobs.compactMap { job in reference.rome.titles.values.filter { $0.job == job }.min(by: { $0.code < $1.code })?.label }
            draft.presentation = "Une équipe de \(5 + index * 3) personnes. Nous formons au poste et recrutons sur la motivation plutôt que sur le CV."
            draft.commitments = index % 3 == 0 ? "Un tuteur formé pour chaque nouvel arrivant ; une part de nos achats auprès des structures inclusives du territoire." : ""
            draft.labels = index % 4 == 0 ? [labels[index % labels.count]] : []
            // Three keep their page to their team, as a company may while it writes it.
            draft.isPublic = index % 10 != 4
            let checked = draft.check(naf: reference.naf, resolveTitle: { CompanyPages.title($0, rome: reference.rome) },
                                      suggest: { _ in [] })
            guard case .success(let page) = checked else { continue }
            try await CompanyStore.save(page, company: company, departement: company.communeCode.flatMap(gazetteer.commune)?.departementCode,
                                        nafLabel: page.naf.flatMap(reference.naf.label), by: "démo", on: app.db)
            written += 1
        }
        return written
    }
}
