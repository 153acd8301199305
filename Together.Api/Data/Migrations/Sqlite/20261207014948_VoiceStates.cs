using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Together.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VoiceStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "VoiceDeafened",
                table: "members",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "VoiceMuted",
                table: "members",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "voice_states",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SelfMute = table.Column<bool>(type: "INTEGER", nullable: false),
                    SelfDeaf = table.Column<bool>(type: "INTEGER", nullable: false),
                    Suppress = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChannelSince = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voice_states", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_voice_states_channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_voice_states_servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_voice_states_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_voice_states_ChannelId",
                table: "voice_states",
                column: "ChannelId");

            migrationBuilder.CreateIndex(
                name: "IX_voice_states_NodeId",
                table: "voice_states",
                column: "NodeId");

            migrationBuilder.CreateIndex(
                name: "IX_voice_states_ServerId_ChannelId",
                table: "voice_states",
                columns: new[] { "ServerId", "ChannelId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "voice_states");

            migrationBuilder.DropColumn(
                name: "VoiceDeafened",
                table: "members");

            migrationBuilder.DropColumn(
                name: "VoiceMuted",
                table: "members");
        }
    }
}
