using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessagingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notification_settings_UserId_ServerId_ChannelId",
                table: "notification_settings");

            migrationBuilder.CreateIndex(
                name: "IX_notification_settings_channel",
                table: "notification_settings",
                columns: new[] { "UserId", "ChannelId" },
                unique: true,
                filter: "\"ChannelId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_notification_settings_server",
                table: "notification_settings",
                columns: new[] { "UserId", "ServerId" },
                unique: true,
                filter: "\"ChannelId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_messages_pinned",
                table: "messages",
                column: "ChannelId",
                filter: "\"PinnedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notification_settings_channel",
                table: "notification_settings");

            migrationBuilder.DropIndex(
                name: "IX_notification_settings_server",
                table: "notification_settings");

            migrationBuilder.DropIndex(
                name: "IX_messages_pinned",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_notification_settings_UserId_ServerId_ChannelId",
                table: "notification_settings",
                columns: new[] { "UserId", "ServerId", "ChannelId" },
                unique: true);
        }
    }
}
