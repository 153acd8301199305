namespace Together.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
