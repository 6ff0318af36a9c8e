"""The workspace's small world (organisations A, B, network N, one member per role)."""

from tests.workspace.conftest import ALL_ROLES, ANONYMOUS, World, world  # noqa: F401
