using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Together.Api.Permissions;

namespace Together.Api.Data.Configurations;

/// <summary>
/// Permission bits stored as a signed 64-bit integer with the same bits: neither SQLite nor PostgreSQL has an
/// unsigned 64-bit column, and the bits matter, not the number.
/// </summary>
internal sealed class PermissionConversion() : ValueConverter<Permission, long>(
    permission => unchecked((long)(ulong)permission),
    stored => (Permission)unchecked((ulong)stored));
