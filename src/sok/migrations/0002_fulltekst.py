"""The engine's full-text store for sok_indeksrad (sok/adaptere/).

SQLite: the FTS5 table `sok_fts` of stemmed shadow text, rowid = sok_indeksrad.id, and a
trigger that removes a row's text when the row is deleted. PostgreSQL: the tsvector column
`sokevektor` with a GIN index. Each statement runs on its own engine only.

A later migration that alters sok_indeksrad makes Django rebuild the table on SQLite, which
drops the trigger: such a migration must create it again.
"""

from django.db import migrations


class RunSQLFor(migrations.RunSQL):
    """RunSQL that runs only on one database vendor and is skipped on the others."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("sok", "0001_initial")]

    operations = [
        RunSQLFor(
            "sqlite",
            sql=[
                # remove_diacritics 0: "å", "ø" and "æ" are letters of their own in Norwegian.
                "CREATE VIRTUAL TABLE sok_fts USING fts5("
                "tittel, tekst, virksomhet, tokenize = 'unicode61 remove_diacritics 0')",
                "CREATE TRIGGER sok_indeksrad_slettet AFTER DELETE ON sok_indeksrad "
                "BEGIN DELETE FROM sok_fts WHERE rowid = old.id; END",
            ],
            reverse_sql=[
                "DROP TRIGGER IF EXISTS sok_indeksrad_slettet",
                "DROP TABLE IF EXISTS sok_fts",
            ],
        ),
        RunSQLFor(
            "postgresql",
            sql=[
                "ALTER TABLE sok_indeksrad ADD COLUMN sokevektor tsvector",
                "CREATE INDEX sok_indeksrad_sokevektor ON sok_indeksrad USING GIN (sokevektor)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS sok_indeksrad_sokevektor",
                "ALTER TABLE sok_indeksrad DROP COLUMN IF EXISTS sokevektor",
            ],
        ),
    ]
