using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;
using Together.Api.Features.Users;

namespace Together.Api.Data.Configurations;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(user => user.Id);
        builder.Property(user => user.Id).ValueGeneratedNever();
        builder.Property(user => user.Username).HasMaxLength(UsernameRules.MaxLength).IsRequired();
        builder.Property(user => user.NormalizedUsername).HasMaxLength(UsernameRules.MaxLength * 2).IsRequired();
        builder.HasIndex(user => user.NormalizedUsername).IsUnique();
        builder.Property(user => user.Email).HasMaxLength(EmailRules.MaxLength);
        builder.Property(user => user.NormalizedEmail).HasMaxLength(EmailRules.MaxLength);
        // Not unique: an address is a contact and sign-in address, not a claim (AccountService).
        builder.HasIndex(user => user.NormalizedEmail);
        builder.Property(user => user.DisplayName).HasMaxLength(UserProfileRules.DisplayNameMaxLength);
        builder.Property(user => user.PasswordHash).HasMaxLength(256).IsRequired();
        builder.Property(user => user.CreatedAt);
        builder.Property(user => user.UpdatedAt);
    }
}
