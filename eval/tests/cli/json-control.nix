# Control characters in JSON strings are escaped like nlohmann::json does
# (DEL and non-ASCII are not).
builtins.fromJSON ''"\b\f\n\r\t\u0001\u001f\u007f\u00e9\u2028 /"''
