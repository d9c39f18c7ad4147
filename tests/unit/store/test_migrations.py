from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from batchline.store.db import Store
from batchline.store.models import Base


def test_the_migrations_build_exactly_the_schema_the_models_declare(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_an_up_to_date_database_again_changes_nothing(store: Store) -> None:
    from alembic.script import ScriptDirectory

    from batchline.store.db import MIGRATIONS, migrate

    migrate(store.engine)
    with store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == ScriptDirectory(str(MIGRATIONS)).get_current_head()
