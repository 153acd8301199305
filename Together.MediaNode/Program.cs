using Together.MediaNode;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMediaNode();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMediaNode();

app.Run();
