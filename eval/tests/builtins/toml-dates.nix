# Dates need the experimental feature parse-toml-timestamps.
builtins.fromTOML "d = 1979-05-27"
