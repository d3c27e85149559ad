# Drives the playground in Debian's headless Chromium (Selenium): fill, run, check output and that the secret left no trace.
#
#   python playground_test.py http://127.0.0.1:PORT [--screenshots DIR]
#
# Run by Tests/CogHostCLITests/PlaygroundBrowserTests.swift against `cog-host serve` on
# python/fixtures/playground. The secret comes from $PLAYGROUND_SECRET. Exits 0 when every
# check passed; otherwise prints what failed and exits 1.
import argparse
import json
import os
import struct
import sys
import tempfile
import time
import zlib

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
EXPECTED_ORDER = ["prompt", "api_key", "size", "palette", "texture", "tags", "seconds", "legacy_mode"]


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def tiny_png(path, width=3, height=2):
    """A small RGB PNG, written with zlib and struct only."""
    rows = b"".join(b"\x00" + b"".join(bytes([40 * x, 90, 200 - 30 * y]) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    with open(path, "wb") as file:
        file.write(data)
    return len(data)


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--hide-scrollbars", "--force-device-scale-factor=1", "--disable-extensions", "--no-first-run",
                     "--password-store=basic", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


class PlaygroundCheck:
    def __init__(self, driver, base, secret, screenshots):
        self.driver = driver
        self.base = base.rstrip("/")
        self.secret = secret
        self.screenshots = screenshots
        self.wait = WebDriverWait(driver, 30, poll_frequency=0.05)

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def element(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait_for(self, description, predicate, timeout=30):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: predicate())
        except TimeoutException:
            raise CheckFailed(f"timed out waiting for {description}; status={self.status()!r}; "
                              f"run error={self.text('#run-error')!r}; logs={self.text('#logs')!r}")

    def text(self, css):
        return self.js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css)

    def status(self):
        return self.text("#status")

    # MARK: The steps

    def root_links_to_the_playground(self):
        self.driver.get(self.base + "/")
        link = self.wait_for("the welcome page", lambda: self.driver.find_elements(By.ID, "playground-link"))[0]
        check(link.get_attribute("href") == self.base + "/playground", f"GET / links to {link.get_attribute('href')}")
        link.click()
        self.wait_for("the form", lambda: self.driver.find_elements(By.ID, "in-api_key"))
        check(self.driver.current_url == self.base + "/playground", f"playground URL is {self.driver.current_url}")
        self.history_length = self.js("return history.length")

    def form_follows_the_schema(self):
        order = self.js("return [...document.querySelectorAll('#fields > .field')].map(e => e.id.replace('field-', ''))")
        check(order == EXPECTED_ORDER, f"fields in x-order: {order}")
        kinds = self.js("return Object.fromEntries([...document.querySelectorAll('#fields > .field')].map(e => [e.id.slice(6), e.dataset.kind]))")
        check(kinds == {"prompt": "string", "api_key": "secret", "size": "integer", "palette": "enum", "texture": "file",
                        "tags": "array", "seconds": "number", "legacy_mode": "boolean"}, f"controls: {kinds}")
        check(self.element("#in-prompt").tag_name == "textarea", "strings are text areas")
        check(self.element("#in-prompt").get_attribute("value") == "a quiet evening", "the prompt default is filled in")
        size = self.element("#in-size")
        check((size.get_attribute("type"), size.get_attribute("min"), size.get_attribute("max"), size.get_attribute("value"))
              == ("number", "8", "256", "64"), "size is a number field with its bounds and default")
        palette = Select(self.element("#in-palette"))
        check([o.text for o in palette.options] == ["sunset", "ocean", "forest"], "palette choices")
        check(palette.first_selected_option.text == "sunset", "palette default")
        check(self.element("#in-texture").get_attribute("type") == "file", "texture is a file picker")
        check(self.js("return document.querySelector('#field-tags input').value") == "calm", "list default item")
        check(self.element("#in-seconds").get_attribute("step") == "any", "floats take any step")
        check(self.element("#in-legacy_mode").get_attribute("type") == "checkbox", "booleans are checkboxes")
        check(self.driver.find_elements(By.CSS_SELECTOR, "#field-api_key .required-mark"), "the secret is marked required")
        check(not self.driver.find_elements(By.CSS_SELECTOR, "#field-prompt .required-mark"), "prompt is not required")
        check(self.driver.find_elements(By.CSS_SELECTOR, "#field-legacy_mode .badge-deprecated"), "legacy_mode is marked deprecated")
        check("Width and height" in self.text("#help-size"), "descriptions are help text")
        unlabeled = self.js("""return [...document.querySelectorAll('#form input, #form select, #form textarea')]
            .filter(e => e.getAttribute('aria-hidden') !== 'true' && e.labels.length === 0 && !e.getAttribute('aria-label'))
            .map(e => e.id || e.name)""")
        check(unlabeled == [], f"every control has a label: {unlabeled}")

    def keyboard_reaches_every_input_in_order(self):
        from selenium.webdriver.common.action_chains import ActionChains
        self.element("#in-prompt").click()
        seen = ["in-prompt"]
        for _ in range(16):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            seen.append(self.js("return document.activeElement.id || document.activeElement.textContent.trim()"))
            if seen[-1] == "run":
                break
        expected = ["in-prompt", "in-api_key", "Show", "in-size", "in-palette", "in-texture", "calm", "Remove", "Add item",
                    "in-seconds", "in-legacy_mode", "run"]
        seen = [item if not item.startswith("in-tags-item") else "calm" for item in seen]
        check(seen == expected, f"Tab order: {seen}")
        outline = self.js("""const run = document.activeElement;
            return getComputedStyle(run).outlineStyle + ' ' + getComputedStyle(run).outlineWidth""")
        check(outline.startswith("solid"), f"a visible focus ring: {outline}")

    def secret_field_hides_and_shows(self):
        field = self.element("#in-api_key")
        check(field.get_attribute("type") == "password", "the secret is a password field")
        check(field.get_attribute("autocomplete") == "off", "no autocomplete on the secret")
        toggle = self.element("#field-api_key button[aria-controls='in-api_key']")
        toggle.click()
        check(field.get_attribute("type") == "text" and toggle.get_attribute("aria-pressed") == "true", "Show reveals the secret")
        toggle.send_keys(Keys.ENTER)
        check(field.get_attribute("type") == "password" and toggle.get_attribute("aria-pressed") == "false", "Hide masks it again")

    def out_of_bounds_number_is_shown_at_its_field(self):
        self.set_value("#in-size", "999")
        self.element("#in-api_key").send_keys(self.secret)
        self.element("#run").click()
        self.wait_for("the size error", lambda: self.js("return !document.getElementById('error-size').hidden"))
        message = self.text("#error-size")
        check("256" in message, f"the 422 message names the bound: {message!r}")
        check(self.element("#in-size").get_attribute("aria-invalid") == "true", "size is marked invalid")
        check(self.js("return document.activeElement.id") == "in-size", "focus moves to the invalid field")
        check(self.element("#in-api_key").get_attribute("value") == "", "the secret is cleared after the attempt")

    def run_with_a_file_and_a_secret(self, texture_path, texture_bytes):
        self.set_value("#in-size", "24")
        Select(self.element("#in-palette")).select_by_visible_text("ocean")
        self.set_value("#in-prompt", "a test picture")
        self.element("#in-texture").send_keys(texture_path)
        self.wait_for("the file's name", lambda: "tiny.png" in self.text("#field-texture .file-meta"))
        self.element("#in-api_key").send_keys(self.secret)
        # Keyboard only: Ctrl+Enter from a field runs the prediction.
        self.element("#in-prompt").send_keys(Keys.CONTROL, Keys.ENTER)
        self.wait_for("success", lambda: self.status() == "Succeeded")
        image = self.wait_for("the output image", lambda: self.driver.find_elements(By.CSS_SELECTOR, "#output img"))[0]
        src = image.get_attribute("src")
        check(src.startswith(("blob:", "data:image/png", "http")), f"output image src: {src[:40]}")
        self.wait_for("the image to decode", lambda: self.js("return arguments[0].complete && arguments[0].naturalWidth", image))
        check(self.js("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image) == [24, 24], "the image is 24×24")
        download = self.element("#output a[download]")
        check(download.get_attribute("download").endswith(".png"), f"download name: {download.get_attribute('download')}")
        output_text = self.text("#output")
        expected = f"a test picture (ocean, 24px, texture {texture_bytes} bytes, key {len(self.secret)} chars) calm"
        check(expected in output_text, f"caption {expected!r} in {output_text!r}")
        logs = self.text("#logs")
        check("authenticating with **********" in logs and "done" in logs, f"logs: {logs!r}")
        metrics = self.text("#metrics")
        check("pixels" in metrics and "576" in metrics and "predict_time" in metrics, f"metrics: {metrics!r}")
        check(self.text("#elapsed").endswith(" s"), "elapsed time shown")

    def failure_shows_its_error_and_logs(self):
        self.set_value("#in-prompt", "fail")
        self.element("#in-api_key").send_keys(self.secret)
        self.element("#run").click()
        self.wait_for("failure", lambda: self.status() == "Failed")
        error = self.text("#run-error")
        check("ValueError: asked to fail with key **********" in error, f"the error is shown: {error!r}")
        logs = self.text("#logs")
        check("authenticating with **********" in logs, f"a failed run keeps its logs: {logs!r}")
        self.set_value("#in-prompt", "a test picture")

    def secret_left_no_trace(self):
        secret = self.secret
        check(self.element("#in-api_key").get_attribute("value") == "", "the secret field is empty after the run")
        check(self.element("#in-api_key").get_attribute("type") == "password", "the secret field is masked again")
        check(secret not in self.js("return document.documentElement.outerHTML"), "secret in the DOM")
        values = self.js("return [...document.querySelectorAll('input, textarea, select')].map(e => e.value)")
        check(not any(secret in value for value in values), "secret in an input's value")
        check(secret not in self.driver.current_url, "secret in the URL")
        storage = self.js("""return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),
            document.cookie, window.name, history.state, location.href])""")
        check(secret not in storage, "secret in storage, cookies or history state")
        check(self.js("return localStorage.length + sessionStorage.length") == 0, "the page stores nothing")
        check(self.js("return history.length") == self.history_length, "the page added history entries")
        requests = self.js("return performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name))")
        check(not any(secret in url for url in requests), "secret in a request URL")
        check(all(url.startswith(self.base) or url.startswith("blob:") for url in requests), f"only this server was contacted: {requests}")

    def cancel_stops_a_long_run(self):
        self.set_value("#in-seconds", "20")
        self.element("#in-api_key").send_keys(self.secret)
        self.element("#run").click()
        self.wait_for("running", lambda: self.status() == "Running")
        # Logs arrive while it runs (polled from /playground/predictions/{id}).
        self.wait_for("live logs", lambda: "drawing a 24x24" in (self.text("#logs") or ""))
        self.element("#cancel").click()
        self.wait_for("canceled", lambda: self.status() == "Canceled", timeout=15)
        check(self.element("#in-api_key").get_attribute("value") == "", "the secret is cleared after a canceled run")
        check(self.secret not in self.js("return document.documentElement.outerHTML"), "secret in the DOM after cancel")
        self.set_value("#in-seconds", "0")

    def streamed_text_grows_live(self):
        self.driver.get(self.base + "/playground")
        self.wait_for("the streaming form", lambda: self.driver.find_elements(By.ID, "in-api_key"))
        self.history_length = self.js("return history.length")
        self.set_value("#in-prompt", "alpha beta gamma delta epsilon")
        self.set_value("#in-delay", "0.25")
        self.element("#in-api_key").send_keys(self.secret)
        self.element("#run").click()
        # Server-sent events: the text is there before the prediction has finished.
        self.wait_for("partial output", lambda: "beta" in (self.text("#output") or "") and self.status() == "Running")
        check("epsilon" not in self.text("#output"), "the output only appears at the end")
        self.wait_for("success", lambda: self.status() == "Succeeded")
        text = self.text("#output .output-text")
        check(text == "alpha beta gamma delta epsilon", f"concatenated output: {text!r}")
        logs = self.text("#logs")
        check("authenticating with **********" in logs and "word 5" in logs, f"streamed logs: {logs!r}")

    def no_console_errors(self):
        errors = [entry for entry in self.driver.get_log("browser") if entry.get("level") == "SEVERE"
                  and "/predictions/" not in entry.get("message", "")]
        check(errors == [], f"browser console errors (CSP violations, script errors): {errors}")

    # MARK: Helpers

    def set_value(self, css, value):
        element = self.element(css)
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(Keys.DELETE)
        element.send_keys(value)

    def screenshot(self, name, width, dark=False):
        if not self.screenshots:
            return
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        time.sleep(0.2)
        height = self.js("return Math.ceil(document.documentElement.scrollHeight)")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
        self.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        time.sleep(0.3)
        path = os.path.join(self.screenshots, name)
        self.driver.save_screenshot(path)
        print(f"screenshot {path} ({width}×{height})")
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--stream-base", help="a serve of the streaming fixture")
    parser.add_argument("--screenshots")
    arguments = parser.parse_args()
    secret = os.environ.get("PLAYGROUND_SECRET")
    if not secret:
        print("set PLAYGROUND_SECRET", file=sys.stderr)
        return 2
    started = time.monotonic()
    texture = os.path.join(tempfile.mkdtemp(prefix="playground-browser-"), "tiny.png")
    texture_bytes = tiny_png(texture)
    driver = make_driver()
    try:
        run = PlaygroundCheck(driver, arguments.base, secret, arguments.screenshots)
        steps = [
            ("GET / links to the playground", run.root_links_to_the_playground),
            ("the form follows the schema", run.form_follows_the_schema),
            ("the keyboard reaches every input in order", run.keyboard_reaches_every_input_in_order),
            ("the secret field hides and shows", run.secret_field_hides_and_shows),
            ("an out-of-bounds number is shown at its field", run.out_of_bounds_number_is_shown_at_its_field),
            ("a run with a file and a secret renders its output", lambda: run.run_with_a_file_and_a_secret(texture, texture_bytes)),
            ("the secret left no trace", run.secret_left_no_trace),
            ("screenshots", lambda: (run.screenshot("playground-desktop.png", 1280), run.screenshot("playground-narrow.png", 390),
                                     run.screenshot("playground-dark.png", 1280, dark=True))),
            ("cancel stops a long run", run.cancel_stops_a_long_run),
            ("the secret left no trace after cancel", run.secret_left_no_trace),
            ("a failure shows its error and logs", run.failure_shows_its_error_and_logs),
            ("the secret left no trace after a failure", run.secret_left_no_trace),
            ("no console errors", run.no_console_errors),
        ]
        if arguments.stream_base:
            stream = PlaygroundCheck(driver, arguments.stream_base, secret, None)
            steps += [
                ("streamed text grows live", stream.streamed_text_grows_live),
                ("the secret left no trace after streaming", stream.secret_left_no_trace),
                ("no console errors while streaming", stream.no_console_errors),
            ]
        for name, step in steps:
            step_started = time.monotonic()
            try:
                step()
            except CheckFailed as failure:
                print(f"FAIL {name}: {failure}")
                return 1
            print(f"ok   {name} ({time.monotonic() - step_started:.1f} s)")
    finally:
        driver.quit()
    print(f"all playground checks passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
