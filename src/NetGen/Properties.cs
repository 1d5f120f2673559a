using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NetGen.Tests")]
[assembly: InternalsVisibleTo("NetGen.Generator.Tests")]
