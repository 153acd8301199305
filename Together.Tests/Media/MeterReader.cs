using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Together.Tests.Media;

/// <summary>Reads one meter's long instruments as an exporter would: last value per (instrument, first tag value).</summary>
internal sealed class MeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Tag), long> _values = new();

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
            _values[(instrument.Name, tags.Length > 0 ? tags[0].Value?.ToString() : null)] = value);
        _listener.Start();
    }

    /// <summary>Observes the observable instruments now, then returns the instrument's value for that tag (0 if none).</summary>
    public long Read(string instrument, string? tag)
    {
        _listener.RecordObservableInstruments();
        return _values.GetValueOrDefault((instrument, tag));
    }

    public void Dispose() => _listener.Dispose();
}
