// `cog-host queue submit`: enqueue one prediction, typed and validated as `cog-host predict` does, Secrets sealed.
import ArgumentParser
import CogCore
import CogQueue
import Foundation

struct QueueSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Enqueue a prediction; prints its id (or, with --wait, its result).",
        discussion: """
        Inputs are typed and checked against the interface the workers published, as `predict` \
        checks them. Secret inputs are stored masked ("**********"); their values are sealed for \
        the workers' key, so the table never holds them in clear. Give them as name=@env:VAR, \
        name=@- (stdin) or name=@path to keep them out of argv too.
        """)

    @OptionGroup var database: QueueDatabaseOptions

    @Option(name: [.short, .customLong("input")], help: ArgumentHelp("An input as name=value (as for predict: @file, @env:VAR, @-; repeat a name for a list).", valueName: "name=value"))
    var inputs: [String] = []
    @Option(help: ArgumentHelp("All inputs as one JSON object: inline, @file.json, or @- for stdin.", valueName: "json"))
    var json: String?
    @Option(help: "The job's id (default: a new pred_… id).") var id: String?
    @Option(help: "POST the prediction's state to this URL (as serve's webhooks).") var webhook: String?
    @Option(name: .customLong("webhook-events-filter"), parsing: .upToNextOption, help: "Which webhooks: start, output, logs, completed.")
    var webhookEvents: [String] = []
    @Flag(help: "Train (the predictor's train:) instead of predict.") var train = false
    @Flag(help: "Wait for the job to end and print its prediction document; exit 1 unless it succeeded.") var wait = false

    func run() throws {
        let command = self
        try BlockingAsync.run { try await command.submit() }
    }

    private func submit() async throws {
        let (inputs, json, webhook, webhookEvents, train, wait) = (inputs, json, webhook, webhookEvents, train, wait)
        let id = id ?? "pred_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let status = try await database.withStore { store -> QueueJobStatus? in
            guard let interfaceText = try await store.setting("interface"),
                  let interface = try? JSONDecoder().decode(PredictorInterface.self, from: Data(interfaceText.utf8)) else {
                throw CommandFailure("cog-host queue submit: no worker has published the predictor's interface yet: start `cog-host queue worker` once (it types and checks inputs, and says which are Secrets)")
            }
            let coercion = CLIInputCoercion(
                inputs: interface.inputs, workingDirectory: FileManager.default.currentDirectoryPath,
                environment: ProcessInfo.processInfo.environment, readSecretLine: { StandardStreams.readSecretLine() })
            let values: [String: JSONValue]
            do {
                let given = try json.map { try coercion.coerce(jsonDocument: try CLIInputCoercion.readJSONArgument($0)) } ?? coercion.coerce(flags: inputs)
                values = try InputValidator(inputs: interface.inputs).validate(given)
            } catch let error as InputValidationError {
                throw CommandFailure("cog-host queue submit: \(error)")
            }
            var secrets: [String: JSONValue] = [:]
            for parameter in interface.inputs where parameter.type.containsSecret {
                if let value = values[parameter.name], value != .null { secrets[parameter.name] = value }
            }
            var sealed: String?
            if !secrets.isEmpty {
                guard let publicKey = try await store.setting("public_key") else {
                    throw CommandFailure("cog-host queue submit: the queue has no sealing key: its workers run without --secret-key-file")
                }
                sealed = try SecretSealer(publicKeyText: publicKey).seal(JSONValue.object(JSONObject(secrets)).text(.serde), jobID: id)
            }
            let masked = interface.maskingSecrets(in: values)
            let submitted = try await store.submit(request: QueueSubmission(
                id: id, inputJSON: JSONValue.object(JSONObject(masked)).text(.serde), webhook: webhook,
                webhookEventsFilter: webhookEvents.isEmpty ? nil : webhookEvents, sealedSecrets: sealed, isTraining: train))
            guard wait else {
                StandardStreams.writeResult(submitted)
                return nil
            }
            return try await store.waitForEnd(id: submitted)
        }
        guard let status else { return }
        StandardStreams.writeResult(status.document)
        if status.state != .succeeded { throw ExitCode(1) }
    }
}
