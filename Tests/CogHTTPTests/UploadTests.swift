// File outputs: PUT to --upload-url (Location minus query), data URLs otherwise, upload failures.
import CogCore
@testable import CogHTTP
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct UploadTests {
    static func file(_ name: String, _ content: String, type: String = "text/plain", temporary: Bool = false) throws -> OutputFile {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coghttp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        return OutputFile(path: url.path, contentType: type, isTemporary: temporary)
    }

    @Test func uploadsTopLevelFilesAndInlinesNestedOnes() async throws {
        let out = try Self.file("out.txt", "hello")
        let second = try Self.file("b.txt", "bee", temporary: true)
        let nested = try Self.file("n.json", "{}", type: "application/json")
        let receiver = Receiver(statuses: [.created, .created]) { request, port in
            var headers = HTTPFields()
            headers[.location] = "http://127.0.0.1:\(port)/files\(request.path)?sig=abc"
            return headers
        }
        let backend = FakeBackend(script: { _, progress, _ in
            progress(.output(.file(out)))
            progress(.output(.file(second)))
            let final = OutputValue.array([.file(out), .file(second), .object(["p": .file(nested)])])
            return .succeeded(output: final, metrics: [:])
        })
        try await withReceiver(receiver) { port in
            let server = makeServer(backend) { $0.uploadURL = "http://127.0.0.1:\(port)/upload" }
            try await server.makeApplication().test(.router) { client in
                let response = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#)
                #expect(response.json?["status"] == .string("succeeded"))
                #expect(response.json?["output"] == .array([
                    .string("http://127.0.0.1:\(port)/files/upload/out.txt"),
                    .string("http://127.0.0.1:\(port)/files/upload/b.txt"),
                    .object(["p": .string("data:application/json;base64,e30=")]),
                ]))
            }
        }
        let requests = await receiver.requests
        #expect(requests.map(\.path) == ["/upload/out.txt", "/upload/b.txt"])
        #expect(requests.first?.method == .put)
        #expect(requests.first?.body == "hello")
        #expect(requests.first?.headers[.contentType] == "text/plain")
        #expect(!FileManager.default.fileExists(atPath: second.path))
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    @Test func dataURLsWithoutUploadURL() async throws {
        let out = try Self.file("out.txt", "hello")
        let backend = FakeBackend(script: { _, _, _ in .succeeded(output: .file(out), metrics: [:]) })
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#)
            #expect(response.json?["output"] == .string("data:text/plain;base64,aGVsbG8="))
        }
    }

    @Test func uploadFailureFailsThePrediction() async throws {
        let out = try Self.file("out.txt", "hello")
        let receiver = Receiver(statuses: [.internalServerError])
        let backend = FakeBackend(script: { _, _, _ in .succeeded(output: .file(out), metrics: [:]) })
        try await withReceiver(receiver) { port in
            let server = makeServer(backend) { $0.uploadURL = "http://127.0.0.1:\(port)/upload/" }
            try await server.makeApplication().test(.router) { client in
                let response = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#)
                #expect(response.json?["status"] == .string("failed"))
                #expect(response.json?["error"] == .string("Failed to upload output: upload returned status 500 Internal Server Error"))
            }
        }
        let unreachable = makeServer(backend) { $0.uploadURL = "http://127.0.0.1:9/upload" }
        try await unreachable.makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#)
            #expect(response.json?["error"] == .string("Failed to upload output: upload request failed: error sending request"))
        }
    }
}
