using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Together.Api.Data;
using Together.Api.Domain;

/// <summary>
/// Seeds messages into one channel in bulk, past the Api: PostgreSQL through binary COPY, SQLite through one prepared
/// INSERT per row in large transactions with synchronous=OFF for the seeding connection. The columns come from the
/// EF model (value converters applied, computed columns left to the database), so columns other features add to
/// messages are filled with the entity's defaults. Ids are one per millisecond, oldest first, ending a minute before
/// the run, as imported history would be. Content is 6–14 words from a fixed vocabulary of 2,000, so that a search for
/// one word matches about 0.5 % of the messages.
/// </summary>
internal sealed class Seeder(IServiceProvider services, long channelId, long authorId, long totalRows)
{
    public const int Vocabulary = 2_000;

    private readonly long _firstMillisecond = Snowflake.MillisecondsSinceEpoch(DateTimeOffset.UtcNow) - totalRows - 60_000;

    /// <summary>The id of the message at <paramref name="index"/> (0 is the oldest).</summary>
    public long IdAt(long index) => Snowflake.Compose(_firstMillisecond + index, Snowflake.ImportWorkerId - 1, 0);

    public static string Word(int index) => "w" + ((index * 7919L) % 1_000_003).ToString("x", CultureInfo.InvariantCulture);

    public async Task SeedAsync(long from, long to)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        var entity = db.Model.FindEntityType(typeof(Message))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(property => property.GetComputedColumnSql() is null && property.GetColumnName(table) is not null)
            .Select(property => (Property: property, Name: property.GetColumnName(table)!, Mapping: property.GetRelationalTypeMapping()))
            .ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, entity.GetTableName()!, columns, from, to);
        }
        else
        {
            await InsertAsync(connection, entity.GetTableName()!, columns, from, to);
        }

        await SettleAsync(connection, entity.GetTableName()!);

        var newest = IdAt(to - 1);
        await db.Channels.Where(channel => channel.Id == channelId && (channel.LastMessageId == null || channel.LastMessageId < newest))
            .ExecuteUpdateAsync(setters => setters.SetProperty(channel => channel.LastMessageId, newest));
    }

    /// <summary>
    /// Leaves the table as months of normal use would: vacuumed and analysed on PostgreSQL (otherwise autovacuum works
    /// through the fresh rows during the first measurement: P99 over 300 ms), the log checkpointed on SQLite.
    /// </summary>
    private static async Task SettleAsync(DbConnection connection, string tableName)
    {
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = connection is NpgsqlConnection ? $"VACUUM (ANALYZE) \"{tableName}\"" : "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync();
    }

    private Message Row(long index, StringBuilder content)
    {
        content.Clear();
        var random = new Random(unchecked((int)index));
        var words = random.Next(6, 15);
        for (var word = 0; word < words; word++)
        {
            content.Append(word == 0 ? "" : " ").Append(Word(random.Next(Vocabulary)));
        }

        var id = IdAt(index);
        return new Message { Id = id, ChannelId = channelId, AuthorId = authorId, Content = content.ToString(), CreatedAt = Snowflake.CreatedAt(id) };
    }

    private static object? Value(IProperty property, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping mapping, Message message)
    {
        var value = property.GetGetter().GetClrValue(message);
        var converter = property.GetValueConverter() ?? mapping.Converter;
        return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
    }

    private async Task CopyAsync(NpgsqlConnection connection,
        string tableName, List<(IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping)> columns,
        long from, long to)
    {
        var content = new StringBuilder();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{tableName}\" ({string.Join(", ", columns.Select(column => $"\"{column.Name}\""))}) FROM STDIN (FORMAT BINARY)");
        // Completing a copy of millions of rows waits for the server to finish its indexes (the search index's GIN
        // among them): far longer than the connection's 30 s command timeout at 10 M.
        importer.Timeout = TimeSpan.FromHours(1);
        for (var index = from; index < to; index++)
        {
            var message = Row(index, content);
            await importer.StartRowAsync();
            foreach (var (property, _, mapping) in columns)
            {
                if (Value(property, mapping, message) is { } value)
                {
                    await importer.WriteAsync(value, mapping.StoreType);
                }
                else
                {
                    await importer.WriteNullAsync();
                }
            }

            Progress(index, from, to);
        }

        await importer.CompleteAsync();
        Console.Error.WriteLine();
    }

    private async Task InsertAsync(DbConnection connection,
        string tableName, List<(IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping)> columns,
        long from, long to)
    {
        const int perTransaction = 100_000;
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        var content = new StringBuilder();
        for (var start = from; start < to; start += perTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"{tableName}\" ({string.Join(", ", columns.Select(column => $"\"{column.Name}\""))}) "
                + $"VALUES ({string.Join(", ", columns.Select((_, index) => "$p" + index))})";
            var parameters = columns.Select((_, index) =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = "$p" + index;
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            await insert.PrepareAsync();
            for (var index = start; index < Math.Min(to, start + perTransaction); index++)
            {
                var message = Row(index, content);
                for (var column = 0; column < columns.Count; column++)
                {
                    parameters[column].Value = Value(columns[column].Property, columns[column].Mapping, message) ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync();
                Progress(index, from, to);
            }

            await transaction.CommitAsync();
        }

        Console.Error.WriteLine();
    }

    private static void Progress(long index, long from, long to)
    {
        if ((index - from) % 100_000 == 99_999)
        {
            Console.Error.Write($"\rseeding {index + 1:N0} ({from:N0} → {to:N0})");
        }
    }
}
