namespace Together.Api;

/// <summary>
/// Names the Api assembly where a type is needed (for example <c>WebApplicationFactory&lt;ApiAssembly&gt;</c>),
/// since every service's top-level <c>Program</c> is called the same.
/// </summary>
public sealed class ApiAssembly;
