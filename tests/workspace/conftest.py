"""The workspace tests use the API client (tests/api) and the tenant world (tests/security)."""
from tests.api.conftest import api  # noqa: F401
from tests.security.conftest import app_client, db, fast_hashing, world  # noqa: F401
