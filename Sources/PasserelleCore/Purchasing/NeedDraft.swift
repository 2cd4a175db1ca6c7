import Foundation

/// A need as the buyer typed it (page or API), before any check. A draft may be saved half
/// written; submitting asks for everything a supplier needs to answer.
public struct NeedDraft: Sendable, Equatable {
    public struct LotDraft: Sendable, Equatable {
        public var title: String = ""
        public var sectors: [String] = []
        public var amount: String = ""
        public var clauses: [ClauseDraft] = []

        public init(title: String = "", sectors: [String] = [], amount: String = "", clauses: [ClauseDraft] = []) {
            self.title = title
            self.sectors = sectors
            self.amount = amount
            self.clauses = clauses
        }
    }

    public struct ClauseDraft: Sendable, Equatable {
        public var kind: String
        public var hours: String = ""
        public var topic: String = ""
        public var detail: String = ""

        public init(kind: String, hours: String = "", topic: String = "", detail: String = "") {
            self.kind = kind
            self.hours = hours
            self.topic = topic
            self.detail = detail
        }
    }

    public enum Level: Sendable {
        /// Saving a draft: what is given must be well formed; nothing is required but the kind
        /// and the title.
        case draft
        /// Submitting: everything a supplier needs.
        case submission
    }

    public var kind: String = NeedKind.tender.rawValue
    public var title: String = ""
    public var description: String = ""
    public var target = NeedTargetInput()
    public var amount: String = ""
    /// `AAAA-MM-JJ`, as date fields send it.
    public var deadline: String = ""
    public var startsOn: String = ""
    public var contactName: String = ""
    public var contactEmail: String = ""
    public var contactPhone: String = ""
    public var answerChannel: String = ""
    public var answerAddress: String = ""
    public var questions: [String] = []
    public var clauses: [ClauseDraft] = []
    public var lots: [LotDraft] = []

    public init() {}

    public static let titleLengths = 5...200
    public static let maximumDescriptionLength = 20_000
    public static let maximumQuestions = 20
    public static let maximumLots = 30
    public static let maximumHours = 1_000_000

    /// The checked content, or every problem at once with the field it is about.
    /// - Parameter today: the buyer's current day (Europe/Paris), `AAAA-MM-JJ`.
    public func validate(_ level: Level, today: String, gazetteer: Gazetteer, taxonomy: SectorTaxonomy) -> Result<NeedContent, FieldProblems> {
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }
        let submitting = level == .submission

        let needKind = NeedKind(rawValue: kind) ?? {
            problem("kind", "Choisissez le type de besoin : appel d’offres, demande de devis ou sourcing.")
            return .tender
        }()
        let cleanTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if !Self.titleLengths.contains(cleanTitle.count) {
            problem("title", "Le titre doit compter de 5 à 200 caractères.")
        } else if let oneLine = OneLineText.problem(in: cleanTitle) {
            problem("title", "Titre : " + oneLine)
        }
        let cleanDescription = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if cleanDescription.count > Self.maximumDescriptionLength {
            problem("description", "La description dépasse 20 000 caractères.")
        } else if submitting && cleanDescription.count < 20 {
            problem("description", "Décrivez le besoin en quelques phrases (20 caractères au moins) : c’est ce que liront les structures.")
        }

        // Sectors and place: required to submit; when given in a draft, they must be right.
        // With lots, the need's sectors include its lots' (lists and filters show them); a lot's
        // unknown sector is said with its lot.
        var content = NeedContent(kind: needKind, title: cleanTitle, description: cleanDescription)
        var targetInput = target
        if !lots.isEmpty {
            targetInput.sectors = Array(Set(targetInput.sectors + lots.flatMap(\.sectors).filter { taxonomy.sector($0) != nil })).sorted()
        }
        switch targetInput.validate(gazetteer: gazetteer, taxonomy: taxonomy, complete: submitting) {
        case .success(let checked):
            content.sectors = checked.sectors
            content.serviceTypes = checked.serviceTypes
            content.location = target.place != nil || !target.perimeters.isEmpty || target.national ? checked.location : nil
            content.acceptsNationalSuppliers = checked.acceptsNationalSuppliers
            content.kinds = checked.kinds
        case .failure(let failure):
            // A lot's unknown sector is said once, with its lot.
            problems += failure.list.filter { !(lots.isEmpty == false && target.sectors.isEmpty && $0.field == "sectors") }
        }

