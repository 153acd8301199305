using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class PermissionOverwriteConfiguration : IEntityTypeConfiguration<PermissionOverwrite>
{
    public void Configure(EntityTypeBuilder<PermissionOverwrite> builder)
    {
        builder.ToTable("permission_overwrites");
        builder.HasKey(overwrite => new { overwrite.ChannelId, overwrite.TargetId });
        builder.Property(overwrite => overwrite.TargetType).HasConversion<string>().HasMaxLength(16);
        builder.Property(overwrite => overwrite.Allow).HasConversion<PermissionConversion>();
        builder.Property(overwrite => overwrite.Deny).HasConversion<PermissionConversion>();
    }
}
