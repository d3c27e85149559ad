// Who sends a prediction's cancel to the backend: the cancel request, or the backend's accept.
import Synchronization

/// A cancel can come before the backend has the job (it is on its way there), when the
/// backend would find nothing to stop. Both events record themselves here, atomically; exactly
/// one of them learns that the other already happened and sends the cancel. No timer, and no
/// task or actor hop on the common path (a prediction nobody cancels).
final class CancelHandshake: Sendable {
    private struct State {
        var cancelRequested = false
        var accepted = false
    }

    private let state = Mutex(State())

    /// Whether a cancel was asked for (before or after the accept).
    var isCancelRequested: Bool { state.withLock { $0.cancelRequested } }

    /// A cancel was asked for. True when the backend has the job: the caller sends the cancel.
    func requestCancel() -> Bool {
        state.withLock { state in
            state.cancelRequested = true
            return state.accepted
        }
    }

    /// The backend has the job. True when a cancel came before: the caller sends it now.
    func backendAccepted() -> Bool {
        state.withLock { state in
            state.accepted = true
            return state.cancelRequested
        }
    }
}
