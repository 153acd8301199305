using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class BanConfiguration : IEntityTypeConfiguration<Ban>
{
    public void Configure(EntityTypeBuilder<Ban> builder)
    {
        builder.ToTable("bans");
        builder.HasKey(ban => new { ban.ServerId, ban.UserId });
        builder.Property(ban => ban.Reason).HasMaxLength(Ban.ReasonMaxLength);
        builder.HasOne<Server>().WithMany().HasForeignKey(ban => ban.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(ban => ban.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
