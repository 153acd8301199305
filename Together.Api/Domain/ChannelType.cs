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

public static class ChannelTypeExtensions
{
    /// <summary>Text channels, DMs and group DMs hold messages; voice channels and categories do not.</summary>
    public static bool HoldsMessages(this ChannelType type) => type is ChannelType.Text or ChannelType.Dm or ChannelType.GroupDm;
}