        if let amount = Self.amount(amount, field: "amount", problem: problem) { content.amount = amount }
        let deadline = Self.day(deadline, field: "deadline", problem: problem)
        if let deadline, deadline < today {
            problem("deadline", "La date limite de réponse est passée : choisissez une date à venir.")
        } else if submitting && deadline == nil && needKind != .sourcing {
            problem("deadline", "Donnez la date limite de réponse.")
        }
        content.deadline = deadline.flatMap(Self.date)
        let start = Self.day(startsOn, field: "starts_on", problem: problem)
        if let start, let deadline, start < deadline {
            problem("starts_on", "Le début des prestations précède la date limite de réponse.")
        }
        content.startsOn = start.flatMap(Self.date)

        content.contactName = Self.optional(contactName)
        content.contactEmail = Self.optional(contactEmail)
        if let email = content.contactEmail, EmailAddress(email) == nil {
            problem("contact_email", "L’adresse électronique du contact n’est pas valide.")
        }
        content.contactPhone = Self.optional(contactPhone)
        if submitting && content.contactName == nil {
            problem("contact_name", "Donnez le nom de la personne à contacter (visible des structures connectées seulement).")
        }
        if let channelText = Self.optional(answerChannel) {
            if let channel = AnswerChannel(rawValue: channelText) {
                content.answerChannel = channel
                let address = Self.optional(answerAddress)
                content.answerAddress = address
                switch channel {
                case .email where address.map({ EmailAddress($0) == nil }) ?? submitting:
                    problem("answer_address", "Donnez l’adresse électronique où envoyer les réponses.")
                case .phone where address.map({ $0.filter(\.isNumber).count < 10 }) ?? submitting:
                    problem("answer_address", "Donnez le numéro de téléphone où répondre (10 chiffres).")
                case .link where address.map({ !($0.hasPrefix("https://") || $0.hasPrefix("http://")) || URL(string: $0)?.host == nil }) ?? submitting:
                    problem("answer_address", "Donnez le lien complet (https://…) où déposer les réponses.")
                default: break
                }
            } else {
                problem("answer_channel", "Choisissez comment répondre : courriel, téléphone ou lien.")
            }
        } else if submitting {
            problem("answer_channel", "Dites comment les structures répondent : courriel, téléphone ou lien.")
        }

        let questions = questions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if questions.count > Self.maximumQuestions {
            problem("questions", "Au plus \(Self.maximumQuestions) questions.")
        } else if questions.contains(where: { $0.count > 500 }) {
            problem("questions", "Une question dépasse 500 caractères.")
        }
        content.questions = questions

        content.clauses = Self.clauses(clauses, field: "clauses", submitting: submitting, problem: problem)
        if lots.count > Self.maximumLots { problem("lots", "Au plus \(Self.maximumLots) lots.") }
        for (number, lot) in lots.prefix(Self.maximumLots).enumerated() {
            let field = "lots[\(number + 1)]"
            let name = lot.title.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { problem(field, "Le lot \(number + 1) n’a pas de titre.") }
            if let oneLine = OneLineText.problem(in: name) { problem(field, "Titre du lot \(number + 1) : " + oneLine) }
            var sectors = Set<String>()
            if lot.sectors.isEmpty {
                problem(field, "Le lot « \(name.isEmpty ? String(number + 1) : name) » n’a pas de secteur d’activité.")
            }
            for text in lot.sectors {
                if let sector = taxonomy.sector(text) { sectors.insert(sector.slug) } else { problem(field, "Secteur inconnu dans le lot \(number + 1) : « \(text.prefix(80)) ».") }
            }
            let amount = Self.amount(lot.amount, field: field, problem: problem) ?? .unknown
            let clauses = Self.clauses(lot.clauses, field: field, submitting: submitting, problem: problem)
            content.lots.append(Lot(title: name, sectors: sectors, amount: amount, clauses: clauses))
        }
        let kinds = content.clauses.map(\.kind) + content.lots.flatMap { $0.clauses.map(\.kind) }
        if kinds.contains(.reservedSIAE) && kinds.contains(.reservedSTPA) && content.lots.isEmpty {
            // Both reservations at once are lawful only lot by lot.
            problem("clauses", "Un marché réservé l’est aux SIAE ou aux STPA : pour les deux, réservez des lots différents.")
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(content)
    }

