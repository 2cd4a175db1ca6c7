import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// The agenda's filters as the page and the API receive them, read the same way for both: a value
/// that is not understood is reported, in French, with what is allowed.
package enum AgendaQuery {
    package struct Read: Sendable {
        package var filter: EventStore.Filter
        package var problems: [String]
        /// The filters understood, to write links back.
        package var items: [(String, String)]
    }

    package static func read(_ value: @escaping (String) -> String?, themes: [Theme], gazetteer: Gazetteer, defaultPeriod: EventStore.Filter.Period = .upcoming) -> Read {
        var filter = EventStore.Filter(period: defaultPeriod)
        var reader = FilterReader(value: value)
        if let period = reader.text("periode") {
            if let known = EventStore.Filter.Period(rawValue: period) {
                filter.period = known
                if known != defaultPeriod { reader.items.append(("periode", period)) }
            } else {
                reader.problems.append("Période inconnue « \(period) » : a-venir, passes ou tous.")
            }
        }
        if let kind = reader.text("kind") {
            if let known = EventKind(rawValue: kind) { filter.kind = known; reader.items.append(("kind", kind)) } else {
                reader.problems.append("Type d’événement inconnu « \(kind) » : \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        filter.theme = reader.theme(among: themes)
        filter.departement = reader.departement(in: gazetteer)
        for (key, label) in [("from", "de début"), ("to", "de fin")] {
            guard let day = reader.text(key) else { continue }
            guard let start = ParisTime.date(day: day, time: "00:00") else {
                reader.problems.append("Date \(label) invalide « \(day) » : au format AAAA-MM-JJ.")
                continue
            }
            reader.items.append((key, day))
            // `to` is the last day shown, whole.
            if key == "from" { filter.from = start } else { filter.to = start.addingTimeInterval(86_400) }
        }
        if let from = filter.from, let to = filter.to, to <= from {
            reader.problems.append("La date de fin précède la date de début.")
        }
        if let page = reader.page() { filter.page = page }
        if let size = reader.size() { filter.size = size }
        // Dates given: they choose the period.
        if filter.from != nil || filter.to != nil, reader.text("periode") == nil { filter.period = .all }
        return Read(filter: filter, problems: reader.problems, items: reader.items)
    }
}
