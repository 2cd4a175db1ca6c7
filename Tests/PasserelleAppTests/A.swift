import Testing
import VaporTesting
@testable import PasserelleApp
@Test func nothing() {}
