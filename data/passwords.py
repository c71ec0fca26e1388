"""argon2id password hashing (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Hasher:
    def __init__(self, *, fast: bool = False) -> None:
        # `fast` is for tests only: real argon2id, minimal cost.
        self._argon = Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else Argon2()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self._argon.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon.check_needs_rehash(password_hash)

    def dummy_hash(self) -> str:
        """A hash to verify against when no account matches, computed once per hasher."""
        if self._dummy is None:
            self._dummy = self._argon.hash("compte inexistant")
        return self._dummy
