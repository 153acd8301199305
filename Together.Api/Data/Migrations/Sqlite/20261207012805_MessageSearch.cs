using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search: an FTS5 index over messages.Content (external content: the text is stored once, in
            // messages), kept in step by triggers, so every write path (EF, ExecuteUpdate, cascades) updates it.
            // unicode61 without diacritic folding matches PostgreSQL's "simple" configuration. Built from the
            // messages already there ('rebuild'). A later migration that rebuilds the messages table on SQLite
            // drops these triggers and must create them again.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE messages_fts USING fts5(
                    Content, content='messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO messages_fts(rowid, Content) VALUES (new.Id, new.Content);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, Content) VALUES ('delete', old.Id, old.Content);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER messages_fts_update AFTER UPDATE OF Content ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, Content) VALUES ('delete', old.Id, old.Content);
                    INSERT INTO messages_fts(rowid, Content) VALUES (new.Id, new.Content);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER messages_fts_update;");
            migrationBuilder.Sql("DROP TRIGGER messages_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER messages_fts_insert;");
            migrationBuilder.Sql("DROP TABLE messages_fts;");
        }
    }
}
