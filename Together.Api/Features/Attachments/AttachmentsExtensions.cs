namespace Together.Api.Features.Attachments;

public static class AttachmentsExtensions
{
    /// <summary>Uploads, their storage in the data directory, signed URLs and the sweep of unsent uploads.</summary>
    public static IHostApplicationBuilder AddTogetherAttachments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        builder.Services.AddSingleton<AttachmentUrls>();
        builder.Services.AddScoped<AttachmentService>();
        builder.Services.AddSingleton<AttachmentSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AttachmentSweeper>());
        return builder;
    }
}
