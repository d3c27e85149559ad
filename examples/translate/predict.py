"""A Cog predictor that calls an authenticated service with a Secret token.

It is the example from Cog's secrets documentation, made runnable offline: setup() starts a small
stand-in for the translation service on 127.0.0.1 (see standin_service.py), and run() calls it
with the token as a Bearer header, exactly as it would call a real HTTPS API.

    swift run cog-host examples/translate/predict.py -i text="Hello world" -i api_token=demo-token
"""

import json
import urllib.error
import urllib.request

from cog import BaseRunner, Input, Secret

import standin_service


class Runner(BaseRunner):
    def setup(self) -> None:
        self.service_url = standin_service.start()

    def run(
        self,
        text: str = Input(description="Text to process"),
        api_token: Secret = Input(description="API token for the translation service"),
    ) -> str:
        # Printing the Secret shows it redacted: "**********".
        print(f"Calling {self.service_url} with token {api_token}")
        request = urllib.request.Request(
            self.service_url + "/translate",
            data=json.dumps({"text": text}).encode(),
            headers={
                "Authorization": f"Bearer {api_token.get_secret_value()}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)["translated_text"]
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"the translation service refused the request (HTTP {error.code}); check api_token") from None
