using System.Globalization;
using Together.Bench.Media;

// dotnet run -c Release --project bench/media/MediaBench -- forward [rooms] [listeners] [threads] [seconds]
var mode = args.FirstOrDefault() ?? "forward";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "forward":
        new ForwardingBench(Arg(1, 100), Arg(2, 9), Arg(3, Environment.ProcessorCount), TimeSpan.FromSeconds(Arg(4, 10))).Run();
        return 0;
    default:
        Console.Error.WriteLine("modes: forward [rooms] [listeners] [threads] [seconds]");
        return 2;
}
