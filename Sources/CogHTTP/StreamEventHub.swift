// One prediction's server-sent events: bounded replay history plus live subscribers.
import CogCore
import Foundation

/// One server-sent event, already printed (`event: <name>\ndata: <json>\n\n`), or a keep-alive.
struct StreamEvent: Sendable, Equatable {
    let name: String
    let text: String

    init(name: String, data: JSONValue) {
        self.name = name
        self.text = "event: \(name)\ndata: \(data.text(.serde))\n\n"
    }

    init(name: String, dataText: String) {
        self.name = name
        self.text = "event: \(name)\ndata: \(dataText)\n\n"
    }

    private init(comment: String) {
        name = ""
        text = ": \(comment)\n\n"
    }

    static let keepAlive = StreamEvent(comment: "keep-alive")

    var isCompleted: Bool { name == "completed" }
}

/// The history and subscribers of one prediction's event stream (a value owned by the
/// prediction's actor). The history keeps the last `capacity` events; a subscriber that
/// arrives after events were evicted gets coglet's truncation error and nothing else.
struct StreamEventHub {
    let capacity: Int
    static let maxSubscribers = 1024
    private var history: [StreamEvent] = []
    private var evicted = 0
    private var subscribers: [UUID: AsyncStream<StreamEvent>.Continuation] = [:]
    private(set) var isFinished = false

    init(capacity: Int) { self.capacity = max(0, capacity) }

    var subscriberCount: Int { subscribers.count }

    mutating func publish(_ event: StreamEvent) {
        if capacity > 0 {
            if history.count == capacity {
                history.removeFirst()
                evicted += 1
            }
            history.append(event)
        }
        for continuation in subscribers.values { continuation.yield(event) }
        if event.isCompleted {
            isFinished = true
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
    }

    /// A new subscriber's stream: the replay (or the truncation error), then live events.
    mutating func subscribe() -> (UUID, AsyncStream<StreamEvent>)? {
        guard subscribers.count < Self.maxSubscribers else { return nil }
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self)
        if evicted > 0 {
            let error = StreamEvent(name: "error", dataText: "{\"error\":\"SSE stream replay truncated; events were dropped\",\"skipped\":\(evicted)}")
            continuation.yield(error)
            continuation.finish()
            return (id, stream)
        }
        for event in history { continuation.yield(event) }
        if isFinished || history.last?.isCompleted == true {
            continuation.finish()
        } else {
            subscribers[id] = continuation
        }
        return (id, stream)
    }

    /// Sends a keep-alive comment to one subscriber.
    func keepAlive(_ id: UUID) {
        subscribers[id]?.yield(.keepAlive)
    }

    /// Forgets a subscriber; returns whether it was still subscribed.
    @discardableResult
    mutating func unsubscribe(_ id: UUID) -> Bool {
        guard let continuation = subscribers.removeValue(forKey: id) else { return false }
        continuation.finish()
        return true
    }
}
