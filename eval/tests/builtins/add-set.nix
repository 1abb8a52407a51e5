# `+` with a set on the left coerces it (its outPath or __toString) and
# gives a string; only a string on the left copies a path to the store.
[
  ({ outPath = "x"; } + "/y")
  ({ outPath = "x"; } + ./store-data/hello.txt)
  ({ __toString = self: "t"; } + { outPath = "o"; })
  ("s" + { outPath = ./store-data/hello.txt; })
]
