using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Together.Api.Domain;

namespace Together.Api.Data.Configurations;

public sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Id).ValueGeneratedNever();
        builder.Property(entry => entry.Action).HasMaxLength(64).IsRequired();
        builder.Property(entry => entry.Changes).IsRequired();
        builder.Property(entry => entry.Reason).HasMaxLength(AuditLogEntry.ReasonMaxLength);
        builder.HasOne<Server>().WithMany().HasForeignKey(entry => entry.ServerId).OnDelete(DeleteBehavior.Cascade);
        // Newest first per server, filtered by actor or action.
        builder.HasIndex(entry => new { entry.ServerId, entry.Id });
        builder.HasIndex(entry => new { entry.ServerId, entry.ActorId, entry.Id });
        builder.HasIndex(entry => new { entry.ServerId, entry.Action, entry.Id });
    }
}
