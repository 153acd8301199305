using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class VoiceStateConfiguration : IEntityTypeConfiguration<VoiceState>
{
    public void Configure(EntityTypeBuilder<VoiceState> builder)
    {
        builder.ToTable("voice_states");
        builder.HasKey(state => state.UserId);
        builder.Property(state => state.NodeId).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(state => state.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Server>().WithMany().HasForeignKey(state => state.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(state => state.ChannelId).OnDelete(DeleteBehavior.Cascade);
        // READY and permission changes read a server's states; the user limit counts a channel's.
        builder.HasIndex(state => new { state.ServerId, state.ChannelId });
        builder.HasIndex(state => state.NodeId);
    }
}
