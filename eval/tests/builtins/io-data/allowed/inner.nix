# Relative paths resolve against this file's directory.
{ sub = import ./sub; text = builtins.readFile ./lib/data.txt; }
