"""What every HTTP integration (Yousign, Chorus Pro/PISTE) does the same way: retry what is safe to retry, wait
as the server asks, and turn transport failures into the integration's own French error.

Only a connection that never reached the server is retried whatever the method; a 429 or 5xx answer is retried
with the wait of its Retry-After header (or exponential backoff); a timeout is not retried (the request may
have been received), nor any other transport error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer wait is not worth holding a page or a cron pass


def retry_delay(response: httpx.Response | None, attempt: int, backoff: float) -> float:
    """Seconds to wait before attempt `attempt + 1`: Retry-After when given (seconds or HTTP date), else
    exponential backoff; never more than MAX_RETRY_AFTER."""
    header = response.headers.get("Retry-After", "").strip() if response is not None else ""
    if header:
        try:
            return min(max(float(header), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            try:
                wait = parsedate_to_datetime(header).timestamp() - time.time()
                return min(max(wait, 0.0), MAX_RETRY_AFTER)
            except (TypeError, ValueError):
                pass
    return min(backoff * 2 ** (attempt - 1), MAX_RETRY_AFTER)


@dataclass(frozen=True, slots=True)
class TransportErrors:
    """The integration's error class and its French messages for each way a request can fail in transit."""

    error: type[Exception]
    unreachable: str
    timed_out: str
    failed: str  # "{kind}" is replaced by the name of the transport error


@dataclass(frozen=True, slots=True)
class Retrying:
    attempts: int
    backoff: float
    sleep: Callable[[float], None]

    def send(self, client: httpx.Client, method: str, url: str, errors: TransportErrors,
             **kwargs: Any) -> httpx.Response:
        """The last response (possibly still a 429 or 5xx after every attempt: the caller words it)."""
        response: httpx.Response | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                response = client.request(method, url, **kwargs)
            except httpx.ConnectError as err:  # nothing reached the server: safe to retry any method
                if attempt == self.attempts:
                    raise errors.error(errors.unreachable) from err
                self.sleep(retry_delay(None, attempt, self.backoff))
                continue
            except httpx.TimeoutException as err:
                raise errors.error(errors.timed_out) from err
            except httpx.HTTPError as err:
                raise errors.error(errors.failed.format(kind=type(err).__name__)) from err
            if response.status_code not in RETRIED_STATUSES:
                break
            if attempt < self.attempts:
                self.sleep(retry_delay(response, attempt, self.backoff))
        assert response is not None
        return response
