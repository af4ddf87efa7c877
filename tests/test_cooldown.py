"""The per-user cooldown, on a clock the test controls."""

from __future__ import annotations

from bot.chat.cooldown import UserCooldown


def test_each_user_gets_their_own_allowance() -> None:
    now = [100.0]
    cooldown = UserCooldown(2, 30.0, clock=lambda: now[0])
    assert cooldown.hit(1) is None and cooldown.hit(1) is None
    wait = cooldown.hit(1)
    assert wait is not None and 0 < wait <= 30
    assert cooldown.hit(2) is None  # another user
    now[0] += 31
    assert cooldown.hit(1) is None


def test_the_number_of_users_remembered_is_bounded() -> None:
    cooldown = UserCooldown(1, 30.0, clock=lambda: 0.0)
    for user in range(10_050):
        cooldown.hit(user)
    assert len(cooldown._buckets) == 10_000
