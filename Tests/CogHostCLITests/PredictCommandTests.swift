// End to end: `cog-host run|predict|train` on real predictor files, through the built binary.
import Foundation
import Testing

@Suite struct PredictCommandTests {
    let helloSecret = CogHostProcess.fixtures + "/hello_secret"

    @Test func runsAPredictionAndRedactsThePrintedSecret() throws {
        let result = try CogHostProcess.run(["run", "-i", "text=world", "-i", "api_token=abc123xyz"], in: helloSecret)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello world (9-char token)\n")
        #expect(result.stderr.contains("setup done"))
        #expect(result.stderr.contains("using token **********"))
        #expect(result.stderr.contains("repr: Secret(**********)"))
        #expect(!result.stderr.contains("abc123xyz"))
        #expect(!result.stderr.contains("deprecated"))
    }

    @Test func predictionIsTheDefaultCommand() throws {
        let result = try CogHostProcess.run(["predict.py", "-i", "text=a", "-i", "api_token=t"], in: helloSecret)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello a (1-char token)\n")
        #expect(!result.stderr.contains("deprecated"))
    }

    @Test func explicitPredictWarnsLikeCog() throws {
        let result = try CogHostProcess.run(["predict", "-i", "text=a", "-i", "api_token=t"], in: helloSecret)
        #expect(result.status == 0)
        #expect(result.stderr.contains("\"cog predict\" is deprecated, use \"cog run\""))
    }

