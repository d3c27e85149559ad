// End to end: returned values become the JSON Cog 0.23.1's runtime makes of them, type by type,
// and the ones it cannot encode fail with its words (bench/differential compares them live).
import Foundation
import Testing

@Suite struct OutputEncodingTests {
    static let predictor = #"""
    import collections, dataclasses, datetime, enum, tempfile
    from decimal import Decimal
    from typing import Any, Iterator
    import numpy as np
    import pydantic
    from cog import BaseModel, BaseRunner, Path

    UTC = datetime.timezone.utc
    IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))

    class Flavor(str, enum.Enum):
        SWEET = "sweet"

    class Level(enum.IntEnum):
        HIGH = 3

    class Pair(enum.Enum):
        ORIGIN = (0, 0)

    class Inner(pydantic.BaseModel):
        tags: list[str]

    class Document(pydantic.BaseModel):
        name: str
        when: datetime.datetime
        inner: Inner

    class Caption(BaseModel):
        text: str
        when: datetime.datetime

    @dataclasses.dataclass
    class Span:
        start: datetime.datetime
        flavor: Flavor
        ids: set

    @dataclasses.dataclass
    class Track:
        spans: list

    class Plain:
        pass

    def write(name, content=b"RIFF"):
        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(content)
        return path

    VALUES = {
        "datetime": lambda: {"at": datetime.datetime(2024, 1, 2, 3, 4, 5, 678901)},
        "datetime_utc": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        "datetime_offset": lambda: [datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=IST)],
        "containers": lambda: {"set": {3}, "frozen": frozenset(["z"]), "tuple": (1, (2, 3)), "gen": (n for n in [4, 5])},
        "enums": lambda: {"str": Flavor.SWEET, "int": Level.HIGH, "tuple": Pair.ORIGIN},
        "keys": lambda: {2: "int", 2.5: "float", None: "none", True: "bool", "s": "str"},
        "pydantic": lambda: Document(name="Zoë", when=datetime.datetime(2024, 1, 2, tzinfo=UTC), inner=Inner(tags=["x"])),
        "cog_model": lambda: Caption(text="a dog", when=datetime.datetime(2024, 5, 17, 13, 45, 30)),
        "dataclasses": lambda: Track(spans=[Span(datetime.datetime(2024, 1, 2, tzinfo=UTC), Flavor.SWEET, {7})]),
        "numpy": lambda: {"i": np.int64(5), "f": np.float32(1.5), "a": np.array([[1, 2], [3, 4]])},
        "bytes": lambda: {"b": b"abc"},
        "date": lambda: {"d": datetime.date(2024, 1, 2)},
        "decimal": lambda: Decimal("1.10"),
        "object": lambda: Plain(),
        "tuple_key": lambda: {(1, 2): "a"},
        "bad_item": lambda: [1, b"x"],
        "dict_subclass": lambda: collections.OrderedDict(at=datetime.datetime(2024, 1, 2)),
        "missing_nested_file": lambda: {"p": Path("/nonexistent/cog-host-missing.png")},
        "wav": lambda: write("speech.wav"),
        "wav_nested": lambda: {"audio": write("speech.wav")},
    }

    class Runner(BaseRunner):
        def run(self, kind: str) -> Any:
            return VALUES[kind]()
    """#

    /// What Cog's runtime answered for each kind (measured with cog==0.23.1, coglet==0.23.1).
    static let succeeded: [(kind: String, output: String)] = [
        ("datetime", #"{"at": "2024-01-02T03:04:05.678901"}"#),
        ("datetime_utc", #""2024-01-02T03:04:05+00:00""#),
        ("datetime_offset", #"["2024-01-02T03:04:05.500000+05:30"]"#),
        ("containers", #"{"set": [3], "frozen": ["z"], "tuple": [1, [2, 3]], "gen": [4, 5]}"#),
        ("enums", #"{"str": "sweet", "int": 3, "tuple": [0, 0]}"#),
        ("keys", #"{"2": "int", "2.5": "float", "null": "none", "true": "bool", "s": "str"}"#),
        ("pydantic", #"{"name": "Zoë", "when": "2024-01-02T00:00:00+00:00", "inner": {"tags": ["x"]}}"#),
        ("cog_model", #"{"text": "a dog", "when": "2024-05-17T13:45:30"}"#),
        ("dataclasses", #"{"spans": [{"start": "2024-01-02T00:00:00+00:00", "flavor": "sweet", "ids": [7]}]}"#),
        ("numpy", #"{"i": 5, "f": 1.5, "a": [[1, 2], [3, 4]]}"#),
    ]

    static let failed: [(kind: String, error: String)] = [
        ("bytes", "Prediction failed: Failed to serialize output: TypeError: Object of type bytes is not JSON serializable"),
        ("date", "Prediction failed: Failed to serialize output: TypeError: Object of type date is not JSON serializable"),
        ("decimal", "Prediction failed: Failed to serialize output: TypeError: Object of type Decimal is not JSON serializable"),
        ("object", "Prediction failed: Failed to serialize output: TypeError: Object of type Plain is not JSON serializable"),
        ("tuple_key", "Prediction failed: Failed to serialize output: TypeError: keys must be str, int, float, bool or None, not tuple"),
        ("bad_item", "Prediction failed: Failed to serialize output item: TypeError: Object of type bytes is not JSON serializable"),
        ("dict_subclass", "Prediction failed: Failed to serialize output: TypeError: Object of type datetime is not JSON serializable"),
        ("missing_nested_file", "Prediction failed: Failed to process output: FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/cog-host-missing.png'"),
    ]

    static func canonical(_ json: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    static func project() throws -> (String, [String: String]) {
        let environment = ["VIRTUAL_ENV": try PythonPackageTests.testVenv()]
        return (try CogHostProcess.project(["predict.py": predictor, "cog.yaml": "run: predict.py:Runner\n"]), environment)
    }

    @Test(arguments: succeeded) func encodableValuesBecomeCogsJSON(_ kind: String, _ output: String) throws {
        let (project, environment) = try Self.project()
        let result = try CogHostProcess.run(["run", "--json", #"{"kind": "\#(kind)"}"#], in: project, environment: environment)
        #expect(result.status == 0, "\(kind): \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let expected = try JSONSerialization.jsonObject(with: Data(output.utf8), options: .fragmentsAllowed)
        #expect(try Self.canonical(document["output"] as Any) == Self.canonical(expected), "\(kind)")
    }

    @Test(arguments: failed) func unencodableValuesFailWithCogsWords(_ kind: String, _ error: String) throws {
        let (project, environment) = try Self.project()
        let result = try CogHostProcess.run(["run", "-i", "kind=\(kind)"], in: project, environment: environment)
        #expect(result.status == 1, "\(kind): \(result.stdout)")
        #expect(result.stderr.hasSuffix("Prediction failed with status \"failed\": \(error)\n"), "\(kind): \(result.stderr)")
    }

    @Test func fileOutputsAreTypedAsCogTypesThem() async throws {
        let (project, environment) = try Self.project()
        let server = try ServeProcess(project: project, environment: environment)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        // A file on its own gets the runtime's (mime_guess) type; one inside an object Python's.
        let (_, top) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"wav"}}"#)
        #expect(top.contains(#""output":"data:audio/wav;base64,UklGRg==""#), "\(top)")
        let (_, nested) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"wav_nested"}}"#)
        #expect(nested.contains(#""audio":"data:audio/x-wav;base64,UklGRg==""#), "\(nested)")
        let (_, bytes) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"bytes"}}"#)
        #expect(bytes.contains(#""error":"Prediction failed: Failed to serialize output: TypeError: Object of type bytes is not JSON serializable""#), "\(bytes)")
        #expect(bytes.contains(#""status":"failed""#))
    }

    @Test func plainDataclassesAreOutputTypes() throws {
        let project = try CogHostProcess.project(["predict.py": #"""
            import dataclasses
            from typing import Iterator
            from cog import BaseRunner

            @dataclasses.dataclass
            class Box:
                x: int
                label: str = "dog"

            class Runner(BaseRunner):
                def run(self, n: int = 2) -> Iterator[Box]:
                    for x in range(n):
                        yield Box(x)
            """#])
        let result = try CogHostProcess.run(["run", "predict.py:Runner", "--json", "{}"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""x": 1"#) && result.stdout.contains(#""label": "dog""#), "\(result.stdout)")
        let schema = try CogHostProcess.run(["schema", "predict.py:Runner"], in: project)
        #expect(schema.stdout.contains(#""label""#) && schema.stdout.contains(#""x-cog-array-type": "iterator""#), "\(schema.stdout)")
    }
}
