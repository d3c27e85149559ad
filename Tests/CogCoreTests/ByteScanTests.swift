// The word-at-a-time scans agree with a byte-by-byte search at every offset, and the JSON
// quoting and secret scrubbing built on them agree with plain reference implementations.
import Foundation
import Testing

@testable import CogCore

@Suite struct ByteScanTests {
    /// Texts where the bytes of interest sit at every position of an eight-byte word, alone,
    /// together and at the edges, plus random mixes.
    static func samples() -> [[UInt8]] {
        let interesting: [UInt8] = [0x00, 0x1F, 0x20, 0x22, 0x26, 0x3C, 0x3E, 0x5C, 0x7F, 0x80, 0xE2, 0xFF, 0x21, 0x5B, 0x5D]
        var samples: [[UInt8]] = [[], Array("plain ascii text, long enough to need several words".utf8)]
        for length in 0..<20 {
            for byte in interesting {
                for position in 0..<max(1, length) where length > 0 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = byte
                    samples.append(bytes)
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let length = Int.random(in: 0..<70, using: &generator)
            samples.append((0..<length).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0x20...0x7E, using: &generator)
            })
        }
        return samples
    }

    @Test func stringBreaksAreFoundFromEveryOffset() {
        for sample in Self.samples() {
            sample.withUnsafeBufferPointer { buffer in
                for start in 0...buffer.count {
                    let expected = (start..<buffer.count).first { buffer[$0] == 0x22 || buffer[$0] == 0x5C || buffer[$0] < 0x20 } ?? buffer.count
                    #expect(ByteScan.firstJSONStringBreak(in: buffer, from: start) == expected, "\(sample) from \(start)")
                }
            }
        }
    }

    @Test func escapeCandidatesAreFoundFromEveryOffset() {
        for sample in Self.samples() {
            sample.withUnsafeBufferPointer { buffer in
                for htmlSafe in [true, false] {
                    for start in 0...buffer.count {
                        let expected = (start..<buffer.count).first { index in
                            let byte = buffer[index]
                            return byte < 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x5C || (htmlSafe && (byte == 0x3C || byte == 0x3E || byte == 0x26))
                        } ?? buffer.count
                        #expect(ByteScan.firstJSONEscapeCandidate(in: buffer, from: start, htmlSafe: htmlSafe) == expected, "\(sample) from \(start)")
                    }
                }
            }
        }
    }

    @Test func quotingMatchesFoundationsEncoderOnRandomText() throws {
        // JSONEncoder escapes `/` and never the HTML three; with htmlSafe off and no `/`, the
        // texts must be identical.
        let alphabet = Array("ab \"\\\t\n\r\u{01}\u{1F}<>&é漢😀\u{2028}") + ["x", "y", "z"]
        for length in 0..<40 {
            let text = String((0..<length).map { _ in alphabet.randomElement()! })
            let expected = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
                .replacingOccurrences(of: "\\u2028", with: "\u{2028}")
            #expect(JSONStringLiteral.quote(text, escapesHTML: false).lowercased() == expected.lowercased(), "\(text.debugDescription)")
        }
        #expect(JSONStringLiteral.quote(String(repeating: "x", count: 100_000), escapesHTML: true) == "\"" + String(repeating: "x", count: 100_000) + "\"")
    }

    @Test func scrubbingFindsEverySecretWhateverItsFirstBytes() {
        let secrets = ["token-abc-123", "b64-Secret/Value+=", "zzzzzzzz"]
        let scrubber = SecretScrubber(secrets: secrets)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var pieces: [String] = []
            var expectedPieces: [String] = []
            for _ in 0..<Int.random(in: 0..<8, using: &generator) {
                if Bool.random(using: &generator) {
                    pieces.append(secrets.randomElement(using: &generator)!)
                    expectedPieces.append(SecretScrubber.mask)
                } else {
                    // Filler made of the secrets' first bytes, so candidates abound.
                    let filler = String((0..<Int.random(in: 1..<12, using: &generator)).map { _ in "tbz-x ".randomElement(using: &generator)! })
                    pieces.append(filler)
                    expectedPieces.append(filler)
                }
            }
            let text = pieces.joined(separator: "|")
            #expect(scrubber.scrub(text) == expectedPieces.joined(separator: "|"), "\(text)")
        }
    }
}
