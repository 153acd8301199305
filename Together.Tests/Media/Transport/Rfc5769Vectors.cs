namespace Together.Tests.Media.Transport;

/// <summary>The test vectors of RFC 5769 §2.1–§2.3 (password "VOkJxbRl1RmTxUk/WvJxBt").</summary>
internal static class Rfc5769Vectors
{
    public static byte[] Request => Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74" +
        "002400046e0001ff80290008932ff9b151263b36000600096576746a3a6836765920202000080014" +
        "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");

    public static byte[] IPv4Response => Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f722000200008" +
        "0001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

    public static byte[] IPv6Response => Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f722000200014" +
        "0002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275" +
        "bfe3ed4180280004c8fb0b4c");
}
