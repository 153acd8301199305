using System.Diagnostics;
using System.Net;

namespace Together.Tests.Infrastructure;

/// <summary>Two Api hosts sharing a database, a data directory and a real RabbitMQ of their own, both ready before tests run.</summary>
public abstract class RabbitMqReplicas(DatabaseKind database) : IAsyncLifetime
{
    private RabbitMqServer? _rabbitMq;
    private TogetherApiHost? _first;
    private TogetherApiHost? _second;

    public TogetherApiHost First => _first ?? throw new InvalidOperationException("The replicas have not started.");

    public TogetherApiHost Second => _second ?? throw new InvalidOperationException("The replicas have not started.");

    public async Task InitializeAsync()
    {
        _rabbitMq = await RabbitMqServer.StartAsync();
        _first = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?> { ["Bus:RabbitMq"] = _rabbitMq.ConnectionUri });
        _second = _first.StartReplica();
        await WaitUntilHealthyAsync(_first);
        await WaitUntilHealthyAsync(_second);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _second, _first })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (_rabbitMq is not null)
        {
            await _rabbitMq.DisposeAsync();
        }
    }

    /// <summary>
    /// The broker connection comes up after start: /health says when the bus, and so this replica's gateway queue,
    /// is ready. An event published before that would reach only the replicas already listening.
    /// </summary>
    private static async Task WaitUntilHealthyAsync(TogetherApiHost host)
    {
        using var client = host.CreateClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"The Api at {host.BaseAddress} did not become healthy on RabbitMQ: {response.StatusCode}.");
            }

            await Task.Delay(100);
        }
    }
}

public sealed class RabbitMqReplicasOnSqlite() : RabbitMqReplicas(DatabaseKind.Sqlite);

public sealed class RabbitMqReplicasOnPostgres() : RabbitMqReplicas(DatabaseKind.Postgres);
