using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search: a stored generated tsvector (filled for existing rows by the ALTER itself) and a GIN
            // index over it. "simple": lower-cased words, no stemming and no stop words, because a server's messages
            // are in many languages and an English (or any one) stemmer would mangle the others. The column is not
            // in the EF model, so reading messages never carries it.
            migrationBuilder.Sql("""
                ALTER TABLE messages ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "Content")) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_messages_search" ON messages USING GIN ("SearchVector");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_messages_search";""");
            migrationBuilder.Sql("""ALTER TABLE messages DROP COLUMN "SearchVector";""");
        }
    }
}
