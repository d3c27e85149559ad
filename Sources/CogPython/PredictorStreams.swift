// The predictor's sys.stdout and sys.stderr: line writers (cog_host.streams) that hand their
// text to the host through one native sink, in the order it was written.
import PythonRuntime

/// Installs `cog_host.streams` in the interpreter and delivers what the predictor writes to
/// `sys.stdout`/`sys.stderr` to a Swift closure: whole lines (a partial one on flush or at the
/// end of a prediction), the stream's name, and the writing thread's identity. The closure runs
/// on the writing thread, under the GIL, before `write` returns.
public enum PredictorStreams {
    /// Receives `(text, source, writer)`: source is "stdout" or "stderr", writer identifies the
    /// Python thread, so a consumer can tell one writer's unfinished line from another's.
    public typealias Delivery = @Sendable (_ text: String, _ source: String, _ writer: Int) -> Void

    final class Sink {
        let deliver: Delivery
        init(_ deliver: @escaping Delivery) { self.deliver = deliver }
    }

    /// Replaces sys.stdout and sys.stderr (once per process). Must not hold the GIL.
    public static func install(_ deliver: @escaping Delivery) throws {
        try Python.withGIL { () throws in
            let type = try NativeType.create(sinkDefinition())
            let sink = try type.instantiate(payload: Sink(deliver))
            _ = try PythonObject.importModule("cog_host.streams").attribute("install").call(sink)
        }
    }

    private static func sinkDefinition() -> NativeTypeDefinition {
        var definition = NativeTypeDefinition(
            qualifiedName: "cog_host._HostSink",
            documentation: "Where cog-host's sys.stdout and sys.stderr hand their text.",
            construct: { _, _ in throw PythonRaise(.typeError, "cog_host._HostSink cannot be created from Python") })
        definition.methods = [
            NativeMethod("emit", documentation: "emit(source, text, writer): text the predictor wrote.") { instance, arguments, _ in
                guard arguments.count == 3, let sink = instance.payload as? Sink else {
                    throw PythonRaise(.typeError, "emit() takes exactly 3 arguments")
                }
                let source = try arguments[0].stringValue()
                let text = try arguments[1].stringValue()
                sink.deliver(text, source, (try? arguments[2].intValue()) ?? 0)
                return .none
            },
        ]
        return definition
    }
}
