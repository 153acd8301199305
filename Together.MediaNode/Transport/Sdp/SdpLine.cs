namespace Together.MediaNode.Transport.Sdp;

/// <summary>One "&lt;type&gt;=&lt;value&gt;" line of an SDP (RFC 8866 §5). Attributes are "a=name" or "a=name:value".</summary>
public readonly record struct SdpLine(char Type, string Value)
{
    public bool IsAttribute => Type == 'a';

    public string AttributeName
    {
        get
        {
            var colon = Value.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? Value : Value[..colon];
        }
    }

    /// <summary>What follows "name:", or null for a flag attribute such as "a=rtcp-mux".</summary>
    public string? AttributeValue
    {
        get
        {
            var colon = Value.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : Value[(colon + 1)..];
        }
    }

    public static SdpLine Attribute(string name, string? value = null) => new('a', value is null ? name : $"{name}:{value}");

    public override string ToString() => $"{Type}={Value}";
}
