using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Permissions;

namespace Together.Api.Features.AuditLog;

public static class AuditLogApi
{
    public static RouteHandlerBuilder MapAuditLogApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/servers/{id:long}/audit-log", ListAsync)
            .WithTags("Audit log")
            .RequireAuthorization()
            .RequireServerPermission(Permission.ViewAuditLog)
            .WithSummary("The server's audit log, newest first, by actor and action (VIEW_AUDIT_LOG)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Ok<IReadOnlyList<AuditLogEntryDto>>> ListAsync(
        long id,
        long? actorId,
        [StringLength(64)] string? action,
        long? before,
        [Range(1, AuditLogService.MaxLimit)] int? limit,
        AuditLogService auditLog,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await auditLog.ListAsync(id, actorId, action, before, limit ?? AuditLogService.DefaultLimit, cancellationToken));
}
