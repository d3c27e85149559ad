// Seals a job's Secret input values for the queue's workers, so the jobs table holds them only encrypted.
import Crypto
public import Foundation

/// Public-key sealing of Secret inputs (an ECIES-style box: X25519, HKDF-SHA256, ChaCha20-Poly1305).
///
/// Workers hold the private key (`--secret-key-file` / `COG_QUEUE_SECRET_KEY`) and publish its
/// public half in `cog_host.settings`; a submitter seals each job's Secret values with that
/// public key. The sealed box is bound to the job's id (it is part of the key derivation), so
/// it cannot be opened as another job's. Someone who can read the database sees the ciphertext
/// only; without a worker's private key it cannot be opened, not even by the submitter.
public struct SecretSealer: Sendable {
    /// The workers' key (nil on a submitter, which only seals).
    private let privateKey: Curve25519.KeyAgreement.PrivateKey?
    let publicKey: Curve25519.KeyAgreement.PublicKey

    static let prefix = "cogq1:"
    private static let info = "cog-host queue secret inputs v1"

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformedKey(String)
        case malformedBox
        case wrongKey
        case noPrivateKey

        public var description: String {
            switch self {
            case .malformedKey(let reason): return "the queue's secret key is not valid: \(reason)"
            case .malformedBox: return "the job's sealed Secret inputs are malformed"
            case .wrongKey: return "the job's Secret inputs were sealed for another key than this worker's (do all workers share one --secret-key-file?)"
            case .noPrivateKey: return "this process has no private key to open Secret inputs with"
            }
        }
    }

    /// A worker's sealer, from the base64 private key `queue keygen` printed.
    public init(privateKeyText: String) throws(Failure) {
        guard let data = Data(base64Encoded: privateKeyText.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw .malformedKey("expected 32 bytes in base64, as `cog-host queue keygen` prints")
        }
        do {
            let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)
            privateKey = key
            publicKey = key.publicKey
        } catch {
            throw .malformedKey("\(error)")
        }
    }

    /// A submitter's sealer, from the base64 public key the workers published.
    public init(publicKeyText: String) throws(Failure) {
        guard let data = Data(base64Encoded: publicKeyText), data.count == 32,
              let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: data) else {
            throw .malformedKey("the published public key is not 32 bytes in base64")
        }
        privateKey = nil
        publicKey = key
    }

    /// A new private key, base64.
    public static func generatePrivateKeyText() -> String {
        Curve25519.KeyAgreement.PrivateKey().rawRepresentation.base64EncodedString()
    }

    public var publicKeyText: String { publicKey.rawRepresentation.base64EncodedString() }

    /// Seals `plaintext` (the JSON object of a job's Secret values) for the workers.
    public func seal(_ plaintext: String, jobID: String) throws -> String {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let key = try Self.boxKey(ephemeral.sharedSecretFromKeyAgreement(with: publicKey),
                                  ephemeral: ephemeral.publicKey, recipient: publicKey, jobID: jobID)
        let box = try ChaChaPoly.seal(Data(plaintext.utf8), using: key)
        return Self.prefix + (ephemeral.publicKey.rawRepresentation + box.combined).base64EncodedString()
    }

    /// Opens a box `seal` made for this worker's key and this job.
    public func open(_ sealed: String, jobID: String) throws(Failure) -> String {
        guard let privateKey else { throw .noPrivateKey }
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))), data.count > 32 + 28 else {
            throw .malformedBox
        }
        do {
            let ephemeral = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: data.prefix(32))
            let key = try Self.boxKey(privateKey.sharedSecretFromKeyAgreement(with: ephemeral),
                                      ephemeral: ephemeral, recipient: publicKey, jobID: jobID)
            let plaintext = try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: data.dropFirst(32)), using: key)
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw .wrongKey
        }
    }

    private static func boxKey(_ shared: SharedSecret, ephemeral: Curve25519.KeyAgreement.PublicKey,
                               recipient: Curve25519.KeyAgreement.PublicKey, jobID: String) -> SymmetricKey {
        shared.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: ephemeral.rawRepresentation + recipient.rawRepresentation,
            sharedInfo: Data((info + "\n" + jobID).utf8), outputByteCount: 32)
    }
}
