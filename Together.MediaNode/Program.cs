using Together.MediaNode;
using Together.MediaNode.Probe;

if (args is [ProbeCommand.Name, .. var probeArgs])
{
    return await ProbeCommand.RunAsync(probeArgs, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMediaNode();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMediaNode();

await app.RunAsync();
return 0;
