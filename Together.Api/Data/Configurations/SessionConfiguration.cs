using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public const int UserAgentMaxLength = 256;
    public const int IpAddressMaxLength = 45;

    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(session => session.Id);
        builder.Property(session => session.Id).ValueGeneratedNever();
        builder.HasOne(session => session.User)
            .WithMany(user => user.Sessions)
            .HasForeignKey(session => session.UserId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(session => session.UserId);
        builder.Property(session => session.RevokedReason).HasMaxLength(64);
        builder.Property(session => session.UserAgent).HasMaxLength(UserAgentMaxLength);
        builder.Property(session => session.IpAddress).HasMaxLength(IpAddressMaxLength);
    }
}
