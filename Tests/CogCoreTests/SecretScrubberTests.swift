// Secret values and their encodings are replaced wherever the host emits text.
import CogCore
import Foundation
import Testing

@Suite struct SecretScrubberTests {
    let scrubber = SecretScrubber(secrets: ["hunter2-secret", "x"])

    @Test func rawAndEncodedFormsAreMasked() {
        #expect(scrubber.scrub("token=hunter2-secret!") == "token=**********!")
        #expect(scrubber.scrub(Data("hunter2-secret".utf8).base64EncodedString()) == "**********")
        let spaced = SecretScrubber(secrets: ["a b/c\"d"])
        #expect(spaced.scrub("url?t=a%20b%2Fc%22d") == "url?t=**********")
        #expect(spaced.scrub(#"{"t":"a b/c\"d"}"#) == #"{"t":"**********"}"#)
    }

    @Test func shortSecretsAreLeftAloneAndCounted() {
        #expect(scrubber.tooShort == 1)
        #expect(scrubber.scrub("x marks the spot") == "x marks the spot")
    }

    @Test func valuesOutcomesAndProgressAreScrubbed() {
        let outcome = PredictionOutcome.failed(
            PredictionFailure(typeName: "ValueError", message: "bad hunter2-secret", traceback: ["  token = 'hunter2-secret'\n"]),
            metrics: ["m": .string("hunter2-secret")])
        #expect(scrubber.scrub(outcome) == .failed(
            PredictionFailure(typeName: "ValueError", message: "bad **********", traceback: ["  token = '**********'\n"]),
            metrics: ["m": .string("**********")]))
        #expect(scrubber.scrub(OutputValue.array([.json(.string("hunter2-secret")), .object(["k": .json(.int(1))])]))
            == .array([.json(.string("**********")), .object(["k": .json(.int(1))])]))
    }

    @Test func aSecretSplitAcrossWritesIsStillCaught() {
        let stream = StreamingScrubber(scrubber)
        var emitted = stream.feed("start hunt")
        emitted += stream.feed("er2-sec")
        emitted += stream.feed("ret end\n")
        emitted += stream.finish()
        #expect(emitted == "start ********** end\n")
        #expect(!emitted.contains("hunter2"))
    }

    @Test func textWithoutSecretsPassesThroughUnheld() {
        let stream = StreamingScrubber(SecretScrubber(secrets: []))
        #expect(stream.feed("partial hun") == "partial hun")
    }

    @Test func multiByteSecretsAreMaskedWholeEvenWhenSplit() {
        let scrubber = SecretScrubber(secrets: ["пароль-ключ"])
        #expect(scrubber.scrub("a пароль-ключ b") == "a ********** b")
        let stream = StreamingScrubber(scrubber)
        var emitted = stream.feed("é пар")
        emitted += stream.feed("оль-ключ ü")
        emitted += stream.finish()
        #expect(emitted == "é ********** ü")
    }

    @Test func textThatMerelyStartsLikeASecretIsReleasedAtTheEnd() {
        let stream = StreamingScrubber(scrubber)
        #expect(stream.feed("a hunter") == "a ")
        #expect(stream.feed("2 was here\n") == "hunter2 was here\n")
        #expect(stream.finish() == "")
    }

    @Test func theScrubbersCopiesAreOverwrittenWhenItIsDropped() {
        let before = WipedBytes.wipeCount
        do {
            let scrubber = SecretScrubber(secrets: ["dropped-secret-1"])
            #expect(scrubber.scrub("dropped-secret-1") == "**********")
        }
        // The raw value and each of its distinct encodings was one buffer.
        #expect(WipedBytes.wipeCount - before >= 3)
    }
}
