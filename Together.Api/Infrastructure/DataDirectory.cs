namespace Together.Api.Infrastructure;

/// <summary>The absolute data directory, resolved once from <see cref="TogetherOptions.DataDirectory"/>.</summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = path;

    public static DataDirectory Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{TogetherOptions.SectionName}:{nameof(TogetherOptions.DataDirectory)}"];
        var path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "./data" : configured, contentRoot);
        return new DataDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void EnsureExists() => Directory.CreateDirectory(Path);
}
