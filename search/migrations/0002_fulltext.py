"""The database's own full-text index over SearchEntry: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text, content='search_searchentry', content_rowid='page_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, text) VALUES (new.page_id, new.title, new.text); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.page_id, old.title, old.text); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.page_id, old.title, old.text);
        INSERT INTO search_fts(rowid, title, text) VALUES (new.page_id, new.title, new.text); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]
POSTGRESQL = ["CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)"]
POSTGRESQL_REVERSE = ["DROP INDEX search_entry_vector_gin"]


def run(statements):
    def operation(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
