using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Features.Servers;
using Together.Api.Permissions;

namespace Together.Tests.Infrastructure;

/// <summary>A server made through the API, with the ids tests need most.</summary>
public sealed record TestServer(ServerStateDto State)
{
    public string Id => State.Id;

    public long LongId => long.Parse(Id, CultureInfo.InvariantCulture);

    /// <summary>The @everyone role: its id is the server's.</summary>
    public string EveryoneRoleId => Id;

    public string TextChannelId => State.Channels.Single(channel => channel.Type == "text").Id;

    public string VoiceChannelId => State.Channels.Single(channel => channel.Type == "voice").Id;
}

/// <summary>Intent-named helpers for servers, members and roles.</summary>
public static class ServerTestExtensions
{
    public static async Task<TestServer> CreateServerAsync(this TogetherApiHost host, TestUser owner, string name = "Test server")
    {
        using var client = host.ClientFor(owner.AccessToken);
        using var response = await client.PostAsJsonAsync("/api/servers", new { name });
        return new TestServer(await response.ReadAsync<ServerStateDto>(HttpStatusCode.Created));
    }

    /// <summary>A text channel made through the API by someone who may; returns its id.</summary>
    public static async Task<string> CreateTextChannelAsync(this TogetherApiHost host, TestUser creator, TestServer server, string name)
    {
        using var client = host.ClientFor(creator.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name });
        return (await response.ReadAsync<ChannelDto>(HttpStatusCode.Created)).Id;
    }

    /// <summary>A new owner, their new server, and a new user who has joined it without any role.</summary>
    public static async Task<(TestUser Owner, TestUser Member, TestServer Server)> CreateServerWithMemberAsync(this TogetherApiHost host)
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        return (owner, member, server);
    }

    /// <summary>
    /// Makes <paramref name="user"/> a member directly in the database (invites are their own feature) and announces
    /// it on the bus as joining does, so the user's gateway connections join the server's group.
    /// </summary>
    public static async Task JoinAsync(this TogetherApiHost host, TestServer server, TestUser user)
    {
        var userId = long.Parse(user.Id, CultureInfo.InvariantCulture);
        await host.ExecuteAsync(async db =>
        {
            db.Members.Add(new Member { ServerId = server.LongId, UserId = userId, JoinedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        await host.Services.GetRequiredService<IBus>().Publish(new ServerMembershipChanged(server.LongId, userId, IsMember: true));
    }

    /// <summary>
    /// Creates a role holding <paramref name="permissions"/> directly above every existing role, gives it to the
    /// member, and returns its id.
    /// </summary>
    public static async Task<string> GrantAsync(this TogetherApiHost host, TestServer server, TestUser member, Permission permissions)
    {
        var roleId = await host.CreateRoleAsync(server, permissions);
        await host.AssignRoleAsync(server, member, roleId);
        return roleId;
    }

    /// <summary>A role directly in the database, above every existing role.</summary>
    public static async Task<string> CreateRoleAsync(this TogetherApiHost host, TestServer server, Permission permissions, string name = "granted")
    {
        var roleId = host.Services.GetRequiredService<SnowflakeGenerator>().NewId();
        await host.ExecuteAsync(async db =>
        {
            var top = await db.Roles.Where(role => role.ServerId == server.LongId).MaxAsync(role => role.Position);
            db.Roles.Add(new Role
            {
                Id = roleId, ServerId = server.LongId, Name = name, Permissions = permissions, Position = top + 1,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return Snowflake.Format(roleId);
    }

    public static Task AssignRoleAsync(this TogetherApiHost host, TestServer server, TestUser member, string roleId) =>
        host.ExecuteAsync(async db =>
        {
            db.MemberRoles.Add(new MemberRole
            {
                ServerId = server.LongId,
                UserId = long.Parse(member.Id, CultureInfo.InvariantCulture),
                RoleId = long.Parse(roleId, CultureInfo.InvariantCulture),
            });
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// Runs a write straight against the database. Bulk updates and deletes pass the change tracker, so the
    /// permission cache is emptied afterwards, as the product does after its own bulk deletes of members.
    /// </summary>
    public static async Task ExecuteAsync(this TogetherApiHost host, Func<TogetherDbContext, Task> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TogetherDbContext>());
        host.Services.GetRequiredService<PermissionSnapshotCache>().Invalidate();
    }
}
