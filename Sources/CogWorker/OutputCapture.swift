// Captures everything a process prints on fds 1 and 2 and hands it to a sink, chunk by chunk.
import Foundation

/// Points fds 1 and 2 at pipes and reads them on two threads, so `print`, `logging`, C code and
/// subprocesses are all captured. Each chunk goes to `sink` with its source ("stdout"/"stderr").
public final class OutputCapture: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `readDescriptors` is set once in init; `busy` is guarded by `lock`.
    private var readDescriptors: [Int32] = []
    private let lock = NSLock()
    private var busy = 0

    public init(sink: @escaping @Sendable (String, String) -> Void) {
        for (target, source) in [(STDOUT_FILENO, "stdout"), (STDERR_FILENO, "stderr")] {
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { continue }
            _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
            dup2(pipeEnds[1], target)
            close(pipeEnds[1])
            readDescriptors.append(pipeEnds[0])
            let descriptor = pipeEnds[0]
            let thread = Thread { [self] in self.pump(descriptor, source: source, sink: sink) }
            thread.name = "cog-host \(source) capture"
            thread.start()
        }
    }

    private func pump(_ descriptor: Int32, source: String, sink: @Sendable (String, String) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending: [UInt8] = []
        while true {
            // Wait for data first and count ourselves busy before reading it, so `drain` never
            // sees an empty pipe while a read chunk has not reached the sink yet.
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, -1)
            if polled < 0, errno == EINTR { continue }
            guard polled > 0 else { return }
            lock.lock()
            busy += 1
            lock.unlock()
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                lock.lock()
                busy -= 1
                lock.unlock()
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                return
            }
            pending += buffer[0..<count]
            // Hand over whole UTF-8 sequences; keep an incomplete trailing one for the next read.
            let cut = Self.completeUTF8Prefix(pending)
            if cut > 0 {
                sink(String(decoding: pending[0..<cut], as: UTF8.self), source)
                pending.removeFirst(cut)
            }
            lock.lock()
            busy -= 1
            lock.unlock()
        }
    }

    /// Waits (up to `limit`) until everything written so far has been handed to the sink, so a
    /// prediction's last lines are reported before its result.
    public func drain(limit: Duration = .seconds(1)) {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            var unread: Int32 = 0
            let waiting = readDescriptors.contains { ioctl($0, UInt(FIONREAD), &unread) == 0 && unread > 0 }
            lock.lock()
            let inFlight = busy > 0
            lock.unlock()
            if !waiting && !inFlight { return }
            usleep(1000)
        }
    }

    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, continuation < 4 {
            let byte = bytes[index - 1]
            if byte & 0xC0 == 0x80 {
                continuation += 1
                index -= 1
                continue
            }
            let length = byte & 0x80 == 0 ? 1 : byte & 0xE0 == 0xC0 ? 2 : byte & 0xF0 == 0xE0 ? 3 : 4
            return length == continuation + 1 ? bytes.count : index - 1
        }
        return bytes.count
    }
}
