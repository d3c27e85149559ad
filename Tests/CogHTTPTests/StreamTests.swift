// Server-sent events: the event sequence, 406 refusals, replay truncation, disconnect cancels.
import CogCore
@testable import CogHTTP
import Foundation
import NIOCore
import NIOPosix
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct StreamTests {
    static let streamingInterface = PredictorInterface(
        method: .run, kind: .class, isGenerator: true, isStreaming: true,
        inputs: [InputParameter(name: "text", order: 0, type: .string, declaredDefault: nil)],
        output: .iterator(.string, concatenate: false, isAsync: false))

    static let script: FakeScript = { _, progress, _ in
        progress(.log(text: "loading\n", source: "stdout"))
        progress(.metric(name: "tokens", value: .int(1), mode: "increment"))
        progress(.output(.json(.string("a"))))
        progress(.output(.json(.string("b"))))
        return .succeeded(output: .array([.json(.string("a")), .json(.string("b"))]), metrics: ["tokens": .int(1)])
    }

    @Test func eventSequence() async throws {
        let backend = FakeBackend(predict: Self.streamingInterface, script: Self.script)
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"id":"s1","input":{"text":"x"}}"#, headers: [("Accept", "application/json, text/event-stream")])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            #expect(response.headers[.cacheControl] == "no-cache")
            let text = response.textWithoutPredictTime
            #expect(text == """
                event: start\ndata: {"id":"s1","status":"processing"}\n\n\
                event: log\ndata: {"data":"loading\\n","source":"stdout"}\n\n\
                event: metric\ndata: {"mode":"increment","name":"tokens","value":1}\n\n\
                event: output\ndata: {"chunk":"a","index":0}\n\n\
                event: output\ndata: {"chunk":"b","index":1}\n\n\
                event: completed\ndata: {"id":"s1","logs":"loading\\n","metrics":{"predict_time":T,"tokens":1},"output":["a","b"],"status":"succeeded"}\n\n
                """)
        }
    }

    @Test func refusedWithoutStreamingAndOnTrainings() async throws {
        let backend = FakeBackend(train: FakeBackend.textInterface)
        try await makeServer(backend).makeApplication().test(.router) { client in
            let refused = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#, headers: [("Accept", "text/event-stream")])
            #expect(refused.status == .notAcceptable)
            #expect(refused.text == #"{"error":"This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE."}"#)
            for (method, uri) in [(HTTPRequest.Method.post, "/trainings"), (.put, "/trainings/t1")] {
                let training = try await client.send(uri, method: method, json: #"{"input":{"text":"x"}}"#, headers: [("Accept", "text/event-stream")])
                #expect(training.status == .notAcceptable)
                #expect(training.text == #"{"error":"Training endpoints do not support streaming responses."}"#)
            }
            #expect(await backend.jobs.isEmpty)
        }
    }

    @Test func attachReplaysAndTruncationError() async throws {
        let backend = FakeBackend(predict: Self.streamingInterface, script: { job, progress, backend in
            for index in 0..<3 { progress(.output(.json(.int(index)))) }
            await backend.waitForCancel(job.id)
            return .canceled(metrics: [:])
        })
        let server = makeServer(backend) { $0.streamHistoryCapacity = 2 }
        try await server.makeApplication().test(.router) { client in
            try await client.send("/predictions", json: #"{"id":"r1","input":{"text":"x"}}"#, headers: [("Prefer", "respond-async")])
            // All three outputs are in (two of them dropped from the history of two).
            try await eventually { await server.registry.run(withID: "r1")?.snapshot().output == .array([.int(0), .int(1), .int(2)]) }
            let attached = try await client.send("/predictions/r1", method: .put, json: "{}", headers: [("Accept", "text/event-stream")])
            #expect(attached.text == "event: error\ndata: {\"error\":\"SSE stream replay truncated; events were dropped\",\"skipped\":2}\n\n")
            try await client.execute(uri: "/predictions/r1/cancel", method: .post)
        }
    }

    @Test func disconnectCancelsAnSSECreatedPrediction() async throws {
        let backend = FakeBackend(predict: Self.streamingInterface, script: { job, progress, backend in
            progress(.output(.json(.string("first"))))
            await backend.waitForCancel(job.id)
            return .canceled(metrics: [:])
        })
        let server = makeServer(backend)
        try await server.makeApplication().test(.live) { client in
            guard let port = client.port else { return }
            // The connection closes while the backend runs the prediction, which ends canceled.
            try await Self.openAndDrop(port: port, id: "d1", accept: "text/event-stream") { await backend.isRunning("d1") }
            try await eventually { await server.registry.wasRecentlyCanceled("d1") }
            // A sync client that goes away cancels its prediction too.
            try await Self.openAndDrop(port: port, id: "d2", accept: "application/json") { await backend.isRunning("d2") }
            try await eventually { await server.registry.wasRecentlyCanceled("d2") }
            let (running1, running2) = (await backend.isRunning("d1"), await backend.isRunning("d2"))
            #expect(!running1 && !running2)
        }
    }

    /// Sends a prediction request over a plain TCP connection, waits until `received`, then closes it.
    static func openAndDrop(port: Int, id: String, accept: String, once received: @Sendable () async -> Bool) async throws {
        let body = #"{"id":"\#(id)","input":{"text":"x"}}"#
        let request = "POST /predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: \(accept)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "localhost", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        try await eventually(received)
        try await channel.close().get()
    }
}
