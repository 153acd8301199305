using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Level",
                table: "notification_settings",
                type: "TEXT",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "DirectKey",
                table: "channels",
                type: "TEXT",
                maxLength: 41,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OwnerId",
                table: "channels",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_channels_DirectKey",
                table: "channels",
                column: "DirectKey",
                unique: true,
                filter: "\"DirectKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_channels_OwnerId",
                table: "channels",
                column: "OwnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_channels_users_OwnerId",
                table: "channels",
                column: "OwnerId",
                principalTable: "users",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_channels_users_OwnerId",
                table: "channels");

            migrationBuilder.DropIndex(
                name: "IX_channels_DirectKey",
                table: "channels");

            migrationBuilder.DropIndex(
                name: "IX_channels_OwnerId",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "DirectKey",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "channels");

            migrationBuilder.AlterColumn<string>(
                name: "Level",
                table: "notification_settings",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 16,
                oldNullable: true);
        }
    }
}
