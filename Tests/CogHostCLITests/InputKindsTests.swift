// End to end: every kind of input Cog accepts, through `cog-host run`.
import Foundation
import Testing

@Suite struct InputKindsTests {
    @Test func pathInputsFromFilesAndURLsAreTemporaryFiles() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            from cog import BaseRunner, Path

            class Runner(BaseRunner):
                def run(self, path: Path) -> str:
                    assert isinstance(path, Path), type(path)
                    return f"{path.read_text().strip()}|{path.name}|{path}"
            """,
            "notes.txt": "from a file\n",
        ])
        let local = try CogHostProcess.run(["run", "predict.py", "-i", "path=@notes.txt"], in: project)
        #expect(local.status == 0, "\(local.stderr)")
        let parts = local.stdout.trimmingCharacters(in: .newlines).split(separator: "|").map(String.init)
        #expect(parts.first == "from a file")
        #expect(parts.count == 3 && parts[1].hasPrefix("tmp") && parts[1].hasSuffix("file.txt"))
        #expect(parts.count == 3 && !FileManager.default.fileExists(atPath: parts[2]), "temporary input file was not removed")

        let served = try CogHostProcess.project(["photo name.txt": "served over http\n"])
        let server = try LocalFileServer(serving: served)
        let remote = try CogHostProcess.run(["run", "predict.py", "-i", "path=\(server.url("photo%20name.txt"))"], in: project)
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stdout.hasPrefix("served over http|tmp"))
        #expect(remote.stdout.contains("photo name.txt|"))
    }

    @Test func failedDownloadNamesTheInputAndMasksCredentials() throws {
        let project = try CogHostProcess.project([
            "predict.py": "from cog import BaseRunner, Path\n\nclass Runner(BaseRunner):\n    def setup(self):\n        print('SETUP RAN')\n\n    def run(self, image: Path) -> str:\n        return 'unreachable'\n",
        ])
        let server = try LocalFileServer(serving: project)
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "image=\(server.url("missing.png", credentials: "user:hunter2"))"], in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("input \"image\": cannot download http://***@127.0.0.1:\(server.port)/missing.png: HTTP 404"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(!result.stderr.contains("SETUP RAN"))
    }

    @Test func fileInputsAndListsOfPaths() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            from typing import List
            from cog import BaseRunner, File, Path

            class Runner(BaseRunner):
                def run(self, doc: File, pages: List[Path]) -> str:
                    return doc.read().decode() + "+" + "+".join(p.read_text() for p in pages)
            """,
            "a.txt": "A", "b.txt": "B", "c.txt": "C",
        ])
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "doc=@a.txt", "-i", "pages=@b.txt", "-i", "pages=@c.txt"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "A+B+C\n")
    }

    @Test func listsDictsOptionalsUnionsAndLiterals() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            from __future__ import annotations

            from typing import Any, Literal, Optional, TypedDict

            from cog import BaseRunner, Input

            class Options(TypedDict):
                mode: str

            class Runner(BaseRunner):
                def run(
                    self,
                    counts: list[int],
                    tags: list[str] = Input(default=["x"]),
                    options: dict = Input(default={}),
                    extra: Optional[Any] = None,
                    typed: Optional[Options] = None,
                    value: str | int = 0,
                    maybe: Optional[float] = None,
                    color: Literal["red", "green"] = "red",
                    legacy: str = Input(default="a", deprecated=True),
                ) -> dict:
                    return {"sum": sum(counts), "tags": tags, "options": options, "typed": typed,
                            "value": [value, type(value).__name__], "maybe": maybe, "color": color}
            """,
        ])
        let result = try CogHostProcess.run(
            ["run", "predict.py", "-i", "counts=1", "-i", "counts=2", "-i", "tags=[\"a\",\"b\"]", "-i", "options={\"k\": 1}",
             "-i", "typed={\"mode\": \"fast\"}", "-i", "value=7", "-i", "color=green"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
        {
          "color": "green",
          "maybe": null,
          "options": {
            "k": 1
          },
          "sum": 3,
          "tags": [
            "a",
            "b"
          ],
          "typed": {
            "mode": "fast"
          },
          "value": [
            7,
            "int"
          ]
        }

        """)
        let text = try CogHostProcess.run(["run", "predict.py", "-i", "counts=[4]", "-i", "value=seven"], in: project)
        #expect(text.stdout.contains("\"seven\",\n    \"str\""), "\(text.stdout)\(text.stderr)")
        let badLiteral = try CogHostProcess.run(["run", "predict.py", "-i", "counts=1", "-i", "color=blue"], in: project)
        #expect(badLiteral.status == 1)
        #expect(badLiteral.stderr.contains("invalid input \"color\": must be one of: red, green"))
        let badItem = try CogHostProcess.run(["run", "predict.py", "-i", "counts=one"], in: project)
        #expect(badItem.status == 1)
        #expect(badItem.stderr.contains("invalid input \"counts.0\": expected integer, got string"), "\(badItem.stderr)")
    }

    @Test func unsupportedAnnotationsAreRejectedEarly() throws {
        let project = try CogHostProcess.project([
            "predict.py": "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def setup(self):\n        print('SETUP RAN')\n\n    def run(self, items: set[int]) -> str:\n        return ''\n",
        ])
        let result = try CogHostProcess.run(["run", "predict.py"], in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("predict.py"))
        #expect(result.stderr.contains("parameter 'items'"))
        #expect(result.stderr.contains("unsupported type"))
        #expect(!result.stderr.contains("SETUP RAN"))
    }
}
