# A predictor whose output is a large JSON document: what bench/json_output.py times printing.
from typing import Any, Dict


def _document(entries: int) -> Dict[str, Any]:
    # Real-looking output: nested objects and lists, floats and ints, text with escapes and
    # non-ASCII, keys that are not in sorted order.
    return {
        f"item-{index:05d}": {
            "score": index / 7.0,
            "rank": index,
            "label": f"caption {index}: «un café» <b>&</b> \"quoted\"\n",
            "box": [index * 0.5, index * 1.25, 3.0, 1e-7 * index],
            "ok": index % 2 == 0,
            "tags": ["a", "zeta", "ümlaut"],
        }
        for index in range(entries)
    }


class Runner:
    def setup(self) -> None:
        self.documents: Dict[int, Dict[str, Any]] = {}

    def run(self, entries: int = 20000) -> Dict[str, Any]:
        # Built once per size, so the timing is the host's encoding and printing, not Python's.
        if entries not in self.documents:
            self.documents[entries] = _document(entries)
        return self.documents[entries]
