using Microsoft.Extensions.Configuration;
using Together.AppHost.HostPostgres;
using Together.ServiceDefaults;

namespace Together.AppHost;

internal static class AppHostExtensions
{
    private const string HealthPath = "/health";

    /// <summary>
    /// The <c>together</c> database, in the first shape that applies: an existing connection string
    /// (<c>ConnectionStrings:together</c>), a PostgreSQL container where a container runtime answers,
    /// or the host's own PostgreSQL binaries.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddTogetherDatabase(this IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Database)))
        {
            return builder.AddConnectionString(ResourceNames.Database);
        }

        var settings = AppHostSettings.From(builder.Configuration, builder.AppHostDirectory);
        var useContainer = settings.PostgresMode switch
        {
            PostgresMode.Container => true,
            PostgresMode.Executable => false,
            _ => ContainerRuntime.IsHealthy(builder.Configuration),
        };

        if (useContainer)
        {
            return builder.AddPostgres(ResourceNames.Postgres).WithDataVolume().AddDatabase(ResourceNames.Database);
        }

        return OperatingSystem.IsWindows()
            ? throw new InvalidOperationException("Without a container runtime, set ConnectionStrings:together on Windows.")
            : builder.AddHostPostgres(settings);
    }

    /// <summary>
    /// Gives the project an http endpoint when its launch profile does not, and marks it healthy only when
    /// its <c>/health</c> answers 200.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHealthEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        var hasHttpEndpoint = project.Resource.Annotations
            .OfType<EndpointAnnotation>()
            .Any(endpoint => endpoint.Name == "http");

        if (!hasHttpEndpoint)
        {
            project.WithHttpEndpoint(name: "http");
        }

        return project.WithHttpHealthCheck(HealthPath);
    }
}
