{
  boolean = true;
  int8 = -128;
  int16 = 32767;
  int32 = -7;
  int64 = (-9223372036854775807 - 1);
  int128 = -4611686018427387904;
  uint8 = 255;
  uint16 = 8080;
  uint32 = 4294967295;
  uint64 = 9223372036854775807;
  uint128 = 42;
  size = 3;
  float32 = 0.1;
  float64 = -1.5e-300;
  character = "∑";
  string = "quote \" backslash \\ \${interp} $x\n\ttab\r end";
  path = "/etc/ssl/cert.pem";
  bytes = [ 0 1 254 255 ];
  none = null;
  some = "";
  unit = null;
  unit_struct = null;
  newtype = 443;
  tuple = [ (-1) "two" false ];
  tuple_struct = [ 9 0.5 ];
  array = [ (-1) 0 1 ];
  nested = [
    [ ]
    [ 1 (-2) ]
    [ 9223372036854775807 ]
  ];
  string_set = [ "a" "b" "if" ];
  string_map = {
    "" = 4;
    "\${x}" = 5;
    or = 3;
    plain = 1;
    "with space" = 2;
  };
  int_keys = {
    "80" = "http";
    "443" = "https";
  };
  negative_keys = {
    "-9223372036854775808" = false;
    "-1" = true;
  };
  char_keys = {
    "." = 2;
    a = 1;
  };
  bool_keys = {
    false = 0;
    true = 1;
  };
  enum_keys = {
    Red = 1;
    Green = 2;
  };
  hash_map = {
    k = [ 1 2 ];
  };
  external = [
    "Off"
    {
      Port = 22;
    }
    {
      Pair = [ "a" (-3) ];
    }
    {
      Tls = {
        cert = "/c.pem";
        key = null;
      };
    }
  ];
  internal = [
    {
      type = "Tcp";
      port = 80;
    }
    {
      type = "Unix";
      path = "/run/s";
    }
    {
      type = "Stdio";
    }
    {
      type = "Wrapped";
      address = "::1";
    }
  ];
  adjacent = [
    {
      kind = "Replicas";
      spec = 3;
    }
    {
      kind = "Autoscale";
      spec = {
        min = 1;
        max = 9;
      };
    }
    {
      kind = "Fixed";
    }
    {
      kind = "Pair";
      spec = [ (-5) true ];
    }
  ];
  untagged = [
    (-4)
    2.0
    "n"
    [ 0 1 ]
    null
  ];
  renamed = {
    health-check = "/healthz";
    "if" = true;
  };
  flattened = {
    name = "f";
    x = 1;
    y-z = -2;
  };
  empty_struct = { };
  empty_list = [ ];
  empty_map = { };
}
