import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// `passerelle content fingerprint PROCEEDINGS.txt`: writes, on standard output, the fingerprint
/// of the 2023 meeting's proceedings (`SourceFingerprint`) that the content files are checked
/// against; `Resources/Content/rencontre-2023/README.md` says when to make it again.
package struct ContentCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        @Argument(name: "action", help: "fingerprint")
        var action: String

        @Argument(name: "file", help: "The proceedings, as text.")
        var file: String

        package init() {}
    }

    package init() {}

    package var help: String { "Empreintes des actes de la rencontre de 2023 (passerelle content fingerprint ACTES.txt > empreintes-des-actes.txt)." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "fingerprint" else { throw CommandFailure("Action inconnue « \(signature.action) » : seule « fingerprint » existe.") }
        guard let data = FileManager.default.contents(atPath: signature.file), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("Fichier introuvable ou illisible : \(signature.file)")
        }
        let fingerprint = SourceFingerprint(source: text)
        context.console.output(fingerprint.lines.trimmingCharacters(in: .newlines), style: .plain)
    }
}
