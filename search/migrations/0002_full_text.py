"""The entries' full-text index, in whichever database the site runs on: an FTS5 table kept in
step by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fulltext USING fts5(title, body, folded, "
    "content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fulltext_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fulltext(rowid, title, body, folded) "
    "VALUES (new.id, new.title, new.body, new.folded); END",
    "CREATE TRIGGER search_fulltext_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fulltext(search_fulltext, rowid, title, body, folded) "
    "VALUES ('delete', old.id, old.title, old.body, old.folded); END",
    "CREATE TRIGGER search_fulltext_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fulltext(search_fulltext, rowid, title, body, folded) "
    "VALUES ('delete', old.id, old.title, old.body, old.folded); "
    "INSERT INTO search_fulltext(rowid, title, body, folded) "
    "VALUES (new.id, new.title, new.body, new.folded); END",
]
SQLITE_DROP = [
    "DROP TRIGGER search_fulltext_update",
    "DROP TRIGGER search_fulltext_delete",
    "DROP TRIGGER search_fulltext_insert",
    "DROP TABLE search_fulltext",
]
POSTGRESQL_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', body || ' ' || folded), 'B')) STORED",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN document",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
