using System.Security.Cryptography;

namespace Together.ServiceDefaults;

/// <summary>
/// Secrets generated on first run and kept in the data directory: created owner-only (600 in a 700 folder), and
/// when two processes of one install race, both end up with the one that was written first. The Api keeps its
/// signing keys with it, and the AppHost the voice-token key pair it hands to the Api and the media node.
/// </summary>
public static class KeyFiles
{
    /// <summary>The P-256 key pair at <paramref name="path"/> (PKCS#8 PEM), generated there on first run.</summary>
    public static P256KeyPair ReadOrCreateP256(string path)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(ReadOrCreate(path, () =>
        {
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return generated.ExportPkcs8PrivateKeyPem();
        }));
        if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidOperationException($"{path} does not hold a P-256 key.");
        }

        return new P256KeyPair(key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    public static string ReadOrCreate(string path, Func<string> create) => ReadOrCreate(path, create, out _);

    public static string ReadOrCreate(string path, Func<string> create, out bool created)
    {
        created = false;
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var contents = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(contents);
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        created = true;
        return contents;
    }
}

/// <summary>Both halves of a P-256 key as PEM: PKCS#8 (signs) and SubjectPublicKeyInfo (verifies).</summary>
public sealed record P256KeyPair(string PrivateKeyPem, string PublicKeyPem);
