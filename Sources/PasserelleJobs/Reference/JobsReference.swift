import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The ROME (1,584 jobs, 13,120 titles), the NAF sub-classes (732) and the immersions' legal bounds, read once from
/// `Resources/Reference/`: they change with a release, never from a form.
package struct JobsReference: Sendable {
    package var rome: Rome
    package var naf: Naf
    package var immersion: ImmersionBounds?
    /// Why a file could not be read; the start stops with it (`loadFirstContent`).
    package var problem: String?

    package static func load(resources: String) -> JobsReference {
        func text(_ name: String) throws -> String {
            let path = resources + "Reference/" + name
            guard let data = FileManager.default.contents(atPath: path) else { throw ReferenceFile.LoadError.missing(path) }
            return String(decoding: data, as: UTF8.self)
        }
        do {
            let rome = try Rome.read(jobs: try text("rome-metiers.csv"), titles: try text("rome-appellations.csv"))
            return JobsReference(rome: rome, naf: try Naf.read(try text("naf-sous-classes.csv")), immersion: try ImmersionBounds.read(try text("immersions.json")),
                                 problem: nil)
        } catch let error as Rome.ReadError {
            return JobsReference(rome: Rome(jobs: [], titles: []), naf: Naf(labels: [:]), immersion: nil, problem: error.message)
        } catch {
            return JobsReference(rome: Rome(jobs: [], titles: []), naf: Naf(labels: [:]), immersion: nil, problem: String(describing: error))
        }
    }
}

extension Application {
    package var jobsReference: JobsReference { moduleState(JobsReference.self) }
}
