using Together.Api.Domain;

namespace Together.Api.Features.Attachments;

public static class AttachmentErrors
{
    public static DomainException FileTooLarge(long maxBytes) =>
        new(ErrorKind.TooLarge, ErrorCodes.PayloadTooLarge, $"Files are at most {maxBytes} bytes.");

    public static DomainException TooManyFiles(int max) =>
        DomainException.Validation("files", $"At most {max} files at once.");
}
