"""The employer work is tested on the security suite's world: three tenants over a real database
(SQLite and PostgreSQL), each with an employer, a placement, participants and logged-in users."""
from tests.security.conftest import app_client, db, fast_hashing, world  # noqa: F401
