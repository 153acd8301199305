namespace Together.ServiceDefaults;

/// <summary>Names shared by the AppHost inventory and the services that discover each other.</summary>
public static class ResourceNames
{
    public const string Database = "together";
    public const string Postgres = "postgres";
    public const string Api = "api";
    public const string MediaNode = "medianode";
    public const string Web = "web";
}
