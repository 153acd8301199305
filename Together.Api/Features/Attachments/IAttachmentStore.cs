namespace Together.Api.Features.Attachments;

/// <summary>
/// Where attachment bytes live, named by the lower-case hex SHA-256 of their content: the local data directory
/// today (<see cref="FileSystemAttachmentStore"/>), S3-compatible storage later. Callers never build paths or keys:
/// the hash is the only name, so nothing a client sends reaches the storage's namespace.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>
    /// Copies <paramref name="content"/> aside while hashing it. Throws a 413 <see cref="Domain.DomainException"/> past
    /// <paramref name="maxBytes"/>; whatever happens, nothing is left behind unless the result is committed.
    /// </summary>
    Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The stored bytes (seekable), or null when there are none under that hash.</summary>
    Stream? Open(string hash);

    void Delete(string hash);

    /// <summary>Every stored hash with when it was last written or committed again, for the orphan sweep.</summary>
    IEnumerable<StoredBlob> List();

    /// <summary>When the bytes under <paramref name="hash"/> were last written or committed again; null when there are none.</summary>
    DateTimeOffset? LastWritten(string hash);

    /// <summary>Removes staging leftovers (of a crashed process) older than <paramref name="olderThan"/>.</summary>
    void DeleteStaleStaging(DateTimeOffset olderThan);
}

public readonly record struct StoredBlob(string Hash, DateTimeOffset LastWritten);

/// <summary>Bytes copied aside and hashed, not yet visible under their hash; disposing without committing deletes them.</summary>
public abstract class StagedBlob : IDisposable
{
    public required string Hash { get; init; }

    public required long Size { get; init; }

    /// <summary>Reads the staged bytes (seekable), to sniff their type and dimensions before committing.</summary>
    public abstract Stream OpenRead();

    /// <summary>Makes the bytes readable under <see cref="Hash"/>; when they already are, marks them as just written.</summary>
    public abstract void Commit();

    public abstract void Dispose();
}
