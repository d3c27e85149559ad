// The libpython a process embeds, loaded at run time (dlopen) rather than linked.
@preconcurrency import CPython
import Foundation
import Synchronization

/// One installed CPython's shared library and the prefix its standard library lives under.
public struct PythonLibrary: Sendable, Equatable, CustomStringConvertible {
    /// `…/lib/libpython3.12.so.1.0`.
    public var path: String
    /// The installation's prefix (`sys.base_prefix`): `<home>/lib/python3.12` is its stdlib.
    public var home: String
    /// The `major.minor` the library is expected to be; `load` checks it against the library's own.
    public var version: PythonVersion

    public init(path: String, home: String, version: PythonVersion) {
        self.path = path
        self.home = home
        self.version = version
    }

    public var description: String { "Python \(version) (\(path))" }

    /// The minor versions of CPython 3 this build knows the interpreter configuration of.
    public static let supportedVersions = PythonConfigLayout.supportedMinorVersions.map { PythonVersion(major: 3, minor: $0) }

    private static let loaded = Mutex<PythonLibrary?>(nil)

    /// The library loaded in this process, if any.
    public static var current: PythonLibrary? { loaded.withLock { $0 } }

    /// Loads the library into this process and resolves every function cog-host calls. Once per
    /// process: loading the same library again is a no-op, another one fails.
    public static func load(_ library: PythonLibrary) throws(PythonStartError) {
        guard PythonConfigLayout.forVersion(library.version) != nil else {
            throw .unsupportedVersion(library.version, path: library.path)
        }
        let result: Result<Void, PythonStartError> = loaded.withLock { current in
            if let current {
                return current == library ? .success(()) : .failure(.anotherLibraryLoaded(current, requested: library))
            }
            var message = [CChar](repeating: 0, count: 1024)
            guard cpy_library_load(library.path, &message, message.count) == 1 else {
                return .failure(.libraryNotLoadable(path: library.path, reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
            }
            let actual = String(cString: Py_GetVersion())
            guard let found = PythonVersion(leadingDigitsOf: actual), found == library.version else {
                // The library loaded but is another version than its name and installation said:
                // its configuration layout would be wrong, so nothing of it may be called.
                return .failure(.libraryVersionMismatch(path: library.path, expected: library.version, found: actual))
            }
            current = library
            return .success(())
        }
        try result.get()
    }
}

extension PythonVersion {
    /// `3.12` from `"3.12.1 (main, …)"` or `"3.12"`.
    public init?(leadingDigitsOf text: some StringProtocol) {
        let numbers = text.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        self.init(major: numbers[0], minor: numbers[1])
    }
}
