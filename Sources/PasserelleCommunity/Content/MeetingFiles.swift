import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Yams

/// The 2023 regional meeting as its editors keep it: three YAML files under
/// `Resources/Content/rencontre-2023/` (the event and its programme, the inclusive employers that
/// spoke, what the proceedings teach), with French keys. Read at start by the first content's
/// loaders; `MeetingFilesTests` holds every reference in them to the reference data.
package struct MeetingFiles: Sendable {
    /// `evenement.yaml`.
    package struct Event: Codable, Sendable, Equatable {
        package struct Speaker: Codable, Sendable, Equatable {
            package var name: String
            package var role: String
            package var organisation: String?

            package enum CodingKeys: String, CodingKey { case name = "nom", role = "role", organisation = "organisation" }
        }

        package struct Session: Codable, Sendable, Equatable {
            /// How the knowledge file names the session.
            package var id: String
            package var kind: SessionKind
            package var title: String
            package var summary: String
            package var start: String
            package var end: String
            package var room: String?
            package var theme: String?
            package var speakers: [Speaker]

            package enum CodingKeys: String, CodingKey {
                case id, kind = "type", title = "titre", summary = "resume", start = "debut", end = "fin", room = "salle", theme, speakers = "intervenants"
            }
        }

        /// The organisation that holds the event on the platform (a steward), and its territory.
        package var organiser: String
        package var organiserTerritory: [String]
        /// `2023-05-04`: the sessions' times are on this day, Paris time.
        package var day: String
        package var kind: EventKind
        package var title: String
        package var summary: String
        package var start: String
        package var end: String
        package var commune: String?
        package var audience: String?
        package var themes: [String]
        package var sessions: [Session]

        package enum CodingKeys: String, CodingKey {
            case organiser = "organisateur", organiserTerritory = "territoire_de_l_organisateur", day = "jour", kind = "type", title = "titre",
                 summary = "resume", start = "debut", end = "fin", commune, audience = "public", themes, sessions
        }
    }

    /// One entry of `organisations.yaml`: an inclusive employer of the meeting, as the directory
    /// shows it. Only what the proceedings say, each field with where they say it (`sources`).
    package struct Organisation: Codable, Sendable, Equatable {
        package var name: String
        package var kind: StructureKind
        package var commune: String?
        package var description: String
        /// `secteur | types | zone | description`, as in the directory's CSV sheet: only where the
        /// proceedings give both the trade and the place.
        package var activities: [String]?
        package var networks: [String]?
        package var labels: [String]?
        package var insertionStaff: Int?
        package var permanentStaff: Int?
        package var inQPV: Bool?
        /// The names the knowledge file gives this organisation, when they differ from `name`.
        package var namedInReports: [String]?
        /// For each field given, by its key in the file: the session (its `id`) and the part of the
        /// proceedings that state it, « atelier-9 — retour de l’ACI FAIRE, « Activité(s) » ».
        package var sources: [String: String]?

        package enum CodingKeys: String, CodingKey {
            case name = "nom", kind = "type", commune, description, activities = "activites", networks = "reseaux", labels,
                 insertionStaff = "salaries_en_insertion", permanentStaff = "salaries_permanents", inQPV = "en_qpv", namedInReports = "nommee_dans_les_retours",
                 sources
        }

        /// The keys of the facts this entry states about the organisation: each needs its source.
        package var statedFields: [String] {
            let given: [(CodingKeys, Bool)] = [
                (.name, true), (.kind, true), (.commune, commune != nil), (.description, true), (.activities, !(activities ?? []).isEmpty),
                (.networks, !(networks ?? []).isEmpty), (.labels, !(labels ?? []).isEmpty), (.insertionStaff, insertionStaff != nil),
                (.permanentStaff, permanentStaff != nil), (.inQPV, inQPV != nil),
            ]
            return given.filter(\.1).map(\.0.rawValue)
        }
    }

    /// One entry of `connaissances.yaml`: a report, a practice, an outlook or a resource, from one
    /// session.
    package struct Knowledge: Codable, Sendable, Equatable {
        package struct Figure: Codable, Sendable, Equatable {
            package var value: Double
            package var outOf: Double?
            package var percent: Bool?
            package var label: String
            /// `environ` or `plus-de`: the proceedings give an order of magnitude.
            package var approximation: ResultFigure.Approximation?

            package enum CodingKeys: String, CodingKey {
                case value = "valeur", outOf = "sur", percent = "pourcentage", label = "libelle", approximation
            }

            /// Whole numbers as editors write them (`150`, not `1.5e+2`).
            package func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                func number(_ value: Double, _ key: CodingKeys) throws {
                    if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value), forKey: key) } else { try container.encode(value, forKey: key) }
                }
                try number(value, .value)
                if let outOf { try number(outOf, .outOf) }
                try container.encodeIfPresent(percent, forKey: .percent)
                try container.encode(label, forKey: .label)
                try container.encodeIfPresent(approximation, forKey: .approximation)
            }
        }

        package var kind: KnowledgeKind
        /// The session it comes from; a resource of the whole day has none.
        package var session: String?
        package var theme: String
        package var title: String
        /// A practice's, an outlook's or a resource's text.
        package var text: String?
        package var organisation: String?
        package var commune: String?
        package var structureKinds: [StructureKind]?
        package var activity: String?
        package var finding: String?
        package var actions: String?
        package var results: String?
        package var figures: [Figure]?
        package var programmes: [String]?
        package var resourceKind: ResourceKind?
        package var url: String?

        package enum CodingKeys: String, CodingKey {
            case kind = "type", session, theme, title = "titre", text = "texte", organisation, commune, structureKinds = "types_de_structure",
                 activity = "activite", finding = "constat", actions, results = "resultats", figures = "chiffres", programmes,
                 resourceKind = "type_de_ressource", url = "adresse"
        }
    }

    package static let folder = "Content/rencontre-2023/"
    /// The proceedings' runs of ten words (`SourceFingerprint`), made by `passerelle content fingerprint`.
    package static let fingerprintFile = "empreintes-des-actes.txt"

    package var event: Event
    package var organisations: [Organisation]
    package var knowledge: [Knowledge]
    package var proceedings: SourceFingerprint

    /// Reads the three files from `Resources/`.
    package static func load(resources: String) throws -> MeetingFiles {
        let folder = resources + Self.folder
        func read<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
            let text = try String(contentsOfFile: folder + name, encoding: .utf8)
            do {
                return try YAMLDecoder().decode(type, from: text)
            } catch {
                throw ContentFileError(file: Self.folder + name, reason: String(describing: error))
            }
        }
        guard let lines = try? String(contentsOfFile: folder + fingerprintFile, encoding: .utf8), let proceedings = SourceFingerprint(lines: lines) else {
            throw ContentFileError(file: Self.folder + fingerprintFile, reason: "empreintes des actes absentes ou illisibles")
        }
        return MeetingFiles(event: try read(Event.self, "evenement.yaml"), organisations: try read([Organisation].self, "organisations.yaml"),
                            knowledge: try read([Knowledge].self, "connaissances.yaml"), proceedings: proceedings)
    }

    // MARK: What the loaders write

    /// The event to write, its sessions on the meeting's day.
    package func eventPlan() throws -> EventPlan {
        func at(_ time: String) throws -> Date {
            guard let date = ParisTime.date(day: event.day, time: time) else {
                throw ContentFileError(file: Self.folder + "evenement.yaml", reason: "heure illisible « \(time) » le \(event.day)")
            }
            return date
        }
        return EventPlan(
            kind: event.kind, title: event.title, summary: event.summary, start: try at(event.start), end: try at(event.end),
            communeCode: event.commune, address: nil, onlineURL: nil, audience: event.audience, capacity: nil, waitingList: false,
            registrationCloses: nil, themes: event.themes,
            sessions: try event.sessions.map { session in
                EventPlan.Session(kind: session.kind, title: session.title, summary: session.summary, start: try at(session.start), end: try at(session.end),
                                  room: session.room, capacity: nil, theme: session.theme,
                                  speakers: session.speakers.map { .init(name: $0.name, role: $0.role, organisation: $0.organisation ?? "") })
            })
    }

    /// The items of the knowledge base, each with its session's title.
    package func knowledgePlans() -> [KnowledgePlan] {
        let sessions = Dictionary(uniqueKeysWithValues: event.sessions.map { ($0.id, $0.title) })
        return knowledge.map { item in
            KnowledgePlan(
                kind: item.kind, title: item.title, summary: (item.kind == .report ? item.activity : item.text) ?? "", themes: [item.theme],
                organisation: item.organisation, communeCode: item.commune, structureKinds: item.structureKinds ?? [], activity: item.activity,
                finding: item.finding, actions: item.actions, results: item.results,
                figures: (item.figures ?? []).map {
                    ResultFigure(value: $0.value, outOf: $0.outOf, percent: $0.percent ?? false, label: $0.label, approximation: $0.approximation)
                },
                programmes: item.programmes ?? [], resourceKind: item.resourceKind, url: item.url, session: item.session.flatMap { sessions[$0] })
        }
    }

    /// The directory records of the organisations; an activity that does not read is a fault of
    /// the file (the test says which).
    package func structures(gazetteer: Gazetteer, taxonomy: SectorTaxonomy, now: Date) throws -> [Structure] {
        try organisations.enumerated().map { index, organisation in
            let commune = organisation.commune.flatMap(gazetteer.commune)
            let activities = try (organisation.activities ?? []).map { line in
                switch StructureSheet.parseActivity(line, taxonomy: taxonomy) {
                case .success(let activity): return activity
                case .failure(let problem):
                    throw ContentFileError(file: Self.folder + "organisations.yaml", reason: "\(organisation.name) : \(problem.message)")
                }
            }
            return Structure(
                source: SeedOrganisations.source, sourceId: "\(index + 1)", name: organisation.name, kind: organisation.kind,
                description: organisation.description, communeCode: commune?.code, coordinates: commune?.centre,
                networks: organisation.networks ?? [], labels: organisation.labels ?? [], insertionStaff: organisation.insertionStaff,
                permanentStaff: organisation.permanentStaff, inQPV: organisation.inQPV ?? false, updatedAt: now, activities: activities)
        }
    }

    /// What an editor got wrong, in French, one line each: a reference that does not resolve
    /// (session, theme, commune, sector, perimeter, time), an incomplete item, a way to reach a
    /// person in a text. Empty when the files are right; the loaders refuse them otherwise.
    package func problems(gazetteer: Gazetteer, taxonomy: SectorTaxonomy) -> [String] {
        let themes = Set(Theme.defaults.map(\.slug))
        var problems: [String] = []
        func check(_ holds: Bool, _ problem: @autoclosure () -> String) { if !holds { problems.append(problem()) } }
        func knownCommune(_ code: String?) -> Bool { code.map { gazetteer.commune($0) != nil } ?? true }

        check(ParisTime.date(day: event.day, time: event.start) != nil && ParisTime.date(day: event.day, time: event.end) != nil,
              "evenement.yaml : jour ou horaires illisibles")
        check(knownCommune(event.commune), "evenement.yaml : commune inconnue \(event.commune ?? "")")
        for token in event.organiserTerritory { check(Perimeter(token: token) != nil, "evenement.yaml : territoire illisible \(token)") }
        for slug in event.themes { check(themes.contains(slug), "evenement.yaml : thème inconnu \(slug)") }
        let sessionIDs = event.sessions.map(\.id)
        check(Set(sessionIDs).count == sessionIDs.count, "evenement.yaml : deux sessions ont le même identifiant")
        for session in event.sessions {
            check(ParisTime.date(day: event.day, time: session.start) != nil && ParisTime.date(day: event.day, time: session.end) != nil,
                  "evenement.yaml : horaires illisibles pour \(session.id)")
            check(session.theme.map(themes.contains) ?? true, "evenement.yaml : thème inconnu pour \(session.id)")
        }

        for item in knowledge {
            let name = "connaissances.yaml, « \(item.title) »"
            if let session = item.session {
                check(sessionIDs.contains(session), "\(name) : session inconnue \(session)")
            } else {
                check(item.kind == .resource, "\(name) : seule une ressource de toute la journée peut n’avoir aucune session")
            }
            check(themes.contains(item.theme), "\(name) : thème inconnu \(item.theme)")
            check(knownCommune(item.commune), "\(name) : commune inconnue \(item.commune ?? "")")
            switch item.kind {
            case .report: check(item.organisation != nil && item.activity != nil && item.finding != nil && item.actions != nil,
                                "\(name) : un retour d’expérience a une organisation, une activité, un constat et des actions")
            case .resource: check(item.resourceKind != nil && item.text != nil, "\(name) : une ressource a un type de ressource et un texte")
            case .practice, .outlook: check(item.text != nil, "\(name) : le texte manque")
            }
        }

        let reportNames = Set(knowledge.compactMap(\.organisation))
        for organisation in organisations {
            let name = "organisations.yaml, « \(organisation.name) »"
            check(knownCommune(organisation.commune), "\(name) : commune inconnue \(organisation.commune ?? "")")
            for line in organisation.activities ?? [] {
                if case .failure(let problem) = StructureSheet.parseActivity(line, taxonomy: taxonomy) { problems.append("\(name) : \(problem.message)") }
            }
            for alias in organisation.namedInReports ?? [] { check(reportNames.contains(alias), "\(name) : aucun retour ne s’appelle « \(alias) »") }
            let sources = organisation.sources ?? [:]
            for field in organisation.statedFields {
                guard let source = sources[field] else {
                    problems.append("\(name) : le champ « \(field) » ne dit pas d’où il vient (ajoutez-le à sources, ou retirez le champ)")
                    continue
                }
                let session = source.components(separatedBy: " — ").first ?? ""
                check(sessionIDs.contains(session) && source.count > session.count + 3,
                      "\(name) : la source de « \(field) » commence par l’identifiant d’une session, puis « — » et la partie des actes")
            }
            for field in sources.keys.sorted() where !organisation.statedFields.contains(field) {
                problems.append("\(name) : sources nomme « \(field) », que la fiche ne donne pas")
            }
        }

        for (file, text) in texts where ContactDetector.holdsContact(text) {
            problems.append("\(file) : un texte contient une adresse électronique ou un numéro de téléphone (« \(text.prefix(60)) »)")
        }
        for (file, text) in prose {
            for run in proceedings.sharedRuns(in: text) {
                problems.append("\(file) : dix mots de suite sont ceux des actes (« \(run) ») : dites-le avec vos mots (« \(text.prefix(60)) »)")
            }
        }
        return problems
    }

    /// What we wrote in our words, with the file it is in: not the titles (of sessions, documents,
    /// reports), names, roles, addresses and sources, which are quoted as the proceedings give them.
    private var prose: [(file: String, text: String)] {
        var prose: [(String, String)] = ([event.summary, event.audience ?? ""] + event.sessions.map(\.summary)).map { ("evenement.yaml", $0) }
        for item in knowledge {
            prose += ([item.text, item.activity, item.finding, item.actions, item.results].compactMap { $0 } + (item.figures ?? []).map(\.label))
                .map { ("connaissances.yaml", $0) }
        }
        for organisation in organisations {
            let activityDescriptions = (organisation.activities ?? []).map { $0.components(separatedBy: "|").last ?? "" }
            prose += ([organisation.description] + activityDescriptions + (organisation.labels ?? [])).map { ("organisations.yaml", $0) }
        }
        return prose
    }

    /// Every text of the files, with the file it is in.
    private var texts: [(file: String, text: String)] {
        var texts: [(String, String)] = [event.title, event.summary, event.audience ?? ""].map { ("evenement.yaml", $0) }
        for session in event.sessions {
            texts += ([session.title, session.summary] + session.speakers.flatMap { [$0.name, $0.role, $0.organisation ?? ""] }).map { ("evenement.yaml", $0) }
        }
        for item in knowledge {
            texts += ([item.title, item.text, item.organisation, item.activity, item.finding, item.actions, item.results].compactMap { $0 }
                      + (item.figures ?? []).map(\.label) + (item.programmes ?? [])).map { ("connaissances.yaml", $0) }
        }
        for organisation in organisations {
            texts += ([organisation.name, organisation.description] + (organisation.activities ?? []) + (organisation.labels ?? [])).map { ("organisations.yaml", $0) }
        }
        return texts
    }

    /// The directory record of each name the reports give, where it differs from the record's.
    package var directoryNames: [String: String] {
        var names: [String: String] = [:]
        for organisation in organisations {
            for alias in organisation.namedInReports ?? [] { names[alias] = organisation.name }
        }
        return names
    }
}

/// A content file that does not read: which file, and why.
package struct ContentFileError: Error, CustomStringConvertible {
    package var file: String
    package var reason: String
    package var description: String { "\(file) : \(reason)" }
}
