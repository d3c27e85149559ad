// The worker protocol's framing: round trips (binary and JSON), clean end of stream, refusing corrupt frames.
import CogCore
import CogWorkerProtocol
import Foundation
import Testing

@Suite struct FrameChannelTests {
    func pair() -> (FrameChannel, FrameChannel) {
        var descriptors: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &descriptors)
        return (FrameChannel(descriptor: descriptors[0]), FrameChannel(descriptor: descriptors[1]))
    }

    @Test func messagesRoundTripInOrder() throws {
        let (server, worker) = pair()
        defer { server.close() }
        let job = PredictionJob(id: "p1", input: ["s": .string("héllo"), "n": .int(3), "none": .null], context: ["k": "v"])
        try server.send(WorkerRequest.run(job))
        try server.send(WorkerRequest.cancel(id: "p1"))
        #expect(try worker.receive(WorkerRequest.self) == .run(job))
        #expect(try worker.receive(WorkerRequest.self) == .cancel(id: "p1"))
        let outcome = PredictionOutcome.succeeded(output: .array([.json(.string("a")), .file(OutputFile(path: "/tmp/x.png", contentType: "image/png"))]), metrics: ["predict_time": .double(0.5)])
        try worker.send(WorkerEvent.done(id: "p1", outcome))
        #expect(try server.receive(WorkerEvent.self) == .done(id: "p1", outcome))
        worker.close()
        #expect(try server.receive(WorkerEvent.self) == nil)
    }

    @Test func largeFramesArriveWhole() throws {
        let (server, worker) = pair()
        defer { server.close(); worker.close() }
        let text = String(repeating: "x", count: 3 << 20)
        let sender = Thread { try? worker.send(WorkerEvent.log(text)) }
        sender.start()
        #expect(try server.receive(WorkerEvent.self) == .log(text))
    }

    @Test func aCorruptLengthIsRefused() throws {
        let (server, worker) = pair()
        defer { server.close(); worker.close() }
        var header: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        _ = write(worker.descriptor, &header, 4)
        #expect(throws: FrameChannel.ChannelError.frameTooLarge(Int(UInt32.max))) { try server.receive(WorkerEvent.self) }
    }

    @Test func everyBinaryMessageShapeRoundTrips() throws {
        let (server, worker) = pair()
        defer { server.close(); worker.close() }
        let nested: JSONValue = .object(["a": .array([.int(-5), .double(1.5e-9), .bool(true), .bool(false), .null]), "b": .string("")])
        let job = PredictionJob(id: "j", input: ["deep": nested, "big": .int(Int.max)], context: [:], isTraining: true)
        let requests: [WorkerRequest] = [.run(job), .cancel(id: "j"), .healthcheck, .shutdown]
        for request in requests { try server.send(request) }
        for request in requests { #expect(try worker.receive(WorkerRequest.self) == request) }
        let error = PredictionFailure(typeName: "ValueError", message: "bad ✗", traceback: ["line 1\n", "line 2\n"], origin: .iteratorRaised)
        let events: [WorkerEvent] = [
            .progress(id: "j", .log(text: "hi\n", source: "stderr")),
            .progress(id: "j", .output(.object(["f": .file(OutputFile(path: "/tmp/o.txt", contentType: "text/plain", isTemporary: true)), "v": .json(nested)]))),
            .progress(id: "j", .metric(name: "m", value: .double(2), mode: "incr")),
            .done(id: "j", .failed(error, metrics: ["predict_time": .double(0.25)])),
            .done(id: "j", .canceled(metrics: [:])),
            .log("stray"),
            // Rare events stay JSON, on the same channel.
            .setupFinished(SetupReport(status: .succeeded)),
            .healthcheck(nil),
        ]
        for event in events { try worker.send(event) }
        for event in events { #expect(try server.receive(WorkerEvent.self) == event) }
    }

    @Test func aTruncatedBinaryFrameIsRefused() throws {
        let (server, worker) = pair()
        defer { server.close(); worker.close() }
        var frame: [UInt8] = [0, 0, 0, 3, 1, 5, 0x61]  // a progress event whose id claims 5 bytes
        _ = write(worker.descriptor, &frame, frame.count)
        #expect(throws: (any Error).self) { try server.receive(WorkerEvent.self) }
    }
}
