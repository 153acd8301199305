using System.ComponentModel.DataAnnotations;

namespace Together.Api.Infrastructure.Bus;

/// <summary>The <c>Bus</c> section: which transport carries domain events between features and the gateway.</summary>
public sealed class BusOptions : IValidatableObject
{
    public const string SectionName = "Bus";

    /// <summary>
    /// RabbitMQ connection URI (<c>amqp://user:pass@host:5672/vhost</c>, or <c>amqps://</c>). Unset: the in-memory
    /// bus, which is right for one Api process and wrong for several.
    /// </summary>
    public string? RabbitMq { get; set; }

    public bool UsesRabbitMq => !string.IsNullOrWhiteSpace(RabbitMq);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesRabbitMq && !IsAmqpUri(RabbitMq!))
        {
            yield return new ValidationResult(
                "Bus:RabbitMq must be an amqp:// or amqps:// URI, for example amqp://user:pass@host:5672/vhost.",
                [nameof(RabbitMq)]);
        }
    }

    private static bool IsAmqpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" && uri.Host.Length > 0;
}
