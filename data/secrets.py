"""Encryption at rest of integration credentials (Fernet, key derived from EEXPI_SECRET_KEY)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from domain.errors import DomainError


class FernetCipher:
    def __init__(self, secret_key: str) -> None:
        # A dedicated key: the session-signing key itself never encrypts anything.
        digest = hashlib.sha256(b"eexpi-credentials\0" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as err:
            raise DomainError("Les identifiants enregistrés ne peuvent pas être déchiffrés : la clé secrète "
                              "(EEXPI_SECRET_KEY) a changé. Saisissez-les de nouveau.") from err
