using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.ToTable("channels");
        builder.HasKey(channel => channel.Id);
        builder.Property(channel => channel.Id).ValueGeneratedNever();
        builder.Property(channel => channel.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(channel => channel.Name).HasMaxLength(Channel.NameMaxLength);
        builder.Property(channel => channel.Topic).HasMaxLength(Channel.TopicMaxLength);
        builder.HasOne<Server>().WithMany().HasForeignKey(channel => channel.ServerId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a category leaves its channels in place, without a category (Discord's behaviour).
        builder.HasOne<Channel>().WithMany().HasForeignKey(channel => channel.ParentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(channel => new { channel.ServerId, channel.Position });
        builder.HasIndex(channel => channel.ParentId);
        builder.Property(channel => channel.DirectKey).HasMaxLength(41);
        builder.HasIndex(channel => channel.DirectKey).IsUnique().HasFilter("\"DirectKey\" IS NOT NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(channel => channel.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(channel => channel.Overwrites).WithOne().HasForeignKey(overwrite => overwrite.ChannelId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
