# compareVersions, splitVersion, parseDrvName.
let
  cmp = builtins.compareVersions;
in
{
  compare = [
    (cmp "1.0" "2.3") (cmp "2.1" "2.3") (cmp "2.3" "2.3") (cmp "2.5" "2.3") (cmp "3.1" "2.3")
    (cmp "2.3.1" "2.3") (cmp "2.3.1" "2.3a") (cmp "2.3pre1" "2.3") (cmp "2.3pre3" "2.3pre12")
    (cmp "2.3a" "2.3c") (cmp "2.3pre1" "2.3c") (cmp "2.3pre1" "2.3q") (cmp "1.0" "1.0.0")
    (cmp "" "1") (cmp "1-2" "1.2") (cmp "10" "9")
  ];
  split = map builtins.splitVersion [ "1.2.3" "1.2pre3-rc.4" "" "..a" "2.3a" ];
  parse = map builtins.parseDrvName [
    "hello-1.0.2" "hello" "915resolution-0.5.2" "xf86-video-i810-1.7.4" "name-that-ends-with-dash--1.0" "a-b-c"
  ];
}
