using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Together.MediaNode.Control;

/// <summary>
/// A standalone node's reports: POSTed as JSON to <see cref="MediaNodeOptions.ReportUrl"/> (the Api's
/// <c>/api/internal/media/reports</c>) with the shared <see cref="MediaNodeOptions.ControlApiKey"/> in
/// <see cref="ControlApi.KeyHeader"/>, the same key the Api presents to the node's control API.
/// </summary>
public sealed class HttpNodeReportSink(HttpClient http, IOptions<MediaNodeOptions> options) : INodeReportSink
{
    public async Task DeliverAsync(NodeReport report, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.ReportUrl)
        {
            Content = JsonContent.Create(report),
        };
        request.Headers.Add(ControlApi.KeyHeader, options.Value.ControlApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
