// Running the server's Swift tasks on NIO's event loops instead of Swift's own thread pool.
import NIOCore
import NIOPosix

/// A task executor whose jobs run on the event loops of NIO's singleton group, the loops
/// Hummingbird serves connections on. With it a request's handler goes on on the thread that
/// read the request and writes the response there, instead of handing every step to another
/// thread (on a sequential client that was about six thread wake-ups per request, and a wake-up
/// costs tens of microseconds in a VM).
///
/// `shared` runs a job on the loop that enqueues it, or on the next loop when the job comes from
/// another thread: it is the preference of the task that runs the server, inherited by the
/// tasks it starts with `async let` and task groups (Hummingbird's connection handlers).
/// `pinnedToCurrentLoop()` always uses the loop it was made on: a prediction's task uses it so
/// that, resumed by the worker's reader thread, it wakes the loop of its connection.
///
/// Work on these tasks must not block for long: it holds up the connections of its loop.
public final class EventLoopTaskExecutor: TaskExecutor {
    public static let shared = EventLoopTaskExecutor(group: .singleton, loop: nil)

    private let group: MultiThreadedEventLoopGroup
    private let loop: (any EventLoop)?

    private init(group: MultiThreadedEventLoopGroup, loop: (any EventLoop)?) {
        self.group = group
        self.loop = loop
    }

    /// An executor that runs every job on the current thread's event loop; nil off the loops.
    static func pinnedToCurrentLoop() -> EventLoopTaskExecutor? {
        MultiThreadedEventLoopGroup.currentEventLoop.map { EventLoopTaskExecutor(group: .singleton, loop: $0) }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // `any()` is the current thread's loop when it is one of the group's.
        (loop ?? group.any()).execute { [self] in
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
