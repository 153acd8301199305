using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.HasKey(member => new { member.ServerId, member.UserId });
        builder.Property(member => member.Nickname).HasMaxLength(Member.NicknameMaxLength);
        builder.HasOne<Server>().WithMany().HasForeignKey(member => member.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(member => member.User).WithMany().HasForeignKey(member => member.UserId).OnDelete(DeleteBehavior.Cascade);
        // "Which servers am I in" is asked on every gateway connect.
        builder.HasIndex(member => member.UserId);
        builder.HasMany(member => member.Roles).WithOne()
            .HasForeignKey(role => new { role.ServerId, role.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MemberRoleConfiguration : IEntityTypeConfiguration<MemberRole>
{
    public void Configure(EntityTypeBuilder<MemberRole> builder)
    {
        builder.ToTable("member_roles");
        builder.HasKey(memberRole => new { memberRole.ServerId, memberRole.UserId, memberRole.RoleId });
        builder.HasOne<Role>().WithMany().HasForeignKey(memberRole => memberRole.RoleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(memberRole => memberRole.RoleId);
    }
}
