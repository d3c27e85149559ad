// An exclusive advisory lock on a file (flock), held by one cog-host process at a time.
import Foundation

final class FileLock {
    private let descriptor: Int32

    init(path: String) throws(EnvironmentError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cache("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
    }

    /// Takes the lock if nobody holds it; false if somebody does.
    func tryLock() -> Bool { flock(descriptor, LOCK_EX | LOCK_NB) == 0 }

    /// Waits for the lock.
    func lock() {
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func unlock() { flock(descriptor, LOCK_UN) }

    deinit { close(descriptor) }
}
