using Microsoft.EntityFrameworkCore;
using Together.Api.Data.Configurations;
using Together.Api.Domain;

namespace Together.Api.Data;

/// <summary>
/// The one model of Together. Each provider has a derived context (<see cref="SqliteTogetherDbContext"/>,
/// <see cref="PostgresTogetherDbContext"/>) that owns its migration set; every model change adds a migration to
/// BOTH, from the repository root:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME --project Together.Api --context SqliteTogetherDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Together.Api --context PostgresTogetherDbContext --output-dir Data/Migrations/Postgres
/// </code>
/// A test fails when either set lacks a model change.
/// </summary>
public abstract class TogetherDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Server> Servers => Set<Server>();

    public DbSet<Channel> Channels => Set<Channel>();

    public DbSet<PermissionOverwrite> PermissionOverwrites => Set<PermissionOverwrite>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<MemberRole> MemberRoles => Set<MemberRole>();

    public DbSet<Invite> Invites => Set<Invite>();

    public DbSet<InviteRole> InviteRoles => Set<InviteRole>();

    public DbSet<Ban> Bans => Set<Ban>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Mention> Mentions => Set<Mention>();

    public DbSet<Reaction> Reactions => Set<Reaction>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<ChannelRecipient> ChannelRecipients => Set<ChannelRecipient>();

    public DbSet<ReadState> ReadStates => Set<ReadState>();

    public DbSet<NotificationSetting> NotificationSettings => Set<NotificationSetting>();

    public DbSet<UserBlock> UserBlocks => Set<UserBlock>();

    public DbSet<VoiceState> VoiceStates => Set<VoiceState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Listed rather than scanned: startup time matters, and the list shows what the model holds.
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.ApplyConfiguration(new SessionConfiguration());
        modelBuilder.ApplyConfiguration(new RefreshTokenConfiguration());
        modelBuilder.ApplyConfiguration(new ServerConfiguration());
        modelBuilder.ApplyConfiguration(new ChannelConfiguration());
        modelBuilder.ApplyConfiguration(new PermissionOverwriteConfiguration());
        modelBuilder.ApplyConfiguration(new RoleConfiguration());
        modelBuilder.ApplyConfiguration(new MemberConfiguration());
        modelBuilder.ApplyConfiguration(new MemberRoleConfiguration());
        modelBuilder.ApplyConfiguration(new InviteConfiguration());
        modelBuilder.ApplyConfiguration(new InviteRoleConfiguration());
        modelBuilder.ApplyConfiguration(new BanConfiguration());
        modelBuilder.ApplyConfiguration(new AuditLogEntryConfiguration());
        modelBuilder.ApplyConfiguration(new MessageConfiguration());
        modelBuilder.ApplyConfiguration(new MentionConfiguration());
        modelBuilder.ApplyConfiguration(new ReactionConfiguration());
        modelBuilder.ApplyConfiguration(new AttachmentConfiguration());
        modelBuilder.ApplyConfiguration(new ChannelRecipientConfiguration());
        modelBuilder.ApplyConfiguration(new ReadStateConfiguration());
        modelBuilder.ApplyConfiguration(new NotificationSettingConfiguration());
        modelBuilder.ApplyConfiguration(new UserBlockConfiguration());
        modelBuilder.ApplyConfiguration(new VoiceStateConfiguration());
    }
}
