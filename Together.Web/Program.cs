using Together.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTogetherEdge();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTogetherEdge();

app.Run();
