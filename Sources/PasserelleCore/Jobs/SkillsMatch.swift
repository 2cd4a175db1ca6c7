import Foundation

/// Matching on skills rather than CVs: an offer and a person's profile meet when the offer's job
/// is one of the person's projects or near it in the ROME, when they share skills, and when the
/// place is within the person's reach. The score orders; the reasons explain it, the same words on
/// both sides (« même métier », « 3 compétences en commun », « à 12 km »).
public struct SkillsMatch: Sendable, Equatable {
    /// What matching reads of a profile: never a name, so that companies see only this.
    public struct Profile: Sendable, Equatable {
        /// The ROME jobs the person aims at, five at most.
        public var projects: [String]
        public var skills: [String]
        public var place: GeoPoint?
        /// How far the person can go, in kilometres.
        public var radiusKm: Int

        public init(projects: [String], skills: [String], place: GeoPoint?, radiusKm: Int) {
            self.projects = projects
            self.skills = skills
            self.place = place
            self.radiusKm = radiusKm
        }
    }

    public struct Offer: Sendable, Equatable {
        public var job: String
        public var skills: [String]
        public var place: GeoPoint?

        public init(job: String, skills: [String], place: GeoPoint?) {
            self.job = job
            self.skills = skills
            self.place = place
        }
    }

    public var score: Int
    public var proximity: RomeProximity
    public var commonSkills: [String]
    public var distanceKm: Int?
    public var reasons: [String]

    public static let maximumProjects = 5

    /// Points of each part: the job counts most, then the skills, then nearness.
    static let jobPoints: [RomeProximity: Int] = [.sameJob: 50, .sameDomain: 30, .sameGreatDomain: 10, .none: 0]
    static let pointsPerSkill = 10
    static let skillsCounted = 3
    static let nearnessPoints = 20

    /// How `offer` meets `profile`, or nil when it does not: out of the person's reach, or sharing
    /// neither a neighbouring job nor any skill.
    public static func of(_ offer: Offer, _ profile: Profile) -> SkillsMatch? { Matcher(offer).match(profile) }

    /// An offer ready to meet many profiles: its skills are folded once, and a profile out of
    /// reach is set aside before its skills are read (a company's offer meets tens of thousands).
    public struct Matcher: Sendable {
        let offer: Offer
        let wanted: [String: String]

        public init(_ offer: Offer) {
            self.offer = offer
            wanted = Dictionary(offer.skills.map { (SearchText.fold($0), $0) }, uniquingKeysWith: { first, _ in first })
        }

        public func match(_ profile: Profile) -> SkillsMatch? { match(profile, fold: SearchText.fold) }

        /// `fold` gives a skill's search key: `rank` keeps those it made, the same few hundred
        /// skills coming back from profile to profile.
        func match(_ profile: Profile, fold: (String) -> String) -> SkillsMatch? {
            var distance: Int?
            var nearness = 0
            if let from = profile.place, let to = offer.place {
                let kilometres = from.distanceKm(to: to)
                guard kilometres <= Double(max(profile.radiusKm, 0)) + 0.5 else { return nil }
                distance = Int(kilometres.rounded())
                nearness = profile.radiusKm <= 0 ? nearnessPoints : Int((Double(nearnessPoints) * (1 - kilometres / Double(profile.radiusKm))).rounded())
            }
            let proximity = profile.projects.prefix(maximumProjects).map { RomeProximity.of(offer.job, $0) }.max() ?? .none
            var seen = Set<String>()
            let common = profile.skills.compactMap { skill -> String? in
                let key = fold(skill)
                guard let label = wanted[key], seen.insert(key).inserted else { return nil }
                return label
            }
            guard proximity >= .sameDomain || !common.isEmpty else { return nil }
            var reasons: [String] = []
            if let reason = proximity.reason { reasons.append(reason) }
            if !common.isEmpty { reasons.append(French.count(common.count, "compétence en commun", "compétences en commun")) }
            if let distance { reasons.append(distance == 0 ? "dans la même commune" : "à \(distance) km") }
            let score = (jobPoints[proximity] ?? 0) + min(common.count, skillsCounted) * pointsPerSkill + max(nearness, 0)
            return SkillsMatch(score: score, proximity: proximity, commonSkills: common, distanceKm: distance, reasons: reasons)
        }
    }

    /// The bands a company reads the distance in: a company that could read kilometres from
    /// offers placed here and there would find the person's commune.
    public static let companyBandsKm = [10, 20, 30, 50]

    /// The reasons as a company reads them: the distance as a band, never « même commune ».
    public var companyReasons: [String] {
        guard let distanceKm else { return reasons }
        let band = Self.companyBandsKm.first { distanceKm < $0 }.map { "à moins de \($0) km" } ?? "à \(Self.companyBandsKm.last!) km ou plus"
        return Array(reasons.dropLast()) + [band]
    }

    /// The profiles that meet `offer`, best first (then nearest), at most `limit`.
    public static func rank(_ offer: Offer, among profiles: [Profile], limit: Int = 50) -> [(index: Int, match: SkillsMatch)] {
        let matcher = Matcher(offer)
        var keys: [String: String] = [:]
        func fold(_ skill: String) -> String {
            if let key = keys[skill] { return key }
            let key = SearchText.fold(skill)
            keys[skill] = key
            return key
        }
        var found: [(index: Int, match: SkillsMatch)] = []
        for (index, profile) in profiles.enumerated() {
            if let match = matcher.match(profile, fold: fold) { found.append((index, match)) }
        }
        found.sort { left, right in
            if left.match.score != right.match.score { return left.match.score > right.match.score }
            return (left.match.distanceKm ?? .max, left.index) < (right.match.distanceKm ?? .max, right.index)
        }
        return Array(found.prefix(limit))
    }
}
