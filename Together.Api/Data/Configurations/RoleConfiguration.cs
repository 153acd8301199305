using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.ToTable("roles");
        builder.HasKey(role => role.Id);
        builder.Property(role => role.Id).ValueGeneratedNever();
        builder.Property(role => role.Name).HasMaxLength(Role.NameMaxLength).IsRequired();
        builder.Property(role => role.Permissions).HasConversion<PermissionConversion>();
        builder.HasOne<Server>().WithMany().HasForeignKey(role => role.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(role => role.ServerId);
    }
}
