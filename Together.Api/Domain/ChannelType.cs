namespace Together.Api.Domain;

/// <summary>Stored as these names; the API sends them lower-case (<c>text</c>, <c>voice</c>, ...).</summary>
public enum ChannelType
{
    Text,
    Voice,
    Category,
    Dm,
    GroupDm,
}
