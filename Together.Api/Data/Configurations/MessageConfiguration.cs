using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(message => message.Id);
        builder.Property(message => message.Id).ValueGeneratedNever();
        builder.Property(message => message.Content).HasMaxLength(Message.ContentMaxLength).IsRequired();
        builder.HasOne<Channel>().WithMany().HasForeignKey(message => message.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(message => message.Author).WithMany().HasForeignKey(message => message.AuthorId).OnDelete(DeleteBehavior.Restrict);
        // History pages are ranges of ids within a channel; the author index serves search filters and ban clean-up.
        builder.HasIndex(message => new { message.ChannelId, message.Id });
        builder.HasIndex(message => new { message.AuthorId, message.Id });
        // Full-text search lives outside the model, made by the MessageSearch migrations: PostgreSQL's generated
        // "SearchVector" column (GIN), SQLite's messages_fts table and its triggers. A migration that rebuilds this table
        // on SQLite must create those triggers again.
        // Pins are few among many messages: listing and counting them must not scan the channel's history.
        builder.HasIndex(message => message.ChannelId).HasFilter("\"PinnedAt\" IS NOT NULL").HasDatabaseName("IX_messages_pinned");
        builder.HasMany(message => message.Mentions).WithOne().HasForeignKey(mention => mention.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(message => message.Attachments).WithOne().HasForeignKey(attachment => attachment.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(message => message.Reactions).WithOne().HasForeignKey(reaction => reaction.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MentionConfiguration : IEntityTypeConfiguration<Mention>
{
    public void Configure(EntityTypeBuilder<Mention> builder)
    {
        builder.ToTable("mentions");
        builder.HasKey(mention => new { mention.MessageId, mention.Type, mention.TargetId });
        builder.Property(mention => mention.Type).HasConversion<string>().HasMaxLength(8);
        // "Mentions of me" in search and unread counts.
        builder.HasIndex(mention => new { mention.TargetId, mention.MessageId });
    }
}

public sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> builder)
    {
        builder.ToTable("reactions");
        builder.HasKey(reaction => new { reaction.MessageId, reaction.Emoji, reaction.UserId });
        builder.Property(reaction => reaction.Emoji).HasMaxLength(Reaction.EmojiMaxLength);
    }
}

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("attachments");
        builder.HasKey(attachment => attachment.Id);
        builder.Property(attachment => attachment.Id).ValueGeneratedNever();
        builder.Property(attachment => attachment.FileName).HasMaxLength(Attachment.FileNameMaxLength).IsRequired();
        builder.Property(attachment => attachment.ContentType).HasMaxLength(128).IsRequired();
        builder.Property(attachment => attachment.ContentHash).HasMaxLength(64).IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(attachment => attachment.UploaderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(attachment => attachment.ContentHash);
        builder.HasIndex(attachment => new { attachment.UploaderId, attachment.MessageId });
    }
}

public sealed class ChannelRecipientConfiguration : IEntityTypeConfiguration<ChannelRecipient>
{
    public void Configure(EntityTypeBuilder<ChannelRecipient> builder)
    {
        builder.ToTable("channel_recipients");
        builder.HasKey(recipient => new { recipient.ChannelId, recipient.UserId });
        builder.HasOne<Channel>().WithMany().HasForeignKey(recipient => recipient.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(recipient => recipient.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(recipient => recipient.UserId);
    }
}

public sealed class ReadStateConfiguration : IEntityTypeConfiguration<ReadState>
{
    public void Configure(EntityTypeBuilder<ReadState> builder)
    {
        builder.ToTable("read_states");
        builder.HasKey(state => new { state.UserId, state.ChannelId });
        builder.HasOne<User>().WithMany().HasForeignKey(state => state.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(state => state.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class NotificationSettingConfiguration : IEntityTypeConfiguration<NotificationSetting>
{
    public void Configure(EntityTypeBuilder<NotificationSetting> builder)
    {
        builder.ToTable("notification_settings");
        builder.HasKey(setting => setting.Id);
        builder.Property(setting => setting.Id).ValueGeneratedNever();
        builder.Property(setting => setting.Level).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(setting => setting.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Server>().WithMany().HasForeignKey(setting => setting.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(setting => setting.ChannelId).OnDelete(DeleteBehavior.Cascade);
        // NULLs are distinct in unique indexes on both providers, so one index over (UserId, ServerId, ChannelId)
        // would let a user hold any number of server-wide settings (ChannelId null). One setting per server, and one
        // per channel, each by its own filtered index.
        builder.HasIndex(setting => new { setting.UserId, setting.ServerId }).IsUnique()
            .HasFilter("\"ChannelId\" IS NULL").HasDatabaseName("IX_notification_settings_server");
        builder.HasIndex(setting => new { setting.UserId, setting.ChannelId }).IsUnique()
            .HasFilter("\"ChannelId\" IS NOT NULL").HasDatabaseName("IX_notification_settings_channel");
    }
}

public sealed class UserBlockConfiguration : IEntityTypeConfiguration<UserBlock>
{
    public void Configure(EntityTypeBuilder<UserBlock> builder)
    {
        builder.ToTable("user_blocks");
        builder.HasKey(block => new { block.UserId, block.BlockedUserId });
        builder.HasOne<User>().WithMany().HasForeignKey(block => block.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(block => block.BlockedUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
