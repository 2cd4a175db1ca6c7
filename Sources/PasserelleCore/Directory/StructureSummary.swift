import Foundation

/// What another module shows of a directory structure: who it is, where, and how to reach it.
public struct StructureSummary: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var kind: StructureKind
    public var communeCode: String?
    public var email: String?
    public var phone: String?

    public init(id: UUID, name: String, kind: StructureKind, communeCode: String?, email: String?, phone: String?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.communeCode = communeCode
        self.email = email
        self.phone = phone
    }
}
