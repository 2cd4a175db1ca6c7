/// The modules of the product (`DESIGN.md`), each a target of its own (`Sources/Passerelle<Module>/`)
/// and a folder of `Sources/PasserelleCore/`, with the tables it owns. They call downwards, in this
/// order.
///
/// Only code in a table's owner reads or writes it; another module asks the owner's query
/// functions, which return core types. `TableOwnershipTests` reads every source file and fails
/// when SQL names a table outside its owner, so this list is the one place where ownership is
/// decided.
package enum ProductModule: String, CaseIterable, Sendable {
    case platform = "Platform"
    case territory = "Territory"
    case directory = "Directory"
    case accounts = "Accounts"
    case purchasing = "Purchasing"
    case services = "Services"
    case community = "Community"
    case journeys = "Journeys"
    case jobs = "Jobs"
    /// The load-test tool: it owns nothing and fills the others through their own functions.
    case bench = "Bench"

    /// The module's name in its target's folder (`Sources/Passerelle<folder>/`) and in the tests'
    /// paths (the benchmark's commands are the folder `Bench` of `Sources/PasserelleApp/`).
    package var folder: String { rawValue }

    package var tables: Set<String> {
        switch self {
        case .platform: ["platform_state", "outbox", "audit_log", "_fluent_migrations"]
        case .territory: ["regions", "departements", "epcis", "communes"]
        case .directory: ["sector_groups", "sectors", "structures", "structure_activities", "structure_changes"]
        case .accounts:
            ["users", "_fluent_sessions", "email_tokens", "login_throttles", "api_tokens", "organisations",
             "memberships", "claims", "invitations", "join_requests"]
        case .purchasing:
            ["needs", "need_events", "need_deliveries", "opportunity_digests", "need_answers", "need_groups",
             "need_group_members", "insertion_hours"]
        case .services: ["services", "referrals"]
        case .community:
            ["themes", "events", "event_organisers", "event_sessions", "session_speakers", "event_registrations",
             "session_registrations", "knowledge_items"]
        case .journeys:
            ["eligibility_rule_sets", "people", "person_consents", "journeys", "journey_contracts", "journey_events", "plan_barriers", "plan_actions", "journey_followups",
             "person_hours", "person_shares", "approval_changes"]
        case .jobs: ["job_offers", "job_applications", "immersion_agreements", "skills_profiles", "profile_contacts", "company_prospects", "company_pages"]
        case .bench: []
        }
    }

    /// The table's owner, if the table is the product's.
    package static func owner(of table: String) -> ProductModule? {
        allCases.first { $0.tables.contains(table) }
    }

    /// Landed migrations that name another module's table. A migration is never edited once it
    /// has run somewhere, so these stay where they were written; a new migration goes to the
    /// table's owner.
    package static let historicMigrations: [(file: String, tables: Set<String>)] = [
        // The audit log was created with the accounts, before it served every module.
        ("Accounts/Migrations/M0005CreateAccounts.swift", ["audit_log"]),
        // Purchasing added its two settings of an organisation with its own tables.
        ("Purchasing/Migrations/M0014CreateNeeds.swift", ["organisations"]),
        ("Purchasing/Migrations/M0015CreateDeliveriesAndAnswers.swift", ["organisations"]),
    ]
}
