"""Encrypted integration credentials (the cipher lives in data/secrets.py; rows hold only its tokens)."""

from data.models.crm_letters import IntegrationCredentialRow
from data.repositories.base import FirmScoped, upsert
from domain.signatures.model import StoredCredential


class CredentialRepository(FirmScoped):
    """Encrypted integration credentials, one row per provider of the firm."""

    def get(self, provider: str) -> StoredCredential | None:
        row = self.session.scalar(self._select(IntegrationCredentialRow)
                                  .where(IntegrationCredentialRow.provider == provider))
        if row is None:
            return None
        return StoredCredential(provider=row.provider, ciphertext=row.ciphertext, base_url=row.base_url, hint=row.hint,
                                updated_at=row.updated_at, updated_by=row.updated_by)

    def save(self, credential: StoredCredential) -> None:
        upsert(self.session, IntegrationCredentialRow,
               {"firm_id": self.firm_id, "provider": credential.provider},
               {"ciphertext": credential.ciphertext, "base_url": credential.base_url, "hint": credential.hint,
                "updated_at": credential.updated_at, "updated_by": credential.updated_by})

    def delete(self, provider: str) -> bool:
        return self._delete(IntegrationCredentialRow, IntegrationCredentialRow.provider == provider) > 0
