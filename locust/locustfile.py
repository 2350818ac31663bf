"""Load test of the moderation service as shop visitors use it.

Headless, against a running service (e.g. `npm start`, or `docker compose up --scale worker=5`):

    locust -f locust/locustfile.py --host http://127.0.0.1:3000 --headless -u 20 -r 5 -t 1m

A visitor opens the upload page now and then, mostly uploads review photos (the real photos in
fixtures/images, each made unique so the service's reuse path does not answer them), and sometimes
reports a wrong answer. Set REPEAT_UPLOADS=1 to send the photos unchanged and measure reuse instead.
"""

import os
import random
import struct
import zlib
from pathlib import Path

from locust import HttpUser, between, task

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"
PHOTOS = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.iterdir()) if p.suffix in (".png", ".jpg")]
REPEAT = os.environ.get("REPEAT_UPLOADS") == "1"
LABELS = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]


def unique(name: str, data: bytes) -> bytes:
    """The same picture with a unique comment (JPEG COM) or text chunk (PNG tEXt)."""
    marker = f"locust-{random.getrandbits(64):016x}".encode()
    if data[:2] == b"\xff\xd8":
        return data[:2] + b"\xff\xfe" + struct.pack(">H", len(marker) + 2) + marker + data[2:]
    if data[1:4] == b"PNG":
        end_of_ihdr = 8 + 4 + 4 + 13 + 4
        body = b"tEXt" + b"locust\x00" + marker
        chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
        return data[:end_of_ihdr] + chunk + data[end_of_ihdr:]
    return data


class ShopVisitor(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.last_prediction = None

    @task(1)
    def open_page(self) -> None:
        self.client.get("/", name="GET /")

    @task(10)
    def predict(self) -> None:
        name, data = random.choice(PHOTOS)
        body = data if REPEAT else unique(name, data)
        with self.client.post(
            "/predict", files={"file": (name, body)}, name="POST /predict", catch_response=True
        ) as response:
            if response.status_code != 200 or not response.json().get("success"):
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            self.last_prediction = response.json()

    @task(1)
    def report(self) -> None:
        if not self.last_prediction:
            return
        prediction = self.last_prediction
        self.client.post(
            "/feedback",
            json={
                "filename": prediction["filename"],
                "prediction": prediction["prediction"],
                "score": prediction["score"],
                "correctLabel": random.choice(LABELS),
                "comment": "locust load test",
                "model": prediction["model"]["id"],
            },
            name="POST /feedback",
        )
