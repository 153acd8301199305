using System.Security.Cryptography;
using Together.Api.Domain;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Attachments under <c>&lt;data&gt;/attachments/&lt;first two hex digits&gt;/&lt;sha-256 hex&gt;</c>, staged in
/// <c>&lt;data&gt;/attachments/staging/</c> (same file system, so committing is an atomic rename).
/// </summary>
public sealed class FileSystemAttachmentStore(DataDirectory dataDirectory) : IAttachmentStore
{
    private const int BufferBytes = 64 * 1024;

    private readonly string _root = dataDirectory.Combine("attachments");

    private string StagingFolder => Path.Combine(_root, "staging");

    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    public async Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StagingFolder);
        var path = Path.Combine(StagingFolder, $"{Guid.NewGuid():N}.partial");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
            {
                var buffer = new byte[BufferBytes];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw AttachmentErrors.FileTooLarge(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            return new FileStagedBlob(this, path) { Hash = Convert.ToHexStringLower(hash.GetHashAndReset()), Size = size };
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream? Open(string hash)
    {
        if (!IsHash(hash))
        {
            return null;
        }

        try
        {
            return new FileStream(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferBytes, useAsync: true);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Delete(string hash)
    {
        if (IsHash(hash))
        {
            File.Delete(PathOf(hash));
        }
    }

    public IEnumerable<StoredBlob> List()
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(_root, "??"))
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                if (IsHash(file.Name))
                {
                    yield return new StoredBlob(file.Name, file.LastWriteTimeUtc);
                }
            }
        }
    }

    public DateTimeOffset? LastWritten(string hash) =>
        IsHash(hash) && new FileInfo(PathOf(hash)) is { Exists: true } file ? file.LastWriteTimeUtc : null;

    public void DeleteStaleStaging(DateTimeOffset olderThan)
    {
        if (!Directory.Exists(StagingFolder))
        {
            return;
        }

        foreach (var file in new DirectoryInfo(StagingFolder).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < olderThan.UtcDateTime)
            {
                file.Delete();
            }
        }
    }

    private string PathOf(string hash) => Path.Combine(_root, hash[..2], hash);

    private sealed class FileStagedBlob(FileSystemAttachmentStore store, string path) : StagedBlob
    {
        private bool _committed;

        public override Stream OpenRead() =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);

        public override void Commit()
        {
            var target = store.PathOf(Hash);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target))
            {
                // Same bytes already stored: keep that file, and mark it fresh so a sweep that found it unreferenced
                // a moment ago leaves it alone (see AttachmentSweeper).
                File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
                File.Delete(path);
            }
            else
            {
                File.Move(path, target, overwrite: true);
            }

            _committed = true;
        }

        public override void Dispose()
        {
            if (!_committed)
            {
                File.Delete(path);
            }
        }
    }
}
