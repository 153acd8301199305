using System.Globalization;
using Together.Bench.Media;
using Together.Bench.Media.Load;
using Together.MediaNode.Transport.Srtp;

// dotnet run -c Release --project bench/media/MediaBench -- forward [rooms] [listeners] [threads] [seconds] [cm|gcm]
// dotnet run -c Release --project bench/media/MediaBench -- udp-send [threads] [seconds] [datagrams per sendmmsg]
// dotnet run -c Release --project bench/media/MediaBench -- mouth-to-ear [bursts]
// taskset -c 1 dotnet bench/media/MediaBench/bin/Release/net10.0/MediaBench.dll node [streams,streams,...] [listenersPerRoom] [seconds] [nodeCpu] [nodeRepositoryRoot]
var mode = args.FirstOrDefault() ?? "forward";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "forward":
        var profile = args.Length > 5 && args[5] == "gcm" ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AesCm128HmacSha1_80;
        new ForwardingBench(Arg(1, 100), Arg(2, 9), Arg(3, Environment.ProcessorCount), TimeSpan.FromSeconds(Arg(4, 10)), profile).Run();
        return 0;
    case "udp-send":
        new UdpSendBench(Arg(1, Environment.ProcessorCount), TimeSpan.FromSeconds(Arg(2, 5)), Arg(3, 1)).Run();
        return 0;
    case "mouth-to-ear":
        await new MouthToEarBench(RepositoryRoot(), Arg(1, 20)).RunAsync();
        return 0;
    case "node":
        var steps = (args.Length > 1 ? args[1] : "500,1000,2000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int? nodeCpu = args.Length > 4 ? Arg(4, 0) : null;
        var nodeRoot = args.Length > 5 ? args[5] : RepositoryRoot(); // another checkout's build, to compare node versions
        await new NodeLoadBench(nodeRoot, steps, Arg(2, 9), TimeSpan.FromSeconds(Arg(3, 10)), nodeCpu).RunAsync();
        return 0;
    default:
        Console.Error.WriteLine("modes: forward [rooms] [listeners] [threads] [seconds] [cm|gcm] | udp-send [threads] [seconds] [batch] | mouth-to-ear [bursts] | node [streams,streams,...] [listenersPerRoom] [seconds] [nodeCpu] [nodeRepositoryRoot]");
        return 2;
}

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Together.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
