/// The API contract's enums carry the same tokens as the core's (`EventKind` and
/// `Components.Schemas.EventKind` both say `atelier`). One conversion for all of them, which fails
/// (500, logged) if the two ever part, rather than answering some default; `ContractTokenTests`
/// converts every case of every pair the API uses.
package enum ContractToken {
    package struct Mismatch: Error {
        package var token: String
        package var contract: String
    }

    package static func convert<Core: RawRepresentable, Contract: RawRepresentable>(_ value: Core, to contract: Contract.Type = Contract.self) throws -> Contract
    where Core.RawValue == String, Contract.RawValue == String {
        guard let converted = Contract(rawValue: value.rawValue) else { throw Mismatch(token: value.rawValue, contract: String(describing: Contract.self)) }
        return converted
    }
}
