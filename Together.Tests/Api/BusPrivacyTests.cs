using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>The bus library calls its vendor with usage reports unless told not to; a self-hosted server must not.</summary>
public sealed class BusPrivacyTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public void The_bus_sends_no_usage_telemetry_to_its_vendor()
    {
        var options = api.Host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }
}
