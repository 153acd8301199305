using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("invites");
        builder.HasKey(invite => invite.Code);
        // Ordinal comparison on both providers: codes are case-sensitive.
        builder.Property(invite => invite.Code).HasMaxLength(32);
        builder.HasOne<Server>().WithMany().HasForeignKey(invite => invite.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(invite => invite.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(invite => invite.ServerId);
        builder.HasIndex(invite => invite.ChannelId);
        builder.HasMany(invite => invite.Roles).WithOne().HasForeignKey(role => role.InviteCode).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InviteRoleConfiguration : IEntityTypeConfiguration<InviteRole>
{
    public void Configure(EntityTypeBuilder<InviteRole> builder)
    {
        builder.ToTable("invite_roles");
        builder.HasKey(role => new { role.InviteCode, role.RoleId });
        builder.HasOne<Role>().WithMany().HasForeignKey(role => role.RoleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(role => role.RoleId);
    }
}
