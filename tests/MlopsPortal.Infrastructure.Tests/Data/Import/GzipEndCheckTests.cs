using System.IO.Compression;
using System.Text;
using MlopsPortal.Infrastructure.Data.Import;

namespace MlopsPortal.Infrastructure.Tests.Data.Import;

/// <summary>The gzip end check: whole files inflate, cut-off ones are refused, bgzip files of many members are whole.</summary>
public sealed class GzipEndCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Text = string.Concat(Enumerable.Range(1, 40_000).Select(i => $"{i},name{i},{i * 7 % 1000}\n"));

    /// <summary>One gzip member of <paramref name="data"/>, with bgzip's BC extra field (BSIZE = member size - 1) when asked.</summary>
    private static byte[] Member(ReadOnlySpan<byte> data, bool sized)
    {
        var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(data);
        var plain = buffer.ToArray();
        if (!sized) return plain;
        var member = new byte[plain.Length + 8];
        plain.AsSpan(0, 10).CopyTo(member);
        member[3] |= 4; // FEXTRA
        member[10] = 6; // XLEN
        member[12] = (byte)'B'; member[13] = (byte)'C'; member[14] = 2;
        var bsize = member.Length - 1;
        member[16] = (byte)bsize; member[17] = (byte)(bsize >> 8);
        plain.AsSpan(10).CopyTo(member.AsSpan(18));
        return member;
    }

    /// <summary>bgzip's EOF marker: an empty member with BSIZE 27.</summary>
    private static readonly byte[] BgzipEof =
        [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, (byte)'B', (byte)'C', 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>bgzip-style: members of at most 60,000 input bytes (so BSIZE fits 16 bits), then bgzip's empty EOF member.</summary>
    private static byte[] Bgzip(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var file = new MemoryStream();
        for (var at = 0; at < bytes.Length; at += 60_000)
            file.Write(Member(bytes.AsSpan(at, Math.Min(60_000, bytes.Length - at)), sized: true));
        file.Write(BgzipEof);
        return file.ToArray();
    }

    /// <summary>Inflates through the check as the importer does, in reads of <paramref name="chunk"/> compressed bytes at most.</summary>
    private static async Task<string> InflateAsync(byte[] compressed, int chunk)
    {
        var tail = new GzipEndCheck.Tail(new Trickle(compressed, chunk));
        await using var inflated = new GZipStream(tail, CompressionMode.Decompress);
        using var reader = new StreamReader(new GzipEndCheck.Inflated(inflated, tail), Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    public async Task A_bgzip_file_of_several_members_inflates_whole(int chunk)
    {
        var file = Bgzip(Text);
        Assert.True(file.Length > 3 * 4_000); // several members

        Assert.Equal(Text, await InflateAsync(file, chunk));
    }

    [Fact]
    public async Task A_single_member_file_inflates_whole()
    {
        Assert.Equal(Text, await InflateAsync(Member(Encoding.UTF8.GetBytes(Text), sized: false), 8_192));
        Assert.Equal(Text, await InflateAsync(Member(Encoding.UTF8.GetBytes(Text), sized: true), 8_192));
    }

    [Fact]
    public async Task A_cut_off_bgzip_or_gzip_file_is_refused()
    {
        var bgzip = Bgzip(Text);
        var gzip = Member(Encoding.UTF8.GetBytes(Text), sized: false);
        // Two whole members and no EOF member: cut between members. (A cut right after the first member is a valid
        // one-member file and cannot be told apart.)
        var boundary = Member(Encoding.UTF8.GetBytes(Text[..60_000]), sized: true).Length + Member(Encoding.UTF8.GetBytes(Text[60_000..120_000]), sized: true).Length;
        foreach (var (file, cut) in new[] { (bgzip, boundary), (bgzip, 5), (bgzip, 12), (bgzip, bgzip.Length / 3), (bgzip, bgzip.Length / 2 + 1), (bgzip, bgzip.Length - 30), (bgzip, bgzip.Length - 1), (gzip, gzip.Length / 2), (gzip, gzip.Length - 3) })
            await Assert.ThrowsAsync<InvalidDataException>(() => InflateAsync(file[..cut], 4_096));
    }

    [Fact]
    public async Task A_plain_concatenation_of_members_without_sizes_is_still_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Text);
        var half = bytes.Length / 2;
        var file = Member(bytes.AsSpan(0, half), sized: false).Concat(Member(bytes.AsSpan(half), sized: false)).ToArray();

        await Assert.ThrowsAsync<InvalidDataException>(() => InflateAsync(file, 4_096));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, so member boundaries fall inside and between reads.</summary>
    private sealed class Trickle(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
