using System.Security.Cryptography;

namespace Together.AppHost;

/// <summary>
/// The P-256 key pair that signs and verifies voice tokens in the distributed shape, where the Api and the media
/// node are separate processes. Generated on first run and kept in the AppHost's data directory, so tokens stay
/// valid across restarts; the Api is given the private half and the media node the public half.
/// </summary>
internal sealed class VoiceTokenKey
{
    private const string FileName = "voice-token-key.pem";

    private VoiceTokenKey(string privateKeyPem, string publicKeyPem)
    {
        PrivateKeyPem = privateKeyPem;
        PublicKeyPem = publicKeyPem;
    }

    /// <summary>PKCS#8 PEM: what the Api signs voice tokens with (<c>Voice:SigningKey</c>).</summary>
    public string PrivateKeyPem { get; }

    /// <summary>SubjectPublicKeyInfo PEM: what the media node verifies them with (<c>Media:TokenPublicKey</c>).</summary>
    public string PublicKeyPem { get; }

    public static VoiceTokenKey LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        using var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            WriteOwnerOnly(path, key.ExportPkcs8PrivateKeyPem());
        }

        return new VoiceTokenKey(key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    private static void WriteOwnerOnly(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(contents);
    }
}
