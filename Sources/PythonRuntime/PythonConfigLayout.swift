// Where the fields cog-host sets live in PyConfig, for each supported CPython minor version.
//
// PyConfig is not part of the stable ABI: fields are added in every minor version, so one binary
// that serves several versions cannot use one struct declaration. The offsets below were read
// with offsetof() from each version's own cpython/initconfig.h on x86_64 Linux (LP64; aarch64
// has the same layout), and are checked at run time against the values PyConfig_InitPythonConfig
// writes (see `verify`): a wrong table fails the start with a message, never corrupts memory.
// Patch releases keep the layout (the 3.11 table holds for Debian's 3.11.2 and pyenv's 3.11.7).

import Foundation

struct PythonConfigLayout {
    /// sizeof(PyConfig).
    let size: Int
    let installSignalHandlers: Int
    let parseArguments: Int
    let configureCStdio: Int
    let bufferedStdio: Int
    /// Missing in 3.10 (safe_path is 3.11+, PEP 587's successor knob `-P`).
    let safePath: Int?
    let pathconfigWarnings: Int
    let programName: Int
    let home: Int

    static let supportedMinorVersions = [10, 11, 12, 13]

    static func forVersion(_ version: PythonVersion) -> PythonConfigLayout? {
        guard version.major == 3 else { return nil }
        switch version.minor {
        // 3.10
        case 10: return PythonConfigLayout(size: 392, installSignalHandlers: 16, parseArguments: 80, configureCStdio: 196, bufferedStdio: 200,
                                           safePath: nil, pathconfigWarnings: 232, programName: 240, home: 256)
        // 3.11: safe_path added; fields before it grew.
        case 11: return PythonConfigLayout(size: 424, installSignalHandlers: 16, parseArguments: 96, configureCStdio: 212, bufferedStdio: 216,
                                           safePath: 252, pathconfigWarnings: 256, programName: 264, home: 280)
        // 3.12
        case 12: return PythonConfigLayout(size: 432, installSignalHandlers: 16, parseArguments: 104, configureCStdio: 220, bufferedStdio: 224,
                                           safePath: 260, pathconfigWarnings: 268, programName: 272, home: 288)
        // 3.13
        case 13: return PythonConfigLayout(size: 448, installSignalHandlers: 16, parseArguments: 104, configureCStdio: 220, bufferedStdio: 224,
                                           safePath: 260, pathconfigWarnings: 272, programName: 280, home: 296)
        default: return nil
        }
    }

    /// Checks a freshly initialized (PyConfig_InitPythonConfig) config against the defaults that
    /// version documents: `_config_init` is 2 (the Python configuration), the flags cog-host
    /// changes are on, the strings unset. Returns what did not match.
    func verify(_ config: UnsafeMutableRawPointer) -> String? {
        var mismatches: [String] = []
        func expect(_ name: String, _ offset: Int, _ value: Int32) {
            let found = config.load(fromByteOffset: offset, as: Int32.self)
            if found != value { mismatches.append("\(name) = \(found), expected \(value)") }
        }
        expect("_config_init", 0, 2)
        expect("install_signal_handlers", installSignalHandlers, 1)
        expect("parse_argv", parseArguments, 1)
        expect("configure_c_stdio", configureCStdio, 1)
        expect("buffered_stdio", bufferedStdio, 1)
        expect("pathconfig_warnings", pathconfigWarnings, 1)
        if let safePath { expect("safe_path", safePath, 0) }
        if config.load(fromByteOffset: programName, as: UInt.self) != 0 { mismatches.append("program_name is set") }
        if config.load(fromByteOffset: home, as: UInt.self) != 0 { mismatches.append("home is set") }
        return mismatches.isEmpty ? nil : mismatches.joined(separator: ", ")
    }

    func setInt(_ config: UnsafeMutableRawPointer, _ offset: Int, _ value: Int32) {
        config.storeBytes(of: value, toByteOffset: offset, as: Int32.self)
    }

    /// The address of a `wchar_t *` field, for PyConfig_SetBytesString.
    func stringField(_ config: UnsafeMutableRawPointer, _ offset: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<wchar_t>?> {
        (config + offset).assumingMemoryBound(to: UnsafeMutablePointer<wchar_t>?.self)
    }
}
