// Everything a process prints, handed to one sink in the order it was written.
import Foundation

/// Merges the two ways a predictor's text reaches the host into one ordered stream for `sink`:
///
/// - Python-level writes (`print`, `logging`, tqdm), which the predictor's line writers hand to
///   `write(_:source:writer:)` as they happen, with their stream's name;
/// - everything written to fds 1 and 2 directly (C code, subprocesses, `os.write`): both fds
///   point at one pipe, so the kernel keeps their order, read by one thread and reported with
///   source "stderr" (one pipe cannot tell the two apart).
///
/// Ordering between the two: before Python-level text is delivered, what is already in the pipe
/// (written earlier) is delivered first. Lines are never glued: when text comes from another
/// writer while the previous writer's line is unfinished (a flushed progress bar, a C fragment),
/// a newline ends that line first.
public final class OutputCapture: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `readDescriptor` is set once in init; the rest is guarded by `lock`.
    private let readDescriptor: Int32
    private let lock = NSLock()
    private let sink: @Sendable (String, String) -> Void
    /// Bytes read from the pipe that end inside a UTF-8 sequence, kept for the next read.
    private var undecoded: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// Who wrote the last delivered text, when that text did not end a line.
    private var unfinishedLine: Writer?

    private enum Writer: Equatable {
        case python(source: String, thread: Int)
        case descriptors
    }

    /// Points fds 1 and 2 at one pipe (when `capturesDescriptors`) and starts reading it.
    public init(capturesDescriptors: Bool = true, sink: @escaping @Sendable (String, String) -> Void) {
        self.sink = sink
        var pipeEnds: [Int32] = [-1, -1]
        guard capturesDescriptors, pipe(&pipeEnds) == 0 else {
            readDescriptor = -1
            return
        }
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeEnds[0], F_SETFL, fcntl(pipeEnds[0], F_GETFL) | O_NONBLOCK)
        dup2(pipeEnds[1], STDOUT_FILENO)
        dup2(pipeEnds[1], STDERR_FILENO)
        close(pipeEnds[1])
        readDescriptor = pipeEnds[0]
        let thread = Thread { [self] in self.pump() }
        thread.name = "cog-host output capture"
        thread.start()
    }

    /// Text a Python thread wrote to `sys.stdout` or `sys.stderr` (`source`), delivered after
    /// whatever reached the pipe before it.
    public func write(_ text: String, source: String, writer: Int) {
        lock.lock()
        defer { lock.unlock() }
        readPipeLocked()
        deliverLocked(text, source: source, from: .python(source: source, thread: writer))
    }

    /// Delivers everything written to fds 1 and 2 so far, so a prediction's last lines are
    /// reported before its result. What comes after starts a new log: an unfinished last line
    /// is not ended with a newline in the next one.
    public func drain() {
        lock.lock()
        defer { lock.unlock() }
        readPipeLocked()
        unfinishedLine = nil
    }

    private func pump() {
        while true {
            var ready = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, -1)
            if polled < 0, errno == EINTR { continue }
            guard polled > 0 else { return }
            lock.lock()
            let open = readPipeLocked()
            lock.unlock()
            if !open { return }
        }
    }

    /// Reads and delivers what the pipe holds now. Returns false once every writer has closed it.
    @discardableResult
    private func readPipeLocked() -> Bool {
        guard readDescriptor >= 0 else { return true }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
            if count == 0 { return false }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
            undecoded += buffer[0..<count]
            // Hand over whole UTF-8 sequences; keep an incomplete trailing one for the next read.
            let cut = Self.completeUTF8Prefix(undecoded)
            if cut > 0 {
                deliverLocked(String(decoding: undecoded[0..<cut], as: UTF8.self), source: "stderr", from: .descriptors)
                undecoded.removeFirst(cut)
            }
            if count < buffer.count { return true }
        }
    }

    private func deliverLocked(_ text: String, source: String, from writer: Writer) {
        guard !text.isEmpty else { return }
        let endsLine = text.utf8.last == UInt8(ascii: "\n")
        if let unfinishedLine, unfinishedLine != writer {
            sink("\n" + text, source)
        } else {
            sink(text, source)
        }
        unfinishedLine = endsLine ? nil : writer
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
