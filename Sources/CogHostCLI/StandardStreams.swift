// Keeps stdout for results only: whatever the predictor prints goes to stderr.
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

    /// Writes a message line to stderr.
    static func writeError(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: STDERR_FILENO)
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
