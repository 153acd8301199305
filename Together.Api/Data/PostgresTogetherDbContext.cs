using Microsoft.EntityFrameworkCore;

namespace Together.Api.Data;

public sealed class PostgresTogetherDbContext(DbContextOptions<PostgresTogetherDbContext> options) : TogetherDbContext(options);
