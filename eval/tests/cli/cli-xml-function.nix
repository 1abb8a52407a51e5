# A function at the top level is positioned at its pattern.
{ a, b ? 1, ... }: a
