using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>
/// Empties <see cref="PermissionSnapshotCache"/> once a change to what permissions are computed from is committed:
/// servers (owner), members, their roles, roles, overwrites, channels (but not their newest message id, which every
/// send moves) and deleted users (their memberships go with them). Inside a transaction it waits for the commit, so
/// a request that reloads in between cannot keep what the transaction is about to replace.
/// </summary>
public sealed class PermissionChangeInterceptor(PermissionSnapshotCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Contexts whose open transaction holds such a change.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            cache.Invalidate();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(ChangesPermissions))
        {
            _pending.AddOrUpdate(context, context);
        }
    }

    private void Saved(DbContext? context)
    {
        // Without a transaction of the caller's, SaveChanges committed its own.
        if (context is not null && context.Database.CurrentTransaction is null && _pending.Remove(context))
        {
            cache.Invalidate();
        }
    }

    private static bool ChangesPermissions(EntityEntry entry) =>
        entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && entry.Entity switch
        {
            Server or Member or MemberRole or Role or PermissionOverwrite => true,
            Channel => entry.State != EntityState.Modified
                || entry.Properties.Any(property => property.IsModified && property.Metadata.Name != nameof(Channel.LastMessageId)),
            User => entry.State == EntityState.Deleted,
            _ => false,
        };
}
