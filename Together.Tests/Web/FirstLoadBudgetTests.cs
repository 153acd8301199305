using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Together.Tests.Web;

/// <summary>UI.md's budget: the app shell's first load is at most 300 KB of gzipped JavaScript.</summary>
public sealed partial class FirstLoadBudgetTests(ITestOutputHelper output)
{
    private const int BudgetBytes = 300 * 1024;

    [Fact]
    public void The_first_load_is_within_300_KB_of_gzipped_JavaScript()
    {
        var root = RepositoryFolders.WebClient;
        var index = File.ReadAllText(Path.Combine(root, "index.html"));
        // What the browser fetches before the app can run: the entry module and the chunks Vite preloads with it.
        var scripts = FirstLoadScript().Matches(index).Select(match => match.Groups["path"].Value).Distinct().ToList();
        Assert.NotEmpty(scripts);

        var total = 0L;
        foreach (var script in scripts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, script.TrimStart('/')));
            var gzipped = GzippedLength(bytes);
            output.WriteLine($"{script}: {bytes.Length / 1024.0:F1} KB, {gzipped / 1024.0:F1} KB gzipped");
            total += gzipped;
        }

        output.WriteLine($"first load: {total / 1024.0:F1} KB gzipped JavaScript (budget {BudgetBytes / 1024} KB)");
        Assert.True(total <= BudgetBytes, $"the first load is {total / 1024.0:F1} KB of gzipped JavaScript; the budget is {BudgetBytes / 1024} KB");
    }

    private static long GzippedLength(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.Length;
    }

    [GeneratedRegex("""<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="(?<path>/[^"]+\.js)"[^>]*>""")]
    private static partial Regex FirstLoadScript();
}
