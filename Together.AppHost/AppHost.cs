using Together.AppHost;
using Together.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var database = builder.AddTogetherDatabase();

var mediaNode = builder.AddProject<Projects.Together_MediaNode>(ResourceNames.MediaNode)
    .WithMediaSettings()
    .WithHealthEndpoint();

var api = builder.AddProject<Projects.Together_Api>(ResourceNames.Api)
    .WithReference(database)
    .WaitFor(database)
    .WithVoiceSettings()
    .WithHealthEndpoint();

AppHostExtensions.ConnectVoice(api, mediaNode);
builder.AddHostTurn(api);

builder.AddProject<Projects.Together_Web>(ResourceNames.Web)
    .WithReference(api)
    .WithReference(mediaNode)
    .WaitFor(api)
    .WithPublicWebPort()
    .WithHealthEndpoint();

builder.Build().Run();
