using NetGen.Kernels;

namespace NetGen.Tests.Speed;

/// <summary>
/// <see cref="MatrixKernels.MultiplyAdd{T}(ReadOnlySpan{T}, int, int, int, int, ReadOnlySpan{T}, int, Span{T}, bool)"/>
/// against the plain triple loop. Every element is a chain of fused multiply-adds in increasing k whatever the
/// register blocking (8 or 4 rows, 2 or 1 vectors, scalar tails), so the kernel must give the loop's bits exactly.
/// The sizes cover full blocks, every kind of row and column remainder, inner sizes split into several cache blocks,
/// and A given transposed by its strides.
/// </summary>
public sealed class MatrixKernelTests
{
    public static TheoryData<int, int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (int rows in new[] { 1, 3, 4, 5, 8, 9, 13, 16, 32, 37 })
            foreach (int columns in new[] { 1, 3, 4, 7, 8, 10, 16, 17, 31, 32, 33, 48, 70, 128 })
                data.Add(rows, 1 + (rows * 7 + columns) % 29, columns, (rows + columns) % 2 == 0);
        // Inner sizes past one L2 block (128 KB of B): several blocks, the last one partial.
        foreach (var (rows, inner, columns) in new[] { (9, 784, 128), (32, 300, 200), (5, 1100, 33), (2, 5000, 7) })
            foreach (bool transposed in new[] { false, true })
                data.Add(rows, inner, columns, transposed);
        return data;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Float_product_equals_the_plain_loop_bit_for_bit(int rows, int inner, int columns, bool transposedA) =>
        Check(rows, inner, columns, transposedA, (x, y, z) => MathF.FusedMultiplyAdd(x, y, z), v => (float)v);

    [Theory, MemberData(nameof(Shapes))]
    public void Double_product_equals_the_plain_loop_bit_for_bit(int rows, int inner, int columns, bool transposedA) =>
        Check(rows, inner, columns, transposedA, Math.FusedMultiplyAdd, v => v);

    private static void Check<T>(int rows, int inner, int columns, bool transposedA, Func<T, T, T, T> fma, Func<double, T> from)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 1000 + inner * 10 + columns);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => from(random.NextDouble() * 2 - 1)).ToArray();
        var a = Fill(rows * inner);
        var b = Fill(inner * columns);
        var start = Fill(rows * columns);
        // A's element (r, k) at r*rowStride + k*innerStride: row-major, or the transpose of an inner×rows matrix.
        int rowStride = transposedA ? 1 : inner, innerStride = transposedA ? rows : 1;

        foreach (bool accumulate in new[] { true, false })
        {
            var expected = accumulate ? (T[])start.Clone() : new T[rows * columns];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < columns; j++)
                {
                    T sum = expected[r * columns + j];
                    for (int k = 0; k < inner; k++) sum = fma(a[r * rowStride + k * innerStride], b[k * columns + j], sum);
                    expected[r * columns + j] = sum;
                }

            var actual = accumulate ? (T[])start.Clone() : Fill(rows * columns); // overwrite mode must not read C
            MatrixKernels.MultiplyAdd<T>(a, rowStride, innerStride, rows, inner, b, columns, actual, accumulate);
            Assert.Equal(expected, actual);
        }
    }
}
