// The worker's log text on its way to the server: sent as soon as possible, in as few frames as
// a burst allows, and never after an event that came later.
import Foundation

/// Queues log text and sends it from a thread of its own: text that arrives while a frame is
/// being sent waits and goes out with the next one (consecutive text of the same job and
/// stream is joined), so a predictor printing 100,000 lines costs far fewer frames than lines,
/// while a lone line is sent at once. Every other event goes through `inOrder`, which sends
/// what is queued before it.
final class LogBatcher: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `pending` is guarded by `queued`; deliveries happen while
    // holding `order`.
    typealias Delivery = @Sendable (_ job: String?, _ text: String, _ source: String) -> Void

    private struct Chunk {
        let job: String?
        var text: String
        let source: String
    }

    private let deliver: Delivery
    private let queued = NSCondition()
    private var pending: [Chunk] = []
    /// Held while anything is sent, so the order of sends is the order of `inOrder` calls.
    private let order = NSLock()

    init(deliver: @escaping Delivery) {
        self.deliver = deliver
        let thread = Thread { [self] in self.sendQueued() }
        thread.name = "cog-host worker logs"
        thread.start()
    }

    /// Text a job (or, without `job`, the worker) printed; any thread.
    func append(job: String?, text: String, source: String) {
        queued.lock()
        // The sender waits only while nothing is queued: wake it for the first chunk alone.
        if pending.isEmpty { queued.signal() }
        if let last = pending.last, last.job == job, last.source == source {
            pending[pending.count - 1].text += text
        } else {
            pending.append(Chunk(job: job, text: text, source: source))
        }
        queued.unlock()
    }

    /// Sends what is queued, then runs `send` (another event), before any later text.
    func inOrder(_ send: () -> Void) {
        order.lock()
        defer { order.unlock() }
        deliverQueuedLocked()
        send()
    }

    private func sendQueued() {
        while true {
            queued.lock()
            while pending.isEmpty { queued.wait() }
            queued.unlock()
            order.lock()
            deliverQueuedLocked()
            order.unlock()
        }
    }

    private func deliverQueuedLocked() {
        var chunks: [Chunk] = []
        queued.lock()
        swap(&chunks, &pending)
        queued.unlock()
        for chunk in chunks { deliver(chunk.job, chunk.text, chunk.source) }
    }
}
