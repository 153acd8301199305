using System.Net;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// The served OpenAPI document equals docs/openapi.json. After an intended API change, rewrite the file with
/// <c>UPDATE_SNAPSHOTS=1 dotnet test Together.Tests --filter OpenApiSnapshotTests</c> and review the diff.
/// </summary>
public sealed class OpenApiSnapshotTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task The_served_document_matches_docs_openapi_json()
    {
        using var client = api.Host.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var snapshot = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(snapshot, served);
        }

        Assert.True(File.Exists(snapshot), $"{snapshot} is missing; create it with UPDATE_SNAPSHOTS=1.");
        var expected = (await File.ReadAllTextAsync(snapshot)).ReplaceLineEndings("\n");
        Assert.True(expected == served,
            "GET /openapi/v1.json differs from docs/openapi.json. If the API change is intended, run " +
            "UPDATE_SNAPSHOTS=1 dotnet test Together.Tests --filter OpenApiSnapshotTests and commit the file.");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Together.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Together.sln not found above " + AppContext.BaseDirectory);
    }
}
