import Foundation
import PasserelleCore

/// The agenda's filters as the page and the API receive them, read the same way for both: a value
/// that is not understood is reported, in French, with what is allowed.
enum AgendaQuery {
    struct Read: Sendable {
        var filter: EventStore.Filter
        var problems: [String]
        /// The filters understood, to write links back.
        var items: [(String, String)]
    }

    static func read(_ value: (String) -> String?, themes: [EventStore.ThemeRow], gazetteer: Gazetteer, defaultPeriod: EventStore.Filter.Period = .upcoming) -> Read {
        var filter = EventStore.Filter(period: defaultPeriod)
        var problems: [String] = []
        var items: [(String, String)] = []
        func text(_ key: String) -> String? {
            guard let raw = value(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        if let period = text("periode") {
            if let known = EventStore.Filter.Period(rawValue: period) {
                filter.period = known
                if known != defaultPeriod { items.append(("periode", period)) }
            } else {
                problems.append("Période inconnue « \(period) » : a-venir, passes ou tous.")
            }
        }
        if let kind = text("kind") {
            if let known = EventKind(rawValue: kind) { filter.kind = known; items.append(("kind", kind)) } else {
                problems.append("Type d’événement inconnu « \(kind) » : \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let theme = text("theme") {
            if themes.contains(where: { $0.slug == theme }) { filter.theme = theme; items.append(("theme", theme)) } else {
                problems.append("Thème inconnu « \(theme) » : \(themes.map(\.slug).joined(separator: ", ")).")
            }
        }
        if let departement = text("departement") {
            if gazetteer.departement(departement) != nil { filter.departement = departement; items.append(("departement", departement)) } else {
                problems.append("Département inconnu « \(departement) » : un code comme 59, 2A ou 974.")
            }
        }
        for (key, label) in [("from", "de début"), ("to", "de fin")] {
            guard let day = text(key) else { continue }
            guard let start = ParisTime.date(day: day, time: "00:00") else {
                problems.append("Date \(label) invalide « \(day) » : au format AAAA-MM-JJ.")
                continue
            }
            items.append((key, day))
            // `to` is the last day shown, whole.
            if key == "from" { filter.from = start } else { filter.to = start.addingTimeInterval(86_400) }
        }
        if let from = filter.from, let to = filter.to, to <= from {
            problems.append("La date de fin précède la date de début.")
        }
        if let page = text("page") {
            if let number = Int(page), (1...100_000).contains(number) { filter.page = number } else {
                problems.append("Numéro de page invalide : un nombre de 1 à 100 000.")
            }
        }
        if let size = text("size") {
            if let number = Int(size), (1...100).contains(number) { filter.size = number } else {
                problems.append("Taille de page invalide : un nombre de 1 à 100.")
            }
        }
        // Dates given: they choose the period.
        if filter.from != nil || filter.to != nil, text("periode") == nil { filter.period = .all }
        return Read(filter: filter, problems: problems, items: items)
    }
}
