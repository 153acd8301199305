using Together.Api.Features.AuditLog;

namespace Together.Api.Permissions;

public static class PermissionExtensions
{
    /// <summary>Permission checks and the audit log: what every server feature (and the admin CLI) uses.</summary>
    public static IServiceCollection AddTogetherPermissions(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<PermissionService>();
        services.AddScoped<AuditLogWriter>();
        services.AddScoped<AuditLogService>();
        return services;
    }
}
