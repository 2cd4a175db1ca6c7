import Foundation
import PasserelleCore
import Testing

@Suite("Community: the proceedings' wording kept out of our texts")
struct SourceFingerprintTests {
    static let source = """
        Les structures inclusives du territoire ont présenté leurs actions aux acheteurs publics et privés, \
        puis chacun a raconté comment il travaille. Pour en savoir plus, contacter : prenom.nom@exemple.fr, 03 53 01 12 34.
        """

    @Test func aRunOfTenWordsIsFoundWhateverTheTypography() {
        let fingerprint = SourceFingerprint(source: Self.source)
        let copied = "Ici, LES STRUCTURES INCLUSIVES du territoire ont presente leurs actions aux acheteurs — et rien d’autre."
        #expect(fingerprint.sharedRuns(in: copied) == ["les structures inclusives du territoire ont presente leurs actions aux"])
        // Nine words in a row are a phrase, not a sentence taken over.
        #expect(fingerprint.sharedRuns(in: "Les structures inclusives du territoire ont présenté leurs actions.") == [])
        #expect(fingerprint.sharedRuns(in: "Les acheteurs ont écouté les structures inclusives raconter leurs actions du territoire.") == [])
    }

    @Test func aLongCopyIsOneFindingPerPassage() {
        let fingerprint = SourceFingerprint(source: Self.source)
        let text = "Les structures inclusives du territoire ont présenté leurs actions aux acheteurs publics et privés, puis chacun a raconté comment il travaille."
        #expect(fingerprint.sharedRuns(in: text).count == 2)
    }

    @Test func waysToReachSomeoneAreNotFingerprinted() {
        let fingerprint = SourceFingerprint(source: Self.source)
        let withoutContacts = SourceFingerprint(source: Self.source.replacingOccurrences(of: "prenom.nom@exemple.fr, 03 53 01 12 34.", with: ""))
        #expect(fingerprint == withoutContacts)
    }

    @Test func theFileFormReadsBack() {
        let fingerprint = SourceFingerprint(source: Self.source)
        // One hash for each run of ten words but those that take in the e-mail address and the phone number.
        let words = SourceFingerprint.words(Self.source).count - SourceFingerprint.words("prenom.nom@exemple.fr 03 53 01 12 34").count
        #expect(fingerprint.hashes.count == words - 9)
        #expect(SourceFingerprint(lines: fingerprint.lines) == fingerprint)
        #expect(SourceFingerprint(lines: "pas une empreinte\n") == nil)
        #expect(SourceFingerprint.words("L’ESS, cœur du « méso »") == ["l", "ess", "coeur", "du", "meso"])
    }
}
