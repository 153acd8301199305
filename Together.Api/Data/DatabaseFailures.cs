using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Together.Api.Data;

/// <summary>Tells a database that is failing from a request that broke a rule of the data.</summary>
public static class DatabaseFailures
{
    private const int SqliteConstraint = 19;
    private const string PostgresIntegrityViolationClass = "23";

    /// <summary>
    /// True when the exception, or one it wraps (EF wraps a provider's transient errors in an
    /// <see cref="InvalidOperationException"/>), is the database failing: unreachable, refusing connections, locked,
    /// missing its file. A constraint violation is not: the database answered.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException database)
            {
                return !IsConstraintViolation(database);
            }
        }

        return false;
    }

    private static bool IsConstraintViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint }
        || exception.SqlState?.StartsWith(PostgresIntegrityViolationClass, StringComparison.Ordinal) == true;
}
