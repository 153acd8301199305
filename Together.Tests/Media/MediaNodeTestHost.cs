using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Together.MediaNode;
using Together.MediaNode.Sfu;
using Together.MediaNode.Signaling;
using Together.Tests.Infrastructure;

namespace Together.Tests.Media;

/// <summary>
/// A real media node on loopback (Kestrel on a free port), composed with the same AddMediaNode/MapMediaNode as
/// Program.cs, with a test key for voice tokens and a known control key.
/// </summary>
public sealed class MediaNodeTestHost : IAsyncDisposable
{
    public const string ControlKey = "test-control-key-0123456789";

    private readonly WebApplication _app;

    private MediaNodeTestHost(WebApplication app, VoiceTokenIssuer tokens)
    {
        _app = app;
        Tokens = tokens;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpBase = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public VoiceTokenIssuer Tokens { get; }

    public Uri HttpBase { get; }

    public IServiceProvider Services => _app.Services;

    public SfuRooms Rooms => _app.Services.GetRequiredService<SfuRooms>();

    /// <param name="settings">Configuration the node binds (as an operator's appsettings), before <paramref name="configure"/>.</param>
    public static async Task<MediaNodeTestHost> StartAsync(
        Action<MediaNodeOptions>? configure = null, Action<WebApplication>? map = null,
        IReadOnlyDictionary<string, string?>? settings = null, CapturedLogs? logs = null)
    {
        var tokens = VoiceTokenIssuer.WithNewKey();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.AddMediaNode(options =>
        {
            options.TokenPublicKey = tokens.PublicKeyPem;
            options.ControlApiKey = ControlKey;
            options.UdpPort = 0;
            options.TcpPort = 0;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        try
        {
            app.MapMediaNode();
            map?.Invoke(app);
            await app.StartAsync();
            return new MediaNodeTestHost(app, tokens);
        }
        catch
        {
            await app.DisposeAsync();
            tokens.Dispose();
            throw;
        }
    }

    public Uri SignalingUri(string token)
    {
        var builder = new UriBuilder(HttpBase) { Scheme = "ws", Path = "/media/ws", Query = $"token={token}" };
        return builder.Uri;
    }

    public HttpClient CreateControlClient(string? key = ControlKey)
    {
        var client = new HttpClient { BaseAddress = HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Media-Control-Key", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Tokens.Dispose();
    }
}
