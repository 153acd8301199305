using Together.Api;
using Together.Api.Cli;

if (TogetherCli.Handles(args))
{
    return await TogetherCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTogetherApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTogetherApi();

await app.RunAsync();
return 0;
