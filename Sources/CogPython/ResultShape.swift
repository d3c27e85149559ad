// How a started prediction's result comes: cog_host.wire's ResultShape, read into Swift.
import PythonRuntime

/// The first field of `invoke.start_predict`'s `Started(shape, result)`.
enum ResultShape: String {
    case value
    case iterator
    case asyncIterator = "async_iterator"

    struct Unknown: Error, CustomStringConvertible {
        let name: String
        var description: String { "invoke.start_predict gave an unknown result shape \(name)" }
    }

    /// Reads the shape's wire name. Must hold the GIL.
    init(reading object: PythonObject) throws {
        let name = try object.stringValue()
        guard let shape = ResultShape(rawValue: name) else { throw Unknown(name: name) }
        self = shape
    }
}
