// The host's Python helpers a prediction calls, looked up once rather than on every call.
import PythonRuntime

/// Functions and types of `cog_host` and `cog` that every prediction uses, resolved when the
/// predictor is loaded (under the GIL); only used under the GIL.
struct HostHelpers {
    /// `cog_host.invoke`.
    let invoke: PythonObject
    /// `cog_host.files.prepare`, `.cleanup` and `.InputFileError`.
    let prepareFiles: PythonObject
    let cleanupFiles: PythonObject
    let inputFileError: PythonObject
    /// `cog._scope._enter_scope` and `._exit_scope`.
    let enterScope: PythonObject
    let exitScope: PythonObject
    /// `cog_host.invoke.normalize_output`, and the sentinel its iterator helpers return at the end.
    let normalizeOutput: PythonObject
    let endOfIteration: PythonObject
    /// `cog.CancelationException`.
    let cancelation: PythonObject
    /// `cog_host.cancel.take_interrupt`: whether a real SIGINT arrived since the last call.
    let takeInterrupt: PythonObject
    /// `cog_host.streams.finish`: hands over the partial lines a prediction left behind.
    let finishStreams: PythonObject
    let encoder: OutputEncoder

    init() throws {
        invoke = try PythonObject.importModule("cog_host.invoke")
        let files = try PythonObject.importModule("cog_host.files")
        prepareFiles = try files.attribute("prepare")
        cleanupFiles = try files.attribute("cleanup")
        inputFileError = try files.attribute("InputFileError")
        let scope = try PythonObject.importModule("cog._scope")
        enterScope = try scope.attribute("_enter_scope")
        exitScope = try scope.attribute("_exit_scope")
        normalizeOutput = try invoke.attribute("normalize_output")
        endOfIteration = try invoke.attribute("_DONE")
        cancelation = try PythonObject.importModule("cog").attribute("CancelationException")
        let cancel = try PythonObject.importModule("cog_host.cancel")
        _ = try cancel.callMethod("watch_interrupts")
        takeInterrupt = try cancel.attribute("take_interrupt")
        finishStreams = try PythonObject.importModule("cog_host.streams").attribute("finish")
        encoder = OutputEncoder(outputFileType: try files.attribute("OutputFile"))
    }
}
