using MassTransit;
using Microsoft.Extensions.Options;
using Together.Api.Gateway;

namespace Together.Api.Infrastructure.Bus;

public static class BusExtensions
{
    private const string MassTransitHealthTag = "masstransit";

    /// <summary>Consumers in Gateway/: they push to this process's connections, so each replica needs every event.</summary>
    private static readonly Type[] GatewayConsumers =
        typeof(BusExtensions).Assembly.GetTypes().Where(IsGatewayConsumer).ToArray();

    /// <summary>
    /// MassTransit 8 (Apache-2.0; 9.x needs a commercial licence, never upgrade to it): the in-memory transport,
    /// or RabbitMQ when <c>Bus:RabbitMq</c> is set. Consumers come from this assembly; gateway consumers get an
    /// endpoint of their own per process (see <see cref="ConfigureGatewayEndpoint"/>), every other consumer a
    /// shared kebab-case queue where replicas compete for messages.
    /// </summary>
    public static IHostApplicationBuilder AddTogetherBus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BusOptions>().BindConfiguration(BusOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit reports usage to its vendor (usage-tracking.masstransit.io) unless told not to: a self-hosted
            // server makes no call its operator did not ask for.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumers(type => !IsGatewayConsumer(type), typeof(BusExtensions).Assembly);
            foreach (var consumer in GatewayConsumers)
            {
                bus.AddConsumer(consumer).ExcludeFromConfigureEndpoints();
            }

            // The bus check reads in-process state only, so it costs /health nothing; it decides readiness only
            // when a broker can be away. The in-memory bus cannot fail, and counting it while it starts would only
            // make a cold /health flaky.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Tags.Clear();
                health.Tags.Add(MassTransitHealthTag);
                if (options.UsesRabbitMq)
                {
                    health.Tags.Add(Extensions.ReadyTag);
                }
            });

            if (options.UsesRabbitMq)
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    // Through IOptions, so a malformed URI fails with the options' own message, not MassTransit's.
                    rabbit.Host(new Uri(context.GetRequiredService<IOptions<BusOptions>>().Value.RabbitMq!));
                    ConfigureGatewayEndpoint(context, rabbit);
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) =>
                {
                    ConfigureGatewayEndpoint(context, memory);
                    memory.ConfigureEndpoints(context);
                });
            }
        });

        // In memory the bus is up in milliseconds, and waiting for it means nothing published right after start is
        // lost. A broker that is down must not stop the process from starting: readiness reports it instead.
        builder.Services.Configure<MassTransitHostOptions>(host => host.WaitUntilStarted = !options.UsesRabbitMq);
        return builder;
    }

    /// <summary>
    /// A gateway consumer pushes events to the SignalR connections of THIS process, so every Api replica must see
    /// every event: a shared queue would hand each event to one replica only, and the users connected to the others
    /// would miss it. Each process therefore declares a temporary endpoint (a uniquely named, non-durable,
    /// auto-delete queue bound to the same exchanges): fan-out to all replicas, and nothing piles up for a replica
    /// that has gone. One message at a time keeps events in publish order, which clients rely on; the dispatch it
    /// runs only enqueues (<see cref="GatewayConnection"/>), so a slow client cannot hold it up.
    /// </summary>
    private static void ConfigureGatewayEndpoint(IBusRegistrationContext context, IBusFactoryConfigurator bus) =>
        bus.ReceiveEndpoint(new TemporaryEndpointDefinition("gateway", concurrentMessageLimit: 1), endpoint =>
        {
            foreach (var consumer in GatewayConsumers)
            {
                endpoint.ConfigureConsumer(context, consumer);
            }
        });

    private static bool IsGatewayConsumer(Type type) =>
        type is { IsClass: true, IsAbstract: false, Namespace: not null }
        && type.Namespace.StartsWith(typeof(GatewayHub).Namespace!, StringComparison.Ordinal)
        && type.GetInterfaces().Any(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IConsumer<>));
}
