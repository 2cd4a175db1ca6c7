import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The scheduling class of the threads that work behind the requests.
///
/// - `background` (nice 19) for Bcrypt: someone waits for the hash, which must get a share of
///   the cores even when searches keep them busy (bench/README.md: with log-ins running, the
///   search p95 was 103 ms at nice 0, 66 ms at nice 10, 56 ms at nice 19).
/// - `idle` (Linux's SCHED_IDLE) for jobs, which nobody waits for within the second: they run
///   only on cores that requests leave, and a request waking up takes the core at once. A nice
///   19 thread still runs whole time slices of a few milliseconds between requests' steps
///   (bench/README.md: a CPU-bound loop at nice 19 took the search p95 from 7 to 26 ms, the same
///   loop in SCHED_IDLE left it at 7 ms).
package enum ThreadPriority {
    case background
    case idle

    private static let backgroundNiceness: Int32 = 19
    /// SCHED_IDLE, which Glibc's Swift module does not export.
    private static let idlePolicy: Int32 = 5

    /// Moves the calling thread to this class, and names it when a name is given (`ps -L` and
    /// profilers show it).
    package func apply(naming name: String? = nil) {
        if let name { Thread.current.name = name }
        #if os(Linux)
        switch self {
        case .background:
            // On Linux the nice value belongs to a thread, and `who = 0` names the calling one.
            let process = __priority_which_t(PRIO_PROCESS.rawValue)
            if getpriority(process, 0) < Self.backgroundNiceness {
                _ = setpriority(process, 0, Self.backgroundNiceness)
            }
        case .idle:
            var parameters = sched_param()
            parameters.sched_priority = 0
            _ = pthread_setschedparam(pthread_self(), Self.idlePolicy, &parameters)
        }
        #endif
    }
}
