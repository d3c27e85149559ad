// Spawning the worker process with one end of a socket pair as its fd 3.
import CogWorkerProtocol
import Foundation

/// A spawned child process connected to us by a Unix socket pair.
struct ChildProcess: Sendable {
    let pid: pid_t
    let channel: FrameChannel

    /// The fd number the worker finds its end of the socket pair on.
    static let workerDescriptor: Int32 = 3

    /// Starts `executable arguments…` with a fresh socket pair; signal dispositions and the
    /// signal mask are reset so the worker's Python can use SIGINT/SIGTERM/SIGUSR1 normally.
    static func spawn(executable: String, arguments: [String], environment: [String: String]) throws -> ChildProcess {
        var descriptors: [Int32] = [0, 0]
        #if os(Linux)
        let streamSocket = Int32(SOCK_STREAM.rawValue)  // an enum in glibc's headers
        #else
        let streamSocket = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, streamSocket, 0, &descriptors) == 0 else {
            throw SpawnError(message: "socketpair failed: \(String(cString: strerror(errno)))")
        }
        let (parentEnd, childEnd) = (descriptors[0], descriptors[1])
        _ = fcntl(parentEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childEnd, workerDescriptor)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGUSR1, SIGPIPE, SIGCHLD, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(childEnd)
        guard status == 0 else {
            close(parentEnd)
            throw SpawnError(message: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid, channel: FrameChannel(descriptor: parentEnd))
    }

    struct SpawnError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
