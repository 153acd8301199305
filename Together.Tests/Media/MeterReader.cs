using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Together.Tests.Media;

/// <summary>
/// Reads one meter's instruments as an exporter would: last value per (instrument, first tag value), the sum of
/// everything an instrument recorded, and every tag any measurement carried.
/// </summary>
internal sealed class MeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Tag), long> _values = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentBag<(string Instrument, string Key, string? Value)> _tags = [];

    public MeterReader(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _values[(instrument.Name, tags.Length > 0 ? tags[0].Value?.ToString() : null)] = value;
            Record(instrument, value, tags);
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            _values[(instrument.Name, tags.Length > 0 ? tags[0].Value?.ToString() : null)] = value;
            Record(instrument, value, tags);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every (instrument, tag key, tag value) measured so far, observable instruments observed now.</summary>
    public IReadOnlyCollection<(string Instrument, string Key, string? Value)> Tags
    {
        get
        {
            _listener.RecordObservableInstruments();
            return _tags;
        }
    }

    /// <summary>Observes the observable instruments now, then returns the instrument's value for that tag (0 if none).</summary>
    public long Read(string instrument, string? tag)
    {
        _listener.RecordObservableInstruments();
        return _values.GetValueOrDefault((instrument, tag));
    }

    /// <summary>Everything a counter added or a histogram recorded, summed.</summary>
    public double Sum(string instrument) => _sums.GetValueOrDefault(instrument);

    /// <summary>How many measurements an instrument made.</summary>
    public int Count(string instrument) => _counts.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        _counts.AddOrUpdate(instrument.Name, 1, (_, count) => count + 1);
        foreach (var tag in tags)
        {
            _tags.Add((instrument.Name, tag.Key, tag.Value?.ToString()));
        }
    }
}