    @Test func cliErrorsMatchCogAndComeBeforeSetup() throws {
        let project = try CogHostProcess.project([
            "cog.yaml": "run: \"predict.py:Runner\"\n",
            "predict.py": """
            from typing import Optional
            from cog import BaseRunner, Input

            class Runner(BaseRunner):
                def setup(self):
                    print("SETUP RAN")

                def run(
                    self,
                    prompt: str,
                    count: int = Input(default=5, ge=1, le=10),
                    size: str = Input(default="small", choices=["small", "medium", "large"]),
                    title: str = Input(default="ok", max_length=5),
                    slug: str = Input(default="ok", regex="^[a-z]+$"),
                    note: Optional[str] = Input(default=None),
                ) -> str:
                    return prompt
            """,
        ])
        let cases: [([String], String)] = [
            (["-i", "prompt=hi", "-i", "nope=1"], "unknown input \"nope\"; valid inputs are: count, note, prompt, size, slug, title"),
            (["--json", "{\"prompt\": \"hi\", \"nope\": 1}"], "unknown input \"nope\""),
            ([], "missing required input \"prompt\""),
            (["-i", "prompt=hi", "-i", "count=0"], "invalid input \"count\": number must be at least 1"),
            (["-i", "prompt=hi", "-i", "count=99"], "invalid input \"count\": number must be at most 10"),
            (["-i", "prompt=hi", "-i", "count=lots"], "invalid input \"count\": expected integer, got string"),
            (["-i", "prompt=hi", "-i", "size=huge"], "invalid input \"size\": must be one of: small, medium, large"),
            (["-i", "prompt=hi", "-i", "title=toolong"], "invalid input \"title\": maximum string length is 5"),
            (["-i", "prompt=hi", "-i", "slug=BAD"], "invalid input \"slug\": string doesn't match the regular expression \"^[a-z]+$\""),
            (["--json", "{\"prompt\": \"hi\", \"note\": null}"], "invalid input \"note\": must not be null (omit the input to use its default)"),
            (["-i", "count=0", "-i", "size=huge"], "input validation failed:\n- missing required input \"prompt\"\n- invalid input \"count\": number must be at least 1\n- invalid input \"size\": must be one of: small, medium, large"),
            (["-i", "prompt"], "Failed to parse input 'prompt', expected format is 'name=value'"),
            (["-i", "prompt=hi", "--json", "{}"], "Must use one of --json or --input to provide model inputs"),
            (["prompt=hi"], "Invalid image name 'prompt=hi'. Did you forget `-i`?"),
            (["-i", "prompt=@missing.txt"], "input \"prompt\": failed to read file \"missing.txt\""),
        ]
        for (arguments, message) in cases {
            let result = try CogHostProcess.run(["run"] + arguments, in: project)
            #expect(result.status == 1, "\(arguments): exit \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("SETUP RAN"), "\(arguments) ran setup")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func raisingPredictorFailsWithTypeAndMessage() throws {
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "s=x"], in: CogHostProcess.fixtures + "/raising_predict")
        #expect(result.status == 1)
        #expect(result.stderr.contains("about to fail"))
        #expect(result.stderr.contains("Traceback (most recent call last):"))
        #expect(result.stderr.contains("Prediction failed with status \"failed\": Prediction failed: Prediction failed: ValueError: boom: x"))
        #expect(result.stdout.isEmpty)
    }

    @Test func raisingSetupSaysSetupFailed() throws {
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "s=x"], in: CogHostProcess.fixtures + "/raising_setup")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Model setup failed: RuntimeError: weights missing"))
    }

    @Test func predictorsCogWouldRejectAreNamed() throws {
        let project = try CogHostProcess.project(["predict.py": "class Predictor:\n    def setup(self):\n        pass\n"])
        let result = try CogHostProcess.run(["run", "predict.py"], in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("predict.py"))
        #expect(result.stderr.contains("run or predict method not found"))
        let missing = try CogHostProcess.run(["run"], in: project)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cog.yaml not found"))
    }

    @Test func outputsPrintLikeCog() throws {
        let directory = CogHostProcess.fixtures + "/outputs"
        let expectations: [(String, String)] = [
            ("int", "42\n"), ("float", "2.5\n"), ("whole_float", "20\n"), ("bool", "true\n"),
            ("list", "[\n  1,\n  \"two\",\n  3\n]\n"), ("dict", "{\n  \"a\": \"\\u003cx\\u003e\",\n  \"b\": 1\n}\n"),
        ]
        for (kind, expected) in expectations {
            let result = try CogHostProcess.run(["run", "predict.py", "-i", "kind=\(kind)"], in: directory)
            #expect(result.status == 0, "\(kind): \(result.stderr)")
            #expect(result.stdout == expected, "\(kind)")
        }
        let none = try CogHostProcess.run(["run", "predict.py", "-i", "kind=none"], in: directory)
        #expect(none.status == 0)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("No output generated"))
    }

    @Test func jsonModeAndOutputFiles() throws {
        let project = try CogHostProcess.project([
            "cog.yaml": "predict: \"predict.py:Predictor\"\n",
            "predict.py": "from cog import BasePredictor\n\nclass Predictor(BasePredictor):\n    def predict(self, flag: bool, s: str = 'x') -> bool:\n        return not flag\n",
            "inputs.json": "{\"flag\": false}",
        ])
        let inline = try CogHostProcess.run(["run", "--json", "{\"flag\": true}"], in: project)
        #expect(inline.status == 0, "\(inline.stderr)")
        #expect(inline.stdout.hasPrefix("{\n  \"status\": \"succeeded\",\n  \"output\": false,\n  \"error\": \"\",\n  \"metrics\": {\n    \"predict_time\": "))
        let fromFile = try CogHostProcess.run(["run", "--json", "@inputs.json"], in: project)
        #expect(fromFile.stdout.contains("\"output\": true"))
        let fromStdin = try CogHostProcess.run(["run", "--json", "@-"], in: project, stdin: "{\"flag\": true}")
        #expect(fromStdin.stdout.contains("\"output\": false"))
        let toFile = try CogHostProcess.run(["run", "-i", "flag=true", "-o", "result.txt"], in: project)
        #expect(toFile.status == 0)
        #expect(toFile.stdout.isEmpty)
        #expect(toFile.stderr.contains("Written output to: result.txt"))
        #expect(try String(contentsOfFile: project + "/result.txt", encoding: .utf8) == "false")
    }

    @Test func functionPredictorsFromCogYAMLAndTraining() throws {
        let project = try CogHostProcess.project([
            "cog.yaml": "predict: \"predict.py:run\"\ntrain: \"train.py:train\"\nenvironment:\n  - GREETING=hey\n",
            "predict.py": "import os\nfrom cog import Input\n\ndef run(prompt: str = Input()) -> str:\n    return f\"{os.environ['GREETING']} {prompt.upper()}\"\n",
            "train.py": "from cog import BaseModel, Input\n\nclass TrainingOutput(BaseModel):\n    weights: str\n\ndef train(epochs: int = Input(ge=1)) -> TrainingOutput:\n    return TrainingOutput(weights=f\"trained {epochs}\")\n",
        ])
        let predicted = try CogHostProcess.run(["run", "-i", "prompt=world"], in: project)
        #expect(predicted.stdout == "hey WORLD\n", "\(predicted.stderr)")
        let trained = try CogHostProcess.run(["train", "-i", "epochs=3"], in: project)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stderr.contains("Command \"train\" is deprecated"))
        #expect(try String(contentsOfFile: project + "/weights", encoding: .utf8) == "{\n  \"weights\": \"trained 3\"\n}")
        let invalid = try CogHostProcess.run(["train", "-i", "epochs=0"], in: project)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("invalid input \"epochs\": number must be at least 1"))
    }
}

@Suite struct ExampleTests {
    @Test func readmeRunCommandPrintsTheTranslation() throws {
        let result = try CogHostProcess.run(
            ["examples/translate/predict.py", "-i", "text=Hello world", "-i", "api_token=demo-token"],
            in: CogHostProcess.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Bonjour monde\n")
        #expect(result.stderr.contains("with token **********"))
        #expect(!result.stderr.contains("demo-token"))
    }

    @Test func wrongTokenIsRefusedByTheService() throws {
        let result = try CogHostProcess.run(
            ["run", "predict.py", "-i", "text=Hello", "-i", "api_token=not-the-token"],
            in: CogHostProcess.repositoryRoot + "/examples/translate")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Prediction failed with status \"failed\": Prediction failed: Prediction failed: RuntimeError: the translation service refused the request (HTTP 401)"))
        #expect(!result.stderr.contains("not-the-token"))
    }
}