    private static func clauses(_ drafts: [ClauseDraft], field: String, submitting: Bool, problem: (String, String) -> Void) -> [Clause] {
        var read: [Clause] = []
        for draft in drafts {
            guard let kind = ClauseKind(rawValue: draft.kind) else {
                problem(field, "Clause inconnue : « \(draft.kind.prefix(40)) ».")
                continue
            }
            var clause = Clause(kind: kind, detail: optional(draft.detail))
            let hoursText = draft.hours.trimmingCharacters(in: .whitespaces)
            if !hoursText.isEmpty {
                if kind != .insertionHours {
                    problem(field, "Des heures d’insertion ne se donnent que pour une clause sociale d’insertion, pas pour « \(kind.label) ».")
                } else if let hours = Int(hoursText.filter { !$0.isWhitespace }), (1...maximumHours).contains(hours) {
                    clause.hours = hours
                } else {
                    problem(field, "Le nombre d’heures d’insertion doit être un nombre entier entre 1 et 1 000 000.")
                }
            } else if kind == .insertionHours && submitting {
                problem(field, "Donnez le nombre d’heures d’insertion de la clause.")
            }
            let topicText = draft.topic.trimmingCharacters(in: .whitespaces)
            if !topicText.isEmpty {
                if kind != .environmental {
                    problem(field, "Un thème environnemental ne se donne que pour une considération environnementale.")
                } else if let topic = EnvironmentalTopic(rawValue: topicText) {
                    clause.topic = topic
                } else {
                    problem(field, "Thème environnemental inconnu : « \(topicText.prefix(40)) ».")
                }
            } else if kind == .environmental && submitting {
                problem(field, "Précisez la considération environnementale : réemploi (AGEC), Egalim ou autre.")
            }
            if read.contains(where: { $0.kind == kind }) {
                problem(field, "La clause « \(kind.label) » est donnée deux fois.")
            } else {
                read.append(clause)
            }
        }
        return read
    }

    private static func amount(_ text: String, field: String, problem: (String, String) -> Void) -> NeedAmount? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let amount = NeedAmount(token: trimmed) { return amount }
        let digits = trimmed.replacingOccurrences(of: "€", with: "").filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{A0}" }
        if let euros = Int(digits), euros >= 0 { return .exact(euros: euros) }
        problem(field, "Montant illisible : choisissez une tranche ou donnez un nombre d’euros.")
        return nil
    }

    private static func day(_ text: String, field: String, problem: (String, String) -> Void) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard date(trimmed) != nil else {
            problem(field, "Date illisible : attendue sous la forme AAAA-MM-JJ.")
            return nil
        }
        return trimmed
    }

    /// A day as a date at noon, Paris time, so that it reads back as the same day everywhere in France.
    public static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, day.count == 10 else { return nil }
        var components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)
        components.timeZone = TimeZone(identifier: "Europe/Paris")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2], calendar.component(.month, from: date) == parts[1] else { return nil }
        return date
    }

    private static func optional(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension NeedDraft {
    /// The draft that gives back `content`: to edit a saved need, or check it again on submission.
    public init(_ content: NeedContent) {
        self.init()
        kind = content.kind.rawValue
        title = content.title
        description = content.description
        target.sectors = content.sectors.sorted()
        target.serviceTypes = content.serviceTypes.map(\.rawValue).sorted()
        switch content.location {
        case .place(let code, let radius): target.place = code; target.radiusKm = radius
        case .perimeters(let list): target.perimeters = list.map(\.token)
        case .national: target.national = true
        case nil: break
        }
        target.acceptsNationalSuppliers = content.acceptsNationalSuppliers
        target.kinds = content.kinds.map(\.rawValue).sorted()
        amount = content.amount == .unknown ? "" : content.amount.token
        deadline = content.deadline.map(DateText.parisDay) ?? ""
        startsOn = content.startsOn.map(DateText.parisDay) ?? ""
        contactName = content.contactName ?? ""
        contactEmail = content.contactEmail ?? ""
        contactPhone = content.contactPhone ?? ""
        answerChannel = content.answerChannel?.rawValue ?? ""
        answerAddress = content.answerAddress ?? ""
        questions = content.questions
        clauses = content.clauses.map(ClauseDraft.init)
        lots = content.lots.map { LotDraft(title: $0.title, sectors: $0.sectors.sorted(), amount: $0.amount == .unknown ? "" : $0.amount.token, clauses: $0.clauses.map(ClauseDraft.init)) }
    }
}

extension NeedDraft.ClauseDraft {
    init(_ clause: Clause) {
        self.init(kind: clause.kind.rawValue, hours: clause.hours.map(String.init) ?? "", topic: clause.topic?.rawValue ?? "", detail: clause.detail ?? "")
    }
}
