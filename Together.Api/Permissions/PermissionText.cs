using System.Globalization;

namespace Together.Api.Permissions;

/// <summary>Permission bits as they travel in JSON: a decimal string, since 64 bits do not fit a JavaScript number.</summary>
public static class PermissionText
{
    public static string Format(Permission permissions) => ((ulong)permissions).ToString(CultureInfo.InvariantCulture);

    /// <summary>Digits only, and only bits Together knows (<see cref="PermissionSets.All"/>).</summary>
    public static bool TryParse(string? value, out Permission permissions)
    {
        permissions = Permission.None;
        if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            || (bits & ~(ulong)PermissionSets.All) != 0)
        {
            return false;
        }

        permissions = (Permission)bits;
        return true;
    }
}
