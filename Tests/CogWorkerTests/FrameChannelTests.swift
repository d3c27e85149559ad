// The worker protocol's framing: round trips, clean end of stream, refusing corrupt lengths.
import CogCore
import CogWorker
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
}
