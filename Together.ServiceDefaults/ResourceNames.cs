namespace Together.ServiceDefaults;

/// <summary>Names shared by the AppHost inventory and the services that discover each other.</summary>
public static class ResourceNames
{
    /// <summary>The database, and the connection string name the Api reads (<c>ConnectionStrings:together</c>).</summary>
    public const string Database = "together";
    public const string Postgres = "postgres";
    public const string PostgresInit = "postgres-init";
    public const string PostgresPassword = "postgres-password";
    public const string Api = "api";
    public const string MediaNode = "medianode";
    public const string Web = "web";
    public const string Turn = "turn";
}
