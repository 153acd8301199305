using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RefreshTokenSuccessor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ReplacedById",
                table: "refresh_tokens",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReplacedById",
                table: "refresh_tokens");
        }
    }
}
