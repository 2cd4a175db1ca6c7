import Foundation

/// When a purchasing matter needs someone's attention in « Mon espace »: a need that closes soon
/// and is not answered, insertion hours of last month not recorded on an awarded need, the
/// territory's figures.
public enum PurchasingAttention {
    /// A need closes « soon » within this many days.
    public static let closingSoonDays = 7

    /// An opportunity the structure has not answered and whose deadline falls in the coming week.
    public static func isClosingSoon(deadline: Date?, answered: Bool, now: Date) -> Bool {
        guard let deadline, !answered else { return false }
        return deadline >= now && deadline <= now.addingTimeInterval(Double(closingSoonDays) * 86_400)
    }

    /// The territory's figures in one sentence, for the facilitators' and stewards' workspace:
    /// « Votre territoire : 12 besoins, dont 5 publiés ; 3 marchés attribués, 67 % à des structures
    /// inclusives ; 1 200 heures d’insertion sur 2 000 ».
    public static func territorySummary(_ totals: TerritoryDashboard.Totals) -> String {
        guard totals.needs > 0 else { return "Votre territoire : aucun besoin d’achat pour l’instant" }
        var parts = [French.count(totals.needs, "besoin") + ", dont " + French.count(totals.byState[.published] ?? 0, "publié")]
        if totals.awarded > 0 {
            parts.append(French.count(totals.awarded, "marché attribué", "marchés attribués")
                         + (totals.inclusiveShare.map { ", \($0) % à des structures inclusives" } ?? ""))
        }
        if totals.hoursTarget > 0 {
            parts.append("\(French.number(totals.hoursDone)) heures d’insertion sur \(French.number(totals.hoursTarget))")
        }
        return "Votre territoire : " + parts.joined(separator: " ; ")
    }

    /// The month before `month` (`2027-01` → `2026-12`), as the hours are recorded.
    public static func previousMonth(_ month: String) -> String? {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return nil }
        return parts[1] == 1 ? String(format: "%04d-12", parts[0] - 1) : String(format: "%04d-%02d", parts[0], parts[1] - 1)
    }

    /// An awarded need with insertion hours whose last month has no hours yet, while the clause's
    /// target is not reached: its hours are to record (facilitators, winners) and to check (buyer).
    public static func hoursAreDue(state: NeedState, target: Int, done: Int, lastRecordedMonth: String?, currentMonth: String) -> Bool {
        guard state == .awarded, target > 0, done < target, let previous = previousMonth(currentMonth) else { return false }
        return (lastRecordedMonth ?? "") < previous
    }
}
