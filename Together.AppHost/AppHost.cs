using Together.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var mediaNode = builder.AddProject<Projects.Together_MediaNode>(ResourceNames.MediaNode)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.Together_Api>(ResourceNames.Api)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Together_Web>(ResourceNames.Web)
    .WithReference(api)
    .WithReference(mediaNode)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
