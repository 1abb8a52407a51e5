# Functions and thunks that name no local of the function around them
# share its captured values: values read through them, nested in each
# other, through `with`, in curried functions, defaults of formals,
# recursive bindings, and functions that outlive the call making them.
let
  outer = a: b:
    let
      k = 10;
      # Names only `a` and `b` (upvalues here): shares the captures.
      f = x: a + b + x;
      g = y: z: a * 100 + y + z;
      h = { p ? a, q ? b }: p - q;
    in
    {
      sum = f 1;
      nested = (x: (y: a + b + x + y) 2) 3;
      curried = g 1 2;
      partial = map (g 5) [ 1 2 ];
      defaults = [ (h { }) (h { p = 0; }) ];
      lazy = [ a b ];
      thunks = { first = a; second = b * 2; both = a + b; };
      withK = k;
    };
  scoped = set: with set; n: (x: x + n + one) 0;
  recursive = base: let
      go = n: if n == 0 then base else go (n - 1);
    in go 3;
  make = c: { get = _: c; add = d: c + d; };
  made = map make [ 1 2 3 ];
in
{
  results = outer 1 2;
  withs = scoped { one = 1; } 5;
  recursion = recursive 7;
  made = map (m: [ (m.get null) (m.add 10) ]) made;
  shadow = (a: (b: (a: a + b) 100) a) 1;
  error = builtins.tryEval ((a: (x: if x then throw "boom" else a) true) 1);
}
