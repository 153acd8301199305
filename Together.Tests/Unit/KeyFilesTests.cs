using System.Security.Cryptography;
using Together.ServiceDefaults;

namespace Together.Tests.Unit;

public sealed class KeyFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("together-keys-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_P256_key_pair_is_generated_owner_only_once_and_read_back_after()
    {
        var path = Path.Combine(_root, "keys", "voice-token.pem");

        var first = KeyFiles.ReadOrCreateP256(path);
        var second = KeyFiles.ReadOrCreateP256(path);

        Assert.Equal(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(path).UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            new DirectoryInfo(Path.GetDirectoryName(path)!).UnixFileMode);
        using var key = ECDsa.Create();
        key.ImportFromPem(first.PublicKeyPem);
        Assert.Equal(256, key.KeySize);
    }

    [Fact]
    public void A_file_holding_another_curve_is_refused()
    {
        var path = Path.Combine(_root, "p384.pem");
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(path, p384.ExportPkcs8PrivateKeyPem());

        var failure = Assert.Throws<InvalidOperationException>(() => KeyFiles.ReadOrCreateP256(path));
        Assert.Contains("P-256", failure.Message, StringComparison.Ordinal);
    }
}
