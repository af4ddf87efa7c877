"""A per-user cooldown shared by chat questions and slash commands."""

from __future__ import annotations

import time
from collections import OrderedDict

from discord.app_commands import Cooldown

MAX_TRACKED_USERS = 10_000


class UserCooldown:
    """At most ``rate`` questions per ``per`` seconds for each user."""

    def __init__(self, rate: int, per: float, clock=time.monotonic) -> None:
        self.rate, self.per = rate, per
        self._clock = clock
        self._buckets: OrderedDict[int, Cooldown] = OrderedDict()

    def hit(self, user_id: int) -> float | None:
        """Count one question; the seconds to wait when over the limit, else None."""
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = Cooldown(self.rate, self.per)
            self._buckets[user_id] = bucket
            if len(self._buckets) > MAX_TRACKED_USERS:
                self._buckets.popitem(last=False)
        self._buckets.move_to_end(user_id)
        return bucket.update_rate_limit(self._clock())
