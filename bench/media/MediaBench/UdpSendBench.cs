using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Together.Bench.Media;

/// <summary>
/// The cost the forwarding benchmark leaves out: one UDP sendto per forwarded packet, 120-byte datagrams to a
/// loopback port nobody reads (the kernel drops them once its buffer is full, after the send cost was paid).
/// With <c>batch</c> &gt; 1 the same datagrams go <c>batch</c> per <c>sendmmsg</c> (as the node's fan-out does).
/// </summary>
internal sealed class UdpSendBench(int threads, TimeSpan duration, int batch)
{
    public void Run()
    {
        Console.WriteLine($"udp-send: {threads} threads, {duration.TotalSeconds:F0} s, 120-byte datagrams to 127.0.0.1, {(batch > 1 ? $"{batch} per sendmmsg" : "one sendto each")}");
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)sink.LocalEndPoint!).Port).Serialize();
        var counts = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            if (batch > 1)
            {
                counts[t] = SendBatched(((IPEndPoint)sink.LocalEndPoint!).Port);
                return;
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var datagram = new byte[120];
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long sent = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                socket.SendTo(datagram, SocketFlags.None, target);
                sent++;
            }

            counts[t] = sent;
        })).ToArray();
        var started = Stopwatch.GetTimestamp();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        var perSecond = counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"  datagrams sent/s       {perSecond,12:N0}");
        Console.WriteLine($"  streams at 50 pps      {perSecond / 50,12:N0} (send cost alone)");
    }

    private long SendBatched(int port)
    {
        using var socket = new Load.SharedUdpSocket();
        using var queued = new Load.SharedUdpSocket.SendBatch(batch);
        var target = Load.SharedUdpSocket.Destination(new IPEndPoint(IPAddress.Loopback, port));
        var source = Load.SharedUdpSocket.ClientAddress(0);
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < batch; i++)
            {
                queued.Add(source, target, 120);
            }

            socket.Send(queued);
            sent += batch;
        }

        return sent;
    }
}
