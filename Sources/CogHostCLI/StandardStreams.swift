// Keeps stdout for results only: whatever the predictor prints goes to stderr, secrets scrubbed.
import CogCore
import ProcessStreams
import Foundation

enum StandardStreams {
    /// The process's real stdout, once `divertPredictorOutput()` has moved fd 1 to stderr.
    nonisolated(unsafe) private static var resultDescriptor: Int32 = STDOUT_FILENO

    /// Points fd 1 at stderr so every write by the predictor (print, C code, subprocesses)
    /// lands on stderr as it happens, and keeps a copy of the real stdout for results.
    static func divertPredictorOutput() {
        guard resultDescriptor == STDOUT_FILENO else { return }
        let saved = dup(STDOUT_FILENO)
        guard saved >= 0 else { return }
        _ = fcntl(saved, F_SETFD, FD_CLOEXEC)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        resultDescriptor = saved
    }

    /// Writes a result line to the real stdout.
    static func writeResult(_ text: String) {
        write(text + "\n", to: resultDescriptor)
    }

    /// Writes text to the real stdout as it is, without a newline (streamed output).
    static func writeResultFragment(_ text: String) {
        write(text, to: resultDescriptor)
    }

    /// One line from standard input, with the terminal's echo off while it is typed.
    static func readSecretLine() -> String? {
        let isTerminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if isTerminal {
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            write("Secret: ", to: STDERR_FILENO)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                write("\n", to: STDERR_FILENO)
            }
        }
        return readLine(strippingNewline: true)
    }

    /// Writes a message line to stderr.
    static func writeError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        if let scrubbing {
            write(scrubbing.scrubber.scrub(line), to: scrubbing.stderr)
        } else {
            write(line, to: STDERR_FILENO)
        }
    }

    private struct Scrubbing {
        let scrubber: SecretScrubber
        let stderr: Int32
        let capture: OutputCapture
        let streams: [String: StreamingScrubber]
    }

    nonisolated(unsafe) private static var scrubbing: Scrubbing?

    /// What the predictor wrote to `sys.stdout`/`sys.stderr` (whole lines, from its line
    /// writers): straight to stderr, or through the scrubbing capture once there are secrets.
    static func predictorWrote(_ text: String, source: String, writer: Int) {
        (scrubbing?.capture ?? unscrubbed).write(text, source: source, writer: writer)
    }

    /// Orders Python's writes (and ends unfinished lines) before there are secrets to scrub;
    /// fds 1 and 2 still reach stderr directly then.
    private static let unscrubbed = OutputCapture(capturesDescriptors: false) { text, _ in write(text, to: STDERR_FILENO) }

    /// From now on, everything the predictor prints passes through `scrubber` before it reaches
    /// stderr (fds 1 and 2 become one pipe, read in order with what Python writes).
    static func scrubPredictorOutput(with scrubber: SecretScrubber) {
        guard scrubbing == nil, !scrubber.isEmpty else { return }
        let realStderr = dup(STDERR_FILENO)
        _ = fcntl(realStderr, F_SETFD, FD_CLOEXEC)
        let streams = ["stdout": StreamingScrubber(scrubber), "stderr": StreamingScrubber(scrubber)]
        let capture = OutputCapture { text, source in
            write(streams[source]?.feed(text) ?? scrubber.scrub(text), to: realStderr)
        }
        scrubbing = Scrubbing(scrubber: scrubber, stderr: realStderr, capture: capture, streams: streams)
    }

    /// Waits for the predictor's last output and writes what the scrubbers held back.
    static func finishScrubbing() {
        guard let scrubbing else { return }
        scrubbing.capture.drain()
        for stream in scrubbing.streams.values { write(stream.finish(), to: scrubbing.stderr) }
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
