using System;
using System.Globalization;
using System.Linq;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The elements a per-element statement runs over: one sample's outputs (literal indices when unrolled, else a loop
/// over <c>j</c>) or a batch's <c>[count × m]</c> matrix restricted to the neurons <c>[from, to)</c> (variables in
/// scope): a loop per row over its elements <c>o</c> (<c>j</c> is the neuron), so threads can share a layer's neurons.
/// The single-sample and batched paths write their per-element formulas through it, so each formula is written once.
/// </summary>
internal sealed class Elements
{
    private readonly int _size;
    private readonly bool _unrolled;

    private Elements(int size, bool unrolled, bool rows)
    {
        _size = size;
        _unrolled = unrolled;
        IsRows = rows;
    }

    /// <summary>One sample's <paramref name="size"/> outputs.</summary>
    public static Elements Sample(int size, bool unrolled) => new(size, unrolled, rows: false);

    /// <summary><c>count</c> rows of <paramref name="size"/> outputs.</summary>
    public static Elements Rows(int size) => new(size, unrolled: false, rows: true);

    public bool IsRows { get; }

    /// <summary>
    /// Writes <paramref name="statement"/>(element, neuron) for every element; the neuron index is only distinct for
    /// rows when <paramref name="needsNeuron"/> (a loop per row then, else one flat loop).
    /// </summary>
    public void Each(SourceWriter w, Func<string, string, string> statement, bool needsNeuron = false)
    {
        if (_unrolled)
        {
            w.Statements(Enumerable.Range(0, _size).Select(j => j.ToString(CultureInfo.InvariantCulture)).Select(j => statement(j, j)));
        }
        else if (!IsRows)
        {
            string body = statement("j", "j");
            if (body.Length > 100)
            {
                w.Line($"for (int j = 0; j < {_size}; j++)");
                w.Line("    " + body);
            }
            else w.Line($"for (int j = 0; j < {_size}; j++) {body}");
        }
        else if (needsNeuron)
        {
            w.Line("for (int r = 0; r < count; r++)");
            w.Line($"    for (int j = from, o = r * {_size} + from; j < to; j++, o++) {statement("o", "j")}");
        }
        else
        {
            w.Line("for (int r = 0; r < count; r++)");
            w.Line($"    for (int o = r * {_size} + from; o < r * {_size} + to; o++) {statement("o", "o")}");
        }
    }

    /// <summary>
    /// <c>target[o] = vector</c> over a batch's elements (neurons <c>[from, to)</c> of each row) a <c>Vector&lt;T&gt;</c>
    /// at a time, where <paramref name="vector"/> reads <c>v</c> loaded from <paramref name="source"/>; the
    /// <paramref name="scalar"/> statement for each row's tail. Same bits either way (the math table's vector forms
    /// are lane-wise copies of the scalar ones), so any split of the neurons gives the same bits.
    /// </summary>
    public void EachVectorized(SourceWriter w, string target, string source, string vector, Func<string, string> scalar)
    {
        using (w.Block("for (int r = 0; r < count; r++)"))
        {
            w.Line($"int o = r * {_size} + from, end = r * {_size} + to;");
            w.Line($"for (; o + {NumericsVectorOfT}.Count <= end; o += {NumericsVectorOfT}.Count)");
            w.Line("{");
            if (System.Text.RegularExpressions.Regex.IsMatch(vector, @"\bv\b")) w.Line($"    var v = new {NumericsVectorOfT}({source}.Slice(o));");
            w.Line($"    ({vector}).CopyTo({target}.Slice(o));");
            w.Line("}");
            w.Line($"for (; o < end; o++) {scalar("o")}");
        }
    }

    /// <summary><c>offset + index</c> as an expression, folded when the index is a literal.</summary>
    public static string At(int offset, string index) =>
        int.TryParse(index, out int literal) ? (offset + literal).ToString(CultureInfo.InvariantCulture)
        : offset == 0 ? index : $"{offset} + {index}";
}
