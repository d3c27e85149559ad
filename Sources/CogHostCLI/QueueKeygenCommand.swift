// `cog-host queue keygen`: the workers' key for sealing Secret inputs.
import ArgumentParser
import CogQueue

struct QueueKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Print a new private key for the workers' --secret-key-file (its public half goes to stderr).",
        discussion: """
        Every worker of a queue gets the same key (a Kubernetes Secret, say). Workers publish the \
        public half in cog_host.settings; submitters seal Secret inputs with it. Whoever reads the \
        database sees only sealed values; opening them takes this key.
        """)

    func run() throws {
        let key = SecretSealer.generatePrivateKeyText()
        StandardStreams.writeResult(key)
        if let sealer = try? SecretSealer(privateKeyText: key) {
            StandardStreams.writeError("public key: \(sealer.publicKeyText)")
        }
    }
}
