"""Load test for the moderation gateway.

    locust -f locust/locustfile.py --host http://127.0.0.1:3000 --headless -u 20 -r 5 -t 1m

Only the health endpoint exists so far; prediction and feedback traffic is added with those routes.
"""

from locust import HttpUser, between, task


class ShopVisitor(HttpUser):
    wait_time = between(0.1, 0.5)

    @task
    def health(self) -> None:
        self.client.get("/health", name="GET /health")
