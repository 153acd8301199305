using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Together.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The cross-cutting defaults every Together service shares: telemetry, health, service discovery and
/// resilient HTTP clients. The shape follows the .NET Aspire service-defaults template, plus a Prometheus
/// scrape endpoint so a self-hoster can point any Prometheus at <c>/metrics</c>.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>Tag of the health checks that decide readiness (for example "the database answers").</summary>
    public const string ReadyTag = "ready";

    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        ManagementPorts.AddTo(builder);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry();

        // Aspire names each service through OTEL_SERVICE_NAME; standalone, /metrics still says which process it is.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName));
        }

        telemetry
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Together.*")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Together.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes and scrapes every few seconds would drown the traces that matter. A WebSocket request
                    // lasts as long as its socket (hours for the gateway): its span would be exported only when it
                    // closes, and until then each connection would hold the activity's tags.
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path) && !IsUpgrade(context))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> answers healthy only when every readiness check passes; <c>/alive</c> only says the
    /// process is running; <c>/metrics</c> is the Prometheus scrape endpoint. With <c>Together:ManagementUrls</c>
    /// set, <c>/metrics</c> and a detailed <c>/health</c> (JSON, each check) answer only on the management
    /// addresses, and the public <c>/health</c> stays a bare 200/503 for load balancers.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var readiness = new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(LiveTag) };
        var health = app.MapHealthChecks(HealthEndpointPath, readiness).DisableHttpMetrics();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        }).DisableHttpMetrics();
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).DisableHttpMetrics();

        if (app.Services.GetRequiredService<ManagementPorts>().IsConfigured)
        {
            health.WithMetadata(ManagementEndpoint.PublicPortOnly);
            metrics.WithMetadata(ManagementEndpoint.ManagementPortOnly);
            app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
            {
                Predicate = readiness.Predicate,
                ResponseWriter = WriteHealthDetailsAsync,
            }).DisableHttpMetrics().WithMetadata(ManagementEndpoint.ManagementPortOnly);
        }

        return app;
    }

    /// <summary>Each check's status, duration and description; for operators, never for the public port.</summary>
    private static async Task WriteHealthDetailsAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", report.TotalDuration.TotalMilliseconds);
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteNumber("durationMs", entry.Duration.TotalMilliseconds);
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);
}
