"""Storage: the declarative base, the tables, the engine and the migrations."""

# Every table module is imported here, so that whoever uses the metadata
# (migrations, the drift test) sees all tables.
from vocrehab.db import access_log, models  # noqa: F401
