import Foundation

/// The API contract as written in `openapi.yaml`, served at `/api/openapi.json` and rendered at
/// `/api/docs`. The generated types and server protocol come from the same file.
public enum APIDocument {
    /// The YAML text of the contract.
    public static func yaml() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
