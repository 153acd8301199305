using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class ServerConfiguration : IEntityTypeConfiguration<Server>
{
    public void Configure(EntityTypeBuilder<Server> builder)
    {
        builder.ToTable("servers");
        builder.HasKey(server => server.Id);
        builder.Property(server => server.Id).ValueGeneratedNever();
        builder.Property(server => server.Name).HasMaxLength(Server.NameMaxLength).IsRequired();
        builder.Property(server => server.Description).HasMaxLength(Server.DescriptionMaxLength);
        builder.Property(server => server.IconHash).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(server => server.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(server => server.OwnerId);
    }
}
