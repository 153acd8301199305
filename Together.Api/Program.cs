using Together.Api;
using Together.Api.Cli;
using Together.Api.Infrastructure;

if (TogetherCli.Handles(args))
{
    return await TogetherCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultUrlUnlessConfigured();

builder.AddServiceDefaults();
builder.AddTogetherApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTogetherApi();

await app.RunAsync();
return 0;
