using System;

namespace NetGen.Generator.Emitting;

internal static class Elementwise
{
    /// <summary>
    /// Writes <paramref name="statement"/> for every index in [0, count): one line per index when unrolled
    /// (indices become literals the JIT can fold), otherwise one loop over <c>j</c>.
    /// </summary>
    public static void ForEach(SourceWriter writer, int count, bool unrolled, Func<string, string> statement, string index = "j")
    {
        if (unrolled)
        {
            for (int j = 0; j < count; j++) writer.Line(statement(j.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }
        writer.Line($"for (int {index} = 0; {index} < {count}; {index}++)");
        writer.Indent();
        writer.Line(statement(index));
        writer.Outdent();
    }

    /// <summary><c>offset + index</c> as an expression, folded when the index is a literal.</summary>
    public static string At(int offset, string index) =>
        int.TryParse(index, out int literal) ? (offset + literal).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : offset == 0 ? index : $"{offset} + {index}";
}
