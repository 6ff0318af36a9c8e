"""The workspace's small world (organisations A, B, network N, one member per role)."""

import pytest

from tests.workspace.conftest import ALL_ROLES, ANONYMOUS, World, world  # noqa: F401


@pytest.fixture(autouse=True)
def private_data_dir(settings, tmp_path):
    """Uploads go under DATA_DIR/imports/<run id>: each test gets its own folder, since
    parallel test databases number their runs alike."""
    settings.DATA_DIR = tmp_path / "data"
