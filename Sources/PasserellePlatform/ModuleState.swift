import Vapor

/// A module's state for the application's lifetime, kept in the application's storage under the
/// module's own key, set once by the module's `configure` before any request.
package struct ModuleStateKey<Value: Sendable>: StorageKey {}

extension Application {
    /// The state `Value` that a module set up; a missing one is a fault of `configure`.
    package func moduleState<Value: Sendable>(_ type: Value.Type) -> Value {
        guard let value = storage[ModuleStateKey<Value>.self] else { fatalError("\(Value.self) was not set up: configure(_:config:) was not called") }
        return value
    }

    package func setModuleState<Value: Sendable>(_ value: Value) {
        storage[ModuleStateKey<Value>.self] = value
    }
}
